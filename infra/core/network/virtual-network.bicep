// The virtual network of a private deployment: one subnet for the Function App's outbound VNet
// integration (Flex Consumption: delegated to Microsoft.App/environments), one for the private
// endpoints of storage, Service Bus and Key Vault. Neither subnet has default outbound access: the
// app reaches the internet (the SMTP server, Application Insights ingestion) only through the NAT
// gateway, whose one static public IP is the address an SMTP relay can allow.

@description('Name of the virtual network.')
param name string

@description('Name of the network security group on both subnets.')
param networkSecurityGroupName string

@description('Name of the NAT gateway of the app subnet.')
param natGatewayName string

@description('Name of the NAT gateway\'s public IP address.')
param natPublicIpName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('Address space of the virtual network (at least a /23: the app subnet is its first /24, the private endpoint subnet its second). Choose a range that does not overlap a network you will peer with.')
param addressPrefix string = '10.0.0.0/16'

@description('Resource tags.')
type resourceTags = {
  @description('A tag value, by tag name.')
  *: string
}

@description('Subnet names.')
var subnetNames = {
  app: 'snet-app'
  privateEndpoints: 'snet-private-endpoints'
}

// Only the default rules (traffic within the virtual network in, the internet out); the group is
// here so that rules can be added without a subnet change, and Azure Policy's "subnets should have
// an NSG" is met. With privateEndpointNetworkPolicies Enabled the rules apply to the endpoints too.
resource nsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: networkSecurityGroupName
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource natPublicIp 'Microsoft.Network/publicIPAddresses@2026-03-01' = {
  name: natPublicIpName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAddressVersion: 'IPv4'
    publicIPAllocationMethod: 'Static'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2026-03-01' = {
  name: natGatewayName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: natPublicIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    // Subnets inline: declared as child resources, a redeployment of the network would remove them.
    subnets: [
      {
        name: subnetNames.app
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          defaultOutboundAccess: false
          networkSecurityGroup: {
            id: nsg.id
          }
          natGateway: {
            id: natGateway.id
          }
          // Flex Consumption runs on the Container Apps platform: this delegation, not Microsoft.Web/serverFarms.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: subnetNames.privateEndpoints
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          defaultOutboundAccess: false
          networkSecurityGroup: {
            id: nsg.id
          }
          privateEndpointNetworkPolicies: 'Enabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: subnetNames.app
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: subnetNames.privateEndpoints
  }
}

@description('Resource ID of the virtual network (for the private DNS zone links).')
output id string = vnet.id

@description('Resource ID of the subnet the Function App integrates with.')
output appSubnetId string = vnet::appSubnet.id

@description('Resource ID of the subnet holding the private endpoints.')
output privateEndpointSubnetId string = vnet::privateEndpointSubnet.id

@description('The static public IP address the app\'s outbound internet traffic (SMTP, telemetry) leaves from.')
output natPublicIpAddress string = natPublicIp.properties.ipAddress

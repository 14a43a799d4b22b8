// One private endpoint of one service (a storage account's table, queue or blob service, a Service
// Bus namespace, a Key Vault) with its private DNS zone, the zone's link to the virtual network,
// and the endpoint's DNS zone group, which registers the endpoint's private IP in the zone. Inside
// the network the service's public host name (e.g. <account>.table.core.windows.net) then resolves,
// through its privatelink CNAME, to that private IP.

@description('Name of the private endpoint.')
param name string

@description('Azure region of the endpoint (the zone and its link are global).')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('Resource ID of the service the endpoint connects to.')
param privateLinkServiceId string

@description('The sub-resource (group id) of the service: table, queue, blob, namespace or vault.')
@allowed([
  'table'
  'queue'
  'blob'
  'namespace'
  'vault'
])
param groupId string

@description('The private DNS zone of that sub-resource, e.g. privatelink.table.core.windows.net.')
param privateDnsZoneName string

@description('Name of the virtual network (in this resource group) the zone is linked to.')
param virtualNetworkName string

@description('Resource ID of the subnet the endpoint\'s network interface is placed in.')
param subnetId string

@description('Resource tags.')
type resourceTags = {
  @description('A tag value, by tag name.')
  *: string
}

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' existing = {
  name: virtualNetworkName
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: privateDnsZoneName
  location: 'global'
  tags: tags

  // Resolution only: the network's VMs do not register their names in a privatelink zone.
  resource vnetLink 'virtualNetworkLinks' = {
    name: 'link-${virtualNetworkName}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    customNetworkInterfaceName: 'nic-${name}'
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: privateLinkServiceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }

  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: replace(privateDnsZoneName, '.', '-')
          properties: {
            privateDnsZoneId: zone.id
          }
        }
      ]
    }
  }
}

@description('Resource ID of the private endpoint.')
output id string = endpoint.id

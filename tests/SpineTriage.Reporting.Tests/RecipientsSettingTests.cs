using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Reporting;

namespace SpineTriage.Reporting.Tests;

public sealed class RecipientsSettingTests
{
    private static ConfigurationManager ConfigurationWith(string? recipientsJson)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { [RecipientsConfiguration.RecipientsSetting] = recipientsJson });
        return configuration;
    }

    private static EmailOptions Bind(IConfiguration configuration)
    {
        var options = new EmailOptions();
        configuration.GetSection(EmailOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void AddSummaryRecipientsSetting_JsonObject_BindsEachRegionsAddresses()
    {
        var configuration = ConfigurationWith("""{"north-east":["a@x.example","b@x.example"],"*":["lead@x.example"]}""");

        configuration.AddSummaryRecipientsSetting();

        var options = Bind(configuration);
        Assert.Equal(["a@x.example", "b@x.example"], options.GetRecipients("north-east"));
        Assert.Equal(["lead@x.example"], options.Recipients[EmailOptions.RollupKey]);
    }

    [Fact]
    public void AddSummaryRecipientsSetting_BicepDefaultEmptyObject_AddsNoRecipients()
    {
        var configuration = ConfigurationWith("{}");

        configuration.AddSummaryRecipientsSetting();

        Assert.Empty(Bind(configuration).Recipients);
    }

    [Fact]
    public void AddSummaryRecipientsSetting_NoSetting_ChangesNothing()
    {
        var configuration = ConfigurationWith(null);

        configuration.AddSummaryRecipientsSetting();

        Assert.Empty(Bind(configuration).Recipients);
    }

    [Theory]
    [InlineData("""["a@x.example"]""")]
    [InlineData("""{"north-east":"a@x.example"}""")]
    [InlineData("""{"a:b":["a@x.example"]}""")]
    public void AddSummaryRecipientsSetting_WrongShape_StopsTheHostAtStart(string json) =>
        Assert.Throws<InvalidOperationException>(() => ConfigurationWith(json).AddSummaryRecipientsSetting());

    [Fact]
    public void AddSummaryRecipientsSetting_NotJson_StopsTheHostAtStart() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ConfigurationWith("north-east=a@x.example").AddSummaryRecipientsSetting());
}

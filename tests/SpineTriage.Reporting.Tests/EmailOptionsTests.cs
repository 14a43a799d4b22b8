using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting.Tests;

public class EmailOptionsTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        return builder;
    }

    [Fact]
    public void Defaults_StartTlsOn587_PickupFolderSummaries()
    {
        var options = new EmailOptions();
        Assert.Null(options.SmtpHost);
        Assert.True(options.UsesPickupDirectory);
        Assert.Equal(587, options.SmtpPort);
        Assert.Equal(SmtpTlsMode.StartTls, options.Tls);
        Assert.Equal("SpineTriage <spinetriage@localhost>", options.From);
        Assert.Equal("summaries", options.PickupDirectory);
    }

    [Fact]
    public void AddSpineTriageSummaryEmail_BindsSectionIncludingRecipientsAndRollup()
    {
        var builder = Builder(new()
        {
            ["SpineTriage:Email:SmtpHost"] = "smtp.hospital.example",
            ["SpineTriage:Email:SmtpPort"] = "465",
            ["SpineTriage:Email:Tls"] = "SslOnConnect",
            ["SpineTriage:Email:User"] = "spinetriage",
            ["SpineTriage:Email:From"] = "Triage <triage@hospital.example>",
            ["SpineTriage:Email:Recipients:north-east:0"] = "head.ne@hospital.example",
            ["SpineTriage:Email:Recipients:north-east:1"] = "deputy.ne@hospital.example",
            ["SpineTriage:Email:Recipients:*:0"] = "director@hospital.example",
        });
        builder.AddSpineTriageSummaryEmail();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal("smtp.hospital.example", options.SmtpHost);
        Assert.Equal(465, options.SmtpPort);
        Assert.Equal(SmtpTlsMode.SslOnConnect, options.Tls);
        Assert.Equal("spinetriage", options.User);
        Assert.Equal("Triage <triage@hospital.example>", options.From);
        Assert.Equal(["head.ne@hospital.example", "deputy.ne@hospital.example"], options.GetRecipients("north-east"));
        Assert.Equal(["head.ne@hospital.example", "deputy.ne@hospital.example"], options.GetRecipients("North-East"));
        Assert.Equal(["director@hospital.example"], options.GetRecipients(RegionSummary.AllRegions));
        Assert.Empty(options.GetRecipients("central"));
    }

    [Fact]
    public void AddSpineTriageSummaryEmail_RegistersRendererAndMailer()
    {
        var builder = Builder();
        builder.AddSpineTriageSummaryEmail();
        using var host = builder.Build();

        Assert.IsType<SummaryEmailRenderer>(host.Services.GetRequiredService<ISummaryRenderer>());
        Assert.IsType<SummaryMailer>(host.Services.GetRequiredService<ISummaryMailer>());
    }

    [Fact]
    public void AddSpineTriageSummaryEmail_KeepsRegistrationsMadeBefore()
    {
        var builder = Builder();
        var mine = new SummaryEmailRenderer();
        builder.Services.AddSingleton<ISummaryRenderer>(mine);
        builder.AddSpineTriageSummaryEmail();
        using var host = builder.Build();

        Assert.Same(mine, host.Services.GetRequiredService<ISummaryRenderer>());
    }

    [Fact]
    public void Password_FromTheSecretStoreKey()
    {
        // In Azure the app setting SpineTriage__Email__Password is a Key Vault reference; it arrives as configuration.
        var builder = Builder(new() { [EmailOptions.PasswordKey] = "from-key-vault" });
        builder.AddSpineTriageSummaryEmail();
        using var host = builder.Build();

        Assert.Equal("from-key-vault", host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Password);
    }

    [Fact]
    public void Password_EnvironmentVariableWins()
    {
        var previous = Environment.GetEnvironmentVariable(EmailOptions.PasswordVariable);
        Environment.SetEnvironmentVariable(EmailOptions.PasswordVariable, "from-environment");
        try
        {
            var builder = Builder(new() { [EmailOptions.PasswordKey] = "from-key-vault" });
            builder.AddSpineTriageSummaryEmail();
            using var host = builder.Build();

            Assert.Equal("from-environment", host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Password);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EmailOptions.PasswordVariable, previous);
        }
    }

    [Fact]
    public void Password_InAnAppSettingsFile_IsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("spinetriage-settings-");
        try
        {
            var file = Path.Combine(directory.FullName, "appsettings.json");
            File.WriteAllText(file, """{ "SpineTriage": { "Email": { "SmtpHost": "smtp.example", "Password": "committed-by-mistake" } } }""");
            var builder = Builder();
            builder.Configuration.AddJsonFile(file);
            builder.AddSpineTriageSummaryEmail();
            using var host = builder.Build();

            var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmailOptions>>().Value);
            Assert.Contains(EmailOptions.PasswordVariable, error.Message);
            Assert.DoesNotContain("committed-by-mistake", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AppSettings_WithoutPassword_IsFine()
    {
        var directory = Directory.CreateTempSubdirectory("spinetriage-settings-");
        try
        {
            var file = Path.Combine(directory.FullName, "appsettings.json");
            File.WriteAllText(file, """{ "SpineTriage": { "Email": { "SmtpHost": "smtp.example", "User": "spinetriage" } } }""");
            var builder = Builder();
            builder.Configuration.AddJsonFile(file);
            builder.AddSpineTriageSummaryEmail();
            using var host = builder.Build();

            Assert.Equal("smtp.example", host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.SmtpHost);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(SmtpTlsMode.None, SecureSocketOptions.None)]
    [InlineData(SmtpTlsMode.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpTlsMode.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    [InlineData(SmtpTlsMode.Auto, SecureSocketOptions.Auto)]
    public void ToSecureSocketOptions_MapsEachMode(SmtpTlsMode mode, SecureSocketOptions expected)
    {
        Assert.Equal(expected, SummaryMailer.ToSecureSocketOptions(mode));
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SpineTriage.Functions.Tests;

/// <summary>Principals as App Service authentication (Entra ID) passes them in X-MS-CLIENT-PRINCIPAL.</summary>
internal static class Principals
{
    public const string Reviewer = "SpineTriage.Reviewer";

    /// <summary>An Entra ID principal as the platform encodes it: auth_typ aad, the claims, name_typ and role_typ.</summary>
    public static string Entra(string? preferredUsername = "ada.lovelace@hospital.example", string? name = "Ada Lovelace", params string[] roles)
    {
        var claims = new List<Dictionary<string, string>>
        {
            new() { ["typ"] = "aud", ["val"] = "11111111-2222-3333-4444-555555555555" },
            new() { ["typ"] = "http://schemas.microsoft.com/identity/claims/objectidentifier", ["val"] = "66666666-7777-8888-9999-000000000000" },
        };
        if (name is not null)
        {
            claims.Add(new() { ["typ"] = "name", ["val"] = name });
        }

        if (preferredUsername is not null)
        {
            claims.Add(new() { ["typ"] = "preferred_username", ["val"] = preferredUsername });
        }

        claims.AddRange(roles.Select(r => new Dictionary<string, string> { ["typ"] = "roles", ["val"] = r }));
        return Encode(new Dictionary<string, object>
        {
            ["auth_typ"] = "aad",
            ["claims"] = claims,
            ["name_typ"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            ["role_typ"] = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        });
    }

    public static string Encode(object principal) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));

    public static ConsoleOptions On(string role = Reviewer) => new() { Enabled = true, PlatformAuthentication = true, ReviewerRole = role };

    public static HttpRequest Request(string? principal, string? principalName = null)
    {
        var context = new DefaultHttpContext();
        if (principal is not null)
        {
            context.Request.Headers[ClientPrincipal.Header] = principal;
        }

        if (principalName is not null)
        {
            context.Request.Headers[ClientPrincipal.NameHeader] = principalName;
        }

        return context.Request;
    }
}

public sealed class ClientPrincipalTests
{
    [Fact]
    public void TryParse_AnEntraPrincipal_ReadsItsClaimsAndTypes()
    {
        Assert.True(ClientPrincipal.TryParse(Principals.Entra(roles: Principals.Reviewer), out var principal, out var error));

        Assert.Equal(string.Empty, error);
        Assert.Equal("aad", principal!.AuthenticationType);
        Assert.Equal("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", principal.RoleType);
        Assert.Equal("ada.lovelace@hospital.example", principal.Name);
        Assert.True(principal.IsInRole(Principals.Reviewer));
        Assert.False(principal.IsInRole("spinetriage.reviewer"));
        Assert.False(principal.IsInRole("SpineTriage.Admin"));
    }

    [Fact]
    public void Name_WithoutPreferredUsername_IsTheNameClaimTypeNamed_ThenName()
    {
        var withEmail = Principals.Encode(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "name", val = "Ada Lovelace" }, new { typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", val = "ada@hospital.example" } },
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            role_typ = "roles",
        });
        Assert.True(ClientPrincipal.TryParse(withEmail, out var first, out _));
        Assert.Equal("ada@hospital.example", first!.Name);

        Assert.True(ClientPrincipal.TryParse(Principals.Entra(preferredUsername: null), out var second, out _));
        Assert.Equal("Ada Lovelace", second!.Name);

        Assert.True(ClientPrincipal.TryParse(Principals.Entra(preferredUsername: null, name: null), out var third, out _));
        Assert.Null(third!.Name);
    }

    [Fact]
    public void IsInRole_ReadsTheClaimTypeRoleTypNames()
    {
        var custom = Principals.Encode(new { auth_typ = "aad", claims = new[] { new { typ = "app_roles", val = Principals.Reviewer } }, name_typ = "name", role_typ = "app_roles" });

        Assert.True(ClientPrincipal.TryParse(custom, out var principal, out _));

        Assert.True(principal!.IsInRole(Principals.Reviewer));
    }

    public static TheoryData<string?> Malformed => new()
    {
        null,
        "",
        "   ",
        "not base64 at all!",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{not json")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("[1, 2]")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\"}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\",\"claims\":{}}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"roles\"}]}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"roles\",\"val\":1}]}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth_typ\":\"aad\",\"claims\":[\"roles\"]}")),
        new string('A', ClientPrincipal.MaxHeaderLength + 4),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_AMalformedOrMissingHeader_FailsWithOneLineThatDoesNotEchoIt(string? header)
    {
        Assert.False(ClientPrincipal.TryParse(header, out var principal, out var error));

        Assert.Null(principal);
        Assert.NotEmpty(error);
        Assert.DoesNotContain('\n', error);
        if (!string.IsNullOrWhiteSpace(header))
        {
            Assert.DoesNotContain(header, error, StringComparison.Ordinal);
        }
    }
}

public sealed class ConsoleSignInTests
{
    [Fact]
    public void Check_APrincipalWithTheReviewerRole_MayDecide()
    {
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(roles: [Principals.Reviewer, "Other"])), Principals.On());

        Assert.Equal(ConsoleRefusal.None, access.Refusal);
        Assert.Equal(new Web.Reviewer("ada.lovelace@hospital.example", CanDecide: true), access.Reviewer);
    }

    [Fact]
    public void Check_APrincipalWithoutTheRole_ReadsOnly()
    {
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(roles: "Other")), Principals.On());

        Assert.Equal(new Web.Reviewer("ada.lovelace@hospital.example", CanDecide: false), access.Reviewer);
    }

    [Fact]
    public void Check_TheRoleIsTheConfiguredOne()
    {
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(roles: "Spine.Surgeon")), Principals.On("Spine.Surgeon"));

        Assert.True(access.Reviewer!.CanDecide);
    }

    [Fact]
    public void Check_ConsoleOff_IsA404_WhateverTheHeaders()
    {
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(roles: Principals.Reviewer)), new ConsoleOptions { Enabled = false, PlatformAuthentication = true });

        Assert.Null(access.Reviewer);
        Assert.Equal((ConsoleRefusal.Disabled, 404), (access.Refusal, access.StatusCode));
    }

    [Fact]
    public void Check_PlatformAuthenticationOff_IsA503_EvenWithAWellFormedPrincipal()
    {
        // Without the platform in front, anyone could send the header: it proves nothing.
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(roles: Principals.Reviewer)), new ConsoleOptions { Enabled = true, PlatformAuthentication = false });

        Assert.Null(access.Reviewer);
        Assert.Equal((ConsoleRefusal.AuthenticationOff, 503), (access.Refusal, access.StatusCode));
        Assert.DoesNotContain('\n', access.Message);
    }

    [Fact]
    public void Check_NoPrincipalHeader_IsA401_EvenWithAPrincipalNameHeader()
    {
        var access = ConsoleSignIn.Check(Principals.Request(null, principalName: "mallory@example.com"), Principals.On());

        Assert.Null(access.Reviewer);
        Assert.Equal((ConsoleRefusal.NotSignedIn, 401), (access.Refusal, access.StatusCode));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("e25vdCBqc29u")] // "{not json"
    public void Check_AMalformedPrincipal_IsA401(string header)
    {
        var access = ConsoleSignIn.Check(Principals.Request(header), Principals.On());

        Assert.Null(access.Reviewer);
        Assert.Equal((ConsoleRefusal.MalformedPrincipal, 401), (access.Refusal, access.StatusCode));
    }

    [Fact]
    public void Check_APrincipalWithoutAName_FallsBackToThePrincipalNameHeader_ElseIsA401()
    {
        var nameless = Principals.Entra(preferredUsername: null, name: null, roles: Principals.Reviewer);

        Assert.Equal("ada@hospital.example", ConsoleSignIn.Check(Principals.Request(nameless, "ada@hospital.example"), Principals.On()).Reviewer!.Name);
        var refused = ConsoleSignIn.Check(Principals.Request(nameless), Principals.On());
        Assert.Equal((ConsoleRefusal.NoUsableName, 401), (refused.Refusal, refused.StatusCode));
    }

    [Theory]
    [InlineData("ada\nlovelace@hospital.example")]
    [InlineData("a-name-longer-than-the-audit-trail-keeps-a-name-longer-than-the-audit-trail-keeps-a-name-longer-than-the-audit-trail-keeps-x@hospital.example")]
    public void Check_ANameTheTrailCannotRecord_IsA401(string name)
    {
        var access = ConsoleSignIn.Check(Principals.Request(Principals.Entra(preferredUsername: name, roles: Principals.Reviewer)), Principals.On());

        Assert.Equal((ConsoleRefusal.NoUsableName, 401), (access.Refusal, access.StatusCode));
    }
}

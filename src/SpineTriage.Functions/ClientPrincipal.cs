using System.Text.Json;

namespace SpineTriage.Functions;

/// <summary>
/// The signed-in identity that App Service authentication (Easy Auth) passes to the app in the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header: Base64 of a JSON object
/// <c>{"auth_typ": "aad", "claims": [{"typ": "...", "val": "..."}], "name_typ": "...", "role_typ": "..."}</c>.
/// The platform strips any such header a client sends, so it is trustworthy only when the platform's
/// authentication is on (<see cref="ConsoleOptions.PlatformAuthentication"/>); this class only reads it.
/// </summary>
public sealed class ClientPrincipal
{
    /// <summary>The header with the Base64 JSON principal.</summary>
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The header with the principal's display name (the name claim the provider chose).</summary>
    public const string NameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>The longest header read (a principal with many claims is a few KiB).</summary>
    public const int MaxHeaderLength = 32 * 1024;

    /// <summary>The claim type Entra ID app roles arrive as, whatever <c>role_typ</c> says.</summary>
    public const string RolesClaim = "roles";

    /// <summary>The claim types that name a person, most preferred first (the sign-in name, then the display name).</summary>
    private static readonly string[] NameClaims =
    [
        "preferred_username",
        "name",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ];

    private const string RoleClaimUri = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private ClientPrincipal(string authenticationType, IReadOnlyList<KeyValuePair<string, string>> claims, string? nameType, string? roleType)
    {
        AuthenticationType = authenticationType;
        Claims = claims;
        NameType = nameType;
        RoleType = roleType;
    }

    /// <summary>The identity provider (<c>auth_typ</c>, <c>aad</c> for Entra ID).</summary>
    public string AuthenticationType { get; }

    /// <summary>Every claim, as type and value, in the header's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; }

    /// <summary>The claim type of the name (<c>name_typ</c>), when given.</summary>
    public string? NameType { get; }

    /// <summary>The claim type of the roles (<c>role_typ</c>), when given.</summary>
    public string? RoleType { get; }

    /// <summary>
    /// The person's name to record as the reviewer: <c>preferred_username</c> (the sign-in name, e.g.
    /// ada.lovelace@hospital.example), else the claim <c>name_typ</c> names, else <c>name</c> or the
    /// standard name, UPN or email claims; null when there is none.
    /// </summary>
    public string? Name =>
        FirstValue("preferred_username")
        ?? (NameType is { Length: > 0 } nameType ? FirstValue(nameType) : null)
        ?? NameClaims.Select(FirstValue).FirstOrDefault(v => v is not null);

    /// <summary>
    /// Whether the principal holds the app role <paramref name="role"/> (exact, case-sensitive as
    /// Entra ID role values are): a claim of type <c>role_typ</c>, <c>roles</c> or the standard role
    /// claim with that value.
    /// </summary>
    public bool IsInRole(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        return Claims.Any(c => IsRoleClaim(c.Key) && string.Equals(c.Value, role, StringComparison.Ordinal));
    }

    /// <summary>
    /// Reads the header's value. Fails (false, with one line saying why, never the header's text) when it
    /// is missing, too long, not Base64, not a JSON object, or its claims are not an array of
    /// <c>{typ, val}</c> strings.
    /// </summary>
    public static bool TryParse(string? header, out ClientPrincipal? principal, out string error)
    {
        principal = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            error = "No signed-in identity (X-MS-CLIENT-PRINCIPAL) came with the request.";
            return false;
        }

        if (header.Length > MaxHeaderLength)
        {
            error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) is too long.";
            return false;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) is not Base64.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) is not a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("claims", out var claimsElement) || claimsElement.ValueKind != JsonValueKind.Array)
            {
                error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) has no claims array.";
                return false;
            }

            var claims = new List<KeyValuePair<string, string>>();
            foreach (var claim in claimsElement.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object
                    || !claim.TryGetProperty("typ", out var typ) || typ.ValueKind != JsonValueKind.String
                    || !claim.TryGetProperty("val", out var val) || val.ValueKind != JsonValueKind.String)
                {
                    error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) has a claim that is not {typ, val}.";
                    return false;
                }

                claims.Add(new KeyValuePair<string, string>(typ.GetString()!, val.GetString()!));
            }

            principal = new ClientPrincipal(String(root, "auth_typ") ?? string.Empty, claims, String(root, "name_typ"), String(root, "role_typ"));
            error = string.Empty;
            return true;
        }
        catch (JsonException)
        {
            error = "The signed-in identity (X-MS-CLIENT-PRINCIPAL) is not JSON.";
            return false;
        }
    }

    private bool IsRoleClaim(string type) =>
        string.Equals(type, RolesClaim, StringComparison.Ordinal)
        || string.Equals(type, RoleClaimUri, StringComparison.Ordinal)
        || (RoleType is { Length: > 0 } roleType && string.Equals(type, roleType, StringComparison.Ordinal));

    private string? FirstValue(string type) =>
        Claims.Where(c => string.Equals(c.Key, type, StringComparison.Ordinal)).Select(c => c.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

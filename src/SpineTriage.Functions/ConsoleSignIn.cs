using Microsoft.AspNetCore.Http;
using SpineTriage.Core.Review;
using SpineTriage.Web;

namespace SpineTriage.Functions;

/// <summary>Why a console request was refused before any page was made (never a request value).</summary>
public enum ConsoleRefusal
{
    /// <summary>Not refused: a reviewer is known.</summary>
    None,

    /// <summary>The console is off (<c>SPINETRIAGE_CONSOLE_ENABLED</c> is not true): 404.</summary>
    Disabled,

    /// <summary>App Service authentication is not on, so no identity can be trusted: 503.</summary>
    AuthenticationOff,

    /// <summary>No principal header: not signed in (or the platform is not in front): 401.</summary>
    NotSignedIn,

    /// <summary>The principal header could not be read: 401.</summary>
    MalformedPrincipal,

    /// <summary>The principal names no one the audit trail can record (no name, too long, control characters): 401.</summary>
    NoUsableName,
}

/// <summary>Who makes a console request, or why they may not: the outcome of <see cref="ConsoleSignIn.Check"/>.</summary>
/// <param name="Reviewer">The reviewer (null when refused).</param>
/// <param name="Refusal">Why it was refused.</param>
/// <param name="StatusCode">The status of the refusal (200 when not refused).</param>
/// <param name="Message">One line for the refusal's body (empty when not refused).</param>
public sealed record ConsoleAccess(Reviewer? Reviewer, ConsoleRefusal Refusal, int StatusCode, string Message);

/// <summary>
/// Who is using the console in Azure: the identity App Service authentication (Entra ID) signed in and
/// passed in <c>X-MS-CLIENT-PRINCIPAL</c>. The reviewer's name is the principal's sign-in name; they
/// may decide when the principal holds the reviewer app role. Defence in depth: when the console is
/// off, when the platform's authentication is not on (a client could then forge the header), or when
/// no readable principal came with the request, no reviewer is made and no page is served.
/// </summary>
public static class ConsoleSignIn
{
    /// <summary>Decides who makes the request, or why it is refused.</summary>
    public static ConsoleAccess Check(HttpRequest request, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return Refused(ConsoleRefusal.Disabled, StatusCodes.Status404NotFound, "Not found.");
        }

        if (!options.PlatformAuthentication)
        {
            return Refused(
                ConsoleRefusal.AuthenticationOff, StatusCodes.Status503ServiceUnavailable,
                "The review console is unavailable: App Service authentication is not on for this app (see docs/deployment.md).");
        }

        var header = request.Headers[ClientPrincipal.Header];
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return Refused(ConsoleRefusal.NotSignedIn, StatusCodes.Status401Unauthorized, "Not signed in: open the review console through the app's sign-in.");
        }

        if (header.Count > 1 || !ClientPrincipal.TryParse(header[0], out var principal, out _))
        {
            return Refused(ConsoleRefusal.MalformedPrincipal, StatusCodes.Status401Unauthorized, "The signed-in identity could not be read: sign in again.");
        }

        var name = principal!.Name?.Trim() ?? FirstValue(request.Headers[ClientPrincipal.NameHeader]);
        if (name is null || name.Length > ReviewService.MaxByLength || name.Any(char.IsControl))
        {
            return Refused(ConsoleRefusal.NoUsableName, StatusCodes.Status401Unauthorized, "The signed-in identity has no name a decision can be recorded under.");
        }

        return new ConsoleAccess(new Reviewer(name, principal.IsInRole(options.ReviewerRole)), ConsoleRefusal.None, StatusCodes.Status200OK, string.Empty);
    }

    private static string? FirstValue(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

    private static ConsoleAccess Refused(ConsoleRefusal refusal, int status, string message) => new(null, refusal, status, message);
}

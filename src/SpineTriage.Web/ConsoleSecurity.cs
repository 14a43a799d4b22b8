using Microsoft.AspNetCore.Http;

namespace SpineTriage.Web;

/// <summary>
/// The console's protections that do not depend on the host: security headers on every response, and
/// the cross-site request check on every POST.
/// </summary>
public static class ConsoleSecurity
{
    /// <summary>
    /// The content security policy: nothing but the console's own stylesheet; no script, no frame, no
    /// plug-in, no base change, forms posted only to the console itself, and no framing by any page.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Sets the security headers: the content security policy, <c>X-Content-Type-Options: nosniff</c>,
    /// <c>Referrer-Policy: no-referrer</c>, <c>X-Frame-Options: DENY</c>, and <c>Cache-Control: no-store</c>
    /// (the pages carry patient data: no browser or proxy may keep them).
    /// </summary>
    public static void ApplyHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    /// <summary>
    /// Whether a POST comes from the console's own pages. <c>Sec-Fetch-Site</c>, which every current
    /// browser sends and no page can forge, decides when present: it must be <c>same-origin</c>.
    /// Without it (an older browser), <c>Origin</c> must be the request's own origin (scheme, host and
    /// port). A request with neither header is refused. (Under <c>Referrer-Policy: no-referrer</c> a
    /// browser sends <c>Origin: null</c> on a form POST, so <c>Sec-Fetch-Site</c> is what decides for it.)
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="why">Why it was refused (one line, no request values).</param>
    public static bool IsSameOrigin(HttpRequest request, out string why)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Headers["Sec-Fetch-Site"];
        if (site.Count > 0)
        {
            if (site.Count == 1 && string.Equals(site[0], "same-origin", StringComparison.OrdinalIgnoreCase))
            {
                why = string.Empty;
                return true;
            }

            why = "The request came from another site (Sec-Fetch-Site).";
            return false;
        }

        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            why = "The request named neither its origin (Origin) nor its site (Sec-Fetch-Site).";
            return false;
        }

        var own = $"{request.Scheme}://{request.Host.Value}";
        if (origin.Count != 1 || !string.Equals(origin[0], own, StringComparison.OrdinalIgnoreCase))
        {
            why = "The request came from another origin (Origin).";
            return false;
        }

        why = string.Empty;
        return true;
    }
}

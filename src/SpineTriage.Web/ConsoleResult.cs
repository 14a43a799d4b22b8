using System.Text;
using Microsoft.AspNetCore.Http;

namespace SpineTriage.Web;

/// <summary>
/// A console response: an HTML page, a stylesheet or a redirect, always with the console's security
/// headers (<see cref="ConsoleSecurity.ApplyHeaders"/>), whichever host serves it.
/// </summary>
internal sealed class ConsoleResult : IResult
{
    private ConsoleResult(int statusCode, string contentType, string body, string? location)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Location = location;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The content type.</summary>
    public string ContentType { get; }

    /// <summary>The body (empty for a redirect).</summary>
    public string Body { get; }

    /// <summary>Where a redirect goes.</summary>
    public string? Location { get; }

    /// <summary>An HTML page.</summary>
    public static ConsoleResult Page(string html, int statusCode = StatusCodes.Status200OK) => new(statusCode, "text/html; charset=utf-8", html, null);

    /// <summary>A stylesheet.</summary>
    public static ConsoleResult Css(string css) => new(StatusCodes.Status200OK, "text/css; charset=utf-8", css, null);

    /// <summary>A 303 See Other (after a POST).</summary>
    public static ConsoleResult SeeOther(string location) => new(StatusCodes.Status303SeeOther, "text/plain; charset=utf-8", string.Empty, location);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        ConsoleSecurity.ApplyHeaders(response);
        response.ContentType = ContentType;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        var bytes = Encoding.UTF8.GetBytes(Body);
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SpineTriage.Web;

namespace SpineTriage.Functions;

/// <summary>
/// The console's <see cref="IResult"/> as the <see cref="IActionResult"/> an HTTP function returns:
/// executing it executes the console's result on the request's <see cref="HttpContext"/>, so the page,
/// its status and its security headers are exactly what <c>spinetriage serve</c> sends.
/// </summary>
public sealed class ConsoleActionResult : IActionResult
{
    /// <summary>Wraps a console result.</summary>
    public ConsoleActionResult(IResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>The console's result.</summary>
    public IResult Result { get; }

    /// <summary>A one-line plain-text refusal (no page, no patient data) with the console's security headers.</summary>
    public static ConsoleActionResult Refusal(int statusCode, string message) => new(new ConsoleRefusalResult(statusCode, message));

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}

/// <summary>A one-line plain-text answer with the console's security headers.</summary>
internal sealed class ConsoleRefusalResult(int statusCode, string message) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        ConsoleSecurity.ApplyHeaders(response);
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}

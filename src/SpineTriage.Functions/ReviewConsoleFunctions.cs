using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SpineTriage.Web;

namespace SpineTriage.Functions;

/// <summary>
/// The review console as HTTP functions (ASP.NET Core integration), calling the same
/// <see cref="ReviewConsole"/> handlers as <c>spinetriage serve</c>, under <c>/api/console</c> (the
/// host's route prefix, <c>api</c> by default, then <c>console</c>). Authentication is the platform's
/// (App Service authentication with Entra ID, in front of every request): the functions are
/// <see cref="AuthorizationLevel.Anonymous"/> (no function key), and each request's reviewer comes
/// from the signed-in identity (<see cref="ConsoleSignIn"/>). A request without a trustworthy identity
/// gets a one-line refusal and no page. The console's links are built from the request's base path,
/// which is set here to the console's root as the request addressed it.
/// </summary>
public sealed partial class ReviewConsoleFunctions
{
    /// <summary>The console's root route below the host's route prefix.</summary>
    public const string Root = "console";

    /// <summary>The largest decision form accepted (the reason is at most 2,000 characters).</summary>
    public const long MaxFormBytes = 64 * 1024;

    private readonly ReviewConsole _console;
    private readonly ConsoleOptions _options;
    private readonly ILogger<ReviewConsoleFunctions> _logger;

    /// <summary>Creates the functions.</summary>
    public ReviewConsoleFunctions(ReviewConsole console, ConsoleOptions options, ILogger<ReviewConsoleFunctions> logger)
    {
        _console = console;
        _options = options;
        _logger = logger;
    }

    /// <summary>GET <c>/api/console</c> (and <c>?region=R</c>): the worklist.</summary>
    [Function("ConsoleWorklist")]
    public Task<IActionResult> WorklistAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Root)] HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, string.Empty, who => _console.WorklistAsync(request.HttpContext, who, cancellationToken), cancellationToken);

    /// <summary>GET <c>/api/console/referrals/{id}</c>: a referral, and the decision form for a reviewer with the role.</summary>
    [Function("ConsoleReferral")]
    public Task<IActionResult> ReferralAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Root + "/referrals/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HandleAsync(request, "/referrals/" + id, who => _console.ReferralAsync(request.HttpContext, id, who, cancellationToken), cancellationToken);

    /// <summary>POST <c>/api/console/referrals/{id}/decision</c>: records a decision as the signed-in reviewer (403 without the role).</summary>
    [Function("ConsoleDecision")]
    public Task<IActionResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Root + "/referrals/{id}/decision")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(request, $"/referrals/{id}/decision", who => DecideWithinLimitAsync(request, id, who, cancellationToken), cancellationToken);
    }

    /// <summary>GET <c>/api/console/regions</c>: the region board.</summary>
    [Function("ConsoleRegions")]
    public Task<IActionResult> RegionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Root + "/regions")] HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, "/regions", who => _console.RegionsAsync(request.HttpContext, who, cancellationToken), cancellationToken);

    /// <summary>GET <c>/api/console/console.css</c>: the stylesheet (behind the same sign-in as the pages).</summary>
    [Function("ConsoleStylesheet")]
    public Task<IActionResult> StylesheetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Root + "/console.css")] HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, "/console.css", _ => Task.FromResult(ReviewConsole.StylesheetResult()), cancellationToken);

    /// <summary>
    /// Sets the request's base path to the console's root as addressed (e.g. <c>/api/console</c>) and
    /// its path to the console-relative rest (<paramref name="suffix"/>, or <c>/</c>), so the console's
    /// links work under any route prefix. False when the path does not end with the suffix.
    /// </summary>
    public static bool TrySetBasePath(HttpRequest request, string suffix)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(suffix);
        var full = (request.PathBase + request.Path).Value?.TrimEnd('/') ?? string.Empty;
        if (!full.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || full.Length == suffix.Length)
        {
            return false;
        }

        request.PathBase = new PathString(full[..^suffix.Length]);
        request.Path = new PathString(suffix.Length == 0 ? "/" : suffix);
        return true;
    }

    private async Task<IActionResult> HandleAsync(HttpRequest request, string suffix, Func<Reviewer, Task<IResult>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var access = ConsoleSignIn.Check(request, _options);
        if (access.Reviewer is null)
        {
            LogRefused(request.Method, access.Refusal, access.StatusCode);
            return ConsoleActionResult.Refusal(access.StatusCode, access.Message);
        }

        if (!TrySetBasePath(request, suffix))
        {
            return new ConsoleActionResult(ReviewConsole.NotFound(request.HttpContext, access.Reviewer));
        }

        try
        {
            return new ConsoleActionResult(await handle(access.Reviewer).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException || !(cancellationToken.IsCancellationRequested || request.HttpContext.RequestAborted.IsCancellationRequested))
        {
            return new ConsoleActionResult(_console.Failed(request.HttpContext, access.Reviewer, e));
        }
    }

    private async Task<IResult> DecideWithinLimitAsync(HttpRequest request, string id, Reviewer reviewer, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFormBytes)
        {
            return new ConsoleRefusalResult(StatusCodes.Status413PayloadTooLarge, "The decision form is too large.");
        }

        // A body without a length (chunked) is cut off at the same size by the server where it can be.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFormBytes;
        }

        return await _console.DecideAsync(request.HttpContext, id, reviewer, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console request {Method} refused: {Refusal} ({Status})")]
    private partial void LogRefused(string method, ConsoleRefusal refusal, int status);
}

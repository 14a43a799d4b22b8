using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SpineTriage.Web;

/// <summary>Maps the review console's pages on a minimal-API host.</summary>
public static class ReviewConsoleEndpoints
{
    /// <summary>
    /// Maps <c>GET /</c> (the worklist), <c>GET /referrals/{id}</c>, <c>POST /referrals/{id}/decision</c>,
    /// <c>GET /regions</c> and <c>GET /console.css</c> to the <see cref="ReviewConsole"/> registered in
    /// the services. <paramref name="reviewer"/> tells who makes each request (the host's identity).
    /// A failure becomes a one-line 500 page.
    /// </summary>
    public static IEndpointRouteBuilder MapReviewConsole(this IEndpointRouteBuilder endpoints, Func<HttpContext, Reviewer> reviewer)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(reviewer);
        endpoints.MapGet("/", (HttpContext context, CancellationToken ct) => Guard(context, reviewer, (console, who) => console.WorklistAsync(context, who, ct)));
        endpoints.MapGet("/referrals/{id}", (HttpContext context, string id, CancellationToken ct) => Guard(context, reviewer, (console, who) => console.ReferralAsync(context, id, who, ct)));
        endpoints.MapPost("/referrals/{id}/decision", (HttpContext context, string id, CancellationToken ct) => Guard(context, reviewer, (console, who) => console.DecideAsync(context, id, who, ct)))
            .DisableAntiforgery();
        endpoints.MapGet("/regions", (HttpContext context, CancellationToken ct) => Guard(context, reviewer, (console, who) => console.RegionsAsync(context, who, ct)));
        endpoints.MapGet("/console.css", () => ReviewConsole.StylesheetResult());
        return endpoints;
    }

    /// <summary>Maps every other address to the console's 404 page (for a host that serves only the console).</summary>
    public static IEndpointRouteBuilder MapReviewConsoleFallback(this IEndpointRouteBuilder endpoints, Func<HttpContext, Reviewer> reviewer)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(reviewer);
        endpoints.MapFallback((HttpContext context) => ReviewConsole.NotFound(context, reviewer(context)));
        return endpoints;
    }

    private static async Task<IResult> Guard(HttpContext context, Func<HttpContext, Reviewer> reviewer, Func<ReviewConsole, Reviewer, Task<IResult>> handle)
    {
        var console = context.RequestServices.GetRequiredService<ReviewConsole>();
        var who = reviewer(context);
        try
        {
            return await handle(console, who).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            return console.Failed(context, who, e);
        }
    }
}

using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Review;
using SpineTriage.Core.Validation;

namespace SpineTriage.Web;

/// <summary>
/// The review console's handlers, host-agnostic: the local <c>spinetriage serve</c> host maps them
/// with <see cref="ReviewConsoleEndpoints.MapReviewConsole"/>, and HTTP functions (ASP.NET Core
/// integration) call the same methods with the signed-in reviewer. Every read and decision goes
/// through <see cref="ReviewService"/>. Pages are plain HTML, no script; every value printed is
/// escaped; every response carries <see cref="ConsoleSecurity"/>'s headers. Logs name referral ids,
/// never notes or patient fields.
/// </summary>
public sealed partial class ReviewConsole
{
    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(ReviewConsole).Assembly.GetManifestResourceStream("SpineTriage.Web.console.css")
            ?? throw new InvalidOperationException("The console's stylesheet is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly ReviewService _review;
    private readonly RegionBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger<ReviewConsole> _logger;

    /// <summary>Creates the console over the review use case and the region board.</summary>
    public ReviewConsole(ReviewService review, RegionBoard board, TimeProvider time, ILogger<ReviewConsole> logger)
    {
        _review = review;
        _board = board;
        _time = time;
        _logger = logger;
    }

    /// <summary>GET <c>/</c> and <c>/?region=R</c>: the worklist, Emergent first, with a region filter and the count per region.</summary>
    public async Task<IResult> WorklistAsync(HttpContext context, Reviewer reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reviewer);
        var basePath = BasePath(context);
        var query = context.Request.Query["region"];
        var region = query.Count == 0 || string.IsNullOrEmpty(query[0]) ? null : query[0];
        if (query.Count > 1 || (region is not null && !ReferralValidator.IsRegion(region)))
        {
            return ConsoleResult.Page(Pages.Message(basePath, reviewer, "Worklist", "A region is 1-64 characters of a-z 0-9 -: choose one from the list."), StatusCodes.Status400BadRequest);
        }

        var all = await _review.ListAsync(null, cancellationToken).ConfigureAwait(false);
        var statuses = await _board.GetStatusesAsync(cancellationToken).ConfigureAwait(false);
        var regions = statuses.Select(s => s.Region).Union(all.Select(i => i.Region)).Order(StringComparer.Ordinal).ToList();
        string? notice = null;
        if (region is not null && !regions.Contains(region))
        {
            notice = $"No referral or status names region {region}.";
        }

        return ConsoleResult.Page(Pages.Worklist(basePath, reviewer, all, regions, region, notice, _time.GetUtcNow()));
    }

    /// <summary>GET <c>/referrals/{id}</c>: the referral as it stands, its message, reasons, criteria, decision, trail and the decision form.</summary>
    public async Task<IResult> ReferralAsync(HttpContext context, string referralId, Reviewer reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reviewer);
        return await RenderReferralAsync(context, referralId, reviewer, DecisionForm.Empty, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST <c>/referrals/{id}/decision</c> (form: sequence, decision = confirm|override, category,
    /// disposition, reason): records the decision as <paramref name="reviewer"/> and redirects (303) to
    /// the referral. Refused with 403 when the reviewer may not decide or the request comes from
    /// another site; a refusal of the review use case re-renders the page with the message beside the
    /// field at fault (409 for a stale sequence, else 400).
    /// </summary>
    public async Task<IResult> DecideAsync(HttpContext context, string referralId, Reviewer reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reviewer);
        var basePath = BasePath(context);
        var loggedId = SafeId(referralId);
        if (!reviewer.CanDecide)
        {
            LogForbidden(loggedId, "reviewer may not decide");
            return ConsoleResult.Page(Pages.Message(basePath, reviewer, "Not allowed", "You may view referrals but not record decisions."), StatusCodes.Status403Forbidden);
        }

        if (!ConsoleSecurity.IsSameOrigin(context.Request, out var why))
        {
            LogForbidden(loggedId, "cross-site request");
            return ConsoleResult.Page(Pages.Message(basePath, reviewer, "Not allowed", $"{why} A decision is recorded only from the console's own page."), StatusCodes.Status403Forbidden);
        }

        if (!context.Request.HasFormContentType)
        {
            return ConsoleResult.Page(Pages.Message(basePath, reviewer, "Bad request", "A decision is sent by the decision form."), StatusCodes.Status400BadRequest);
        }

        var fields = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        string? Field(string name) => fields[name] is { Count: 1 } value && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
        var form = new DecisionForm(Field("decision"), Field("category"), Field("disposition"), Field("reason"), null);

        ReviewError? error = null;
        long sequence = -1;
        if (!long.TryParse(Field("sequence"), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            error = new ReviewError("sequence", "The form named no sequence: open the referral again and decide on its current result.");
        }
        else if (form.Decision is not ("confirm" or "override"))
        {
            error = new ReviewError("decision", "Choose: confirm the machine's result, or override it.");
        }
        else
        {
            var confirm = form.Decision == "confirm";
            var result = await _review.DecideAsync(
                new DecisionRequest(referralId, sequence, confirm, form.Category, form.Disposition, reviewer.Name, form.Reason), cancellationToken).ConfigureAwait(false);
            if (result.Decision is { } decision)
            {
                LogDecided(decision.ReferralId, decision.Sequence, decision.Action, decision.Category, decision.Disposition, decision.By);
                return ConsoleResult.SeeOther(Pages.ReferralPath(basePath, decision.ReferralId));
            }

            error = result.Error!;
        }

        LogRefused(loggedId, error.Field);
        var stale = error.Field == "sequence" && sequence >= 0;
        return await RenderReferralAsync(
            context, referralId, reviewer, form with { Error = error }, stale ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET <c>/regions</c>: every known region, its status, who set it and when, its worklist and postponed counts.</summary>
    public async Task<IResult> RegionsAsync(HttpContext context, Reviewer reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reviewer);
        var rows = await _board.GetAsync(cancellationToken).ConfigureAwait(false);
        return ConsoleResult.Page(Pages.Regions(BasePath(context), reviewer, rows));
    }

    /// <summary>GET <c>/console.css</c>: the console's stylesheet (the content security policy allows no inline style).</summary>
    public static IResult StylesheetResult() => ConsoleResult.Css(Stylesheet.Value);

    /// <summary>Any other address: a one-line 404 page.</summary>
    public static IResult NotFound(HttpContext context, Reviewer reviewer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reviewer);
        return ConsoleResult.Page(Pages.Message(BasePath(context), reviewer, "Not found", "There is no page at this address."), StatusCodes.Status404NotFound);
    }

    /// <summary>A failure while handling a request: a one-line 500 page (never a stack trace); the error's type is logged.</summary>
    public IResult Failed(HttpContext context, Reviewer reviewer, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (_logger.IsEnabled(LogLevel.Error))
        {
            LogFailed(context.Request.Method, context.Request.Path.Value ?? string.Empty, exception.GetType().Name);
        }

        return ConsoleResult.Page(
            Pages.Message(BasePath(context), reviewer ?? new Reviewer("unknown", false), "Something went wrong", "The console could not answer (the storage may be unavailable); try again shortly."),
            StatusCodes.Status500InternalServerError);
    }

    private async Task<IResult> RenderReferralAsync(HttpContext context, string referralId, Reviewer reviewer, DecisionForm form, int status, CancellationToken cancellationToken)
    {
        var basePath = BasePath(context);
        var referral = await _review.GetCaseAsync(referralId, cancellationToken).ConfigureAwait(false);
        if (referral is null)
        {
            return ConsoleResult.Page(
                Pages.Message(basePath, reviewer, "Referral not found", $"No referral {referralId} has been triaged."), StatusCodes.Status404NotFound);
        }

        var trail = new List<TrailEntry>();
        await foreach (var entry in _review.GetTrailAsync(referralId, cancellationToken).ConfigureAwait(false))
        {
            trail.Add(entry);
        }

        // The message of the current result: the latest machine entry of the current sequence.
        var current = trail.LastOrDefault(e => e.Kind == TrailEntryKind.Machine && e.Sequence == referral.Machine.Sequence && !e.Message.IsEmpty);
        var message = current is null ? null : ReferralReader.Read(current.Message.Span, ReferralReader.MaxMessageBytes).Referral;
        var view = new ReferralView(referral, trail, message, form, _time.GetUtcNow());
        return ConsoleResult.Page(Pages.Referral(basePath, reviewer, view), status);
    }

    private static string BasePath(HttpContext context) => context.Request.PathBase.Value?.TrimEnd('/') ?? string.Empty;

    // A referral id from the address is logged only when it is one (never arbitrary request text).
    private static string SafeId(string referralId) => ReviewService.IsReferralId(referralId) ? referralId : "(not a referral id)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} sequence {Sequence}: {Action} ({Category}, {Disposition}) recorded by {Reviewer}")]
    private partial void LogDecided(string referralId, long sequence, ReviewAction action, Core.Triage.TriageCategory category, Core.Triage.Disposition disposition, string reviewer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId}: decision refused ({Field})")]
    private partial void LogRefused(string referralId, string field);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral {ReferralId}: decision forbidden ({Why})")]
    private partial void LogForbidden(string referralId, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Console request {Method} {Path} failed: {Error}")]
    private partial void LogFailed(string method, string path, string error);
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Web.Tests;

/// <summary>An in-memory review store: cases classified by the real classifier, their trails, decisions fenced by sequence.</summary>
internal sealed class FakeReviewStore : IReviewStore, IRegionStatusDirectory, IPostponedCounter
{
    private readonly Dictionary<string, ReferralCase> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TrailEntry>> _trails = new(StringComparer.Ordinal);

    public static DateTimeOffset Now { get; } = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Classifies a message with the real classifier and makes it the referral's current result.</summary>
    public TriageResult Add(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        var referral = ReferralReader.Read(bytes, ReferralReader.MaxMessageBytes).Referral ?? throw new ArgumentException("invalid message");
        var result = new TriageClassifier().Classify(referral, RegionStatus.Constrained, Now);
        return Add(result, bytes);
    }

    public TriageResult Add(TriageResult result, byte[] message)
    {
        var waiting = ReferralCase.NeedsClinician(result) ? Now.AddHours(-3) : (DateTimeOffset?)null;
        _cases[result.ReferralId] = new ReferralCase(result, Now.AddHours(-3), waiting, null);
        var trail = Trail(result.ReferralId);
        trail.Add(new TrailEntry(trail.Count, TrailEntryKind.Machine, result.Sequence, Now.AddHours(-3), result, true, message, null));
        return result;
    }

    public List<TrailEntry> Trail(string referralId) =>
        _trails.TryGetValue(referralId, out var trail) ? trail : _trails[referralId] = [];

    public async IAsyncEnumerable<string> GetWorklistRegionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var region in _cases.Values.Select(c => c.Machine.Region).Distinct().Order(StringComparer.Ordinal))
        {
            yield return region;
        }
    }

    public Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(string region, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorklistItem>>(
        [
            .. _cases.Values.Where(c => c.Machine.Region == region && c.AwaitsClinician).Select(c => new WorklistItem(
                c.Machine.ReferralId, c.Machine.Sequence, c.Machine.Region, c.Machine.Category, c.Machine.Disposition, c.Machine.Criteria, c.Machine.Reasons, c.WaitingSince!.Value)),
        ]);

    public Task<ReferralCase?> GetCaseAsync(string referralId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_cases.GetValueOrDefault(referralId));

    public Task<DecisionReceipt> RecordDecisionAsync(ClinicianDecision decision, CancellationToken cancellationToken = default)
    {
        if (!_cases.TryGetValue(decision.ReferralId, out var current))
        {
            return Task.FromResult(new DecisionReceipt(DecisionOutcome.UnknownReferral, null));
        }

        if (current.Machine.Sequence != decision.Sequence)
        {
            return Task.FromResult(new DecisionReceipt(DecisionOutcome.StaleSequence, current.Machine.Sequence));
        }

        _cases[decision.ReferralId] = current with { Clinician = decision, WaitingSince = null };
        var trail = Trail(decision.ReferralId);
        trail.Add(new TrailEntry(trail.Count, TrailEntryKind.Clinician, decision.Sequence, decision.DecidedAt, null, false, default, decision));
        return Task.FromResult(new DecisionReceipt(DecisionOutcome.Recorded, decision.Sequence));
    }

    public async IAsyncEnumerable<TrailEntry> GetTrailAsync(string referralId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in Trail(referralId).ToList())
        {
            yield return entry;
        }
    }

    public async IAsyncEnumerable<RegionStatusEntry> GetRegionStatusesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new RegionStatusEntry("north-east", RegionStatus.Crisis, true, "ops <lead>", Now.AddDays(-1));
    }

    public Task<int> CountPostponedAsync(string region, CancellationToken cancellationToken = default) =>
        Task.FromResult(_cases.Values.Count(c => c.Machine.Region == region && c.Disposition == Disposition.Postpone));
}

/// <summary>A console over a <see cref="FakeReviewStore"/>, and requests made to it without a server.</summary>
internal sealed class ConsoleUnderTest
{
    public ConsoleUnderTest()
    {
        var time = new FixedTime(FakeReviewStore.Now);
        Review = new ReviewService(Store, time);
        Console = new ReviewConsole(Review, new RegionBoard(Store, Store, Review), time, NullLogger<ReviewConsole>.Instance);
    }

    public FakeReviewStore Store { get; } = new();

    public ReviewService Review { get; }

    public ReviewConsole Console { get; }

    public static Reviewer Clinician { get; } = new("Dr Ada", CanDecide: true);

    public static DefaultHttpContext Get(string path, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5080);
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public static DefaultHttpContext Post(string path, IReadOnlyDictionary<string, string> form, IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = Get(path);
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var body = string.Join('&', form.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        foreach (var (name, value) in headers ?? new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin", ["Origin"] = "http://127.0.0.1:5080" })
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }

    /// <summary>Runs the result as the host would and returns the status and the body.</summary>
    public static async Task<(int Status, string Body, IHeaderDictionary Headers)> ExecuteAsync(HttpContext context, IResult result)
    {
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response.Headers);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Referral messages for the console's tests.</summary>
internal static class Messages
{
    public static JsonObject Referral(string id, long sequence = 0, string region = "north-east", string? notes = null, bool findings = true, string? description = null, JsonArray? diagnoses = null)
    {
        var message = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["referralId"] = id,
            ["sequence"] = sequence,
            ["receivedAt"] = "2026-11-20T09:15:00Z",
            ["region"] = region,
            ["patient"] = new JsonObject { ["ref"] = "p-77", ["ageYears"] = 61, ["covidStatus"] = "negative", ["covidRiskFactors"] = new JsonArray("diabetes") },
        };
        if (findings)
        {
            message["findings"] = new JsonObject
            {
                ["neurologicDeficit"] = new JsonObject { ["severity"] = "mild", ["trend"] = "stable" },
                ["cause"] = "degenerative",
            };
        }

        if (description is not null)
        {
            message["procedure"] = new JsonObject { ["kind"] = "surgery", ["description"] = description, ["setting"] = "inpatient" };
        }

        if (diagnoses is not null)
        {
            message["diagnoses"] = diagnoses;
        }

        if (notes is not null)
        {
            message["notes"] = notes;
        }

        return message;
    }

    /// <summary>Cauda equina red flags in the notes of an otherwise Elective referral: Elective, held for review.</summary>
    public static JsonObject CaudaEquina(string id, long sequence = 0) =>
        Referral(id, sequence, notes: "Back pain for years. New saddle numbness and urinary retention since this morning.", description: "L4-L5 microdiscectomy");

    /// <summary>A cauda equina syndrome code alone: Emergent, needs review.</summary>
    public static JsonObject EmergentByCode(string id) =>
        Referral(id, region: "south-west", findings: false, diagnoses: [new JsonObject { ["code"] = "G83.4" }]);

    /// <summary>No finding, no code: Unclassified, held for review.</summary>
    public static JsonObject Unclassified(string id) => Referral(id, region: "south-west", findings: false, notes: "Referred for assessment.");

    /// <summary>Degenerative, mild stable deficit, no red flag: Elective, postponed (not on the worklist).</summary>
    public static JsonObject CleanElective(string id) => Referral(id);
}

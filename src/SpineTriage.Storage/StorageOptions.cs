using SpineTriage.Core.Triage;

namespace SpineTriage.Storage;

/// <summary>Where the pipeline keeps its queue and tables (configuration section <c>SpineTriage:Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Storage";

    /// <summary>The connection string of the local storage emulator (Azurite).</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>
    /// A storage connection string, or an account URI such as <c>https://myaccount.table.core.windows.net</c>
    /// (then the credential is DefaultAzureCredential: managed identity in Azure, no keys).
    /// </summary>
    public string Connection { get; set; } = DevelopmentStorage;

    /// <summary>The referral queue (its poison queue is <c>&lt;name&gt;-poison</c>).</summary>
    public string QueueName { get; set; } = "referrals";

    /// <summary>
    /// Per referral (partition: referral id): the current result (row key "c" + referral id), the
    /// append-only audit trail (row key "t" + 19-digit index: every machine decision with its message,
    /// every clinician decision) and one marker per sequence triaged (row key "m" + 19-digit sequence).
    /// </summary>
    public string ResultsTable { get; set; } = "TriageResults";

    /// <summary>The cases currently postponed (partition: region, row: referral id).</summary>
    public string PostponedTable { get; set; } = "PostponedCases";

    /// <summary>
    /// The review backlog: the cases awaiting a clinician, whose current result's disposition is
    /// review or that carry needsReview (partition: region, row: referral id).
    /// </summary>
    public string ReviewTable { get; set; } = "ReviewBacklog";

    /// <summary>
    /// The review alerts not yet sent: results with a red flag, a conflict, or an Emergent result that
    /// needs review (partition: region, row: referral id).
    /// </summary>
    public string AlertsTable { get; set; } = "ReviewAlerts";

    /// <summary>
    /// The alert ledger: one row per referral sequence whose alert was sent (partition: region, row:
    /// referral id + "." + 19-digit sequence), so that an alert is sent once.
    /// </summary>
    public string AlertsSentTable { get; set; } = "ReviewAlertsSent";

    /// <summary>Messages that broke the contract, with reason and body.</summary>
    public string RejectedTable { get; set; } = "RejectedMessages";

    /// <summary>Region statuses (normal, constrained, crisis).</summary>
    public string RegionsTable { get; set; } = "RegionStatuses";

    /// <summary>
    /// The summary ledger: one row per region and schedule period whose summary email was sent
    /// (partition: region, or <c>_all-regions</c> for the rollup; row: period key), so that a period
    /// is emailed once.
    /// </summary>
    public string SummaryRunsTable { get; set; } = "SummaryRuns";

    /// <summary>The status of a region that has none set.</summary>
    public RegionStatus DefaultRegionStatus { get; set; } = RegionStatuses.Default;

    /// <summary>How long a region's status is cached by the message handler (a change is seen within this time).</summary>
    public TimeSpan RegionStatusCacheDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The poison queue of the referral queue.</summary>
    public string PoisonQueueName => QueueName + StorageClients.PoisonSuffix;
}

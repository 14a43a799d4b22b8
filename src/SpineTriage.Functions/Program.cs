using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SpineTriage.Functions;
using SpineTriage.Reporting;
using SpineTriage.Storage;
using SpineTriage.Storage.Summaries;

// The Functions host: the same registrations as the worker host, plus Application Insights.
// No ConfigureFunctionsWebApplication: there is no HTTP trigger, so no ASP.NET Core integration.
var builder = FunctionsApplication.CreateBuilder(args);
builder.Configuration.AddSummaryRecipientsSetting();
builder.AddSpineTriagePipeline();
builder.AddSpineTriageSummaries();
builder.AddSpineTriageSummaryEmail();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Logging.KeepInformationInApplicationInsights();
builder.Build().Run();

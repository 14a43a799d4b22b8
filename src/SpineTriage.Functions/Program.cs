using Microsoft.Extensions.Hosting;
using SpineTriage.Functions;

// The Functions host, composed in FunctionsHost (shared with its tests).
FunctionsHost.CreateBuilder(args).Build().Run();

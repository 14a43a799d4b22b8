using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SpineTriage.Worker.Queue;

/// <summary>
/// Why the worker stopped on its own, when it was a permanent failure (credentials refused, an
/// account that does not exist): the one line the command prints, and exit code 2.
/// </summary>
internal sealed class WorkerExit
{
    private string? _permanentError;

    /// <summary>The permanent failure that stopped the worker, or null.</summary>
    public string? PermanentError => Volatile.Read(ref _permanentError);

    /// <summary>Records the first permanent failure.</summary>
    public void Fail(string error) => Interlocked.CompareExchange(ref _permanentError, error, null);
}

/// <summary>The queue listener's registration, shared by <c>spinetriage run</c> and its tests.</summary>
internal static class QueueListenerRegistration
{
    /// <summary>Adds the listener as a hosted service, with the record of why it stopped on its own.</summary>
    public static IServiceCollection AddQueueListener(this IServiceCollection services)
    {
        services.TryAddSingleton<WorkerExit>();
        services.AddSingleton<QueueListener>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueListener>());
        return services;
    }
}

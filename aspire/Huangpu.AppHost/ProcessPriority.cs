using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Huangpu.AppHost;

/// <summary>Who waits for a process's work, which decides who gets a core first when a rush takes them all.</summary>
internal enum ProcessTier
{
    /// <summary>The gateway: every caller waits for it, the callers it refuses included.</summary>
    FrontDoor,

    /// <summary>
    /// What a caller's request waits for behind the gateway: the services, PostgreSQL, RabbitMQ, Redis
    /// (<c>Huangpu:BackendNice</c>, 15 by default).
    /// </summary>
    RequestPath,

    /// <summary>
    /// Work no caller waits for, which catches up once a rush has passed: Compliance's audit trail and risk rules, the
    /// treasury simulator (<c>Huangpu:BackgroundNice</c>, 19 by default).
    /// </summary>
    Background,
}

/// <summary>
/// The CPU priority of each process the AppHost starts on one machine (ADR 8). The gateway, the dashboard and the
/// AppHost run at the normal priority; the request path behind the gateway at a lower one (<c>nice</c>
/// <c>Huangpu:BackendNice</c>); background work at the lowest (<c>Huangpu:BackgroundNice</c>). The front door then
/// answers as soon as a request arrives, refusals included, instead of waiting behind the work it admitted; and the
/// work it admitted is not slowed by events that can wait. 0 turns a tier's lower priority off. In a deployment the
/// CPU requests weigh the same way (docs/deployment.md).
/// </summary>
internal static class ProcessPriority
{
    public const string BackendNiceSetting = "Huangpu:BackendNice";
    public const string BackgroundNiceSetting = "Huangpu:BackgroundNice";

    /// <summary>The command line that runs <paramref name="command"/> with <paramref name="args"/> in <paramref name="tier"/>.</summary>
    public static (string Command, string[] Args) In(IDistributedApplicationBuilder builder, ProcessTier tier, string command, params string[] args)
    {
        var requestPath = Nice(builder, BackendNiceSetting, 15);
        var background = Nice(builder, BackgroundNiceSetting, 19);
        if (background < requestPath)
        {
            throw new InvalidOperationException(
                $"{BackgroundNiceSetting} ({background}) must be at least {BackendNiceSetting} ({requestPath}): work no caller waits for never outranks a caller's request.");
        }

        var nice = tier switch
        {
            ProcessTier.FrontDoor => 0,
            ProcessTier.RequestPath => requestPath,
            _ => background,
        };
        return nice == 0 ? (command, args) : ("nice", ["-n", nice.ToString(CultureInfo.InvariantCulture), command, .. args]);
    }

    /// <summary>The command line of a process on the request path behind the gateway.</summary>
    public static (string Command, string[] Args) BehindGateway(IDistributedApplicationBuilder builder, string command, params string[] args) =>
        In(builder, ProcessTier.RequestPath, command, args);

    private static int Nice(IDistributedApplicationBuilder builder, string setting, int byDefault)
    {
        var nice = builder.Configuration.GetValue(setting, byDefault);
        return nice is < 0 or > 19
            ? throw new InvalidOperationException($"{setting} must be between 0 and 19 (a nice value), not {nice}.")
            : nice;
    }
}

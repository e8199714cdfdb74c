using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Huangpu.AppHost;

/// <summary>
/// Which process gets a core first when a rush takes them all. The gateway, the dashboard and the AppHost run at the
/// normal priority; everything behind the gateway (the services, the treasury simulator, PostgreSQL, RabbitMQ,
/// Redis) runs at a lower one, <c>nice</c> <c>Huangpu:BackendNice</c> (5 by default, 0 for none). The front door
/// then answers as soon as a request arrives, refusals included, instead of waiting behind the work it admitted
/// (ADR 8; in a deployment the gateway's larger CPU request does the same, docs/deployment.md).
/// </summary>
internal static class ProcessPriority
{
    public const string BackendNiceSetting = "Huangpu:BackendNice";

    /// <summary>The command line that runs <paramref name="command"/> with <paramref name="args"/> behind the gateway.</summary>
    public static (string Command, string[] Args) BehindGateway(IDistributedApplicationBuilder builder, string command, params string[] args)
    {
        var nice = builder.Configuration.GetValue(BackendNiceSetting, 5);
        if (nice is < 0 or > 19)
        {
            throw new InvalidOperationException($"{BackendNiceSetting} must be between 0 and 19 (a nice value), not {nice}.");
        }

        return nice == 0 ? (command, args) : ("nice", ["-n", nice.ToString(CultureInfo.InvariantCulture), command, .. args]);
    }
}

using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Huangpu.EndToEnd.Tests;

/// <summary>The AppHost's model, built and never started, for tests that read what each process would start with.</summary>
internal static class AppHostModel
{
    /// <summary>The model with the dashboard (never started here), so its default OTLP address is in the environments too.</summary>
    public static async Task<DistributedApplication> BuildAsync(string stateDirectory, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Huangpu_AppHost>(
            [
                $"Huangpu:StateDirectory={stateDirectory}",
                "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:4319",
                "ASPNETCORE_URLS=http://127.0.0.1:4320",
                .. settings,
            ],
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            });
        return await builder.BuildAsync();
    }
}

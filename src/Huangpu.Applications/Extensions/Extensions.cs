using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Grpc.Registry.V1;
using Huangpu.ServiceDefaults;

namespace Huangpu.Applications.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        // The catalog is loaded and validated at start-up: a bad policy file stops the service with its reasons.
        var directory = builder.Configuration["Catalog:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "Catalog", "Data");
        builder.Services.AddSingleton(CatalogLoader.LoadDirectory(directory, PolicyCalendar.ConfiguredZone(builder.Configuration)));

        builder.Services.AddOptions<LifecycleOptions>().BindConfiguration("Lifecycle");
        builder.Services.AddOptions<SupplementLapseOptions>().BindConfiguration("SupplementLapse");
        builder.Services.AddScoped<SubmissionChecks>();
        builder.Services.AddScoped<SupplementLapse>();
        builder.Services.AddHostedService<SupplementLapseJob>();

        // Eligibility comes from the Registry over gRPC (service discovery resolves "registry").
        builder.Services.AddGrpcClient<RegistryService.RegistryServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Registry}"));
        builder.Services.AddSingleton<IEligibilityClient, RegistryEligibilityClient>();
        return builder;
    }
}

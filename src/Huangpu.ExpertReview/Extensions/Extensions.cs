using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Panels;
using Huangpu.Grpc.Registry.V1;
using Huangpu.ServiceDefaults;

namespace Huangpu.ExpertReview.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        // The rubrics are loaded and validated at start-up: a bad rubric file stops the service with its reasons.
        var directory = builder.Configuration["Rubrics:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "Rubrics", "Data");
        builder.Services.AddSingleton(RubricCatalog.LoadDirectory(directory));

        builder.Services.AddOptions<PanelOptions>().BindConfiguration("Panel");
        builder.Services.AddOptions<ScoringOptions>().BindConfiguration("Scoring");
        builder.Services.AddOptions<PendingPanelOptions>().BindConfiguration("PendingPanels");
        builder.Services.AddScoped<PanelService>();
        builder.Services.AddHostedService<PendingPanelJob>();

        // The applicant's links come from the Registry over gRPC (service discovery resolves "registry").
        builder.Services.AddGrpcClient<RegistryService.RegistryServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Registry}"))
            .PropagateCallerDeadline();
        builder.Services.AddSingleton<IRegistryLinks, RegistryLinksClient>();

        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DevelopmentExperts>();
        }

        return builder;
    }
}

using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Risk;
using Huangpu.Grpc.Applications.V1;
using Huangpu.ServiceDefaults;

namespace Huangpu.Compliance.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<DecisionPackets>();
        // The risk rules are loaded and checked at start-up: a rule without a condition stops the service.
        builder.Services.AddSingleton(RiskRules.Load(builder.Configuration["Risk:Rules"] ?? Path.Combine(AppContext.BaseDirectory, "Risk", "Data", "risk-rules.json")));
        builder.Services.AddScoped<AlertBook>();

        // The policies' terms (validity, caps) come from the catalog's owner (service discovery resolves "applications").
        builder.Services.AddMemoryCache();
        builder.Services.AddGrpcClient<ApplicationsService.ApplicationsServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Applications}"))
            .PropagateCallerDeadline();
        builder.Services.AddSingleton<IPolicyTerms, CatalogPolicyTerms>();
        builder.Services.AddOptions<PolicyLifecycleOptions>().BindConfiguration("PolicyLifecycle");
        builder.Services.AddHostedService<PolicyLifecycleJob>();
        return builder;
    }
}

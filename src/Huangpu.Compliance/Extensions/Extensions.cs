using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Risk;

namespace Huangpu.Compliance.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        // The risk rules are loaded and checked at start-up: a rule without a condition stops the service.
        builder.Services.AddSingleton(RiskRules.Load(builder.Configuration["Risk:Rules"] ?? Path.Combine(AppContext.BaseDirectory, "Risk", "Data", "risk-rules.json")));
        return builder;
    }
}

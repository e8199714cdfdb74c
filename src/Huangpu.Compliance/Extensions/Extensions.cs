using Huangpu.Compliance.Domain;

namespace Huangpu.Compliance.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}

using Huangpu.Payments.Ledger;

namespace Huangpu.Payments.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BudgetLedger>();
        return builder;
    }
}

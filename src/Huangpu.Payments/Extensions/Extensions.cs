using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Grpc.Registry.V1;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Ledger;
using Huangpu.ServiceDefaults;

namespace Huangpu.Payments.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<BudgetLedger>();
        builder.Services.AddStartupWarmUp<BudgetWarmUp>();
        builder.Services.AddScoped<PaymentBook>();
        builder.Services.AddScoped<Reconciler>();

        // Eligibility on the payment date comes from the Registry (service discovery resolves "registry").
        builder.Services.AddGrpcClient<RegistryService.RegistryServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Registry}"))
            .PropagateCallerDeadline();
        builder.Services.AddSingleton<IEligibilityClient, RegistryEligibilityClient>();

        // The treasury: the simulator resource in Development and tests, the treasury's own address elsewhere
        // (Treasury:Address).
        builder.Services.AddOptions<TreasuryOptions>().BindConfiguration("Treasury");
        builder.Services.AddGrpcClient<Huangpu.Grpc.Treasury.V1.Treasury.TreasuryClient>(o =>
            o.Address = new Uri(builder.Configuration["Treasury:Address"] ?? $"http://{ResourceNames.Treasury}"));
        builder.Services.AddSingleton<ITreasury, GrpcTreasury>();

        builder.Services.AddOptions<DisbursementOptions>().BindConfiguration("Disbursement");
        builder.Services.AddSingleton<PaymentDispatch>();
        builder.Services.AddSingleton<PaymentDispatchSignal>();
        builder.Services.AddHostedService<PaymentDispatchJob>();
        builder.Services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation");
        builder.Services.AddHostedService<ReconciliationJob>();
        return builder;
    }
}

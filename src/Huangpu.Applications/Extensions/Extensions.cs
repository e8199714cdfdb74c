using Huangpu.BuildingBlocks.Registry;
using Huangpu.Applications.Calendar;
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
        builder.Services.AddOptions<JointReviewOptions>().BindConfiguration("JointReview");
        builder.Services.AddOptions<NoticeOptions>().BindConfiguration("Notice");
        // The working-day calendar, per year as data from the State Council's notices.
        var calendarDirectory = builder.Configuration["WorkingDays:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "Calendar", "Data");
        builder.Services.AddSingleton(WorkingDayCalendar.LoadDirectory(calendarDirectory));
        builder.Services.AddOptions<SupplementLapseOptions>().BindConfiguration("SupplementLapse");
        builder.Services.AddScoped<SubmissionChecks>();
        builder.Services.AddScoped<SupplementLapse>();
        builder.Services.AddHostedService<SupplementLapseJob>();
        builder.Services.AddScoped<NoticeFinalisation>();
        builder.Services.AddHostedService<NoticeFinalisationJob>();

        // Eligibility comes from the Registry over gRPC (service discovery resolves "registry").
        builder.Services.AddGrpcClient<RegistryService.RegistryServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Registry}"))
            .PropagateCallerDeadline();
        builder.Services.AddSingleton<RegistryEligibilityClient>();
        builder.Services.AddSingleton<IEligibilityClient>(sp => sp.GetRequiredService<RegistryEligibilityClient>());
        builder.Services.AddSingleton<IOrganizationNames>(sp => sp.GetRequiredService<RegistryEligibilityClient>());

        // The budget is Payments': an approval commits its amount there first.
        builder.Services.AddGrpcClient<Huangpu.Grpc.Payments.V1.PaymentsService.PaymentsServiceClient>(o => o.Address = new Uri($"http://{ResourceNames.Payments}"))
            .PropagateCallerDeadline();
        builder.Services.AddSingleton<IBudgetCommitments, PaymentsCommitmentClient>();
        return builder;
    }
}

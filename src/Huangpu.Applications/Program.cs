using Huangpu.Applications.Consumers;
using Huangpu.Applications.Extensions;
using Huangpu.Applications.Grpc;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ServiceDefaults;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<ApplicationsDbContext>(ResourceNames.ApplicationsDatabase, bus =>
{
    CreditHoldConsumer.Register(bus);
    ReviewOutcomeConsumer.Register(bus);
    PaymentOutcomeConsumer.Register(bus);
});
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<ApplicationsGrpcService>();

await app.MigrateDatabaseAsync<ApplicationsDbContext>();
await app.RunAsync();

using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Payments.Consumers;
using Huangpu.Payments.Extensions;
using Huangpu.Payments.Grpc;
using Huangpu.Payments.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<PaymentsDbContext>(ResourceNames.PaymentsDatabase, AwardConsumer.Register);
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<PaymentsGrpcService>();
app.MapGrpcService<TreasuryCallbacksGrpcService>();

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

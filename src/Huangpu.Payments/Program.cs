using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Payments.Extensions;
using Huangpu.Payments.Grpc;
using Huangpu.Payments.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<PaymentsDbContext>(ResourceNames.PaymentsDatabase);
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<PaymentsGrpcService>();

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

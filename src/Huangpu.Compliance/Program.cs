using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Compliance.Consumers;
using Huangpu.Compliance.Extensions;
using Huangpu.Compliance.Grpc;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Compliance.Risk;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<ComplianceDbContext>(ResourceNames.ComplianceDatabase, bus =>
{
    AuditConsumer.Register(bus);
    RiskEvaluator.Register(bus);
});
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<ComplianceGrpcService>();

await app.MigrateDatabaseAsync<ComplianceDbContext>();
await app.RunAsync();

using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Registry.Extensions;
using Huangpu.Registry.Grpc;
using Huangpu.Registry.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<RegistryDbContext>(ResourceNames.RegistryDatabase);
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<RegistryGrpcService>();

await app.MigrateDatabaseAsync<RegistryDbContext>();
await app.RunAsync();

using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Registry.Extensions;
using Huangpu.Registry.Grpc;
using Huangpu.Registry.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// Organisation versions known in-process, kept current by this process's commits and PostgreSQL notifications.
var versions = new OrganizationVersions();
builder.AddPlatformService<RegistryDbContext>(ResourceNames.RegistryDatabase, interceptors: [new OrganizationVersionInterceptor(versions)]);
builder.AddApplicationServices(versions);

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<RegistryGrpcService>();

await app.MigrateDatabaseAsync<RegistryDbContext>();
await app.RunAsync();

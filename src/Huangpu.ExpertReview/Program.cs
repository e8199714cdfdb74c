using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ExpertReview.Grpc;
using Huangpu.ExpertReview.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<ExpertReviewDbContext>(ResourceNames.ExpertReviewDatabase);

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<ExpertReviewGrpcService>();

await app.MigrateDatabaseAsync<ExpertReviewDbContext>();
await app.RunAsync();

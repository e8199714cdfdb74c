using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ExpertReview.Consumers;
using Huangpu.ExpertReview.Extensions;
using Huangpu.ExpertReview.Grpc;
using Huangpu.ExpertReview.Infrastructure;
using Huangpu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformService<ExpertReviewDbContext>(ResourceNames.ExpertReviewDatabase, ReviewRequestedConsumer.Register);
builder.AddApplicationServices();

var app = builder.Build();
app.MapPlatformEndpoints();
app.MapGrpcService<ExpertReviewGrpcService>();

await app.MigrateDatabaseAsync<ExpertReviewDbContext>();
await app.RunAsync();

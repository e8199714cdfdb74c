using System.Text;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.Registry.Domain;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Huangpu.ServiceDefaults;
using StackExchange.Redis;

namespace Huangpu.Registry.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder, OrganizationVersions versions)
    {
        builder.Services.AddSingleton(versions);
        builder.Services.AddHostedService<OrganizationVersionListener>();
        builder.Services.AddScoped<FeedProcessor>();
        builder.Services.AddSingleton<EligibilityService>();
        builder.Services.AddStartupWarmUp<EligibilityWarmUp>();
        builder.Services.AddOptions<EligibilityOptions>().BindConfiguration("Eligibility");

        var key = builder.Configuration["Registry:PersonIdHashKey"];
        if (string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException("Registry:PersonIdHashKey must be set to at least 32 bytes: ID numbers are kept only as keyed hashes.");
        }

        builder.Services.AddSingleton(new PersonIdHasher(Encoding.UTF8.GetBytes(key)));

        // HybridCache: in-process first, then Redis (the AppHost's "redis" resource) shared by every instance.
        builder.AddRedisClient(ResourceNames.Redis);
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddHybridCache();
        return builder;
    }
}

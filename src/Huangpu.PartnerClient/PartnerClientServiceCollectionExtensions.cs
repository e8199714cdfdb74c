using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Huangpu.PartnerClient;

/// <summary>The client in a host's container.</summary>
public static class PartnerClientServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient that fetches tokens from the authority.</summary>
    public const string AuthorityHttpClient = "huangpu-authority";

    /// <summary>
    /// Registers <see cref="HuangpuPartnerClient"/> (one channel for the host's lifetime). Its token comes from
    /// the registered <see cref="IAccessTokenSource"/>: <see cref="AddHuangpuClientCredentials"/>, or your own.
    /// </summary>
    public static IServiceCollection AddHuangpuPartnerClient(this IServiceCollection services, Action<PartnerClientOptions> configure)
    {
        services.AddOptions<PartnerClientOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new HuangpuPartnerClient(
            sp.GetRequiredService<IOptions<PartnerClientOptions>>().Value,
            sp.GetRequiredService<IAccessTokenSource>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Tokens by the client-credentials grant, fetched through an HttpClient with the standard resilience handler
    /// (retries with backoff, a circuit breaker and timeouts from Microsoft.Extensions.Http.Resilience).
    /// </summary>
    public static IServiceCollection AddHuangpuClientCredentials(this IServiceCollection services, Action<ClientCredentialsOptions> configure)
    {
        services.AddOptions<ClientCredentialsOptions>().Configure(configure);
        services.AddHttpClient(AuthorityHttpClient).AddStandardResilienceHandler();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessTokenSource>(sp => new ClientCredentialsToken(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AuthorityHttpClient),
            sp.GetRequiredService<IOptions<ClientCredentialsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

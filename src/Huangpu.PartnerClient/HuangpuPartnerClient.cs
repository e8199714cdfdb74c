using Grpc.Core;
using Grpc.Net.Client;
using Huangpu.Grpc.Applications.V1;
using Huangpu.Grpc.Payments.V1;
using Huangpu.Grpc.Registry.V1;

namespace Huangpu.PartnerClient;

/// <summary>
/// A partner bureau's client of the platform: one feed per bureau, each call with a deadline, the bureau's token
/// and retries under one idempotency key. The token decides what the platform lets the bureau do; a feed of
/// another bureau is refused with PERMISSION_DENIED.
/// </summary>
public sealed class HuangpuPartnerClient : IDisposable
{
    private readonly GrpcChannel? _ownedChannel;

    /// <summary>A client with its own channel to <see cref="PartnerClientOptions.GatewayAddress"/>.</summary>
    public HuangpuPartnerClient(PartnerClientOptions options, IAccessTokenSource tokens, TimeProvider? time = null)
        : this(OpenChannel(options), options, tokens, time)
    {
    }

    /// <summary>A client over a call invoker the host owns (a channel of its own making, an interceptor).</summary>
    public HuangpuPartnerClient(CallInvoker invoker, PartnerClientOptions options, IAccessTokenSource tokens, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        var calls = new PartnerCalls(tokens, options, time ?? TimeProvider.System);
        var registry = new RegistryService.RegistryServiceClient(invoker);
        MarketSupervision = new MarketSupervisionFeed(registry, calls);
        Credit = new CreditFeed(registry, calls);
        CityHr = new CityHrFeed(new ApplicationsService.ApplicationsServiceClient(invoker), calls);
        Treasury = new TreasuryFeed(new TreasuryCallbacks.TreasuryCallbacksClient(invoker), calls);
    }

    private HuangpuPartnerClient(GrpcChannel channel, PartnerClientOptions options, IAccessTokenSource tokens, TimeProvider? time)
        : this(channel.CreateCallInvoker(), options, tokens, time) => _ownedChannel = channel;

    public MarketSupervisionFeed MarketSupervision { get; }

    public CreditFeed Credit { get; }

    public CityHrFeed CityHr { get; }

    public TreasuryFeed Treasury { get; }

    public void Dispose() => _ownedChannel?.Dispose();

    private static GrpcChannel OpenChannel(PartnerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return GrpcChannel.ForAddress(options.GatewayAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            },
            DisposeHttpClient = true,
        });
    }
}

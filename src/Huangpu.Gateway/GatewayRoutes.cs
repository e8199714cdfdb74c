using Huangpu.BuildingBlocks.Auth;
using Huangpu.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Huangpu.Gateway;

/// <summary>
/// One backend: its cluster (an AppHost resource name), its gRPC services, the REST paths it owns, and those of
/// them that are public (no token: open disclosure).
/// </summary>
internal sealed record Backend(string Name, IReadOnlyList<string> GrpcServices, IReadOnlyList<string> RestPaths, IReadOnlyList<string>? PublicRestPaths = null)
{
    public IReadOnlyList<string> PublicPaths => PublicRestPaths ?? [];
}

/// <summary>
/// The gateway's route table, in one place. gRPC calls route by service path; REST routes by the
/// transcoded paths. Backends are reached over HTTP/2 (h2c) for both.
/// </summary>
internal static class GatewayRoutes
{
    /// <summary>YARP's name for the application's default policy: an authenticated caller.</summary>
    public const string AuthenticatedPolicy = "default";

    /// <summary>YARP's name for no authorisation at all.</summary>
    public const string AnonymousPolicy = "anonymous";

    public static IReadOnlyList<Backend> Backends { get; } =
    [
        new(ResourceNames.Registry, ["huangpu.registry.v1.RegistryService"], ["/api/v1/organizations/{**rest}", "/api/v1/feeds/registration-records:batch", "/api/v1/feeds/credit-records:batch"]),
        new(
            ResourceNames.Applications,
            ["huangpu.applications.v1.ApplicationsService"],
            [
                "/api/v1/policies/{**rest}", "/api/v1/documents/{**rest}", "/api/v1/applications/{**rest}", "/api/v1/feeds/city-awards",
                "/api/v1/joint-reviews/{**rest}", "/api/v1/notices/{**rest}", "/api/v1/objections/{**rest}",
                "/api/v1/calendar/{**rest}", "/api/v1/calendar:add-working-days",
            ],
            ["/api/v1/disclosures/{**rest}"]),
        new(ResourceNames.ExpertReview, ["huangpu.expertreview.v1.ExpertReviewService"], ["/api/v1/experts/{**rest}", "/api/v1/reviews/{**rest}", "/api/v1/fair-competition-reviews"]),
        new(
            ResourceNames.Payments,
            ["huangpu.payments.v1.PaymentsService", "huangpu.payments.v1.TreasuryCallbacks"],
            [
                "/api/v1/budgets/{**rest}", "/api/v1/ledger/{**rest}", "/api/v1/commitments", "/api/v1/payments/{**rest}",
                "/api/v1/reconciliations", "/api/v1/receivables/{**rest}", "/api/v1/treasury/{**rest}",
            ]),
        new(ResourceNames.Compliance, ["huangpu.compliance.v1.ComplianceService"], ["/api/v1/audit", "/api/v1/audit:verify", "/api/v1/alerts", "/api/v1/cases", "/api/v1/cases/{**rest}", "/api/v1/inspections", "/api/v1/inspections/{**rest}", "/api/v1/decision-packets/{**rest}"]),
    ];

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Backends.SelectMany(b => b.GrpcServices.Select((service, i) => new RouteConfig
        {
            RouteId = $"{b.Name}-grpc-{i}",
            ClusterId = b.Name,
            AuthorizationPolicy = AuthenticatedPolicy,
            Match = new RouteMatch { Path = $"/{service}/{{method}}" },
        })),
        .. Backends.SelectMany(b => b.RestPaths.Select((path, i) => new RouteConfig
        {
            RouteId = $"{b.Name}-rest-{i}",
            ClusterId = b.Name,
            AuthorizationPolicy = AuthenticatedPolicy,
            Match = new RouteMatch { Path = path },
        })),
        .. Backends.SelectMany(b => b.PublicPaths.Select((path, i) => new RouteConfig
        {
            RouteId = $"{b.Name}-public-{i}",
            ClusterId = b.Name,
            // Open disclosure (公开): readable without a token; the service marks these methods anonymous as well.
            AuthorizationPolicy = AnonymousPolicy,
            Match = new RouteMatch { Path = path, Methods = ["GET"] },
        })),
        .. Backends.Select(b => new RouteConfig
        {
            RouteId = $"{b.Name}-ops",
            ClusterId = b.Name,
            AuthorizationPolicy = AuthenticatedPolicy,
            Match = new RouteMatch { Path = OperationsPath(b.Name) },
        }),
    ];

    /// <summary>The operations routes of one service (huangpu.operations.v1, served by every domain service).</summary>
    public static string OperationsPath(string backend) => $"/ops/v1/{backend}/{{**rest}}";

    /// <summary>How long an instance found failing stays out of rotation before it is tried again.</summary>
    public static readonly TimeSpan PassiveReactivationPeriod = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<ClusterConfig> Clusters() =>
    [
        .. Backends.Select(b => new ClusterConfig
        {
            ClusterId = b.Name,
            // Resolved by service discovery from the AppHost's references: one address per instance where there are
            // several (on Kubernetes, the one Service address).
            Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = $"http://{b.Name}" } },
            // Of two instances picked at random, the one with fewer requests in flight.
            LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
            // An instance that refuses connections (stopped, restarting) is left out for a while instead of being
            // tried by every other request.
            HealthCheck = new HealthCheckConfig
            {
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = PassiveReactivationPeriod,
                },
            },
            HttpRequest = new ForwarderRequestConfig
            {
                Version = new Version(2, 0),
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                ActivityTimeout = TimeSpan.FromSeconds(100),
            },
        }),
    ];

    public static bool IsKnownRole(string role) => PlatformRoles.All.Contains(role);
}

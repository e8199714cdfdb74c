namespace Huangpu.ServiceDefaults;

/// <summary>
/// Names of the AppHost's resources. Services find their servers by these names (connection strings,
/// service discovery) whether the servers run as local processes or as containers.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";
    public const string Redis = "redis";

    public const string RegistryDatabase = "registrydb";
    public const string ApplicationsDatabase = "applicationsdb";
    public const string ExpertReviewDatabase = "expertreviewdb";
    public const string PaymentsDatabase = "paymentsdb";
    public const string ComplianceDatabase = "compliancedb";

    public const string Registry = "registry";
    public const string Applications = "applications";
    public const string ExpertReview = "expertreview";
    public const string Payments = "payments";
    public const string Compliance = "compliance";
    public const string Gateway = "gateway";

    /// <summary>The treasury simulator (Development and tests): the treasury as a partner system.</summary>
    public const string Treasury = "treasury";
}

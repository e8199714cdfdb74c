namespace Huangpu.PartnerClient;

/// <summary>Where the platform is and how patiently to call it.</summary>
public sealed class PartnerClientOptions
{
    /// <summary>The gateway's gRPC address: the TLS port outside the district's network, h2c inside it.</summary>
    public Uri GatewayAddress { get; set; } = new("http://127.0.0.1:8081");

    /// <summary>How long one call may take, every retry included; sent to the platform as the call's deadline.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a call refused as transient (overload, a rate limit, a service restarting), after the first attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The wait before the first retry when the platform names none; doubles each time, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Records per call: a longer batch is sent as several calls, each under its own idempotency key.</summary>
    public int BatchSize { get; set; } = 500;

    internal void Validate()
    {
        if (!GatewayAddress.IsAbsoluteUri || GatewayAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("GatewayAddress is an absolute http or https address.", nameof(GatewayAddress));
        }

        if (Deadline <= TimeSpan.Zero)
        {
            throw new ArgumentException("Deadline is positive.", nameof(Deadline));
        }

        if (MaxRetries < 0 || FirstRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("MaxRetries and FirstRetryDelay are not negative.", nameof(MaxRetries));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException("BatchSize is at least 1.", nameof(BatchSize));
        }
    }
}

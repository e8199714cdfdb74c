namespace Huangpu.PartnerClient;

/// <summary>
/// A token fetched once and reused until shortly before it expires (a tenth of its lifetime, at most a minute);
/// concurrent callers wait for one fetch.
/// </summary>
public abstract class CachedAccessToken(TimeProvider time) : IAccessTokenSource, IDisposable
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } held && time.GetUtcNow() < held.RenewAt)
        {
            return held.Token;
        }

        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fetched && time.GetUtcNow() < fetched.RenewAt)
            {
                return fetched.Token;
            }

            var (token, lifetime) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromMinutes(1).Ticks));
            _current = (token, time.GetUtcNow() + lifetime - margin);
            return token;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Fetches a fresh token and says how long it lives.</summary>
    protected abstract Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fetching.Dispose();
        }
    }
}

namespace Huangpu.PartnerClient;

/// <summary>The bearer token of the partner's calls; asked for before every attempt, so it may rotate.</summary>
public interface IAccessTokenSource
{
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>A token handed in as it is (a test, a script with a token from elsewhere).</summary>
public sealed class StaticAccessToken(string accessToken) : IAccessTokenSource
{
    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(accessToken);
}

using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Huangpu.PartnerClient;

/// <summary>The bureau's client at the district's authority (OAuth 2.0 client credentials).</summary>
public sealed class ClientCredentialsOptions
{
    public Uri TokenEndpoint { get; set; } = null!;

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The scope the platform's tokens are issued under, when the authority wants one.</summary>
    public string? Scope { get; set; }
}

/// <summary>
/// Tokens from the authority's token endpoint by the client-credentials grant. The <see cref="HttpClient"/> comes
/// from the host's factory with the standard resilience handler (<see cref="PartnerClientServiceCollectionExtensions"/>),
/// so a brief outage of the authority is retried there.
/// </summary>
public sealed class ClientCredentialsToken(HttpClient http, ClientCredentialsOptions options, TimeProvider time) : CachedAccessToken(time)
{
    protected override async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
        };
        if (!string.IsNullOrEmpty(options.Scope))
        {
            form["scope"] = options.Scope;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(options.TokenEndpoint, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The authority refused the client credentials of '{options.ClientId}': {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(answer?.AccessToken))
        {
            throw new HttpRequestException("The authority's answer carries no access_token.");
        }

        return (answer.AccessToken, TimeSpan.FromSeconds(answer.ExpiresIn is > 0 ? answer.ExpiresIn.Value : 300));
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}

/// <summary>
/// A Development suite's token route (<c>POST /dev/token</c> on the gateway's REST port), which exists only in
/// Development: for trying the feeds against a local suite.
/// </summary>
public sealed class DevelopmentToken(HttpClient http, Uri restAddress, string bureau, string subject, TimeProvider? time = null) : CachedAccessToken(time ?? TimeProvider.System)
{
    protected override async Task<(string Token, TimeSpan Lifetime)> FetchAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(restAddress, "/dev/token"), new { role = "partner_bureau", bureau, subject }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<DevTokenResponse>(cancellationToken).ConfigureAwait(false);
        return (answer?.AccessToken ?? throw new HttpRequestException("The token route answered no accessToken."), TimeSpan.FromMinutes(10));
    }

    private sealed record DevTokenResponse(string? AccessToken);
}

using System.Net.Http.Json;

namespace Huangpu.Contracts;

/// <summary>What <c>POST /dev/token</c> takes: a role, and the organisation, bureau or subject it needs.</summary>
public sealed record DevTokenRequest(string? Role, string? OrganizationUscc = null, string? Bureau = null, string? Subject = null);

/// <summary>What <c>POST /dev/token</c> answers.</summary>
public sealed record DevTokenResponse(string AccessToken);

/// <summary>
/// The gateway's Development-only token route, for the programs that drive a local suite (the dashboard's commands,
/// the demo, the tests, the benchmarks). The partner client keeps its own: it is packed and stands alone.
/// </summary>
public static class DevelopmentTokens
{
    public const string Path = "/dev/token";

    /// <summary>A token from the gateway behind <paramref name="http"/>'s base address.</summary>
    public static async Task<string> RequestAsync(HttpClient http, DevTokenRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(Path, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<DevTokenResponse>(cancellationToken);
        return answer?.AccessToken ?? throw new HttpRequestException("The token route answered no accessToken.");
    }
}

using Grpc.Core;
using Huangpu.BuildingBlocks.Operations;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>
/// A platform service calling another on its own account: a token of role <c>service</c> in its own name,
/// minted with the shared key and renewed at half its lifetime.
/// </summary>
public sealed class ServiceCredentials(TokenIssuer tokens, ServiceIdentity identity)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly Lock _gate = new();
    private (string Token, DateTimeOffset RenewAfter) _token;

    /// <summary>The call's authorization header.</summary>
    public Metadata Headers()
    {
        // Wall-clock time, not the platform calendar: a token's lifetime is real time in every process.
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (_token.Token is null || now >= _token.RenewAfter)
            {
                _token = (tokens.Issue(identity.Name, PlatformRoles.Service, lifetime: Lifetime), now + (Lifetime / 2));
            }

            return new Metadata { { "authorization", $"Bearer {_token.Token}" } };
        }
    }
}

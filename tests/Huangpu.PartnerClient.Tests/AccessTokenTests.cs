using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.PartnerClient.Tests;

public sealed class AccessTokenTests
{
    private static readonly ClientCredentialsOptions Credentials = new()
    {
        TokenEndpoint = new Uri("https://login.example.test/oauth2/token"),
        ClientId = "credit-bureau",
        ClientSecret = "s3cret",
        Scope = "huangpu",
    };

    [Fact]
    public async Task Client_credentials_are_posted_as_a_form_and_the_token_is_kept_until_shortly_before_it_expires()
    {
        var authority = new Authority(HttpStatusCode.OK, expiresIn: 600);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var http = new HttpClient(authority);
        using var tokens = new ClientCredentialsToken(http, Credentials, time);

        Assert.Equal("token-1", await tokens.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal("grant_type=client_credentials&client_id=credit-bureau&client_secret=s3cret&scope=huangpu", authority.Forms.Single());
        Assert.Equal(Credentials.TokenEndpoint, authority.Addresses.Single());

        time.Advance(TimeSpan.FromSeconds(539)); // 600 s less a tenth, at most a minute: renewed from 540 s on
        Assert.Equal("token-1", await tokens.GetAccessTokenAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await tokens.GetAccessTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        var authority = new Authority(HttpStatusCode.OK, expiresIn: 600, delay: TimeSpan.FromMilliseconds(100));
        using var http = new HttpClient(authority);
        using var tokens = new ClientCredentialsToken(http, Credentials, TimeProvider.System);

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tokens.GetAccessTokenAsync(CancellationToken.None).AsTask()));

        Assert.All(all, t => Assert.Equal("token-1", t));
        Assert.Single(authority.Forms);
    }

    [Fact]
    public async Task A_refusal_by_the_authority_names_the_client_and_the_status()
    {
        using var http = new HttpClient(new Authority(HttpStatusCode.Unauthorized, expiresIn: 600));
        using var tokens = new ClientCredentialsToken(http, Credentials, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => tokens.GetAccessTokenAsync(CancellationToken.None).AsTask());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("credit-bureau", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_container_gives_one_client_whose_tokens_come_through_the_resilient_authority_client()
    {
        var authority = new Authority(HttpStatusCode.OK, expiresIn: 600);
        var services = new ServiceCollection();
        services.AddHuangpuClientCredentials(o => (o.TokenEndpoint, o.ClientId, o.ClientSecret) = (Credentials.TokenEndpoint, Credentials.ClientId, Credentials.ClientSecret));
        services.AddHttpClient(PartnerClientServiceCollectionExtensions.AuthorityHttpClient).ConfigurePrimaryHttpMessageHandler(() => authority);
        services.AddHuangpuPartnerClient(o => o.GatewayAddress = new Uri("http://127.0.0.1:1"));
        await using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<HuangpuPartnerClient>(), provider.GetRequiredService<HuangpuPartnerClient>());
        Assert.Equal("token-1", await provider.GetRequiredService<IAccessTokenSource>().GetAccessTokenAsync(CancellationToken.None));
        Assert.Single(authority.Forms);
    }

    /// <summary>An OAuth 2.0 token endpoint that numbers the tokens it issues.</summary>
    private sealed class Authority(HttpStatusCode status, int expiresIn, TimeSpan delay = default) : HttpMessageHandler
    {
        private int _issued;

        public List<string> Forms { get; } = [];

        public List<Uri> Addresses { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            lock (Forms)
            {
                Forms.Add(request.Content!.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
                Addresses.Add(request.RequestUri!);
            }

            if (status != HttpStatusCode.OK)
            {
                return new HttpResponseMessage(status);
            }

            var body = $$"""{"access_token":"token-{{Interlocked.Increment(ref _issued)}}","token_type":"Bearer","expires_in":{{expiresIn}}}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}

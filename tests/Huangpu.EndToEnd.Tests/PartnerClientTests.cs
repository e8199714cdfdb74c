using Grpc.Core;
using Huangpu.Grpc.Registry.V1;
using Huangpu.PartnerClient;
using Huangpu.PartnerClient.Samples;
using Huangpu.Testing;

namespace Huangpu.EndToEnd.Tests;

/// <summary>The partner client and its samples against the whole suite, through the gateway's gRPC port.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class PartnerClientTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_feed_sent_in_several_calls_applies_once_and_resent_under_its_key_gets_the_first_answers_back()
    {
        var token = await platform.TokenAsync("partner_bureau", bureau: "market_supervision", subject: "samr-client");
        using var client = new HuangpuPartnerClient(new PartnerClientOptions { GatewayAddress = platform.GrpcAddress, BatchSize = 2 }, new StaticAccessToken(token));
        var records = Enumerable.Range(0, 3).Select(_ => TestCodes.NewUscc()).Select(uscc => new RegistrationRecord
        {
            SourceRecordId = $"SAMR-{uscc}",
            Uscc = uscc,
            Name = "客户端来源机构",
            LegalForm = LegalForm.LegalEntity,
            RegisteredDistrictCode = "310101",
            RegistrationStatus = RegistrationStatus.InBusiness,
        }).ToList();

        var first = await client.MarketSupervision.SubmitRegistrationRecordsAsync(records, batchKey: $"samr-{records[0].Uscc}");
        Assert.Equal([0, 1, 2], first.Results.Select(r => r.Index));
        Assert.All(first.Results, r => Assert.Equal(FeedOutcome.Applied, r.Outcome));
        Assert.Equal(3, first.Applied);

        // The same batch under the same key: each call's first answer comes back, nothing is applied again.
        var replayed = await client.MarketSupervision.SubmitRegistrationRecordsAsync(records, batchKey: $"samr-{records[0].Uscc}");
        Assert.Equal(first, replayed);

        // Under a new key the records are looked at afresh: already applied, unchanged.
        var resent = await client.MarketSupervision.SubmitRegistrationRecordsAsync(records);
        Assert.All(resent.Results, r => Assert.Equal(FeedOutcome.Unchanged, r.Outcome));

        var officer = PlatformFixture.Bearer(await platform.TokenAsync("case_officer"));
        var organization = await new RegistryService.RegistryServiceClient(platform.Grpc).GetOrganizationAsync(new GetOrganizationRequest { Uscc = records[2].Uscc }, officer);
        Assert.Equal(1, organization.Version);
    }

    [Fact]
    public async Task Another_bureaus_feed_is_refused_and_the_refusal_reads_in_both_languages()
    {
        var token = await platform.TokenAsync("partner_bureau", bureau: "credit", subject: "credit-client");
        using var client = new HuangpuPartnerClient(new PartnerClientOptions { GatewayAddress = platform.GrpcAddress }, new StaticAccessToken(token));
        var uscc = TestCodes.NewUscc();

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.MarketSupervision.SubmitRegistrationRecordsAsync([new RegistrationRecord { SourceRecordId = $"SAMR-{uscc}", Uscc = uscc, Name = "x" }]));

        var problem = PartnerProblem.From(refused);
        Assert.Equal(StatusCode.PermissionDenied, problem.Code);
        Assert.False(string.IsNullOrEmpty(problem.Reason));
        Assert.False(string.IsNullOrEmpty(problem.MessageZh));
    }

    [Theory]
    [InlineData("market-supervision", 0, "applied 1, unchanged 0, invalid 1")]
    [InlineData("credit", 0, "lifted on 2026-09-01: Applied")]
    [InlineData("city-hr", 0, "NotEligible")]
    [InlineData("treasury", 2, "refused: NotFound")]
    public async Task Each_feeds_sample_runs_against_the_suite(string feed, int exitCode, string printed)
    {
        var sample = Samples.All[feed];
        using var http = new HttpClient();
        using var token = new DevelopmentToken(http, platform.RestAddress, sample.Bureau, $"{sample.Bureau}-sample");
        using var client = new HuangpuPartnerClient(new PartnerClientOptions { GatewayAddress = platform.GrpcAddress }, token);
        var arguments = SampleArguments.Parse(["--gateway", platform.GrpcAddress.ToString(), "--rest", platform.RestAddress.ToString(), "--uscc", TestCodes.NewUscc()]);
        using var output = new StringWriter();

        var exit = await sample.RunAsync(client, arguments, output, CancellationToken.None);

        Assert.True(exit == exitCode, output.ToString());
        Assert.Contains(printed, output.ToString(), StringComparison.Ordinal);
    }
}

using Huangpu.Grpc.Applications.V1;

namespace Huangpu.PartnerClient.Samples;

/// <summary>
/// The city HR bureau reports Bole award winners (伯乐奖). An eligible Huangpu winner gets its 1:1 matching
/// application (item 14.1) created, waiting for its confirmation; any other is answered with the rules it fails.
/// </summary>
public static class CityHrSample
{
    public static async Task RunAsync(HuangpuPartnerClient client, SampleArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var uscc = arguments.Uscc ?? "913101018800000034";
        CityAward[] awards =
        [
            new() { SourceRecordId = $"BOLE-2026-{uscc}", OrganizationUscc = uscc, AwardFen = 30_000_000, AwardYear = "2026", DocumentNumber = "沪人社〔2026〕1号" },
        ];

        var answer = await client.CityHr.SubmitCityAwardsAsync(awards, cancellationToken: cancellationToken);
        foreach (var result in answer.Results)
        {
            var why = string.Join("; ", result.FailedRules.Select(r => $"{r.Code} {r.MessageZh}").Concat(result.Problems));
            await output.WriteLineAsync($"  [{result.Index}] {result.SourceRecordId}: {result.Outcome} {result.ApplicationId} {why}");
        }
    }
}

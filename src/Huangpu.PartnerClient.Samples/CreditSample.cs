using Huangpu.Grpc.Registry.V1;

namespace Huangpu.PartnerClient.Samples;

/// <summary>
/// The credit bureau lists an organisation as seriously dishonest (one record, at once), then sends the day's
/// batch in which the listing is lifted. A USCC not registered yet is kept and applies when it registers.
/// </summary>
public static class CreditSample
{
    public static async Task RunAsync(HuangpuPartnerClient client, SampleArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var uscc = arguments.Uscc ?? "913101018800000021";
        var listing = new AddCreditRecordRequest
        {
            Uscc = uscc,
            SourceRecordId = $"CREDIT-{uscc}-1",
            Kind = CreditRecordKind.SeriousDishonesty,
            ListedOn = "2026-03-01",
            Authority = "上海市公共信用信息服务中心",
            DocumentNumber = "沪信〔2026〕1号",
        };
        var record = await client.Credit.AddCreditRecordAsync(listing, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"listed {record.Uscc} since {record.ListedOn}; organisation registered: {record.OrganizationRegistered}");

        var lifted = listing.Clone();
        lifted.RemovedOn = "2026-09-01";
        var answer = await client.Credit.SubmitCreditRecordsAsync([lifted], cancellationToken: cancellationToken);
        var result = answer.Results.Single();
        await output.WriteLineAsync($"lifted on {lifted.RemovedOn}: {result.Outcome} {string.Join("; ", result.Problems)}");
    }
}

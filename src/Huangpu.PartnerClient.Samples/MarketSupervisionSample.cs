using Huangpu.Grpc.Registry.V1;

namespace Huangpu.PartnerClient.Samples;

/// <summary>
/// Market supervision sends the registration data of an organisation in Huangpu (310101), and a malformed record
/// beside it: the good one applies, the bad one is answered with its problem, and nothing else is held up.
/// Sent again, the good one is unchanged.
/// </summary>
public static class MarketSupervisionSample
{
    public static async Task RunAsync(HuangpuPartnerClient client, SampleArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var uscc = arguments.Uscc ?? "91310101880000001X";
        RegistrationRecord[] records =
        [
            new()
            {
                SourceRecordId = $"SAMR-{uscc}-2026",
                Uscc = uscc,
                Name = "上海示例人力资源有限公司",
                LegalForm = LegalForm.LegalEntity,
                RegisteredAddress = "上海市黄浦区示例路 1 号",
                RegisteredDistrictCode = "310101",
                RegistrationStatus = RegistrationStatus.InBusiness,
                RegistrationStatusSince = "2019-06-01",
            },
            new() { SourceRecordId = "SAMR-MALFORMED", Uscc = "12345", Name = "格式错误的记录" },
        ];

        var answer = await client.MarketSupervision.SubmitRegistrationRecordsAsync(records, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"applied {answer.Applied}, unchanged {answer.Unchanged}, invalid {answer.Invalid}");
        foreach (var result in answer.Results)
        {
            await output.WriteLineAsync($"  [{result.Index}] {result.SourceRecordId}: {result.Outcome} {string.Join("; ", result.Problems)}");
        }
    }
}

namespace Huangpu.PartnerClient.Samples;

/// <summary>
/// The treasury confirms a payment instruction it settled: <c>--instruction ID --amount FEN --payee USCC
/// --reference REF</c>, as the instruction said. (In Development the treasury simulator confirms on its own; an
/// instruction id the platform never sent is refused as NOT_FOUND, which the sample prints.)
/// </summary>
public static class TreasurySample
{
    public static async Task RunAsync(HuangpuPartnerClient client, SampleArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var instruction = arguments.Values.GetValueOrDefault("instruction", Guid.NewGuid().ToString());
        var amountFen = long.Parse(arguments.Values.GetValueOrDefault("amount", "100000"), System.Globalization.CultureInfo.InvariantCulture);
        var payee = arguments.Values.GetValueOrDefault("payee", arguments.Uscc ?? "91310101880000001X");
        var reference = arguments.Values.GetValueOrDefault("reference", $"GK{DateTime.UtcNow:yyyyMMddHHmmss}");

        var confirmed = await client.Treasury.ConfirmSettledAsync(instruction, amountFen, payee, reference, DateTimeOffset.UtcNow, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"payment {confirmed.PaymentId}: {confirmed.Status}");
    }
}

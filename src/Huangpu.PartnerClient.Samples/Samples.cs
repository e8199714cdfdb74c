using Grpc.Core;

namespace Huangpu.PartnerClient.Samples;

/// <summary>A sample: the bureau whose token it needs, and what it does with the client.</summary>
public sealed record Sample(string Bureau, Func<HuangpuPartnerClient, SampleArguments, TextWriter, CancellationToken, Task> Body)
{
    /// <summary>Runs the sample: 0 when the platform answered, 2 when it refused (the refusal printed as a partner reads it).</summary>
    public async Task<int> RunAsync(HuangpuPartnerClient client, SampleArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await Body(client, arguments, output, cancellationToken);
            return 0;
        }
        catch (RpcException e)
        {
            var problem = PartnerProblem.From(e);
            await output.WriteLineAsync($"refused: {problem.Code} {problem.Reason}: {problem.Message} / {problem.MessageZh}");
            foreach (var field in problem.Fields)
            {
                await output.WriteLineAsync($"  {field.Field}: {field.Description}");
            }

            return 2;
        }
    }
}

public static class Samples
{
    public static IReadOnlyDictionary<string, Sample> All { get; } = new Dictionary<string, Sample>(StringComparer.Ordinal)
    {
        ["market-supervision"] = new("market_supervision", MarketSupervisionSample.RunAsync),
        ["credit"] = new("credit", CreditSample.RunAsync),
        ["city-hr"] = new("city_hr", CityHrSample.RunAsync),
        ["treasury"] = new("treasury", TreasurySample.RunAsync),
    };
}

/// <summary>The command line after the feed's name.</summary>
public sealed record SampleArguments(Uri Gateway, Uri Rest, string? Uscc, IReadOnlyDictionary<string, string> Values)
{
    public static SampleArguments Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new SampleArguments(
            new Uri(values.GetValueOrDefault("gateway", "http://127.0.0.1:8081")),
            new Uri(values.GetValueOrDefault("rest", "http://127.0.0.1:8080")),
            values.GetValueOrDefault("uscc"),
            values);
    }
}

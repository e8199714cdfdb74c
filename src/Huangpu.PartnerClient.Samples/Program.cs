using Huangpu.PartnerClient;
using Huangpu.PartnerClient.Samples;

// dotnet run --project src/Huangpu.PartnerClient.Samples -- <feed> [--gateway URL] [--rest URL] [--uscc USCC] [...]
// Against a Development suite (./run.sh): the token comes from its /dev/token route. A bureau's own system would
// use AddHuangpuClientCredentials (or ClientCredentialsToken) with its authority instead.
if (args.Length == 0 || !Samples.All.TryGetValue(args[0], out var sample))
{
    Console.Error.WriteLine($"usage: Huangpu.PartnerClient.Samples <{string.Join('|', Samples.All.Keys)}> [--gateway http://127.0.0.1:8081] [--rest http://127.0.0.1:8080] [--uscc USCC]");
    return 64;
}

var options = SampleArguments.Parse(args.AsSpan(1));
using var http = new HttpClient();
using var token = new DevelopmentToken(http, options.Rest, sample.Bureau, $"{sample.Bureau}-sample");
using var client = new HuangpuPartnerClient(new PartnerClientOptions { GatewayAddress = options.Gateway }, token);
return await sample.RunAsync(client, options, Console.Out, CancellationToken.None);

using Huangpu.BuildingBlocks.Auth;
using Huangpu.Grpc.Payments.V1;
using Huangpu.ServiceDefaults;
using Huangpu.TreasurySimulator;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The treasury simulator: the treasury's gRPC interface for Development and tests, told by its control service
// to accept, reject, time out, confirm late or twice. It keeps its book in memory.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings());
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<SimulatedTreasury>();
builder.Services.AddSingleton<Confirmations>();
// Confirmations go where a treasury's would: the platform's front door (the gateway's gRPC port).
builder.Services.AddGrpcClient<TreasuryCallbacks.TreasuryCallbacksClient>(o =>
    o.Address = new Uri(builder.Configuration["Simulator:CallbackAddress"] ?? $"http://{ResourceNames.Payments}"));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<TreasuryService>();
app.MapGrpcService<SimulatorControlService>();
await app.RunAsync();

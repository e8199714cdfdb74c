using Huangpu.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayListeners();
builder.AddGatewayServices();

var app = builder.Build();
app.MapGateway();
await app.RunAsync();

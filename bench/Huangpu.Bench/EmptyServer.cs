using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The baseline: an ASP.NET Core gRPC server whose one unary handler does nothing, on h2c like the services.</summary>
internal static class EmptyServer
{
    public static async Task RunAsync(int port)
    {
        var builder = H2cServer.CreateBuilder(port);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<EmptyHealth>();
        await app.RunAsync();
    }

    private sealed class EmptyHealth : Health.HealthBase
    {
        private static readonly Task<HealthCheckResponse> Serving = Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });

        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Serving;
    }
}

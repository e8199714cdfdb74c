using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Huangpu.Gateway.Tests;

/// <summary>With a certificate configured, one TLS port serves HTTP/2 and HTTP/1.1 alike, as ALPN agrees with each caller.</summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("huangpu-tls-").FullName;
    private WebApplication _app = null!;
    private int _tlsPort;
    private string _thumbprint = null!;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _thumbprint = certificate.GetCertHashString();
        await File.WriteAllTextAsync(Path.Combine(_folder, "gateway.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder, "gateway.key"), key.ExportPkcs8PrivateKeyPem());

        _tlsPort = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["HP_GATEWAY_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["HP_GATEWAY_GRPC_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Gateway:Tls:Port"] = _tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Gateway:Tls:CertificatePath"] = Path.Combine(_folder, "gateway.crt");
        builder.Configuration["Gateway:Tls:KeyPath"] = Path.Combine(_folder, "gateway.key");
        builder.AddGatewayListeners();
        _app = builder.Build();
        _app.MapGet("/protocol", (HttpContext context) => context.Request.Protocol);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(2, "HTTP/2")]
    [InlineData(1, "HTTP/1.1")]
    public async Task One_tls_port_serves_each_protocol_the_caller_negotiates(int major, string expected)
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _thumbprint } };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{_tlsPort}/protocol")
        {
            Version = major == 2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

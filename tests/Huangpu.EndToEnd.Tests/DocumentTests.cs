using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Huangpu.EndToEnd.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class DocumentTests(PlatformFixture platform)
{
    private async Task<HttpResponseMessage> PutAsync(string token, string sha256, byte[] bytes, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{sha256}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await platform.Rest.SendAsync(request);
    }

    [Fact]
    public async Task A_document_is_stored_by_its_hash_and_uploading_it_again_is_harmless()
    {
        var token = await platform.TokenAsync("applicant", organizationUscc: "91310000630405061X");
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var first = await PutAsync(token, sha, bytes, "application/pdf");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stored = await first.JsonAsync();
        Assert.Equal(sha, stored.GetProperty("sha256").GetString());
        Assert.Equal("application/pdf", stored.GetProperty("mediaType").GetString());
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.GetProperty("sizeBytes").GetString());

        using var again = await PutAsync(token, sha, bytes, "application/pdf");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(stored.GetProperty("uploadedAt").GetString(), (await again.JsonAsync()).GetProperty("uploadedAt").GetString());
    }

    [Fact]
    public async Task Bytes_that_do_not_match_their_hash_or_their_declared_type_are_refused()
    {
        var token = await platform.TokenAsync("case_officer");
        var pdf = "%PDF-1.4\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        using var wrongHash = await PutAsync(token, new string('a', 64), pdf, "application/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, wrongHash.StatusCode);
        Assert.Equal(["sha256"], (await wrongHash.JsonAsync()).ViolatedFields());

        using var wrongType = await PutAsync(token, Convert.ToHexStringLower(SHA256.HashData(pdf)), pdf, "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(["contentType"], (await wrongType.JsonAsync()).ViolatedFields());

        var html = "<html>hello</html>"u8.ToArray();
        using var notAllowed = await PutAsync(token, Convert.ToHexStringLower(SHA256.HashData(html)), html, "text/html");
        Assert.Equal(HttpStatusCode.BadRequest, notAllowed.StatusCode);

        var auditor = await platform.TokenAsync("auditor");
        using var forbidden = await PutAsync(auditor, Convert.ToHexStringLower(SHA256.HashData(pdf)), pdf, "application/pdf");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_document_over_20_MiB_is_413()
    {
        var token = await platform.TokenAsync("case_officer");
        var bytes = new byte[(20 * 1024 * 1024) + 1];
        "%PDF-"u8.CopyTo(bytes);
        using var response = await PutAsync(token, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, "application/pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

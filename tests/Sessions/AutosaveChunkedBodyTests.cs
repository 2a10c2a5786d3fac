using System.Net;
using System.Text;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

/// <summary>
/// A body sent without Content-Length (chunked, as a streaming client sends it) is read the other way JsonBody reads
/// bodies, with the same limits: it saves like any other, and past 256 KiB it is 413.
/// </summary>
public sealed class AutosaveChunkedBodyTests
{
    [Fact]
    public async Task A_chunked_autosave_is_saved()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await tenant.Http.SendAsync(Chunked(new { sessionId = id, stage = "organizer", data = new { name = "Ann Lee" } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal("Ann Lee", (await JsonAsync(response)).GetProperty("organizer_data").GetProperty("name").GetString());
        Assert.Contains("\"Ann Lee\"", await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_chunked_body_over_256_KiB_is_413_and_saves_nothing()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await tenant.Http.SendAsync(Chunked(new { sessionId = id, stage = "organizer", data = new { name = new string('x', 300 * 1024) } }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await JsonAsync(response)).GetProperty("code").GetString());
        Assert.DoesNotContain("xxxx", await StoredAsync(tenant.OrganizationId, id) ?? "");
    }

    /// <summary>A PATCH whose content has no length, so HttpClient sends it chunked.</summary>
    private static HttpRequestMessage Chunked(object body)
    {
        var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body))));
        content.Headers.ContentType = new("application/json");
        return new HttpRequestMessage(HttpMethod.Patch, "/api/wizard-session") { Content = content };
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

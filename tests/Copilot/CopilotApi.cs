using System.Net.Http.Headers;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Copilot;

/// <summary>Calls of the copilot route as a client makes them, plain JSON or streamed.</summary>
public static class CopilotApi
{
    /// <summary>A message the fake model can pick out: the test's marker in it.</summary>
    public static string Marker() => "m-" + Guid.NewGuid().ToString("N")[..16];

    public static Task<HttpResponseMessage> AskAsync(TenantClient tenant, string sessionId, object body) =>
        tenant.Http.PostAsync($"/api/wizard-session/{sessionId}/copilot", Json(body));

    public static Task<HttpResponseMessage> AskStreamedAsync(TenantClient tenant, string sessionId, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/wizard-session/{sessionId}/copilot") { Content = Json(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return tenant.Http.SendAsync(request);
    }
}

using System.Net;
using System.Text.Json;

namespace EventWizard.Tests.Infrastructure;

/// <summary>Reads what a test received: the JSON body, the code of a problem, what an unexpected answer said.</summary>
public static class ResponseBody
{
    /// <summary>The body parsed as JSON (a copy that outlives the parsed document).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The <c>code</c> of a problem+json body; fails when the response is not problem+json.</summary>
    public static async Task<string> ProblemCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await JsonAsync(response)).GetProperty("code").GetString()!;
    }

    /// <summary>
    /// Each response whose status is not one of <paramref name="expected"/>, as "status body (X-Request-Id)": the
    /// message of a concurrency test's failure, which otherwise says only how many answers were off.
    /// </summary>
    public static async Task<string> UnexpectedAsync(IEnumerable<HttpResponseMessage> responses, params HttpStatusCode[] expected)
    {
        var described = new List<string>();
        foreach (var response in responses.Where(r => !expected.Contains(r.StatusCode)))
        {
            var id = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
            described.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} (X-Request-Id {id})");
        }
        return string.Join("; ", described);
    }
}

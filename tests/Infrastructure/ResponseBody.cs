using System.Text.Json;

namespace EventWizard.Tests.Infrastructure;

/// <summary>Reads what a test received: the JSON body, and the code of a problem.</summary>
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
}

using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Cleanup.CleanupRows;

namespace EventWizard.Tests.Cleanup;

[Collection(CleanupCollection.Name)]
public sealed class CleanupHttpTests
{
    /// <summary>The request the Functions host's admin endpoint takes (a JSON body) works here too, as does none.</summary>
    public static TheoryData<string?, string?> Bodies => new()
    {
        { null, null },
        { "{}", "application/json" },
        { """{"input":""}""", "application/json" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Post_admin_functions_Cleanup_runs_it_and_answers_with_the_counts(string? requestBody, string? contentType)
    {
        var owner = await TestDatabase.OwnerAsync();
        var org = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await SessionAsync(owner, org, "expired-a-minute-ago", "in_progress", now.AddDays(-7), expiresAt: now.AddMinutes(-1));
        var client = await TestHost.AnonymousClientAsync();

        var response = await client.PostAsync("/admin/functions/Cleanup",
            requestBody is null ? null : new StringContent(requestBody, System.Text.Encoding.UTF8, contentType!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ResponseBody.JsonAsync(response);
        Assert.True(report.GetProperty("sessionsExpired").GetInt64() >= 1);
        foreach (var count in new[] { "interactionsRedacted", "sessionsDeleted", "actionsReleased", "elapsedMs", "longestStatementMs" })
        {
            Assert.True(report.GetProperty(count).GetInt64() >= 0, count);
        }
        Assert.True(report.GetProperty("completed").GetBoolean());
        Assert.False(report.GetProperty("skipped").GetBoolean());
        Assert.Equal(new SessionState("expired", false), await SessionStateAsync(owner, org, "expired-a-minute-ago"));
    }
}

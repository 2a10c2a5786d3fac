using System.Net;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Copilot.CopilotApi;
using static EventWizard.Tests.Copilot.CopilotTests;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Copilot;

/// <summary>The per-organization daily token budget of the copilot (sql/004), over real HTTP and in the database.</summary>
public sealed class CopilotBudgetTests(CopilotBudgetTests.PatientModelFixture fixture) : IClassFixture<CopilotBudgetTests.PatientModelFixture>
{
    private const long Budget = CopilotHostFixture.DailyTokenBudget;

    private async Task<(TenantClient Tenant, string SessionId)> SessionWithSpendAsync(long spent)
    {
        var tenant = fixture.NewTenant();
        var id = NewId();
        await CreateAsync(tenant, id);
        await ExecuteAsOwnerAsync("""
            insert into copilot_token_spend (organization_id, day, tokens_used)
            values (@org, (now() at time zone 'utc')::date, @spent)
            """, new { org = tenant.OrganizationId, spent });
        return (tenant, id);
    }

    [Fact]
    public async Task Two_concurrent_turns_with_budget_left_for_one_give_one_200_and_one_429_and_never_overspend()
    {
        var (tenant, id) = await SessionWithSpendAsync(Budget - 50);
        var message = $"Race {Marker()}";
        var release = new TaskCompletionSource();
        // The turn that reserved first is held at the model until the other has been answered.
        Model.Plan(message, new FakeAnswer("First.", PromptTokens: 30, CompletionTokens: 10, Before: release.Task));
        Model.Plan(message, new FakeAnswer("Second.", PromptTokens: 30, CompletionTokens: 10));

        var first = AskAsync(tenant, id, new { message });
        var second = AskAsync(tenant, id, new { message });
        var answeredFirst = await Task.WhenAny(first, second);
        release.SetResult();
        var responses = await Task.WhenAll(first, second);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await answeredFirst).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode).Order());
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("copilot_budget_exhausted", await ProblemCodeAsync(refused));
        Assert.Single(Model.RequestsFor(message));
        Assert.Equal(Budget - 50 + 40, await SpendAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task A_turn_that_costs_more_than_is_left_takes_the_spend_to_the_budget_and_no_further()
    {
        var (tenant, id) = await SessionWithSpendAsync(Budget - 10);
        var message = $"Expensive {Marker()}";
        Model.Plan(message, new FakeAnswer("A long answer.", PromptTokens: 500, CompletionTokens: 100));

        var response = await AskAsync(tenant, id, new { message });
        var next = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(600, (await JsonAsync(response)).GetProperty("usage") is var usage
            ? usage.GetProperty("promptTokens").GetInt32() + usage.GetProperty("completionTokens").GetInt32() : 0);
        Assert.Equal(Budget, await SpendAsync(tenant.OrganizationId));
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
    }

    [Fact]
    public async Task A_spent_budget_answers_429_with_Retry_After_until_midnight_UTC_and_neither_calls_the_model_nor_records_a_turn()
    {
        var (tenant, id) = await SessionWithSpendAsync(Budget);
        var message = $"Out of tokens {Marker()}";

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("copilot_budget_exhausted", await ProblemCodeAsync(response));
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var untilMidnight = (DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow).TotalSeconds;
        Assert.InRange(retryAfter, untilMidnight - 10, untilMidnight + 10);
        Assert.Empty(Model.RequestsFor(message));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Another_organization_sees_and_changes_nothing_of_a_spend_row()
    {
        var (tenant, _) = await SessionWithSpendAsync(123);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        var other = new Caller(Guid.NewGuid(), Guid.NewGuid());

        var seen = await db.QuerySingleOrDefaultAsync<long>(other, "select count(*) from copilot_token_spend", null, default);
        var changed = await db.QueryAsync<Guid>(other,
            "update copilot_token_spend set tokens_used = 0 where organization_id = @OrganizationId returning organization_id",
            new { tenant.OrganizationId }, default);

        Assert.Equal(0, seen);
        Assert.Empty(changed);
        Assert.Equal(123, await SpendAsync(tenant.OrganizationId));
    }

    private FakeChatModel Model => fixture.Model;

    /// <summary>A model call held back by a test must not time out meanwhile, however slow the machine.</summary>
    public sealed class PatientModelFixture : CopilotHostFixture
    {
        protected override TimeSpan AttemptTimeout => TimeSpan.FromSeconds(60);
    }
}

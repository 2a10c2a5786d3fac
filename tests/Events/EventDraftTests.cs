using System.Text.Json;
using EventWizard.Shared.Events;
using EventWizard.Shared.Stages;

namespace EventWizard.Tests.Events;

public sealed class EventDraftTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \"")]
    [InlineData("\"\\uFEFF\"")]
    [InlineData("null")]
    public void Blank_optional_fields_take_their_defaults_as_the_stage_rules_treat_them(string blank)
    {
        var (draft, issues) = EventDraft.From(
            Json($$"""{"title":"Show","type":"popup","date":"2030-06-20","startTime":"18:00","timezone":{{blank}},"endTime":{{blank}}}"""),
            Json($$"""{"tiers":[{"name":"GA","price":0,"currency":{{blank}},"quantity":1}],"totalCapacity":1}"""),
            Json("""{"mode":"virtual","url":"https://stream.example"}"""),
            Json("""{"enabled":false}"""));

        Assert.Empty(issues);
        Assert.Equal(StageValidator.DefaultTimezone, draft!.Timezone);
        Assert.Null(draft.EndTime);
        Assert.Equal(StageValidator.DefaultCurrency, draft.TicketTiers[0].GetProperty("currency").GetString());
    }
}

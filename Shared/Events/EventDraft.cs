using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Events;

/// <summary>
/// The event a complete session becomes: the columns of events, mapped from the stage payloads
/// (event_data, ticket_data, venue_data, payment_data), with the defaults of design.md applied.
/// </summary>
public sealed record EventDraft(
    string Title,
    string Type,
    string? Description,
    string EventDate,
    string StartTime,
    string? EndTime,
    string Timezone,
    string VenueMode,
    JsonElement VenueData,
    JsonElement TicketTiers,
    int TotalCapacity,
    string? StripeAccountId,
    bool PaymentEnabled)
{
    private const int TitleColumnLength = 255;

    /// <summary>
    /// Maps payloads that passed the full stage validation. Also checks what the stage rules leave to the
    /// column types (a title of at most 255 characters, a capacity that fits an int); those problems come
    /// back as errors keyed <c>"&lt;stage&gt;.&lt;field&gt;"</c> instead of a draft.
    /// </summary>
    public static (EventDraft? Draft, IReadOnlyList<FieldIssue> Issues) From(
        JsonElement eventData, JsonElement ticketData, JsonElement venueData, JsonElement paymentData)
    {
        var issues = new List<FieldIssue>();
        var title = eventData.GetProperty("title").GetString()!;
        if (title.EnumerateRunes().Count() > TitleColumnLength)
        {
            issues.Add(new FieldIssue($"{WizardStages.Event}.title", "too_long", $"title must be at most {TitleColumnLength} characters"));
        }
        var capacity = ticketData.GetProperty("totalCapacity").GetDecimal();
        if (capacity > int.MaxValue)
        {
            issues.Add(new FieldIssue($"{WizardStages.Ticket}.totalCapacity", "out_of_range", $"totalCapacity must be at most {int.MaxValue}"));
        }
        if (issues.Count > 0)
        {
            return (null, issues);
        }
        var paymentEnabled = paymentData.GetProperty("enabled").GetBoolean();
        var draft = new EventDraft(
            Title: title,
            Type: eventData.GetProperty("type").GetString()!,
            Description: OptionalString(eventData, "description"),
            EventDate: eventData.GetProperty("date").GetString()!,
            StartTime: eventData.GetProperty("startTime").GetString()!,
            EndTime: OptionalString(eventData, "endTime"),
            Timezone: OptionalString(eventData, "timezone") ?? StageValidator.DefaultTimezone,
            VenueMode: venueData.GetProperty("mode").GetString()!,
            VenueData: venueData.Clone(),
            TicketTiers: TiersWithCurrency(ticketData.GetProperty("tiers")),
            TotalCapacity: (int)capacity,
            StripeAccountId: paymentEnabled ? OptionalString(paymentData, "accountId") : null,
            PaymentEnabled: paymentEnabled);
        return (draft, issues);
    }

    /// <summary>An optional field; an empty string counts as absent, as the stage rules treat it.</summary>
    private static string? OptionalString(JsonElement payload, string field) =>
        payload.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && !BlankText.IsBlank(value.GetString()!) ? value.GetString() : null;

    /// <summary>The tiers as given, each with <c>currency</c> set (USD when absent or blank, as the stage rules treat it).</summary>
    private static JsonElement TiersWithCurrency(JsonElement tiers)
    {
        var array = new JsonArray();
        foreach (var tier in tiers.EnumerateArray())
        {
            var node = JsonNode.Parse(tier.GetRawText())!.AsObject();
            if (OptionalString(tier, "currency") is null)
            {
                node["currency"] = StageValidator.DefaultCurrency;
            }
            array.Add(node);
        }
        return JsonSerializer.SerializeToElement(array);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// The tests' one set of valid stage payloads: every data stage complete, the tickets free, payment off, the event a
/// month ahead. Each instance holds its own copies, so a test changes them before saving or inserting.
/// </summary>
public sealed class StagePayloads
{
    public JsonObject Organizer { get; } = new() { ["name"] = "Atelier Nord", ["email"] = "hello@atelier-nord.example" };

    public JsonObject Event { get; } = new()
    {
        ["title"] = "Autumn Runway",
        ["type"] = "fashion_show",
        // A month ahead: not in the past whatever the time zone.
        ["date"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["startTime"] = "18:30",
        ["endTime"] = "21:00",
        ["description"] = "The autumn collection.",
    };

    public JsonObject Ticket { get; } = new()
    {
        ["tiers"] = new JsonArray(
            new JsonObject { ["name"] = "General", ["price"] = 0, ["quantity"] = 100 },
            new JsonObject { ["name"] = "Front row", ["price"] = 0, ["currency"] = "EUR", ["quantity"] = 20 }),
        ["totalCapacity"] = 120,
    };

    public JsonObject Venue { get; } = new()
    {
        ["mode"] = "physical",
        ["name"] = "Hall 4",
        ["address"] = new JsonObject { ["line1"] = "1 Dock Street", ["city"] = "Brooklyn", ["country"] = "US" },
    };

    public JsonObject Payment { get; } = new() { ["enabled"] = false };

    /// <summary>Makes the first tier paid; payment stays as it is (off: the cross-stage rule then has an issue).</summary>
    public StagePayloads WithPaidTicket()
    {
        Ticket["tiers"]![0]!["price"] = 25.5m;
        return this;
    }

    /// <summary>Makes the first tier paid and connects a Stripe account, as the cross-stage rule needs.</summary>
    public StagePayloads Paid(string accountId = "acct_1TestAccount")
    {
        WithPaidTicket();
        Payment["enabled"] = true;
        Payment["accountId"] = accountId;
        return this;
    }
}

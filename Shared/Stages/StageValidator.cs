using EventWizard.Shared.Http;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>
/// What "complete" means for each data stage (design.md, Stage validation): the fields declared in
/// <see cref="StageDefinitions"/> (the same declarations the stage schemas are built from), then the rules no schema
/// states (<see cref="StageRules"/>), and the cross-stage rule that a paid tier needs payment enabled with an account.
/// </summary>
public sealed class StageValidator(TimeProvider clock)
{
    public const string DefaultTimezone = "America/New_York";
    public const string DefaultCurrency = "USD";

    private static readonly HashSet<string> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>().Where(code => code.Length == 3).ToHashSet(StringComparer.Ordinal);

    /// <summary>The issues of one data stage's payload; empty when the stage is complete.</summary>
    public IReadOnlyList<FieldIssue> Validate(string dataStage, JsonElement payload) => dataStage switch
    {
        WizardStages.Organizer => PayloadReader.Check(payload, StageDefinitions.Organizer.Fields).Issues,
        WizardStages.Event => Event(payload),
        WizardStages.Ticket => Ticket(payload),
        WizardStages.Venue => Venue(payload),
        WizardStages.Payment => Payment(payload),
        _ => throw new ArgumentOutOfRangeException(nameof(dataStage), dataStage, "Not a data stage."),
    };

    /// <summary>Cross-stage: a tier with a price above zero needs payment enabled with an account (reported on paymentSetup).</summary>
    public static IReadOnlyList<FieldIssue> CrossStage(JsonElement ticketPayload, JsonElement paymentPayload)
    {
        if (!HasPaidTier(ticketPayload))
        {
            return [];
        }
        var payment = PayloadReader.Check(paymentPayload, StageDefinitions.Payment.Fields);
        return payment.Boolean("enabled") == true && payment.Text("accountId") is not null
            ? []
            : [new FieldIssue("enabled", StageRules.PaymentRequired.Code, "Paid tickets need payment enabled with a connected Stripe account")];
    }

    /// <summary>True when a ticket tier has a price above zero (it then needs payment with a Stripe account).</summary>
    public static bool HasPaidTier(JsonElement ticketPayload) =>
        ticketPayload.ValueKind == JsonValueKind.Object
        && ticketPayload.TryGetProperty("tiers", out var tiers) && tiers.ValueKind == JsonValueKind.Array
        && tiers.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("price", out var p)
            && p.ValueKind == JsonValueKind.Number && JsonNumber.Of(p).CompareTo(0) > 0);

    private List<FieldIssue> Event(JsonElement payload)
    {
        var reader = PayloadReader.Check(payload, StageDefinitions.Event.Fields);
        if (Zone(reader) is { } zone && reader.Text("date") is { } date
            && DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) < Today(zone))
        {
            reader.Add("date", StageRules.DateInPast.Code, "date must not be before today in the event's time zone");
        }
        // HH:mm text orders as the times do.
        if (reader.Text("startTime") is { } start && reader.Text("endTime") is { } end && string.CompareOrdinal(end, start) <= 0)
        {
            reader.Add("endTime", StageRules.EndNotAfterStart.Code, "endTime must be after startTime");
        }
        return reader.Issues;
    }

    private DateOnly Today(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    private static List<FieldIssue> Ticket(JsonElement payload)
    {
        var reader = PayloadReader.Check(payload, StageDefinitions.Ticket.Fields);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long largestTier = 0;
        foreach (var tier in reader.Items("tiers"))
        {
            if (tier.Text("name") is { } name && !names.Add(BlankText.Trim(name)))
            {
                tier.Add("name", StageRules.DuplicateTierName.Code, "tier names must be unique");
            }
            if (tier.Number("price") is { DecimalPlaces: > 2 })
            {
                tier.Add("price", StageRules.TooManyDecimals.Code, "price must have at most 2 decimals");
            }
            if (tier.Text("currency") is { } currency && !Currencies.Contains(currency))
            {
                tier.Add("currency", StageRules.UnknownCurrency.Code, "currency must be an ISO 4217 code such as USD");
            }
            largestTier = Math.Max(largestTier, tier.Integer("quantity") ?? 0);
        }
        if (reader.Integer("totalCapacity") is { } capacity && capacity < largestTier)
        {
            reader.Add("totalCapacity", StageRules.BelowLargestTier.Code, "totalCapacity must be at least the largest tier quantity");
        }
        return reader.Issues;
    }

    private static List<FieldIssue> Venue(JsonElement payload)
    {
        var reader = PayloadReader.Check(payload, StageDefinitions.Venue.Fields);
        var address = reader.Nested("address");
        if (address?.Text("country") is { } country && !IsCountry(country))
        {
            address.Add("country", StageRules.UnknownCountry.Code, "country must be an ISO 3166-1 alpha-2 code such as US");
        }
        var mode = reader.Text("mode");
        if (mode is "physical" or "hybrid")
        {
            RequireForMode(reader, "name", mode);
            if (address is null)
            {
                RequireForMode(reader, "address", mode);
            }
            else
            {
                RequireForMode(address, "line1", mode);
                RequireForMode(address, "city", mode);
                RequireForMode(address, "country", mode);
            }
        }
        if (mode is "virtual" or "hybrid")
        {
            RequireForMode(reader, "url", mode);
        }
        return reader.Issues;
    }

    private static void RequireForMode(PayloadReader reader, string field, string mode)
    {
        if (!reader.IsGiven(field))
        {
            reader.Add(field, StageRules.RequiredForMode.Code, $"{field} is required when mode is {mode}");
        }
    }

    private static List<FieldIssue> Payment(JsonElement payload)
    {
        var reader = PayloadReader.Check(payload, StageDefinitions.Payment.Fields);
        if (reader.Boolean("enabled") == true && !reader.IsGiven("accountId"))
        {
            reader.Add("accountId", StageRules.RequiredWhenEnabled.Code, "accountId is required when payment is enabled");
        }
        return reader.Issues;
    }

    /// <summary>The event's time zone: the default when not given, null when the given one is wrong (its issue is reported).</summary>
    private static TimeZoneInfo? Zone(PayloadReader reader)
    {
        if (!reader.IsGiven("timezone"))
        {
            return Zones.GetOrAdd(DefaultTimezone, TimeZoneInfo.FindSystemTimeZoneById);
        }
        if (reader.Text("timezone") is not { } name)
        {
            return null;
        }
        if (name == "UTC")
        {
            return TimeZoneInfo.Utc;
        }
        if (!name.StartsWith("posix/", StringComparison.Ordinal) && !name.StartsWith("right/", StringComparison.Ordinal)
            && TryFindZone(name, out var zone))
        {
            return zone;
        }
        reader.Add("timezone", StageRules.UnknownTimezone.Code, "timezone must be an IANA time zone such as America/New_York");
        return null;
    }

    // RegionInfo and the time zone lookup take process-wide locks on every call (seen in a profile of autosave);
    // their answers never change, so they are remembered. Both caches are bounded: 676 two-letter codes, and only
    // zones that exist.
    private static readonly ConcurrentDictionary<string, bool> Countries = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private static bool IsCountry(string code) =>
        Countries.GetOrAdd(code, static code =>
        {
            try
            {
                return new RegionInfo(code).TwoLetterISORegionName == code;
            }
            catch (ArgumentException)
            {
                return false;
            }
        });

    private static bool TryFindZone(string name, out TimeZoneInfo? zone)
    {
        if (Zones.TryGetValue(name, out zone))
        {
            return true;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone))
        {
            return false;
        }
        Zones.TryAdd(name, zone);
        return true;
    }
}

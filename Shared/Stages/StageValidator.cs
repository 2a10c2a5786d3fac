using EventWizard.Shared.Http;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventWizard.Shared.Stages;

/// <summary>
/// What "complete" means for each data stage (design.md, Stage validation), and the cross-stage rule
/// that a paid tier needs payment enabled with an account.
/// </summary>
public sealed partial class StageValidator(TimeProvider clock)
{
    public const string DefaultTimezone = "America/New_York";
    public const string DefaultCurrency = "USD";
    private static readonly string[] EventTypes = ["fashion_show", "popup", "exhibition", "launch"];
    private static readonly string[] VenueModes = ["physical", "virtual", "hybrid"];
    private static readonly HashSet<string> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>().Where(code => code.Length == 3).ToHashSet(StringComparer.Ordinal);

    /// <summary>The issues of one data stage's payload; empty when the stage is complete.</summary>
    public IReadOnlyList<FieldIssue> Validate(string dataStage, JsonElement payload) => dataStage switch
    {
        WizardStages.Organizer => Organizer(payload),
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
        var enabled = paymentPayload.ValueKind == JsonValueKind.Object && paymentPayload.TryGetProperty("enabled", out var e)
            && e.ValueKind == JsonValueKind.True;
        var hasAccount = paymentPayload.ValueKind == JsonValueKind.Object && paymentPayload.TryGetProperty("accountId", out var a)
            && a.ValueKind == JsonValueKind.String && AccountId().IsMatch(a.GetString()!);
        return enabled && hasAccount
            ? []
            : [new FieldIssue("enabled", "payment_required", "Paid tickets need payment enabled with a connected Stripe account")];
    }

    /// <summary>True when a ticket tier has a price above zero (it then needs payment with a Stripe account).</summary>
    public static bool HasPaidTier(JsonElement ticketPayload) =>
        ticketPayload.ValueKind == JsonValueKind.Object
        && ticketPayload.TryGetProperty("tiers", out var tiers) && tiers.ValueKind == JsonValueKind.Array
        && tiers.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("price", out var p)
            && p.ValueKind == JsonValueKind.Number && p.TryGetDecimal(out var price) && price > 0);

    private static List<FieldIssue> Organizer(JsonElement payload)
    {
        var reader = new PayloadReader(payload);
        reader.String("name", required: true, max: 200);
        if (reader.String("email", required: true, max: 254) is { } email && !IsEmail(email))
        {
            reader.Add("email", "invalid_format", "email must be a valid email address");
        }
        reader.String("phone", required: false, max: 50);
        if (reader.String("website", required: false, max: 2048) is { } website && !IsHttpsUrl(website))
        {
            reader.Add("website", "invalid_format", "website must be an https URL");
        }
        reader.String("description", required: false, min: 0, max: 5_000);
        return reader.Issues;
    }

    private List<FieldIssue> Event(JsonElement payload)
    {
        var reader = new PayloadReader(payload);
        reader.String("title", required: true, max: 255);
        if (reader.String("type", required: true) is { } type && !EventTypes.Contains(type))
        {
            reader.Add("type", "invalid_value", $"type must be one of {string.Join(", ", EventTypes)}");
        }
        var zone = Timezone(reader);
        if (reader.String("date", required: true) is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                reader.Add("date", "invalid_format", "date must be a date as yyyy-MM-dd");
            }
            else if (zone is not null && date < DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime))
            {
                reader.Add("date", "in_past", "date must not be before today in the event's time zone");
            }
        }
        var start = Time(reader, "startTime", required: true);
        var end = Time(reader, "endTime", required: false);
        if (start is not null && end is not null && end <= start)
        {
            reader.Add("endTime", "invalid_value", "endTime must be after startTime");
        }
        reader.String("description", required: false, min: 0, max: 10_000);
        return reader.Issues;
    }

    private static List<FieldIssue> Ticket(JsonElement payload)
    {
        var reader = new PayloadReader(payload);
        long largestTier = 0;
        if (reader.Array("tiers", required: true) is { } tiers)
        {
            var count = tiers.GetArrayLength();
            if (count is < 1 or > 50)
            {
                reader.Add("tiers", "out_of_range", "tiers must have between 1 and 50 items");
            }
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var index = 0;
            foreach (var tier in tiers.EnumerateArray().Take(50))
            {
                largestTier = Math.Max(largestTier, Tier(reader, $"tiers[{index++}]", tier, names));
            }
        }
        if (reader.Integer("totalCapacity", required: true, min: 1) is { } capacity && capacity < largestTier)
        {
            reader.Add("totalCapacity", "out_of_range", "totalCapacity must be at least the largest tier quantity");
        }
        return reader.Issues;
    }

    private static long Tier(PayloadReader parent, string path, JsonElement tier, HashSet<string> names)
    {
        if (tier.ValueKind != JsonValueKind.Object)
        {
            parent.Add(path, "invalid_type", $"{path} must be an object");
            return 0;
        }
        var reader = parent.Nested(path, tier);
        if (reader.String("name", required: true, max: 100) is { } name && !names.Add(name.Trim()))
        {
            reader.Add("name", "duplicate", "tier names must be unique");
        }
        if (reader.Number("price", required: true) is { } price)
        {
            if (price < 0)
            {
                reader.Add("price", "out_of_range", "price must be 0 or more");
            }
            else if (DecimalPlaces(tier.GetProperty("price").GetRawText()) > 2)
            {
                reader.Add("price", "invalid_format", "price must have at most 2 decimals");
            }
        }
        if (reader.String("currency", required: false) is { } currency && !Currencies.Contains(currency))
        {
            reader.Add("currency", "invalid_value", "currency must be an ISO 4217 code such as USD");
        }
        var quantity = reader.Integer("quantity", required: true, min: 1) ?? 0;
        parent.Issues.AddRange(reader.Issues);
        return quantity;
    }

    private static List<FieldIssue> Venue(JsonElement payload)
    {
        var reader = new PayloadReader(payload);
        var mode = reader.String("mode", required: true);
        if (mode is not null && !VenueModes.Contains(mode))
        {
            reader.Add("mode", "invalid_value", "mode must be physical, virtual or hybrid");
            return reader.Issues;
        }
        if (mode is "physical" or "hybrid")
        {
            reader.String("name", required: true, max: 200);
            if (reader.Object("address", required: true) is { } address)
            {
                var nested = reader.Nested("address", address);
                nested.String("line1", required: true, max: 200);
                nested.String("city", required: true, max: 100);
                if (nested.String("country", required: true) is { } country && !IsCountry(country))
                {
                    nested.Add("country", "invalid_value", "country must be an ISO 3166-1 alpha-2 code such as US");
                }
                reader.Issues.AddRange(nested.Issues);
            }
        }
        if (mode is "virtual" or "hybrid" && reader.String("url", required: true, max: 2048) is { } url && !IsHttpsUrl(url))
        {
            reader.Add("url", "invalid_format", "url must be an https URL");
        }
        return reader.Issues;
    }

    private static List<FieldIssue> Payment(JsonElement payload)
    {
        var reader = new PayloadReader(payload);
        var enabled = reader.Boolean("enabled", required: true);
        if (enabled == true && reader.String("accountId", required: true, max: 255) is { } account && !AccountId().IsMatch(account))
        {
            reader.Add("accountId", "invalid_format", "accountId must be a Stripe account id (acct_...)");
        }
        return reader.Issues;
    }

    private static TimeZoneInfo? Timezone(PayloadReader reader)
    {
        var name = reader.String("timezone", required: false, max: 64) ?? DefaultTimezone;
        TimeZoneInfo? zone = null;
        if (name == "UTC" || IanaZoneName().IsMatch(name) && !name.StartsWith("posix/", StringComparison.Ordinal)
            && !name.StartsWith("right/", StringComparison.Ordinal) && TryFindZone(name, out zone))
        {
            return zone ?? TimeZoneInfo.Utc;
        }
        reader.Add("timezone", "invalid_value", "timezone must be an IANA time zone such as America/New_York");
        return null;
    }

    private static TimeOnly? Time(PayloadReader reader, string field, bool required)
    {
        if (reader.String(field, required) is not { } text)
        {
            return null;
        }
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        reader.Add(field, "invalid_format", $"{field} must be a time as HH:mm");
        return null;
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && !text.Any(char.IsWhiteSpace)
        && address.Host.Contains('.', StringComparison.Ordinal) && !address.Host.StartsWith('.') && !address.Host.EndsWith('.')
        && !address.Host.Contains("..", StringComparison.Ordinal);

    /// <summary>Decimal places of a JSON number as written (1e-30 has 30), without the rounding decimal would do.</summary>
    private static int DecimalPlaces(string number)
    {
        var e = number.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? number : number[..e];
        var exponent = e < 0 ? 0 : long.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) ? x : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var fraction = dot < 0 ? "" : mantissa[(dot + 1)..].TrimEnd('0');
        var significantAfterPoint = fraction.Length - exponent;
        return (int)Math.Clamp(significantAfterPoint, 0, int.MaxValue);
    }

    private static bool IsHttpsUrl(string text) => HttpsUrls.IsValid(text);

    // RegionInfo and the time zone lookup take process-wide locks on every call (seen in a profile of autosave);
    // their answers never change, so they are remembered. Both caches are bounded: 676 two-letter codes, and only
    // zones that exist.
    private static readonly ConcurrentDictionary<string, bool> Countries = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private static bool IsCountry(string code) =>
        code.Length == 2 && code.All(char.IsAsciiLetterUpper) && Countries.GetOrAdd(code, static code =>
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

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+\z")]
    private static partial Regex IanaZoneName();

    [GeneratedRegex(@"\Aacct_[A-Za-z0-9]{1,250}\z")]
    private static partial Regex AccountId();
}

using EventWizard.Shared.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.Time.Testing;

namespace EventWizard.Tests.Stages;

public sealed class StageValidatorTests
{
    // 12:00 UTC on 15 June 2030: 08:00 in New York, 02:00 on 16 June at Kiritimati (UTC+14).
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly StageValidator validator = new(new FakeTimeProvider(Now));

    private IReadOnlyList<FieldIssue> Validate(string stage, string json)
    {
        using var document = JsonDocument.Parse(json);
        return validator.Validate(stage, document.RootElement.Clone());
    }

    private static void AssertIssue(IReadOnlyList<FieldIssue> issues, string field, string code) =>
        Assert.True(issues.Any(i => i.Field == field && i.Code == code),
            $"Expected {field}/{code}, got: {string.Join("; ", issues.Select(i => $"{i.Field}/{i.Code}"))}");

    /// <summary>No issue at all when <paramref name="valid"/>; else the issue <paramref name="field"/>/<paramref name="code"/>.</summary>
    private static void AssertVerdict(IReadOnlyList<FieldIssue> issues, bool valid, string field, string code)
    {
        if (valid)
        {
            Assert.Empty(issues);
        }
        else
        {
            AssertIssue(issues, field, code);
        }
    }

    /// <summary><paramref name="json"/> with <paramref name="field"/> (a dotted path such as address.city) set to <paramref name="valueJson"/>.</summary>
    private static string With(string json, string field, string valueJson)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate(node, (obj, part) => obj[part]!.AsObject());
        parent[parts[^1]] = JsonNode.Parse(valueJson);
        return node.ToJsonString();
    }

    private static string Without(string json, string field)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }

    private static string Text(string text) => JsonSerializer.Serialize(text);

    private const string Organizer = """{"name":"Ann Lee","email":"ann@example.com"}""";
    private const string Event = """{"title":"Spring show","type":"fashion_show","date":"2030-06-20","startTime":"18:00","timezone":"America/New_York"}""";
    private const string Ticket = """{"tiers":[{"name":"GA","price":10,"currency":"USD","quantity":100}],"totalCapacity":100}""";
    private const string Venue = """{"mode":"physical","name":"Hall","address":{"line1":"1 Main St","city":"New York","country":"US"}}""";
    private const string Payment = """{"enabled":false}""";

    private static string Base(string stage) => stage switch
    {
        WizardStages.Organizer => Organizer,
        WizardStages.Event => Event,
        WizardStages.Ticket => Ticket,
        WizardStages.Venue => Venue,
        _ => Payment,
    };

    [Theory]
    [InlineData(WizardStages.Organizer, Organizer)]
    [InlineData(WizardStages.Event, Event)]
    [InlineData(WizardStages.Ticket, Ticket)]
    [InlineData(WizardStages.Venue, Venue)]
    [InlineData(WizardStages.Payment, Payment)]
    public void A_complete_payload_has_no_issues(string stage, string json) => Assert.Empty(Validate(stage, json));

    [Theory]
    [InlineData(WizardStages.Organizer, "name")]
    [InlineData(WizardStages.Event, "title")]
    [InlineData(WizardStages.Ticket, "tiers")]
    [InlineData(WizardStages.Venue, "mode")]
    [InlineData(WizardStages.Payment, "enabled")]
    public void An_empty_payload_reports_the_required_fields(string stage, string field) =>
        AssertIssue(Validate(stage, "{}"), field, "required");

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_payload_that_is_not_an_object_reports_issues_instead_of_throwing(string json)
    {
        foreach (var stage in WizardStages.DataStages)
        {
            Assert.NotEmpty(Validate(stage, json));
        }
    }

    [Fact]
    public void Validate_refuses_a_stage_without_payload() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Validate(WizardStages.Review, "{}"));

    [Theory]
    [InlineData(WizardStages.Organizer, "nickname", "nickname")]
    [InlineData(WizardStages.Organizer, "Name", "Name")]
    [InlineData(WizardStages.Venue, "address.zip", "address.zip")]
    [InlineData(WizardStages.Payment, "accountID", "accountID")]
    public void A_field_the_stage_does_not_declare_is_an_issue(string stage, string field, string path) =>
        AssertIssue(Validate(stage, With(Base(stage), field, "\"x\"")), path, "unknown_field");

    // Text: lengths in code points, blank by one explicit list of characters

    [Theory]
    [InlineData(WizardStages.Organizer, "name", 200)]
    [InlineData(WizardStages.Organizer, "phone", 50)]
    [InlineData(WizardStages.Organizer, "description", 5_000)]
    [InlineData(WizardStages.Event, "title", 255)]
    [InlineData(WizardStages.Event, "description", 10_000)]
    [InlineData(WizardStages.Venue, "name", 200)]
    [InlineData(WizardStages.Venue, "address.line1", 200)]
    [InlineData(WizardStages.Venue, "address.city", 100)]
    public void Text_may_be_as_long_as_its_limit_but_not_one_more(string stage, string field, int max)
    {
        Assert.Empty(Validate(stage, With(Base(stage), field, Text(new string('a', max)))));
        AssertIssue(Validate(stage, With(Base(stage), field, Text(new string('a', max + 1)))), field, "too_long");
    }

    [Theory]
    [InlineData("😀", 200, true)]
    [InlineData("😀", 201, false)]
    [InlineData("e\u0301", 100, true)]
    [InlineData("e\u0301", 101, false)]
    [InlineData("👩‍👩‍👧", 40, true)]
    [InlineData("👩‍👩‍👧", 41, false)]
    public void Text_length_counts_unicode_code_points(string unit, int repeat, bool fits) =>
        AssertVerdict(Validate(WizardStages.Organizer, With(Organizer, "name", Text(string.Concat(Enumerable.Repeat(unit, repeat))))),
            fits, "name", "too_long");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00A0\u3000")]
    [InlineData("\u0085")]
    [InlineData("\uFEFF")]
    [InlineData("\u2028\u2029")]
    public void Required_text_that_is_blank_is_missing(string blank) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "name", Text(blank))), "name", "required");

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u0301")]
    [InlineData("Ann\n")]
    public void Invisible_or_padded_text_that_is_not_blank_counts_as_given(string text) =>
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, "name", Text(text))));

    [Theory]
    [InlineData(WizardStages.Organizer, "phone", "\"\"")]
    [InlineData(WizardStages.Organizer, "website", "\"\"")]
    [InlineData(WizardStages.Organizer, "description", "null")]
    [InlineData(WizardStages.Organizer, "website", "\"\\u0085\\uFEFF \"")]
    [InlineData(WizardStages.Event, "endTime", "\"\"")]
    [InlineData(WizardStages.Event, "timezone", "\" \"")]
    [InlineData(WizardStages.Ticket, "tiers", """[{"name":"GA","price":1,"currency":"","quantity":1}]""")]
    [InlineData(WizardStages.Payment, "accountId", "\"\"")]
    public void Optional_fields_left_blank_or_null_by_a_form_are_absent(string stage, string field, string valueJson) =>
        Assert.Empty(Validate(stage, With(Base(stage), field, valueJson)));

    [Fact]
    public void Optional_blank_text_longer_than_its_limit_is_too_long() =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "phone", Text(new string(' ', 51)))), "phone", "too_long");

    [Theory]
    [InlineData("name", "42", "invalid_type")]
    [InlineData("name", "null", "required")]
    [InlineData("name", "[]", "invalid_type")]
    [InlineData("email", "true", "invalid_type")]
    public void Organizer_fields_must_be_text(string field, string valueJson, string code) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, field, valueJson)), field, code);

    // Formats: one pattern each, the same in the validator and the schema, anchored at the very end of the text

    [Theory]
    [InlineData("email", "ann")]
    [InlineData("email", "ann@")]
    [InlineData("email", "@example.com")]
    [InlineData("email", "ann@example")]
    [InlineData("email", "a.nn@example")]
    [InlineData("email", "ann@example.")]
    [InlineData("email", "ann@.example.com")]
    [InlineData("email", "ann@example..com")]
    [InlineData("email", "ann lee@example.com")]
    [InlineData("email", "Ann <ann@example.com>")]
    [InlineData("email", " ann@example.com")]
    [InlineData("email", "ann@example.com\n")]
    [InlineData("email", "josé@example.com")]
    [InlineData("website", "http://example.com")]
    [InlineData("website", "ftp://example.com")]
    [InlineData("website", "javascript:alert(1)")]
    [InlineData("website", "example.com")]
    [InlineData("website", "/relative/path")]
    [InlineData("website", "https://user:pw@example.com")]
    [InlineData("website", "https://example.com/a b")]
    [InlineData("website", "https://example.com\n")]
    [InlineData("website", "https://[::1]/")]
    [InlineData("website", "https://example.com:65536")]
    [InlineData("website", "HTTPS://example.com")]
    public void Organizer_formats_refuse(string field, string value) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, field, Text(value))), field, "invalid_format");

    [Theory]
    [InlineData("email", "ann@example.com")]
    [InlineData("email", "ann.lee+wizard@mail.example.co.uk")]
    [InlineData("email", "o'brien@example.ie")]
    [InlineData("website", "https://example.com")]
    [InlineData("website", "https://sub.example.com:8443/path?q=1#top")]
    public void Organizer_formats_accept(string field, string value) =>
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, field, Text(value))));

    // Event

    [Theory]
    [InlineData("concert")]
    [InlineData("Popup")]
    [InlineData("fashion show")]
    [InlineData("popup\n")]
    public void Event_type_must_be_one_of_the_four(string type) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "type", Text(type))), "type", "invalid_value");

    [Theory]
    [InlineData("fashion_show")]
    [InlineData("popup")]
    [InlineData("exhibition")]
    [InlineData("launch")]
    public void Event_type_accepts_the_four(string type) =>
        Assert.Empty(Validate(WizardStages.Event, With(Event, "type", Text(type))));

    [Theory]
    [InlineData("2030-6-20")]
    [InlineData("20/06/2030")]
    [InlineData("2030-02-30")]
    [InlineData("2030-02-29")]
    [InlineData("2100-02-29")]
    [InlineData("0000-01-01")]
    [InlineData("2030-06-20T18:00")]
    [InlineData("2030-06-20\n")]
    [InlineData("٢٠٣٠-06-20")]
    [InlineData("tomorrow")]
    public void Event_date_must_be_a_day_that_exists_as_yyyy_MM_dd(string date) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "date", Text(date))), "date", "invalid_format");

    [Theory]
    [InlineData("2030-06-15", "America/New_York", true)]
    [InlineData("2030-06-14", "America/New_York", false)]
    [InlineData("2030-06-14", "Pacific/Honolulu", false)]
    [InlineData("2030-06-15", "Pacific/Kiritimati", false)]
    [InlineData("2030-06-16", "Pacific/Kiritimati", true)]
    [InlineData("2030-06-15", "UTC", true)]
    [InlineData("0001-01-01", "UTC", false)]
    [InlineData("2032-02-29", "UTC", true)]
    [InlineData("9999-12-31", "UTC", true)]
    public void Event_date_is_not_before_today_in_the_events_time_zone(string date, string zone, bool valid) =>
        AssertVerdict(Validate(WizardStages.Event, With(With(Event, "date", Text(date)), "timezone", Text(zone))), valid, "date", "in_past");

    [Fact]
    public void Event_date_today_counts_from_midnight_in_the_zone_not_in_utc()
    {
        // 02:00 UTC on 15 June is still 14 June in New York (UTC-4 in summer).
        var early = new StageValidator(new FakeTimeProvider(new DateTimeOffset(2030, 6, 15, 2, 0, 0, TimeSpan.Zero)));
        using var document = JsonDocument.Parse(With(Event, "date", "\"2030-06-14\""));
        Assert.Empty(early.Validate(WizardStages.Event, document.RootElement));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Event_timezone_defaults_to_New_York(string timezone)
    {
        Assert.Empty(Validate(WizardStages.Event, Without(Event, "timezone")));
        Assert.Empty(Validate(WizardStages.Event, With(Event, "timezone", timezone)));
        AssertIssue(Validate(WizardStages.Event, With(Without(Event, "timezone"), "date", "\"2030-06-14\"")), "date", "in_past");
    }

    [Theory]
    [InlineData("Eastern Standard Time", "invalid_format")]
    [InlineData("EST", "invalid_format")]
    [InlineData("../../etc/passwd", "invalid_format")]
    [InlineData("/etc/localtime", "invalid_format")]
    [InlineData("Europe/Paris\n", "invalid_format")]
    [InlineData("Mars/Olympus_Mons", "unknown_timezone")]
    [InlineData("posix/America/New_York", "unknown_timezone")]
    [InlineData("right/UTC", "unknown_timezone")]
    public void Event_timezone_must_be_an_IANA_zone(string zone, string code) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "timezone", Text(zone))), "timezone", code);

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    [InlineData("Etc/GMT+5")]
    [InlineData("America/Argentina/Buenos_Aires")]
    public void Event_timezone_accepts_IANA_zones(string zone) =>
        Assert.Empty(Validate(WizardStages.Event, With(Event, "timezone", Text(zone))));

    [Theory]
    [InlineData("24:00")]
    [InlineData("6pm")]
    [InlineData("18:00:00")]
    [InlineData("1800")]
    [InlineData("8:00")]
    [InlineData("18:00\n")]
    [InlineData("١٨:٠٠")]
    public void Event_start_time_must_be_HH_mm(string time) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "startTime", Text(time))), "startTime", "invalid_format");

    [Theory]
    [InlineData("18:00", "not_after_start")]
    [InlineData("17:59", "not_after_start")]
    [InlineData("25:00", "invalid_format")]
    public void Event_end_time_must_be_after_start_time(string end, string code) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "endTime", Text(end))), "endTime", code);

    [Theory]
    [InlineData("\"18:01\"")]
    [InlineData("\"23:59\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Event_end_time_after_start_or_left_empty_is_fine(string end) =>
        Assert.Empty(Validate(WizardStages.Event, With(Event, "endTime", end)));

    // Ticket

    private static string Tiers(int count) =>
        $$"""{"tiers":[{{string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"name":"T{{i}}","price":0,"quantity":1}"""))}}],"totalCapacity":{{Math.Max(1, count)}}}""";

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void Ticket_tiers_may_be_1_to_50(int count, bool valid) =>
        AssertVerdict(Validate(WizardStages.Ticket, Tiers(count)), valid, "tiers", "out_of_range");

    [Theory]
    [InlineData("""{"tiers":{"name":"GA"},"totalCapacity":1}""", "tiers", "invalid_type")]
    [InlineData("""{"tiers":["GA"],"totalCapacity":1}""", "tiers[0]", "invalid_type")]
    [InlineData("""{"tiers":[{"price":1,"quantity":1}],"totalCapacity":1}""", "tiers[0].name", "required")]
    [InlineData("""{"tiers":[{"name":"GA","quantity":1}],"totalCapacity":1}""", "tiers[0].price", "required")]
    [InlineData("""{"tiers":[{"name":"GA","price":"10","quantity":1}],"totalCapacity":1}""", "tiers[0].price", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":-1,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1000000000.01,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":10.005,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "too_many_decimals")]
    [InlineData("""{"tiers":[{"name":"GA","price":1e-30,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "too_many_decimals")]
    [InlineData("""{"tiers":[{"name":"GA","price":0.000000000000000000000000000001,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "too_many_decimals")]
    [InlineData("""{"tiers":[{"name":"GA","price":1e400,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"currency":"usd","quantity":1}],"totalCapacity":1}""", "tiers[0].currency", "invalid_format")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"currency":"XYZ","quantity":1}],"totalCapacity":1}""", "tiers[0].currency", "unknown_currency")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":0}],"totalCapacity":1}""", "tiers[0].quantity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1.5}],"totalCapacity":2}""", "tiers[0].quantity", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1e20}],"totalCapacity":1}""", "tiers[0].quantity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1,"seats":"A1"}],"totalCapacity":1}""", "tiers[0].seats", "unknown_field")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":9}""", "totalCapacity", "below_largest_tier")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":0}""", "totalCapacity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":2147483648}""", "totalCapacity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":"10"}""", "totalCapacity", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}]}""", "totalCapacity", "required")]
    [InlineData("""{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":" vip ","price":1,"quantity":1}],"totalCapacity":2}""", "tiers[1].name", "duplicate")]
    [InlineData("""{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":"VIP\u00A0\u0085","price":1,"quantity":1}],"totalCapacity":2}""", "tiers[1].name", "duplicate")]
    public void Ticket_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Ticket, json), field, code);

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.5")]
    [InlineData("10.50")]
    [InlineData("10.500000")]
    [InlineData("19.99")]
    [InlineData("1e2")]
    [InlineData("12.34")]
    [InlineData("1.5e1")]
    [InlineData("1000000000")]
    public void Ticket_price_accepts_zero_or_more_with_at_most_two_decimals(string price) =>
        Assert.Empty(Validate(WizardStages.Ticket, $$"""{"tiers":[{"name":"GA","price":{{price}},"quantity":1}],"totalCapacity":1}"""));

    [Theory]
    [InlineData("""{"tiers":[{"name":"A","price":1,"quantity":10},{"name":"B","price":2,"quantity":40}],"totalCapacity":40}""")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1}],"totalCapacity":1}""")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"currency":"EUR","quantity":1}],"totalCapacity":1}""")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":2147483647}],"totalCapacity":2147483647}""")]
    [InlineData("""{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":"VIP\u200B","price":1,"quantity":1}],"totalCapacity":1}""")]
    public void Ticket_accepts_complete_payloads(string json) => Assert.Empty(Validate(WizardStages.Ticket, json));

    // Venue: fields are checked whenever given; which ones are needed depends on the mode

    [Theory]
    [InlineData("""{"mode":"boat"}""", "mode", "invalid_value")]
    [InlineData("""{"mode":"Physical"}""", "mode", "invalid_value")]
    [InlineData("""{"mode":1}""", "mode", "invalid_type")]
    [InlineData("""{"mode":"physical","address":{"line1":"1 Main","city":"NYC","country":"US"}}""", "name", "required_for_mode")]
    [InlineData("""{"mode":"physical","name":"Hall"}""", "address", "required_for_mode")]
    [InlineData("""{"mode":"physical","name":"Hall","address":"1 Main St"}""", "address", "invalid_type")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"city":"NYC","country":"US"}}""", "address.line1", "required_for_mode")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","country":"US"}}""", "address.city", "required_for_mode")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":" "}}""", "address.country", "required_for_mode")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"USA"}}""", "address.country", "invalid_format")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"us"}}""", "address.country", "invalid_format")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"ZZ"}}""", "address.country", "unknown_country")]
    [InlineData("""{"mode":"virtual"}""", "url", "required_for_mode")]
    [InlineData("""{"mode":"virtual","url":"http://meet.example.com"}""", "url", "invalid_format")]
    [InlineData("""{"mode":"virtual","url":"https://meet.example.com","name":42}""", "name", "invalid_type")]
    [InlineData("""{"mode":"hybrid","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"US"}}""", "url", "required_for_mode")]
    [InlineData("""{"mode":"hybrid","url":"https://meet.example.com"}""", "name", "required_for_mode")]
    public void Venue_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Venue, json), field, code);

    [Theory]
    [InlineData("""{"mode":"virtual","url":"https://meet.example.com/abc"}""")]
    [InlineData("""{"mode":"virtual","url":"https://meet.example.com/abc","name":"","address":{"line1":"","city":"","country":""}}""")]
    [InlineData("""{"mode":"hybrid","name":"Hall","address":{"line1":"1 Main","city":"Paris","country":"FR"},"url":"https://meet.example.com"}""")]
    public void Venue_virtual_and_hybrid_accept_complete_payloads(string json) => Assert.Empty(Validate(WizardStages.Venue, json));

    // Payment

    [Theory]
    [InlineData("""{"enabled":"true"}""", "enabled", "invalid_type")]
    [InlineData("""{"enabled":1}""", "enabled", "invalid_type")]
    [InlineData("""{"enabled":true}""", "accountId", "required_when_enabled")]
    [InlineData("""{"enabled":true,"accountId":""}""", "accountId", "required_when_enabled")]
    [InlineData("""{"enabled":true,"accountId":"acct_"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":true,"accountId":"cus_123"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":true,"accountId":"acct_12 3"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":true,"accountId":"acct_123\n"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":false,"accountId":"whatever"}""", "accountId", "invalid_format")]
    public void Payment_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Payment, json), field, code);

    [Theory]
    [InlineData("""{"enabled":false}""")]
    [InlineData("""{"enabled":false,"accountId":"acct_1AbC23"}""")]
    [InlineData("""{"enabled":true,"accountId":"acct_1AbC23"}""")]
    public void Payment_accepts_disabled_or_enabled_with_an_account(string json) => Assert.Empty(Validate(WizardStages.Payment, json));

    // Across stages

    [Theory]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":false}""", true)]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":true}""", true)]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":true,"accountId":"acct_1\n"}""", true)]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":true,"accountId":"acct_1"}""", false)]
    [InlineData("""{"tiers":[{"name":"GA","price":0,"quantity":1}]}""", """{"enabled":false}""", false)]
    [InlineData("""{"tiers":[{"name":"Free","price":0,"quantity":1},{"name":"VIP","price":0.01,"quantity":1}]}""", """{}""", true)]
    [InlineData("""{}""", """{}""", false)]
    [InlineData("""[]""", """[]""", false)]
    public void Paid_tiers_need_payment_enabled_with_an_account(string ticket, string payment, bool issue)
    {
        using var t = JsonDocument.Parse(ticket);
        using var p = JsonDocument.Parse(payment);
        var issues = StageValidator.CrossStage(t.RootElement, p.RootElement);
        Assert.Equal(issue, issues.Any(i => i.Code == "payment_required"));
    }

    [Fact]
    public void Session_validation_lists_completed_stages_in_wizard_order_and_errors_by_stage_and_field()
    {
        var payloads = new Dictionary<string, string>
        {
            [WizardStages.Organizer] = Organizer,
            [WizardStages.Event] = "{}",
            [WizardStages.Ticket] = Ticket,
            [WizardStages.Venue] = Venue,
            [WizardStages.Payment] = Payment,
        };
        var validation = SessionValidation.Of(validator, stage => JsonDocument.Parse(payloads[stage]).RootElement);

        Assert.Equal([WizardStages.Organizer, WizardStages.Ticket, WizardStages.Venue], validation.CompletedStages);
        Assert.Contains("eventSetup.title", validation.AllIssues().Select(issue => issue.Field));
        Assert.Contains("paymentSetup.enabled", validation.AllIssues().Select(issue => issue.Field));
    }
}

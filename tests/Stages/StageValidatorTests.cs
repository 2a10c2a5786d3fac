using EventWizard.Shared.Http;
using System.Text.Json;
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

    private static string With(string json, string field, string valueJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[field] = System.Text.Json.Nodes.JsonNode.Parse(valueJson);
        return node.ToJsonString();
    }

    private const string Organizer = """{"name":"Ann Lee","email":"ann@example.com"}""";
    private const string Event = """{"title":"Spring show","type":"fashion_show","date":"2030-06-20","startTime":"18:00","timezone":"America/New_York"}""";
    private const string Ticket = """{"tiers":[{"name":"GA","price":10,"currency":"USD","quantity":100}],"totalCapacity":100}""";
    private const string Venue = """{"mode":"physical","name":"Hall","address":{"line1":"1 Main St","city":"New York","country":"US"}}""";
    private const string Payment = """{"enabled":false}""";

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

    // Organizer

    [Theory]
    [InlineData("\"\"", "required")]
    [InlineData("\"   \"", "required")]
    [InlineData("42", "invalid_type")]
    [InlineData("null", "required")]
    public void Organizer_name_must_be_text(string name, string code) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "name", name)), "name", code);

    [Fact]
    public void Organizer_name_may_be_200_characters_but_not_201()
    {
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, "name", JsonSerializer.Serialize(new string('a', 200)))));
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "name", JsonSerializer.Serialize(new string('a', 201)))), "name", "too_long");
    }

    [Fact]
    public void Organizer_name_length_counts_what_a_person_sees_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("👩‍👩‍👧", 200));
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, "name", JsonSerializer.Serialize(emoji))));
    }

    [Theory]
    [InlineData("ann")]
    [InlineData("ann@")]
    [InlineData("@example.com")]
    [InlineData("ann@example")]
    [InlineData("a.nn@example")]
    [InlineData("ann@example.")]
    [InlineData("ann@.example.com")]
    [InlineData("ann@example..com")]
    [InlineData("ann lee@example.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData(" ann@example.com")]
    public void Organizer_email_must_be_an_address(string email) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "email", JsonSerializer.Serialize(email))), "email", "invalid_format");

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("ann.lee+wizard@mail.example.co.uk")]
    public void Organizer_email_accepts_ordinary_addresses(string email) =>
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, "email", JsonSerializer.Serialize(email))));

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("ftp://example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("example.com")]
    [InlineData("/relative/path")]
    public void Organizer_website_must_be_https(string website) =>
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "website", JsonSerializer.Serialize(website))), "website", "invalid_format");

    [Theory]
    [InlineData("phone")]
    [InlineData("website")]
    [InlineData("description")]
    public void Organizer_optional_fields_left_empty_by_a_form_are_not_issues(string field)
    {
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, field, "\"\"")));
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, field, "null")));
    }

    [Fact]
    public void Organizer_description_may_be_5000_characters_but_not_5001()
    {
        Assert.Empty(Validate(WizardStages.Organizer, With(Organizer, "description", JsonSerializer.Serialize(new string('d', 5000)))));
        AssertIssue(Validate(WizardStages.Organizer, With(Organizer, "description", JsonSerializer.Serialize(new string('d', 5001)))),
            "description", "too_long");
    }

    // Event

    [Fact]
    public void Event_title_may_be_255_characters_but_not_256()
    {
        Assert.Empty(Validate(WizardStages.Event, With(Event, "title", JsonSerializer.Serialize(new string('t', 255)))));
        AssertIssue(Validate(WizardStages.Event, With(Event, "title", JsonSerializer.Serialize(new string('t', 256)))), "title", "too_long");
    }

    [Theory]
    [InlineData("concert")]
    [InlineData("Popup")]
    [InlineData("fashion show")]
    public void Event_type_must_be_one_of_the_four(string type) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "type", JsonSerializer.Serialize(type))), "type", "invalid_value");

    [Theory]
    [InlineData("fashion_show")]
    [InlineData("popup")]
    [InlineData("exhibition")]
    [InlineData("launch")]
    public void Event_type_accepts_the_four(string type) =>
        Assert.Empty(Validate(WizardStages.Event, With(Event, "type", JsonSerializer.Serialize(type))));

    [Theory]
    [InlineData("2030-6-20")]
    [InlineData("20/06/2030")]
    [InlineData("2030-02-30")]
    [InlineData("2030-06-20T18:00")]
    [InlineData("tomorrow")]
    public void Event_date_must_be_yyyy_MM_dd(string date) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "date", JsonSerializer.Serialize(date))), "date", "invalid_format");

    [Theory]
    [InlineData("2030-06-15", "America/New_York", true)]
    [InlineData("2030-06-14", "America/New_York", false)]
    [InlineData("2030-06-14", "Pacific/Honolulu", false)]
    [InlineData("2030-06-15", "Pacific/Kiritimati", false)]
    [InlineData("2030-06-16", "Pacific/Kiritimati", true)]
    [InlineData("2030-06-15", "UTC", true)]
    [InlineData("0001-01-01", "UTC", false)]
    [InlineData("9999-12-31", "UTC", true)]
    public void Event_date_is_not_before_today_in_the_events_time_zone(string date, string zone, bool valid)
    {
        var issues = Validate(WizardStages.Event, With(With(Event, "date", JsonSerializer.Serialize(date)), "timezone", JsonSerializer.Serialize(zone)));
        if (valid)
        {
            Assert.Empty(issues);
        }
        else
        {
            AssertIssue(issues, "date", "in_past");
        }
    }

    [Fact]
    public void Event_date_today_counts_from_midnight_in_the_zone_not_in_utc()
    {
        // 02:00 UTC on 15 June is still 14 June in New York (UTC-4 in summer).
        var early = new StageValidator(new FakeTimeProvider(new DateTimeOffset(2030, 6, 15, 2, 0, 0, TimeSpan.Zero)));
        using var document = JsonDocument.Parse(With(Event, "date", "\"2030-06-14\""));
        Assert.Empty(early.Validate(WizardStages.Event, document.RootElement));
    }

    [Fact]
    public void Event_timezone_defaults_to_New_York()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Event)!.AsObject();
        node.Remove("timezone");
        Assert.Empty(Validate(WizardStages.Event, node.ToJsonString()));
        Assert.Empty(Validate(WizardStages.Event, With(Event, "timezone", "\"\"")));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Eastern Standard Time")]
    [InlineData("EST")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("posix/America/New_York")]
    [InlineData("right/UTC")]
    public void Event_timezone_must_be_an_IANA_zone(string zone) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "timezone", JsonSerializer.Serialize(zone))), "timezone", "invalid_value");

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    [InlineData("Etc/GMT+5")]
    public void Event_timezone_accepts_IANA_zones(string zone) =>
        Assert.Empty(Validate(WizardStages.Event, With(Event, "timezone", JsonSerializer.Serialize(zone))));

    [Theory]
    [InlineData("24:00")]
    [InlineData("6pm")]
    [InlineData("18:00:00")]
    [InlineData("1800")]
    [InlineData("8:00")]
    public void Event_start_time_must_be_HH_mm(string time) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "startTime", JsonSerializer.Serialize(time))), "startTime", "invalid_format");

    [Theory]
    [InlineData("18:00", "invalid_value")]
    [InlineData("17:59", "invalid_value")]
    [InlineData("25:00", "invalid_format")]
    public void Event_end_time_must_be_after_start_time(string end, string code) =>
        AssertIssue(Validate(WizardStages.Event, With(Event, "endTime", JsonSerializer.Serialize(end))), "endTime", code);

    [Fact]
    public void Event_end_time_one_minute_after_start_or_left_empty_is_fine()
    {
        Assert.Empty(Validate(WizardStages.Event, With(Event, "endTime", "\"18:01\"")));
        Assert.Empty(Validate(WizardStages.Event, With(Event, "endTime", "\"\"")));
    }

    [Fact]
    public void Event_description_may_be_10000_characters_but_not_10001()
    {
        Assert.Empty(Validate(WizardStages.Event, With(Event, "description", JsonSerializer.Serialize(new string('d', 10_000)))));
        AssertIssue(Validate(WizardStages.Event, With(Event, "description", JsonSerializer.Serialize(new string('d', 10_001)))),
            "description", "too_long");
    }

    // Ticket

    private static string Tiers(int count, string extra = "") =>
        $$"""{"tiers":[{{string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"name":"T{{i}}","price":0,"quantity":1{{extra}}}"""))}}],"totalCapacity":{{Math.Max(1, count)}}}""";

    [Fact]
    public void Ticket_tiers_may_be_1_to_50()
    {
        Assert.Empty(Validate(WizardStages.Ticket, Tiers(1)));
        Assert.Empty(Validate(WizardStages.Ticket, Tiers(50)));
        AssertIssue(Validate(WizardStages.Ticket, Tiers(0)), "tiers", "out_of_range");
        AssertIssue(Validate(WizardStages.Ticket, Tiers(51)), "tiers", "out_of_range");
    }

    [Theory]
    [InlineData("""{"tiers":{"name":"GA"},"totalCapacity":1}""", "tiers", "invalid_type")]
    [InlineData("""{"tiers":["GA"],"totalCapacity":1}""", "tiers[0]", "invalid_type")]
    [InlineData("""{"tiers":[{"price":1,"quantity":1}],"totalCapacity":1}""", "tiers[0].name", "required")]
    [InlineData("""{"tiers":[{"name":"GA","quantity":1}],"totalCapacity":1}""", "tiers[0].price", "required")]
    [InlineData("""{"tiers":[{"name":"GA","price":"10","quantity":1}],"totalCapacity":1}""", "tiers[0].price", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":-1,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":10.005,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "invalid_format")]
    [InlineData("""{"tiers":[{"name":"GA","price":1e-30,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "invalid_format")]
    [InlineData("""{"tiers":[{"name":"GA","price":0.000000000000000000000000000001,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "invalid_format")]
    [InlineData("""{"tiers":[{"name":"GA","price":1e400,"quantity":1}],"totalCapacity":1}""", "tiers[0].price", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"currency":"usd","quantity":1}],"totalCapacity":1}""", "tiers[0].currency", "invalid_value")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"currency":"XYZ","quantity":1}],"totalCapacity":1}""", "tiers[0].currency", "invalid_value")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":0}],"totalCapacity":1}""", "tiers[0].quantity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1.5}],"totalCapacity":2}""", "tiers[0].quantity", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":1e20}],"totalCapacity":1}""", "tiers[0].quantity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":9}""", "totalCapacity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":0}""", "totalCapacity", "out_of_range")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}],"totalCapacity":"10"}""", "totalCapacity", "invalid_type")]
    [InlineData("""{"tiers":[{"name":"GA","price":1,"quantity":10}]}""", "totalCapacity", "required")]
    [InlineData("""{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":" vip ","price":1,"quantity":1}],"totalCapacity":2}""", "tiers[1].name", "duplicate")]
    public void Ticket_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Ticket, json), field, code);

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("10.50")]
    [InlineData("10.500000")]
    [InlineData("1e2")]
    [InlineData("12.34")]
    [InlineData("1.5e1")]
    public void Ticket_price_accepts_zero_or_more_with_at_most_two_decimals(string price) =>
        Assert.Empty(Validate(WizardStages.Ticket, $$"""{"tiers":[{"name":"GA","price":{{price}},"quantity":1}],"totalCapacity":1}"""));

    [Fact]
    public void Ticket_total_capacity_equal_to_the_largest_tier_is_enough() =>
        Assert.Empty(Validate(WizardStages.Ticket,
            """{"tiers":[{"name":"A","price":1,"quantity":10},{"name":"B","price":2,"quantity":40}],"totalCapacity":40}"""));

    [Fact]
    public void Ticket_currency_defaults_to_USD_and_accepts_other_ISO_codes()
    {
        Assert.Empty(Validate(WizardStages.Ticket, """{"tiers":[{"name":"GA","price":1,"quantity":1}],"totalCapacity":1}"""));
        Assert.Empty(Validate(WizardStages.Ticket, """{"tiers":[{"name":"GA","price":1,"currency":"EUR","quantity":1}],"totalCapacity":1}"""));
        Assert.Empty(Validate(WizardStages.Ticket, """{"tiers":[{"name":"GA","price":1,"currency":"","quantity":1}],"totalCapacity":1}"""));
    }

    // Venue

    [Theory]
    [InlineData("""{"mode":"boat"}""", "mode", "invalid_value")]
    [InlineData("""{"mode":"Physical"}""", "mode", "invalid_value")]
    [InlineData("""{"mode":1}""", "mode", "invalid_type")]
    [InlineData("""{"mode":"physical","address":{"line1":"1 Main","city":"NYC","country":"US"}}""", "name", "required")]
    [InlineData("""{"mode":"physical","name":"Hall"}""", "address", "required")]
    [InlineData("""{"mode":"physical","name":"Hall","address":"1 Main St"}""", "address", "invalid_type")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"city":"NYC","country":"US"}}""", "address.line1", "required")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","country":"US"}}""", "address.city", "required")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"USA"}}""", "address.country", "invalid_value")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"us"}}""", "address.country", "invalid_value")]
    [InlineData("""{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"ZZ"}}""", "address.country", "invalid_value")]
    [InlineData("""{"mode":"virtual"}""", "url", "required")]
    [InlineData("""{"mode":"virtual","url":"http://meet.example.com"}""", "url", "invalid_format")]
    [InlineData("""{"mode":"hybrid","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"US"}}""", "url", "required")]
    [InlineData("""{"mode":"hybrid","url":"https://meet.example.com"}""", "name", "required")]
    public void Venue_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Venue, json), field, code);

    [Theory]
    [InlineData("""{"mode":"virtual","url":"https://meet.example.com/abc"}""")]
    [InlineData("""{"mode":"hybrid","name":"Hall","address":{"line1":"1 Main","city":"Paris","country":"FR"},"url":"https://meet.example.com"}""")]
    public void Venue_virtual_and_hybrid_accept_complete_payloads(string json) => Assert.Empty(Validate(WizardStages.Venue, json));

    // Payment

    [Theory]
    [InlineData("""{"enabled":"true"}""", "enabled", "invalid_type")]
    [InlineData("""{"enabled":1}""", "enabled", "invalid_type")]
    [InlineData("""{"enabled":true}""", "accountId", "required")]
    [InlineData("""{"enabled":true,"accountId":"acct_"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":true,"accountId":"cus_123"}""", "accountId", "invalid_format")]
    [InlineData("""{"enabled":true,"accountId":"acct_12 3"}""", "accountId", "invalid_format")]
    public void Payment_rules_report_the_field_at_fault(string json, string field, string code) =>
        AssertIssue(Validate(WizardStages.Payment, json), field, code);

    [Theory]
    [InlineData("""{"enabled":false}""")]
    [InlineData("""{"enabled":false,"accountId":"whatever"}""")]
    [InlineData("""{"enabled":true,"accountId":"acct_1AbC23"}""")]
    public void Payment_accepts_disabled_or_enabled_with_an_account(string json) => Assert.Empty(Validate(WizardStages.Payment, json));

    // Across stages

    [Theory]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":false}""", true)]
    [InlineData("""{"tiers":[{"name":"GA","price":10,"quantity":1}]}""", """{"enabled":true}""", true)]
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

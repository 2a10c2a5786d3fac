using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;

namespace EventWizard.Tests.Stages;

/// <summary>
/// Payloads for each data stage, generated from its declarations: complete payloads, then for every field (nested
/// ones too) the field removed, null, of every wrong JSON type, at and one past each limit, in and out of its
/// format, hostile strings and awkward numbers; plus cases aimed at the rules no schema states. Dates are relative
/// to <see cref="Today"/>.
/// </summary>
internal static class StageCorpus
{
    /// <summary>The validator's clock for the corpus: 12:00 UTC on 15 June 2030.</summary>
    public static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public sealed record Case(string Label, JsonNode? Payload);

    public static IReadOnlyList<Case> For(StageDefinition stage)
    {
        var cases = new List<Case>();
        foreach (var (baseName, baseJson) in Bases[stage.Name])
        {
            cases.Add(new Case(baseName, JsonNode.Parse(baseJson)));
            foreach (var (path, field) in FieldsOf(stage.Fields, ""))
            {
                foreach (var (label, value) in ValuesFor(field).Prepend(("removed", Removed)))
                {
                    var payload = JsonNode.Parse(baseJson)!;
                    if (Set(payload, path, value))
                    {
                        cases.Add(new Case($"{baseName}: {path} {label}", payload));
                    }
                }
            }
            foreach (var (label, name) in UndeclaredNames)
            {
                var payload = JsonNode.Parse(baseJson)!.AsObject();
                payload[name] = 1;
                cases.Add(new Case($"{baseName}: undeclared field {label}", payload));
            }
        }
        cases.AddRange(NotObjects.Select(json => new Case($"payload {json}", JsonNode.Parse(json))));
        cases.AddRange(RuleCases(stage.Name));
        return cases;
    }

    private static readonly JsonNode Removed = JsonValue.Create("(removed)")!;

    private static readonly string[] NotObjects = ["[]", "\"text\"", "42", "true", "null", "[{}]"];

    private static readonly (string Label, string Name)[] UndeclaredNames =
        [("extra", "extra"), ("differing in case", "Extra"), ("empty name", ""), ("__proto__", "__proto__")];

    private static string Day(int offset) => DateOnly.FromDateTime(Now.UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, (string Name, string Json)[]> Bases = new()
    {
        [WizardStages.Organizer] =
        [
            ("organizer minimal", """{"name":"Ann Lee","email":"ann@example.com"}"""),
            ("organizer full", """{"name":"Atelier Nord","email":"hello@atelier-nord.example","phone":"+1 555 0100","website":"https://atelier-nord.example/about","description":"We make clothes."}"""),
        ],
        [WizardStages.Event] =
        [
            ("event minimal", $$"""{"title":"Spring show","type":"popup","date":"{{Day(5)}}","startTime":"18:00"}"""),
            ("event full", $$"""{"title":"Autumn Runway","type":"fashion_show","date":"{{Day(30)}}","startTime":"18:30","endTime":"21:00","timezone":"Europe/Paris","description":"The autumn collection."}"""),
        ],
        [WizardStages.Ticket] =
        [
            ("ticket minimal", """{"tiers":[{"name":"GA","price":0,"quantity":100}],"totalCapacity":100}"""),
            ("ticket full", """{"tiers":[{"name":"General","price":10,"currency":"EUR","quantity":100},{"name":"Front row","price":25.5,"currency":"EUR","quantity":20},{"name":"VIP","price":99.99,"quantity":10}],"totalCapacity":130}"""),
        ],
        [WizardStages.Venue] =
        [
            ("venue physical", """{"mode":"physical","name":"Hall 4","address":{"line1":"1 Dock Street","city":"Brooklyn","country":"US"}}"""),
            ("venue virtual", """{"mode":"virtual","url":"https://stream.example/runway"}"""),
            ("venue hybrid", """{"mode":"hybrid","name":"Salle","address":{"line1":"2 rue de Rivoli","city":"Paris","country":"FR"},"url":"https://stream.example/x?y=1"}"""),
        ],
        [WizardStages.Payment] =
        [
            ("payment off", """{"enabled":false}"""),
            ("payment on", """{"enabled":true,"accountId":"acct_1AbC23"}"""),
        ],
    };

    /// <summary>Every field with its path in the payload (<c>address.city</c>, <c>tiers[0].price</c>).</summary>
    private static IEnumerable<(string Path, StageField Field)> FieldsOf(IReadOnlyList<StageField> fields, string prefix)
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Name;
            yield return (path, field);
            IEnumerable<(string, StageField)> inner = field.Kind switch
            {
                StageFieldKind.Object => FieldsOf(field.Fields, path + "."),
                StageFieldKind.List => FieldsOf(field.Fields, path + "[0]."),
                _ => [],
            };
            foreach (var nested in inner)
            {
                yield return nested;
            }
        }
    }

    /// <summary>Sets (or with <see cref="Removed"/>, removes) the field at <paramref name="path"/>; false when its parent is not there.</summary>
    private static bool Set(JsonNode payload, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode? parent = payload;
        foreach (var part in parts[..^1])
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            parent = bracket < 0 ? parent?[part] : parent?[part[..bracket]] is JsonArray { Count: > 0 } array ? array[0] : null;
        }
        if (parent is not JsonObject target)
        {
            return false;
        }
        if (ReferenceEquals(value, Removed))
        {
            target.Remove(parts[^1]);
        }
        else
        {
            target[parts[^1]] = value?.DeepClone();
        }
        return true;
    }

    private static IEnumerable<(string Label, JsonNode? Value)> ValuesFor(StageField field)
    {
        yield return ("null", null);
        // A whole number is a number too.
        foreach (var (_, label, json) in WrongTypes.Where(type => type.Kind != field.Kind
            && !(field.Kind == StageFieldKind.Number && type.Kind == StageFieldKind.Integer)))
        {
            yield return (label, JsonNode.Parse(json));
        }
        IEnumerable<(string, JsonNode?)> values = field.Kind switch
        {
            StageFieldKind.Text => TextValues(field),
            StageFieldKind.Boolean => [("true", JsonValue.Create(true)), ("false", JsonValue.Create(false))],
            StageFieldKind.Number or StageFieldKind.Integer => NumberValues(field),
            StageFieldKind.Object => [("empty object", new JsonObject())],
            StageFieldKind.List => ListValues(field),
            _ => [],
        };
        foreach (var value in values)
        {
            yield return value;
        }
    }

    private static readonly (StageFieldKind Kind, string Label, string Json)[] WrongTypes =
    [
        (StageFieldKind.Text, "a string", "\"text\""),
        (StageFieldKind.Boolean, "a boolean", "true"),
        (StageFieldKind.Number, "a number", "1.5"),
        (StageFieldKind.Integer, "a whole number", "7"),
        (StageFieldKind.Object, "an object", "{}"),
        (StageFieldKind.List, "an array", "[]"),
    ];

    private static IEnumerable<(string, JsonNode?)> TextValues(StageField field)
    {
        var texts = new List<(string Label, string Text)>();
        texts.AddRange(Hostile);
        texts.AddRange(BlankText.All.Select(c => ($"blank U+{(int)c:X4}", c.ToString())));
        if (field.MaxLength is { } max)
        {
            texts.Add(("at max length", new string('a', max)));
            texts.Add(("one past max length", new string('a', max + 1)));
            texts.Add(("at max length in emoji (twice the UTF-16 units)", string.Concat(Enumerable.Repeat("😀", max))));
            texts.Add(("one past max length in emoji", string.Concat(Enumerable.Repeat("😀", max + 1))));
            texts.Add(("at max length with combining marks (half the graphemes)", string.Concat(Enumerable.Repeat("e\u0301", max / 2)) + (max % 2 == 1 ? "e" : "")));
            texts.Add(("one past max length with combining marks", string.Concat(Enumerable.Repeat("e\u0301", max / 2)) + (max % 2 == 1 ? "e\u0301" : "e")));
            texts.Add(("blank at max length", new string(' ', max)));
            texts.Add(("blank one past max length", new string(' ', max + 1)));
            texts.Add(("at max length plus a trailing newline", new string('a', max) + "\n"));
        }
        if (field.Choices is { } choices)
        {
            foreach (var choice in choices)
            {
                texts.Add(("choice", choice));
                texts.Add(("choice in upper case", choice.ToUpperInvariant()));
                texts.Add(("choice with a trailing newline", choice + "\n"));
                texts.Add(("choice with a trailing space", choice + " "));
            }
        }
        if (field.Format is { } format)
        {
            foreach (var sample in FormatSamples[format])
            {
                texts.Add(("format sample", sample));
                texts.Add(("format sample with a trailing newline", sample + "\n"));
                texts.Add(("format sample with a trailing CRLF", sample + "\r\n"));
                texts.Add(("format sample with a leading space", " " + sample));
                texts.Add(("format sample with a trailing U+0085", sample + "\u0085"));
                texts.Add(("format sample with a trailing U+FEFF", sample + "\uFEFF"));
            }
        }
        return texts.Select(text => ($"= {text.Label} {Quote(text.Text)}", (JsonNode?)JsonValue.Create(text.Text)));
    }

    private static readonly (string Label, string Text)[] Hostile =
    [
        ("empty", ""),
        ("space", " "),
        ("blanks of several kinds", " \t\u00A0\u3000\u2028 "),
        ("SQL", "Robert'); DROP TABLE wizard_sessions;--"),
        ("HTML", "<script>alert(1)</script>"),
        ("trailing newline", "Ann\n"),
        ("trailing CRLF", "Ann\r\n"),
        ("leading newline", "\nAnn"),
        ("padded with blanks", "  Ann  "),
        ("zero-width space only", "\u200B"),
        ("zero-width joiner only", "\u200D"),
        ("word joiner only", "\u2060"),
        ("text with a zero-width space", "Ann\u200B"),
        ("combining mark only", "\u0301"),
        ("combining marks", "Rene\u0301e"),
        ("emoji", "😀"),
        ("emoji family (one grapheme, five code points)", "👩‍👩‍👧"),
        ("right-to-left override", "\u202Eevil"),
        ("NEL", "\u0085"),
        ("text ending with NEL", "Ann\u0085"),
        ("BOM", "\uFEFF"),
        ("text ending with BOM", "Ann\uFEFF"),
        ("the word null", "null"),
        ("10,000 characters", new string('x', 10_000)),
        ("10,000 blanks", new string(' ', 10_000)),
        ("10,000 emoji", string.Concat(Enumerable.Repeat("😀", 10_000))),
    ];

    /// <summary>Values in and out of each format; several are valid in .NET's or ECMA-262's <c>\d</c>, <c>\s</c> or <c>$</c> but not in ours.</summary>
    private static readonly Dictionary<StageFormat, string[]> FormatSamples = new()
    {
        [StageFormats.Email] =
        [
            "ann@example.com", "ann.lee+wizard@mail.example.co.uk", "o'brien@example.ie", "a@b.co", "ANN@EXAMPLE.COM",
            "ann", "ann@", "@example.com", "ann@example", "ann@example.", "ann@.example.com", "ann@example..com", "ann lee@example.com",
            "Ann <ann@example.com>", ".ann@example.com", "ann.@example.com", "an..n@example.com", "ann@-example.com", "ann@example-.com",
            "josé@example.com", "ann@exämple.com", "ann@@example.com", new string('a', 250) + "@example.com",
        ],
        [StageFormats.HttpsUrl] =
        [
            "https://example.com", "https://example.com/", "https://sub.example.com:8443/path?q=1#frag", "https://localhost",
            "https://1.2.3.4/x", "https://example.com/a%20b", "http://example.com", "ftp://example.com", "javascript:alert(1)",
            "example.com", "/relative/path", "https://", "https://exa mple.com", "https://example.com/a b", "HTTPS://example.com",
            "https://user:pw@example.com", "https://example.com:123456", "https://-example.com", "https://exämple.com",
            "https://example.com/ä", "https://[::1]/", "https://example.com/" + new string('p', 2100), "https://example.com:65535",
            "https://example.com:65536", "https://example.com:0", "https://example.com:08080", "https://my_host.example",
        ],
        [StageFormats.Date] =
        [
            Day(0), Day(1), Day(-1), "2032-02-29", "2400-02-29", "9999-12-31", "2030-12-31", "2030-04-30", "2000-02-29", "0001-01-01",
            "2030-6-20", "20/06/2030", "2030-02-30", "2030-02-29", "2100-02-29", "2030-04-31", "2030-13-01", "2030-00-10",
            "2030-06-00", "0000-01-01", "2030-06-20T18:00", "tomorrow", "２０３０-06-20", "٢٠٣٠-06-20", "+2030-06-20",
        ],
        [StageFormats.Time] = ["00:00", "18:00", "23:59", "09:05", "24:00", "6pm", "18:00:00", "1800", "8:00", "18:60", "١٨:٠٠", "18:0"],
        [StageFormats.TimeZone] =
        [
            "UTC", "Europe/Paris", "Asia/Kolkata", "Etc/GMT+5", "America/Argentina/Buenos_Aires", "Pacific/Kiritimati",
            "Mars/Olympus_Mons", "posix/America/New_York", "right/UTC", "Eastern Standard Time", "EST", "../../etc/passwd",
            "/etc/localtime", "utc", "Europe/", "Europe//Paris",
        ],
        [StageFormats.Currency] = ["USD", "EUR", "JPY", "XYZ", "usd", "US", "USDD", "U$D", "ＵＳＤ"],
        [StageFormats.Country] = ["US", "FR", "JP", "ZZ", "us", "USA", "U", "U1", "ＵＳ"],
        [StageFormats.StripeAccount] = ["acct_1AbC23", "acct_" + new string('A', 250), "acct_" + new string('A', 251), "acct_", "cus_123", "acct_12 3", "ACCT_1", "acct_1-2", "acct_١"],
    };

    private static IEnumerable<(string, JsonNode?)> NumberValues(StageField field)
    {
        var numbers = new List<string>
        {
            Raw(field.Minimum), Raw(field.Minimum - 1), Raw(field.Minimum - 0.01m), Raw(field.Maximum), Raw(field.Maximum + 1),
            Raw(field.Maximum + 0.01m), Raw(field.Maximum) + ".0000000001", Raw(field.Maximum) + ".0",
            // Past decimal's 28 digits: exactly above the maximum, exactly below 1, a negative that rounds to zero.
            Raw(field.Maximum) + ".000000000000000000000000000001", "0.999999999999999999999999999999",
            "-0.0000000000000000000000000000000001",
            "-0", "0", "0.0", "-0.0", "1", "1.0", "1.5", "2", "10.005", "10.07", "19.99", "0.07", "0.1", "0.30000000000000004",
            "1e-30", "1e-400", "-1e-400", "1e2", "1E2", "1.5e1", "1e308", "-1e308", "1e400", "-1e400", "9007199254740993",
            "123456789.123456789", "0.000000000000000000000000000001", "12345678901234567890123456789012345678901234567890",
        };
        return numbers.Select(number => ($"= {number}", JsonNode.Parse(number)));
    }

    private static string Raw(decimal number) => number.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(string, JsonNode?)> ListValues(StageField field)
    {
        JsonNode Item(int i) => JsonNode.Parse($$"""{"name":"T{{i}}","price":0,"quantity":1}""")!;
        JsonArray Items(int count) => new([.. Enumerable.Range(0, count).Select(Item)]);
        yield return ("= no items", Items(0));
        yield return ("= the fewest items", Items(field.MinItems));
        yield return ("= the most items", Items(field.MaxItems));
        yield return ("= one item more than the most", Items(field.MaxItems + 1));
        yield return ("= items that are numbers", JsonNode.Parse("[1]"));
        yield return ("= items that are strings", JsonNode.Parse("[\"GA\"]"));
        yield return ("= items that are null", JsonNode.Parse("[null]"));
        yield return ("= items that are arrays", JsonNode.Parse("[[]]"));
        yield return ("= empty item", JsonNode.Parse("[{}]"));
        yield return ("= an item with an undeclared field", JsonNode.Parse("""[{"name":"GA","price":0,"quantity":1,"extra":true}]"""));
    }

    /// <summary>Payloads aimed at the rules no schema states, and at their edges.</summary>
    private static IEnumerable<Case> RuleCases(string stage)
    {
        string[] json = stage switch
        {
            WizardStages.Event =>
            [
                $$"""{"title":"Past","type":"popup","date":"{{Day(-1)}}","startTime":"18:00"}""",
                $$"""{"title":"Today","type":"popup","date":"{{Day(0)}}","startTime":"18:00"}""",
                $$"""{"title":"Kiritimati tomorrow","type":"popup","date":"{{Day(0)}}","startTime":"18:00","timezone":"Pacific/Kiritimati"}""",
                $$"""{"title":"Honolulu yesterday","type":"popup","date":"{{Day(-1)}}","startTime":"18:00","timezone":"Pacific/Honolulu"}""",
                $$"""{"title":"End equals start","type":"popup","date":"{{Day(3)}}","startTime":"18:00","endTime":"18:00"}""",
                $$"""{"title":"End before start","type":"popup","date":"{{Day(3)}}","startTime":"18:00","endTime":"17:59"}""",
                $$"""{"title":"End after start","type":"popup","date":"{{Day(3)}}","startTime":"18:00","endTime":"18:01"}""",
                $$"""{"title":"Unknown zone","type":"popup","date":"{{Day(3)}}","startTime":"18:00","timezone":"Mars/Olympus_Mons"}""",
                $$"""{"title":"Unknown zone in the past","type":"popup","date":"{{Day(-3)}}","startTime":"18:00","timezone":"Atlantis/Capital"}""",
                """{"title":"Everything at once","type":"popup","date":"2000-01-01","startTime":"18:00","endTime":"08:00","timezone":"posix/UTC"}""",
            ],
            WizardStages.Ticket =>
            [
                """{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":" vip ","price":1,"quantity":1}],"totalCapacity":2}""",
                """{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":"VIP\u00A0","price":1,"quantity":1}],"totalCapacity":2}""",
                """{"tiers":[{"name":"VIP","price":1,"quantity":1},{"name":"VIP\u200B","price":1,"quantity":1}],"totalCapacity":2}""",
                """{"tiers":[{"name":"A","price":1,"quantity":10},{"name":"B","price":2,"quantity":40}],"totalCapacity":39}""",
                """{"tiers":[{"name":"A","price":1,"quantity":10},{"name":"B","price":2,"quantity":40}],"totalCapacity":40}""",
                """{"tiers":[{"name":"A","price":10.005,"quantity":1}],"totalCapacity":1}""",
                """{"tiers":[{"name":"A","price":1,"currency":"XYZ","quantity":1}],"totalCapacity":1}""",
                """{"tiers":[{"name":"A","price":1.001,"currency":"XXX","quantity":5},{"name":"a","price":1,"quantity":1}],"totalCapacity":4}""",
            ],
            WizardStages.Venue =>
            [
                """{"mode":"physical"}""",
                """{"mode":"hybrid"}""",
                """{"mode":"virtual","name":"","address":{"line1":"","city":"","country":""},"url":"https://x.example"}""",
                """{"mode":"physical","name":"Hall","address":{}}""",
                """{"mode":"physical","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"ZZ"}}""",
                """{"mode":"virtual","url":"https://x.example","address":{"line1":"1 Main","city":"NYC","country":"ZZ"}}""",
                """{"mode":"hybrid","name":"Hall","address":{"line1":"1 Main","city":"NYC","country":"US"}}""",
                """{"mode":"hybrid","url":"https://meet.example.com"}""",
                """{"mode":"boat","name":"Hall"}""",
            ],
            WizardStages.Payment =>
            [
                """{"enabled":true}""",
                """{"enabled":true,"accountId":""}""",
                """{"enabled":true,"accountId":null}""",
                """{"enabled":false,"accountId":""}""",
                """{"enabled":false,"accountId":"whatever"}""",
            ],
            _ => [],
        };
        return json.Select(text => new Case($"rule case {text}", JsonNode.Parse(text)));
    }

    /// <summary>A string as JSON with every character outside printable ASCII escaped (\u0085, \uFEFF, \u200B show), shortened when long.</summary>
    public static string Quote(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        var shown = runes.Count <= 80 ? text
            : $"{string.Concat(runes.Take(40))}…({runes.Count} code points)…{string.Concat(runes.TakeLast(20))}";
        return "\"" + string.Concat(shown.Select(c => c switch
        {
            '"' or '\\' => "\\" + c,
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            >= ' ' and <= '~' => c.ToString(),
            _ => $"\\u{(int)c:X4}",
        })) + "\"";
    }

    /// <summary>A payload as JSON with every character outside printable ASCII escaped and long strings shortened.</summary>
    public static string Show(JsonNode? payload) => payload switch
    {
        null => "null",
        JsonObject obj => "{" + string.Join(",", obj.Select(p => $"{Quote(p.Key)}:{Show(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Show)) + "]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Quote(value.GetValue<string>()),
        _ => payload.ToJsonString(),
    };
}

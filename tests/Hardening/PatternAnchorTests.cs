using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace EventWizard.Tests.Hardening;

/// <summary>
/// .NET's <c>$</c> (and <c>\Z</c>) also match before a final newline, so <c>^acct_[A-Za-z0-9]+$</c> lets
/// <c>"acct_abc\n"</c> through. Every pattern in the production code is a [GeneratedRegex] anchored with
/// <c>\A</c> and <c>\z</c>; these tests hold that rule and the values it once let through.
/// </summary>
public sealed partial class PatternAnchorTests
{
    private static readonly string[] ProductionAssemblies =
        ["EventWizard.Shared", "EventWizard.DevHost", "WizardSession.Functions", "PublishEvent.Functions", "Cleanup.Functions"];

    [Fact]
    public void Every_generated_regex_is_anchored_with_A_and_z()
    {
        var patterns = GeneratedRegexes().ToList();

        Assert.NotEmpty(patterns);
        var wrong = patterns.Where(p => LineAnchorIn(p.Regex) is not null)
            .Select(p => $"{p.Name}: {p.Regex} ({LineAnchorIn(p.Regex)})").ToList();
        Assert.True(wrong.Count == 0, "Anchor patterns with \\A and \\z (not ^, $, \\Z or Multiline): " + string.Join("; ", wrong));
    }

    [Fact]
    public void Production_code_builds_no_regex_outside_GeneratedRegex()
    {
        var offending = ProductionSources()
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => RuntimeRegex().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepositoryRoot(), x.file)}:{x.index + 1}")
            .ToList();

        Assert.True(offending.Count == 0,
            "Use a [GeneratedRegex] method (the anchor test checks those) instead of: " + string.Join(", ", offending));
    }

    [Theory]
    [InlineData("^a$", "^")]
    [InlineData(@"\Aa$", "$")]
    [InlineData(@"\A(a|b$)\z", "$")]
    [InlineData(@"\Aa\Z", @"\Z")]
    [InlineData(@"\A[$^]\$\z", null)]
    [InlineData(@"\A[\]$]\z", null)]
    [InlineData(@"\A\\\z", null)]
    public void The_anchor_check_finds_line_anchors_outside_classes_and_escapes(string pattern, string? found) =>
        Assert.Equal(found, LineAnchorIn(new Regex(pattern)));

    [Fact]
    public void The_anchor_check_refuses_multiline() =>
        Assert.Equal("Multiline", LineAnchorIn(new Regex(@"\Aa\z", RegexOptions.Multiline)));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_Stripe_account_id_with_a_trailing_newline_is_invalid(string ending)
    {
        var issues = Validate(WizardStages.Payment, JsonSerializer.Serialize(new { enabled = true, accountId = "acct_1TestAccount" + ending }));

        Assert.Contains(issues, issue => issue.Field == "accountId" && issue.Code == "invalid_format");
    }

    [Fact]
    public void A_paid_tier_with_a_newline_ended_account_id_needs_payment()
    {
        var payloads = new StagePayloads().Paid("acct_1TestAccount\n");
        using var ticket = JsonDocument.Parse(payloads.Ticket.ToJsonString());
        using var payment = JsonDocument.Parse(payloads.Payment.ToJsonString());

        Assert.Contains(StageValidator.CrossStage(ticket.RootElement, payment.RootElement), issue => issue.Code == "payment_required");
    }

    [Fact]
    public void A_time_zone_with_a_trailing_newline_is_invalid()
    {
        var issues = Validate(WizardStages.Event, JsonSerializer.Serialize(new
        {
            title = "Spring show", type = "fashion_show", date = "2030-06-20", startTime = "18:00", timezone = "America/New_York\n",
        }));

        Assert.Contains(issues, issue => issue.Field == "timezone" && issue.Code == "invalid_format");
    }

    [Theory]
    [InlineData("https://atelier.example\n")]
    [InlineData("https://atelier.example\r\n")]
    [InlineData(" https://atelier.example")]
    [InlineData("https://atelier.example/a b")]
    public void An_https_address_with_whitespace_is_invalid(string url)
    {
        var website = Validate(WizardStages.Organizer, JsonSerializer.Serialize(new { name = "Ann Lee", email = "ann@example.com", website = url }));
        var venue = Validate(WizardStages.Venue, JsonSerializer.Serialize(new { mode = "virtual", url }));

        Assert.Contains(website, issue => issue.Field == "website" && issue.Code == "invalid_format");
        Assert.Contains(venue, issue => issue.Field == "url" && issue.Code == "invalid_format");
    }

    [Fact]
    public async Task A_session_whose_account_id_ends_in_a_newline_is_not_published()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant, new StagePayloads().Paid("acct_1TestAccount\n"));

        using var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("session_incomplete", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
    }

    private static IReadOnlyList<FieldIssue> Validate(string stage, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new StageValidator(new FakeTimeProvider(new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero)))
            .Validate(stage, document.RootElement.Clone());
    }

    /// <summary>Every [GeneratedRegex] method or property of the production assemblies, with its Regex.</summary>
    private static IEnumerable<(string Name, Regex Regex)> GeneratedRegexes()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in ProductionAssemblies.Select(Assembly.Load).SelectMany(assembly => assembly.GetTypes()))
        {
            foreach (var method in type.GetMethods(all).Where(m => m.IsDefined(typeof(GeneratedRegexAttribute))))
            {
                yield return ($"{type.Name}.{method.Name}", (Regex)method.Invoke(Target(method), null)!);
            }
            foreach (var property in type.GetProperties(all).Where(p => p.IsDefined(typeof(GeneratedRegexAttribute))))
            {
                yield return ($"{type.Name}.{property.Name}", (Regex)property.GetValue(Target(property.GetMethod!))!);
            }
        }
    }

    private static object? Target(MethodInfo member) =>
        member.IsStatic ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(member.DeclaringType!);

    /// <summary>The first anchor that matches at a line end (or the option that makes ^ and $ do so), or null.</summary>
    private static string? LineAnchorIn(Regex regex)
    {
        if (regex.Options.HasFlag(RegexOptions.Multiline))
        {
            return "Multiline";
        }
        var pattern = regex.ToString();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\' when i + 1 < pattern.Length:
                    if (!inClass && pattern[i + 1] == 'Z')
                    {
                        return @"\Z";
                    }
                    i++;
                    break;
                case '[' when !inClass:
                    inClass = true;
                    // A ']' right after '[' or '[^' is a literal member of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        i++;
                    }
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        i++;
                    }
                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '^' or '$' when !inClass:
                    return pattern[i].ToString();
            }
        }
        return null;
    }

    private static IEnumerable<string> ProductionSources() =>
        new[] { "Shared", "DevHost", "WizardSession.Functions", "PublishEvent.Functions", "Cleanup.Functions" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventWizard.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException($"EventWizard.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"new\s+Regex\s*\(|\bRegex\s*\.\s*(IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches)\s*\(")]
    private static partial Regex RuntimeRegex();
}

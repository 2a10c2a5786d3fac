using System.Net;
using System.Text.Json.Nodes;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;
using Npgsql;

namespace EventWizard.Tests.Observability;

/// <summary>
/// Nothing a user typed, no email, no transcript, no token, no password and no connection string reaches the
/// exporters: every name, attribute and event of every span and every metric point is searched.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ForbiddenAttributeTests(TelemetryHostFixture fixture)
{
    [Fact]
    public async Task No_payload_email_transcript_token_password_or_connection_string_is_exported()
    {
        var marker = "payload-marker-" + Guid.NewGuid().ToString("N");
        var email = $"organizer-{Guid.NewGuid():N}@marker.example";
        var transcript = "transcript-marker-" + Guid.NewGuid().ToString("N");
        var tenant = fixture.NewTenant();
        var sessionId = SessionApi.NewId();
        await SessionApi.CreateAsync(tenant, sessionId);
        var payloads = new StagePayloads();
        payloads.Organizer["name"] = marker;
        payloads.Organizer["email"] = email;
        payloads.Event["description"] = marker;

        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "organizerSetup", data = payloads.Organizer });
        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "eventSetup", data = payloads.Event });
        var interaction = await tenant.Http.PostAsync($"/api/wizard-session/{sessionId}/interactions",
            SessionApi.Json(new { role = "user", text = $"{transcript} write to {email}" }));
        Assert.Equal(HttpStatusCode.Created, interaction.StatusCode);
        // PostgreSQL refuses this one (numeric overflow): the failed command's span carries the error, still without the payload.
        var unstorable = new JsonObject { ["name"] = marker, ["email"] = email, ["n"] = JsonNode.Parse("1e1000000") };
        var refused = await SessionApi.PatchAsync(tenant, new { sessionId, stage = "organizerSetup", data = unstorable });
        Assert.Equal("invalid_data", await ResponseBody.ProblemCodeAsync(refused));
        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "ticketSetup", data = payloads.Ticket });
        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "venueSetup", data = payloads.Venue });
        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "paymentSetup", data = payloads.Payment });
        Assert.Equal(HttpStatusCode.Created, (await SessionRows.PublishAsync(tenant.Http, new { sessionId })).StatusCode);
        fixture.Total(WizardMetrics.AutosavesName);

        var forbidden = new[]
        {
            marker, email, transcript, tenant.Token,
            new NpgsqlConnectionStringBuilder(await TestDatabase.RuntimeConnectionStringAsync()).Password!,
            new NpgsqlConnectionStringBuilder(await TestDatabase.OwnerConnectionStringAsync()).Password!,
            "Password=", "Username=", "Host=",
        };
        var exported = ExportedTexts().ToList();
        Assert.Contains(exported, text => text.Contains(tenant.OrganizationId.ToString(), StringComparison.Ordinal));
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Every string the exporters received: span names, attribute keys and values, events, links, status, metric tags.</summary>
    private IEnumerable<string> ExportedTexts()
    {
        foreach (var span in fixture.Spans.Snapshot())
        {
            yield return span.DisplayName;
            yield return span.StatusDescription ?? "";
            foreach (var text in TagTexts(span.TagObjects))
            {
                yield return text;
            }
            foreach (var spanEvent in span.Events)
            {
                yield return spanEvent.Name;
                foreach (var text in TagTexts(spanEvent.Tags))
                {
                    yield return text;
                }
            }
            foreach (var baggage in span.Baggage)
            {
                yield return $"{baggage.Key}={baggage.Value}";
            }
        }
        foreach (var metric in fixture.Metrics.Snapshot())
        {
            yield return metric.Name;
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return $"{tag.Key}={tag.Value}";
                }
            }
        }
    }

    private static IEnumerable<string> TagTexts(IEnumerable<KeyValuePair<string, object?>> tags) =>
        tags.Select(tag => $"{tag.Key}={Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)}");
}

using System.Diagnostics;
using System.Net;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Publish;
using EventWizard.Tests.Sessions;

namespace EventWizard.Tests.Observability;

/// <summary>One request span per HTTP request, at the boundary, with the database commands (and Stripe calls) under it.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class RequestSpanTests(TelemetryHostFixture fixture)
{
    [Fact]
    public async Task A_PATCH_is_one_request_span_with_its_database_commands_under_it()
    {
        var tenant = fixture.NewTenant();
        var sessionId = SessionApi.NewId();
        await SessionApi.CreateAsync(tenant, sessionId);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(tenant.Http,
            new HttpRequestMessage(HttpMethod.Patch, $"/api/wizard-session/{sessionId}")
            {
                Content = SessionApi.Json(new { stage = "organizerSetup", data = new StagePayloads().Organizer }),
            });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = fixture.SpansOf(traceId);
        var request = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name);
        Assert.Equal("PATCH /api/wizard-session/{sessionId}", request.DisplayName);
        Assert.Equal("/api/wizard-session/{sessionId}", request.GetTagItem(TelemetryTags.Route));
        Assert.Equal("PATCH", request.GetTagItem(TelemetryTags.Method));
        Assert.Equal(200, request.GetTagItem(TelemetryTags.StatusCode));
        Assert.Equal(tenant.OrganizationId.ToString(), request.GetTagItem(TelemetryTags.OrganizationId));
        AssertDatabaseChildren(spans, request);
    }

    [Fact]
    public async Task A_publish_is_one_request_span_with_its_database_commands_under_it()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(tenant.Http, PublishRequest(new { sessionId }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = fixture.SpansOf(traceId);
        var request = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name);
        Assert.Equal("POST /api/publish-event", request.DisplayName);
        Assert.Equal(201, request.GetTagItem(TelemetryTags.StatusCode));
        Assert.Equal(tenant.OrganizationId.ToString(), request.GetTagItem(TelemetryTags.OrganizationId));
        AssertDatabaseChildren(spans, request);
    }

    [Fact]
    public async Task A_paid_publish_has_its_Stripe_call_as_a_child_span_with_the_outcome()
    {
        var tenant = fixture.NewTenant();
        var (sessionId, accountId) = await SessionRows.InsertPaidWithConnectedAccountAsync(tenant);
        fixture.Stripe.SetChargesEnabled(accountId, true);
        await PublishWithStripeTests.ForgetCachedStatusAsync(tenant.OrganizationId);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(tenant.Http, PublishRequest(new { sessionId }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = fixture.SpansOf(traceId);
        var request = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name && span.Kind == ActivityKind.Internal);
        var stripe = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name && span.Kind == ActivityKind.Client);
        Assert.Equal("stripe accounts.get", stripe.DisplayName);
        Assert.Equal(request.SpanId, stripe.ParentSpanId);
        Assert.Equal(StripeTelemetry.Ok, stripe.GetTagItem(TelemetryTags.Outcome));
        Assert.Equal("accounts.get", stripe.GetTagItem(TelemetryTags.StripeOperation));
        AssertDatabaseChildren(spans, request);
    }

    [Fact]
    public async Task A_Stripe_failure_is_an_error_span_with_the_outcome_and_Stripes_status()
    {
        var tenant = fixture.NewTenant();
        var (sessionId, accountId) = await SessionRows.InsertPaidWithConnectedAccountAsync(tenant);
        await PublishWithStripeTests.ForgetCachedStatusAsync(tenant.OrganizationId);
        fixture.Stripe.FailNext($"GET /v1/accounts/{accountId}", 400, "No such account.");

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(tenant.Http, PublishRequest(new { sessionId }));

        Assert.False(response.IsSuccessStatusCode);
        var stripe = Assert.Single(fixture.SpansOf(traceId), span => span.Source.Name == WizardTelemetry.Name && span.Kind == ActivityKind.Client);
        Assert.Equal(StripeTelemetry.StripeError, stripe.GetTagItem(TelemetryTags.Outcome));
        Assert.Equal(400, stripe.GetTagItem(TelemetryTags.StatusCode));
        Assert.Equal(ActivityStatusCode.Error, stripe.Status);
    }

    private static HttpRequestMessage PublishRequest(object body) =>
        new(HttpMethod.Post, "/api/publish-event") { Content = SessionApi.Json(body) };

    /// <summary>Npgsql's command spans of the trace: at least one, each a child of the request span, SQL text without values.</summary>
    private static void AssertDatabaseChildren(Activity[] spans, Activity request)
    {
        var commands = spans.Where(span => span.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, command =>
        {
            Assert.Equal(request.SpanId, command.ParentSpanId);
            Assert.Equal(ActivityKind.Client, command.Kind);
            Assert.False(string.IsNullOrEmpty(command.GetTagItem("db.query.text") as string));
            Assert.Equal("event-wizard", command.GetTagItem("db.npgsql.data_source"));
        });
    }
}

using System.Net;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;

namespace EventWizard.Tests.Observability;

/// <summary>The metrics move by what a request did (the collection runs alone, so nothing else moves them meanwhile).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricTests(TelemetryHostFixture fixture)
{
    private static readonly (string, object) Ok = (TelemetryTags.Outcome, "ok");

    [Fact]
    public async Task An_autosave_counts_one_ok_autosave()
    {
        var tenant = fixture.NewTenant();
        var sessionId = SessionApi.NewId();
        await SessionApi.CreateAsync(tenant, sessionId);
        var before = fixture.Total(WizardMetrics.AutosavesName, Ok);

        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "organizerSetup", data = new StagePayloads().Organizer });

        Assert.Equal(before + 1, fixture.Total(WizardMetrics.AutosavesName, Ok));
    }

    [Fact]
    public async Task A_stale_If_Match_counts_one_412_and_one_version_mismatch()
    {
        var tenant = fixture.NewTenant();
        var sessionId = SessionApi.NewId();
        await SessionApi.CreateAsync(tenant, sessionId);
        var route = (TelemetryTags.Route, (object)"/api/wizard-session");
        var mismatch = (TelemetryTags.Outcome, (object)"version_mismatch");
        var (failedBefore, mismatchBefore, okBefore) = (fixture.Total(WizardMetrics.PreconditionFailedName, route),
            fixture.Total(WizardMetrics.AutosavesName, mismatch), fixture.Total(WizardMetrics.AutosavesName, Ok));

        var response = await SessionApi.PatchAsync(tenant, new { sessionId, stage = "organizerSetup", data = new StagePayloads().Organizer },
            ifMatch: "\"4711\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(failedBefore + 1, fixture.Total(WizardMetrics.PreconditionFailedName, route));
        Assert.Equal(mismatchBefore + 1, fixture.Total(WizardMetrics.AutosavesName, mismatch));
        Assert.Equal(okBefore, fixture.Total(WizardMetrics.AutosavesName, Ok));
    }

    [Fact]
    public async Task A_move_forward_counts_one_stage_move_to_the_stage_reached()
    {
        var tenant = fixture.NewTenant();
        var sessionId = SessionApi.NewId();
        await SessionApi.CreateAsync(tenant, sessionId);
        var reached = (TelemetryTags.Stage, (object)"eventSetup");
        var before = fixture.Total(WizardMetrics.StageMovesName, reached);

        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "organizerSetup", data = new StagePayloads().Organizer });
        Assert.Equal(before, fixture.Total(WizardMetrics.StageMovesName, reached));
        await SessionApi.PatchOkAsync(tenant, new { sessionId, currentStage = "eventSetup" });

        Assert.Equal(before + 1, fixture.Total(WizardMetrics.StageMovesName, reached));
    }

    [Fact]
    public async Task A_publish_counts_its_outcome_and_its_duration()
    {
        var tenant = fixture.NewTenant();
        var complete = await SessionRows.InsertAsync(tenant);
        var payloads = new StagePayloads();
        payloads.Event.Remove("date");
        var incomplete = await SessionRows.InsertAsync(tenant, payloads);
        var created = (TelemetryTags.Outcome, (object)"created");
        var refused = (TelemetryTags.Outcome, (object)"session_incomplete");
        var (createdBefore, refusedBefore, timedBefore) = (fixture.Total(WizardMetrics.PublishesName, created),
            fixture.Total(WizardMetrics.PublishesName, refused), fixture.Total(WizardMetrics.PublishDurationName, created));

        Assert.Equal(HttpStatusCode.Created, (await SessionRows.PublishAsync(tenant.Http, new { sessionId = complete })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SessionRows.PublishAsync(tenant.Http, new { sessionId = incomplete })).StatusCode);

        Assert.Equal(createdBefore + 1, fixture.Total(WizardMetrics.PublishesName, created));
        Assert.Equal(refusedBefore + 1, fixture.Total(WizardMetrics.PublishesName, refused));
        Assert.Equal(timedBefore + 1, fixture.Total(WizardMetrics.PublishDurationName, created));
    }

    [Fact]
    public async Task Stripe_calls_are_counted_by_operation_and_outcome()
    {
        var tenant = fixture.NewTenant();
        var created = new[] { (TelemetryTags.StripeOperation, (object)"accounts.create"), Ok };
        var before = fixture.Total(WizardMetrics.StripeCallsName, created);

        await SessionRows.InsertPaidWithConnectedAccountAsync(tenant);

        Assert.Equal(before + 1, fixture.Total(WizardMetrics.StripeCallsName, created));
    }
}

using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>POST /api/wizard-session: create a session, or resume it by id.</summary>
public sealed class CreateSession(ApiHandler api, SessionStore sessions, StageValidator validator)
{
    [Function(nameof(CreateSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "wizard-session")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, CreateSessionRequest.Parse, async (caller, create) =>
            SessionResults.Of(await sessions.CreateAsync(caller, create.SessionId, ct), validator), ct, allowEmptyBody: true);
}

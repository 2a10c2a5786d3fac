using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-session?status=&amp;mine=&amp;limit=&amp;cursor=&amp;include=: the resume screen's list.</summary>
public sealed class ListSessions(ApiHandler api, SessionStore sessions, StageValidator validator)
{
    [Function(nameof(ListSessions))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, () => ListSessionsQuery.Parse(req.Query), async (caller, query) =>
            SessionResults.Listed(await sessions.ListAsync(caller, query, ct), query, validator));
}

using EventWizard.Shared.Http;

namespace EventWizard.Shared.Stages;

/// <summary>The body of <c>GET /api/wizard-stages</c>: built from the stage declarations and tagged once per process.</summary>
public sealed class StageCatalog
{
    public StaticJsonResponse Response { get; } = new(StageSchemas.Document(), "public, max-age=3600");
}

using System.Text.Json;

namespace EventWizard.Shared.Http;

/// <summary>Either the parsed JSON object or the problem that stopped it.</summary>
public sealed record BodyResult(JsonElement Body, Problem? Problem)
{
    public static implicit operator BodyResult(Problem problem) => new(default, problem);
}

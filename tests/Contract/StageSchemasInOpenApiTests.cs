using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;

namespace EventWizard.Tests.Contract;

/// <summary>
/// The OpenAPI document carries each data stage's schema (component <c>OrganizerSetup</c>, …) for the typed client; it
/// must be exactly what GET /api/wizard-stages serves, which comes from <see cref="StageDefinitions"/>.
/// </summary>
public sealed class StageSchemasInOpenApiTests
{
    public static TheoryData<string> DataStages() => [.. WizardStages.DataStages];

    [Theory]
    [MemberData(nameof(DataStages))]
    public void The_documents_stage_schema_is_the_one_the_API_serves(string stage)
    {
        var component = char.ToUpperInvariant(stage[0]) + stage[1..];
        var expected = StageSchemas.For(StageDefinitions.Of(stage));

        Assert.True(ContractDocument.Served.Root.GetProperty("components").GetProperty("schemas").TryGetProperty(component, out var actual),
            $"docs/openapi.json has no component {component}; add:\n\"{component}\": {expected.ToJsonString(Indented)}");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(actual.GetRawText())),
            $"docs/openapi.json's {component} differs from the stage schema; replace it with:\n{expected.ToJsonString(Indented)}");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

using System.Text.Json;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.Time.Testing;

namespace EventWizard.Tests.Stages;

/// <summary>
/// The validator and the served schema give the same verdict on every corpus payload: the schema accepts exactly the
/// payloads whose only issues are rules the stage lists as beyond a schema.
/// </summary>
public sealed class StageCorpusTests
{
    private readonly StageValidator validator = new(new FakeTimeProvider(StageCorpus.Now));

    public static TheoryData<string> DataStages() => [.. WizardStages.DataStages];

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Validator_and_schema_agree_on_every_corpus_payload(string stage)
    {
        var definition = StageDefinitions.Of(stage);
        var ruleCodes = definition.Rules.Select(rule => rule.Code).ToHashSet(StringComparer.Ordinal);
        var schema = SchemaEvaluator.Build(StageSchemas.For(definition));
        var corpus = StageCorpus.For(definition);

        var disagreements = new List<string>();
        foreach (var (label, payload) in corpus)
        {
            var element = JsonSerializer.SerializeToElement(payload);
            var issues = validator.Validate(stage, element);
            var completeButForRules = issues.All(issue => ruleCodes.Contains(issue.Code));
            var (schemaAccepts, schemaErrors) = SchemaEvaluator.Evaluate(schema, element);
            if (completeButForRules != schemaAccepts)
            {
                disagreements.Add($"""
                    {label}
                      payload:   {StageCorpus.Show(payload)}
                      validator: {(completeButForRules ? "complete" : "incomplete")} {string.Join("; ", issues.Select(i => $"{i.Field} {i.Code}"))}
                      schema:    {(schemaAccepts ? "accepts" : "rejects")} {string.Join("; ", schemaErrors)}
                    """);
            }
        }

        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} of {corpus.Count} {stage} payloads get different verdicts:\n\n{string.Join("\n\n", disagreements.Take(25))}");
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void The_corpus_has_hundreds_of_payloads_of_both_verdicts(string stage)
    {
        var definition = StageDefinitions.Of(stage);
        var schema = SchemaEvaluator.Build(StageSchemas.For(definition));
        var verdicts = StageCorpus.For(definition)
            .Select(c => SchemaEvaluator.Evaluate(schema, JsonSerializer.SerializeToElement(c.Payload)).Valid)
            .ToList();

        Assert.True(verdicts.Count >= 200, $"{stage}: {verdicts.Count} payloads");
        Assert.True(verdicts.Count(valid => valid) >= 20, $"{stage}: {verdicts.Count(valid => valid)} accepted");
        Assert.True(verdicts.Count(valid => !valid) >= 100, $"{stage}: {verdicts.Count(valid => !valid)} rejected");
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Every_listed_rule_keeps_some_payload_the_schema_accepts_from_being_complete(string stage)
    {
        var definition = StageDefinitions.Of(stage);
        var schema = SchemaEvaluator.Build(StageSchemas.For(definition));
        var reported = StageCorpus.For(definition)
            .Select(c => JsonSerializer.SerializeToElement(c.Payload))
            .Where(element => SchemaEvaluator.Evaluate(schema, element).Valid)
            .SelectMany(element => validator.Validate(stage, element).Select(issue => issue.Code))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(definition.Rules, rule => Assert.Contains(rule.Code, reported));
    }

    [Fact]
    public void The_cross_stage_rule_is_listed_with_the_code_it_reports()
    {
        using var ticket = JsonDocument.Parse("""{"tiers":[{"name":"GA","price":10,"quantity":1}],"totalCapacity":1}""");
        using var payment = JsonDocument.Parse("""{"enabled":false}""");

        var issue = Assert.Single(StageValidator.CrossStage(ticket.RootElement, payment.RootElement));

        Assert.Equal([issue.Code], StageDefinitions.CrossStageRules.Select(rule => rule.Code));
    }
}

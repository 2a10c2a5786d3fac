namespace EventWizard.Shared.Stages;

/// <summary>A data stage: what its payload holds and the rules its schema cannot state.</summary>
public sealed record StageDefinition(string Name, string Description, IReadOnlyList<StageField> Fields, IReadOnlyList<StageRule> Rules);

namespace EventWizard.Shared.Stages;

/// <summary>The JSON type a stage field holds.</summary>
public enum StageFieldKind
{
    Text,
    Boolean,
    Number,
    Integer,
    Object,
    List,
}

namespace EventWizard.Shared.Actions;

/// <summary>The names actions are recorded under in wizard_actions; a key is scoped per organization and name.</summary>
public static class ActionNames
{
    public const string PublishEvent = "publishEvent";
    public const string ConnectStripe = "connectStripe";
}

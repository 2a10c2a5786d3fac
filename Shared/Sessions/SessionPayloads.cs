using System.Text.Json;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Sessions;

/// <summary>The five stage payload columns of a wizard_sessions row, and which one belongs to a data stage.</summary>
public abstract class SessionPayloads
{
    public JsonElement OrganizerData { get; init; }
    public JsonElement EventData { get; init; }
    public JsonElement TicketData { get; init; }
    public JsonElement VenueData { get; init; }
    public JsonElement PaymentData { get; init; }

    /// <summary>The payload of a data stage.</summary>
    public JsonElement PayloadOf(string dataStage) => dataStage switch
    {
        WizardStages.Organizer => OrganizerData,
        WizardStages.Event => EventData,
        WizardStages.Ticket => TicketData,
        WizardStages.Venue => VenueData,
        WizardStages.Payment => PaymentData,
        _ => throw new ArgumentOutOfRangeException(nameof(dataStage), dataStage, "Not a data stage."),
    };
}

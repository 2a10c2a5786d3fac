namespace EventWizard.Shared.Stages;

/// <summary>
/// The fields of every data stage: the one place a field is declared. The validator checks payloads against these
/// declarations and the stage schemas are built from them; the rules beyond them are in <see cref="StageValidator"/>.
/// </summary>
public static class StageDefinitions
{
    public static readonly IReadOnlyList<string> EventTypes = ["fashion_show", "popup", "exhibition", "launch"];
    public static readonly IReadOnlyList<string> VenueModes = ["physical", "virtual", "hybrid"];

    /// <summary>The largest price, tier quantity and capacity: prices stay exact in decimal and double, counts fit an int column.</summary>
    public const decimal MaxPrice = 1_000_000_000m;
    public const decimal MaxCount = int.MaxValue;

    public static readonly StageDefinition Organizer = new(WizardStages.Organizer,
        "Who organizes the event: shown to attendees on the public event page.",
        [
            StageField.Text("name", 200, "The organizer's name as attendees see it: a person, brand or company.", required: true),
            StageField.Text("email", 254, "The organizer's contact email address.", required: true, format: StageFormats.Email),
            StageField.Text("phone", 50, "Optional contact phone number, as the organizer writes it."),
            StageField.Text("website", 2048, "Optional website of the organizer, an https URL.", format: StageFormats.HttpsUrl),
            StageField.Text("description", 5_000, "Optional text about the organizer."),
        ],
        []);

    public static readonly StageDefinition Event = new(WizardStages.Event,
        "What the event is and when it happens.",
        [
            StageField.Text("title", 255, "The event's title.", required: true),
            StageField.Choice("type", EventTypes, "The kind of event."),
            StageField.Formatted("date", StageFormats.Date, "The day of the event, yyyy-MM-dd, not before today in the event's time zone.", required: true),
            StageField.Formatted("startTime", StageFormats.Time, "Local start time, 24-hour HH:mm.", required: true),
            StageField.Formatted("endTime", StageFormats.Time, "Optional local end time, 24-hour HH:mm, after startTime on the same day.", required: false),
            StageField.Text("timezone", 64, $"The IANA time zone of the event, such as Europe/Paris or UTC; {StageValidator.DefaultTimezone} when not given.",
                format: StageFormats.TimeZone),
            StageField.Text("description", 10_000, "Optional description shown on the public event page."),
        ],
        [StageRules.DateInPast, StageRules.UnknownTimezone, StageRules.EndNotAfterStart]);

    public static readonly StageDefinition Ticket = new(WizardStages.Ticket,
        "The ticket tiers and how many people the event holds.",
        [
            StageField.List("tiers", 1, 50,
                [
                    StageField.Text("name", 100, "The tier's name, such as General or VIP; unique within the event.", required: true),
                    StageField.Number("price", 0, MaxPrice, "Price of one ticket in the tier's currency (0 for free), at most 2 decimals."),
                    StageField.Formatted("currency", StageFormats.Currency,
                        $"Optional ISO 4217 currency code, such as EUR; {StageValidator.DefaultCurrency} when not given.", required: false),
                    StageField.Integer("quantity", 1, MaxCount, "How many tickets of this tier can be sold."),
                ],
                "The ticket tiers, from 1 to 50."),
            StageField.Integer("totalCapacity", 1, MaxCount, "How many people the event holds in all; at least the largest tier quantity."),
        ],
        [StageRules.DuplicateTierName, StageRules.TooManyDecimals, StageRules.UnknownCurrency, StageRules.BelowLargestTier]);

    public static readonly StageDefinition Venue = new(WizardStages.Venue,
        "Where the event happens: a place, a stream, or both.",
        [
            StageField.Choice("mode", VenueModes, "physical (a place), virtual (an online stream) or hybrid (both)."),
            StageField.Text("name", 200, "The venue's name; required when mode is physical or hybrid."),
            StageField.Object("address",
                [
                    StageField.Text("line1", 200, "Street and number; required when mode is physical or hybrid."),
                    StageField.Text("city", 100, "City; required when mode is physical or hybrid."),
                    StageField.Formatted("country", StageFormats.Country,
                        "ISO 3166-1 alpha-2 country code such as US or FR; required when mode is physical or hybrid.", required: false),
                ],
                "The venue's address; required when mode is physical or hybrid."),
            StageField.Text("url", 2048, "The https URL of the online stream; required when mode is virtual or hybrid.", format: StageFormats.HttpsUrl),
        ],
        [StageRules.RequiredForMode, StageRules.UnknownCountry]);

    public static readonly StageDefinition Payment = new(WizardStages.Payment,
        "Whether tickets are paid through Stripe, and the organizer's connected Stripe account.",
        [
            StageField.Boolean("enabled", "true to take payments through Stripe; paid tiers need it."),
            StageField.Text("accountId", 255, "The connected Stripe account id (acct_...); required when enabled is true.",
                format: StageFormats.StripeAccount),
        ],
        [StageRules.RequiredWhenEnabled]);

    /// <summary>The data stages, in wizard order.</summary>
    public static readonly IReadOnlyList<StageDefinition> All = [Organizer, Event, Ticket, Venue, Payment];

    /// <summary>Rules that read several stages, checked for the move to reviewPublish and at publish.</summary>
    public static readonly IReadOnlyList<StageRule> CrossStageRules = [StageRules.PaymentRequired];

    public static StageDefinition Of(string dataStage) =>
        All.FirstOrDefault(stage => stage.Name == dataStage)
        ?? throw new ArgumentOutOfRangeException(nameof(dataStage), dataStage, "Not a data stage.");
}

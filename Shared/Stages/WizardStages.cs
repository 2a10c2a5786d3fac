namespace EventWizard.Shared.Stages;

/// <summary>The wizard's stages in order, the payload column each data stage owns, and the request aliases.</summary>
public static class WizardStages
{
    public const string Organizer = "organizerSetup";
    public const string Event = "eventSetup";
    public const string Ticket = "ticketSetup";
    public const string Venue = "venueSetup";
    public const string Payment = "paymentSetup";
    public const string Review = "reviewPublish";

    /// <summary>Every stage, in wizard order.</summary>
    public static readonly IReadOnlyList<string> All = [Organizer, Event, Ticket, Venue, Payment, Review];

    /// <summary>The five stages that own a payload column, in wizard order.</summary>
    public static readonly IReadOnlyList<string> DataStages = [Organizer, Event, Ticket, Venue, Payment];

    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        [Organizer] = "organizer_data",
        [Event] = "event_data",
        [Ticket] = "ticket_data",
        [Venue] = "venue_data",
        [Payment] = "payment_data",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["organizer"] = Organizer,
        ["event"] = Event,
        ["ticket"] = Ticket,
        ["venue"] = Venue,
        ["payment"] = Payment,
    };

    /// <summary>The canonical stage name for a stage name or its short alias; null when unknown.</summary>
    public static string? Resolve(string? name)
    {
        if (name is null)
        {
            return null;
        }
        if (All.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }
        return Aliases.GetValueOrDefault(name);
    }

    /// <summary>The short names accepted for <paramref name="stage"/> in requests.</summary>
    public static IReadOnlyList<string> AliasesOf(string stage) => [.. Aliases.Where(alias => alias.Value == stage).Select(alias => alias.Key)];

    public static bool IsDataStage(string stage) => Columns.ContainsKey(stage);

    /// <summary>The payload column of a data stage (a fixed map: stage names never reach SQL text).</summary>
    public static string ColumnOf(string dataStage) => Columns[dataStage];

    public static int IndexOf(string stage) => All.IndexOf(stage);

    /// <summary>The data stages that come before <paramref name="stage"/>.</summary>
    public static IEnumerable<string> DataStagesBefore(string stage) => DataStages.Take(Math.Min(IndexOf(stage), DataStages.Count));

    private static int IndexOf(this IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }
        return -1;
    }
}

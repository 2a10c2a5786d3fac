namespace EventWizard.Tests.Contract;

/// <summary>Reads a text/event-stream body as its events: the name (<c>message</c> when none is given) and the data lines joined.</summary>
public static class ServerSentEvents
{
    public static IReadOnlyList<(string Name, string Data)> Parse(string body)
    {
        List<(string, string)> events = [];
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = "message";
            List<string> data = [];
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line["data:".Length..].TrimStart(' '));
                }
            }
            events.Add((name, string.Join('\n', data)));
        }
        return events;
    }
}

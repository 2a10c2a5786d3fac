using System.Text.Json;

namespace EventWizard.DevHost;

/// <summary>
/// The <c>Values</c> of local.settings.json (or, when there is none, local.settings.sample.json), as
/// configuration keys: <c>Database__ConnectionString</c> becomes <c>Database:ConnectionString</c>.
/// </summary>
public static class LocalSettings
{
    public static Dictionary<string, string?> Load(string directory)
    {
        var path = new[] { "local.settings.json", "local.settings.sample.json" }
            .Select(name => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (path is null)
        {
            return values;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.TryGetProperty("Values", out var settings))
        {
            foreach (var setting in settings.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
            }
        }
        return values;
    }
}

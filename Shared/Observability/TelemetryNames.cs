namespace EventWizard.Shared.Observability;

/// <summary>
/// An enum's values as the snake_case names telemetry carries (<c>VersionMismatch</c> -> <c>version_mismatch</c>),
/// made once per enum, so recording an outcome allocates nothing.
/// </summary>
public static class TelemetryNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToDictionary(value => value, value => Snake(value.ToString()));

    public static string Of(TEnum value) => Names[value];

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

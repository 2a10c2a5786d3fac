namespace EventWizard.Shared.Hosting;

/// <summary>
/// A settings section that knows what is wrong with its values: each error names the setting as it is written in
/// app settings (<c>Database__ConnectionString</c>) and says what to do. Checked when the app starts
/// (<see cref="SettingsRegistration.AddCheckedSettings{TOptions}"/>), so a bad value stops it at deploy time.
/// </summary>
public interface ICheckedSettings
{
    /// <summary>What is wrong with these settings; empty when they are usable.</summary>
    IReadOnlyList<string> Errors();
}

using EventWizard.Shared.Hosting;

namespace EventWizard.Tests.Infrastructure;

/// <summary>Assertions on a settings section's own check (<see cref="ICheckedSettings.Errors"/>).</summary>
public static class SettingsErrors
{
    /// <summary>The check finds exactly one problem, and its message starts with the setting's app-settings name.</summary>
    public static void AssertOnly(ICheckedSettings settings, string setting)
    {
        var errors = settings.Errors();

        Assert.Single(errors);
        Assert.StartsWith(setting, errors[0], StringComparison.Ordinal);
    }
}

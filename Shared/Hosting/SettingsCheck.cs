using Microsoft.Extensions.Options;

namespace EventWizard.Shared.Hosting;

/// <summary>
/// Runs a settings section's own check (<see cref="ICheckedSettings.Errors"/>) when its options are first built; with
/// <c>ValidateOnStart</c> that is when the host starts, so the app refuses to start with the bad settings named.
/// </summary>
public sealed class SettingsCheck<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, ICheckedSettings
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        options.Errors() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

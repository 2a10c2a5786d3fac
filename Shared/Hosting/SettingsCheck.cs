using Microsoft.Extensions.Options;

namespace EventWizard.Shared.Hosting;

/// <summary>
/// Checks a settings section when the app starts (with <c>ValidateOnStart</c>): <paramref name="problems"/> names
/// each bad setting and what to do, so a bad value stops the app at deploy time, not when it is first used.
/// </summary>
public sealed class SettingsCheck<TOptions>(Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}

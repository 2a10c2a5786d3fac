using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EventWizard.Shared.Hosting;

/// <summary>The one way a settings section is registered: bound from its section, checked, validated when the app starts.</summary>
public static partial class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and checks it when the host starts (the DevHost
    /// and a function app alike: both build a generic host), so a bad value stops the app with the setting named.
    /// </summary>
    public static IServiceCollection AddCheckedSettings<TOptions>(this IServiceCollection services, IConfiguration configuration,
        string section) where TOptions : class, ICheckedSettings
    {
        services.AddOptions<TOptions>().Configure(options => Bind(configuration.GetSection(section), options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SettingsCheck<TOptions>>());
        return services;
    }

    /// <summary>
    /// A value the binder cannot convert (<c>Cleanup__TimeBudget=4 minutes</c>) is reported with the setting's name as
    /// app settings write it, not the binder's <c>Cleanup:TimeBudget</c>.
    /// </summary>
    private static void Bind(IConfigurationSection section, object options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            var message = ConfigurationPath().Replace(ex.Message, path => path.Value.Replace(":", "__", StringComparison.Ordinal));
            throw new InvalidOperationException(
                $"{message} Fix the setting (time spans as d.hh:mm:ss, numbers without units, true or false).", ex);
        }
    }

    [GeneratedRegex(@"(?<=')[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)+(?=')")]
    private static partial Regex ConfigurationPath();
}

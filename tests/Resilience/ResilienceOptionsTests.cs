using EventWizard.Shared.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace EventWizard.Tests.Resilience;

/// <summary>The check matches what Polly accepts: values at the edges pass it and build the pipelines.</summary>
public sealed class ResilienceOptionsTests
{
    public static TheoryData<ResilienceOptions> EdgeValues => new()
    {
        new ResilienceOptions(),
        new ResilienceOptions
        {
            DatabaseRetries = 1, StripeRetries = 1,
            DatabaseBaseDelay = TimeSpan.Zero, DatabaseMaxDelay = TimeSpan.Zero, StripeBaseDelay = TimeSpan.Zero, StripeMaxDelay = TimeSpan.Zero,
            DatabaseTotalTimeout = TimeSpan.FromMilliseconds(10), StripeAttemptTimeout = TimeSpan.FromMilliseconds(10),
            StripeTotalTimeout = TimeSpan.FromMilliseconds(10),
        },
        new ResilienceOptions
        {
            DatabaseBaseDelay = TimeSpan.FromDays(1), DatabaseMaxDelay = TimeSpan.FromDays(1), StripeBaseDelay = TimeSpan.FromDays(1),
            StripeMaxDelay = TimeSpan.FromDays(1), DatabaseTotalTimeout = TimeSpan.FromDays(1), StripeAttemptTimeout = TimeSpan.FromDays(1),
            StripeTotalTimeout = TimeSpan.FromDays(1),
        },
    };

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Values_the_check_passes_build_the_pipelines(ResilienceOptions options)
    {
        Assert.Empty(options.Errors());
        _ = new ResiliencePipelines(Options.Create(options), TimeProvider.System, NullLogger<ResiliencePipelines>.Instance);
    }

    public static TheoryData<string, ResilienceOptions> BadSettings => new()
    {
        { "Resilience__DatabaseRetries", new ResilienceOptions { DatabaseRetries = 0 } },
        { "Resilience__StripeRetries", new ResilienceOptions { StripeRetries = -1 } },
        { "Resilience__DatabaseBaseDelay", new ResilienceOptions { DatabaseBaseDelay = TimeSpan.FromSeconds(-1) } },
        { "Resilience__StripeMaxDelay", new ResilienceOptions { StripeMaxDelay = TimeSpan.FromDays(2) } },
        { "Resilience__DatabaseTotalTimeout", new ResilienceOptions { DatabaseTotalTimeout = TimeSpan.FromMilliseconds(9) } },
        { "Resilience__StripeAttemptTimeout", new ResilienceOptions { StripeAttemptTimeout = TimeSpan.Zero } },
        { "Resilience__StripeTotalTimeout", new ResilienceOptions { StripeTotalTimeout = TimeSpan.FromDays(2) } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_and_Polly_would_refuse_it_too(string setting, ResilienceOptions options)
    {
        SettingsErrors.AssertOnly(options, setting + " ");
        Assert.ThrowsAny<Exception>(() =>
            new ResiliencePipelines(Options.Create(options), TimeProvider.System, NullLogger<ResiliencePipelines>.Instance));
    }
}

using EventWizard.Shared.Cleanup;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Cleanup;

public sealed class CleanupOptionsTests
{
    [Fact]
    public void The_defaults_pass()
    {
        Assert.Empty(new CleanupOptions().Errors());
    }

    public static TheoryData<string, CleanupOptions> BadSettings => new()
    {
        { "Cleanup__BatchSize", new CleanupOptions { BatchSize = 0 } },
        { "Cleanup__BatchSize", new CleanupOptions { BatchSize = 50_001 } },
        { "Cleanup__StatementTarget", new CleanupOptions { StatementTarget = TimeSpan.Zero } },
        { "Cleanup__TimeBudget", new CleanupOptions { TimeBudget = TimeSpan.Zero } },
        { "Cleanup__InteractionRetention", new CleanupOptions { InteractionRetention = TimeSpan.FromHours(23) } },
        { "Cleanup__ClosedSessionRetention", new CleanupOptions { ClosedSessionRetention = TimeSpan.FromHours(1) } },
        { "Cleanup__ActionLease", new CleanupOptions { ActionLease = TimeSpan.FromSeconds(59) } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named(string setting, CleanupOptions options)
    {
        SettingsErrors.AssertOnly(options, setting + " ");
    }
}

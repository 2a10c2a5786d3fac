using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// A bad setting stops the host at start with the setting named as app settings write it. The DevHost builds the same
/// generic host with the same registrations (AddEventWizard) as a function app, so this is what a function app does too.
/// </summary>
public sealed class SettingsAtStartTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Database:ConnectionString", "Host=127.0.0.1;Port=not-a-port", "Database__ConnectionString" },
        { "Database:ConnectionString", "Port=5432;Database=event_wizard", "Database__ConnectionString" },
        { "Database:OwnerConnectionString", "Hots=127.0.0.1", "Database__OwnerConnectionString" },
        { "Database:EntraTokenRefresh", "00:00:00", "Database__EntraTokenRefresh" },
        { "Auth:Issuer", "", "Auth__Issuer" },
        { "Auth:Audience", " ", "Auth__Audience" },
        { "Auth:SigningKey", "too-short", "Auth__SigningKey" },
        { "Auth:MetadataAddress", "login.example.com/jwks", "Auth__MetadataAddress" },
        { "Auth:OrganizationClaim", "", "Auth__OrganizationClaim" },
        { "Stripe:ApiBase", "api.stripe.test", "Stripe__ApiBase" },
        { "Stripe:AccountType", "custom", "Stripe__AccountType" },
        { "Stripe:StatusCacheTtl", "00:00:00", "Stripe__StatusCacheTtl" },
        { "Stripe:NotReadyCacheTtl", "-00:00:01", "Stripe__NotReadyCacheTtl" },
        { "Cleanup:BatchSize", "0", "Cleanup__BatchSize" },
        { "Cleanup:TimeBudget", "00:00:00", "Cleanup__TimeBudget" },
        { "Cleanup:TimeBudget", "four minutes", "Cleanup__TimeBudget" },
        { "Cleanup:ActionLease", "00:00:10", "Cleanup__ActionLease" },
        { "Cors:AllowedOrigins", "localhost:5173", "Cors__AllowedOrigins" },
        { "Resilience:DatabaseRetries", "0", "Resilience__DatabaseRetries" },
        { "Resilience:StripeAttemptTimeout", "00:00:00", "Resilience__StripeAttemptTimeout" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_start_with_its_name(string key, string value, string setting)
    {
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        settings[key] = value;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DevHostApp.StartAsync([], settings, CancellationToken.None));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_setting_is_named_at_once()
    {
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        settings["Auth:Issuer"] = "";
        settings["Auth:SigningKey"] = "too-short";
        settings["Cleanup:BatchSize"] = "0";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DevHostApp.StartAsync([], settings, CancellationToken.None));

        Assert.All(new[] { "Auth__Issuer", "Auth__SigningKey", "Cleanup__BatchSize" },
            setting => Assert.Contains(setting, error.Message, StringComparison.Ordinal));
    }
}

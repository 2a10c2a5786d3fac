using EventWizard.DevHost;
using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EventWizard.Tests.Auth;

/// <summary>The token the DevHost prints on start works against the local settings it runs with.</summary>
public sealed class DevTokenTests
{
    [Fact]
    public async Task The_printed_local_token_authenticates_with_the_sample_settings()
    {
        await using var host = await LocalSettingsHostAsync();
        var token = DevTokens.Create(host.Configuration, DevTokens.LocalOrganization, DevTokens.LocalUser, TimeSpan.FromHours(12));
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;

        var result = await host.App.Services.GetRequiredService<JwtAuthenticator>().AuthenticateAsync(context.Request);

        Assert.Equal(new Caller(DevTokens.LocalOrganization, DevTokens.LocalUser), result.Caller);
        var jwt = new JsonWebToken(token);
        Assert.Equal("event-wizard-local", jwt.Issuer);
        Assert.Equal(["event-wizard"], jwt.Audiences);
        Assert.Equal("HS256", jwt.Alg);
        Assert.InRange(jwt.ValidTo - jwt.ValidFrom, TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(12));
    }

    [Fact]
    public void The_sample_settings_hold_the_documented_local_defaults()
    {
        var settings = LocalSettings.Load(AppContext.BaseDirectory);

        Assert.Equal("event-wizard-local", settings["Auth:Issuer"]);
        Assert.Equal("event-wizard", settings["Auth:Audience"]);
        Assert.True(settings["Auth:SigningKey"]!.Length >= 32);
        Assert.Equal("org_id", settings["Auth:OrganizationClaim"]);
    }

    /// <summary>A DevHost with every setting from local.settings.sample.json except the database (the test one).</summary>
    public static async Task<DevHostApp> LocalSettingsHostAsync() =>
        await DevHostApp.StartAsync([], new Dictionary<string, string?>
        {
            ["DevHost:Urls"] = "http://127.0.0.1:0",
            ["Database:ConnectionString"] = await TestDatabase.RuntimeConnectionStringAsync(),
            ["Database:OwnerConnectionString"] = await TestDatabase.OwnerConnectionStringAsync(),
            ["CleanupSchedule"] = "0 0 3 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
        }, CancellationToken.None);
}

using EventWizard.Shared.Http;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Http;

public sealed class CorsOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("http://localhost:*,http://127.0.0.1:*")]
    [InlineData("https://wizard.example.com, http://localhost:5173")]
    public void Origins_lists_pass(string allowedOrigins)
    {
        Assert.Empty(new CorsOptions { AllowedOrigins = allowedOrigins }.Errors());
    }

    [Theory]
    [InlineData("localhost:5173")]
    [InlineData("https://wizard.example.com/app")]
    public void A_bad_entry_names_the_setting(string allowedOrigins)
    {
        SettingsErrors.AssertOnly(new CorsOptions { AllowedOrigins = allowedOrigins }, "Cors__AllowedOrigins");
    }
}

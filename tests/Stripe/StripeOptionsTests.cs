using EventWizard.Shared.Stripe;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Stripe;

public sealed class StripeOptionsTests
{
    [Fact]
    public void The_defaults_pass_with_or_without_a_secret_key()
    {
        Assert.Empty(new StripeOptions().Errors());
        Assert.Empty(new StripeOptions { SecretKey = "sk_test_x", ApiBase = "http://127.0.0.1:12111", AccountType = "standard" }.Errors());
    }

    public static TheoryData<string, StripeOptions> BadSettings => new()
    {
        { "Stripe__ApiBase", new StripeOptions { ApiBase = "api.stripe.test" } },
        { "Stripe__ApiBase", new StripeOptions { ApiBase = "file:///etc/passwd" } },
        { "Stripe__AccountType", new StripeOptions { AccountType = "custom" } },
        { "Stripe__StatusCacheTtl", new StripeOptions { StatusCacheTtl = TimeSpan.Zero } },
        { "Stripe__NotReadyCacheTtl", new StripeOptions { NotReadyCacheTtl = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named(string setting, StripeOptions options)
    {
        SettingsErrors.AssertOnly(options, setting + " ");
    }
}

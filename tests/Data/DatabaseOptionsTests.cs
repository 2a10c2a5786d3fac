using EventWizard.Shared.Data;

namespace EventWizard.Tests.Data;

public sealed class DatabaseOptionsTests
{
    private const string Usable = "Host=db.example.com;Port=6432;Database=event_wizard;Username=app;Ssl Mode=VerifyFull";

    [Fact]
    public void A_usable_runtime_connection_string_alone_passes()
    {
        Assert.Empty(new DatabaseOptions { ConnectionString = Usable }.Errors());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Host=127.0.0.1;Port=not-a-port")]
    [InlineData("Hots=127.0.0.1;Database=x")]
    [InlineData("Port=5432;Database=event_wizard;Username=app")]
    [InlineData("Host=127.0.0.1;Database")]
    public void A_missing_or_unusable_connection_string_is_named(string connectionString)
    {
        var errors = new DatabaseOptions { ConnectionString = connectionString }.Errors();

        Assert.Contains(errors, error => error.StartsWith("Database__ConnectionString ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_message_never_repeats_the_connection_string_which_may_hold_a_password()
    {
        var errors = new DatabaseOptions { ConnectionString = "Password=s3cret-value;Port=x;Host=h" }.Errors();

        Assert.Single(errors);
        Assert.DoesNotContain("s3cret-value", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_connection_string_is_checked_only_when_set()
    {
        Assert.Empty(new DatabaseOptions { ConnectionString = Usable, OwnerConnectionString = "" }.Errors());
        Assert.Contains(new DatabaseOptions { ConnectionString = Usable, OwnerConnectionString = "Host=h;Port=x" }.Errors(),
            error => error.StartsWith("Database__OwnerConnectionString ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_entra_token_refresh_must_be_positive(int seconds)
    {
        var errors = new DatabaseOptions { ConnectionString = Usable, EntraTokenRefresh = TimeSpan.FromSeconds(seconds) }.Errors();

        Assert.Contains(errors, error => error.StartsWith("Database__EntraTokenRefresh ", StringComparison.Ordinal));
    }
}

using Azure.Core;
using EventWizard.LocalPostgres;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Moq;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// Database__UseEntraAuth: the data source takes its password from a TokenCredential, and refreshes it.
/// A throw-away login role stands in for the managed identity; its password is set to the token the mock hands out.
/// </summary>
public sealed class EntraAuthTests : IAsyncLifetime
{
    private readonly string role = "entra_test_" + Guid.NewGuid().ToString("N")[..12];
    private LocalPostgresCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestDatabase.ClusterAsync();
        await SuperuserAsync($"create role {role} login nosuperuser nobypassrls in role {LocalPostgresCluster.RuntimeGroupRole}");
    }

    public Task DisposeAsync() => SuperuserAsync($"drop role if exists {role}");

    [Fact]
    public async Task The_token_is_the_password_and_a_refreshed_token_is_used_for_new_connections()
    {
        await SetPasswordAsync("token-one");
        var credential = new Mock<TokenCredential>();
        var token = "token-one";
        var requests = 0;
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .Returns((TokenRequestContext context, CancellationToken _) =>
            {
                Assert.Equal([DataSourceFactory.EntraScope], context.Scopes);
                Interlocked.Increment(ref requests);
                return ValueTask.FromResult(new AccessToken(Volatile.Read(ref token), DateTimeOffset.UtcNow.AddHours(1)));
            });
        await using var dataSource = DataSourceFactory.Create(ConnectionString(), useEntraAuth: true, () => credential.Object,
            entraTokenRefresh: TimeSpan.FromMilliseconds(200));

        Assert.Equal(role, await CurrentUserAsync(dataSource));

        await SetPasswordAsync("token-two");
        Volatile.Write(ref token, "token-two");
        var before = Volatile.Read(ref requests);

        // Every open is a new physical connection (no pooling): it logs in with whatever token was fetched last.
        Assert.Equal(role, await EventuallyAsync(() => CurrentUserAsync(dataSource)));
        Assert.True(Volatile.Read(ref requests) > before);
    }

    [Fact]
    public async Task A_token_the_server_does_not_accept_fails_the_login()
    {
        await SetPasswordAsync("the-real-token");
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("some-other-token", DateTimeOffset.UtcNow.AddHours(1)));
        await using var dataSource = DataSourceFactory.Create(ConnectionString(), useEntraAuth: true, () => credential.Object);

        var error = await Assert.ThrowsAsync<PostgresException>(() => CurrentUserAsync(dataSource));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    private string ConnectionString() =>
        $"Host=127.0.0.1;Port={cluster.Port};Username={role};Database={LocalPostgresCluster.Database};Pooling=false";

    private static async Task<string> CurrentUserAsync(NpgsqlDataSource dataSource)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("select current_user", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Retries while the login is refused, until the refreshed token is in use (or 15 s have passed).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidPassword && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private Task SetPasswordAsync(string password) => SuperuserAsync($"alter role {role} password '{password}'");

    private async Task SuperuserAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(cluster.SuperuserConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

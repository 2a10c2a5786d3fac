using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Stripe;

/// <summary>Reads the stripe_accounts rows as the schema owner.</summary>
public static class StripeAccountRows
{
    /// <summary>The account ids stored for the organization (at most one).</summary>
    public static async Task<IReadOnlyList<string>> AccountIdsAsync(Guid organizationId)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return [.. await conn.QueryAsync<string>("select account_id from stripe_accounts where organization_id = @organizationId",
            new { organizationId })];
    }
}

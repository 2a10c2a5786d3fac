namespace EventWizard.Shared.Data;

/// <summary>
/// The scripts sql/001_baseline.sql replaced before anything was deployed, as the migrator recorded them in local
/// and test databases (name and checksum of their last text; the texts are kept as test data in
/// tests/Data/OldMigrations). A database recorded with exactly these has the baseline's schema
/// (tests/Data/BaselineTests compares the two); one recorded with all but the last is that one statement behind.
/// </summary>
internal static class SquashedScripts
{
    public const string BaselineName = "001_baseline.sql";

    public static IReadOnlyList<AppliedScript> Chain { get; } =
    [
        new(1, "001_schema.sql", "d8c46349987630a7bdd6154b4cc09d639416f71cef0095d827d4bd81c0966834"),
        new(3, "003_publish.sql", "c0bd60e0a52283c629be2828541e9440fe4d3658a2bad4764f10c37431ff5d78"),
        new(4, "004_cleanup.sql", "cc13d57234b7b5129cdd5a3c79ab633d19e477fcae9616b8abcbfc1fb5bc7725"),
        new(6, "006_slug_no_trailing_dash.sql", "a7d963014345f7d12708dcc081e426f37839db8212e52cd5d34edea749fa3204"),
        new(7, "007_event_slug.sql", "6813b382e768aa0fdb9fa04b974f279602837e6db71dadc1035771289777c76d"),
        new(8, "008_browser_contract.sql", "ede9991e07b92d261382bcca0cff2b672899771baff9928f847a17cf014e8b05"),
        new(9, "009_completeness_not_stored.sql", "ab6d98fe4d8796d4b082e1723181cece06a3e03abdaf01e3cefa316e8aa4782f"),
    ];

    /// <summary>What 009_completeness_not_stored.sql did, for a database that stopped at 008.</summary>
    public const string LastScriptSql = "alter table wizard_sessions drop column completed_stages";

    /// <summary>Any script of the chain is recorded: the database was built by these, not by the baseline.</summary>
    public static bool AnyRecorded(IEnumerable<AppliedScript> recorded) =>
        recorded.Any(r => Chain.Any(c => c.Name == r.Name));

    /// <summary>The record holds the whole chain, or the whole chain but its last script, and nothing else.</summary>
    public static bool IsComplete(IEnumerable<AppliedScript> recorded, out bool lastMissing)
    {
        var ordered = recorded.OrderBy(r => r.Version).ToList();
        lastMissing = ordered.SequenceEqual(Chain.SkipLast(1));
        return lastMissing || ordered.SequenceEqual(Chain);
    }
}

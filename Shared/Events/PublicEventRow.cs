using System.Globalization;
using System.Text.Json.Serialization;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Events;

/// <summary>
/// A published event as the anonymous route returns it: the shared fields only, no organization_id, user_id,
/// stripe_account_id, published_by or source_session_id.
/// </summary>
public sealed class PublicEventRow : EventFields
{
    /// <summary>Shared caches and browsers may keep the page for a minute.</summary>
    public const string CacheControl = "public, max-age=60";

    /// <summary>Changes whenever the row does (updated_at moves on every update).</summary>
    [JsonIgnore]
    public string EntityTag => EntityTags.Quote(Id.ToString("N")[..8] + "-" + UpdatedAt.Ticks.ToString("x", CultureInfo.InvariantCulture));
}

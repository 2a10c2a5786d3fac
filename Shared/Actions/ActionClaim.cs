using System.Text.Json;

namespace EventWizard.Shared.Actions;

/// <summary>The outcome of <see cref="ActionStore.ClaimAsync"/>; <see cref="ActionId"/> is set when claimed or found.</summary>
public sealed record ActionClaim(ActionClaimStatus Status, Guid? ActionId = null, JsonElement? Result = null);

using System.Text.Json;

namespace EventWizard.Shared.Actions;

/// <summary>What an action is asked to do: its name, the session it acts on, its key, fingerprint and payload.</summary>
public sealed record ActionRequest(string Name, string SessionId, string IdempotencyKey, string Fingerprint, JsonElement Payload);

using System.Text.Json;

namespace EventWizard.Shared.Actions;

/// <summary>
/// What an action is asked to do: its name, the session it acts on, its key, fingerprint and payload.
/// <paramref name="ActionId"/>, when set, is the id its row gets: chosen before the first attempt, so a claim
/// repeated after a lost answer recognizes its own row (<see cref="ActionStore.FindAsync"/>).
/// </summary>
public sealed record ActionRequest(string Name, string SessionId, IdempotencyKey Key, string Fingerprint, JsonElement Payload,
    Guid? ActionId = null);

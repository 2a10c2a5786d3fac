namespace EventWizard.Shared.Copilot;

/// <summary>Tokens a turn holds from its organization's budget of <see cref="Day"/> until it settles.</summary>
public sealed record CopilotReservation(DateOnly Day, long Tokens);

namespace EventWizard.Shared.Stripe;

/// <summary>A Stripe Account Link: a single-use, short-lived URL to Stripe-hosted onboarding.</summary>
public sealed record OnboardingLink(string Url, DateTimeOffset ExpiresAt);

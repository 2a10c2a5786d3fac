namespace EventWizard.Shared.Stages;

/// <summary>
/// The rules no stage schema states, each with the issue code the validator reports for it. They need the clock,
/// the server's time zone and ISO tables, another field of the same payload, or another stage.
/// </summary>
public static class StageRules
{
    public static readonly StageRule DateInPast = new("in_past",
        "date must not be before today in the event's time zone");

    public static readonly StageRule UnknownTimezone = new("unknown_timezone",
        "timezone must be a time zone of the IANA database that the server knows (not under posix/ or right/)");

    public static readonly StageRule EndNotAfterStart = new("not_after_start",
        "endTime, when given, must be after startTime (the same day)");

    public static readonly StageRule DuplicateTierName = new("duplicate",
        "tier names must be unique, ignoring case and blanks at either end");

    public static readonly StageRule TooManyDecimals = new("too_many_decimals",
        "price must have at most 2 decimals (a schema's multipleOf 0.01 is unreliable in floating point validators)");

    public static readonly StageRule UnknownCurrency = new("unknown_currency",
        "currency must be an ISO 4217 code that the server knows, such as USD or EUR");

    public static readonly StageRule BelowLargestTier = new("below_largest_tier",
        "totalCapacity must be at least the largest tier quantity");

    public static readonly StageRule RequiredForMode = new("required_for_mode",
        "name and address (line1, city, country) are required when mode is physical or hybrid; url when mode is virtual or hybrid");

    public static readonly StageRule UnknownCountry = new("unknown_country",
        "address.country must be an ISO 3166-1 alpha-2 code that the server knows, such as US or FR");

    public static readonly StageRule RequiredWhenEnabled = new("required_when_enabled",
        "accountId is required when enabled is true");

    public static readonly StageRule PaymentRequired = new("payment_required",
        "a tier with a price above 0 needs paymentSetup enabled with an accountId (an issue of paymentSetup.enabled as soon as it applies; with Stripe configured, publish also asks Stripe that the account can take charges)");
}

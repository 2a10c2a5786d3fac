using EventWizard.Shared.Http;
using System.Text.RegularExpressions;

namespace EventWizard.Shared.Stages;

/// <summary>The text formats of the stage fields. Each regex source is written once and serves both the validator and the schema.</summary>
public static partial class StageFormats
{
    private const string EmailAtom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private const string HostLabel = HttpsUrls.HostLabel;

    // An address as a browser's <input type="email"> takes it (ASCII, dot-separated atoms), with a dot in the domain.
    private const string EmailPattern = EmailAtom + @"(?:\." + EmailAtom + ")*@" + HostLabel + @"(?:\." + HostLabel + ")+";

    // yyyy-MM-dd of a day that exists (years 0001-9999, February 29 in leap years only).
    private const string Year = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})";
    private const string LeapYear = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";
    private const string MonthAndDay =
        "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))";
    private const string DatePattern = Year + "-" + MonthAndDay + "|" + LeapYear + "-02-29";

    private const string TimePattern = "(?:[01][0-9]|2[0-3]):[0-5][0-9]";
    private const string TimeZonePattern = "UTC|[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+";
    private const string CurrencyPattern = "[A-Z]{3}";
    private const string CountryPattern = "[A-Z]{2}";
    private const string StripeAccountPattern = "acct_[A-Za-z0-9]{1,250}";

    public static readonly StageFormat Email = new(EmailPattern, EmailRegex(), "a valid email address");
    public static readonly StageFormat HttpsUrl = new(HttpsUrls.Pattern, HttpsUrls.Anchored(), "an https URL");
    public static readonly StageFormat Date = new(DatePattern, DateRegex(), "a date as yyyy-MM-dd");
    public static readonly StageFormat Time = new(TimePattern, TimeRegex(), "a time as HH:mm");
    public static readonly StageFormat TimeZone = new(TimeZonePattern, TimeZoneRegex(), "an IANA time zone name such as America/New_York");
    public static readonly StageFormat Currency = new(CurrencyPattern, CurrencyRegex(), "an ISO 4217 code such as USD");
    public static readonly StageFormat Country = new(CountryPattern, CountryRegex(), "an ISO 3166-1 alpha-2 code such as US");
    public static readonly StageFormat StripeAccount = new(StripeAccountPattern, StripeAccountRegex(), "a Stripe account id (acct_...)");

    [GeneratedRegex(@"\A(?:" + EmailPattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"\A(?:" + DatePattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"\A(?:" + TimePattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"\A(?:" + TimeZonePattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeZoneRegex();

    [GeneratedRegex(@"\A(?:" + CurrencyPattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyRegex();

    [GeneratedRegex(@"\A(?:" + CountryPattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex CountryRegex();

    [GeneratedRegex(@"\A(?:" + StripeAccountPattern + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex StripeAccountRegex();
}

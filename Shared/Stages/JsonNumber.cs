using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>
/// A JSON number compared exactly, as JSON Schema compares numbers. <c>decimal</c> holds a plain number of up to 28
/// digits exactly, which is every number a form sends; anything else (an exponent, more digits) is kept as its digits
/// and a power of ten, because rounding to 28 digits would let <c>-1e-400</c> pass <c>minimum: 0</c>, make
/// <c>0.999…9</c> (30 nines) a whole number, and keep <c>1e9</c> plus 30 decimals from exceeding <c>1e9</c>.
/// </summary>
internal readonly struct JsonNumber
{
    // Exponents beyond this are clamped: every bound we compare with is far inside it.
    private const long ExponentLimit = 1L << 60;
    private const int PlainDigits = 28;

    private readonly decimal? plain;
    private readonly bool negative;
    private readonly string digits;
    private readonly long exponent;

    private JsonNumber(decimal plain, long decimalPlaces)
    {
        this.plain = plain;
        digits = "";
        DecimalPlaces = decimalPlaces;
    }

    /// <summary>Digits (no leading or trailing zeros; empty for zero) times ten to <paramref name="exponent"/>.</summary>
    private JsonNumber(bool negative, string digits, long exponent)
    {
        this.negative = negative && digits.Length > 0;
        this.digits = digits;
        this.exponent = digits.Length > 0 ? exponent : 0;
        DecimalPlaces = Math.Max(0, -this.exponent);
    }

    /// <summary>Digits after the decimal point once trailing zeros are dropped (<c>1e-30</c> has 30, <c>10.50</c> has 1).</summary>
    public long DecimalPlaces { get; }

    public bool IsWhole => DecimalPlaces == 0;

    public static JsonNumber Of(JsonElement number)
    {
        var text = JsonMarshal.GetRawUtf8Value(number);
        if (text.Length <= PlainDigits && !text.ContainsAny("eE"u8) && number.TryGetDecimal(out var value))
        {
            var dot = text.IndexOf((byte)'.');
            return new JsonNumber(value, dot < 0 ? 0 : text[(dot + 1)..].TrimEnd((byte)'0').Length);
        }
        return Parse(number.GetRawText());
    }

    /// <summary>Reads JSON number text exactly.</summary>
    public static JsonNumber Parse(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text.AsSpan(1) : text.AsSpan();
        var e = body.IndexOfAny('e', 'E');
        var exponent = e < 0 ? 0 : ParseExponent(body[(e + 1)..]);
        var mantissa = e < 0 ? body : body[..e];
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa.ToString() : string.Concat(mantissa[..dot], mantissa[(dot + 1)..]);
        exponent -= dot < 0 ? 0 : mantissa.Length - dot - 1;
        var significant = digits.TrimStart('0');
        var trimmed = significant.TrimEnd('0');
        return new JsonNumber(negative, trimmed, exponent + (significant.Length - trimmed.Length));
    }

    /// <summary>The value of a whole number that fits a long.</summary>
    public long ToInt64() => plain is { } value ? (long)value
        : digits.Length == 0 ? 0
        : (negative ? -1 : 1) * long.Parse(digits.PadRight(digits.Length + (int)exponent, '0'), CultureInfo.InvariantCulture);

    /// <summary>Compares exactly with <paramref name="bound"/>.</summary>
    public int CompareTo(decimal bound)
    {
        if (plain is { } value)
        {
            return value.CompareTo(bound);
        }
        var other = Parse(bound.ToString(CultureInfo.InvariantCulture));
        var (sign, otherSign) = (Sign, other.Sign);
        if (sign != otherSign || sign == 0)
        {
            return sign.CompareTo(otherSign);
        }
        var magnitude = (exponent + digits.Length).CompareTo(other.exponent + other.digits.Length);
        if (magnitude == 0)
        {
            var width = Math.Max(digits.Length, other.digits.Length);
            magnitude = Math.Sign(string.CompareOrdinal(digits.PadRight(width, '0'), other.digits.PadRight(width, '0')));
        }
        return sign * magnitude;
    }

    private int Sign => digits.Length == 0 ? 0 : negative ? -1 : 1;

    private static long ParseExponent(ReadOnlySpan<char> text)
    {
        var negative = text.StartsWith("-");
        var digits = text.TrimStart("+-").TrimStart('0');
        var value = digits.Length > 18 ? ExponentLimit
            : Math.Min(long.Parse(digits.IsEmpty ? "0" : digits, CultureInfo.InvariantCulture), ExponentLimit);
        return negative ? -value : value;
    }
}

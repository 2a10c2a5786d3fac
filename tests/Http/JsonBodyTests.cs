using System.Text;
using EventWizard.Shared.Http;

namespace EventWizard.Tests.Http;

/// <summary>
/// Bodies whose bytes are not valid UTF-8 (a lone surrogate written raw, a stray byte, an overlong NUL) are malformed
/// JSON, 400: the parser lets them through inside strings and names, and code reading those strings would fail (a 500).
/// </summary>
public sealed class JsonBodyTests
{
    public static TheoryData<string, byte[]> InvalidUtf8 => new()
    {
        { "lone surrogate, raw (CESU-8)", [0xED, 0xA0, 0x80] },
        { "stray byte", [0xFF] },
        { "overlong NUL", [0xC0, 0x80] },
        { "truncated sequence", [0xE2, 0x82] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void A_string_of_invalid_UTF8_is_malformed_JSON(string name, byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("""{"sessionId":"x","data":{"name":"Ann""").Concat(bad).Concat("\"}}"u8.ToArray()).ToArray();

        var result = JsonBody.Parse(body);

        Assert.True(result.Problem is { Status: 400, Code: "malformed_json" }, $"{name}: {result.Problem?.Code ?? "accepted"}");
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void A_property_name_of_invalid_UTF8_is_malformed_JSON(string name, byte[] bad)
    {
        var body = "{\"na"u8.ToArray().Concat(bad).Concat("me\":1}"u8.ToArray()).ToArray();

        var result = JsonBody.Parse(body);

        Assert.True(result.Problem is { Status: 400, Code: "malformed_json" }, $"{name}: {result.Problem?.Code ?? "accepted"}");
    }

    [Fact]
    public void Escapes_that_are_not_NUL_or_a_lone_surrogate_are_kept()
    {
        var result = JsonBody.Parse("""{"name":"back\\u0000slash \u00e9 \ud83d\ude00"}"""u8.ToArray());

        Assert.Null(result.Problem);
        Assert.Equal("back\\u0000slash é 😀", result.Body.GetProperty("name").GetString());
    }
}

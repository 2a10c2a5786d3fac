using EventWizard.Shared.Stages;

namespace EventWizard.Tests.Stages;

public sealed class JsonNumberTests
{
    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("-0", "0", 0)]
    [InlineData("-0.0e-7", "0", 0)]
    [InlineData("1", "1", 0)]
    [InlineData("1.0", "1", 0)]
    [InlineData("1e2", "100", 0)]
    [InlineData("1.5e1", "15", 0)]
    [InlineData("10.50", "10.5", 0)]
    [InlineData("19.99", "19.990", 0)]
    [InlineData("1000000000", "999999999.99", 1)]
    [InlineData("1000000000.000000000000000000000000000001", "1000000000", 1)]
    [InlineData("0.999999999999999999999999999999", "1", -1)]
    [InlineData("-1e-400", "0", -1)]
    [InlineData("1e-400", "0", 1)]
    [InlineData("1e400", "2147483647", 1)]
    [InlineData("-1e400", "0", -1)]
    [InlineData("1e99999999999999999999999", "2147483647", 1)]
    [InlineData("1e-99999999999999999999999", "0", 1)]
    [InlineData("2147483647", "2147483647", 0)]
    [InlineData("2147483648", "2147483647", 1)]
    [InlineData("-5", "-4", -1)]
    [InlineData("-5", "-6", 1)]
    public void Compares_exactly_with_a_bound(string number, string bound, int expected) =>
        Assert.Equal(expected, Math.Sign(JsonNumber.Parse(number).CompareTo(decimal.Parse(bound, System.Globalization.CultureInfo.InvariantCulture))));

    [Theory]
    [InlineData("7", true, 0)]
    [InlineData("7.000", true, 0)]
    [InlineData("7e-0", true, 0)]
    [InlineData("0.7e1", true, 0)]
    [InlineData("1.5", false, 1)]
    [InlineData("10.005", false, 3)]
    [InlineData("1e-30", false, 30)]
    [InlineData("0.999999999999999999999999999999", false, 30)]
    [InlineData("1.000000000000000000000000000001", false, 30)]
    [InlineData("12.3400e2", true, 0)]
    public void Knows_whole_numbers_and_decimal_places_from_the_text(string number, bool whole, long places)
    {
        var parsed = JsonNumber.Parse(number);

        Assert.Equal(whole, parsed.IsWhole);
        Assert.Equal(places, parsed.DecimalPlaces);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("2147483647", 2147483647)]
    [InlineData("1.5e1", 15)]
    [InlineData("-3", -3)]
    public void Gives_the_value_of_a_whole_number(string number, long expected) =>
        Assert.Equal(expected, JsonNumber.Parse(number).ToInt64());

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("19.99")]
    [InlineData("10.50")]
    [InlineData("-0.0000000000000000000000001")]
    [InlineData("1.5e1")]
    [InlineData("1000000000.000000000000000000000000000001")]
    [InlineData("2147483647")]
    public void Reading_an_element_agrees_with_reading_its_text(string number)
    {
        using var document = System.Text.Json.JsonDocument.Parse(number);
        var fromElement = JsonNumber.Of(document.RootElement);
        var fromText = JsonNumber.Parse(number);

        Assert.Equal(fromText.DecimalPlaces, fromElement.DecimalPlaces);
        foreach (var bound in new[] { 0m, 1m, 19.99m, 1_000_000_000m, int.MaxValue })
        {
            Assert.Equal(Math.Sign(fromText.CompareTo(bound)), Math.Sign(fromElement.CompareTo(bound)));
        }
    }
}

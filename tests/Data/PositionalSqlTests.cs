using EventWizard.Shared.Data;

namespace EventWizard.Tests.Data;

/// <summary>
/// The rewrite of the code's SQL into PostgreSQL's positional form: parameters become $n, statements split at
/// semicolons, and nothing inside strings, quoted identifiers, comments or dollar-quoted bodies is touched.
/// (Every data test runs its SQL through it against PostgreSQL; these pin the edges.)
/// </summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Parameters_become_positions_in_order_of_first_use_and_a_repeated_name_keeps_its_position()
    {
        var statement = Assert.Single(PositionalSql.Rewrite("select @B::text, @a, @b where x = @A"));

        Assert.Equal("select $1::text, $2, $1 where x = $2", statement.Text);
        Assert.Equal(["B", "a"], statement.ParameterNames);
    }

    [Fact]
    public void Statements_split_at_semicolons_each_numbered_from_one()
    {
        var statements = PositionalSql.Rewrite("insert into t values (@X);\nselect @Y, @X;\n ; commit");

        Assert.Equal(["insert into t values ($1)", "select $1, $2", "commit"], statements.Select(s => s.Text));
        Assert.Equal([["X"], ["Y", "X"], []], statements.Select(s => s.ParameterNames.ToArray()));
    }

    [Theory]
    [InlineData("select '@A; it''s' || @B", "select '@A; it''s' || $1")]
    [InlineData("select E'\\'@A;' || @B", "select E'\\'@A;' || $1")]
    [InlineData("select \"@A;\"\"x\" from t where y = @B", "select \"@A;\"\"x\" from t where y = $1")]
    [InlineData("select @B -- @A; not a parameter\n", "select $1 -- @A; not a parameter")]
    [InlineData("select /* @A; /* nested */ @A */ @B", "select /* @A; /* nested */ @A */ $1")]
    [InlineData("select $$ @A; $$, $q$ @A; $$ $q$, @B", "select $$ @A; $$, $q$ @A; $$ $q$, $1")]
    [InlineData("select data @> '{}' and x <@ y and a@b, @B", "select data @> '{}' and x <@ y and a@b, $1")]
    public void Nothing_is_rewritten_or_split_inside_strings_identifiers_comments_or_operators(string sql, string expected)
    {
        var statement = Assert.Single(PositionalSql.Rewrite(sql));

        Assert.Equal(expected, statement.Text);
        Assert.Equal(["B"], statement.ParameterNames);
    }

    [Fact]
    public void A_dollar_that_opens_no_quote_is_copied()
    {
        var statement = Assert.Single(PositionalSql.Rewrite("select price$ , $1x, @B"));

        Assert.Equal("select price$ , $1x, $1", statement.Text);
    }

    [Fact]
    public void A_name_no_parameter_gives_is_refused_before_anything_is_sent()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqlParameters().Add("A", 1).Positional("Missing"));

        Assert.Contains("@Missing", error.Message);
    }

    [Fact]
    public void A_positional_parameter_is_a_copy_with_the_value_and_type_and_no_name()
    {
        var named = new SqlParameters().Add("When", new DateOnly(2026, 12, 2));

        var positional = Assert.IsType<Npgsql.NpgsqlParameter<DateOnly>>(named.Positional("when"));

        Assert.Equal(new DateOnly(2026, 12, 2), positional.TypedValue);
        Assert.Equal(string.Empty, positional.ParameterName);
    }
}

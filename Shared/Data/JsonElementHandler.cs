using System.Data;
using System.Text.Json;
using Dapper;
using NpgsqlTypes;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>Maps jsonb columns to and from <see cref="JsonElement"/>.</summary>
public sealed class JsonElementHandler : SqlMapper.TypeHandler<JsonElement>
{
    public override JsonElement Parse(object value) => value switch
    {
        string text => ParseDetached(text),
        JsonDocument document => document.RootElement.Clone(),
        JsonElement element => element,
        _ => throw new DataException($"Cannot read {value.GetType()} as JSON."),
    };

    /// <summary>
    /// The element on its own copy of the text, and the parse's pooled buffers given back at once (a document left
    /// undisposed keeps them from the pool, so every row read rented new ones).
    /// </summary>
    private static JsonElement ParseDetached(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public override void SetValue(IDbDataParameter parameter, JsonElement value)
    {
        parameter.Value = value.GetRawText();
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Jsonb;
        }
    }
}

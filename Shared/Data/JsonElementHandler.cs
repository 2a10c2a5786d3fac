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
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        JsonDocument document => document.RootElement.Clone(),
        JsonElement element => element,
        _ => throw new DataException($"Cannot read {value.GetType()} as JSON."),
    };

    public override void SetValue(IDbDataParameter parameter, JsonElement value)
    {
        parameter.Value = value.GetRawText();
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Jsonb;
        }
    }
}

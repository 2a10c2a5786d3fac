using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Query parameters, each sent as an <see cref="NpgsqlParameter{T}"/> typed by its CLR type: by position in
/// <see cref="SqlBatch"/> (every request), by name to Dapper (the cleanup's statements). Dapper's own handling of
/// parameter objects reads every parameter's <c>DbType</c>, which makes Npgsql infer the type through its global type
/// mapper, under a lock, on every call: about a tenth of the DevHost's CPU per autosave in a profile
/// (docs/sessions.md). Typed parameters skip that.
/// </summary>
public sealed class SqlParameters : SqlMapper.IDynamicParameters
{
    private static readonly ConcurrentDictionary<Type, Func<object, NpgsqlParameter>[]> Readers = new();
    private readonly List<NpgsqlParameter> parameters = [];

    /// <summary>The public properties of <paramref name="values"/> (an anonymous object, say), one parameter each.</summary>
    public static SqlParameters Of(object? values) => new SqlParameters().AddAll(values);

    public SqlParameters Add<T>(string name, T value)
    {
        parameters.Add(new NpgsqlParameter<T>(name, value));
        return this;
    }

    /// <summary>Adds the public properties of <paramref name="values"/>; another <see cref="SqlParameters"/> is merged.</summary>
    public SqlParameters AddAll(object? values)
    {
        switch (values)
        {
            case null:
                break;
            case SqlParameters other:
                parameters.AddRange(other.parameters);
                break;
            case SqlMapper.IDynamicParameters:
                throw new ArgumentException("Pass an object with properties or SqlParameters, not Dapper's parameter types.", nameof(values));
            default:
                foreach (var read in Readers.GetOrAdd(values.GetType(), ReadersOf))
                {
                    parameters.Add(read(values));
                }
                break;
        }
        return this;
    }

    /// <summary>
    /// The parameter named <paramref name="name"/> (ignoring case, as Npgsql matches names) as a positional one, for
    /// <see cref="SqlBatch"/>: a copy, since a statement may use a parameter another statement of its batch uses too.
    /// </summary>
    internal NpgsqlParameter Positional(string name)
    {
        var named = parameters.Find(parameter => string.Equals(parameter.ParameterName, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The SQL uses @{name}, which no parameter gives.", nameof(name));
        var positional = named.Clone();
        positional.ParameterName = string.Empty;
        return positional;
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
    }

    private static Func<object, NpgsqlParameter>[] ReadersOf(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is not null && property.GetIndexParameters().Length == 0)
            .Select(property => (Func<object, NpgsqlParameter>)ReaderMethod
                .MakeGenericMethod(type, property.PropertyType)
                .Invoke(null, [property])!),
    ];

    private static readonly MethodInfo ReaderMethod =
        typeof(SqlParameters).GetMethod(nameof(Reader), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Func<object, NpgsqlParameter> Reader<TOwner, TValue>(PropertyInfo property)
    {
        var get = property.GetMethod!.CreateDelegate<Func<TOwner, TValue>>();
        var name = property.Name;
        return owner => new NpgsqlParameter<TValue>(name, get((TOwner)owner));
    }
}

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
    private static readonly ConcurrentDictionary<Type, Func<object, Value>[]> Readers = new();
    private readonly List<Value> entries = [];

    /// <summary>The public properties of <paramref name="values"/> (an anonymous object, say), one parameter each.</summary>
    public static SqlParameters Of(object? values) => new SqlParameters().AddAll(values);

    public SqlParameters Add<T>(string name, T value)
    {
        entries.Add(new Value<T>(name, value));
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
                entries.AddRange(other.entries);
                break;
            case SqlMapper.IDynamicParameters:
                throw new ArgumentException("Pass an object with properties or SqlParameters, not Dapper's parameter types.", nameof(values));
            default:
                foreach (var read in Readers.GetOrAdd(values.GetType(), ReadersOf))
                {
                    entries.Add(read(values));
                }
                break;
        }
        return this;
    }

    /// <summary>
    /// The value named <paramref name="name"/> (ignoring case, as Npgsql matches names) as a positional parameter, for
    /// <see cref="SqlBatch"/>: a new one on each call, since a parameter belongs to one command and a statement may use a
    /// value another statement of its batch uses too.
    /// </summary>
    internal NpgsqlParameter Positional(string name) =>
        (entries.Find(value => string.Equals(value.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The SQL uses @{name}, which no parameter gives.", nameof(name)))
        .ToParameter(string.Empty);

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var value in entries)
        {
            command.Parameters.Add(value.ToParameter(value.Name));
        }
    }

    /// <summary>A named value; the parameter is made where it is sent, named (Dapper) or positional (<see cref="SqlBatch"/>).</summary>
    private abstract class Value(string name)
    {
        public string Name => name;

        public abstract NpgsqlParameter ToParameter(string parameterName);
    }

    private sealed class Value<T>(string name, T item) : Value(name)
    {
        public override NpgsqlParameter ToParameter(string parameterName) => new NpgsqlParameter<T>(parameterName, item);
    }

    private static Func<object, Value>[] ReadersOf(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is not null && property.GetIndexParameters().Length == 0)
            .Select(property => (Func<object, Value>)ReaderMethod
                .MakeGenericMethod(type, property.PropertyType)
                .Invoke(null, [property])!),
    ];

    private static readonly MethodInfo ReaderMethod =
        typeof(SqlParameters).GetMethod(nameof(Reader), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Func<object, Value> Reader<TOwner, TValue>(PropertyInfo property)
    {
        var get = property.GetMethod!.CreateDelegate<Func<TOwner, TValue>>();
        var name = property.Name;
        return owner => new Value<TValue>(name, get((TOwner)owner));
    }
}

using System.Reflection;

namespace EventWizard.DevHost;

/// <summary>One function as its app's SDK-generated functions.metadata describes it.</summary>
public sealed record FunctionDescriptor(string App, string Name, string EntryPoint, MethodInfo Method,
    string? Route, IReadOnlyList<string> Methods, string? Schedule)
{
    public bool IsHttp => Route is not null;
    public bool IsTimer => Schedule is not null;
}

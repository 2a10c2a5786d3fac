using System.Reflection;
using EventWizard.Shared.Hosting;

namespace EventWizard.DevHost;

/// <summary>One function as its app's functions.metadata describes it, with its entry point resolved.</summary>
public sealed record FunctionDescriptor(FunctionMetadata Metadata, MethodInfo Method)
{
    public string App => Metadata.App;
    public string Name => Metadata.Name;
    public string? Route => Metadata.Route;
    public IReadOnlyList<string> Methods => Metadata.Methods;
    public string? Schedule => Metadata.Schedule;
    public bool IsHttp => Metadata.IsHttp;
    public bool IsTimer => Metadata.IsTimer;
}

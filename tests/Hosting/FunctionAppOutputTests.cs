using System.Text.Json;
using EventWizard.Shared.Hosting;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// What the Functions host reads from each app's build output (the solution build's), and that the DevHost serves
/// every HTTP function of every app on the same route and methods, with the function of the same name.
/// </summary>
public sealed class FunctionAppOutputTests
{
    public static TheoryData<string> Apps => [.. FunctionApps.Names];

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_output_holds_what_the_Functions_host_reads(string app)
    {
        var output = FunctionApps.OutputOf(app);

        Assert.NotEmpty(FunctionMetadata.Load(output));
        using var worker = ReadJson(output, "worker.config.json");
        var description = worker.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.True(File.Exists(Path.Combine(output, description.GetProperty("defaultWorkerPath").GetString()!)), "the worker assembly");
        using var hostJson = ReadJson(output, "host.json");
        Assert.Equal("2.0", hostJson.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", RouteTable.ReadRoutePrefix(output));
        using var extensions = ReadJson(output, "extensions.json");
        foreach (var extension in extensions.RootElement.GetProperty("extensions").EnumerateArray())
        {
            var hintPath = extension.GetProperty("hintPath").GetString()!;
            Assert.True(File.Exists(Path.Combine(output, hintPath)), $"{app}: extension {hintPath}");
        }
    }

    [Fact]
    public async Task Every_route_and_method_of_every_app_is_served_by_the_DevHost_with_the_same_function()
    {
        var served = await DevHostRoutesAsync();
        var declared = FunctionApps.Names
            .SelectMany(app => FunctionMetadata.Load(FunctionApps.OutputOf(app))
                .Where(function => function.IsHttp)
                .SelectMany(function => function.Methods.Select(method =>
                    (Route: $"/{RouteTable.ReadRoutePrefix(FunctionApps.OutputOf(app))}/{function.Route}", Method: method, function.Name, app))))
            .ToList();

        foreach (var (route, method, name, app) in declared)
        {
            Assert.True(served.TryGetValue((route, method), out var function), $"{app}.{name}: {method} {route} is not served by the DevHost");
            Assert.Equal(name, function);
        }
        Assert.Empty(served.Keys.Except(declared.Select(d => (d.Route, d.Method))));
        Assert.Contains(declared, d => d.Route == "/api/{*path}" && d.Method == HttpMethods.Options);
        Assert.Equal(3, declared.Count(d => d.Route == "/api/health" && d.Method == HttpMethods.Get));
    }

    /// <summary>(route template, method) -> the name of the function the DevHost runs for it.</summary>
    private static async Task<Dictionary<(string Route, string Method), string>> DevHostRoutesAsync()
    {
        var host = await TestHost.InstanceAsync();
        var routes = new Dictionary<(string, string), string>();
        foreach (var endpoint in ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText!;
            if (!route.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            var function = endpoint.DisplayName![(endpoint.DisplayName!.LastIndexOf('.') + 1)..];
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(routes.TryAdd((route, method), function), $"{method} {route} is mapped twice");
            }
        }
        return routes;
    }

    private static JsonDocument ReadJson(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        Assert.True(File.Exists(path), $"{path} is missing");
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}

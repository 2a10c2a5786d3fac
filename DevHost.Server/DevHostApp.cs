using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration.Memory;
using System.Diagnostics;
using System.Text.Json;
using EventWizard.LocalPostgres;
using EventWizard.Shared;
using EventWizard.Shared.Data;
using EventWizard.Shared.Hosting;
using EventWizard.Shared.Http;
using EventWizard.Shared.Observability;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace EventWizard.DevHost;

/// <summary>
/// Serves every function of the three apps in one process, from their functions.metadata: HTTP
/// functions under /api, timer functions on their schedule and on POST /admin/functions/{name}.
/// </summary>
public sealed class DevHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const int DefaultPostgresPort = 54329;

    private DevHostApp(WebApplication app, LocalPostgresCluster? postgres, IReadOnlyList<FunctionDescriptor> functions)
    {
        App = app;
        Postgres = postgres;
        Functions = functions;
    }

    /// <summary>How long each step of the start took, in order (printed by Program so a slow start says where it went).</summary>
    public List<(string Step, TimeSpan Took)> StartupSteps { get; } = [];

    public WebApplication App { get; }
    public LocalPostgresCluster? Postgres { get; }
    public IReadOnlyList<FunctionDescriptor> Functions { get; }
    public IConfiguration Configuration => App.Configuration;

    public string BaseAddress =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>
    /// As many connections as the requests a Flex Consumption instance serves at once by default. With durable
    /// commits each transaction waits for its WAL flush and one flush serves every commit waiting for it, so a pool
    /// as large as the requests in flight carried 13% more autosaves than 2 x cores at the same p99 (bench/pool.sh,
    /// docs/scaling.md). <c>DevHost:MaxPoolSize</c> sets another.
    /// </summary>
    private const int LocalPoolSize = 16;

    /// <summary>
    /// The log levels the apps ship with (host.json: Information), under every other setting. ASP.NET Core's own
    /// request lines are the DevHost's, not the apps': at Warning, as ASP.NET Core's templates ship them, each request
    /// logs one line (<see cref="InvokeHttpAsync"/>), as a Functions host logs its invocations. Four console lines per
    /// request were a measurable share of the DevHost's CPU per autosave (docs/scaling.md).
    /// </summary>
    private static readonly Dictionary<string, string?> ShippedLogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Builds and starts the host. <paramref name="overrides"/> win over every other setting.</summary>
    public static Task<DevHostApp> StartAsync(string[] args, IDictionary<string, string?>? overrides, CancellationToken ct) =>
        StartAsync(args, overrides, logs: null, ct);

    /// <summary>Builds and starts the host, logging to <paramref name="logs"/> too (tests read what the host logged).</summary>
    public static Task<DevHostApp> StartAsync(string[] args, IDictionary<string, string?>? overrides, ILoggerProvider? logs,
        CancellationToken ct) =>
        StartAsync(args, overrides, logs, telemetry: null, ct);

    /// <summary>
    /// Builds and starts the host with telemetry exported to <paramref name="telemetry"/>'s exporters as well as the
    /// configured ones (tests hook an in-memory exporter in here).
    /// </summary>
    public static async Task<DevHostApp> StartAsync(string[] args, IDictionary<string, string?>? overrides, ILoggerProvider? logs,
        Action<IOpenTelemetryBuilder>? telemetry, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettings.Load(AppContext.BaseDirectory) });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ShippedLogLevels });
        builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());

        var clock = Stopwatch.StartNew();
        List<(string Step, TimeSpan Took)> steps = [];
        LocalPostgresCluster? postgres = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration["Database:ConnectionString"]))
        {
            var port = builder.Configuration.GetValue("DevHost:PostgresPort", DefaultPostgresPort);
            postgres = await LocalPostgresCluster.StartPersistentAsync(port, ct);
            steps.Add((postgres.CreatedNow ? "local PostgreSQL created (initdb) and started" : "local PostgreSQL started", clock.Elapsed));
            clock.Restart();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] =
                    $"{postgres.RuntimeConnectionString()};Maximum Pool Size={builder.Configuration.GetValue("DevHost:MaxPoolSize", LocalPoolSize)}",
                ["Database:OwnerConnectionString"] = postgres.OwnerConnectionString(),
            });
        }

        builder.WebHost.UseUrls(builder.Configuration["DevHost:Urls"] ?? DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel's limits from settings (Kestrel:Limits:RequestHeadersTimeout=00:00:10, ...), as other ASP.NET apps have them.
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
            kestrel.ConfigureEndpointDefaults(listen => listen.UseProblemBodies());
        });
        builder.Services.AddEventWizard(builder.Configuration);
        // Kestrel's request span stands where the Functions host's invocation span stands, parent of ApiHandler's.
        builder.Services.AddWizardTelemetry(builder.Configuration, telemetry)?.WithTracing(tracing => tracing.AddSource("Microsoft.AspNetCore"));
        var functions = FunctionCatalog.Load(AppContext.BaseDirectory);
        builder.Services.AddHostedService(provider => ActivatorUtilities.CreateInstance<TimerScheduler>(
            provider, (IReadOnlyList<FunctionDescriptor>)[.. functions.Where(f => f.IsTimer)]));

        var app = builder.Build();
        MapEndpoints(app, functions, RouteTable.ReadRoutePrefix(AppContext.BaseDirectory));
        var host = new DevHostApp(app, postgres, functions);
        host.StartupSteps.AddRange(steps);
        try
        {
            // Settings are checked here (ValidateOnStart), as in a function app: a bad one stops the start, named.
            await app.StartAsync(ct);
            host.StartupSteps.Add(("host built and started (settings checked, migrations applied)", clock.Elapsed));
        }
        catch (MigrationException refused) when (postgres is not null)
        {
            await host.DisposeAsync();
            throw new MigrationException(
                $"{refused.Message}\nThis is the DevHost's own cluster: delete {postgres.Root} (rm -rf) and start the DevHost again, " +
                "which creates and migrates a new one.", refused);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    private static void MapEndpoints(WebApplication app, IReadOnlyList<FunctionDescriptor> functions, string prefix)
    {
        app.UseStatusCodePages(WriteStatusProblemAsync);
        app.UseReferencePage();
        app.UseRouting();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        foreach (var (function, methods) in DistinctHttpRoutes(functions))
        {
            var invocations = loggers.CreateLogger($"Function.{function.Name}");
            // A function that takes OPTIONS takes CORS preflights too, as under the Functions host, where the method
            // constraint sees a preflight as the OPTIONS request it is.
            app.MapMethods($"/{prefix}/{function.Route}".Replace("//", "/", StringComparison.Ordinal), methods,
                    context => InvokeHttpAsync(function, context, invocations))
                .WithMetadata(new HttpMethodMetadata(methods, acceptCorsPreflight: methods.Contains(HttpMethods.Options)))
                .WithDisplayName($"{function.App}.{function.Name}");
        }
        app.MapPost("/admin/functions/{name}", (string name, HttpContext context) => InvokeTimerAsync(functions, name, context));
    }

    /// <summary>Each (route, method) once: health is declared by every app and served once.</summary>
    public static IEnumerable<(FunctionDescriptor Function, string[] Methods)> DistinctHttpRoutes(IReadOnlyList<FunctionDescriptor> functions)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions.Where(f => f.IsHttp))
        {
            var methods = function.Methods.Where(m => taken.Add($"{m} {function.Route}")).ToArray();
            if (methods.Length > 0)
            {
                yield return (function, methods);
            }
        }
    }

    private static async Task InvokeHttpAsync(FunctionDescriptor function, HttpContext context, ILogger invocations)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await FunctionInvoker.InvokeAsync(function, context.RequestServices, context, context.RequestAborted);
        if (result is IResult httpResult)
        {
            await httpResult.ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        invocations.LogInformation(
            "Executed {Function}: {Method} {Path} {Status} in {Milliseconds:0.0} ms", function.Name, context.Request.Method,
            context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<IResult> InvokeTimerAsync(IReadOnlyList<FunctionDescriptor> functions, string name, HttpContext context)
    {
        var timer = functions.FirstOrDefault(f => f.IsTimer && f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (timer is null)
        {
            return (Problems.NotFound($"/admin/functions/{name}") with { Detail = $"There is no timer function named {name}." }).ToResult();
        }
        var result = await FunctionInvoker.InvokeAsync(timer, context.RequestServices, null, context.RequestAborted);
        return new Shared.Http.JsonResult(result ?? new { function = timer.Name, status = "done" });
    }

    private static async Task WriteStatusProblemAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var problem = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Problems.NotFound(context.Request.Path),
            StatusCodes.Status405MethodNotAllowed => Problems.MethodNotAllowed(context.Request.Method, context.Request.Path),
            var code => StatusProblems.Of(code),
        };
        await problem.ToResult().ExecuteAsync(context);
    }
}

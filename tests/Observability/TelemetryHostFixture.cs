using System.Diagnostics;
using System.Net.Http.Headers;
using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Stripe;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EventWizard.Tests.Observability;

/// <summary>
/// A DevHost of our own exporting to in-memory exporters (the test-only hook of <see cref="DevHostApp.StartAsync(string[], IDictionary{string, string?}?, Microsoft.Extensions.Logging.ILoggerProvider?, Action{IOpenTelemetryBuilder}?, CancellationToken)"/>),
/// with Stripe pointed at a fake: the spans and metric points the apps would send to Application Insights or OTLP.
/// </summary>
public sealed class TelemetryHostFixture : IAsyncLifetime
{
    public ExportedItems<Activity> Spans { get; } = new();
    public ExportedItems<MetricSnapshot> Metrics { get; } = new();
    public FakeStripe Stripe { get; private set; } = null!;
    public DevHostApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        foreach (var (key, value) in StripeHostFixture.StripeSettings(Stripe.BaseAddress))
        {
            settings[key] = value;
        }
        Host = await DevHostApp.StartAsync([], settings, logs: null,
            telemetry => telemetry
                .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics)),
            CancellationToken.None);
    }

    public TenantClient NewTenant()
    {
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), TestHost.ClientFor(Host.BaseAddress));
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return tenant;
    }

    /// <summary>Sends <paramref name="request"/> as the first hop of a new trace; returns the response and the trace's id.</summary>
    public static async Task<(HttpResponseMessage Response, ActivityTraceId TraceId)> TracedAsync(HttpClient http, HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom();
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return (await http.SendAsync(request), traceId);
    }

    /// <summary>The spans of one trace exported so far.</summary>
    public Activity[] SpansOf(ActivityTraceId traceId) => [.. Spans.Snapshot().Where(span => span.TraceId == traceId)];

    /// <summary>
    /// The cumulative sum of <paramref name="metric"/> over the points whose tags include <paramref name="tags"/>
    /// (a histogram: its count), as of now.
    /// </summary>
    public double Total(string metric, params (string Key, object Value)[] tags)
    {
        Metrics.Clear();
        Assert.True(Host.App.Services.GetRequiredService<MeterProvider>().ForceFlush(5000), "the metrics were not collected");
        double total = 0;
        foreach (var snapshot in Metrics.Snapshot().Where(m => m.Name == metric))
        {
            foreach (var point in snapshot.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }
                if (tags.All(t => pointTags.TryGetValue(t.Key, out var value) && Equals(value, t.Value)))
                {
                    total += snapshot.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.DoubleSum => point.GetSumDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        var other => throw new InvalidOperationException($"{metric} is a {other}; read it here first."),
                    };
                }
            }
        }
        return total;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

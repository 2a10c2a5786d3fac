using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventWizard.Shared.Observability;

/// <summary>
/// OpenTelemetry for every app and the DevHost: our spans and metrics (<see cref="WizardTelemetry"/>) and Npgsql's
/// command spans, exported to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, nothing is registered at all: no provider, so no
/// listener on any source, and the instrumented code pays a flag check (docs/observability.md).
/// </summary>
public static class TelemetryRegistration
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers telemetry when an exporter is configured and returns the builder for the host's own additions
    /// (the Functions worker's defaults, the DevHost's request source); null when nothing is exported.
    /// <paramref name="moreExporters"/> is for tests (an in-memory exporter); it turns telemetry on by itself.
    /// </summary>
    public static IOpenTelemetryBuilder? AddWizardTelemetry(this IServiceCollection services, IConfiguration configuration,
        Action<IOpenTelemetryBuilder>? moreExporters = null)
    {
        var azureMonitor = configuration[AzureMonitorSetting];
        var otlp = configuration[OtlpSetting];
        if (string.IsNullOrWhiteSpace(azureMonitor) && string.IsNullOrWhiteSpace(otlp) && moreExporters is null)
        {
            return null;
        }
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Assembly.GetEntryAssembly()?.GetName().Name ?? WizardTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(WizardTelemetry.Name).AddNpgsql())
            .WithMetrics(metrics => metrics.AddMeter(WizardTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(options => options.ConnectionString = azureMonitor))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(options => options.ConnectionString = azureMonitor));
        }
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            // The endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter()).WithMetrics(metrics => metrics.AddOtlpExporter());
        }
        moreExporters?.Invoke(telemetry);
        return telemetry;
    }
}

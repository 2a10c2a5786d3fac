using EventWizard.Shared.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EventWizard.Tests.Observability;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void Without_an_exporter_setting_nothing_is_registered()
    {
        var services = new ServiceCollection();

        var telemetry = services.AddWizardTelemetry(Settings(new()));

        Assert.Null(telemetry);
        Assert.Empty(services);
    }

    [Theory]
    [InlineData(TelemetryRegistration.OtlpSetting, "http://127.0.0.1:4317")]
    [InlineData(TelemetryRegistration.AzureMonitorSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1/")]
    public void An_exporter_setting_registers_tracing_and_metrics(string setting, string value)
    {
        var services = new ServiceCollection();

        var telemetry = services.AddWizardTelemetry(Settings(new() { [setting] = value }));

        Assert.NotNull(telemetry);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

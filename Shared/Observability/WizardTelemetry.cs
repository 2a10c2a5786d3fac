using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventWizard.Shared.Observability;

/// <summary>
/// The application's own spans and instruments, all under one name. Nothing listens to them unless an exporter is
/// configured (<see cref="TelemetryRegistration"/>): then <c>StartActivity</c> returns null and a counter's
/// <c>Add</c> returns at once, so telemetry that is off costs a flag check.
/// </summary>
public static class WizardTelemetry
{
    public const string Name = "EventWizard";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}

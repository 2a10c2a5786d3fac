using EventWizard.Shared;
using EventWizard.Shared.Observability;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEventWizard(builder.Configuration);
builder.Services.AddWizardTelemetry(builder.Configuration)?.UseFunctionsWorkerDefaults();
builder.Build().Run();

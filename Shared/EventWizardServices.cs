using Azure.Core;
using Azure.Identity;
using Dapper;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Analytics;
using EventWizard.Shared.Auth;
using EventWizard.Shared.Cleanup;
using EventWizard.Shared.Copilot;
using EventWizard.Shared.Data;
using EventWizard.Shared.Events;
using EventWizard.Shared.Health;
using EventWizard.Shared.Hosting;
using EventWizard.Shared.Http;
using EventWizard.Shared.Interactions;
using EventWizard.Shared.OpenApi;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Publishing;
using EventWizard.Shared.Resilience;
using EventWizard.Shared.Stages;
using EventWizard.Shared.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EventWizard.Shared;

/// <summary>The service registrations every function app, the DevHost and the tests share.</summary>
public static class EventWizardServices
{
    public static IServiceCollection AddEventWizard(this IServiceCollection services, IConfiguration configuration)
    {
        SqlMapper.AddTypeHandler(new JsonElementHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        services.AddCheckedSettings<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.AddCheckedSettings<AuthOptions>(configuration, AuthOptions.Section);
        services.AddCheckedSettings<StripeOptions>(configuration, StripeOptions.Section);
        services.AddCheckedSettings<ResilienceOptions>(configuration, ResilienceOptions.Section);
        services.AddCheckedSettings<CleanupOptions>(configuration, CleanupOptions.Section);
        services.AddCheckedSettings<CorsOptions>(configuration, CorsOptions.Section);
        services.AddCheckedSettings<CopilotOptions>(configuration, CopilotOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return DataSourceFactory.Create(options.ConnectionString, options.UseEntraAuth, provider.GetRequiredService<TokenCredential>,
                options.EntraTokenRefresh);
        });
        services.TryAddSingleton<TenantDb>();
        services.TryAddSingleton<Migrator>();
        services.AddHostedService<MigrationHostedService>();
        services.TryAddSingleton<CorsPolicy>();
        services.TryAddSingleton(_ => RouteTable.Load(AppContext.BaseDirectory));
        services.TryAddSingleton<RouteFallback>();
        services.TryAddSingleton<JwtAuthenticator>();
        services.TryAddSingleton<ApiHandler>();
        services.TryAddSingleton<HealthCheck>();
        services.TryAddSingleton<OpenApiDocument>();
        services.TryAddSingleton<StageValidator>();
        services.TryAddSingleton<StageCatalog>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<SessionAutosave>();
        services.TryAddSingleton<InteractionStore>();
        services.TryAddSingleton<AnalyticsStore>();
        services.TryAddSingleton<AnalyticsFold>();
        services.TryAddSingleton<CleanupRunner>();
        services.TryAddSingleton<ActionStore>();
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<EventPublisher>();
        services.TryAddSingleton<ResiliencePipelines>();
        services.TryAddSingleton<StripeGateway>();
        services.TryAddSingleton<StripeAccounts>();
        services.TryAddSingleton<ConnectStripeService>();
        services.TryAddSingleton(provider => new CopilotModel(provider.GetRequiredService<IOptions<CopilotOptions>>(),
            provider.GetRequiredService<TokenCredential>));
        services.TryAddSingleton<CopilotBudget>();
        services.TryAddSingleton<CopilotService>();
        return services;
    }
}

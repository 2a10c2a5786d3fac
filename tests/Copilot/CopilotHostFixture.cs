using System.Net.Http.Headers;
using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Copilot;

/// <summary>A fake chat model and a DevHost of our own whose copilot settings point at it (the shared host has no copilot).</summary>
public class CopilotHostFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-test-copilot";
    public const long DailyTokenBudget = 1_000_000;

    public FakeChatModel Model { get; private set; } = null!;
    public DevHostApp Host { get; private set; } = null!;
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Model = await FakeChatModel.StartAsync();
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        foreach (var (key, value) in CopilotSettings(Model.Endpoint, AttemptTimeout))
        {
            settings[key] = value;
        }
        Host = await DevHostApp.StartAsync([], settings, Logs, CancellationToken.None);
    }

    /// <summary>How long one model call may take: short, so the tests of a silent model stay fast.</summary>
    protected virtual TimeSpan AttemptTimeout => TimeSpan.FromSeconds(3);

    /// <summary>The copilot pointed at the fake, with short retry delays; three attempts fit in the total timeout.</summary>
    public static Dictionary<string, string?> CopilotSettings(string endpoint, TimeSpan attemptTimeout) => new()
    {
        ["Copilot:Endpoint"] = endpoint,
        ["Copilot:Model"] = FakeChatModel.Model,
        ["Copilot:ApiKey"] = ApiKey,
        ["Copilot:DailyTokenBudget"] = DailyTokenBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Resilience:CopilotBaseDelay"] = "00:00:00.010",
        ["Resilience:CopilotMaxDelay"] = "00:00:00.050",
        ["Resilience:CopilotAttemptTimeout"] = attemptTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Resilience:CopilotTotalTimeout"] = (attemptTimeout * 2.5).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    public TenantClient NewTenant()
    {
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), TestHost.ClientFor(Host.BaseAddress));
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return tenant;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
    }
}

using EventWizard.DevHost;

using var stopping = new CancellationTokenSource();
await using var host = await DevHostApp.StartAsync(args, overrides: null, stopping.Token);

var token = DevTokens.Create(host.Configuration, DevTokens.LocalOrganization, DevTokens.LocalUser, TimeSpan.FromHours(12));
var baseUrl = host.BaseAddress;
var startup = string.Join("; ", host.StartupSteps.Select(s => $"{s.Step} {s.Took.TotalSeconds:0.0} s"));
Console.WriteLine($"""

    Started: {startup}.
    The wizard page: {ReferencePage.Address(baseUrl, token)}

    Event Wizard is running at {baseUrl}/api ({host.Functions.Count} functions{(host.Postgres is null ? "" : $", local PostgreSQL on port {host.Postgres.Port}")}).
    Local token (organization {DevTokens.LocalOrganization}, user {DevTokens.LocalUser}, valid 12 hours):

    {token}

    Try:
      curl -s -X POST {baseUrl}/api/wizard-session -H "Authorization: Bearer {token}" -H "Content-Type: application/json" -d '{"{}"}'

    Ctrl+C stops it (the local PostgreSQL is stopped too; its data is kept).
    """);

await host.App.WaitForShutdownAsync();

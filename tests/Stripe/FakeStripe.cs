using System.Collections.Concurrent;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Tests.Stripe;

/// <summary>
/// A small Stripe on loopback: answers Stripe-shaped JSON for the Connect calls we make, keeps Stripe's
/// idempotency (same key, same answer), records every request, and fails on demand.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeStripeRequest> requests = new();
    private readonly ConcurrentDictionary<string, FakeAccount> accounts = new();
    private readonly Dictionary<string, string> idempotentAnswers = [];
    private readonly List<PlannedFailure> failures = [];
    private readonly Lock gate = new();

    private FakeStripe(WebApplication app) => this.app = app;

    public string BaseAddress => LoopbackServer.AddressOf(app);

    public IReadOnlyList<FakeStripeRequest> Requests => [.. requests];

    public static async Task<FakeStripe> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/accounts", (Func<HttpContext, Task<IResult>>)fake.CreateAccountAsync);
        app.MapGet("/v1/accounts/{id}", (string id, HttpContext context) => fake.GetAccountAsync(id, context));
        app.MapPost("/v1/account_links", (Func<HttpContext, Task<IResult>>)fake.CreateAccountLinkAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next request to <paramref name="path"/> (method and path, e.g. "POST /v1/accounts") gets this error.</summary>
    public void FailNext(string path, int status, string message = "Something went wrong on Stripe's end.", string? type = null)
    {
        lock (gate)
        {
            failures.Add(new PlannedFailure(path, status, message, type ?? (status switch
            {
                429 => "rate_limit_error",
                >= 500 => "api_error",
                _ => "invalid_request_error",
            })));
        }
    }

    /// <summary>The next request to <paramref name="path"/> gets no answer until the caller gives up.</summary>
    public void HangNext(string path)
    {
        lock (gate)
        {
            failures.Add(new PlannedFailure(path, 0, "", ""));
        }
    }

    public void SetChargesEnabled(string accountId, bool enabled) =>
        accounts[accountId] = accounts[accountId] with { ChargesEnabled = enabled, DetailsSubmitted = enabled };

    /// <summary>Accounts created for the organization (by the metadata we send).</summary>
    public IReadOnlyList<string> AccountsOf(Guid organizationId) =>
        [.. accounts.Values.Where(a => a.OrganizationId == organizationId.ToString()).Select(a => a.Id)];

    /// <summary>The requests sent on behalf of an organization: account creations carry its id, links and reads its account's.</summary>
    public IReadOnlyList<FakeStripeRequest> RequestsOf(Guid organizationId)
    {
        var ids = AccountsOf(organizationId).ToHashSet();
        return [.. Requests.Where(r => r.Form.GetValueOrDefault("metadata[organization_id]") == organizationId.ToString()
            || (r.Form.TryGetValue("account", out var account) && ids.Contains(account))
            || ids.Any(id => r.Path.EndsWith("/" + id, StringComparison.Ordinal)))];
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> CreateAccountAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        if (TakeFailure(request) is { } failure)
        {
            return failure;
        }
        return Answer(request, () =>
        {
            var account = new FakeAccount("acct_" + Guid.NewGuid().ToString("N")[..16], request.Form.GetValueOrDefault("type") ?? "standard",
                request.Form.GetValueOrDefault("metadata[organization_id]") ?? "", ChargesEnabled: false, DetailsSubmitted: false);
            accounts[account.Id] = account;
            return JsonSerializer.Serialize(account.ToJson());
        });
    }

    private async Task<IResult> GetAccountAsync(string id, HttpContext context)
    {
        var request = await RecordAsync(context);
        if (TakeFailure(request) is { } failure)
        {
            return failure;
        }
        return accounts.TryGetValue(id, out var account)
            ? Results.Content(JsonSerializer.Serialize(account.ToJson()), "application/json")
            : Error(404, "invalid_request_error", $"No such account: '{id}'");
    }

    private async Task<IResult> CreateAccountLinkAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        var accountId = request.Form.GetValueOrDefault("account") ?? "";
        if (TakeFailure(request) is { } failure)
        {
            return failure;
        }
        if (!accounts.ContainsKey(accountId))
        {
            return Error(400, "invalid_request_error", $"No such account: '{accountId}'");
        }
        return Answer(request, () =>
        {
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["object"] = "account_link",
                ["created"] = created,
                ["expires_at"] = created + 300,
                ["url"] = $"https://connect.stripe.test/setup/e/{accountId}/{Guid.NewGuid():N}",
            });
        });
    }

    /// <summary>Stripe's idempotency: the stored answer for a known key, or a new one stored under it.</summary>
    private IResult Answer(FakeStripeRequest request, Func<string> create)
    {
        lock (gate)
        {
            var key = request.IdempotencyKey is null ? null : $"{request.Path} {request.IdempotencyKey}";
            if (key is null || !idempotentAnswers.TryGetValue(key, out var body))
            {
                body = create();
                if (key is not null)
                {
                    idempotentAnswers[key] = body;
                }
            }
            return Results.Content(body, "application/json");
        }
    }

    private IResult? TakeFailure(FakeStripeRequest request)
    {
        lock (gate)
        {
            var failure = failures.FirstOrDefault(f => f.Path == $"{request.Method} {request.Path}"
                || (f.Path.EndsWith('*') && $"{request.Method} {request.Path}".StartsWith(f.Path[..^1], StringComparison.Ordinal)));
            if (failure is null)
            {
                return null;
            }
            failures.Remove(failure);
            return failure.Status == 0 ? new Hang() : Error(failure.Status, failure.Type, failure.Message);
        }
    }

    private static IResult Error(int status, string type, string message) =>
        Results.Content(JsonSerializer.Serialize(new { error = new { type, message } }), "application/json", statusCode: status);

    private async Task<FakeStripeRequest> RecordAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        var request = new FakeStripeRequest(context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.Headers.Authorization.ToString(), form);
        requests.Enqueue(request);
        return request;
    }

    private sealed class Hang : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, httpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as intended.
            }
        }
    }

    private sealed record PlannedFailure(string Path, int Status, string Message, string Type);

    private sealed record FakeAccount(string Id, string Type, string OrganizationId, bool ChargesEnabled, bool DetailsSubmitted)
    {
        public Dictionary<string, object> ToJson() => new()
        {
            ["id"] = Id,
            ["object"] = "account",
            ["type"] = Type,
            ["charges_enabled"] = ChargesEnabled,
            ["details_submitted"] = DetailsSubmitted,
            ["payouts_enabled"] = ChargesEnabled,
            ["metadata"] = new Dictionary<string, string> { ["organization_id"] = OrganizationId },
        };
    }
}

/// <summary>One request the fake Stripe received.</summary>
public sealed record FakeStripeRequest(string Method, string Path, string? IdempotencyKey, string Authorization,
    IReadOnlyDictionary<string, string> Form);

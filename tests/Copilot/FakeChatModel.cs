using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Tests.Copilot;

/// <summary>
/// A small OpenAI-compatible Chat Completions server on loopback (<c>POST /v1/chat/completions</c>, streamed as the
/// OpenAI API streams: chunks, a last chunk with <c>usage</c>, <c>[DONE]</c>). Records every request; answers what the
/// test planned for requests carrying its marker, else a plain reply. Its usage
/// figures are an estimate a tokenizer would roughly agree with: a token per 4 bytes of the request's messages and
/// tools, and per 4 bytes of what it answers. Tests tell their requests apart by a marker in the message they send.
/// </summary>
public sealed class FakeChatModel : IAsyncDisposable
{
    public const string Model = "fake-model-1";
    public const string DefaultReply = "Happy to help. What is the title of your event?";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeChatRequest> requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeAnswer>> plans = new();

    private FakeChatModel(WebApplication app) => this.app = app;

    /// <summary>The base URL to give as <c>Copilot__Endpoint</c>.</summary>
    public string Endpoint => LoopbackServer.AddressOf(app) + "/v1";

    public IReadOnlyList<FakeChatRequest> Requests => [.. requests];

    /// <summary>The requests that carry <paramref name="marker"/> (letters, digits and dashes) in their messages.</summary>
    public IReadOnlyList<FakeChatRequest> RequestsFor(string marker) => [.. requests.Where(r => r.Carries(marker))];

    public static async Task<FakeChatModel> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeChatModel(app);
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task>)fake.CompleteAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next request that carries <paramref name="marker"/> gets <paramref name="answer"/> (answers queue in order).</summary>
    public void Plan(string marker, FakeAnswer answer) => plans.GetOrAdd(marker, _ => new ConcurrentQueue<FakeAnswer>()).Enqueue(answer);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = new FakeChatRequest(body.RootElement.Clone(), context.Request.Headers.Authorization.ToString());
        requests.Enqueue(request);
        var answer = TakePlan(request) ?? new FakeAnswer(DefaultReply);
        if (answer.Before is { } before)
        {
            await before;
        }
        if (answer.Hang)
        {
            await Hang(context);
            return;
        }
        if (answer.Status is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "planned failure", type = "server_error" } });
            return;
        }
        await StreamAsync(context, request, answer);
    }

    private FakeAnswer? TakePlan(FakeChatRequest request)
    {
        foreach (var (marker, queue) in plans)
        {
            if (request.Carries(marker) && queue.TryDequeue(out var answer))
            {
                return answer;
            }
        }
        return null;
    }

    private static async Task StreamAsync(HttpContext context, FakeChatRequest request, FakeAnswer answer)
    {
        context.Response.ContentType = "text/event-stream";
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        var answered = 0;
        foreach (var piece in answer.Chunks())
        {
            answered += Encoding.UTF8.GetByteCount(piece);
            await ChunkAsync(context, id, new JsonObject { ["role"] = "assistant", ["content"] = piece }, null);
        }
        for (var i = 0; i < answer.ToolCalls.Count; i++)
        {
            var (name, arguments) = answer.ToolCalls[i];
            answered += Encoding.UTF8.GetByteCount(name + arguments);
            await ChunkAsync(context, id, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = $"call_{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
                }),
            }, null);
        }
        await ChunkAsync(context, id, new JsonObject(), answer.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        var prompt = answer.PromptTokens ?? Tokens(request.MessagesAndToolsBytes);
        var completion = answer.CompletionTokens ?? Tokens(answered);
        await WriteAsync(context, new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_764_633_600, ["model"] = Model, ["choices"] = new JsonArray(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
        }.ToJsonString());
        await WriteAsync(context, "[DONE]");
    }

    private static int Tokens(int bytes) => (bytes + 3) / 4;

    private static Task ChunkAsync(HttpContext context, string id, JsonObject delta, string? finishReason) =>
        WriteAsync(context, new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_764_633_600, ["model"] = Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        }.ToJsonString());

    private static async Task WriteAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static async Task Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up, as the test intends.
        }
    }
}

/// <summary>
/// What the fake model answers: <paramref name="Text"/> in a few chunks, tool calls (name, arguments as sent), the
/// usage figures (estimated when null), or a failure: an HTTP status, or no answer at all. <paramref name="Before"/>
/// holds the answer back until it completes.
/// </summary>
public sealed record FakeAnswer(string Text = "", IReadOnlyList<(string Name, string Arguments)>? Calls = null, int? PromptTokens = null,
    int? CompletionTokens = null, int? Status = null, bool Hang = false, Task? Before = null)
{
    public IReadOnlyList<(string Name, string Arguments)> ToolCalls => Calls ?? [];

    public static FakeAnswer Failing(int status) => new(Status: status);

    public static readonly FakeAnswer Silent = new(Hang: true);

    /// <summary>The text in pieces of at most 12 characters, as a model streams it.</summary>
    public IEnumerable<string> Chunks() => Text.Chunk(12).Select(piece => new string(piece));
}

/// <summary>One request the fake model received.</summary>
public sealed record FakeChatRequest(JsonElement Body, string Authorization)
{
    public string SystemPrompt => Body.GetProperty("messages").EnumerateArray()
        .Where(m => m.GetProperty("role").GetString() is "system" or "developer")
        .Select(m => Text(m.GetProperty("content"))).FirstOrDefault() ?? "";

    public string UserMessage => Body.GetProperty("messages").EnumerateArray()
        .Where(m => m.GetProperty("role").GetString() == "user").Select(m => Text(m.GetProperty("content"))).Last();

    public bool Carries(string marker) => Body.GetProperty("messages").GetRawText().Contains(marker, StringComparison.Ordinal);

    public IReadOnlyList<JsonElement> Tools => Body.TryGetProperty("tools", out var tools) ? [.. tools.EnumerateArray()] : [];

    /// <summary>The bytes of what the model reads: the messages and the tool declarations, as sent.</summary>
    public int MessagesAndToolsBytes => Encoding.UTF8.GetByteCount(Body.GetProperty("messages").GetRawText())
        + (Body.TryGetProperty("tools", out var tools) ? Encoding.UTF8.GetByteCount(tools.GetRawText()) : 0);

    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : ""));
}

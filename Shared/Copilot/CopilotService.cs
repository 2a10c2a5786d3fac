using System.Diagnostics.Metrics;
using EventWizard.Shared.Data;
using EventWizard.Shared.Interactions;
using EventWizard.Shared.Resilience;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// One copilot turn: the session read as the caller's organization, tokens reserved from its daily budget, the
/// user's turn recorded, the model called (through the copilot pipeline) with the stage prompt and the
/// <c>save_&lt;stage&gt;</c> tools, its tool calls judged as proposals, the assistant's turn recorded with the measured
/// tokens, model and latency, the budget settled. Nothing is written to the session. No message, prompt or payload
/// text is logged.
/// </summary>
public sealed class CopilotService(
    CopilotModel model,
    IOptions<CopilotOptions> options,
    SessionStore sessions,
    InteractionStore interactions,
    CopilotBudget budget,
    StageValidator validator,
    ResiliencePipelines pipelines,
    TimeProvider clock,
    ILogger<CopilotService> logger)
{
    private static readonly Meter Meter = new("EventWizard.Copilot");
    private static readonly Counter<long> DroppedCalls = Meter.CreateCounter<long>("eventwizard.copilot.dropped_tool_calls",
        description: "Tool calls of the model that were not a stage's object (unknown tool, arguments not a JSON object)");

    private readonly CopilotOptions settings = options.Value;

    public async Task<CopilotOutcome> AskAsync(Caller caller, string sessionId, CopilotRequest request, CopilotEventStream? stream,
        CancellationToken ct)
    {
        if (model.Client is not { } client)
        {
            return CopilotOutcome.NotConfigured;
        }
        var session = await sessions.GetAsync(caller, sessionId, ct);
        if (session is null)
        {
            return CopilotOutcome.SessionNotFound;
        }
        if (!session.IsOpen)
        {
            return CopilotOutcome.SessionClosed(session.Status);
        }
        var reservation = await budget.ReserveAsync(caller, settings.DailyTokenBudget, settings.TurnReserveTokens, ct);
        if (reservation is null)
        {
            return CopilotOutcome.BudgetExhausted(budget.UntilRenewal());
        }
        var settled = false;
        try
        {
            var stage = request.Stage ?? session.CurrentStage;
            if (await interactions.AddAsync(caller, sessionId, new InteractionRequest("user", stage, request.Message, null, null, null, null), ct)
                is null)
            {
                return CopilotOutcome.SessionNotFound;
            }
            var validation = SessionValidation.Of(validator, session.PayloadOf);
            var messages = CopilotPrompt.For(stage, session, validation, request.Message, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            var started = clock.GetTimestamp();
            var response = await CallModelAsync(client, messages, stream, ct);
            if (response is null)
            {
                return CopilotOutcome.ModelUnavailable;
            }
            var usage = new CopilotUsage(Shorten(response.ModelId ?? model.Name), ToInt(response.Usage?.InputTokenCount),
                ToInt(response.Usage?.OutputTokenCount), ToInt((long)clock.GetElapsedTime(started).TotalMilliseconds));
            // A server that reports no usage is charged the whole reservation: the budget never runs on a guess of zero.
            await budget.SettleAsync(caller, reservation, response.Usage is null ? reservation.Tokens : usage.TotalTokens,
                settings.DailyTokenBudget, ct);
            settled = true;
            var reply = new CopilotReply(response.Text, Proposals(response, session), usage);
            await interactions.AddAsync(caller, sessionId, new InteractionRequest("assistant", stage,
                reply.Reply.Length == 0 ? null : reply.Reply, usage.TotalTokens, usage.Model, usage.LatencyMs, null), ct);
            return CopilotOutcome.Answered(reply);
        }
        finally
        {
            if (!settled)
            {
                await RefundAsync(caller, reservation);
            }
        }
    }

    /// <summary>
    /// The model's answer, streamed (text forwarded to <paramref name="stream"/> as it comes); null when it failed or
    /// timed out after the retries. An attempt is repeated only while none of its text has reached the client.
    /// </summary>
    private async Task<ChatResponse?> CallModelAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, CopilotEventStream? stream,
        CancellationToken ct)
    {
        var chatOptions = new ChatOptions { ModelId = model.Name, MaxOutputTokens = settings.MaxOutputTokens, Tools = [.. CopilotTools.All] };
        var delivered = false;
        try
        {
            return await pipelines.Copilot.ExecuteAsync(async token =>
            {
                List<ChatResponseUpdate> updates = [];
                try
                {
                    await foreach (var update in client.GetStreamingResponseAsync(messages, chatOptions, token))
                    {
                        updates.Add(update);
                        if (stream is not null && update.Text is { Length: > 0 } text)
                        {
                            delivered = true;
                            await stream.DeltaAsync(text, ct);
                        }
                    }
                }
                catch (Exception ex) when (delivered && !ct.IsCancellationRequested)
                {
                    throw new CopilotStreamBrokenException(ex);
                }
                return updates.ToChatResponse();
            }, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && IsModelFailure(ex))
        {
            logger.LogWarning("The copilot model failed: {Failure} (status {Status})", ex.GetType().Name,
                (ex as System.ClientModel.ClientResultException)?.Status);
            return null;
        }
    }

    private static bool IsModelFailure(Exception exception) => exception is CopilotStreamBrokenException or TimeoutRejectedException
        || TransientFailures.IsTransientModel(exception) || exception is System.ClientModel.ClientResultException;

    /// <summary>Each <c>save_&lt;stage&gt;</c> call as a proposal judged with the rest of the session; other calls are dropped and counted.</summary>
    private List<CopilotProposal> Proposals(ChatResponse response, SessionRow session)
    {
        List<CopilotProposal> proposals = [];
        var dropped = 0;
        foreach (var call in response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>())
        {
            if (CopilotTools.StageOf(call.Name) is not { } stage || call.Exception is not null || call.Arguments is null)
            {
                dropped++;
                continue;
            }
            var data = System.Text.Json.JsonSerializer.SerializeToElement(call.Arguments, AIJsonUtilities.DefaultOptions);
            var issues = SessionValidation.Of(validator, s => s == stage ? data : session.PayloadOf(s)).Issues.GetValueOrDefault(stage) ?? [];
            proposals.Add(new CopilotProposal(stage, data, issues));
        }
        if (dropped > 0)
        {
            DroppedCalls.Add(dropped);
            logger.LogWarning("Dropped {Dropped} copilot tool calls that were not a stage's object", dropped);
        }
        return proposals;
    }

    /// <summary>Gives the reservation back after a turn that failed or was abandoned, whatever the request's token says.</summary>
    private async Task RefundAsync(Caller caller, CopilotReservation reservation)
    {
        try
        {
            await budget.SettleAsync(caller, reservation, 0, settings.DailyTokenBudget, CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Could not give back a copilot reservation of {Tokens} tokens", reservation.Tokens);
        }
    }

    private static int ToInt(long? value) => (int)Math.Clamp(value ?? 0, 0, int.MaxValue);

    private static string Shorten(string modelName) =>
        modelName.Length <= InteractionRequest.MaxModelLength ? modelName : modelName[..InteractionRequest.MaxModelLength];
}

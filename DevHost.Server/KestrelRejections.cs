using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventWizard.DevHost;

/// <summary>
/// Kestrel answers what it cannot read as HTTP (a malformed request line, headers over its limits, no Host, %00 in the
/// path, a slow request head) itself, before any function runs, with a status and an empty body, and has no hook
/// for that body. This connection middleware gives those answers the problem+json body every other error has, and
/// logs them at Information. The Functions host has its own front end: this is the DevHost's.
/// </summary>
public static class KestrelRejections
{
    private const string EndOfHead = "\r\n\r\n";

    public static void UseProblemBodies(this ListenOptions listen)
    {
        var logger = listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KestrelRejections));
        listen.Use(next => connection =>
        {
            var transport = connection.Transport;
            var connectionId = connection.ConnectionId;
            connection.Transport = new DuplexPipe(transport.Input,
                new RejectionRewritingWriter(transport.Output, response => Rewrite(response.Span, connectionId, logger)));
            return next(connection);
        });
    }

    /// <summary>
    /// The problem response to send instead of <paramref name="response"/> when it is one of Kestrel's rejections (an
    /// error status, an empty body, Connection: close, no Content-Type; nothing after it); else null.
    /// </summary>
    private static byte[]? Rewrite(ReadOnlySpan<byte> response, string connectionId, ILogger logger)
    {
        var text = Encoding.Latin1.GetString(response);
        if (text.IndexOf(EndOfHead, StringComparison.Ordinal) != text.Length - EndOfHead.Length)
        {
            return null;
        }
        var lines = text[..^EndOfHead.Length].Split("\r\n");
        var headers = lines.Skip(1).ToList();
        if (lines[0].Length < 12 || !int.TryParse(lines[0].AsSpan(9, 3), out var status) || status < 400
            || !headers.Contains("Content-Length: 0", StringComparer.OrdinalIgnoreCase)
            || !headers.Contains("Connection: close", StringComparer.OrdinalIgnoreCase)
            || headers.Any(header => header.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var requestId = ActivityTraceId.CreateRandom().ToHexString();
        var problem = StatusProblems.Of(status) with { TraceId = requestId };
        logger.LogInformation("Kestrel refused a request on connection {ConnectionId} with {Status}; answered as {Code} ({RequestId})",
            connectionId, status, problem.Code, requestId);
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ApiJson.Options);
        var head = new StringBuilder().Append(lines[0]).Append("\r\n");
        foreach (var header in headers.Where(header => !header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(header).Append("\r\n");
        }
        head.Append("Content-Type: application/problem+json; charset=utf-8\r\n")
            .Append(RequestIds.Header).Append(": ").Append(requestId).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append(EndOfHead);
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}

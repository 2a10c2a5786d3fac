using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a plain socket, for the requests HttpClient refuses to send: malformed framing, no Host, a body
/// that stops half way, headers over the limits.
/// </summary>
public static class RawHttp
{
    /// <summary>A response as it came off the wire; header names in any case, the body de-chunked.</summary>
    public sealed record Response(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
    {
        public string? Header(string name) =>
            Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    /// <summary>
    /// Sends <paramref name="parts"/> to the host of <paramref name="baseAddress"/> one after the other (the
    /// request may stop short) and reads one response, waiting at most <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Response> SendAsync(string baseAddress, TimeSpan timeout, params byte[][] parts) =>
        (await ExchangeAsync(baseAddress, 1, timeout, parts))[0];

    /// <summary>Sends <paramref name="parts"/> on one connection and reads <paramref name="responses"/> responses.</summary>
    public static async Task<IReadOnlyList<Response>> ExchangeAsync(string baseAddress, int responses, TimeSpan timeout, params byte[][] parts)
    {
        var uri = new Uri(baseAddress);
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            foreach (var part in parts)
            {
                await stream.WriteAsync(part, cancel.Token);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before the whole request is sent (a header over the limit).
        }
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (ParseAll(received.ToArray()).Count < responses)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancel.Token);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
        }
        var parsed = ParseAll(received.ToArray());
        return parsed.Count >= responses ? parsed
            : throw new InvalidDataException($"Expected {responses} HTTP responses; received: {Encoding.Latin1.GetString(received.ToArray())}");
    }

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static List<Response> ParseAll(byte[] bytes)
    {
        var responses = new List<Response>();
        var offset = 0;
        while (TryParse(bytes.AsSpan(offset)) is ({ } response, var used))
        {
            responses.Add(response);
            offset += used;
        }
        return responses;
    }

    private static (Response? Response, int Used) TryParse(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return (null, 0);
        }
        var lines = Encoding.Latin1.GetString(bytes[..end]).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .Select(pair => KeyValuePair.Create(pair[0].Trim(), pair[1].Trim())).ToList();
        var rest = bytes[(end + 4)..];
        var response = new Response(status, headers, "");
        if (string.Equals(response.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            var (body, used) = Dechunk(rest);
            return body is null ? (null, 0) : (response with { Body = body }, end + 4 + used);
        }
        var length = int.Parse(response.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
        return rest.Length < length ? (null, 0) : (response with { Body = Encoding.UTF8.GetString(rest[..length]) }, end + 4 + length);
    }

    private static (string? Body, int Used) Dechunk(ReadOnlySpan<byte> chunked)
    {
        var body = new MemoryStream();
        var used = 0;
        while (true)
        {
            var lineEnd = chunked[used..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return (null, 0);
            }
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked.Slice(used, lineEnd)).Split(';')[0], 16);
            var next = used + lineEnd + 2 + size + 2;
            if (chunked.Length < next)
            {
                return (null, 0);
            }
            if (size == 0)
            {
                return (Encoding.UTF8.GetString(body.ToArray()), next);
            }
            body.Write(chunked.Slice(used + lineEnd + 2, size));
            used = next;
        }
    }
}

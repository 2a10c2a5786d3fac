using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>
/// Reads a request body as a JSON object under the API's limits: application/json in UTF-8 only (415), at most
/// 256 KiB (413), well-formed (400), nesting at most 32 levels (400), no <c>\u0000</c> anywhere (400).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxDepth = 32;

    /// <summary>The body as a JSON object; an empty body reads as <c>{}</c> when <paramref name="allowEmpty"/>.</summary>
    public static async Task<BodyResult> ReadObjectAsync(HttpRequest request, CancellationToken ct, bool allowEmpty = false)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Problems.PayloadTooLarge(MaxBytes);
        }
        var bytes = await ReadLimitedAsync(request.Body, request.ContentLength, ct);
        if (bytes is null)
        {
            return Problems.PayloadTooLarge(MaxBytes);
        }
        if (bytes.Length == 0 || IsWhiteSpace(bytes))
        {
            return allowEmpty ? new BodyResult(EmptyObject(), null) : Problems.InvalidBody("The request needs a JSON object body.");
        }
        if (!IsJsonContentType(request.ContentType))
        {
            return Problems.UnsupportedMediaType();
        }
        return Parse(bytes);
    }

    public static BodyResult Parse(byte[] bytes)
    {
        // JSON is UTF-8 (RFC 8259 8.1). The parser lets invalid sequences through inside strings and names, where only
        // reading them as .NET strings would fail, later and anywhere.
        if (!Utf8.IsValid(bytes))
        {
            return Problems.MalformedJson("The body is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException) when (NestsTooDeep(bytes))
        {
            return Problems.InvalidBody($"The JSON nests deeper than {MaxDepth} levels.") with { Code = "too_deep" };
        }
        catch (JsonException ex)
        {
            return Problems.MalformedJson($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Problems.InvalidBody($"The body must be a JSON object, not {Describe(root.ValueKind)}.");
            }
            string? nulPath;
            try
            {
                nulPath = MayHoldEscapes(bytes) ? FindNulCharacter(root, "") : null;
            }
            catch (InvalidOperationException)
            {
                // A lone UTF-16 surrogate (\ud800): .NET cannot read it as a string and PostgreSQL refuses it.
                return Problems.Validation("body", "invalid_character", "Strings may not contain a lone UTF-16 surrogate (such as \\ud800).");
            }
            if (nulPath is not null)
            {
                return Problems.Validation(nulPath.Length == 0 ? "body" : nulPath, "invalid_character",
                    "Strings may not contain the NUL character (\\u0000).");
            }
            return new BodyResult(root.Clone(), null);
        }
    }

    /// <summary>application/json or application/*+json, in UTF-8: a charset parameter, if any, must say so (RFC 8259 8.1).</summary>
    public static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }
        var parts = contentType.Split(';');
        var mediaType = parts[0].Trim();
        return (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                    && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            && parts.Skip(1).All(IsUtf8IfCharset);
    }

    private static bool IsUtf8IfCharset(string parameter)
    {
        var nameAndValue = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
        return !nameAndValue[0].Equals("charset", StringComparison.OrdinalIgnoreCase)
            || (nameAndValue.Length == 2 && nameAndValue[1].Trim('"') is var charset
                && (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)));
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    /// <summary>
    /// Whether the text has a <c>\u</c> escape. In valid UTF-8 (checked first) NUL and lone surrogates can come only
    /// that way (a raw control character is malformed JSON), so a body without one needs no walk, which is most bodies.
    /// </summary>
    private static bool MayHoldEscapes(byte[] bytes) => bytes.AsSpan().IndexOf("\\u"u8) >= 0;

    private static string? FindNulCharacter(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return path.Length == 0 ? "body" : path;
                    }
                    if (FindNulCharacter(property.Value, childPath) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindNulCharacter(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        if (contentLength is { } length)
        {
            // The common case: the size is announced (and checked against the limit), so one buffer of that size. The
            // server holds the body to it; a body that ends early is read as far as it goes, as below.
            var exact = new byte[length];
            var filled = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, ct);
            return filled == exact.Length ? exact : exact[..filled];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Whether the failure was the depth limit. (Not the exception's message: a truncated body's message also
    /// mentions depth, "Expected depth to be zero…", and is malformed JSON, not too deep.)
    /// </summary>
    private static bool NestsTooDeep(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxBytes + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed before it got too deep.
        }
        return false;
    }

    private static bool IsWhiteSpace(byte[] bytes) => bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    private static JsonElement EmptyObject() => JsonDocument.Parse("{}"u8.ToArray()).RootElement.Clone();
}

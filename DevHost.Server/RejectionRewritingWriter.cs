using System.Buffers;
using System.IO.Pipelines;

namespace EventWizard.DevHost;

/// <summary>
/// The output side of a connection (<see cref="KestrelRejections"/>): passes every byte through untouched, except
/// that a flush that starts with an error status line is held back until the flush, so that Kestrel's own
/// body-less rejection can be swapped for a problem before it is sent. Other responses are not copied.
/// </summary>
internal sealed class RejectionRewritingWriter(PipeWriter inner, Func<ReadOnlyMemory<byte>, byte[]?> rewrite) : PipeWriter
{
    /// <summary>Kestrel's rejections are a status line and four short headers; anything longer is not one.</summary>
    private const int MaxRejectionBytes = 1024;

    private static ReadOnlySpan<byte> StatusLineStart => "HTTP/1.1 "u8;

    private ArrayBufferWriter<byte>? held;
    private Memory<byte> lastBuffer;
    private bool atFlushStart = true;
    private bool holding;

    public override Memory<byte> GetMemory(int sizeHint = 0) => lastBuffer = inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => (lastBuffer = inner.GetMemory(sizeHint)).Span;

    public override void Advance(int bytes)
    {
        var written = lastBuffer.Span[..bytes];
        // Kestrel may write on in the rest of the same buffer and advance again without asking for a new one.
        lastBuffer = lastBuffer[bytes..];
        if (!holding && !(atFlushStart && bytes > 0 && MayStartErrorStatusLine(written)))
        {
            atFlushStart &= bytes == 0;
            inner.Advance(bytes);
            return;
        }
        // Held: copied out and not advanced in the inner pipe, which hands out the same space again.
        atFlushStart = false;
        holding = true;
        held ??= new ArrayBufferWriter<byte>(MaxRejectionBytes);
        held.Write(written);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Release();
        atFlushStart = true;
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Release();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Release();
        return inner.CompleteAsync(exception);
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + (held?.WrittenCount ?? 0);

    private void Release()
    {
        if (!holding || held is null)
        {
            return;
        }
        holding = false;
        var bytes = held.WrittenMemory;
        inner.Write(bytes.Length <= MaxRejectionBytes && rewrite(bytes) is { } problem ? problem : bytes.Span);
        // Kept for the connection's next error response, unless a large one made it grow.
        if (held.Capacity > 4 * MaxRejectionBytes)
        {
            held = null;
        }
        else
        {
            held.ResetWrittenCount();
        }
    }

    /// <summary>True when <paramref name="bytes"/> begin with "HTTP/1.1 4" or "HTTP/1.1 5", or are too few to tell.</summary>
    private static bool MayStartErrorStatusLine(ReadOnlySpan<byte> bytes)
    {
        var compared = Math.Min(bytes.Length, StatusLineStart.Length);
        return bytes[..compared].SequenceEqual(StatusLineStart[..compared])
            && (bytes.Length == compared || bytes[compared] is (byte)'4' or (byte)'5');
    }
}

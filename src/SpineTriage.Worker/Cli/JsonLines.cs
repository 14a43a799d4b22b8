using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SpineTriage.Worker.Cli;

/// <summary>One JSON object per line, as the listing commands print them (readable quotes and non-ASCII).</summary>
internal static class JsonLines
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one line made by <paramref name="write"/>.</summary>
    public static Task WriteAsync(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>
    /// The lines of a stream as bytes, without their line breaks, read in blocks (the input is never
    /// held whole). Each line's memory is valid until the next one is requested.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadLinesAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer: grow it (a message is bounded by the framer).
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                filled += read;
                var start = 0;
                int newline;
                while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
                {
                    yield return buffer.AsMemory(start, newline);
                    start += newline + 1;
                }

                if (read == 0)
                {
                    if (start < filled)
                    {
                        yield return buffer.AsMemory(start, filled - start);
                    }

                    yield break;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

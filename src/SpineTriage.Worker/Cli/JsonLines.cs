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
}

using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// Message bodies hold patient data, so the listing commands show a body's size, not the body,
/// unless asked with <c>--show-body</c>; then as text when it is UTF-8, else as base64.
/// </summary>
internal static class MessageBodies
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>--show-body</c>.</summary>
    public static Option<bool> ShowBodyOption() => new("--show-body")
    {
        Description = "Also print each message's body (patient data: as text when it is UTF-8, else as bodyBase64). Without it, only its size.",
    };

    /// <summary>The one-line warning printed to standard error when bodies are shown.</summary>
    public static Task WarnAsync(string command, TextWriter error, string option = "--show-body") =>
        error.WriteLineAsync($"spinetriage {command}: {option} prints message bodies, which hold patient data; keep this output off shared screens, tickets and chats.");

    /// <summary>Writes <c>size</c>, and with <paramref name="show"/> the body (<c>body</c> or <c>bodyBase64</c>).</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> body, bool show)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("size", body.Length);
        if (!show)
        {
            return;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            writer.WriteBase64String("bodyBase64", body);
            return;
        }

        writer.WriteString("body", text);
    }
}

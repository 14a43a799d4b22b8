using System.Text.Json;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// Splits input into messages: JSON Lines (one message a line), one JSON document spread over
/// several lines (a pretty-printed referral), or a JSON array of messages (on one line or many:
/// each element is a message). A UTF-8 byte order mark at the start (as Windows tools write it) is
/// skipped. A line that is just "{" or "[" starts a multi-line message that ends where the value
/// closes. If the joined lines turn out broken, they become one rejected message and the line that
/// broke them is read again on its own, so a truncated line never swallows the valid line after it.
/// <c>classify</c> and <c>submit</c> both read their input through it.
/// </summary>
internal sealed class JsonFramer
{
    /// <summary>Receives one message: either the current line itself, or lines joined into a new buffer.</summary>
    public delegate void FrameHandler(ReadOnlySpan<byte> message, bool isCurrentLine);

    // An array of messages may be larger than one message; it is still bounded.
    private const int MaxArrayBytes = 16 * 1024 * 1024;

    private readonly List<byte> _pending = [];
    private int _pendingLines;
    private bool _started;

    /// <summary>Whether lines are held for a multi-line message.</summary>
    public bool HasPending => _pendingLines > 0;

    /// <summary>
    /// Takes the next line (without its line break) and reports the messages it completes, in order,
    /// through <paramref name="emit"/>. A line that is a whole message is emitted as it is (no copy);
    /// a joined message's span is valid only during the call.
    /// </summary>
    public void Push(ReadOnlySpan<byte> line, FrameHandler emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        // A line that lost its byte order mark no longer starts where the caller's line does: it is
        // emitted as a copy, not as "the current line".
        var whole = true;
        if (!_started)
        {
            _started = true;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
                whole = false;
            }
        }

        if (HasPending)
        {
            var before = _pending.Count;
            _pending.Add((byte)'\n');
            _pending.AddRange(line);
            var joined = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
            switch (Check(joined))
            {
                case Completeness.Complete:
                    EmitPending(emit);
                    return;
                case Completeness.Incomplete when joined.Length <= (joined[0] == (byte)'[' ? MaxArrayBytes : Core.Contract.ReferralReader.MaxMessageBytes):
                    _pendingLines++;
                    return;
                case Completeness.Incomplete:
                    // Over the size limit: reject what is held, so memory stays bounded.
                    EmitPending(emit);
                    return;
                default:
                    _pending.RemoveRange(before, _pending.Count - before);
                    EmitPending(emit);
                    break; // and read this line again on its own
            }
        }

        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.IsEmpty)
        {
            return;
        }

        // Only a line that is just "{" or "[" opens a multi-line document: that is how every
        // pretty-printer starts one, and it keeps a truncated JSON Lines line from swallowing the
        // lines after it.
        if (!OpensDocument(trimmed) || Check(trimmed) != Completeness.Incomplete)
        {
            if (trimmed[0] == (byte)'[' && Check(trimmed) == Completeness.Complete)
            {
                EmitElements(trimmed, emit);
                return;
            }

            emit(line, isCurrentLine: whole);
            return;
        }

        _pending.AddRange(line);
        _pendingLines = 1;
    }

    /// <summary>At the end of input: emits what is held (it will be rejected as incomplete JSON).</summary>
    public void Complete(FrameHandler emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        if (HasPending)
        {
            EmitPending(emit);
        }
    }

    private void EmitPending(FrameHandler emit)
    {
        var joined = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
        var trimmed = joined.Trim(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'[' && Check(trimmed) == Completeness.Complete)
        {
            EmitElements(trimmed, emit);
        }
        else
        {
            emit(joined, isCurrentLine: false);
        }

        _pending.Clear();
        _pendingLines = 0;
    }

    // A whole JSON array: each element is one message, emitted as its own bytes.
    private static void EmitElements(ReadOnlySpan<byte> array, FrameHandler emit)
    {
        var reader = new Utf8JsonReader(array);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            emit(array[start..(int)reader.BytesConsumed], isCurrentLine: false);
        }
    }

    private static bool OpensDocument(ReadOnlySpan<byte> trimmed) =>
        trimmed.Length == 1 && trimmed[0] is (byte)'{' or (byte)'[';

    internal enum Completeness
    {
        Complete,
        Incomplete,
        Invalid,
    }

    /// <summary>Whether the bytes hold exactly one whole JSON value, the start of one, or something broken.</summary>
    internal static Completeness Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
        try
        {
            while (true)
            {
                if (!reader.Read())
                {
                    return Completeness.Incomplete;
                }

                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the caller rejects it as one message with the parser's own reason.
            return Completeness.Invalid;
        }

        return json[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty ? Completeness.Complete : Completeness.Invalid;
    }
}

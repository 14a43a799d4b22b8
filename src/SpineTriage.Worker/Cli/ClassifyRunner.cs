using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Worker.Cli;

/// <summary>How many inputs were classified and how many were rejected.</summary>
internal readonly record struct ClassifySummary(int Classified, int Invalid);

/// <summary>
/// Streams referrals from an input to results on an output, in input order. Input is read in
/// blocks; the messages of a block are classified on all cores in contiguous ranges, and each
/// range's output is written in order, so order is kept without a sort.
/// </summary>
internal sealed class ClassifyRunner
{
    private const int BlockSize = 1 << 20;

    // A line longer than this cannot be a valid message (64 KiB), so only its start is kept: enough
    // to reject it for its size and to read its referralId.
    private const int MaxKeptLine = ReferralReader.MaxMessageBytes + 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Output is JSON Lines for programs, not HTML: keep quotes and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private readonly TriageClassifier _classifier;
    private readonly TimeProvider _time;
    private readonly int _workers;

    public ClassifyRunner(TriageClassifier classifier, TimeProvider time, int? workers = null)
    {
        _classifier = classifier;
        _time = time;
        _workers = Math.Max(1, workers ?? Environment.ProcessorCount);
    }

    public async Task<ClassifySummary> RunAsync(Stream input, Stream output, RegionStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new byte[BlockSize];
        var filled = 0;
        var skippingLongLine = false;
        var framer = new JsonFramer();
        var frames = new List<Frame>(2048);
        var sinks = Enumerable.Range(0, _workers).Select(_ => new Sink()).ToArray();
        var lineOffset = 0;
        var classified = 0;
        var invalid = 0;

        void Collect(ReadOnlySpan<byte> message, bool isCurrentLine) =>
            frames.Add(isCurrentLine ? new Frame(lineOffset, message.Length, null) : new Frame(0, message.Length, message.ToArray()));

        while (true)
        {
            var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            filled += read;
            var end = read == 0;
            var start = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                if (skippingLongLine)
                {
                    skippingLongLine = false;
                }
                else
                {
                    lineOffset = start;
                    framer.Push(buffer.AsSpan(start, newline), Collect);
                }

                start += newline + 1;
            }

            if (end && start < filled && !skippingLongLine)
            {
                lineOffset = start;
                framer.Push(buffer.AsSpan(start, filled - start), Collect);
                start = filled;
            }

            if (end)
            {
                framer.Complete(Collect);
            }
            else if (start == 0 && filled == buffer.Length)
            {
                // One line fills the whole block: keep its start as a message to reject, skip the rest.
                if (!skippingLongLine)
                {
                    framer.Complete(Collect);
                    frames.Add(new Frame(0, MaxKeptLine, null));
                    skippingLongLine = true;
                }

                start = filled;
            }

            var (ok, bad) = await FlushAsync(buffer, frames, sinks, status, output, cancellationToken).ConfigureAwait(false);
            classified += ok;
            invalid += bad;

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
            if (end)
            {
                break;
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new ClassifySummary(classified, invalid);
    }

    private async Task<(int Classified, int Invalid)> FlushAsync(
        byte[] buffer, List<Frame> frames, Sink[] sinks, RegionStatus status, Stream output, CancellationToken cancellationToken)
    {
        if (frames.Count == 0)
        {
            return (0, 0);
        }

        var workers = Math.Min(sinks.Length, (frames.Count + 255) / 256);
        var per = (frames.Count + workers - 1) / workers;
        if (workers == 1)
        {
            Process(buffer, frames, 0, frames.Count, sinks[0], status);
        }
        else
        {
            Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers }, w =>
                Process(buffer, frames, w * per, Math.Min(frames.Count, (w + 1) * per), sinks[w], status));
        }

        var classified = 0;
        var invalid = 0;
        for (var w = 0; w < workers; w++)
        {
            await output.WriteAsync(sinks[w].Written, cancellationToken).ConfigureAwait(false);
            classified += sinks[w].Classified;
            invalid += sinks[w].Invalid;
            sinks[w].Clear();
        }

        frames.Clear();
        return (classified, invalid);
    }

    private void Process(byte[] buffer, List<Frame> frames, int from, int to, Sink sink, RegionStatus status)
    {
        for (var i = from; i < to; i++)
        {
            var frame = frames[i];
            var message = frame.Owned is { } owned ? owned.AsSpan() : buffer.AsSpan(frame.Offset, frame.Length);
            var read = ReferralReader.Read(message);
            var writer = sink.Writer;
            if (read.Referral is { } referral && read.IsValid)
            {
                var result = _classifier.Classify(referral, status, _time.GetUtcNow());
                JsonSerializer.Serialize(writer, result, TriageJsonContext.Default.TriageResult);
                sink.Classified++;
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("referralId"u8, read.ReferralId);
                writer.WriteString("error"u8, read.ErrorMessage);
                writer.WriteEndObject();
                sink.Invalid++;
            }

            sink.EndLine();
        }
    }

    private readonly record struct Frame(int Offset, int Length, byte[]? Owned);

    /// <summary>One worker's output for a block: JSON Lines in input order.</summary>
    private sealed class Sink
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

        public Sink() => Writer = new Utf8JsonWriter(_buffer, WriterOptions);

        public Utf8JsonWriter Writer { get; }

        public int Classified { get; set; }

        public int Invalid { get; set; }

        public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

        public void EndLine()
        {
            Writer.Flush();
            _buffer.Write("\n"u8);
            Writer.Reset(_buffer);
        }

        public void Clear()
        {
            _buffer.ResetWrittenCount();
            Writer.Reset(_buffer);
            Classified = Invalid = 0;
        }
    }
}

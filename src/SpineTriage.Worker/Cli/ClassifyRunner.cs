using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Triage;

namespace SpineTriage.Worker.Cli;

/// <summary>How many inputs were classified and how many were rejected.</summary>
internal readonly record struct ClassifySummary(int Classified, int Invalid);

/// <summary>
/// Streams referrals from an input to results on an output, in input order, on every core.
/// A reader cuts the input into blocks of whole messages; workers classify blocks concurrently;
/// a writer puts the blocks' output back in input order. Reading, classifying and writing overlap,
/// and memory stays bounded: at most a few blocks are in flight.
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pool = new ConcurrentBag<Block>();
        var toClassify = Channel.CreateBounded<Block>(new BoundedChannelOptions(_workers) { SingleWriter = true });
        var toWrite = Channel.CreateUnbounded<Block>(new UnboundedChannelOptions { SingleReader = true });

        // If a stage fails, the others are cancelled; WhenAll then surfaces the first failure.
        async Task<T> StopOthersOnFailure<T>(Task<T> stage)
        {
            try
            {
                return await stage.ConfigureAwait(false);
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                toWrite.Writer.TryComplete();
                throw;
            }
        }

        var reader = StopOthersOnFailure(ReadAsync(input, toClassify.Writer, pool, stop.Token));
        var workers = Enumerable.Range(0, _workers)
            .Select(_ => StopOthersOnFailure(Task.Run(() => ClassifyAsync(toClassify.Reader, toWrite.Writer, status, stop.Token), stop.Token)))
            .ToArray();
        var writer = StopOthersOnFailure(WriteAsync(toWrite.Reader, output, pool, stop.Token));

        await Task.WhenAll(workers).ConfigureAwait(false);
        toWrite.Writer.TryComplete();
        await reader.ConfigureAwait(false);
        var summary = await writer.ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private static async Task<bool> ReadAsync(Stream input, ChannelWriter<Block> blocks, ConcurrentBag<Block> pool, CancellationToken cancellationToken)
    {
        var framer = new JsonFramer();
        var sequence = 0L;
        var block = Rent(pool, sequence++);
        var skippingLongLine = false;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(block.Input.AsMemory(block.Filled), cancellationToken).ConfigureAwait(false);
                block.Filled += read;
                var end = read == 0;
                var start = 0;
                while (block.Input.AsSpan(start, block.Filled - start).IndexOf((byte)'\n') is var newline and >= 0)
                {
                    if (skippingLongLine)
                    {
                        skippingLongLine = false;
                    }
                    else
                    {
                        block.Frame(framer, start, newline);
                    }

                    start += newline + 1;
                }

                if (end)
                {
                    if (start < block.Filled && !skippingLongLine)
                    {
                        block.Frame(framer, start, block.Filled - start);
                    }

                    framer.Complete(block.CollectJoined);
                    await blocks.WriteAsync(block, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (start == 0 && block.Filled == block.Input.Length)
                {
                    // One line fills the whole block: keep its start as a message to reject, skip the rest.
                    if (!skippingLongLine)
                    {
                        framer.Complete(block.CollectJoined);
                        block.AddLine(0, MaxKeptLine);
                        skippingLongLine = true;
                    }

                    start = block.Filled;
                }

                if (block.Frames.Count == 0 && start == 0)
                {
                    continue; // a partial line so far: read on into the same block
                }

                // Hand over the whole lines; the partial last line starts the next block.
                var next = Rent(pool, sequence++);
                var rest = block.Input.AsSpan(start, block.Filled - start);
                rest.CopyTo(next.Input);
                next.Filled = rest.Length;
                await blocks.WriteAsync(block, cancellationToken).ConfigureAwait(false);
                block = next;
            }
        }
        finally
        {
            blocks.TryComplete();
        }

        return true;
    }

    private async Task<bool> ClassifyAsync(ChannelReader<Block> blocks, ChannelWriter<Block> classified, RegionStatus status, CancellationToken cancellationToken)
    {
        await foreach (var block in blocks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < block.Frames.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Classify(block.Message(i), block, status);
            }

            await classified.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private void Classify(ReadOnlySpan<byte> message, Block block, RegionStatus status)
    {
        var read = ReferralReader.Read(message);
        var writer = block.Writer;
        if (read.Referral is { } referral && read.IsValid)
        {
            var result = _classifier.Classify(referral, status, _time.GetUtcNow());
            JsonSerializer.Serialize(writer, result, TriageJsonContext.Default.TriageResult);
            block.Classified++;
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("referralId"u8, read.ReferralId);
            writer.WriteString("error"u8, read.ErrorMessage);
            writer.WriteEndObject();
            block.Invalid++;
        }

        block.EndLine();
    }

    private static async Task<ClassifySummary> WriteAsync(ChannelReader<Block> classified, Stream output, ConcurrentBag<Block> pool, CancellationToken cancellationToken)
    {
        // Blocks finish out of order on several workers; they are written strictly in input order.
        var waiting = new Dictionary<long, Block>();
        var next = 0L;
        var summary = default(ClassifySummary);
        await foreach (var block in classified.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            waiting.Add(block.Sequence, block);
            while (waiting.Remove(next, out var ready))
            {
                await output.WriteAsync(ready.Output, cancellationToken).ConfigureAwait(false);
                summary = new ClassifySummary(summary.Classified + ready.Classified, summary.Invalid + ready.Invalid);
                pool.Add(ready);
                next++;
            }
        }

        return summary;
    }

    private static Block Rent(ConcurrentBag<Block> pool, long sequence)
    {
        var block = pool.TryTake(out var recycled) ? recycled : new Block();
        block.Reset(sequence);
        return block;
    }

    private readonly record struct Frame(int Offset, int Length, byte[]? Joined);

    /// <summary>A block of input, its messages, and their output. Recycled through a pool.</summary>
    private sealed class Block
    {
        private readonly ArrayBufferWriter<byte> _output = new(BlockSize * 2);
        private int _lineOffset;

        public Block()
        {
            Writer = new Utf8JsonWriter(_output, WriterOptions);
            CollectJoined = Collect;
        }

        public long Sequence { get; private set; }

        public byte[] Input { get; } = new byte[BlockSize];

        public int Filled { get; set; }

        public List<Frame> Frames { get; } = new(4096);

        public JsonFramer.FrameHandler CollectJoined { get; }

        public Utf8JsonWriter Writer { get; }

        public int Classified { get; set; }

        public int Invalid { get; set; }

        public ReadOnlyMemory<byte> Output => _output.WrittenMemory;

        public void Frame(JsonFramer framer, int offset, int length)
        {
            _lineOffset = offset;
            framer.Push(Input.AsSpan(offset, length), CollectJoined);
        }

        public void AddLine(int offset, int length) => Frames.Add(new Frame(offset, length, null));

        public ReadOnlySpan<byte> Message(int index)
        {
            var frame = Frames[index];
            return frame.Joined ?? Input.AsSpan(frame.Offset, frame.Length);
        }

        public void EndLine()
        {
            Writer.Flush();
            _output.Write("\n"u8);
            Writer.Reset(_output);
        }

        public void Reset(long sequence)
        {
            Sequence = sequence;
            Filled = 0;
            Frames.Clear();
            _output.ResetWrittenCount();
            Writer.Reset(_output);
            Classified = Invalid = 0;
        }

        private void Collect(ReadOnlySpan<byte> message, bool isCurrentLine) =>
            Frames.Add(isCurrentLine ? new Frame(_lineOffset, message.Length, null) : new Frame(0, message.Length, message.ToArray()));
    }
}

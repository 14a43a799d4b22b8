using System.Text;
using SpineTriage.Worker.Cli;

namespace SpineTriage.Worker.Tests.Cli;

public sealed class JsonFramerTests
{
    private static List<string> Frame(params string[] lines)
    {
        var framer = new JsonFramer();
        var messages = new List<string>();
        void Collect(ReadOnlySpan<byte> message, bool isCurrentLine) => messages.Add(Encoding.UTF8.GetString(message));
        foreach (var line in lines)
        {
            framer.Push(Encoding.UTF8.GetBytes(line), Collect);
        }

        framer.Complete(Collect);
        return messages;
    }

    [Fact]
    public void Frame_JsonLines_OneMessagePerLine() =>
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], Frame("{\"a\":1}", "{\"b\":2}"));

    [Fact]
    public void Frame_PrettyPrintedObject_IsOneMessage() =>
        Assert.Equal(["{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}"], Frame("{", "  \"a\": 1,", "  \"b\": [1,", " 2]", "}"));

    [Fact]
    public void Frame_ArrayOnOneLine_IsOneMessagePerElement() =>
        Assert.Equal(["{\"a\":1}", "{\"b\":[2]}"], Frame("[{\"a\":1}, {\"b\":[2]}]"));

    [Fact]
    public void Frame_PrettyPrintedArray_IsOneMessagePerElement() =>
        Assert.Equal(["{\n    \"a\": 1\n  }", "{\n    \"b\": 2\n  }"], Frame("[", "  {", "    \"a\": 1", "  },", "  {", "    \"b\": 2", "  }", "]"));

    [Fact]
    public void Frame_ArrayElementThatIsNoObject_IsItsOwnMessage() =>
        Assert.Equal(["{\"a\":1}", "2", "\"x\""], Frame("[{\"a\":1},2,\"x\"]"));

    [Fact]
    public void Frame_ByteOrderMarkBeforeAPrettyPrintedObject_IsSkipped() =>
        Assert.Equal(["{\n  \"a\": 1\n}"], Frame("\uFEFF{", "  \"a\": 1", "}"));

    [Fact]
    public void Frame_ByteOrderMarkOnlyAtTheStart_ALaterOneIsKept() =>
        Assert.Equal(["{\"a\":1}", "\uFEFF{\"b\":2}"], Frame("\uFEFF{\"a\":1}", "\uFEFF{\"b\":2}"));

    [Fact]
    public void Frame_BlankLines_AreSkipped() =>
        Assert.Equal(["{\"a\":1}"], Frame("", "   ", "{\"a\":1}", "\r"));

    [Fact]
    public void Frame_TruncatedLineThenValidLine_KeepsBothApart() =>
        Assert.Equal(["{\"a\":", "{\"b\":2}"], Frame("{\"a\":", "{\"b\":2}"));

    [Fact]
    public void Frame_PrettyPrintedObjectBrokenMidway_RejectsTheHeldLinesAndReadsOnLineByLine() =>
        Assert.Equal(["{\n  \"a\": 1", "  \"b\": 2", "}", "{\"c\":3}"], Frame("{", "  \"a\": 1", "  \"b\": 2", "}", "{\"c\":3}"));

    [Fact]
    public void Frame_UnclosedAtEnd_IsEmittedForRejection() =>
        Assert.Equal(["{\n\"a\": 1,"], Frame("{", "\"a\": 1,"));

    [Fact]
    public void Frame_NotJson_IsOneMessagePerLine() =>
        Assert.Equal(["hello", "world"], Frame("hello", "world"));

    [Theory]
    [InlineData("{\"a\":1}", "Complete")]
    [InlineData("{\"a\":", "Incomplete")]
    [InlineData("{\"a\":1} {", "Invalid")]
    [InlineData("{\"a\" 1}", "Invalid")]
    [InlineData("[1,2", "Incomplete")]
    public void Check_TellsCompleteIncompleteAndInvalid(string json, string expected) =>
        Assert.Equal(expected, JsonFramer.Check(Encoding.UTF8.GetBytes(json)).ToString());
}

namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// The lexicon's words and their ids, as one open-addressing table over a single character pool:
/// a lookup hashes the word once and compares characters in place, touching a cache line or two
/// (a text's every word is looked up, so this is the reader's hottest path).
/// </summary>
internal sealed class WordTable
{
    private readonly Entry[] _entries;
    private readonly char[] _pool;
    private readonly int _mask;

    public WordTable(IReadOnlyDictionary<string, int> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var size = 16;
        while (size < words.Count * 4)
        {
            size <<= 1;
        }

        _entries = new Entry[size];
        _mask = size - 1;
        _pool = new char[words.Keys.Sum(w => w.Length)];
        var offset = 0;
        foreach (var (word, id) in words)
        {
            word.CopyTo(0, _pool, offset, word.Length);
            var hash = Hash(word);
            var slot = hash & _mask;
            while (_entries[slot].Length != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _entries[slot] = new Entry(hash, offset, word.Length, id);
            offset += word.Length;
        }
    }

    /// <summary>The word's id, or -1.</summary>
    public int Find(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return -1;
        }

        var hash = Hash(word);
        var slot = hash & _mask;
        while (true)
        {
            ref readonly var entry = ref _entries[slot];
            if (entry.Length == 0)
            {
                return -1;
            }

            if (entry.Hash == hash && entry.Length == word.Length && word.SequenceEqual(_pool.AsSpan(entry.Offset, entry.Length)))
            {
                return entry.Id;
            }

            slot = (slot + 1) & _mask;
        }
    }

    // FNV-1a over the characters: words are short, so a simple loop beats a vectorised hash.
    private static int Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private readonly record struct Entry(int Hash, int Offset, int Length, int Id);
}

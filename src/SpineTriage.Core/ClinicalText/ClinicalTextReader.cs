using System.Buffers;
using System.Globalization;

namespace SpineTriage.Core.ClinicalText;

/// <summary>
/// Reads clinical free text as a clinician reads it, with the ConText algorithm (Harkema et al.,
/// 2009; NegEx's successor, as medspaCy implements it): the lexicon's concepts are found as whole
/// words (longest phrase first), then each mention is judged in its sentence by the context rules
/// around it: negated, normal, historical, hypothetical, about another person, uncertain, or
/// qualified as progressive. A mention that none of these hides is a red flag; every doubt falls on
/// the side of flagging. Thread-safe; allocation-free for texts under about 1,000 characters.
/// </summary>
/// <remarks>
/// Refinements of ConText, each for a class of clinical wording:
/// <list type="bullet">
/// <item>Scope counts the words between a trigger and a mention that are not findings themselves, so
/// "denies saddle anaesthesia, retention, faecal incontinence or bilateral leg weakness" stays
/// negated to the end, while a long stretch of other words ends the scope.</item>
/// <item>A list break (comma, "and", "or", "with") followed, in the mention's own segment, by an onset,
/// time, severity word or a number ends negation, history and family: "no trauma, new saddle numbness
/// since Tuesday", "no PMH and retention for 2 days".</item>
/// <item>A bidirectional trigger reaches back only when no finding lies in its forward scope:
/// "saddle numbness with normal anal tone" does not normalise the numbness.</item>
/// <item>A function ("anal tone", "saddle sensation") is hidden only by "normal" and its kin: "absent
/// anal tone" and "anal tone absent" are abnormal.</item>
/// <item>A doubt ("?", "possible", "cannot exclude") overrides negation, never history or hypothesis.</item>
/// </list>
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
public sealed class ClinicalTextReader
{
    private const int StackTokens = 256;
    private const int StackChars = 1024;
    private const int HideAlways = (1 << (int)ContextCategory.Normal) | (1 << (int)ContextCategory.Historical)
        | (1 << (int)ContextCategory.Hypothetical) | (1 << (int)ContextCategory.Family);
    private const int Negated = 1 << (int)ContextCategory.NegatedExistence;
    private const int Uncertain = 1 << (int)ContextCategory.Uncertain;
    private const int Progression = 1 << (int)ContextCategory.Progression;
    private const int Normal = 1 << (int)ContextCategory.Normal;
    private const int Historical = 1 << (int)ContextCategory.Historical;
    private const int Stable = 1 << (int)ContextCategory.Stable;
    private const int Baseline = 1 << (int)ContextCategory.Baseline;
    private const int Unchanged = 1 << (int)ContextCategory.Unchanged;
    private const int Explained = 1 << (int)ContextCategory.Explained;

    // Not a category: a negation by a result that also ends a doubt's scope ("?CES screen negative"),
    // which answers the doubt, so the doubt no longer keeps the mention flagged.
    private const int Settled = 1 << 30;

    // Not a category: a stable or chronic statement apart from the past date or operation itself
    // ("unchanged", "chronic"), which with BASELINE makes a deficit a baseline.
    private const int StableApart = 1 << 29;

    // Not a category: a long-standing statement ("for years", "long-standing") that is not itself an
    // unchanged one, which with UNCHANGED makes a bladder or gait finding a baseline.
    private const int LongStanding = 1 << 28;
    private const int VolumeThresholdMl = 200;

    // Not a category: a heading that only ends a section ("Social History:").
    private const int EndsSection = -1;

    // How far a scope that crosses commas may reach through a list, in multiples of its maxScope.
    private const int ListItemsScope = 4;

    private static readonly Lazy<ClinicalTextReader> DefaultReader = new(() => new ClinicalTextReader(ClinicalLexicon.Default));

    private readonly ClinicalLexicon _lexicon;
    private readonly ContextRule[] _rules;
    // The phrases as a trie over words: a word is matched once per phrase prefix, not once per phrase.
    // At the root, phrases whose first word ends in * are found by their prefix (gated by the first
    // two letters), and phrases that start with {num}, {year} or {volume} only at numbers.
    private readonly TrieNode _root = new();
    // Root prefixes by their first two letters: a word looks up its own first two letters once,
    // then checks the few prefixes that start with them.
    private readonly (string Prefix, TrieNode Node)[]?[] _rootPrefixes = new (string, TrieNode)[]?[PrefixSlots * PrefixSlots];
    private readonly Phrase[] _phrases;
    private readonly WordTable _vocabulary;
    private readonly int _colon;
    private readonly int[] _required;
    private readonly bool[] _startsPhrase;
    private readonly int[] _alsoHides;

    /// <summary>Creates a reader over a lexicon (builds the phrase index once).</summary>
    public ClinicalTextReader(ClinicalLexicon lexicon)
    {
        _lexicon = lexicon ?? throw new ArgumentNullException(nameof(lexicon));
        _rules = [.. lexicon.Rules];
        _required = [.. lexicon.Concepts.Select(c => c.RequiredCategory is { } category ? 1 << (int)category : 0)];
        _alsoHides = [.. lexicon.Concepts.Select(c => c.AlsoHiddenBy.Aggregate(0, (mask, category) => mask | (1 << (int)category)))];

        var builder = new TrieBuilder(_root);
        BuildPhrases(lexicon, _rules, builder);
        _phrases = [.. builder.Phrases];
        _vocabulary = new WordTable(WithSpellings(builder.Vocabulary, lexicon.Spellings));
        _colon = builder.Vocabulary.GetValueOrDefault(":", -1);
        MarkNesting(builder);
        _startsPhrase = new bool[builder.Vocabulary.Count];
        foreach (var (id, _) in _root.Children)
        {
            _startsPhrase[id] = true;
        }

        foreach (var group in builder.RootPrefixes.GroupBy(p => PrefixSlot(p.Key), p => (p.Key, p.Value)))
        {
            _rootPrefixes[group.Key] = [.. group];
        }
    }

    // The phrases' words, and each dialect or spoken spelling under the id of the word it stands for. A
    // spelling of a word no phrase uses, or one that is itself a phrase's word, is a mistake in the lexicon.
    private static Dictionary<string, int> WithSpellings(Dictionary<string, int> vocabulary, IReadOnlyDictionary<string, string> spellings)
    {
        var words = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        foreach (var (written, reads) in spellings)
        {
            if (!vocabulary.TryGetValue(reads, out var id) || vocabulary.ContainsKey(written))
            {
                throw new FormatException($"The lexicon's spelling \"{written}\" reads as \"{reads}\": the word it reads as must be a phrase's word, and it must not be one itself.");
            }

            words[written] = id;
        }

        return words;
    }

    // Inserts lexicon patterns into the trie without expanding their alternatives into strings:
    // a pattern is parsed once into words and groups, and each path through it is a path of trie
    // nodes; the phrase at a path's end node collects every concept and rule that names it.
    private sealed class TrieBuilder(TrieNode root)
    {
        private readonly Dictionary<string, PhraseToken[]> _words = new(StringComparer.Ordinal);

        public Dictionary<string, TrieNode> RootPrefixes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Vocabulary { get; } = new(StringComparer.Ordinal);

        public List<Phrase> Phrases { get; } = [];

        // Calls attach for every phrase a pattern writes (a phrase two paths reach, more than once:
        // attach must be idempotent). Nothing is collected, so a pattern of thousands of paths costs
        // its trie nodes and no list or set of them.
        public void Add(string pattern, Action<Phrase> attach)
        {
            var text = pattern.ToLowerInvariant().Trim();
            var position = 0;
            var sequence = ParseSequence(text, ref position, pattern);
            if (position != text.Length)
            {
                throw new FormatException($"Unbalanced parentheses in the lexicon phrase \"{pattern}\".");
            }

            var found = false;
            Visit(root, sequence, 0, null, 0, anchored: false, phrase => { found = true; attach(phrase); }, pattern);
            if (!found)
            {
                throw new FormatException($"The lexicon phrase \"{pattern}\" has no words.");
            }
        }

        private sealed record Element(PhraseToken[]? Word, List<Element[]>? Alternatives)
        {
            // What follows a group is the same on every path through it (it depends only on where
            // the group stands in the pattern), so it is made once, not once per path.
            public Continuation? After { get; set; }
        }

        private sealed record Continuation(Element[] Sequence, int Index, Continuation? Next);

        private Element[] ParseSequence(string text, ref int i, string pattern)
        {
            var elements = new List<Element>();
            while (i < text.Length && text[i] is not ('|' or ')'))
            {
                if (text[i] == ' ')
                {
                    i++;
                }
                else if (text[i] == '(')
                {
                    i++;
                    var alternatives = new List<Element[]> { ParseSequence(text, ref i, pattern) };
                    while (i < text.Length && text[i] == '|')
                    {
                        i++;
                        alternatives.Add(ParseSequence(text, ref i, pattern));
                    }

                    if (i >= text.Length || text[i] != ')')
                    {
                        throw new FormatException($"Unbalanced parentheses in the lexicon phrase \"{pattern}\".");
                    }

                    i++;
                    elements.Add(new Element(null, alternatives));
                }
                else
                {
                    var start = i;
                    while (i < text.Length && text[i] is not (' ' or '(' or ')' or '|'))
                    {
                        i++;
                    }

                    elements.Add(new Element(Word(text[start..i], pattern), null));
                }
            }

            return [.. elements];
        }

        private PhraseToken[] Word(string word, string pattern)
        {
            if (!_words.TryGetValue(word, out var tokens))
            {
                _words[word] = tokens = ParseWord(word, pattern);
            }

            return tokens;
        }

        private void Visit(TrieNode node, Element[] sequence, int index, Continuation? next, int depth, bool anchored, Action<Phrase> found, string pattern)
        {
            if (index == sequence.Length)
            {
                if (next is not null)
                {
                    Visit(node, next.Sequence, next.Index, next.Next, depth, anchored, found, pattern);
                }
                else if (depth > 0)
                {
                    var phrase = anchored ? node.AnchoredTerminal : node.Terminal;
                    if (phrase is null)
                    {
                        phrase = new Phrase { Id = Phrases.Count, AtSentenceStart = anchored };
                        Phrases.Add(phrase);
                        if (anchored)
                        {
                            node.AnchoredTerminal = phrase;
                        }
                        else
                        {
                            node.Terminal = phrase;
                        }
                    }

                    found(phrase);
                }

                return;
            }

            var element = sequence[index];
            if (element.Word is [{ Text: "^" }])
            {
                // "^" anchors what follows to the start of a sentence: "(^ should|^ if|...)".
                if (depth > 0)
                {
                    throw new FormatException($"The lexicon phrase \"{pattern}\": ^ can only start a phrase.");
                }

                Visit(node, sequence, index + 1, next, depth, anchored: true, found, pattern);
                return;
            }

            if (element.Word is { } word)
            {
                foreach (var token in word)
                {
                    if (depth == 0 && token.Kind == PhraseTokenKind.Prefix)
                    {
                        if (token.Text.Length < 2)
                        {
                            throw new FormatException($"The lexicon phrase \"{pattern}\": a first word ending in * needs at least 2 letters before it.");
                        }

                        if (!RootPrefixes.TryGetValue(token.Text, out var prefixed))
                        {
                            RootPrefixes[token.Text] = prefixed = new TrieNode();
                        }

                        node = prefixed;
                    }
                    else
                    {
                        node = node.Child(token, Vocabulary);
                    }

                    depth++;
                }

                Visit(node, sequence, index + 1, next, depth, anchored, found, pattern);
                return;
            }

            var after = element.After ??= new Continuation(sequence, index + 1, next);
            foreach (var alternative in element.Alternatives!)
            {
                Visit(node, alternative, 0, after, depth, anchored, found, pattern);
            }
        }
    }

    // Marks the phrases inside which a concept can start: a word after the first that starts a
    // concept phrase (exactly, by prefix, or as a number).
    private void MarkNesting(TrieBuilder builder)
    {
        var prefixes = builder.RootPrefixes.Where(p => p.Value.LeadsToConcept()).Select(p => p.Key).ToList();
        var numbers = _root.Special.Any(s => s.Next.LeadsToConcept());

        // Whether each word of the vocabulary can start a concept: decided once per word, not per node.
        var startsConcept = new bool[builder.Vocabulary.Count];
        foreach (var (word, id) in builder.Vocabulary)
        {
            startsConcept[id] = prefixes.Exists(p => word.StartsWith(p, StringComparison.Ordinal));
        }

        foreach (var (id, child) in _root.Children)
        {
            startsConcept[id] |= child.LeadsToConcept();
        }

        void Walk(TrieNode node, bool nests)
        {
            if (node.Terminal is { } terminal)
            {
                terminal.MayNest |= nests && (terminal.HasConcept || terminal.Rules.Length > 0);
            }

            if (node.AnchoredTerminal is { } anchored)
            {
                anchored.MayNest |= nests && (anchored.HasConcept || anchored.Rules.Length > 0);
            }

            for (var i = 0; i < node.ChildCount; i++)
            {
                Walk(node.ChildNode(i), nests || startsConcept[node.ChildId(i)]);
            }

            foreach (var (token, child) in node.Special)
            {
                Walk(child, nests || token.Kind == PhraseTokenKind.Prefix || numbers);
            }
        }

        // The first word of a phrase is where it starts, not inside it.
        foreach (var child in _root.Children.Select(p => p.Value).Concat(_root.Special.Select(s => s.Next)).Concat(builder.RootPrefixes.Values))
        {
            Walk(child, nests: false);
        }
    }

    // One node of the phrase trie: the phrases that end here, and the words that continue them.
    private sealed class TrieNode
    {
        // Keyed by the word's id in the vocabulary: a text's words are looked up once each, and
        // every step down the trie is an integer lookup. Most nodes continue with one word only (the
        // rest of a phrase): that child is kept in two fields. Up to eight are kept in two small arrays
        // searched in order, and only a node with more gets a dictionary, which keeps the build
        // (hundreds of thousands of nodes) small and quick.
        private const int MaxListed = 8;
        private int _singleId = -1;
        private TrieNode? _single;
        private int[]? _ids;
        private TrieNode[]? _nodes;
        private int _count;
        private Dictionary<int, TrieNode>? _exact;

        // The words that continue the phrase here, by position (0 to ChildCount - 1): walked by index,
        // so a walk over every node of the trie allocates nothing.
        public int ChildCount => _ids is null ? (_single is null ? 0 : 1) : _count;

        public int ChildId(int i) => _ids is null ? _singleId : _ids[i];

        public TrieNode ChildNode(int i) => _ids is null ? _single! : _nodes![i];

        // The words that continue the phrase here, by id.
        public IEnumerable<KeyValuePair<int, TrieNode>> Children =>
            Enumerable.Range(0, ChildCount).Select(i => new KeyValuePair<int, TrieNode>(ChildId(i), ChildNode(i)));

        public bool TryGetChild(int id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrieNode? child)
        {
            if (_exact is not null)
            {
                return _exact.TryGetValue(id, out child);
            }

            if (_ids is { } ids)
            {
                for (var i = 0; i < _count; i++)
                {
                    if (ids[i] == id)
                    {
                        child = _nodes![i];
                        return true;
                    }
                }

                child = null;
                return false;
            }

            child = id == _singleId ? _single : null;
            return child is not null;
        }

        public (PhraseToken Token, TrieNode Next)[] Special { get; private set; } = [];

        public Phrase? Terminal { get; set; }

        public Phrase? AnchoredTerminal { get; set; }

        public TrieNode Child(PhraseToken token, Dictionary<string, int> vocabulary)
        {
            if (token.Kind == PhraseTokenKind.Exact)
            {
                if (!vocabulary.TryGetValue(token.Text, out var id))
                {
                    vocabulary[token.Text] = id = vocabulary.Count;
                }

                if (TryGetChild(id, out var child))
                {
                    return child;
                }

                child = new TrieNode();
                if (_single is null)
                {
                    (_singleId, _single) = (id, child);
                }
                else if (_ids is null)
                {
                    (_ids, _nodes, _count) = ([_singleId, id, 0, 0], [_single, child, null!, null!], 2);
                }
                else
                {
                    if (_count == _ids.Length)
                    {
                        Array.Resize(ref _ids, _count * 2);
                        Array.Resize(ref _nodes, _count * 2);
                    }

                    (_ids[_count], _nodes![_count]) = (id, child);
                    _count++;
                    if (_count > MaxListed)
                    {
                        // The arrays stay for walks; lookups go through the dictionary.
                        if (_exact is null)
                        {
                            _exact = new Dictionary<int, TrieNode>(MaxListed * 4);
                            for (var i = 0; i < _count - 1; i++)
                            {
                                _exact[_ids[i]] = _nodes[i];
                            }
                        }

                        _exact[id] = child;
                    }
                }

                return child;
            }

            foreach (var (existing, next) in Special)
            {
                if (existing == token)
                {
                    return next;
                }
            }

            var node = new TrieNode();
            Special = [.. Special, (token, node)];
            return node;
        }

        // Whether a concept phrase ends at this node or below it.
        public bool LeadsToConcept() =>
            _leadsToConcept ??= Terminal?.HasConcept == true || AnchoredTerminal?.HasConcept == true
                || AnyChildLeadsToConcept() || Special.Any(s => s.Next.LeadsToConcept());

        private bool AnyChildLeadsToConcept()
        {
            for (var i = 0; i < ChildCount; i++)
            {
                if (ChildNode(i).LeadsToConcept())
                {
                    return true;
                }
            }

            return false;
        }

        private bool? _leadsToConcept;
    }

    /// <summary>The reader over the shipped lexicon.</summary>
    public static ClinicalTextReader Default => DefaultReader.Value;

    /// <summary>The lexicon this reader applies.</summary>
    public ClinicalLexicon Lexicon => _lexicon;

    /// <summary>Reads one text.</summary>
    /// <param name="text">Free text (notes, a procedure description).</param>
    /// <param name="referenceYear">The year the text was written (a year before it reads as past); 0 when unknown, so no bare year reads as past.</param>
    public TextFindings Read(ReadOnlySpan<char> text, int referenceYear = 0) => Read(text, referenceYear, trace: null);

    /// <summary>How the reader judged each mention in a text, one line each (for clinicians and tests; allocates).</summary>
    /// <remarks>Each line is <see cref="TextMention.ToString"/> of one of <see cref="Mentions"/>.</remarks>
    public IReadOnlyList<string> Explain(string text, int referenceYear = 0) => [.. Mentions(text, referenceYear).Select(m => m.ToString())];

    /// <summary>
    /// Each concept mention the reader judged in a text, in the text's order: the concept, the phrase
    /// as matched, where it stands in <paramref name="text"/>, and whether it was flagged (for
    /// clinicians' screens and tests; allocates). The same judgement as <see cref="Read(ReadOnlySpan{char}, int)"/>.
    /// </summary>
    /// <param name="text">Free text (notes, a procedure description).</param>
    /// <param name="referenceYear">As for <see cref="Read(ReadOnlySpan{char}, int)"/>.</param>
    public IReadOnlyList<TextMention> Mentions(string? text, int referenceYear = 0)
    {
        var trace = new List<TextMention>();
        Read(text, referenceYear, trace);
        return trace;
    }

    private TextFindings Read(ReadOnlySpan<char> text, int referenceYear, List<TextMention>? trace)
    {
        if (text.IsEmpty)
        {
            return TextFindings.None;
        }

        char[]? rentedChars = null;
        Token[]? rentedTokens = null;
        Item[]? rentedItems = null;
        int[]? rentedMap = null;
        try
        {
            var buffer = text.Length <= StackChars ? stackalloc char[StackChars] : (rentedChars = ArrayPool<char>.Shared.Rent(text.Length));
            buffer = buffer[..text.Length];
            Normalize(text, buffer);

            var maxTokens = text.Length + 1;
            var tokens = maxTokens <= StackTokens ? stackalloc Token[StackTokens] : (rentedTokens = ArrayPool<Token>.Shared.Rent(maxTokens));
            var tokenCount = Tokenize(buffer, text, tokens);
            tokens = tokens[..tokenCount];
            SharedAnswers(buffer, tokens);
            SlashLists(buffer, tokens);
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var id = token.Kind switch
                {
                    TokenKind.Colon => _colon,
                    TokenKind.Word or TokenKind.Number => _vocabulary.Find(buffer.Slice(token.Start, token.Length)),
                    _ => -1,
                };
                tokens[i] = token with { Word = id };
            }


            var items = tokenCount <= StackTokens ? stackalloc Item[StackTokens] : (rentedItems = ArrayPool<Item>.Shared.Rent(tokenCount));
            var map = tokenCount <= StackTokens ? stackalloc int[StackTokens] : (rentedMap = ArrayPool<int>.Shared.Rent(tokenCount));
            map = map[..tokenCount];
            var itemCount = Match(buffer, text, tokens, items, map, referenceYear);
            if (itemCount == 0)
            {
                return TextFindings.None;
            }

            return Judge(buffer, tokens, items[..itemCount], map, trace);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedTokens is not null)
            {
                ArrayPool<Token>.Shared.Return(rentedTokens);
            }

            if (rentedItems is not null)
            {
                ArrayPool<Item>.Shared.Return(rentedItems);
            }

            if (rentedMap is not null)
            {
                ArrayPool<int>.Shared.Return(rentedMap);
            }
        }
    }

    /// <summary>The concepts flagged in a text, by id (for tests and tools; allocates).</summary>
    public IReadOnlyList<string> FlaggedConcepts(string text, int referenceYear = 0) => Ids(Read(text, referenceYear).Flagged & RedFlagMask);

    /// <summary>The concepts that are red flags, as a mask.</summary>
    public ulong RedFlagMask => _lexicon.Concepts.Where(c => c.IsRedFlag).Aggregate(0UL, (mask, c) => mask | (1UL << c.Index));

    /// <summary>The concept ids of a mask, in the lexicon's order.</summary>
    public IReadOnlyList<string> Ids(ulong mask)
    {
        var ids = new List<string>();
        foreach (var concept in _lexicon.Concepts)
        {
            if ((mask & (1UL << concept.Index)) != 0)
            {
                ids.Add(concept.Id);
            }
        }

        return ids;
    }

    // ---- Normalisation and tokens --------------------------------------------------------------

    private enum TokenKind : byte
    {
        Word,
        Number,
        Comma,
        Stop,
        Colon,
        Dash,
    }

    // A word of the text; Word is its id in the lexicon's vocabulary (-1 when the lexicon has no such word).
    private readonly record struct Token(int Start, int Length, TokenKind Kind)
    {
        public int Word { get; init; } = -1;
    }

    // One matched phrase: concept mentions and/or context rules.
    private struct Item
    {
        public int Start;
        public int End;
        public int PhraseId;
    }

    private static void Normalize(ReadOnlySpan<char> text, Span<char> buffer)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '[' or '(' && CheckBox(text, i) is var (box, length) && length > 0)
            {
                // An EHR or eForm check box is read as the sign it stands for, its other characters as
                // none: "[ ]", "[  ]", "( )" as ☐ (unticked, a negative answer for its line), "[x]",
                // "[X]", "[✓]" as ☒ (ticked, which affirms).
                buffer[i] = box == '\u2610' && IsBoxAfterLabel(text, i, length) ? AfterLabelBox
                    : box == '\u2612' && FollowsDenialHeading(text, i) ? ','
                    : box;
                buffer.Slice(i + 1, length - 1).Fill(']');
                i += length - 1;
                continue;
            }

            if (c == '(' && i + 2 < text.Length && text[i + 1] is '-' or '+' && text[i + 2] == ')'
                && (i == 0 || !IsWordChar(text[i - 1])) && (i + 3 == text.Length || !IsWordChar(text[i + 3])))
            {
                // "(-) fever/chills, (+) saddle anesthesia", "Spurling (-)": an EHR template's minus is "neg",
                // its plus "yes" (which ends a negation).
                (text[i + 1] == '-' ? "neg" : "yes").AsSpan().CopyTo(buffer[i..]);
                i += 2;
                continue;
            }

            if (c is '\u2610' or '\u25a1' && IsBoxAfterLabel(text, i, 1))
            {
                buffer[i] = AfterLabelBox;
                continue;
            }

            if (c == '\u2612' && FollowsDenialHeading(text, i))
            {
                buffer[i] = ',';
                continue;
            }

            if (c == '.' && LeaderLength(text, i) is var leader and >= 4)
            {
                // A form's dot leader ("Saddle anesthesia ........ N") joins a label to its answer, as the
                // spaces between two fields do; it ends no sentence (an ellipsis, three dots, still does).
                buffer.Slice(i, leader).Fill(' ');
                i += leader - 1;
                continue;
            }

            buffer[i] = c switch
            {
                >= 'A' and <= 'Z' => (char)(c + 32),
                '\u2019' or '\u2018' or '`' => '\'',
                '\u2013' or '\u2014' => '-',
                < '\u0080' => c,
                _ => char.ToLowerInvariant(c),
            };
        }
    }

    // An unticked box written after its label ("Bladder dysfunction [ ]"): it answers the label before it.
    private const char AfterLabelBox = '\u2b1a';

    // Whether an unticked box at text[at] follows its label: its line starts with a label, not a box,
    // the box comes right after a word (not after a colon: "Saddle anaesthesia: [ ] Yes"), and no
    // answer follows it ("Retention [ ] Yes [x] No" is a box before its answer).
    private static bool IsBoxAfterLabel(ReadOnlySpan<char> text, int at, int length)
    {
        var before = at - 1;
        while (before >= 0 && text[before] is ' ' or '\t')
        {
            before--;
        }

        if (before < 0 || !IsWordChar(text[before]))
        {
            return false;
        }

        var lineStart = before;
        while (lineStart > 0 && text[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }

        var first = lineStart;
        while (first < at && text[first] is ' ' or '\t' or '-' or '*' or '\u2022')
        {
            first++;
        }

        if (text[first] is '[' or '(' or '\u2610' or '\u25a1' or '\u2612' && (text[first] is not ('[' or '(') || CheckBox(text, first).Length > 0))
        {
            return false;
        }

        // The line's first box decides its layout: one that follows a heading's colon ("Red flags: [ ]
        // Trauma  [ ] Wt loss") puts every box of the line before its label.
        for (var i = first; i < before; i++)
        {
            if (text[i] is '\u2610' or '\u25a1' or '\u2612' || (text[i] is '[' or '(' && CheckBox(text, i).Length > 0))
            {
                var previous = i - 1;
                while (previous >= lineStart && text[previous] is ' ' or '\t')
                {
                    previous--;
                }

                if (previous < lineStart || text[previous] == ':')
                {
                    return false;
                }

                break;
            }
        }

        var after = at + length;
        while (after < text.Length && text[after] == ' ')
        {
            after++;
        }

        var end = after;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var word = text[after..end];
        return !(word.Equals("yes", StringComparison.OrdinalIgnoreCase) || word.Equals("no", StringComparison.OrdinalIgnoreCase)
            || word.Equals("y", StringComparison.OrdinalIgnoreCase) || word.Equals("n", StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] DenialHeadings = ["denies", "denied", "negative for", "pertinent negatives"];

    // How many dots run from text[at].
    private static int LeaderLength(ReadOnlySpan<char> text, int at)
    {
        var end = at;
        while (end < text.Length && text[end] == '.')
        {
            end++;
        }

        return end - at;
    }

    // Whether a box at text[at] is in a list headed by a denial ("Denies: [x] fever [x] night sweats",
    // "Pt denies: fever [x] weight loss [x]"): there a tick marks an item denied, so it is read as the
    // list's comma, not as an affirmation that ends the denial. The heading is the last colon on the line
    // before the box, and no sentence ends between it and the box.
    private static bool FollowsDenialHeading(ReadOnlySpan<char> text, int at)
    {
        var colon = -1;
        for (var i = at - 1; i >= 0 && text[i] is not ('\n' or '\r' or '.' or ';'); i--)
        {
            if (text[i] == ':')
            {
                colon = i;
                break;
            }
        }

        if (colon < 0)
        {
            return false;
        }

        var label = text[..colon].TrimEnd();
        foreach (var heading in DenialHeadings)
        {
            if (label.EndsWith(heading, StringComparison.OrdinalIgnoreCase))
            {
                // "Has not denied: [x] retention": a denial that is itself denied is none.
                var before = label[..^heading.Length].TrimEnd();
                return !before.EndsWith("not", StringComparison.OrdinalIgnoreCase) && !before.EndsWith("n't", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    // A check box at text[at] ('[' or '('): the sign it stands for and its length, or length 0.
    private static (char Box, int Length) CheckBox(ReadOnlySpan<char> text, int at)
    {
        var close = text[at] == '[' ? ']' : ')';
        var i = at + 1;
        var spaces = 0;
        while (i < text.Length && text[i] == ' ' && spaces < 3)
        {
            i++;
            spaces++;
        }

        if (i < text.Length && text[i] == close)
        {
            // "[]" is a box; "()" is too rarely one to read as such.
            return spaces > 0 || close == ']' ? ('\u2610', i + 1 - at) : ('\0', 0);
        }

        if (i >= text.Length || text[i] is not ('x' or 'X' or '\u2713' or '\u2714' or '\u2717' or '\u2718'))
        {
            return ('\0', 0);
        }

        i++;
        while (i < text.Length && text[i] == ' ' && i - at <= 5)
        {
            i++;
        }

        return i < text.Length && text[i] == close ? ('\u2612', i + 1 - at) : ('\0', 0);
    }

    private static bool IsDigits(ReadOnlySpan<char> run) => !run.IsEmpty && !run.ContainsAnyExceptInRange('0', '9');

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c > '\u007f' && char.IsLetterOrDigit(c));

    private static int Tokenize(ReadOnlySpan<char> buffer, ReadOnlySpan<char> original, Span<Token> tokens)
    {
        var count = 0;
        var n = buffer.Length;
        var i = 0;
        while (i < n)
        {
            var c = buffer[i];
            if (IsWordChar(c))
            {
                var start = i;
                var runStart = i;
                i++;
                while (i < n)
                {
                    var ch = buffer[i];
                    if (IsWordChar(ch))
                    {
                        i++;
                    }
                    else if (ch == '\'' && i + 1 < n && char.IsAsciiLetter(buffer[i + 1]))
                    {
                        i++;
                    }
                    else if (ch == '.' && char.IsAsciiDigit(buffer[i - 1]) && i + 1 < n && char.IsAsciiDigit(buffer[i + 1]))
                    {
                        i++;
                    }
                    else if (ch is '+' or '-' && i + 2 < n && buffer[i + 1] == '/' && char.IsAsciiDigit(buffer[i + 2]) && IsDigits(buffer[runStart..i]))
                    {
                        // A graded power is one word: 4+/5, 4-/5 (a mild and a moderate deficit, not 4/5).
                        i++;
                    }
                    else if (ch == '/' && i - runStart <= 3 && i + 1 < n && IsWordChar(buffer[i + 1]) && RunLength(buffer, i + 1) <= 3)
                    {
                        // Short slashed forms are one word: h/o, c/o, b/l, 4/5, 3/7, 2/52, L4/5.
                        i++;
                        runStart = i;
                    }
                    else
                    {
                        break;
                    }
                }

                tokens[count++] = new Token(start, i - start, char.IsAsciiDigit(buffer[start]) ? TokenKind.Number : TokenKind.Word);
                continue;
            }

            switch (c)
            {
                case ',':
                    tokens[count++] = new Token(i, 1, TokenKind.Comma);
                    break;
                case '.' when IsAbbreviationDot(original, i):
                    // "risks incl. CES", "e.g. retention": a full stop before a lower-case word ends no sentence.
                    break;
                case '.' or '!' or ';' or '\n' or '\r' or '|':
                    AddStop(tokens, ref count, i);
                    break;
                case '/' when i > 0 && i + 1 < n && buffer[i - 1] == ' ' && buffer[i + 1] == ' ':
                    // "Back pain Y / Fever Y / IVDU N": a spaced slash separates a form's fields.
                    AddStop(tokens, ref count, i);
                    break;
                case ' ' when i + 1 < n && buffer[i + 1] == ' ' && count > 0 && tokens[count - 1].Kind != TokenKind.Stop
                    && !IsColon(buffer, tokens[count - 1]) && !AnswerFieldFollows(buffer, i):
                    // Two spaces or more separate a form's fields too ("Anal tone: reduced   Perianal
                    // sensation: absent", "Ankle DF R: 2/5  L: 5/5"); after a full stop they end a sentence anyway.
                    // A label's own answer in the next field is no new field ("Saddle anaesthesia  N  Bladder
                    // change  N", "Saddle numbness?  N").
                    AddStop(tokens, ref count, i);
                    break;
                case ':':
                    // "Saddle anaesthesia: N", "Retention: no": a form's label and its answer.
                    tokens[count++] = new Token(i, 1, TokenKind.Word);
                    break;
                case '?':
                    if (i + 1 < n && IsWordChar(buffer[i + 1]))
                    {
                        // "?CES" is a doubt.
                        tokens[count++] = new Token(i, 1, TokenKind.Word);
                    }
                    else if (IsFormAnswer(buffer, i + 1) || IsAnswerLabel(buffer, i + 1))
                    {
                        // "CES symptoms? No." is a form's question and its answer: read as "CES symptoms: no".
                        tokens[count++] = new Token(i, 1, TokenKind.Colon);
                    }
                    else
                    {
                        tokens[count++] = new Token(i, 1, TokenKind.Dash);
                    }

                    break;
                case '#' when i + 1 < n && char.IsAsciiDigit(buffer[i + 1]):
                    // "MBB #1", "TFESI (#2)": a number sign, not a fracture.
                    break;
                case '#' or '\u2193' or '\u2191' or '\u2612' or '\u2610' or '\u25a1' or '\u2713' or '\u2714' or AfterLabelBox:
                    // "L1 #" (fracture), "power ↓" (falling), form boxes: ☒ ticked, ☐ □ empty, ✓ ✔, ⬚ empty after its label.
                    tokens[count++] = new Token(i, 1, TokenKind.Word);
                    break;
                case '-' when i > 0 && i + 1 < n && buffer[i - 1] == ' ' && buffer[i + 1] == ' ':
                    // A spaced dash before an answer is a form's label and value ("saddle - normal",
                    // "PVR - 480 ml"); before anything else it starts a new statement, which ends
                    // negation, history, hypothesis and family ("no trauma, no fever - cannot
                    // stand") but not a qualifier ("weakness is not static - worse each day").
                    if (IsFormAnswer(buffer, i + 1) || (i + 2 < n && char.IsAsciiDigit(buffer[i + 2])))
                    {
                        tokens[count++] = new Token(i, 1, TokenKind.Colon);
                    }
                    else
                    {
                        tokens[count++] = new Token(i, 1, TokenKind.Dash);
                    }

                    break;
                case '-' or '+' when i + 2 < n && buffer[i + 1] == 'v' && buffer[i + 2] == 'e' && (i + 3 == n || !IsWordChar(buffer[i + 3])):
                    // "-ve", "+ve": negative, positive.
                    tokens[count++] = new Token(i, 3, TokenKind.Word);
                    i += 3;
                    continue;
            }

            i++;
        }

        _ = original;
        return count;

        static void AddStop(Span<Token> tokens, ref int count, int at)
        {
            if (count > 0 && tokens[count - 1].Kind != TokenKind.Stop)
            {
                tokens[count++] = new Token(at, 1, TokenKind.Stop);
            }
        }
    }

    // ---- Forms whose questions share an answer ----------------------------------------------------

    // The longest question list, and the most tokens rearranged at once, of a form line read pair by pair.
    private const int MaxLabelWords = 6;
    private const int MaxPairedTokens = 64;

    // A telephone or EHR triage form often asks several questions in one line, joined by spaced
    // slashes, and answers them at once: "Urinary retention / incontinence: NO / NO", "Fever / IVDU:
    // NO", "Q8 Fever / cancer / trauma? NO / NO / NO", "No: saddle anaesthesia / retention". A spaced
    // slash otherwise separates a form's fields ("Back pain Y / Fever Y / IVDU N"), so it ends a
    // sentence; here it joins the questions:
    // - as many answers as questions pair up in order: read as "urinary retention: no. incontinence: no";
    // - one answer covers every question: read as a list, "fever, ivdu: no";
    // - answers that do not pair up: when any is not a negative, no answer applies (every question is
    //   read unanswered, so a finding flags); when all are negative, every question is answered no;
    // - a negative answer before the colon covers the slash-joined items after it.
    // A question is a short label (at most six words, no number, no colon, not ending in an answer).
    private static void SharedAnswers(ReadOnlySpan<char> buffer, Span<Token> tokens)
    {
        for (var c = 1; c < tokens.Length; c++)
        {
            if (!IsColon(buffer, tokens[c]))
            {
                continue;
            }

            if (IsAnswerWord(buffer, tokens[c - 1], out var headNegative) && headNegative && (c == 1 || tokens[c - 2].Kind == TokenKind.Stop))
            {
                // "No: saddle anaesthesia / retention / incontinence": a negative answer before its questions.
                JoinLabelsAfter(buffer, tokens, c + 1);
                continue;
            }

            // The answers after the colon: one word each, slash-separated ("NO / NO").
            var answers = 0;
            var allNegative = true;
            var end = c + 1;
            if (end < tokens.Length && IsAnswerWord(buffer, tokens[end], out var firstNegative))
            {
                answers = 1;
                allNegative = firstNegative;
                end++;
                while (end + 1 < tokens.Length && IsSlashStop(buffer, tokens[end]) && IsAnswerWord(buffer, tokens[end + 1], out var negative)
                    && (end + 2 == tokens.Length || tokens[end + 2].Kind is TokenKind.Stop or TokenKind.Comma or TokenKind.Dash))
                {
                    answers++;
                    allNegative &= negative;
                    end += 2;
                }
            }

            // The questions before it: the label that ends at the colon and the labels joined to it by spaced slashes.
            var first = LabelStart(buffer, tokens, c);
            if (first < 0)
            {
                continue;
            }

            var questions = 1;
            while (first > 1 && IsSlashStop(buffer, tokens[first - 1]) && LabelStart(buffer, tokens, first - 1) is var previous and >= 0)
            {
                first = previous;
                questions++;
            }

            if (questions == 1 && answers == 1)
            {
                continue;
            }

            if (answers == 0)
            {
                continue;
            }

            if (answers == questions && answers > 1 && end - first <= MaxPairedTokens)
            {
                PairUp(buffer, tokens, first, c, end, questions);
                c = end - 1;
                continue;
            }

            for (var t = first; t < c; t++)
            {
                if (IsSlashStop(buffer, tokens[t]))
                {
                    tokens[t] = tokens[t] with { Kind = TokenKind.Comma };
                }
            }

            if (answers > 1 && !allNegative)
            {
                // Answers that do not pair up with the questions, not all negative: none applies.
                tokens[c] = tokens[c] with { Kind = TokenKind.Stop };
            }

            c = Math.Max(c, end - 1);
        }
    }

    // Rearranges "Q1 / Q2 : A1 / A2" (tokens [first, end), the colon at c) into "Q1 : A1 . Q2 : A2".
    private static void PairUp(ReadOnlySpan<char> buffer, Span<Token> tokens, int first, int colon, int end, int pairs)
    {
        Span<Token> copy = stackalloc Token[MaxPairedTokens];
        var source = copy[..(end - first)];
        tokens[first..end].CopyTo(source);
        var separator = source[colon - first];
        var question = 0;
        var answer = colon - first + 1;
        var to = first;
        for (var p = 0; p < pairs; p++)
        {
            while (question < colon - first && !IsSlashStop(buffer, source[question]))
            {
                tokens[to++] = source[question++];
            }

            question++;
            tokens[to++] = separator with { Kind = TokenKind.Colon };
            tokens[to++] = source[answer];
            answer += 2;
            if (p < pairs - 1)
            {
                tokens[to++] = source[answer - 1] with { Kind = TokenKind.Stop };
            }
        }
    }

    // "No: A / B / C": the short labels joined by spaced slashes after a negative answer become a list.
    private static void JoinLabelsAfter(ReadOnlySpan<char> buffer, Span<Token> tokens, int from)
    {
        var t = from;
        while (true)
        {
            var words = 0;
            while (t < tokens.Length && tokens[t].Kind == TokenKind.Word && !IsColon(buffer, tokens[t]))
            {
                words++;
                t++;
            }

            if (words == 0 || words > MaxLabelWords || t >= tokens.Length || !IsSlashStop(buffer, tokens[t]))
            {
                return;
            }

            tokens[t] = tokens[t] with { Kind = TokenKind.Comma };
            t++;
        }
    }

    // The first token of the short label that ends before token `at` (a colon or a spaced slash), or -1.
    private static int LabelStart(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, int at)
    {
        var start = at;
        while (start > 0 && tokens[start - 1].Kind == TokenKind.Word && !IsColon(buffer, tokens[start - 1]))
        {
            start--;
        }

        var words = at - start;
        var boundary = start == 0 || tokens[start - 1].Kind == TokenKind.Stop;
        return words is > 0 and <= MaxLabelWords && boundary && !IsAnswerWord(buffer, tokens[at - 1], out _) ? start : -1;
    }

    private static bool IsColon(ReadOnlySpan<char> buffer, Token token) =>
        token.Kind == TokenKind.Colon || (token.Kind == TokenKind.Word && token.Length == 1 && buffer[token.Start] == ':');

    private static bool IsSlashStop(ReadOnlySpan<char> buffer, Token token) => token.Kind == TokenKind.Stop && buffer[token.Start] == '/';

    // "No h/o fever / wt loss / night pain", "Wt loss / fevers / night pain / ca hx: nil": a spaced slash
    // between words that are not a field's answer joins items of one list (a comma), where "Back pain Y /
    // Fever Y" or "PVR 40 / ..." (an answer or a number before it) separates a form's fields.
    private static void SlashLists(ReadOnlySpan<char> buffer, Span<Token> tokens)
    {
        for (var t = 1; t + 1 < tokens.Length; t++)
        {
            if (IsSlashStop(buffer, tokens[t]) && tokens[t - 1].Kind == TokenKind.Word && tokens[t + 1].Kind == TokenKind.Word
                && !IsAnswerWord(buffer, tokens[t - 1], out _) && !IsAnswerWord(buffer, tokens[t + 1], out _) && !AnsweredField(buffer, tokens, t))
            {
                tokens[t] = tokens[t] with { Kind = TokenKind.Comma };
            }
        }
    }

    // Whether the fields on both sides of the stop at `t` have a label of their own ("Bladder: new urgency /
    // Bowel: N"), so the next field's answer is not the answer of the one before ("Red flags: wt loss / fevers /
    // night pain: nil" is one list).
    private static bool AnsweredField(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, int t)
    {
        var before = false;
        for (var u = t - 1; u >= 0 && tokens[u].Kind != TokenKind.Stop && buffer[tokens[u].Start] != '/' && !before; u--)
        {
            before = IsColon(buffer, tokens[u]);
        }

        for (var u = t + 1; before && u < tokens.Length && tokens[u].Kind != TokenKind.Stop && buffer[tokens[u].Start] != '/'; u++)
        {
            if (IsColon(buffer, tokens[u]))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the spaces at `from` lead to a one-word answer that ends its own field: "N", "Yes",
    // "nil", followed by two spaces, a line end, punctuation or the end of the text.
    private static bool AnswerFieldFollows(ReadOnlySpan<char> buffer, int from)
    {
        if (NextWord(buffer, from, out var end) is not ("y" or "n" or "yes" or "no" or "nil" or "none" or "neg" or "negative" or "absent" or "present" or "nad" or "denied"))
        {
            return false;
        }

        return end == buffer.Length || buffer[end] is '\n' or '\r' or '.' or ',' or ';' or '|' || (buffer[end] == ' ' && end + 1 < buffer.Length && buffer[end + 1] == ' ');
    }

    private static bool IsAnswerWord(ReadOnlySpan<char> buffer, Token token, out bool negative)
    {
        negative = false;
        if (token.Kind != TokenKind.Word)
        {
            return false;
        }

        var word = buffer.Slice(token.Start, token.Length);
        negative = word is "no" or "n" or "nil" or "none" or "negative" or "neg" or "-ve" or "denied" or "denies" or "absent" or "normal" or "intact" or "nad";
        return negative || word is "yes" or "y" or "present" or "positive" or "+ve" or "unsure" or "unknown";
    }

    private static bool IsAbbreviationDot(ReadOnlySpan<char> original, int at)
    {
        var next = at + 1;
        while (next < original.Length && original[next] == ' ')
        {
            next++;
        }

        // "Faecal incont.: N": an abbreviated label's dot right before its colon.
        if ((next > at + 1 && next < original.Length && char.IsLower(original[next])) || (at + 1 < original.Length && original[at + 1] == ':'))
        {
            return true;
        }

        // "(Dr. Kapoor)", "Mr. Shah": a title's dot.
        var word = WordBefore(original, at);
        if (word is "Dr" or "dr" or "DR" or "Mr" or "mr" or "Mrs" or "mrs" or "Ms" or "ms" or "Prof" or "prof" or "Drs" or "St")
        {
            return true;
        }

        // "normal incl. Hoffmann's", "hip OA vs. L4 radiculopathy": an abbreviation that never ends a sentence.
        if (word is "incl" or "Incl" or "INCL" or "vs" or "Vs" or "approx" or "Approx")
        {
            return true;
        }

        // "Dr D. Hoffman, GP": an initial after a title.
        var start = at - word.Length;
        return word.Length == 1 && char.IsUpper(word[0]) && start >= 2 && original[start - 1] == ' '
            && WordBefore(original, start - 1) is "Dr" or "dr" or "DR" or "Mr" or "mr" or "Mrs" or "mrs" or "Ms" or "ms" or "Prof" or "prof" or "Miss";
    }

    // The letters that end text[..at] as a whole word (nothing of a word before them), or empty.
    private static ReadOnlySpan<char> WordBefore(ReadOnlySpan<char> text, int at)
    {
        var start = at;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        return start == 0 || !IsWordChar(text[start - 1]) ? text[start..at] : [];
    }

    // "Q: Any numbness in the saddle area? A: No.": the question runs on into its answer.
    private static bool IsAnswerLabel(ReadOnlySpan<char> buffer, int from)
    {
        var rest = buffer[from..].TrimStart(' ');
        return rest.StartsWith("a:", StringComparison.Ordinal) || rest.StartsWith("a :", StringComparison.Ordinal);
    }

    // The letters of the word that starts after the spaces at a position, and where it ends.
    private static ReadOnlySpan<char> NextWord(ReadOnlySpan<char> buffer, int from, out int end)
    {
        var i = from;
        while (i < buffer.Length && buffer[i] == ' ')
        {
            i++;
        }

        end = i;
        while (end < buffer.Length && char.IsAsciiLetter(buffer[end]))
        {
            end++;
        }

        return buffer[i..end];
    }

    private static bool IsFormAnswer(ReadOnlySpan<char> buffer, int from)
    {
        var word = NextWord(buffer, from, out var end);
        if (word is "screen" or "screened" or "screening" or "all")
        {
            // A screen's result is an answer too ("?CES - screened negative", "screening questions asked - all negative").
            return IsFormAnswer(buffer, end);
        }

        if (word is "no" or "not" && NamesChangeAfter(buffer, end))
        {
            // "DF 4/5 - no change since May", "- not improving": a statement about the course, not an answer.
            return false;
        }

        if (word is "no" && NextWord(buffer, end, out _) is "motor" or "power" or "movement" or "sensation" or "feeling" or "function" or "control" or "use" or "voluntary")
        {
            // "ASIA B - no motor function below the level", "- no power in either leg": a function that is lost,
            // a finding, not a form's "no".
            return false;
        }

        return word is "no" or "yes" or "n" or "y" or "nil" or "none" or "negative" or "neg" or "denied" or "denies" or "absent" or "present"
            or "normal" or "intact" or "altered" or "reduced" or "abnormal" or "positive" or "not" or "ok" or "fine" or "nad";
    }

    // Whether the word after a "no" or "not" speaks of a change: "no change", "not improving", "no worse".
    private static bool NamesChangeAfter(ReadOnlySpan<char> buffer, int from) =>
        NextWord(buffer, from, out _) is "change" or "changes" or "changed" or "worse" or "better" or "improvement" or "improving" or "improved"
            or "different" or "progression" or "progressing" or "deterioration" or "deteriorating" or "further" or "recovery" or "recovering"
            or "resolution" or "resolving" or "longer";

    private static int RunLength(ReadOnlySpan<char> buffer, int from)
    {
        var i = from;
        while (i < buffer.Length && IsWordChar(buffer[i]))
        {
            i++;
        }

        return i - from;
    }

    // ---- Phrase matching -----------------------------------------------------------------------

    private enum PhraseTokenKind : byte
    {
        Exact,
        Prefix,
        Number,
        Year,
        Volume,
        Weight,
    }

    private readonly record struct PhraseToken(string Text, PhraseTokenKind Kind);

    // A concept a phrase names: directly, or only when the concept's required qualifier applies;
    // as a function ("anal tone": absent is abnormal) and/or a chronic state (history does not hide it);
    // as a name, a function or an organ named bare ("^bladder"), which a "normal" after or before a list of
    // such names reaches ("Bladder, bowel and saddle sensation normal").
    private readonly record struct Mention(int Concept, bool Qualified, bool Function, bool Chronic, bool Name, bool Diagnosis);

    private sealed class Phrase
    {
        public Mention[] Mentions { get; set; } = [];

        public bool HasConcept => Mentions.Length > 0;

        // A finding named outright, not only a word that counts when qualified ("weakness", "the cord").
        public bool HasDirectMention => Array.Exists(Mentions, m => !m.Qualified);

        public bool IsExclusion { get; set; }

        // Only names of functions or organs ("bladder", "sexual function"), which a list of them can share a "normal" with.
        public bool NamesOnly => Mentions.Length > 0 && Array.TrueForAll(Mentions, m => m.Name);

        public int[] Rules { get; set; } = [];

        public int RuleMask { get; set; }

        public int Id { get; set; }

        public bool AtSentenceStart { get; init; }

        // One of a trigger's own verbs ("had" in "mother had"), which ends nothing right after it.
        public bool IsOwnVerb { get; set; }

        // Whether a concept can start inside the phrase after its first word: only then is the
        // inside searched for other concepts ("new bilateral leg weakness", "from 4/5 to 2/5").
        public bool MayNest { get; set; }

        // A result that ends a doubt's scope ("screen negative"): its negation answers the doubt.
        public bool EndsDoubt { get; set; }

        // A section heading ("Family History:"): the category bits it applies to the section, or EndsSection.
        public int Section { get; set; }
    }

    private static void BuildPhrases(ClinicalLexicon lexicon, ContextRule[] rules, TrieBuilder builder)
    {
        foreach (var concept in lexicon.Concepts)
        {
            foreach (var (variants, qualified) in new[] { (concept.Variants, false), (concept.QualifiedVariants, true) })
            {
                // "@concept-id" stands for every variant of another concept (as qualified words).
                foreach (var variant in variants.SelectMany(v => v.StartsWith('@') ? lexicon.GetConcept(v[1..]).Variants : [v]))
                {
                    var body = variant.TrimStart('~', '!', '^', '=');
                    var prefixes = variant[..(variant.Length - body.Length)];
                    var function = prefixes.Contains('~', StringComparison.Ordinal);
                    var mention = new Mention(concept.Index, qualified, function, prefixes.Contains('!', StringComparison.Ordinal),
                        function || prefixes.Contains('^', StringComparison.Ordinal), prefixes.Contains('=', StringComparison.Ordinal));
                    // Most phrases name one concept: they share one array (never written to, only replaced).
                    Mention[] single = [mention];
                    builder.Add(body, phrase =>
                    {
                        var existing = Array.FindIndex(phrase.Mentions, m => m.Concept == concept.Index);
                        if (existing < 0)
                        {
                            phrase.Mentions = phrase.Mentions.Length == 0 ? single : [.. phrase.Mentions, mention];
                        }
                        else if (phrase.Mentions[existing].Qualified && !qualified)
                        {
                            // Named directly and as a qualified word: direct wins.
                            phrase.Mentions = [.. phrase.Mentions[..existing], mention, .. phrase.Mentions[(existing + 1)..]];
                        }
                    });
                }
            }
        }

        // An exclusion's words host no nested finding, also when a concept's phrase shares them: "rod
        // fractures" is failing hardware, and no vertebral fracture is named inside it.
        foreach (var (literal, _) in lexicon.Exclusions)
        {
            builder.Add(literal, phrase => phrase.IsExclusion = true);
        }

        foreach (var verbs in rules.Select(r => r.AdjacentVerbs).OfType<string>())
        {
            builder.Add(verbs, phrase => phrase.IsOwnVerb = true);
        }

        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            var index = r;
            int[] single = [index];
            builder.Add(rule.Literal, phrase =>
            {
                if (!phrase.Rules.Contains(index))
                {
                    phrase.Rules = phrase.Rules.Length == 0 ? single : [.. phrase.Rules, index];
                    phrase.RuleMask |= 1 << (int)rule.Category;
                    phrase.EndsDoubt |= rule.Category == ContextCategory.Terminate && (rule.EndsMask & Uncertain) != 0;
                    if (rule.Direction == ContextDirection.Section)
                    {
                        phrase.Section = rule.Category == ContextCategory.Terminate ? EndsSection : 1 << (int)rule.Category;
                    }
                }
            });
        }
    }

    // One word of a pattern: {num}, {year}, {volume}, {weight}, a sign, or text the tokenizer splits as it
    // splits clinical text ("foot-drop" is two words), the last of which may end in * (a prefix).
    private static PhraseToken[] ParseWord(string word, string pattern)
    {
        switch (word)
        {
            case "{num}":
                return [new PhraseToken(word, PhraseTokenKind.Number)];
            case "{year}":
                return [new PhraseToken(word, PhraseTokenKind.Year)];
            case "{volume}":
                return [new PhraseToken(word, PhraseTokenKind.Volume)];
            case "{weight}":
                return [new PhraseToken(word, PhraseTokenKind.Weight)];
            case "?" or "#" or ":" or "^" or "\u2193" or "\u2191" or "\u2612" or "\u2610" or "\u25a1" or "\u2713" or "\u2714" or "\u2b1a":
                return [new PhraseToken(word, PhraseTokenKind.Exact)];
        }

        var prefix = word.EndsWith('*');
        var body = prefix ? word[..^1] : word;
        var buffer = body.ToCharArray();
        var tokens = new Token[body.Length + 1];
        var count = Tokenize(buffer, buffer, tokens);
        if (count == 0)
        {
            // "-" or "(" alone would silently drop out of the phrase and change what it matches.
            throw new FormatException($"The lexicon phrase \"{pattern}\" has a word that is no word: \"{word}\".");
        }

        var result = new PhraseToken[count];
        for (var i = 0; i < count; i++)
        {
            if (tokens[i].Kind is TokenKind.Comma or TokenKind.Stop)
            {
                throw new FormatException($"The lexicon phrase \"{pattern}\" contains punctuation that ends a phrase.");
            }

            result[i] = new PhraseToken(body.Substring(tokens[i].Start, tokens[i].Length), prefix && i == count - 1 ? PhraseTokenKind.Prefix : PhraseTokenKind.Exact);
        }

        return result;
    }

    private int Match(ReadOnlySpan<char> buffer, ReadOnlySpan<char> original, ReadOnlySpan<Token> tokens, Span<Item> items, Span<int> map, int referenceYear)
    {
        var count = 0;
        var t = 0;
        map.Fill(-1);
        while (t < tokens.Length)
        {
            var token = tokens[t];
            if (token.Kind is TokenKind.Comma or TokenKind.Stop or TokenKind.Dash)
            {
                t++;
                continue;
            }

            // Most words start no phrase: skip them without a walk of the trie.
            if (token.Kind != TokenKind.Number && (token.Word < 0 || !_startsPhrase[token.Word])
                && (token.Length < 2 || _rootPrefixes[PrefixSlot(buffer.Slice(token.Start, 2))] is null))
            {
                t++;
                continue;
            }

            var best = BestAt(buffer, original, tokens, t, referenceYear, out var bestEnd);
            if (best is null)
            {
                t++;
                continue;
            }

            if (best.HasConcept || best.Rules.Length > 0)
            {
                items[count] = new Item { Start = t, End = bestEnd, PhraseId = best.Id };
                for (var k = t; k < bestEnd; k++)
                {
                    map[k] = count;
                }

                count++;
            }

            if (bestEnd - t > 1 && best.MayNest && !best.IsExclusion)
            {
                // Other concepts named inside a longer phrase count too: "new bilateral leg weakness"
                // is bilateral and, qualified by "new", a progressive weakness; "from 4/5 to 2/5" names 2/5.
                // An exclusion says its words are no finding, even when a rule shares it ("ankle
                // fracture" both explains a patient who cannot bear weight and is no spinal fracture).
                for (var u = t + 1; u < bestEnd; u++)
                {
                    var inner = BestAt(buffer, original, tokens, u, referenceYear, out var innerEnd);
                    if (inner is { HasConcept: true } && AddsMention(inner, best))
                    {
                        items[count++] = new Item { Start = u, End = innerEnd, PhraseId = inner.Id };
                    }
                }
            }

            t = bestEnd;
        }

        return count;
    }

    // Root prefixes are found by their first two characters: a-z, 0-9, or anything else.
    private const int PrefixSlots = 37;

    private static int PrefixSlot(ReadOnlySpan<char> text) => (Slot(text[0]) * PrefixSlots) + Slot(text[1]);

    private static int Slot(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= '0' and <= '9' => 26 + (c - '0'),
        _ => 36,
    };

    // Whether an inner phrase names a concept the outer one does not (or only as a qualified word).
    private static bool AddsMention(Phrase inner, Phrase outer)
    {
        foreach (var mention in inner.Mentions)
        {
            var covered = false;
            foreach (var existing in outer.Mentions)
            {
                covered |= existing.Concept == mention.Concept && (!existing.Qualified || mention.Qualified);
            }

            if (!covered)
            {
                return true;
            }
        }

        return false;
    }

    // The longest phrase that matches at token t, or null (a concept wins a tie with a rule).
    private Phrase? BestAt(ReadOnlySpan<char> buffer, ReadOnlySpan<char> original, ReadOnlySpan<Token> tokens, int t, int referenceYear, out int bestEnd)
    {
        var token = tokens[t];
        var text = token.Kind == TokenKind.Colon ? ":" : buffer.Slice(token.Start, token.Length);
        var match = new TrieMatch(buffer, original, tokens, t, referenceYear);
        if (token.Word >= 0 && _root.TryGetChild(token.Word, out var child))
        {
            match.Walk(child, t + 1);
        }

        if (text.Length >= 2 && _rootPrefixes[PrefixSlot(text)] is { } prefixes)
        {
            foreach (var (prefix, node) in prefixes)
            {
                if (text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    match.Walk(node, t + 1);
                }
            }
        }

        if (token.Kind == TokenKind.Number)
        {
            // The root's special words are all numbers ({num}, {year}, {volume}, {weight}).
            foreach (var (special, next) in _root.Special)
            {
                if (Matches(special, tokens, t, buffer, original, referenceYear))
                {
                    match.Walk(next, t + 1);
                }
            }
        }

        bestEnd = match.BestEnd;
        return match.Best;
    }

    // A walk of the trie from one word, keeping the longest phrase that ends on the way.
    private ref struct TrieMatch
    {
        private readonly ReadOnlySpan<char> _buffer;
        private readonly ReadOnlySpan<char> _original;
        private readonly ReadOnlySpan<Token> _tokens;
        private readonly int _start;
        private readonly int _referenceYear;
        private readonly bool _atSentenceStart;

        public TrieMatch(ReadOnlySpan<char> buffer, ReadOnlySpan<char> original, ReadOnlySpan<Token> tokens, int start, int referenceYear)
        {
            _buffer = buffer;
            _original = original;
            _tokens = tokens;
            _start = start;
            _referenceYear = referenceYear;
            _atSentenceStart = start == 0 || tokens[start - 1].Kind == TokenKind.Stop;
            Best = null;
            BestEnd = 0;
        }

        public Phrase? Best { get; private set; }

        public int BestEnd { get; private set; }

        // At node, having matched tokens [_start, next).
        public void Walk(TrieNode node, int next)
        {
            Keep(node.Terminal, next);
            if (_atSentenceStart)
            {
                Keep(node.AnchoredTerminal, next);
            }

            if (next >= _tokens.Length || _tokens[next].Kind is TokenKind.Comma or TokenKind.Stop or TokenKind.Dash)
            {
                return;
            }

            var token = _tokens[next];
            if (token.Word >= 0 && node.TryGetChild(token.Word, out var exact))
            {
                Walk(exact, next + 1);
            }

            foreach (var (special, child) in node.Special)
            {
                if (Matches(special, _tokens, next, _buffer, _original, _referenceYear))
                {
                    Walk(child, next + 1);
                }
            }
        }

        private void Keep(Phrase? phrase, int end)
        {
            if (phrase is null)
            {
                return;
            }

            var length = end - _start;
            var current = BestEnd - _start;
            if (Best is null || length > current || (length == current && phrase.HasConcept && !Best.HasConcept))
            {
                Best = phrase;
                BestEnd = end;
            }
        }
    }

    private static bool Matches(PhraseToken expected, ReadOnlySpan<Token> tokens, int index, ReadOnlySpan<char> buffer, ReadOnlySpan<char> original, int referenceYear)
    {
        var token = tokens[index];
        if (token.Kind is TokenKind.Comma or TokenKind.Stop or TokenKind.Dash)
        {
            return false;
        }

        var text = token.Kind == TokenKind.Colon ? ":" : buffer.Slice(token.Start, token.Length);
        return expected.Kind switch
        {
            PhraseTokenKind.Exact => text.SequenceEqual(expected.Text),
            PhraseTokenKind.Prefix => text.StartsWith(expected.Text, StringComparison.Ordinal),
            PhraseTokenKind.Number => token.Kind == TokenKind.Number,
            PhraseTokenKind.Year => IsPastYear(text, token.Start, original, referenceYear),
            PhraseTokenKind.Volume => token.Kind == TokenKind.Number && VolumeMl(text, tokens, index, buffer) >= VolumeThresholdMl,
            PhraseTokenKind.Weight => token.Kind == TokenKind.Number && IsWeight(text, tokens, index, buffer),
            _ => false,
        };
    }

    // A bare year before the year the text was written; a year inside a date (8/2017, 30/11/2019) only when
    // it is before last year.
    private static bool IsPastYear(ReadOnlySpan<char> text, int start, ReadOnlySpan<char> original, int referenceYear)
    {
        if (referenceYear <= 0 || text.Length != 4 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        // In a date, only a year before last is surely past: "onset 28/12/2025" may be last week.
        var inDate = start > 0 && original[start - 1] is '/' or '-' or '.';
        return year >= 1950 && year < (inDate ? referenceYear - 1 : referenceYear);
    }

    // A number with a unit of body weight, written on it (6kg, 14lbs, 2st) or after it (6 kg).
    private static bool IsWeight(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, ReadOnlySpan<char> buffer)
    {
        var digits = 0;
        while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.'))
        {
            digits++;
        }

        var unit = text[digits..];
        if (unit.IndexOf('/') is var slash and > 0)
        {
            // "8kg/3m": a weight over a time.
            unit = unit[..slash];
        }

        if (unit.IsEmpty && index + 1 < tokens.Length && tokens[index + 1].Kind == TokenKind.Word)
        {
            unit = buffer.Slice(tokens[index + 1].Start, tokens[index + 1].Length);
        }

        return unit is "kg" or "kgs" or "kilo" or "kilos" or "kilograms" or "lb" or "lbs" or "pounds" or "st" or "stone" or "stones";
    }

    private static double VolumeMl(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int index, ReadOnlySpan<char> buffer)
    {
        var digits = 0;
        while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.'))
        {
            digits++;
        }

        if (!double.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return 0;
        }

        var unit = text[digits..];
        if (unit.IsEmpty && index + 1 < tokens.Length && tokens[index + 1].Kind == TokenKind.Word)
        {
            unit = buffer.Slice(tokens[index + 1].Start, tokens[index + 1].Length);
        }

        return unit switch
        {
            "l" or "ltr" or "litre" or "litres" or "liter" or "liters" => value * 1000,
            "ml" or "mls" or "cc" => value,
            // A bare number is read as millilitres ("PVR 650"), but not a year ("drained 2017").
            "" => value is >= 1900 and < 2100 && digits == 4 ? 0 : value,
            _ => unit.StartsWith("ml", StringComparison.Ordinal) ? value : 0,
        };
    }

    // ---- ConText -------------------------------------------------------------------------------

    private TextFindings Judge(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, ReadOnlySpan<Item> items, ReadOnlySpan<int> map, List<TextMention>? trace)
    {
        ulong flagged = 0, uncertain = 0, negated = 0, historical = 0, hypothetical = 0, family = 0, certain = 0, settled = 0;
        var firstItem = 0;
        ulong previousHistorical = 0, previousBaseline = 0, previousAwaitingProgression = 0;
        var section = 0;
        while (firstItem < items.Length)
        {
            // The items of one sentence: up to the stop after the first of them.
            var sentenceEnd = NextStop(tokens, items[firstItem].Start);
            var lastItem = firstItem;
            while (lastItem < items.Length && items[lastItem].Start < sentenceEnd)
            {
                lastItem++;
            }

            var sentence = new Sentence(tokens, items, map, firstItem, lastItem, sentenceEnd, _rules, _phrases, buffer);

            // "Off legs in 2022 with the last disc; same again since this morning": a sentence that
            // opens on a recurrence brings back what the sentence before put in the past.
            if ((_phrases[items[firstItem].PhraseId].RuleMask & (1 << (int)ContextCategory.Recurrence)) != 0)
            {
                flagged |= previousHistorical;
                certain |= previousHistorical;
            }

            // "L foot drop since his 2015 discectomy, unchanged. Now worse.": a sentence that opens on a
            // worsening, before it names any finding, says the baseline of the sentence before is worse, so
            // what that sentence called past or long-standing is current, and a deficit there is progressive.
            if (OpensOnWorsening(buffer, tokens, items[firstItem..lastItem]))
            {
                flagged |= previousBaseline | previousAwaitingProgression;
                certain |= previousBaseline | previousAwaitingProgression;
            }

            // "Family History: Problem / Relation - Colon cancer / Mother": a heading that opens a sentence
            // applies its category up to the next sentence end or heading.
            var opener = items[firstItem];
            var heading = _phrases[opener.PhraseId].Section;
            if (heading != 0 && (opener.Start == 0 || tokens[opener.Start - 1].Kind == TokenKind.Stop))
            {
                section = heading == EndsSection ? 0 : heading;
            }
            else if (section != 0 && EndsSentence(buffer, tokens, opener.Start))
            {
                section = 0;
            }

            var historicalBefore = historical;
            ulong baseline = 0, awaitingProgression = 0;
            for (var i = firstItem; i < lastItem; i++)
            {
                var phrase = _phrases[items[i].PhraseId];
                if (!phrase.HasConcept)
                {
                    continue;
                }

                var categories = sentence.CategoriesOn(items[i].Start, items[i].End, i, out var progressesAfterHistory, out var explained) | section;
                if (sentence.IsEarlierGrade(items[i].Start, items[i].End))
                {
                    categories |= 1 << (int)ContextCategory.Historical;
                }
                foreach (var mention in phrase.Mentions)
                {
                    if (mention.Qualified && (categories & _required[mention.Concept]) == 0)
                    {
                        if ((_required[mention.Concept] & Progression) != 0)
                        {
                            awaitingProgression |= 1UL << mention.Concept;
                        }

                        continue;
                    }

                    var bit = 1UL << mention.Concept;
                    var alsoHides = _alsoHides[mention.Concept];
                    var hides = (mention.Function ? HideAlways : HideAlways | Negated) | alsoHides;
                    if (mention.Chronic)
                    {
                        // A chronic state ("metastatic disease") is current even in the past history.
                        hides &= ~Historical;
                    }

                    if (mention.Diagnosis)
                    {
                        // A diagnosis named outright ("discitis", "psoas abscess") is not a symptom that another
                        // condition explains away: "flu last week, fever, discitis on MRI" explains the fever only.
                        hides &= ~Explained;
                    }

                    if ((alsoHides & Baseline) != 0 && ((categories & Progression) != 0 || (categories & StableApart) == 0))
                    {
                        // A deficit present since a past date or operation is a baseline, not a new finding,
                        // when the text also calls it chronic or unchanged ("EHL 4/5 chronic since 2019 op,
                        // unchanged"); any progression makes it current ("...now worse").
                        hides &= ~Baseline;
                    }

                    if ((categories & Progression) != 0)
                    {
                        // "Walking with sticks at baseline, now both legs 1/5 over 24h and unable to walk": a
                        // progression in the same scope outweighs a stable word (what is worsening is not
                        // stable), and one after a past date or a history word makes the finding current
                        // ("foot drop from 2015, now worse").
                        hides &= ~Stable;
                        if (progressesAfterHistory)
                        {
                            hides &= ~Historical;
                        }
                    }

                    if ((alsoHides & Unchanged) != 0 && ((categories & (Progression | Uncertain)) != 0 || (categories & (Baseline | LongStanding)) == 0
                        || NamesChange(buffer, tokens[items[i].Start])))
                    {
                        // "Stress incontinence since her third child, unchanged for years" is a baseline: both a
                        // long-standing and an unchanged statement, and no progression or doubt ("...but now new
                        // urgency", "no change, ?new urgency").
                        hides &= ~Unchanged;
                    }

                    if ((alsoHides & Explained) != 0 && ((categories & (Progression | Uncertain)) != 0 || (explained & bit) == 0 || SaysUnexplained(buffer, tokens[items[i].Start])))
                    {
                        // "Bilateral foot numbness, known diabetic neuropathy" is explained; "...but now spreading,
                        // new weakness" or "?neuropathy ?spinal" is not.
                        hides &= ~Explained;
                    }

                    var hiddenBy = categories & hides;
                    if ((categories & (Uncertain | Settled)) == Uncertain)
                    {
                        // A doubt keeps a negated or "normal" mention flagged; history, hypothesis and family still hide it.
                        hiddenBy &= ~(Negated | Normal);
                    }

                    trace?.Add(MentionOf(buffer, tokens, items[i], _lexicon.Concepts[mention.Concept], hiddenBy == 0, categories));
                    if (hiddenBy == 0)
                    {
                        flagged |= bit;
                        if ((categories & Uncertain) != 0)
                        {
                            uncertain |= bit;
                        }
                        else
                        {
                            certain |= bit;
                        }

                        continue;
                    }

                    if ((hiddenBy & (Negated | Normal)) != 0)
                    {
                        negated |= bit;
                        if ((categories & Settled) != 0)
                        {
                            settled |= bit;
                        }
                    }

                    if ((hiddenBy & Historical) != 0)
                    {
                        historical |= bit;
                    }

                    if ((hiddenBy & (Historical | Stable | Baseline | Unchanged)) != 0)
                    {
                        baseline |= bit;
                    }

                    if ((hiddenBy & (1 << (int)ContextCategory.Hypothetical)) != 0)
                    {
                        hypothetical |= bit;
                    }

                    if ((hiddenBy & (1 << (int)ContextCategory.Family)) != 0)
                    {
                        family |= bit;
                    }
                }
            }

            previousHistorical = historical & ~historicalBefore;
            previousBaseline = baseline;
            previousAwaitingProgression = awaitingProgression;
            firstItem = lastItem;
        }

        // "Referred as ?CES; MRI shows no compression, CES excluded": a doubt that a result in the same text
        // answers (excluded, ruled out, screen negative) is settled, unless the text also states it as fact.
        var answered = uncertain & settled & ~certain;
        flagged &= ~answered;
        uncertain &= ~answered;
        return new TextFindings(flagged, uncertain, negated, historical, hypothetical, family);
    }

    // Whether a worsening word comes before the sentence's first finding and after no negation, stable word or
    // hypothesis: "Now worse.", "Worsening over the last week.", not "Not getting worse." or "New MRI" (a new
    // thing is not a worse one).
    // Whether a colon follows the word at t before the sentence ends: the word is part of a form's label.
    private static bool LabelsAnAnswer(ReadOnlySpan<Token> tokens, int t)
    {
        var stop = NextStop(tokens, t);
        for (var u = t + 1; u < stop && u < tokens.Length; u++)
        {
            if (tokens[u].Kind == TokenKind.Colon)
            {
                return true;
            }
        }

        return false;
    }

    private bool OpensOnWorsening(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, ReadOnlySpan<Item> items)
    {
        foreach (var item in items)
        {
            if (_phrases[item.PhraseId].HasConcept)
            {
                return false;
            }

            var mask = _phrases[item.PhraseId].RuleMask;
            if ((mask & (Negated | Normal | Stable | Unchanged | (1 << (int)ContextCategory.Hypothetical))) != 0)
            {
                // "Not getting worse.", "No worse.", "If worse, ...".
                return false;
            }

            if ((mask & Progression) == 0)
            {
                continue;
            }

            for (var t = item.Start; t < item.End; t++)
            {
                if (buffer.Slice(tokens[t].Start, tokens[t].Length) is "worse" or "worsening" or "worsened" or "deteriorating"
                    or "deteriorated" or "progressing" or "progressed" or "progressive" or "declining" or "declined")
                {
                    // "Progressive neuro deficit: N" is a form's label, not a worsening.
                    return OpensSentence(tokens, t) && !DescribesPainPattern(buffer, tokens, item.End) && !LabelsAnAnswer(tokens, t);
                }
            }
        }

        return false;
    }

    // The stop that begins a token's sentence, or -1 in the text's first sentence.
    private static int SentenceStop(ReadOnlySpan<Token> tokens, int at)
    {
        for (var t = at - 1; t >= 0; t--)
        {
            if (tokens[t].Kind == TokenKind.Stop)
            {
                return t;
            }
        }

        return -1;
    }

    // Whether the stop before a token ends a sentence (a full stop, a semicolon, a new line), not a form's field ("  ", " / ", "|").
    private static bool EndsSentence(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, int at) =>
        SentenceStop(tokens, at) is var stop and >= 0 && buffer[tokens[stop].Start] is '.' or '!' or ';' or '\n' or '\r';

    // Whether a token is among the first three of its sentence ("Now worse.", "But now worse.").
    private static bool OpensSentence(ReadOnlySpan<Token> tokens, int at) => at - SentenceStop(tokens, at) <= 3;

    // "Worse on standing", "worse with coughing", "worse at night": when the pain is worse, not that it has worsened.
    private static bool DescribesPainPattern(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, int next)
    {
        if (next >= tokens.Length)
        {
            return false;
        }

        var word = buffer.Slice(tokens[next].Start, tokens[next].Length);
        return word is "on" or "with" or "when" or "whilst" or "while" or "standing" or "sitting" or "walking" or "lying"
            or "bending" or "at" or "after" or "by" or "if" or "coughing" or "sneezing" or "straining" or "activity"
            or "movement" or "exercise" or "flexion" or "extension"
            || (word is "in" && !NamesRecentSpan(buffer, tokens, next + 1));
    }

    // "(in) the last 3 days", "(in) past week".
    private static bool NamesRecentSpan(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, int at)
    {
        if (at < tokens.Length && buffer.Slice(tokens[at].Start, tokens[at].Length) is "the")
        {
            at++;
        }

        return at < tokens.Length && buffer.Slice(tokens[at].Start, tokens[at].Length) is "last" or "past";
    }

    // A finding its writer calls unexplained ("unexplained weight loss") is not put down to a cause nearby.
    private static bool SaysUnexplained(ReadOnlySpan<char> buffer, Token first) =>
        buffer.Slice(first.Start, first.Length) is "unexplained" or "unintentional" or "unintended" or "involuntary" or "unexpected";

    // A finding named as a change ("new urgency", "worsening balance") is no baseline.
    private static bool NamesChange(ReadOnlySpan<char> buffer, Token first) =>
        buffer.Slice(first.Start, first.Length) is "new" or "newly" or "worse" or "worsening" or "increasing" or "progressive" or "progressing" or "deteriorating";

    // The buffer is the text normalised character for character, so a token's offsets are the text's.
    private static TextMention MentionOf(ReadOnlySpan<char> buffer, ReadOnlySpan<Token> tokens, Item item, ClinicalConcept concept, bool flagged, int categories)
    {
        var start = tokens[item.Start].Start;
        var end = tokens[item.End - 1].Start + tokens[item.End - 1].Length;
        return new TextMention(concept.Id, buffer[start..end].ToString(), start, end - start, flagged, Describe(categories), concept.IsRedFlag);
    }

    private static string Describe(int categories) =>
        string.Join(' ', Enum.GetValues<ContextCategory>().Where(c => (categories & (1 << (int)c)) != 0).Select(ClinicalLexicon.CategoryName));

    private static int NextStop(ReadOnlySpan<Token> tokens, int from)
    {
        for (var t = from; t < tokens.Length; t++)
        {
            if (tokens[t].Kind == TokenKind.Stop)
            {
                return t;
            }
        }

        return tokens.Length;
    }

    // One sentence's tokens and matched items, and the scope rules applied within it.
    private readonly ref struct Sentence
    {
        private readonly ReadOnlySpan<Token> _tokens;
        private readonly ReadOnlySpan<Item> _items;
        private readonly ReadOnlySpan<int> _map;
        private readonly int _firstItem;
        private readonly int _lastItem;
        private readonly int _end;
        private readonly ContextRule[] _rules;
        private readonly Phrase[] _phrases;
        private readonly ReadOnlySpan<char> _buffer;

        public Sentence(ReadOnlySpan<Token> tokens, ReadOnlySpan<Item> items, ReadOnlySpan<int> map, int firstItem, int lastItem, int end, ContextRule[] rules, Phrase[] phrases, ReadOnlySpan<char> buffer)
        {
            _phrases = phrases;
            _tokens = tokens;
            _items = items;
            _map = map;
            _firstItem = firstItem;
            _lastItem = lastItem;
            _end = end;
            _rules = rules;
            _buffer = buffer;
        }

        // The context categories whose triggers reach the span [start, end) (item `self` excluded).
        public int CategoriesOn(int start, int end, int self, bool negationOnly = false) => CategoriesOn(start, end, self, out _, out _, negationOnly);

        // The same, whether a progression reaches the span from after every history that reaches it, and the
        // concepts the EXPLAINED rules that reach it explain.
        public int CategoriesOn(int start, int end, int self, out bool progressesAfterHistory, out ulong explained, bool negationOnly = false)
        {
            var mask = 0;
            explained = 0;
            var historyEnd = -1;
            var progressionStart = -1;
            for (var m = _firstItem; m < _lastItem; m++)
            {
                if (m == self)
                {
                    continue;
                }

                var item = _items[m];
                var phrase = _phrases[item.PhraseId];
                if (phrase.Rules.Length == 0)
                {
                    continue;
                }

                foreach (var r in phrase.Rules)
                {
                    var rule = _rules[r];
                    if (rule.Category is ContextCategory.Terminate or ContextCategory.Pseudo)
                    {
                        continue;
                    }

                    var bit = 1 << (int)rule.Category;
                    if (rule.Category == ContextCategory.NegatedExistence && phrase.EndsDoubt)
                    {
                        bit |= Settled;
                    }
                    else if (rule.Category == ContextCategory.Stable)
                    {
                        if ((phrase.RuleMask & Baseline) == 0)
                        {
                            bit |= StableApart;
                        }

                        if ((phrase.RuleMask & Unchanged) == 0)
                        {
                            bit |= LongStanding;
                        }
                    }

                    // Every EXPLAINED rule that reaches adds what it explains (two may share a phrase: gastroenteritis
                    // explains both a fever and a bowel accident).
                    if (((mask & bit) == bit && rule.Category is not (ContextCategory.Historical or ContextCategory.Progression or ContextCategory.Explained)) || (negationOnly && rule.Category is not (ContextCategory.NegatedExistence or ContextCategory.Normal))
                        || rule.Category == ContextCategory.Recurrence)
                    {
                        continue;
                    }

                    // "Incontinence with her last prolapse, which resolved, and it has started again":
                    // a recurrence later in the sentence than the history means the finding is back.
                    if (rule.Category == ContextCategory.Historical && RecursAfter(item.End))
                    {
                        continue;
                    }

                    // "EHL 4+/5 (was 4/5)": an earlier grade no better than today's is a recovery, not a decline.
                    if (rule.Category == ContextCategory.Progression && IsRecovery(item, start, end))
                    {
                        continue;
                    }

                    // "Quads 3/5 (5/5 at last clinic)", "hand intrinsics 2/5 bilaterally and preserved lower
                    // limb power": a grade below 5 is never made normal by a word or grade beside it.
                    if (rule.Category == ContextCategory.Normal && HasWeakGrade(start, end))
                    {
                        continue;
                    }

                    // A mention inside a trigger's own phrase ("normal on both sides") is in its scope.
                    var inside = item.Start <= start && start < item.End;
                    var forward = inside || (rule.Direction is ContextDirection.Forward or ContextDirection.Bidirectional
                        && item.End <= start && (InScope(item.End, start, start, rule, forward: true) || InNameList(item, start, self, rule, forward: true)));
                    // A past year right after a finding dates that finding, even with another finding ahead of
                    // it: "L3/4 discitis 2018 (Staph aureus)", "CES (March 2017)"; so does a form's answer right
                    // after its label: "Bladder: normal, no hesitancy, no retention".
                    var backward = !forward && rule.Direction is ContextDirection.Backward or ContextDirection.Bidirectional
                        && item.Start >= end && (InScope(end, item.Start, start, rule, forward: false) || InNameList(item, end, self, rule, forward: false))
                        && !(rule.Direction == ContextDirection.Bidirectional && !IsQualifier(rule.Category) && HasFindingAhead(item, rule)
                            && !((rule.Category == ContextCategory.Historical || IsColon(_buffer, _tokens[item.Start])) && item.Start == end));
                    if (!forward && !backward)
                    {
                        continue;
                    }

                    // "EHL improved from 2/5 to 4/5": the grade a change went to is today's, which a past word
                    // before the change does not reach.
                    if (rule.Category == ContextCategory.Historical && forward && !inside && start > 0 && IsWordAt(start - 1, "to") && FirstGrade(start, end) >= 0)
                    {
                        continue;
                    }

                    // A qualifier that is itself negated ("not progressing") qualifies nothing.
                    if (rule.Category is ContextCategory.Progression or ContextCategory.Severity or ContextCategory.Compression && !negationOnly
                        && (CategoriesOn(item.Start, item.End, m, negationOnly: true) & (Negated | Normal)) != 0)
                    {
                        continue;
                    }

                    mask |= bit;
                    explained |= rule.ExplainsMask;
                    if (rule.Category == ContextCategory.Historical)
                    {
                        historyEnd = Math.Max(historyEnd, item.End);
                    }
                    else if (rule.Category == ContextCategory.Progression)
                    {
                        progressionStart = Math.Max(progressionStart, item.Start);
                    }
                }
            }

            progressesAfterHistory = historyEnd >= 0 && progressionStart >= historyEnd;
            return mask;
        }

        // Qualifiers reach both ways at once: "power has gone from 4/5 to 3/5" qualifies the power before it.
        // Qualifiers, and a cause that explains a symptom ("dropping things because of carpal tunnel syndrome,
        // no UMN signs"), reach both ways at once.
        private static bool IsQualifier(ContextCategory category) =>
            category is ContextCategory.Progression or ContextCategory.Severity or ContextCategory.Compression or ContextCategory.Explained;

        private bool RecursAfter(int position)
        {
            for (var m = _firstItem; m < _lastItem; m++)
            {
                var item = _items[m];
                if (item.Start >= position && (_phrases[item.PhraseId].RuleMask & (1 << (int)ContextCategory.Recurrence)) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasFindingAhead(Item trigger, ContextRule rule)
        {
            for (var m = _firstItem; m < _lastItem; m++)
            {
                var item = _items[m];
                if (_phrases[item.PhraseId].HasDirectMention && item.Start >= trigger.End && InScope(trigger.End, item.Start, item.Start, rule, forward: true))
                {
                    return true;
                }
            }

            return false;
        }

        // Whether a trigger's scope reaches across tokens [from, to). For a forward scope, the
        // mention's own segment, from targetStart to the next list break, is checked for words
        // (and numbers) that end a negated list.
        private bool InScope(int from, int to, int targetStart, ContextRule rule, bool forward)
        {
            var fillers = 0;
            var total = 0;
            var listBreak = false;
            // "Negative for A, B, or progressive leg weakness": an "or" before the last item keeps it in the
            // negated list, so an onset word in its segment does not end the negation.
            var lastBreakIsOr = false;
            var ownVerbs = forward && rule.AdjacentVerbs is not null;
            var category = 1 << (int)rule.Category;
            // "Urinary retention 1L, fever: no", "PVR 650 ml, fever: no": a finding written with its own measure or
            // level before the next item is a field with its own value, which a form's answer (": no") after a
            // later label does not reach (backward, targetStart is where the finding starts). A history or a
            // negation in words still reaches it ("retention after his hernia repair in 2015, none since").
            var formAnswer = !forward && IsColon(_buffer, _tokens[to]);
            var valueBeforeBreak = false;
            for (var t = Math.Max(targetStart, 0); formAnswer && t < from && !valueBeforeBreak; t++)
            {
                valueBeforeBreak = IsNumberOrLevel(_tokens[t]);
            }
            for (var t = from; t < to; t++)
            {
                var token = _tokens[t];
                if (token.Kind == TokenKind.Dash && rule.Category is not (ContextCategory.Progression or ContextCategory.Severity
                    or ContextCategory.Compression or ContextCategory.Uncertain or ContextCategory.Stable or ContextCategory.Baseline or ContextCategory.Unchanged or ContextCategory.Recurrence or ContextCategory.Explained))
                {
                    return false;
                }

                if (token.Kind is TokenKind.Comma or TokenKind.Dash)
                {
                    // A slash between a label's alternatives joins them ("Bladder / bowel change  N",
                    // "Fever / IVDU / immunosuppression?  N"): the answer or trigger applies to each, also
                    // for a rule that crosses no comma.
                    if (!rule.CrossesCommas && !(token.Kind == TokenKind.Comma && _buffer[token.Start] == '/'))
                    {
                        return false;
                    }

                    if (formAnswer && valueBeforeBreak)
                    {
                        return false;
                    }

                    // Each item of a list, and each alternative of a label, has its own budget ("denies A, any
                    // change in B, any C", "Fever / IV drug use / immunosuppression  N"): what ends a list is a
                    // terminator, an onset or time word, or a number.
                    listBreak = true;
                    lastBreakIsOr = false;
                    total += fillers;
                    fillers = 0;
                    if (total > rule.MaxScope * ListItemsScope)
                    {
                        return false;
                    }

                    continue;
                }

                var m = _map[t];
                if (m >= 0)
                {
                    var item = _items[m];
                    if (!_phrases[item.PhraseId].HasConcept)
                    {
                        // "Mother had CES", "his wife has had...": the trigger's own verbs end nothing.
                        if (ownVerbs && _phrases[item.PhraseId].IsOwnVerb)
                        {
                            t = item.End - 1;
                            continue;
                        }

                        if (Terminates(_phrases[item.PhraseId], category, listBreak && !lastBreakIsOr))
                        {
                            return false;
                        }

                        fillers += item.End - Math.Max(item.Start, t);
                    }

                    t = item.End - 1;
                }
                else
                {
                    if (IsListWord(token))
                    {
                        if (!forward && rule.MaxScope <= 1)
                        {
                            // A one-word answer follows its label directly ("Retention no"): in "onset over
                            // 24 h with no trauma" the "no" belongs to what follows it.
                            return false;
                        }

                        listBreak = true;
                        lastBreakIsOr = _buffer.Slice(token.Start, token.Length) is "or";
                    }
                    else if (listBreak && IsNumberOrLevel(token) && EndsAfterListBreak(category))
                    {
                        return false;
                    }
                    else if (formAnswer && !listBreak && IsNumberOrLevel(token))
                    {
                        valueBeforeBreak = true;
                    }

                    fillers++;
                }

                ownVerbs = false;
                if (fillers > rule.MaxScope)
                {
                    return false;
                }
            }

            if (forward && listBreak && !lastBreakIsOr && EndsAfterListBreak(category))
            {
                // The mention's own segment, up to the next list break: "no PMH and retention for 2 days".
                for (var t = targetStart; t < _end; t++)
                {
                    var token = _tokens[t];
                    if (token.Kind is TokenKind.Comma or TokenKind.Dash || IsListWord(token))
                    {
                        break;
                    }

                    if (IsNumberOrLevel(token))
                    {
                        return false;
                    }

                    var m = _map[t];
                    if (m >= 0 && !_phrases[_items[m].PhraseId].HasConcept)
                    {
                        if (Terminates(_phrases[_items[m].PhraseId], category, afterListBreak: true, onlyAfterComma: true))
                        {
                            return false;
                        }

                        if (Terminates(_phrases[_items[m].PhraseId], category, afterListBreak: false) && ConceptBefore(_items[m].End))
                        {
                            // "No fever / chills but new retention": where a clause that ends the scope names a
                            // finding of its own, what follows belongs to that finding. Without one ("urinary
                            // incontinence which started 2 days ago") it is still the mention's.
                            break;
                        }
                    }
                }
            }

            return true;
        }

        // "Bladder, bowel and saddle sensation normal", "normal bladder, bowel and sexual function": a NORMAL word
        // next to a list of bare names reaches every name in it, across the list's commas, when nothing but names
        // and list words lies between ("normal bladder, incontinent of faeces" names a finding, which it does not reach).
        private bool InNameList(Item trigger, int targetEdge, int self, ContextRule rule, bool forward)
        {
            if (rule.Category != ContextCategory.Normal || rule.CrossesCommas || !_phrases[_items[self].PhraseId].NamesOnly)
            {
                return false;
            }

            // The "normal" ends its side of the sentence too: "Bladder, bowel and saddle sensation normal until
            // Monday", "...normal?", "...normal per ED" say nothing about today.
            if (forward ? !BareBefore(trigger.Start - 1) : !BareAfter(trigger.End))
            {
                return false;
            }

            var from = forward ? trigger.End : targetEdge;
            var to = forward ? targetEdge : trigger.Start;

            for (var t = from; t < to;)
            {
                t = NextInNameList(t);
                if (t < 0)
                {
                    return false;
                }
            }

            // The name's own segment holds nothing but the name: in "saddle sensation intact, anal tone however
            // reduced on PR" anal tone is no bare name in a list.
            return forward ? BareAfter(_items[self].End) : BareBefore(_items[self].Start - 1);
        }

        // What follows the name, to the end of its sentence or clause, is only more names and list words ("normal
        // bladder, bowel and sexual function since"): "normal bowel, saddle and L5 numbness" shares a finding.
        private bool BareAfter(int t)
        {
            while (t < _end && _tokens[t].Kind != TokenKind.Stop)
            {
                var token = _tokens[t];
                t = token.Kind == TokenKind.Word && _buffer.Slice(token.Start, token.Length) is "since" or "now" or "today" or "currently" or "throughout" or "bilaterally"
                    ? t + 1
                    : NextInNameList(t);
                if (t < 0)
                {
                    return false;
                }
            }

            return true;
        }

        // What comes before the name, back to the start of its sentence, is only more names and list words
        // ("Bladder, bowel and saddle sensation normal"): "numb legs and saddle, bladder normal" or a label
        // ("Numbness: saddle, bladder normal", "Leaking: bladder, bowel ok") may name a finding.
        private bool BareBefore(int t)
        {
            for (; t >= 0; t--)
            {
                var token = _tokens[t];
                if (token.Kind == TokenKind.Stop)
                {
                    return true;
                }

                if (JoinsNames(token))
                {
                    continue;
                }

                var m = _map[t];
                if (m < 0 || !_phrases[_items[m].PhraseId].NamesOnly)
                {
                    return false;
                }

                t = _items[m].Start;
            }

            return true;
        }

        // The token after the list element at `t` (a comma, a list word, a copula or a whole names-only phrase),
        // or -1 when `t` holds anything else.
        private int NextInNameList(int t)
        {
            if (JoinsNames(_tokens[t]))
            {
                return t + 1;
            }

            var m = _map[t];
            return m >= 0 && _phrases[_items[m].PhraseId].NamesOnly ? _items[m].End : -1;
        }

        private bool JoinsNames(Token token) => token.Kind == TokenKind.Comma || IsListWord(token) || IsCopula(token);

        // Whether a finding is named from token `from` before the segment ends (a comma, dash or list word).
        private bool ConceptBefore(int from)
        {
            for (var t = from; t < _end; t++)
            {
                var token = _tokens[t];
                if (token.Kind is TokenKind.Comma or TokenKind.Dash || IsListWord(token))
                {
                    return false;
                }

                if (_map[t] >= 0 && _phrases[_items[_map[t]].PhraseId].HasConcept)
                {
                    return true;
                }
            }

            return false;
        }

        private bool Terminates(Phrase phrase, int category, bool afterListBreak, bool onlyAfterComma = false)
        {
            if ((phrase.RuleMask & (1 << (int)ContextCategory.Terminate)) == 0)
            {
                return false;
            }

            foreach (var r in phrase.Rules)
            {
                var rule = _rules[r];
                if (rule.Category == ContextCategory.Terminate && (rule.EndsMask & category) != 0 && (!rule.AfterComma || afterListBreak) && (rule.AfterComma || !onlyAfterComma))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool EndsAfterListBreak(int category) =>
            (category & (Negated | (1 << (int)ContextCategory.Historical) | (1 << (int)ContextCategory.Family))) != 0;

        // "Biceps was 4/5 and is now 5-/5", "EHL previously 3/5, today 4+/5": a grade after "was" with a grade no
        // worse "now" later in the sentence is the earlier examination, not today's ("was 4/5, now 3/5" is not).
        // Today's grade may also come first: "triceps 4+/5 (was 4/5 in Oct)" ("4+/5 (was 4/5) now 3/5" is not).
        public bool IsEarlierGrade(int start, int end)
        {
            var grade = FirstGrade(start, end);
            if (grade < 0 || start == 0 || !IsWordAt(start - 1, "was", "were", "previously", "initially", "originally"))
            {
                return false;
            }

            if (end < _end && IsWordAt(end, "now", "today", "currently"))
            {
                // "5/5 previously, 4/5 today": the grade "today" names is today's.
                return false;
            }

            var later = GradeNowAfter(end);
            return later >= 0 ? later >= grade : start >= 2 && Grade(_tokens[start - 2]) >= grade;
        }

        // The grade written after "now", "today" or "currently" later in the sentence, or -1.
        private double GradeNowAfter(int from)
        {
            for (var t = from; t < _end; t++)
            {
                if (!IsWordAt(t, "now", "today", "currently"))
                {
                    continue;
                }

                for (var u = t + 1; u < _end && u <= t + 3; u++)
                {
                    if (Grade(_tokens[u]) is var later and >= 0)
                    {
                        return later;
                    }
                }
            }

            return -1;
        }

        private bool IsWordAt(int t, params ReadOnlySpan<string> words)
        {
            if (_tokens[t].Kind != TokenKind.Word)
            {
                return false;
            }

            var word = _buffer.Slice(_tokens[t].Start, _tokens[t].Length);
            foreach (var candidate in words)
            {
                if (word.SequenceEqual(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        // The first MRC grade in tokens [start, end), or -1.
        private double FirstGrade(int start, int end)
        {
            var grade = -1.0;
            for (var t = start; t < end && grade < 0; t++)
            {
                grade = Grade(_tokens[t]);
            }

            return grade;
        }

        // A progression written as an earlier grade ("was 4/5", "5/5 at last clinic") is a recovery when
        // today's grade is no worse.
        private bool IsRecovery(Item trigger, int start, int end)
        {
            var before = FirstGrade(trigger.Start, trigger.End);

            // Today's grade: in the mention, or between it and the earlier grade ("EHL 4+/5 (was 4/5)"), or
            // "now" after it ("EHL previously 3/5, today 4+/5").
            var now = -1.0;
            for (var t = start; t < (trigger.Start > start ? trigger.Start : end); t++)
            {
                now = Math.Max(now, Grade(_tokens[t]));
            }

            if (now < 0 && before >= 0)
            {
                now = GradeNowAfter(trigger.End);
            }

            return before >= 0 && now >= before;
        }

        private bool HasWeakGrade(int start, int end)
        {
            for (var t = start; t < end; t++)
            {
                if (Grade(_tokens[t]) is >= 0 and < 5)
                {
                    return true;
                }
            }

            return false;
        }

        // An MRC grade written as one word ("4/5", "4+/5", "4-/5"), or -1.
        private double Grade(Token token)
        {
            var text = _buffer.Slice(token.Start, token.Length);
            if (token.Kind != TokenKind.Number || !text.EndsWith("/5") || text.Length is < 3 or > 4 || !char.IsAsciiDigit(text[0]) || text[0] > '5')
            {
                return -1;
            }

            return (text[0] - '0') + (text.Length == 4 ? text[1] switch { '+' => 0.33, '-' => -0.33, _ => double.NaN } : 0);
        }

        private static readonly System.Buffers.SearchValues<char> LevelChars = System.Buffers.SearchValues.Create("0123456789/-ctls");

        // A number, or a spinal level ("L3/4", "C5-6", "T12"): after a list break, a finding with a
        // measurement or a level is a statement of its own ("no fusion L3/4, cage subsidence L3/4"),
        // not one more item of a negated list.
        private bool IsNumberOrLevel(Token token)
        {
            if (token.Kind == TokenKind.Number)
            {
                return true;
            }

            var text = _buffer.Slice(token.Start, token.Length);
            return token.Kind == TokenKind.Word && text.Length is >= 2 and <= 7 && text[0] is 'c' or 't' or 'l' or 's'
                && char.IsAsciiDigit(text[1]) && !text[1..].ContainsAnyExcept(LevelChars);
        }

        private bool IsCopula(Token token) =>
            token.Kind == TokenKind.Word && _buffer.Slice(token.Start, token.Length) is "is" or "are" or "all";

        private bool IsListWord(Token token)
        {
            if (token.Kind != TokenKind.Word)
            {
                return false;
            }

            var text = _buffer.Slice(token.Start, token.Length);
            return text is "and" or "or" or "with" or "plus" or "&";
        }
    }
}

using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace CohortBot.Cohorts.Roster;

internal static class YamlRosterReader
{
    private const string AliasesRefused = "aliases are not allowed in a district file: write each entry out";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        // A key given twice would otherwise let the later one win unseen.
        .WithDuplicateKeyChecking()
        .WithNodeDeserializer(inner => new LineTracking(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
        .Build();

    /// Reads a district file. A file YAML cannot read (or with a key we do not know, so that a
    /// typo is never silently ignored) gives one problem at the line where reading stopped; a file
    /// past RosterLimits gives one problem for each list or entry that is too large.
    public static (RosterFile? File, List<RosterProblem> Problems) Read(TextReader text)
    {
        if (RosterLimits.ReadAll(text) is not { } yaml)
            return (null, [RosterLimits.TooLarge]);

        try
        {
            var keyLines = new Dictionary<string, int>();
            if (Scan(yaml, keyLines) is { } refused)
                return (null, [refused]);

            var file = Deserializer.Deserialize<RosterFile?>(yaml) ?? new RosterFile();
            foreach (var (key, line) in keyLines)
                file.KeyLines[key] = line;

            var tooLarge = RosterLimits.Check(file);
            return tooLarge.Count > 0 ? (null, tooLarge) : (file, []);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException ?? e).Message;
            return (null, [new RosterProblem((int)e.Start.Line, $"the file cannot be read as a district: {FirstSentence(reason)}")]);
        }
    }

    /// Walks the parser's events once, before anything is deserialized, refusing the first alias or
    /// merge key and noting the line of each top-level key. The deserializer shares an aliased value
    /// rather than copy it, but the checks and the store take it once for every time it is named: a
    /// few kilobytes of aliases to a long text, or to a list of them, stand for all of them written out.
    private static RosterProblem? Scan(string yaml, Dictionary<string, int> keyLines)
    {
        var parser = new Parser(new StringReader(yaml));
        // One entry per open collection: for a mapping, whether its next node is a key; null for a sequence.
        var open = new Stack<bool?>();
        var documents = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    return new RosterProblem((int)alias.Start.Line, AliasesRefused);
                case DocumentStart:
                    documents++;
                    break;
                case SequenceEnd or MappingEnd:
                    open.Pop();
                    break;
                case NodeEvent node:
                    var inCollection = open.TryPop(out var keyNext);
                    if (inCollection)
                        open.Push(!keyNext); // a mapping's key is followed by its value, and that by the next key
                    var isKey = keyNext == true;

                    // Merging is off, so '<<' would only fail later as an unknown key; say why instead.
                    if (isKey && node is Scalar { Value: "<<", Style: ScalarStyle.Plain })
                        return new RosterProblem((int)node.Start.Line, AliasesRefused);
                    // The deserializer reads the first document only, so only its keys have lines.
                    if (isKey && open.Count == 1 && documents == 1 && node is Scalar key)
                        keyLines.TryAdd(key.Value, (int)key.Start.Line);

                    if (node is MappingStart)
                        open.Push(true);
                    else if (node is SequenceStart)
                        open.Push(null);
                    break;
            }
        }

        return null;
    }

    private static string FirstSentence(string message)
    {
        // YamlDotNet prefixes its messages with the position, which the problem already carries.
        var afterPosition = message.IndexOf("): ", StringComparison.Ordinal);
        return afterPosition >= 0 ? message[(afterPosition + 3)..] : message;
    }

    /// Records where each entry starts, so problems can name their line.
    private sealed class LineTracking(INodeDeserializer inner) : INodeDeserializer
    {
        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
        {
            var line = reader.Current?.Start.Line ?? 0;
            if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer))
                return false;

            if (value is RosterEntry entry)
                entry.Line = (int)line;
            return true;
        }
    }
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace CohortBot.Cohorts.Roster;

internal static class YamlRosterReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithNodeDeserializer(inner => new LineTracking(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
        .Build();

    /// Reads a district file. A file YAML cannot read (or with a key we do not know, so that a
    /// typo is never silently ignored) gives one problem at the line where reading stopped.
    public static (RosterFile? File, RosterProblem? Problem) Read(TextReader text)
    {
        try
        {
            var yaml = text.ReadToEnd();
            var file = Deserializer.Deserialize<RosterFile?>(yaml) ?? new RosterFile();
            var document = new YamlStream();
            document.Load(new StringReader(yaml));
            if (document.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root)
            {
                foreach (var key in root.Children.Keys.OfType<YamlScalarNode>())
                    file.KeyLines[key.Value ?? ""] = (int)key.Start.Line;
            }

            return (file, null);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException ?? e).Message;
            return (null, new RosterProblem((int)e.Start.Line, $"the file cannot be read as a district: {FirstSentence(reason)}"));
        }
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

using System.Text;
using System.Text.RegularExpressions;

namespace CohortBot.Cards.BlockKit;

/// <summary>Adaptive Cards markdown to Slack mrkdwn, escaping, and cutting text to a limit.</summary>
internal static partial class SlackText
{
    private const char BoldMark = '\u0001';

    /// <summary>Escapes the three characters Slack gives meaning to in text (and only those: Slack decodes nothing else).</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Converts the markdown subset Adaptive Cards support (bold, italic, lists, links) to Slack mrkdwn.</summary>
    public static string ToMrkdwn(string markdown)
    {
        var result = new StringBuilder(markdown.Length);
        var position = 0;
        foreach (Match link in LinkPattern().Matches(markdown))
        {
            result.Append(Inline(markdown[position..link.Index]));
            var label = Inline(link.Groups[1].Value).Replace("|", "\u2223", StringComparison.Ordinal);
            result.Append('<').Append(Escape(link.Groups[2].Value));
            if (label.Length > 0)
                result.Append('|').Append(label);
            result.Append('>');
            position = link.Index + link.Length;
        }

        result.Append(Inline(markdown[position..]));
        return result.ToString();
    }

    /// <summary>
    /// True when the text shows all it means as plain text in a bold header: one line and no links. Emphasis is the only
    /// thing lost, and a header is bold already.
    /// </summary>
    public static bool SuitsHeader(string markdown) => markdown.IndexOfAny(['\n', '\r']) < 0 && !LinkPattern().IsMatch(markdown);

    /// <summary>
    /// What a plain_text field should show for Adaptive Cards markdown: links as their label, emphasis without its markers,
    /// list items as bullets, whitespace collapsed. Not escaped: escape it (once) where it goes into a text object.
    /// </summary>
    public static string ToPlainText(string markdown)
    {
        var text = LinkPattern().Replace(markdown, "$1");
        text = BoldPattern().Replace(text, "$2");
        text = ListPattern().Replace(text, "\u2022 ");
        text = ItalicPattern().Replace(text, "$1");
        text = UnderscoreItalicPattern().Replace(text, "$1");
        return WhitespacePattern().Replace(text, " ").Trim();
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="limit"/> characters, at a word boundary when one is near,
    /// ending in an ellipsis. For mrkdwn, a link or entity the cut would break is dropped whole.
    /// </summary>
    public static string Cut(string text, int limit, bool mrkdwn = false)
    {
        if (text.Length <= limit)
            return text;

        var max = limit - 1;
        var space = text.LastIndexOfAny([' ', '\n', '\t'], max);
        var head = text[..(space > max / 2 ? space : max)].TrimEnd();
        if (head.Length > 0 && char.IsHighSurrogate(head[^1]))
            head = head[..^1];

        if (mrkdwn)
        {
            var open = head.LastIndexOf('<');
            if (open >= 0 && open > head.LastIndexOf('>'))
                head = head[..open].TrimEnd();
            var amp = head.LastIndexOf('&');
            if (amp >= 0 && head.IndexOf(';', amp) < 0)
                head = head[..amp].TrimEnd();
        }

        return head + "\u2026";
    }

    private static string Inline(string markdown)
    {
        var text = Escape(markdown);
        text = BoldPattern().Replace(text, $"{BoldMark}$2{BoldMark}");
        text = ListPattern().Replace(text, "\u2022 ");
        text = ItalicPattern().Replace(text, "_$1_");
        return text.Replace(BoldMark, '*');
    }

    [GeneratedRegex(@"\[([^\]]*)\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])")]
    private static partial Regex ItalicPattern();

    [GeneratedRegex(@"(?<![_\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![_\w])")]
    private static partial Regex UnderscoreItalicPattern();

    [GeneratedRegex(@"(?m)^[ \t]*[-*][ \t]+")]
    private static partial Regex ListPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}

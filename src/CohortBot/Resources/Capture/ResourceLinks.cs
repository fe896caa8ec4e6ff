using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CohortBot.Resources.Capture;

/// How the text of a chat message is marked up.
internal enum MessageFormat
{
    /// Slack's mrkdwn: links, mentions and channels in angle brackets; only the ampersand and angle brackets are escaped.
    SlackMrkdwn,

    /// The HTML of a Teams message.
    TeamsHtml,

    Plain,
}

/// A web link found in a message: Url as it was shared (entities decoded, trailing punctuation cut),
/// NormalizedUrl the key that says whether two links are the same resource, Label the link text the
/// coach gave it, if any.
internal sealed record SharedLink(string Url, string NormalizedUrl, string Title, string? Label);

/// Turns a coach's chat message into what the library keeps of it: links with titles, hashtags and a
/// readable description. Pure functions of the text: the handlers decide who may share and where it goes.
internal static partial class ResourceLinks
{
    // The store's columns (ResourceMapping) bound these.
    public const int MaxUrlLength = 2000;
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 4000;

    // Tags are picked from a list and typed in a search: a few short words, not a second description.
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    // A title taken from the words of a message is shown in a list on a phone: one line, not a paragraph.
    private const int MaxTitleFromText = 120;

    // Stands for the link whose title is being sought while the text around it is cut into sentences.
    private const char Marker = '\uFFFC';

    // "Slides are <url|here>": link text that says nothing about the resource, so the words around it do better.
    private static readonly HashSet<string> EmptyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "here", "this", "link", "this link", "click here", "see here", "check this out", "check it out", "see this", "read more",
        "see", "read", "look", "try this", "more", "info",
    };

    // Last path segments that name a page of a site (a player, an editor) rather than the resource itself.
    private static readonly HashSet<string> PageWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "index", "default", "home", "watch", "view", "edit", "preview", "pub", "share", "sharing", "embed", "download",
        "viewer", "present", "file", "open", "document", "presentation", "spreadsheets", "forms",
    };

    public static IReadOnlyList<SharedLink> Extract(string text, MessageFormat format)
    {
        var message = Render(text, format);
        var links = message.Links.Where(l => IsWebAddress(l.Url) && l.Url.Length <= MaxUrlLength).ToList();
        var distinct = links.DistinctBy(l => Normalize(l.Url)).ToList();
        return [.. distinct.Select(l => new SharedLink(l.Url, Normalize(l.Url), TitleOf(l, message, onlyLink: distinct.Count == 1), l.Label))];
    }

    /// The key two links share when they are the same resource. The scheme and host are lower-cased, a
    /// default port, the fragment, utm_* parameters and trailing slashes of the path are dropped; the
    /// rest stays as written (the path's case, percent-encoding, an international host name, the order of
    /// the other parameters). The path never ends in '/': the root of a site is "https://x.org", and
    /// "https://x.org/?q=1" becomes "https://x.org?q=1". Anything that is not an absolute http(s) address
    /// comes back trimmed and otherwise unchanged.
    public static string Normalize(string url)
    {
        var trimmed = url.Trim();
        if (!TryWebAddress(trimmed, out var uri))
            return trimmed;

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        var rest = trimmed[(schemeEnd + 3)..];
        rest = rest[..IndexOrLength(rest, '#')];
        var queryStart = IndexOrLength(rest, '?');
        var query = string.Join('&', rest[queryStart..].TrimStart('?').Split('&')
            .Where(p => p.Length > 0 && !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)));
        rest = rest[..queryStart];
        var pathStart = IndexOrLength(rest, '/');
        var authority = rest[..pathStart];
        var path = rest[pathStart..].TrimEnd('/');

        // The host as written, so an international name stays readable; Uri has already parsed the port.
        var userEnd = authority.LastIndexOf('@') + 1;
        var hostAndPort = authority[userEnd..];
        var portStart = hostAndPort.LastIndexOf(':');
        var host = portStart > hostAndPort.LastIndexOf(']') ? hostAndPort[..portStart] : hostAndPort;
        var port = uri.IsDefaultPort ? "" : FormattableString.Invariant($":{uri.Port}");

        return $"{uri.Scheme}://{authority[..userEnd]}{host.ToLowerInvariant()}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    /// Hashtags in the order they first appear, lower-cased, each once: a '#' that does not follow a
    /// letter, digit or ampersand (C#, HTML's numeric entities), then letters, digits, '-' and '_' with at least one letter (#123
    /// is a number). Slack's channel links and HTML tags are skipped, and so are web addresses, whose
    /// fragments look like tags. Tags longer than MaxTagLength are left out, and so is any past MaxTags.
    public static IReadOnlyList<string> Hashtags(string text)
    {
        var prose = BareUrl().Replace(AngleToken().Replace(text, " "), " ");
        var tags = new List<string>();
        foreach (Match match in Hashtag().Matches(prose))
        {
            var tag = match.Groups["tag"].Value.TrimEnd('-', '_').ToLowerInvariant();
            if (tag.Length > MaxTagLength || tags.Contains(tag))
                continue;
            tags.Add(tag);
            if (tags.Count == MaxTags)
                break;
        }

        return tags;
    }

    /// The message as plain text: links as their label (or their address when they have none), mentions
    /// of people and @here left out, a Slack channel as #name, HTML tags dropped and entities decoded;
    /// at most MaxDescriptionLength characters.
    public static string Description(string text, MessageFormat format)
    {
        var lines = Render(text, format).Text.ToString().Split('\n')
            .Select(line => SpaceBeforePunctuation().Replace(Spaces().Replace(line, " "), "").Trim());
        return Cut(BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim(), MaxDescriptionLength);
    }

    /// An absolute http or https address with a host and no whitespace.
    public static bool IsWebAddress(string url) => TryWebAddress(url, out _);

    /// A title when nothing better is known: the last segment of the path that reads as words
    /// ("station-rotation_guide.pdf" is "Station rotation guide"), else the host without "www.".
    public static string TitleFromUrl(string url)
    {
        var trimmed = url.Trim();
        if (!TryWebAddress(trimmed, out var uri))
            return Cut(trimmed, MaxTitleFromText);

        foreach (var segment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            if (Readable(segment) is { } words)
                return Cut(words, MaxTitleFromText);
        }

        var host = uri.Host;
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }

    private static bool TryWebAddress(string url, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        // Uri alone would also take "https:x.org", and a bare path as a file on Unix.
        return IsHttp(url)
            && !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            && Uri.TryCreate(url, UriKind.Absolute, out uri)
            && uri.Host.Length > 0;
    }

    private static bool IsHttp(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string TitleOf(Occurrence link, Rendering message, bool onlyLink)
    {
        if (MeaningfulLabel(link) is { } label)
            return Cut(label, MaxTitleFromText);

        var text = message.Text.ToString();
        var lineStart = link.Start == 0 ? 0 : text.LastIndexOf('\n', link.Start - 1) + 1;
        var lineEnd = IndexOrLength(text, '\n', link.End);
        var line = WithoutAddresses(text, lineStart, lineEnd, message.Links, link);
        var around = Clean(Sentences(line).First(s => s.Contains(Marker, StringComparison.Ordinal))) ?? Clean(line);

        // "Here is the rubric we used today:" on the line above its only link still describes it; with
        // several links, the message's words belong to none of them in particular.
        if (around is null && onlyLink)
        {
            around = WithoutAddresses(text, 0, text.Length, message.Links, mark: null).Split('\n')
                .SelectMany(Sentences).Select(Clean).FirstOrDefault(s => s is not null);
        }

        return around is null ? TitleFromUrl(link.Url) : Cut(around, MaxTitleFromText);
    }

    private static string? MeaningfulLabel(Occurrence link) =>
        ShowsWords(link) && LetterCount(link.Label!) >= 3 && !EmptyWords.Contains(link.Label!) ? link.Label : null;

    // Slack and Teams often show the address itself as the link text, or the address without its scheme.
    private static bool ShowsWords(Occurrence link)
    {
        if (link.Label is not { } label)
            return false;
        if (label.Contains(' ', StringComparison.Ordinal))
            return true;
        return !IsHttp(label) && !label.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            && !Bare(link.Url).StartsWith(Bare(label), StringComparison.OrdinalIgnoreCase);
    }

    private static string Bare(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var bare = start >= 0 ? url[(start + 3)..] : url;
        return (bare.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? bare[4..] : bare).TrimEnd('/');
    }

    // The text between from and to with the link marked and addresses shown as such removed. Link text in
    // words stays, even "here" in "the slides are here", which reads better with it.
    private static string WithoutAddresses(string text, int from, int to, List<Occurrence> links, Occurrence? mark)
    {
        var result = new StringBuilder();
        var at = from;
        foreach (var link in links.Where(l => l.Start >= from && l.End <= to))
        {
            result.Append(text, at, link.Start - at);
            if (ShowsWords(link))
                result.Append(text, link.Start, link.End - link.Start);
            else
                result.Append(' ');
            if (link == mark)
                result.Append(Marker);
            at = link.End;
        }

        return result.Append(text, at, to - at).ToString();
    }

    private static string[] Sentences(string line) => SentenceEnd().Split(line);

    // The words of a sentence as a title, or null when too little of them is left to say anything.
    private static string? Clean(string? sentence)
    {
        if (sentence is null)
            return null;
        var text = sentence.Replace(Marker, ' ');
        text = SlackEmoji().Replace(text, " ");
        text = Emphasis().Replace(text, "");
        text = EmptyBrackets().Replace(text, " ");

        // Hashtags at either end are the message's tags, already kept as such; inside a sentence they are words.
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && (IsHashtag(words[^1]) || IsPunctuation(words[^1])))
            words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && (IsHashtag(words[0]) || IsPunctuation(words[0])))
            words.RemoveAt(0);

        var title = string.Join(' ', words).Trim(EdgePunctuation);
        return LetterCount(title) < 3 || EmptyWords.Contains(title) ? null : title;
    }

    private static readonly char[] EdgePunctuation = [' ', ':', ';', ',', '.', '-', '\u2013', '\u2014', '|', '\u2022', '<', '>', '\u2192', '(', ')', '[', ']'];

    private static bool IsPunctuation(string word) => word.All(c => Array.IndexOf(EdgePunctuation, c) >= 0);

    private static bool IsHashtag(string word)
    {
        var tag = word.TrimEnd('.', ',', ';', ':', '!', '?');
        return tag.Length > 1 && tag[0] == '#' && tag.Skip(1).All(c => char.IsLetterOrDigit(c) || c is '-' or '_');
    }

    private static string? Readable(string segment)
    {
        var name = FileExtension().Replace(Uri.UnescapeDataString(segment), "");
        name = Spaces().Replace(name.Replace('-', ' ').Replace('_', ' ').Replace('+', ' '), " ").Trim();
        if (LetterCount(name) < 3 || PageWords.Contains(name) || LooksLikeId(name))
            return null;
        return string.Concat(name[..1].ToUpperInvariant(), name.AsSpan(1));
    }

    // Document and video ids (1BxiMVs0XRA5nFMdKvBd, dQw4w9WgXcQ) are letters and digits in one run.
    private static bool LooksLikeId(string name) => name.Length >= 10 && !name.Contains(' ', StringComparison.Ordinal) && name.Any(char.IsDigit);

    private static int LetterCount(string text) => text.Count(char.IsLetter);

    private static int IndexOrLength(string text, char value, int start = 0)
    {
        var index = text.IndexOf(value, start);
        return index < 0 ? text.Length : index;
    }

    /// At most max characters, cut at a word boundary when one is near, ending in an ellipsis.
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var space = text.LastIndexOfAny([' ', '\n', '\t'], max - 1);
        var head = text[..(space > max / 2 ? space : max - 1)].TrimEnd();
        if (head.Length > 0 && char.IsHighSurrogate(head[^1]))
            head = head[..^1];
        return head + "\u2026";
    }

    private static Rendering Render(string text, MessageFormat format)
    {
        var rendering = new Rendering();
        switch (format)
        {
            case MessageFormat.SlackMrkdwn:
                RenderSlack(text, rendering);
                break;
            case MessageFormat.TeamsHtml:
                RenderTeams(text, rendering);
                break;
            case MessageFormat.Plain:
                rendering.AppendText(text);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }

        return rendering;
    }

    private static void RenderSlack(string text, Rendering output)
    {
        var at = 0;
        foreach (Match token in SlackToken().Matches(text))
        {
            output.AppendText(SlackDecode(text[at..token.Index]));
            at = token.Index + token.Length;
            var target = SlackDecode(token.Groups["target"].Value);
            var label = token.Groups["label"].Success ? SlackDecode(token.Groups["label"].Value) : null;
            if (IsHttp(target))
                output.AppendLink(target, label);
            else if (target.StartsWith('#'))
                output.AppendRaw(string.IsNullOrWhiteSpace(label) ? "" : "#" + label);
            else if (!target.StartsWith('@') && !target.StartsWith('!'))
                output.AppendRaw(label ?? target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..]); // mailto: and the like: text, not a resource
            // <@U123>, <!here>, <!subteam^S1|@coaches>: who the message is for, not what it says.
        }

        output.AppendText(SlackDecode(text[at..]));
    }

    // Slack escapes these three and nothing else; &amp; last, so that "&amp;lt;" stays the text "&lt;".
    private static string SlackDecode(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    // Tag by tag rather than one pattern per element, so that unclosed tags cost no backtracking.
    private static void RenderTeams(string html, Rendering output)
    {
        var at = 0;
        var inMention = false;
        int? anchorStart = null;
        string? href = null;
        foreach (Match tag in HtmlTag().Matches(html))
        {
            var between = WebUtility.HtmlDecode(html[at..tag.Index]).Replace('\u00A0', ' ');
            at = tag.Index + tag.Length;
            if (inMention)
                between = "";
            if (anchorStart is null)
                output.AppendText(between);
            else
                output.AppendRaw(between);

            var closing = tag.Groups["close"].Success;
            switch (tag.Groups["name"].Value.ToLowerInvariant())
            {
                case "at":
                    inMention = !closing;
                    break;
                case "a" when !closing:
                    anchorStart = output.Text.Length;
                    href = Href().Match(tag.Groups["attributes"].Value) is { Success: true } h ? WebUtility.HtmlDecode(h.Groups["url"].Value).Trim() : null;
                    break;
                case "a" when anchorStart is { } start:
                    if (href is not null && IsHttp(href))
                        output.EndLink(start, href);
                    anchorStart = null;
                    break;
                case "br":
                case "p" or "div" or "li" or "tr" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" when closing:
                    output.AppendRaw("\n");
                    break;
            }
        }

        var rest = WebUtility.HtmlDecode(html[at..]).Replace('\u00A0', ' ');
        if (anchorStart is null)
            output.AppendText(rest);
        else
            output.AppendRaw(rest);
    }

    private readonly record struct Occurrence(int Start, int End, string Url, string? Label);

    // The message as plain text, and where each link sits in it.
    private sealed class Rendering
    {
        public StringBuilder Text { get; } = new();

        public List<Occurrence> Links { get; } = [];

        public void AppendRaw(string text) => Text.Append(text);

        /// Text in which addresses may stand bare, as people type them.
        public void AppendText(string text)
        {
            var at = 0;
            foreach (Match match in BareUrl().Matches(text))
            {
                var url = TrimTrailingPunctuation(match.Value);
                Text.Append(text, at, match.Index - at);
                AppendLink(url, label: null);
                at = match.Index + url.Length;
            }

            Text.Append(text, at, text.Length - at);
        }

        public void AppendLink(string url, string? label)
        {
            var start = Text.Length;
            label = string.IsNullOrWhiteSpace(label) ? null : Spaces().Replace(label, " ").Trim();
            Text.Append(label ?? url);
            Links.Add(new Occurrence(start, Text.Length, url, label));
        }

        /// A link whose text has just been appended from start on.
        public void EndLink(int start, string url)
        {
            var label = Spaces().Replace(Text.ToString(start, Text.Length - start), " ").Trim();
            if (label.Length == 0)
                Text.Append(url);
            Links.Add(new Occurrence(start, Text.Length, url, label.Length == 0 ? null : label));
        }
    }

    // "(see https://x.org/a)." ends at "a", but https://en.wikipedia.org/wiki/Flip_(education) keeps its ")".
    private static string TrimTrailingPunctuation(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            var unbalanced = (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')'))
                || (last == ']' && url.Count(c => c == '[') < url.Count(c => c == ']'));
            if (!unbalanced && last is not ('.' or ',' or ';' or ':' or '!' or '?' or '*'))
                return url;
            url = url[..^1];
        }

        return url;
    }

    [GeneratedRegex(@"\bhttps?://[^\s<>""'\u201C\u201D\u2018\u2019]+", RegexOptions.IgnoreCase)]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"<(?<target>[^<>|\s]+)(?:\|(?<label>[^<>]*))?>")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9]*)(?<attributes>[^<>]*)>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\bhref\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)'|(?<url>[^\s""'>]+))", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    // Slack's <@U1>, <#C1|name>, <!here>, <https://…|label> and HTML tags; "<3" and "a < b" are text.
    [GeneratedRegex(@"<[@#!/\p{L}][^<>]*>")]
    private static partial Regex AngleToken();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_&#])#(?<tag>[\p{N}_-]*\p{L}[\p{L}\p{N}_-]*)")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"(?<=[.!?\u2026])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@":[a-z][a-z0-9_+'-]*:")]
    private static partial Regex SlackEmoji();

    [GeneratedRegex(@"[*~`]|(?<!\w)_|_(?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\(\s*\)|\[\s*\]")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"\.[A-Za-z][A-Za-z0-9]{0,4}$")]
    private static partial Regex FileExtension();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" +(?=[,.;:!?])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CohortBot.Teams;

/// <summary>
/// The service URLs the bot may call: those of configuration and those the app trusts after
/// authenticating an activity or loading a stored conversation reference. The connector client
/// refuses any other, so a forged activity cannot make the bot send its token elsewhere.
/// Comparison ignores case, a trailing slash and a default port.
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.Ordinal);

    internal TrustedServiceUrls(IOptions<BotFrameworkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var url in options.Value.ServiceUrls)
            Trust(url);
    }

    /// <summary>Trusts a service URL from now on.</summary>
    /// <param name="serviceUrl">An absolute http or https URL.</param>
    /// <exception cref="ArgumentException">It is not an absolute http or https URL.</exception>
    public void Trust(string serviceUrl) =>
        _trusted.TryAdd(Normalize(serviceUrl) ?? throw new ArgumentException("Not an absolute http(s) URL.", nameof(serviceUrl)), 0);

    /// <summary>Whether a service URL is trusted.</summary>
    /// <param name="serviceUrl">The URL to check; anything that is not an absolute http(s) URL is untrusted.</param>
    public bool IsTrusted(string serviceUrl) => Normalize(serviceUrl) is { } key && _trusted.ContainsKey(key);

    internal static string? Normalize(string? serviceUrl)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl)
            || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
            return null;
        // Uri lowercases scheme and host and drops a default port; the path is compared without case too.
        return string.Concat(uri.Scheme, "://", uri.Authority, uri.AbsolutePath.TrimEnd('/')).ToUpperInvariant();
    }
}

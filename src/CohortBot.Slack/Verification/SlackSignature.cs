using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CohortBot.Slack;

/// <summary>Slack's request signing: <c>v0=</c> + hex(HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>)).</summary>
public static class SlackSignature
{
    /// <summary>The header carrying the request's signature.</summary>
    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>The header carrying the request's Unix timestamp in seconds.</summary>
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>How far the request's timestamp may be from now, either way.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(300);

    private const int HexLength = SHA256.HashSizeInBytes * 2;
    private const string Prefix = "v0=";

    /// <summary>Checks a request's signature over its raw body, in constant time.</summary>
    /// <param name="signingSecret">The app's signing secret; <see langword="null"/> or empty gives <see cref="SlackVerification.NoSecret"/>.</param>
    /// <param name="timestampHeader">The value of <c>X-Slack-Request-Timestamp</c>.</param>
    /// <param name="signatureHeader">The value of <c>X-Slack-Signature</c>.</param>
    /// <param name="rawBody">The request body exactly as received, before any parsing.</param>
    /// <param name="now">The current time.</param>
    /// <returns><see cref="SlackVerification.Valid"/>, or why the request must be refused.</returns>
    public static SlackVerification Verify(
        string? signingSecret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> rawBody, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signingSecret))
            return SlackVerification.NoSecret;
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
            return SlackVerification.MissingHeaders;
        if (!TryParseTimestamp(timestampHeader, out var timestamp))
            return SlackVerification.Malformed;

        Span<byte> received = stackalloc byte[SHA256.HashSizeInBytes];
        if (!TryParseSignature(signatureHeader, received))
            return SlackVerification.Malformed;

        // Compared in seconds so a timestamp far outside DateTimeOffset's range is simply stale.
        var skew = Math.Abs((decimal)now.ToUnixTimeSeconds() - timestamp);
        if (skew > (decimal)MaxClockSkew.TotalSeconds)
            return SlackVerification.Stale;

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(signingSecret, timestampHeader, rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received) ? SlackVerification.Valid : SlackVerification.Mismatch;
    }

    /// <summary>Computes the <c>v0=</c> signature Slack would send for a body (for tests and tools that sign requests).</summary>
    /// <param name="signingSecret">The app's signing secret.</param>
    /// <param name="timestamp">The Unix timestamp in seconds, as it appears in the header.</param>
    /// <param name="rawBody">The request body.</param>
    /// <returns>The header value, <c>v0=</c> followed by 64 lowercase hex digits.</returns>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(signingSecret, timestamp, rawBody, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetByteCount(secret);
        var key = ArrayPool<byte>.Shared.Rent(keyLength);
        try
        {
            Encoding.UTF8.GetBytes(secret, key);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.AsSpan(0, keyLength));
            Span<byte> head = stackalloc byte[3 + 20 + 1];
            "v0:"u8.CopyTo(head);
            var written = 3 + Encoding.ASCII.GetBytes(timestamp, head[3..]);
            head[written++] = (byte)':';
            hmac.AppendData(head[..written]);
            hmac.AppendData(body);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key.AsSpan(0, keyLength));
            ArrayPool<byte>.Shared.Return(key);
        }
    }

    private static bool TryParseTimestamp(string header, out long timestamp)
    {
        timestamp = 0;
        // Digits only (at most 19, so the ASCII copy above fits): no sign, spaces or exponent.
        if (header.Length is 0 or > 19)
            return false;
        foreach (var c in header)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
    }

    private static bool TryParseSignature(string header, Span<byte> destination)
    {
        if (header.Length != Prefix.Length + HexLength || !header.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var hex = header.AsSpan(Prefix.Length);
        foreach (var c in hex)
        {
            // Slack sends lowercase hex; anything else is not its format.
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
                return false;
        }
        return Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done && written == destination.Length;
    }
}

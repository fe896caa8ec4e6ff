using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CohortBot.Slack;

/// <summary>Reads an inbound Slack request's body once, bounded in size, and verifies its signature.</summary>
public static class SlackRequestReader
{
    /// <summary>Slack's header numbering a redelivery of an event (1 to 3).</summary>
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    /// <summary>Slack's header saying why an event is delivered again.</summary>
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    /// <summary>Buffers the raw body (refusing one over <see cref="SlackOptions.MaxRequestBodyBytes"/>) and verifies its signature.</summary>
    /// <param name="request">The inbound request; its body is read to the end.</param>
    /// <param name="options">The signing secret and the body size limit.</param>
    /// <param name="timeProvider">The clock the timestamp is checked against.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The verification result and the raw body; process the body only when <see cref="SlackVerifiedRequest.IsValid"/>.</returns>
    public static async ValueTask<SlackVerifiedRequest> ReadVerifiedAsync(
        HttpRequest request, SlackOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var headers = request.Headers;
        var retryNum = int.TryParse(headers[RetryNumHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var retryReason = headers[RetryReasonHeader].ToString() is { Length: > 0 } reason ? reason : null;

        var body = await ReadBodyAsync(request, options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
            return new SlackVerifiedRequest(SlackVerification.TooLarge, ReadOnlyMemory<byte>.Empty, retryNum, retryReason);

        var verification = SlackSignature.Verify(
            options.SigningSecret,
            headers[SlackSignature.TimestampHeader].ToString(),
            headers[SlackSignature.SignatureHeader].ToString(),
            body,
            timeProvider.GetUtcNow());
        return new SlackVerifiedRequest(verification, body, retryNum, retryReason);
    }

    /// <summary>The whole body, or <see langword="null"/> when it is longer than <paramref name="limit"/>.</summary>
    internal static async ValueTask<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > limit)
            return null;

        var stream = request.Body;
        if (declared is { } length)
        {
            // The usual case: one exact allocation, filled straight from the stream.
            var exact = new byte[length];
            var read = await stream.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < exact.Length)
                return exact[..read];
            // A body longer than its Content-Length is refused rather than truncated.
            return await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0 ? exact : null;
        }

        // Chunked: grow a pooled buffer up to the limit plus one byte, to tell "exactly at the limit" from "over it".
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > limit)
                        return null;
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit + 1) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return buffer.AsSpan(0, total).ToArray();
                total += read;
                if (total > limit)
                    return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

namespace CohortBot.Slack;

/// <summary>
/// An inbound Slack payload (an Events API body, an interactivity payload or a slash command) does not have the shape Slack
/// documents: it is not JSON (or not a form), a field has the wrong JSON type (a number where a string belongs, an array where an
/// object belongs), a field appears twice, or a field every such payload carries is missing. Answer the request 400 and process
/// nothing of it. <see cref="SlackEnvelope.Parse"/>, <see cref="SlackInteraction.Parse"/>, <see cref="SlackInteraction.ParseForm"/>
/// and <see cref="SlashCommand.Parse"/> throw only this for a payload of the wrong shape, never a
/// <see cref="System.Text.Json.JsonException"/>, <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>.
/// </summary>
/// <remarks>
/// A <see cref="FormatException"/>, the exception .NET throws for input text of the wrong format. The message never quotes the
/// payload's values (they may hold a teacher's words); <see cref="Path"/> names the field, and
/// <see cref="Exception.InnerException"/> keeps the serializer's own exception when there was one.
/// </remarks>
public sealed class SlackPayloadException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SlackPayloadException()
        : base("The Slack payload does not have the documented shape.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SlackPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SlackPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one field.</summary>
    /// <param name="message">The message.</param>
    /// <param name="path">The field: a JSON path (<c>$.user.id</c>) or a form field's name (<c>user_id</c>).</param>
    /// <param name="innerException">The cause, if any.</param>
    public SlackPayloadException(string message, string? path, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>
    /// The offending field when it is known: a JSON path such as <c>$.user.id</c>, <c>$.actions[0]</c> or <c>$</c> (the whole
    /// body), or a form field's name such as <c>user_id</c>; <see langword="null"/> when it is not.
    /// </summary>
    public string? Path { get; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CohortBot.Slack;

/// <summary>
/// An interactivity payload (form field <c>payload</c>): <c>block_actions</c>, <c>view_submission</c>, <c>view_closed</c>,
/// <c>shortcut</c> or <c>message_action</c>.
/// </summary>
/// <remarks>
/// <see cref="Parse"/> and <see cref="ParseForm"/> refuse a payload of the wrong shape with a <see cref="SlackPayloadException"/>:
/// every field this type names must have the JSON type Slack documents, <c>type</c> and <c>user.id</c> must be present, and so
/// must be the string members that <see cref="ChannelId"/>, <see cref="MessageTs"/> and <see cref="MessageText"/> read from
/// <c>container</c> and <c>message</c> (or they must be absent). The computed properties never throw: on an instance built in code
/// with a member of the wrong type, they read it as absent.
/// </remarks>
public sealed record SlackInteraction
{
    private const string What = "interaction payload";

    /// <summary>A button, select or other element was used, in a message, modal or Home tab.</summary>
    public const string BlockActions = "block_actions";

    /// <summary>A modal was submitted; answer validation errors in the HTTP response.</summary>
    public const string ViewSubmission = "view_submission";

    /// <summary>A modal was closed (sent only for views with <c>notify_on_close</c>).</summary>
    public const string ViewClosed = "view_closed";

    /// <summary>A global shortcut was used.</summary>
    public const string Shortcut = "shortcut";

    /// <summary>A message shortcut was used.</summary>
    public const string MessageAction = "message_action";

    /// <summary>The interaction type; see the constants of this type. Always present on a parsed interaction.</summary>
    public string? Type { get; init; }

    /// <summary>The workspace (absent on some payloads of apps installed on a whole Enterprise Grid organisation).</summary>
    public SlackTeamRef? Team { get; init; }

    /// <summary>The Enterprise Grid organisation, when the workspace belongs to one.</summary>
    public SlackEnterpriseRef? Enterprise { get; init; }

    /// <summary>Whether the app is installed on a whole Enterprise Grid organisation rather than one workspace.</summary>
    public bool? IsEnterpriseInstall { get; init; }

    /// <summary>The user who interacted. Always present, with an id, on a parsed interaction.</summary>
    public SlackUserRef? User { get; init; }

    /// <summary>The app.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The deprecated verification token (requests are verified by signature instead).</summary>
    public string? Token { get; init; }

    /// <summary>Opens a modal: single use, valid for 3 seconds.</summary>
    public string? TriggerId { get; init; }

    /// <summary>Posts back into the conversation: 5 times within 30 minutes.</summary>
    public string? ResponseUrl { get; init; }

    /// <summary>The conversation, for interactions in messages.</summary>
    public SlackChannelRef? Channel { get; init; }

    /// <summary>Where the interaction happened (<c>message</c>, <c>view</c>), with its ids.</summary>
    public JsonObject? Container { get; init; }

    /// <summary>The message the interaction happened in, as Slack sent it.</summary>
    public JsonObject? Message { get; init; }

    /// <summary>For <c>block_actions</c>: the elements used.</summary>
    public IReadOnlyList<SlackAction>? Actions { get; init; }

    /// <summary>For <c>view_submission</c>, <c>view_closed</c> and actions in a modal or Home tab: the view.</summary>
    public SlackView? View { get; init; }

    /// <summary>For shortcuts: the shortcut's callback id.</summary>
    public string? CallbackId { get; init; }

    /// <summary>For <c>block_actions</c> in a message: the message's input values.</summary>
    public SlackViewState? State { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>
    /// The input values that go with this interaction: the view's <c>state.values</c> in a modal or Home tab, otherwise the message's;
    /// an empty object when there are none.
    /// </summary>
    [JsonIgnore]
    public JsonObject StateValues => View?.State?.Values ?? State?.Values ?? [];

    /// <summary>
    /// The workspace the interaction names: <c>team.id</c>, else <c>user.team_id</c>, else <c>view.team_id</c>. A workspace gate
    /// should also check <see cref="SlackUserRef.TeamId"/> and <see cref="EnterpriseId"/>: the user's own workspace can differ from
    /// <c>team.id</c> (a channel shared with another organisation, or another workspace of an Enterprise Grid organisation).
    /// </summary>
    [JsonIgnore]
    public string? TeamId => NonEmpty(Team?.Id) ?? NonEmpty(User?.TeamId) ?? NonEmpty(View?.TeamId);

    /// <summary>The Enterprise Grid organisation: <c>enterprise.id</c>, else <c>team.enterprise_id</c>; <see langword="null"/> outside one.</summary>
    [JsonIgnore]
    public string? EnterpriseId => NonEmpty(Enterprise?.Id) ?? NonEmpty(Team?.EnterpriseId);

    /// <summary>The conversation of the message interacted with: <c>channel.id</c>, else <c>container.channel_id</c>.</summary>
    [JsonIgnore]
    public string? ChannelId => NonEmpty(Channel?.Id) ?? NonEmpty(SlackPayloadReader.String(Container, "channel_id"));

    /// <summary>The timestamp of the message interacted with: <c>container.message_ts</c>, else <c>message.ts</c>.</summary>
    [JsonIgnore]
    public string? MessageTs => NonEmpty(SlackPayloadReader.String(Container, "message_ts")) ?? NonEmpty(SlackPayloadReader.String(Message, "ts"));

    /// <summary>The text of the message interacted with (<c>message.text</c>), for message shortcuts and actions in messages.</summary>
    [JsonIgnore]
    public string? MessageText => SlackPayloadReader.String(Message, "text");

    /// <summary>Reads the interaction from its JSON (the decoded <c>payload</c> field).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The interaction, with its <see cref="Type"/> and <see cref="User"/> id present.</returns>
    /// <exception cref="SlackPayloadException">
    /// The text is not a JSON object; a field has the wrong JSON type or appears twice; <c>type</c> or <c>user.id</c> is missing or
    /// empty; <c>actions</c> holds a <see langword="null"/>.
    /// </exception>
    public static SlackInteraction Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var interaction = SlackPayloadReader.Deserialize<SlackInteraction>(json, What);
        interaction.Validate();
        return interaction;
    }

    /// <summary>Reads the interaction from the raw form body of an interactivity request (field <c>payload</c>).</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body.</param>
    /// <returns>The interaction, with its <see cref="Type"/> and <see cref="User"/> id present.</returns>
    /// <exception cref="SlackPayloadException">
    /// There is no <c>payload</c> field, or more than one, or it is not an interaction of the right shape (see <see cref="Parse"/>).
    /// </exception>
    public static SlackInteraction ParseForm(ReadOnlySpan<byte> formBody)
    {
        var fields = SlackForm.ParseUnique(formBody, What);
        return fields.TryGetValue("payload", out var payload)
            ? Parse(payload)
            : throw new SlackPayloadException("The interaction request has no payload field.", "payload");
    }

    private void Validate()
    {
        SlackPayloadReader.Required(Type, "$.type", What);
        SlackPayloadReader.Required(SlackPayloadReader.Required(User, "$.user", What).Id, "$.user.id", What);
        SlackPayloadReader.NoNullElements(Actions, "$.actions", What);
        for (var i = 0; i < (Actions?.Count ?? 0); i++)
            SlackPayloadReader.NoNullElements(Actions![i].SelectedOptions, $"$.actions[{i}].selected_options", What);
        foreach (var name in (ReadOnlySpan<string>)["type", "channel_id", "message_ts", "thread_ts", "view_id"])
            SlackPayloadReader.StringOrAbsent(Container, name, "$.container", What);
        SlackPayloadReader.BooleanOrAbsent(Container, "is_ephemeral", "$.container", What);
        foreach (var name in (ReadOnlySpan<string>)["type", "ts", "text", "thread_ts", "user", "bot_id"])
            SlackPayloadReader.StringOrAbsent(Message, name, "$.message", What);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>An Enterprise Grid organisation as named in an interaction.</summary>
/// <param name="Id">The organisation id (<c>E…</c>).</param>
/// <param name="Name">The organisation's name.</param>
public sealed record SlackEnterpriseRef(string? Id, string? Name);

/// <summary>A workspace as named in an interaction.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Domain">The workspace's subdomain.</param>
public sealed record SlackTeamRef(string? Id, string? Domain)
{
    /// <summary>The workspace's Enterprise Grid organisation, when it belongs to one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>The organisation's name.</summary>
    public string? EnterpriseName { get; init; }
}

/// <summary>A user as named in an interaction.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Username">The user's handle.</param>
/// <param name="Name">The user's name (older payloads).</param>
/// <param name="TeamId">The user's workspace.</param>
public sealed record SlackUserRef(string? Id, string? Username, string? Name, string? TeamId);

/// <summary>A conversation as named in an interaction.</summary>
/// <param name="Id">The conversation id.</param>
/// <param name="Name">The conversation's name.</param>
public sealed record SlackChannelRef(string? Id, string? Name);

/// <summary>An element used in a <c>block_actions</c> interaction.</summary>
public sealed record SlackAction
{
    /// <summary>The element's <c>action_id</c>.</summary>
    public string? ActionId { get; init; }

    /// <summary>The <c>block_id</c> of the block holding the element.</summary>
    public string? BlockId { get; init; }

    /// <summary>The element type: <c>button</c>, <c>static_select</c>, <c>datepicker</c> and so on.</summary>
    public string? Type { get; init; }

    /// <summary>A button's <c>value</c>.</summary>
    public string? Value { get; init; }

    /// <summary>When the action happened.</summary>
    public string? ActionTs { get; init; }

    /// <summary>A single select's chosen option.</summary>
    public SlackOption? SelectedOption { get; init; }

    /// <summary>A multi-select's or checkboxes' chosen options.</summary>
    public IReadOnlyList<SlackOption>? SelectedOptions { get; init; }

    /// <summary>A date picker's date, <c>yyyy-MM-dd</c>.</summary>
    public string? SelectedDate { get; init; }

    /// <summary>A time picker's time, <c>HH:mm</c>.</summary>
    public string? SelectedTime { get; init; }

    /// <summary>A user select's user.</summary>
    public string? SelectedUser { get; init; }

    /// <summary>A conversation select's conversation.</summary>
    public string? SelectedConversation { get; init; }

    /// <summary>A channel select's channel.</summary>
    public string? SelectedChannel { get; init; }

    /// <summary>The element's text object (buttons).</summary>
    public JsonObject? Text { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>An option of a select, checkboxes or radio buttons.</summary>
/// <param name="Value">The option's value.</param>
/// <param name="Text">The option's text object.</param>
public sealed record SlackOption(string? Value, JsonObject? Text);

/// <summary>A modal or Home tab view, as sent back in interactions.</summary>
public sealed record SlackView
{
    /// <summary>The view id.</summary>
    public string? Id { get; init; }

    /// <summary><c>modal</c> or <c>home</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The workspace.</summary>
    public string? TeamId { get; init; }

    /// <summary>The callback id the view was opened with.</summary>
    public string? CallbackId { get; init; }

    /// <summary>The private metadata the view was opened with (up to 3000 characters).</summary>
    public string? PrivateMetadata { get; init; }

    /// <summary>The view's input values.</summary>
    public SlackViewState? State { get; init; }

    /// <summary>The view's version, for updates that must not overwrite a newer one.</summary>
    public string? Hash { get; init; }

    /// <summary>The first view of a stack of modals.</summary>
    public string? RootViewId { get; init; }

    /// <summary>The view below this one in a stack of modals.</summary>
    public string? PreviousViewId { get; init; }

    /// <summary>The id given by the app, if any.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The view's blocks.</summary>
    public JsonArray? Blocks { get; init; }

    /// <summary>Fields this type does not name, kept as received.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The input values of a view or message.</summary>
public sealed record SlackViewState
{
    /// <summary><c>values[block_id][action_id]</c> = the element's state (<c>type</c> and its value fields).</summary>
    public JsonObject Values { get; init; } = [];
}

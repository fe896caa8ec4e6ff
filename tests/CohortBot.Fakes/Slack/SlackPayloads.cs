using System.Globalization;
using System.Text.Json.Nodes;

namespace CohortBot.Fakes.Slack;

/// Typical inbound Slack payloads, shaped like the examples on Slack's event and interaction reference pages.
public static class SlackPayloads
{
    public const string TeamId = "T0DEMO0001";
    public const string AppId = "A0001";
    public const string BotUserId = "UBOT0001";

    private static long _eventCounter;

    /// A fresh unique event id.
    public static string NewEventId() => "Ev" + Interlocked.Increment(ref _eventCounter).ToString("D8", CultureInfo.InvariantCulture);

    /// <c>{"type":"url_verification","challenge":...}</c>.
    public static JsonObject UrlVerification(string challenge) =>
        new() { ["token"] = "legacy-token", ["challenge"] = challenge, ["type"] = "url_verification" };

    /// An <c>event_callback</c> envelope around <paramref name="evt"/>.
    public static JsonObject EventCallback(JsonObject evt, string? eventId = null, long eventTime = 1_700_000_000) => new()
    {
        ["token"] = "legacy-token",
        ["team_id"] = TeamId,
        ["api_app_id"] = AppId,
        ["event"] = evt,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? NewEventId(),
        ["event_time"] = eventTime,
        ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = TeamId, ["user_id"] = BotUserId, ["is_bot"] = true, ["is_enterprise_install"] = false }),
        ["is_ext_shared_channel"] = false,
        ["event_context"] = "4-eyJldCI6Im1lc3NhZ2UifQ",
    };

    /// A user's message (<c>message.im</c> by default: channel type <c>im</c>).
    public static JsonObject Message(string user, string text, string channel = "D0001", string channelType = "im", string? ts = null, string? threadTs = null)
    {
        var evt = new JsonObject
        {
            ["type"] = "message",
            ["user"] = user,
            ["text"] = text,
            ["ts"] = ts ?? "1700000000.000100",
            ["channel"] = channel,
            ["event_ts"] = ts ?? "1700000000.000100",
            ["channel_type"] = channelType,
            ["team"] = TeamId,
        };
        if (threadTs is not null)
            evt["thread_ts"] = threadTs;
        return evt;
    }

    /// A message a bot posted (carries <c>bot_id</c> and subtype <c>bot_message</c>).
    public static JsonObject BotMessage(string text, string channel = "D0001", string botId = "B0001") => new()
    {
        ["type"] = "message",
        ["subtype"] = "bot_message",
        ["bot_id"] = botId,
        ["app_id"] = AppId,
        ["text"] = text,
        ["ts"] = "1700000000.000200",
        ["channel"] = channel,
        ["event_ts"] = "1700000000.000200",
        ["channel_type"] = "im",
    };

    /// An <c>app_mention</c> in a channel.
    public static JsonObject AppMention(string user, string text, string channel = "C0001") => new()
    {
        ["type"] = "app_mention",
        ["user"] = user,
        ["text"] = $"<@{BotUserId}> {text}",
        ["ts"] = "1700000000.000300",
        ["channel"] = channel,
        ["event_ts"] = "1700000000.000300",
        ["team"] = TeamId,
    };

    /// <c>app_home_opened</c> on the given tab.
    public static JsonObject AppHomeOpened(string user, string tab = "home") => new()
    {
        ["type"] = "app_home_opened",
        ["user"] = user,
        ["channel"] = "D0001",
        ["event_ts"] = "1700000000.000400",
        ["tab"] = tab,
    };

    /// <c>block_actions</c> from a message: a pressed button with <paramref name="value"/>, and the message's <c>state.values</c>.
    public static JsonObject BlockActions(string user, string actionId, string value, JsonObject? stateValues = null, string blockId = "actions") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "teacher", ["name"] = "teacher", ["team_id"] = TeamId },
        ["api_app_id"] = AppId,
        ["token"] = "legacy-token",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = "D0001", ["is_ephemeral"] = false },
        ["trigger_id"] = "1111.2222.abcdef",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "district" },
        ["channel"] = new JsonObject { ["id"] = "D0001", ["name"] = "directmessage" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = "1700000000.000100", ["text"] = "fallback", ["blocks"] = new JsonArray() },
        ["state"] = new JsonObject { ["values"] = stateValues ?? new JsonObject() },
        ["response_url"] = "https://hooks.slack.com/actions/T0001/1/abc",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = blockId,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Submit", ["emoji"] = true },
            ["value"] = value,
            ["type"] = "button",
            ["action_ts"] = "1700000001.000000",
        }),
    };

    /// <c>view_submission</c> of a modal with <paramref name="stateValues"/>.
    public static JsonObject ViewSubmission(string user, string callbackId, JsonObject stateValues, string privateMetadata = "") => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "district" },
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "teacher", ["name"] = "teacher", ["team_id"] = TeamId },
        ["api_app_id"] = AppId,
        ["token"] = "legacy-token",
        ["trigger_id"] = "1111.3333.abcdef",
        ["view"] = new JsonObject
        {
            ["id"] = "V0001",
            ["team_id"] = TeamId,
            ["type"] = "modal",
            ["blocks"] = new JsonArray(),
            ["private_metadata"] = privateMetadata,
            ["callback_id"] = callbackId,
            ["state"] = new JsonObject { ["values"] = stateValues },
            ["hash"] = "1700000000.abcd",
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Check-in" },
            ["root_view_id"] = "V0001",
            ["app_id"] = AppId,
            ["bot_id"] = "B0001",
        },
        ["response_urls"] = new JsonArray(),
        ["is_enterprise_install"] = false,
    };

    /// <c>view_closed</c> of a modal opened with <c>notify_on_close</c>.
    public static JsonObject ViewClosed(string user, string callbackId) => new()
    {
        ["type"] = "view_closed",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "district" },
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "teacher", ["team_id"] = TeamId },
        ["api_app_id"] = AppId,
        ["view"] = new JsonObject { ["id"] = "V0001", ["type"] = "modal", ["callback_id"] = callbackId, ["private_metadata"] = "", ["state"] = new JsonObject { ["values"] = new JsonObject() } },
        ["is_cleared"] = false,
    };

    /// A global <c>shortcut</c>.
    public static JsonObject Shortcut(string user, string callbackId) => new()
    {
        ["type"] = "shortcut",
        ["token"] = "legacy-token",
        ["action_ts"] = "1700000002.000000",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "district" },
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "teacher", ["team_id"] = TeamId },
        ["callback_id"] = callbackId,
        ["trigger_id"] = "1111.4444.abcdef",
    };

    /// A <c>message_action</c> (message shortcut) on a message.
    public static JsonObject MessageAction(string user, string callbackId, string channel = "C0001") => new()
    {
        ["type"] = "message_action",
        ["token"] = "legacy-token",
        ["action_ts"] = "1700000003.000000",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = "district" },
        ["user"] = new JsonObject { ["id"] = user, ["name"] = "teacher" },
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "general" },
        ["callback_id"] = callbackId,
        ["trigger_id"] = "1111.5555.abcdef",
        ["message_ts"] = "1700000000.000100",
        ["message"] = new JsonObject { ["type"] = "message", ["user"] = "U0002", ["ts"] = "1700000000.000100", ["text"] = "a message" },
        ["response_url"] = "https://hooks.slack.com/app/T0001/1/abc",
    };

    /// The fields of a slash command.
    public static Dictionary<string, string> SlashCommand(string user, string text, string command = "/cohort", string channel = "D0001") => new()
    {
        ["token"] = "legacy-token",
        ["team_id"] = TeamId,
        ["team_domain"] = "district",
        ["channel_id"] = channel,
        ["channel_name"] = "directmessage",
        ["user_id"] = user,
        ["user_name"] = "teacher",
        ["command"] = command,
        ["text"] = text,
        ["api_app_id"] = AppId,
        ["is_enterprise_install"] = "false",
        ["response_url"] = "https://hooks.slack.com/commands/T0001/1/abc",
        ["trigger_id"] = "1111.6666.abcdef",
    };

    /// <c>state.values</c> with one plain-text input and one static select.
    public static JsonObject StateValues(string textBlock, string textAction, string text, string selectBlock, string selectAction, string selected) => new()
    {
        [textBlock] = new JsonObject { [textAction] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text } },
        [selectBlock] = new JsonObject
        {
            [selectAction] = new JsonObject
            {
                ["type"] = "static_select",
                ["selected_option"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = selected }, ["value"] = selected },
            },
        },
    };
}

// The Slack peer of CohortBot's inbound benchmark: a minimal app on Slack's official Bolt for
// JavaScript with the same two handlers as CohortBot's (a direct message is answered with the help
// message through chat.postMessage; `/cohort help` is answered in the acknowledgement), on the same
// request URLs. Bolt's defaults otherwise: the HTTP receiver acknowledges events before the
// listener runs (processBeforeResponse: false) and verifies every signature.
//
// Settings come from the environment (the benchmark sets them):
//   PORT                  where to listen (127.0.0.1)
//   SLACK_SIGNING_SECRET  the signing secret the generator signs with
//   SLACK_BOT_TOKEN       the bot token sent to the Web API
//   SLACK_API_URL         the (fake) Web API, e.g. http://127.0.0.1:41234/api/
//   HELP_MESSAGE_FILE     a JSON file {"text": ..., "blocks": [...]}: CohortBot's own help message,
//                         so that both apps send the same bytes
const fs = require('node:fs');
const { App, LogLevel } = require('@slack/bolt');

const help = process.env.HELP_MESSAGE_FILE
  ? JSON.parse(fs.readFileSync(process.env.HELP_MESSAGE_FILE, 'utf8'))
  : { text: 'What I can do' };

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  // Known up front, so Bolt skips its auth.test lookup.
  botId: 'B0001',
  botUserId: 'UBOT0001',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  endpoints: ['/api/slack/events', '/api/slack/commands'],
  customRoutes: [{ path: '/readyz', method: ['GET'], handler: (req, res) => { res.writeHead(200); res.end('ok'); } }],
  logLevel: LogLevel.ERROR,
});

app.message(async ({ say }) => {
  await say({ text: help.text, blocks: help.blocks });
});

app.command('/cohort', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
});

app.error(async (error) => {
  console.error(error);
});

(async () => {
  await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
  console.log(`bolt peer listening on 127.0.0.1:${process.env.PORT}`);
})();

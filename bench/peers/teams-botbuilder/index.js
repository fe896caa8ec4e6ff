// Benchmark peer: a minimal Teams echo bot on Microsoft's Bot Framework SDK for JavaScript
// (botbuilder 4.23.3), shaped like the official EchoBot sample (restify + CloudAdapter +
// ConfigurationBotFrameworkAuthentication). It is the comparison baseline for CohortBot's Teams
// channel, run against the loopback fakes in tests/CohortBot.Fakes.
//
// Environment (names as botbuilder's ConfigurationBotFrameworkAuthentication reads them):
//   PORT                               listens on 127.0.0.1:PORT (default 3978)
//   MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType (MultiTenant)
//   ToBotFromChannelOpenIdMetadataUrl  inbound: the OpenID metadata of the tokens' signer
//   ToBotFromChannelTokenIssuer        inbound: the tokens' issuer (https://api.botframework.com)
//   ToBotFromEmulatorOpenIdMetadataUrl inbound: only for Emulator and skill tokens
//   ToChannelFromBotLoginUrl           outbound: the token authority, e.g. {connector}/botframework.com
//   ToChannelFromBotOAuthScope         outbound: the token scope (https://api.botframework.com)
//   OAuthUrl, CallerId                 as botbuilder's defaults for the public cloud
// Once any of the To*/OAuthUrl/CallerId keys is set botbuilder takes every one of them from the
// configuration and defaults none, so each is given a public-cloud default below.
//
// Inbound tokens must look like the Bot Connector's (iss, aud = MicrosoftAppId, serviceurl, nbf, exp):
// botbuilder treats a token that carries `ver` plus an `appid` unequal to `aud` as a skill token,
// validates it against ToBotFromEmulatorOpenIdMetadataUrl and answers 401.
//
// GET /readyz answers 200 once the server listens; POST /api/messages is the bot (200, empty body).

'use strict';

const restify = require('restify');
const { ConfidentialClientApplication } = require('@azure/msal-node');
const {
    ActivityTypes,
    CallerIdConstants,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    MessageFactory,
} = require('botbuilder');
const { AuthenticationConstants, MsalServiceClientCredentialsFactory } = require('botframework-connector');

const env = process.env;
const config = {
    MicrosoftAppId: env.MicrosoftAppId,
    MicrosoftAppPassword: env.MicrosoftAppPassword,
    MicrosoftAppType: env.MicrosoftAppType || 'MultiTenant',
    MicrosoftAppTenantId: env.MicrosoftAppTenantId || '',
    ToBotFromChannelOpenIdMetadataUrl:
        env.ToBotFromChannelOpenIdMetadataUrl || AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: env.ToBotFromChannelTokenIssuer || AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl:
        env.ToBotFromEmulatorOpenIdMetadataUrl || AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: env.ToChannelFromBotLoginUrl || AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: env.ToChannelFromBotOAuthScope || AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: env.OAuthUrl || AuthenticationConstants.OAuthUrl,
    CallerId: env.CallerId || CallerIdConstants.PublicAzureChannel,
};

// Outbound tokens. botbuilder's default credential factory builds an MSAL ConfidentialClientApplication
// with nothing but the authority, which MSAL then requires to be https and validates with an instance
// discovery GET to login.microsoftonline.com; neither is possible against a plain-http loopback fake.
// So the bot passes botbuilder's MsalServiceClientCredentialsFactory (its documented hook for a
// caller-built MSAL client) one ConfidentialClientApplication. For a plain-http authority (the fake)
// the client is told the authority is known (no instance discovery) and given its metadata (no
// openid-configuration GET), the token endpoint being {authority}/oauth2/v2.0/token over http; MSAL
// only insists the authority *string* is https, and never contacts it. Otherwise MSAL runs as usual.
function createMsalClient() {
    const loginUrl = config.ToChannelFromBotLoginUrl.replace(/\/+$/, '');
    const auth = {
        clientId: config.MicrosoftAppId,
        clientSecret: config.MicrosoftAppPassword || '',
        authority: loginUrl,
    };
    const url = new URL(loginUrl);
    if (url.protocol === 'http:') {
        const authority = 'https://' + url.host + url.pathname;
        auth.authority = authority;
        auth.knownAuthorities = [url.host];
        auth.authorityMetadata = JSON.stringify({
            issuer: authority + '/v2.0',
            authorization_endpoint: authority + '/oauth2/v2.0/authorize',
            token_endpoint: loginUrl + '/oauth2/v2.0/token',
            end_session_endpoint: authority + '/oauth2/v2.0/logout',
            jwks_uri: authority + '/discovery/v2.0/keys',
        });
    }
    return new ConfidentialClientApplication({ auth });
}

const credentialsFactory = config.MicrosoftAppId
    ? new MsalServiceClientCredentialsFactory(config.MicrosoftAppId, createMsalClient())
    : undefined;
const botFrameworkAuthentication = new ConfigurationBotFrameworkAuthentication(config, credentialsFactory);
const adapter = new CloudAdapter(botFrameworkAuthentication);

adapter.onTurnError = async (context, error) => {
    console.error(`[onTurnError] ${error && error.stack ? error.stack : error}`);
};

async function turn(context) {
    if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity(MessageFactory.text('Echo: ' + context.activity.text));
    }
}

const server = restify.createServer({ handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser());

server.get('/readyz', (req, res, next) => {
    res.send(200, 'ok');
    return next();
});

server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, turn);
});

const port = Number(env.PORT || 3978);
server.listen(port, '127.0.0.1', () => {
    console.log(`teams-botbuilder peer listening on http://127.0.0.1:${port}`);
});

function shutdown() {
    server.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

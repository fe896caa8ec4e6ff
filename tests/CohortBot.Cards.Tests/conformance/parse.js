#!/usr/bin/env node
// Parses expanded Adaptive Cards with Microsoft's official parser (adaptivecards, as Teams' web client uses it),
// targeting schema 1.5, so the tests can prove every card we send is one the official library accepts.
//
//   node parse.js              reads a card as JSON on stdin (or an array of cards, answered with an array)
//   node parse.js card.json
//
// Prints {"events": [{"phase", "event", "message", "source"}]} per card as JSON on stdout: the parse events of the
// SerializationContext, then the events of validateProperties(). A card the parser throws on gets {"error": "<message>"}.
"use strict";
const fs = require("fs");
// The bundled build, as the issue asks. It needs no DOM shim: it only touches document/window when rendering,
// and nothing here renders.
const AC = require("adaptivecards/dist/adaptivecards.min.js");

function readRequest() {
    const args = process.argv.slice(2);
    return JSON.parse(fs.readFileSync(args.length > 0 ? args[0] : 0, "utf8"));
}

function describe(event) {
    const source = event.source;
    let name;
    if (source) {
        const type = typeof source.getJsonTypeName === "function" ? source.getJsonTypeName() : undefined;
        name = [type, source.id ? `#${source.id}` : undefined].filter(Boolean).join("") || undefined;
    }
    return {
        phase: AC.ValidationPhase[event.phase],
        event: AC.ValidationEvent[event.event],
        message: event.message,
        source: name,
    };
}

function parse(json) {
    try {
        const card = new AC.AdaptiveCard();
        const context = new AC.SerializationContext(AC.Versions.v1_5);
        card.parse(json, context);
        const events = [];
        for (let i = 0; i < context.eventCount; i++) {
            events.push(describe(context.getEventAt(i)));
        }
        for (const event of card.validateProperties().validationEvents) {
            events.push(describe(event));
        }
        return { events };
    } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
    }
}

const request = readRequest();
const result = Array.isArray(request) ? request.map(parse) : parse(request);
process.stdout.write(JSON.stringify(result));

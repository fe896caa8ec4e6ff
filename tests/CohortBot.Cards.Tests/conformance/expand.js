#!/usr/bin/env node
// Expands an Adaptive Card template with Microsoft's official engine, so the C# engine's
// tests can compare against it instead of against hand-written expectations.
//
//   node expand.js                             reads {"template", "data", "host", "now"} as JSON on stdin
//                                              (or an array of them, answered with an array)
//   node expand.js template.json [data.json] [host.json]
//
// "now" (optional, milliseconds since 1970) fixes the clock that utcNow() and the like read.
// Prints {"output": <expanded card>} or {"error": "<message>"} as JSON on stdout.
// The engine formats with the host's locale and time zone: run it with LC_ALL=en_US.UTF-8 and TZ=UTC.
"use strict";
const fs = require("fs");
const ACData = require("adaptivecards-templating");

function readJson(path) {
    return JSON.parse(fs.readFileSync(path, "utf8"));
}

function readRequest() {
    const args = process.argv.slice(2);
    if (args.length > 0) {
        return {
            template: readJson(args[0]),
            data: args[1] ? readJson(args[1]) : undefined,
            host: args[2] ? readJson(args[2]) : undefined,
        };
    }
    return JSON.parse(fs.readFileSync(0, "utf8"));
}

// Day.js and the engine read the clock through the global Date; a subclass answering a fixed instant to
// new Date() and Date.now() stands in for it during one request.
function withClock(now, run) {
    if (now === undefined) {
        return run();
    }
    const RealDate = Date;
    global.Date = class FixedDate extends RealDate {
        constructor(...args) {
            if (args.length === 0) {
                super(now);
            } else {
                super(...args);
            }
        }

        static now() {
            return now;
        }
    };
    try {
        return run();
    } finally {
        global.Date = RealDate;
    }
}

function expand(request) {
    return withClock(request.now, () => expandNow(request));
}

function expandNow(request) {
    try {
        const template = new ACData.Template(request.template);
        const context = { $root: request.data };
        if (request.host !== undefined) {
            context.$host = request.host;
        }
        const output = template.expand(context);
        return { output: output === undefined ? null : output };
    } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
    }
}

const request = readRequest();
const result = Array.isArray(request) ? request.map(expand) : expand(request);
process.stdout.write(JSON.stringify(result));

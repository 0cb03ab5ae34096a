// run.mjs: what the browser tests (web.mjs, oidc.mjs) share: Debian's
// chromium (the program in CHROMIUM) driven by playwright-core, checks
// counted as they pass, a failure thrown, and the closing line with the
// count and the time taken.
import {chromium} from 'playwright-core';

const started = Date.now ();
let checks = 0;

export function ok (text) {
    checks++;
    console.log (`ok - ${text}`);
}

export function fail (text) {
    throw new Error (text);
}

export const launch = () => chromium.launch ({executablePath: process.env.CHROMIUM,
                                              args: ['--no-sandbox']});

// "N passed, 0 failed (S s)": printed last, when nothing failed.
export const summary = () =>
    `${checks} passed, 0 failed (${((Date.now () - started) / 1000).toFixed (1)} s)`;

// harness.mjs: what the browser tests (web.mjs, pages.mjs, oidc.mjs,
// bench.mjs) share: a browser per language (Debian's chromium by
// playwright-core, CHROMIUM in the environment), a person (a browser
// context and its page, every script error and Content-Security-Policy
// violation collected), axe-core and the screenshots of a page (1920 and
// 360 px wide into SHOTS), signing in.
import {chromium} from 'playwright-core';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const {SHOTS, CHROMIUM} = process.env;
const axeSource = readFileSync (createRequire (import.meta.url).resolve ('axe-core/axe.min.js'), 'utf8');
const started = Date.now ();
let checks = 0;
const errors = [];

// One browser process per language, as a person's browser speaks theirs:
// Chromium on Linux takes the language of its own interface, and with it
// how a date input shows its date (12/07/2026 in English, 07/12/2026 in
// French), from LANGUAGE in its environment (Debian's chromium-l10n holds
// the languages), never from a page or from a context's locale, which set
// only what scripts see (Intl, navigator.language); nor from --lang, which
// Chromium on Linux ignores.
const browsers = new Map ();

// The browser of locale ("de-DE"), started at its first use.
export function browserFor (locale) {
    const language = locale.replace ('-', '_');
    if (!browsers.has (language))
        browsers.set (language, chromium.launch ({executablePath: CHROMIUM, args: ['--no-sandbox'],
                                                  env: {...process.env, LANGUAGE: language}}));
    return browsers.get (language);
}

export async function closeBrowsers () {
    for (const browser of browsers.values ())
        await (await browser).close ();
}

export function ok (text) {
    checks++;
    console.log (`ok - ${text}`);
}

export function fail (text) {
    throw new Error (text);
}

// A person at base (a node's address) whose browser speaks locale.
export async function person (base, locale) {
    const browser = await browserFor (locale);
    const context = await browser.newContext ({baseURL: base, locale,
                                               viewport: {width: 1920, height: 1080}});
    const page = await context.newPage ();
    page.on ('pageerror', error => errors.push (`${base}: ${error.stack || error.message}`));
    page.on ('console', message => {
        if (message.type () === 'error' && !/status of 4(01|03|04|09|22)/.test (message.text ()))
            errors.push (`${base}: ${message.text ()}`);
    });
    page.setDefaultTimeout (15000);
    return {context, page};
}

// Check the page with axe-core and photograph it at both widths.
export async function look (page, name) {
    await page.evaluate (axeSource);
    const result = await page.evaluate (() => window.axe.run (document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}));
    const bad = result.violations.filter (violation => ['serious', 'critical'].includes (violation.impact));
    if (bad.length)
        fail (`${name}: axe-core finds ${bad.map (violation => `${violation.id} (${violation.impact}: `
              + `${violation.nodes.map (node => node.target.join (' ')).join (', ')})`).join ('; ')}`);
    await page.screenshot ({path: `${SHOTS}/${name}-1920.png`, fullPage: true});
    await page.setViewportSize ({width: 360, height: 780});
    await page.screenshot ({path: `${SHOTS}/${name}-360.png`, fullPage: true});
    await page.setViewportSize ({width: 1920, height: 1080});
    ok (`${name}: no serious or critical axe-core violation (${result.passes.length} rules pass); screenshots 1920 and 360 wide`);
}

// The fields of the page's date inputs, in the order the browser draws
// them, named in the browser's language, as its accessibility tree (what a
// screen reader reads) has them: ["Jour", "Mois", "Année"] in French (the
// first word: Chromium 156 names each twice, "Jour Jour").
export async function dateFields (page) {
    const session = await page.context ().newCDPSession (page);
    const {nodes} = await session.send ('Accessibility.getFullAXTree');
    await session.detach ();
    return nodes.filter (node => node.role && node.role.value === 'spinbutton')
                .map (node => ((node.name && node.name.value) || '').split (' ') [0]);
}

export async function heading (page, text) {
    await page.locator ('h1', {hasText: text}).waitFor ();
}

// Sign in as name (password "password of NAME"); then wait for the
// heading title, or for any page but the sign-in (title null).
export async function signIn (page, name, title) {
    await page.fill ('#name', name);
    await page.fill ('#password', `password of ${name}`);
    await page.click ('form button[type=submit]');
    if (title)
        return heading (page, title);
    await page.waitForURL (url => url.pathname !== '/signin');
    await page.locator ('main:not([aria-busy]) h1').waitFor ();
}

// Fail on any script error or CSP violation seen, close the browsers, and
// say how many checks passed.
export async function finish () {
    await closeBrowsers ();
    if (errors.length)
        fail (`errors in the pages: ${errors.join ('; ')}`);
    ok ('no script error and no Content-Security-Policy violation in any page');
    console.log (`${checks} passed, 0 failed (${((Date.now () - started) / 1000).toFixed (1)} s)`);
}

// web.mjs: the web application in a real browser (Debian's chromium driven
// by playwright-core), run by tests/integration/test_web.sh, which starts
// two nodes and passes, in the environment: WEB_DE, WEB_FR (each node's
// address), CASE (a request DE:aek-berlin sent to FR:cnom) and REPLY_BY
// (its proposed reply date), OTHER_CASE (one sent to FR:ars-idf), SHOTS (the
// folder for screenshots), CHROMIUM (the browser's program).
//
// A German handler (hanna, in German) signs in at DE, finds FR:cnom by
// type-ahead and opens its page, opens the request from the inbox; a French
// handler (pierre, in French) signs in at FR, finds the request among those
// to accept, accepts it and answers it, and cannot open another authority's
// case by its address; hanna sees the answer, asks for the
// French text's translation, loses her session while writing a message
// (the cookie is dropped), signs in again, is back on the case with her
// text kept and sends it, then closes the case with her ratings, which
// pierre's inbox, left open, shows live (the event stream); hanna's
// password change is checked before it is sent; both sign out. Each page is checked by axe-core (no serious or critical
// violation) and photographed 1920 and 360 px wide. Any script error or
// Content-Security-Policy violation in the page fails the test.
import {chromium} from 'playwright-core';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const {WEB_DE, WEB_FR, CASE, OTHER_CASE, REPLY_BY, SHOTS, CHROMIUM} = process.env;
const axeSource = readFileSync (createRequire (import.meta.url).resolve ('axe-core/axe.min.js'), 'utf8');
const started = Date.now ();
let checks = 0;

function ok (text) {
    checks++;
    console.log (`ok - ${text}`);
}

function fail (text) {
    throw new Error (text);
}

const browser = await chromium.launch ({executablePath: CHROMIUM, args: ['--no-sandbox']});
const errors = [];

async function person (base, locale) {
    const context = await browser.newContext ({baseURL: base, locale,
                                               viewport: {width: 1920, height: 1080}});
    const page = await context.newPage ();
    page.on ('pageerror', error => errors.push (`${base}: ${error.message}`));
    page.on ('console', message => {
        if (message.type () === 'error' && !/status of 40[14]/.test (message.text ()))
            errors.push (`${base}: ${message.text ()}`);
    });
    page.setDefaultTimeout (15000);
    return {context, page};
}

// Check the page with axe-core and photograph it at both widths.
async function look (page, name) {
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

async function heading (page, text) {
    await page.locator ('h1', {hasText: text}).waitFor ();
}

// Sign in as name; then wait for the heading title, or for any page but
// the sign-in (title null).
async function signIn (page, name, title) {
    await page.fill ('#name', name);
    await page.fill ('#password', `password of ${name}`);
    await page.click ('form button[type=submit]');
    if (title)
        return heading (page, title);
    await page.waitForURL (url => url.pathname !== '/signin');
    await page.locator ('main:not([aria-busy]) h1').waitFor ();
}

function localDate (code, text) {
    return new Intl.DateTimeFormat (code, {dateStyle: 'medium', timeZone: 'UTC'})
        .format (new Date (`${text}T00:00:00Z`));
}

try {
    //  hanna at DE, in German
    const de = await person (WEB_DE, 'de-DE');
    await de.page.goto ('/');
    await heading (de.page, 'Anmelden');
    if (new URL (de.page.url ()).pathname !== '/signin')
        fail (`not sent to the sign-in page: ${de.page.url ()}`);
    await look (de.page, 'de-signin');
    await de.page.fill ('#name', 'hanna');
    await de.page.fill ('#password', 'wrong');
    await de.page.click ('form button[type=submit]');
    await de.page.locator ('#signin-error', {hasText: 'nicht richtig'}).waitFor ();
    ok ('a wrong password is refused, in German, announced (role=alert)');
    await signIn (de.page, 'hanna', 'Posteingang');
    ok ('hanna signs in at DE and sees her inbox in German');

    await de.page.click ('nav a[href="/search"]');
    await heading (de.page, 'Behörde finden');
    await de.page.type ('#q', 'medecnis', {delay: 30});
    await de.page.locator ('#corrected', {hasText: 'Ergebnisse für medecins.'}).waitFor ();
    await de.page.locator ('#results a[href="/authorities/FR%3Acnom"]').waitFor ();
    ok ('a typo ("medecnis") finds FR:cnom, and the page says what it searched for, in German');
    await de.page.fill ('#q', '');
    await de.page.type ('#q', 'medecins', {delay: 30});
    const cnom = de.page.locator ('#results a[href="/authorities/FR%3Acnom"]');
    await cnom.waitFor ();
    await de.page.selectOption ('#state', 'FR');
    await cnom.waitFor ();
    await de.page.locator ('#results .note', {hasText: '1 Behörde gefunden.'}).waitFor ();
    if (!de.page.url ().includes ('q=medecins') || !de.page.url ().includes ('state=FR'))
        fail (`the search is not in the address: ${de.page.url ()}`);
    ok ('type-ahead "medecins" (no accent) finds FR:cnom, filtered to France ("1 Behörde", the singular); the search is in the address');
    await look (de.page, 'de-search');
    await cnom.click ();
    await de.page.locator ('dd', {hasText: 'Frankreich'}).waitFor ();
    ok (`the authority's page: ${await de.page.locator ('h1').textContent ()}, its state named in German`);
    await look (de.page, 'de-authority');

    await de.page.click ('nav a[href="/"]');
    await de.page.click ('#tab-all');
    await de.page.click (`a[href="/cases/${CASE}"]`);
    await de.page.locator ('.badge', {hasText: 'gesendet'}).waitFor ();
    const due = localDate ('de', REPLY_BY);
    await de.page.locator ('.facts dd', {hasText: due}).waitFor ();
    ok (`the request opens from the inbox's "Alle Vorgänge" tab, state "gesendet", reply by ${due} (German format)`);

    //  pierre at FR, in French
    const fr = await person (WEB_FR, 'fr-FR');
    await fr.page.goto ('/');
    await heading (fr.page, 'Se connecter');
    await signIn (fr.page, 'pierre', 'Boîte de réception');
    const toAccept = fr.page.locator ('#tab-accept .count');
    await fr.page.locator (`#inbox-panel a[href="/cases/${CASE}"]`).waitFor ();
    ok (`pierre signs in at FR in French; the request is in "À accepter" (${await toAccept.textContent ()})`);
    await look (fr.page, 'fr-inbox');
    await fr.page.click (`#inbox-panel a[href="/cases/${CASE}"]`);
    await fr.page.locator ('.badge', {hasText: 'envoyée'}).waitFor ();
    const actions = await fr.page.locator ('.action-box summary').allTextContents ();
    if (actions.join ('|') !== 'Accepter la demande|Transmettre à une autre autorité|Écrire un message')
        fail (`the actions offered to the responder of a sent request: ${actions.join ('|')}`);
    ok (`only the allowed actions are offered: ${actions.join (', ')}`);
    await fr.page.click ('#action-accept summary');
    await look (fr.page, 'fr-case-sent');
    await fr.page.click ('#action-accept button[type=submit]');
    await fr.page.locator ('.badge', {hasText: 'acceptée'}).waitFor ();
    ok ('pierre accepts the request with the proposed reply date');
    await fr.page.click ('#action-answer summary');
    await fr.page.fill ('#answer-pq\\.diploma-authentic', 'yes');
    await fr.page.fill ('#answer-text', 'Le diplôme est authentique.');
    await fr.page.click ('#action-answer button[type=submit]');
    await fr.page.locator ('.badge', {hasText: 'répondue'}).waitFor ();
    ok ('pierre answers, with a free text in French');
    await fr.page.goto (`/cases/${OTHER_CASE}`);
    await fr.page.locator ('main [role=alert]').waitFor ();
    if (await fr.page.locator ('blockquote').count ())
        fail ('pierre sees another authority\'s case');
    ok (`another authority's case, asked for by its address, is not shown: "${await fr.page.locator ('main [role=alert]').textContent ()}"`);
    await fr.page.click ('nav a[href="/"]');
    await fr.page.click ('#tab-all');
    await fr.page.locator ('#inbox-panel .badge', {hasText: 'répondue'}).waitFor ();

    //  hanna sees the answer
    const answered = async () => {
        await de.page.reload ();
        await de.page.locator ('h1').waitFor ();
        return de.page.locator ('.badge', {hasText: 'beantwortet'}).count ();
    };
    for (let tries = 0; !(await answered ()); tries++)
        if (tries > 50)
            fail ('DE does not show the answer');
    await de.page.locator ('blockquote[lang=fr]', {hasText: 'Le diplôme est authentique.'}).waitFor ();
    const french = de.page.locator ('.free-text:has(blockquote[lang=fr])');
    await french.locator ('button').click ();
    await french.locator ('.translation p').first ().waitFor ();
    ok (`hanna reads the French text as written and asks for its translation: "${await french.locator ('.translation').textContent ()}"`);
    await look (de.page, 'de-case-answered');

    //  the session ends while hanna writes: her text is kept
    await de.page.click ('#action-message summary');
    await de.page.fill ('#message-text', 'Vielen Dank für die schnelle Antwort.');
    await de.context.clearCookies ();
    await de.page.click ('#action-message button[type=submit]');
    await heading (de.page, 'Anmelden');
    await de.page.locator ('.note', {hasText: 'Sitzung'}).first ().waitFor ();
    if (!decodeURIComponent (de.page.url ()).includes (`next=/cases/${CASE}`))
        fail (`the sign-in page does not know where to go back: ${de.page.url ()}`);
    await signIn (de.page, 'hanna', null);
    if (new URL (de.page.url ()).pathname !== `/cases/${CASE}`)
        fail (`not back on the case: ${de.page.url ()}`);
    await de.page.click ('#action-message summary');
    if (await de.page.inputValue ('#message-text') !== 'Vielen Dank für die schnelle Antwort.')
        fail ('the message typed before the session ended is lost');
    await de.page.click ('#action-message button[type=submit]');
    await de.page.locator ('blockquote[lang=de]', {hasText: 'Vielen Dank'}).waitFor ();
    ok ('the session ended while hanna wrote: signed in again, back on the case, her text kept and sent');

    await de.page.click ('#action-close summary');
    await de.page.click ('#action-close button[type=submit]');
    await de.page.locator ('#error-close', {hasText: 'Bitte prüfen'}).waitFor ();
    ok ('closing without the ratings is refused before sending: "' + await de.page.locator ('#error-close').textContent () + '"');
    await de.page.check ('#action-close input[name=timely][value=yes]');
    await de.page.check ('#action-close input[name=effort][value=yes]');
    await de.page.click ('#action-close button[type=submit]');
    await de.page.locator ('.badge', {hasText: 'abgeschlossen'}).waitFor ();
    ok ('hanna closes the case and rates the answer');
    await fr.page.locator ('#inbox-panel .badge', {hasText: 'clôturée'}).waitFor ();
    ok ('pierre\'s inbox, left open, shows the case closed: live from the event stream, not reloaded');

    await de.page.selectOption ('#language', 'fr');
    await de.page.locator ('.badge', {hasText: 'clôturée'}).waitFor ();
    await de.page.locator ('time').first ().waitFor ();
    ok ('the language can be switched (German to French) and the page redraws in it');
    await de.page.selectOption ('#language', 'de');
    await de.page.locator ('.badge', {hasText: 'abgeschlossen'}).waitFor ();

    await de.page.click ('a[href="/password"]');
    await heading (de.page, 'Passwort ändern');
    await de.page.fill ('#current', 'password of hanna');
    await de.page.fill ('#new', 'a new password');
    await de.page.fill ('#again', 'another one');
    await de.page.click ('form button[type=submit]');
    await de.page.locator ('#password-error', {hasText: 'stimmen nicht überein'}).waitFor ();
    ok ('changing the password: two different new ones are refused before sending');
    await look (de.page, 'de-password');

    for (const [who, title] of [[de, 'Anmelden'], [fr, 'Se connecter']]) {
        await who.page.click ('#signout');
        await heading (who.page, title);
        const answer = await who.page.evaluate (async () => (await fetch ('/api/v1/whoami')).status);
        if (answer !== 401)
            fail (`after signing out whoami answers ${answer}`);
    }
    ok ('both sign out; their sessions end');
    if (errors.length)
        fail (`errors in the pages: ${errors.join ('; ')}`);
    ok ('no script error and no Content-Security-Policy violation in any page');
}
finally {
    await browser.close ();
}
console.log (`${checks} passed, 0 failed (${((Date.now () - started) / 1000).toFixed (1)} s)`);

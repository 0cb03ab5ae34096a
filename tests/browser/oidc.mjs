// oidc.mjs: signing in through the identity provider in a real browser
// (Debian's chromium driven by playwright-core), run by
// tests/integration/test_oidc.sh, which starts the provider (glewlwyd) and
// a node whose user PERSON is linked to the person PERSON there, and passes,
// in the environment: WEB_DE (the node's address), PERSON and
// PERSON_PASSWORD (the person's password at the provider), CASE (a request
// sent to PERSON's authority, not yet accepted), CHROMIUM (the browser's
// program).
//
// The sign-in page offers "Sign in with IMI test provider" beside the
// password form; the person follows it, signs in on the provider's own
// page, continues to the node, and lands in the web application as the IMI
// user PERSON, on the inbox, in the user's language (German), opens CASE
// from it and accepts it; signing out ends the node's session and takes
// the browser to the provider's logout. A refusal's page says why,
// with the reference to give the administrator. Any script error or
// Content-Security-Policy violation in the node's pages fails the test.
import {browserFor, closeBrowsers, ok, fail, finish} from './harness.mjs';

const {WEB_DE, PERSON, PERSON_PASSWORD, CASE} = process.env;
const errors = [];
try {
    const context = await (await browserFor ('en-GB')).newContext ({baseURL: WEB_DE, locale: 'en-GB'});
    const page = await context.newPage ();
    page.setDefaultTimeout (15000);
    // The node's pages only: the provider's are not ours to judge
    const ours = () => page.url ().startsWith (WEB_DE);
    page.on ('pageerror', error => ours () && errors.push (error.message));
    page.on ('console', message => {
        if (ours () && message.type () === 'error' && !/status of 40[14]/.test (message.text ()))
            errors.push (message.text ());
    });

    // A refusal's page: why, and the reference for the administrator
    await page.goto ('/signin?oidc_error=unlinked&reference=ref-4711');
    const refusal = await page.locator ('#oidc-error').textContent ();
    if (!refusal.includes ('no IMI user is linked to you') || !refusal.includes ('ref-4711'))
        fail (`the refusal's page says: ${refusal}`);
    ok ('a refused sign-in lands on the sign-in page saying why, with the reference');

    // Signing in: the provider's button beside the password form
    await page.goto ('/');
    await page.waitForURL (`${WEB_DE}/signin`);
    const link = page.locator ('#signin-oidc');
    if ((await link.textContent ()) !== 'Sign in with IMI test provider')
        fail (`the provider's button says: ${await link.textContent ()}`);
    if (!(await page.locator ('#password').isVisible ()))
        fail ('the password form is not shown beside it');
    await link.click ();
    // The provider's own sign-in page
    await page.locator ('#username').fill (PERSON);
    await page.locator ('#password').fill (PERSON_PASSWORD);
    await page.locator ('#loginbut').click ();
    await page.getByRole ('button', {name: 'Continue'}).first ().click ();
    await page.waitForURL (`${WEB_DE}/`);
    await page.locator ('.who').filter ({hasText: PERSON}).waitFor ();
    // In the user's language (German: the IMI user's, as the node says)
    await page.locator ('h1').filter ({hasText: 'Posteingang'}).waitFor ();
    ok (`${PERSON} signed in at the provider and is in the web application as ${PERSON}, on the inbox`);

    // Working a case: the request to her authority, from the inbox, accepted
    await page.click (`#inbox-panel a[href="/cases/${CASE}"]`);
    await page.click ('#action-accept summary');
    await page.click ('#action-accept button[type=submit]');
    await page.locator ('.badge', {hasText: 'angenommen'}).waitFor ();
    ok (`${PERSON} opens ${CASE} from the inbox and accepts it`);

    // Signing out: the node's session ends, the provider's logout follows
    await page.locator ('#signout').click ();
    await page.waitForURL (url => !url.toString ().startsWith (WEB_DE));
    if (!page.url ().includes ('/login.html') && !page.url ().includes ('/end_session'))
        fail (`signing out went to ${page.url ()}`);
    const whoami = await page.request.get (`${WEB_DE}/api/v1/whoami`);
    if (whoami.status () !== 401)
        fail (`after signing out, whoami answered ${whoami.status ()}`);
    ok ('signed out: the node\'s session is over (401), the provider\'s logout page is shown');
    await context.close ();
}
catch (error) {
    await closeBrowsers ();
    throw error;
}
if (errors.length) {
    await closeBrowsers ();
    fail (`errors in the node's pages:\n${errors.join ('\n')}`);
}
await finish ();

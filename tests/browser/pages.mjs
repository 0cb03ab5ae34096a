// pages.mjs: the pages of alerts, notifications, registers, users,
// indicators and audit in a real browser (harness.mjs), run by
// tests/integration/test_web.sh after web.mjs, with in the environment:
// WEB_DE, WEB_FR (each node's address), MESSAGE_ID (an exchange of DE's
// covered by its latest checkpoint), SHOTS, CHROMIUM.
//
// An admin of DE:aek-berlin (adam, in German) adds a handler (heidi),
// sets her password anew, disables hanna (web.mjs's handler), and makes
// an API key, shown once with its warning (it works; after a reload
// it is gone, the list shows it with its last use; revoked, it is
// refused); heidi signs in, is
// refused an alert without text before it is sent, then issues one to FR;
// the French handler (pierre) finds it in his list, live, is offered only
// to acknowledge, and does; heidi's page, left open, shows who
// acknowledged which version; she corrects it and withdraws it, which
// pierre's page shows. A euro-cash authority's handler (hans)
// sends a notification with its register entry; the French coordinator
// (claire) reads it, follows it to its entry, finds the entry by a search,
// then reads her state's indicators with a chart of each by month. An
// auditor of DE (aude) reads the audit log and a proof that the browser
// checks up to the root, and sees the alert without its content: no page
// of hers shows personal data. Every page is checked by axe-core and
// photographed 1920 and 360 px wide.
import {person, look, heading, signIn, ok, fail, finish, closeBrowsers} from './harness.mjs';

const {WEB_DE, WEB_FR, MESSAGE_ID} = process.env;
const ALERT_TEXT = 'Approbation von Dr. Weißmann widerrufen.';
const COMPANY = 'Geldtransporte Süd GmbH';

async function signOut (page, title) {
    await page.click ('#signout');
    await heading (page, title);
}

try {
    //  adam, admin of DE:aek-berlin: a handler and an API key
    const de = await person (WEB_DE, 'de-DE');
    await de.page.goto ('/users');
    await heading (de.page, 'Anmelden');
    await signIn (de.page, 'adam', 'Benutzer');
    ok ('the users page, asked for by its address, is there after the sign-in, in German');
    await de.page.click ('#action-user-add summary');
    await de.page.fill ('#user-add-name', 'heidi');
    await de.page.selectOption ('#user-add-role', 'handler');
    await de.page.fill ('#user-add-password', 'password of heidi');
    await de.page.click ('#user-add button[type=submit]');
    await de.page.locator ('li.user', {hasText: 'heidi'}).waitFor ();
    ok ('adam adds the handler heidi; she is listed');
    await de.page.click ('li.user:has-text("heidi") details summary');
    await de.page.fill ('#reset-heidi-password', 'password of heidi');
    await de.page.click ('#reset-heidi button[type=submit]');
    await de.page.locator ('#announce', {hasText: 'Passwort von heidi'}).waitFor ();
    await de.page.getByRole ('button', {name: 'hanna sperren'}).click ();
    await de.page.locator ('li.user:has-text("hanna") .badge', {hasText: 'gesperrt'}).waitFor ()
        .catch (async () => fail (`hanna is not shown disabled: ${await de.page.locator ('main').innerHTML ()}`));
    if (await de.page.locator ('li.user:has-text("hanna") button').count ())
        fail ('a disabled user is still offered steps');
    ok ('he sets a new password for heidi, and disables hanna (listed as disabled, no more buttons)');
    await de.page.click ('#action-key-add summary');
    await de.page.fill ('#key-add-label', 'Fallsystem');
    await de.page.click ('#key-add button[type=submit]');
    const secret = await de.page.inputValue ('#key-secret');
    if (!/^imi_[A-Za-z0-9_-]{43}$/.test (secret))
        fail (`the new key is not shown: '${secret}'`);
    await de.page.locator ('#key-warning').waitFor ();
    await de.page.click ('#key-copy');
    await look (de.page, 'de-users-key');
    const whoami = await de.page.evaluate (async key => (await fetch ('/api/v1/whoami', {
        credentials: 'omit', headers: {Authorization: `Bearer ${key}`}})).json (), secret);
    if (!/^apikey\.\d+$/.test (whoami.name) || whoami.authority !== 'DE:aek-berlin')
        fail (`the key does not work: ${JSON.stringify (whoami)}`);
    await de.page.reload ();
    await heading (de.page, 'Benutzer');
    await de.page.locator ('li.key', {hasText: 'Fallsystem'}).waitFor ();
    if (await de.page.locator ('#key-secret').count ()
    ||  (await de.page.content ()).includes (secret))
        fail ('the key is shown again after a reload');
    ok (`adam makes an API key: shown once with its warning, it works (${whoami.name}), and after a reload it is listed but never shown again`);
    await de.page.getByRole ('button', {name: /Fallsystem/}).click ();
    await de.page.locator ('li.key .badge', {hasText: 'widerrufen'}).waitFor ();
    const revoked = await de.page.evaluate (async key => (await fetch ('/api/v1/whoami', {
        credentials: 'omit', headers: {Authorization: `Bearer ${key}`}})).status, secret);
    if (revoked !== 401)
        fail (`a revoked key answers ${revoked}`);
    ok ('he revokes it: listed as revoked, and refused (401) from then on');
    await signOut (de.page, 'Anmelden');

    //  heidi issues an alert to FR
    await signIn (de.page, 'heidi', null);
    await de.page.click ('nav a[href="/alerts"]');
    await heading (de.page, 'Vorwarnungen');
    await de.page.click ('a[href="/alerts/new"]');
    await heading (de.page, 'Vorwarnung senden');
    await de.page.uncheck ('#alert-new-to-all');
    await de.page.check ('#alert-new-to input[value=FR]');
    const yesterday = new Date (Date.now () - 86400000).toISOString ().slice (0, 10);
    await de.page.fill ('#alert-new-field\\:pq-alert\\.decision-date', yesterday);
    await de.page.click ('#alert-new button[type=submit]');
    await de.page.locator ('#alert-new-error', {hasText: 'Bitte prüfen'}).waitFor ();
    ok (`heidi (a handler adam added) signs in; an alert without its text is refused before it is sent: "${await de.page.locator ('#alert-new-error').textContent ()}"`);
    await look (de.page, 'de-alert-new');
    await de.page.fill ('#alert-new-text', ALERT_TEXT);
    await de.page.click ('#alert-new button[type=submit]');
    await de.page.locator ('.badge', {hasText: 'gesendet'}).waitFor ();
    const alertPath = new URL (de.page.url ()).pathname;
    if (!/^\/alerts\/DE-[0-9a-f]{16}$/.test (alertPath))
        fail (`not on the new alert's page: ${alertPath}`);
    ok (`heidi issues the alert to France: ${alertPath}`);

    //  pierre acknowledges it at FR
    const fr = await person (WEB_FR, 'fr-FR');
    await fr.page.goto ('/alerts');
    await heading (fr.page, 'Se connecter');
    await signIn (fr.page, 'pierre', 'Alertes');
    await fr.page.locator ('li.row', {has: fr.page.locator (`a[href="${alertPath}"]`),
                                      hasText: 'Ordre des médecins de Berlin (aek-berlin, Allemagne)'}).waitFor ();
    await fr.page.click (`a[href="${alertPath}"]`);
    await fr.page.locator ('blockquote[lang=de]', {hasText: ALERT_TEXT}).waitFor ();
    await fr.page.locator ('.facts dd', {hasText: 'Ordre des médecins de Berlin (aek-berlin, Allemagne)'}).waitFor ();
    const steps = await fr.page.locator ('.action-box summary').allTextContents ();
    if (steps.join ('|') !== 'Accuser réception')
        fail (`the steps offered to a recipient: ${steps.join ('|')}`);
    ok ('pierre finds the alert in his list (live), its sender by its French name there and on its page, reads it in French with the German text as written, and is offered only to acknowledge');
    //  The decision date, a field of type date, as the facts above write it
    const decided = new Intl.DateTimeFormat ('fr-FR', {dateStyle: 'medium', timeZone: 'UTC'})
        .format (new Date (`${yesterday}T00:00:00Z`));
    await fr.page.locator ('.facts dd', {hasText: decided}).waitFor ();
    await fr.page.locator ('.timeline .pairs dd', {hasText: decided}).first ().waitFor ();
    if (await fr.page.locator ('.timeline .pairs dd', {hasText: yesterday}).count ())
        fail (`the alert's timeline writes the decision date as ${yesterday}, not ${decided}`);
    ok (`the decision date in the facts and in the timeline alike: ${decided}`);
    await fr.page.click ('#action-acknowledge summary');
    await look (fr.page, 'fr-alert');
    await fr.page.click ('#alert-acknowledge button[type=submit]');
    await fr.page.locator ('#acknowledgements td', {hasText: 'pierre'}).waitFor ();
    ok ('pierre acknowledges; his page shows it');
    await de.page.locator ('#acknowledgements td', {hasText: 'pierre'}).waitFor ();
    const row = await de.page.locator ('#acknowledgements tbody tr').first ().textContent ();
    ok (`heidi's page, left open, shows who acknowledged which version (live): "${row}"`);
    await look (de.page, 'de-alert-acknowledged');
    await de.page.click ('#action-correct summary');
    if (await de.page.inputValue ('#alert-correct-field\\:pq-alert\\.decision-date') !== yesterday)
        fail ('the correction does not start from the current fields');
    await de.page.fill ('#alert-correct-text', 'Berichtigung: die Approbation ruht.');
    await de.page.click ('#alert-correct button[type=submit]');
    await de.page.locator ('.badge', {hasText: 'berichtigt'}).waitFor ();
    await de.page.click ('#action-withdraw summary');
    await de.page.fill ('#alert-withdraw-text', 'Irrtum.');
    await de.page.click ('#alert-withdraw button[type=submit]');
    await de.page.locator ('.badge', {hasText: 'zurückgezogen'}).waitFor ();
    if (await de.page.locator ('.action-box').count ())
        fail ('a withdrawn alert still offers steps');
    await fr.page.locator ('.badge', {hasText: 'retirée'}).waitFor ();
    ok ('heidi corrects the alert (the form starts from its fields) and withdraws it: no step is offered any more, and pierre\'s page shows it withdrawn (live)');
    await signOut (fr.page, 'Se connecter');
    await signOut (de.page, 'Anmelden');

    //  hans sends a notification with its register entry
    await signIn (de.page, 'hans', null);
    await de.page.click ('nav a[href="/notifications"]');
    await de.page.click ('a[href="/notifications/new"]');
    await heading (de.page, 'Mitteilung senden');
    await de.page.uncheck ('#notification-new-to-all');
    await de.page.check ('#notification-new-to input[value=FR]');
    await de.page.fill ('#notification-new-title', 'Lizenz für Geldtransporte');
    await de.page.fill ('#notification-new-text', 'Die Lizenz wurde erteilt.');
    await de.page.fill ('#notification-new-entry\\:issuing_state', 'DE');
    await de.page.fill ('#notification-new-entry\\:licence', 'ECT-2026-0042');
    await de.page.fill ('#notification-new-entry\\:company', COMPANY);
    await de.page.fill ('#notification-new-entry\\:address', 'Leopoldstraße 1, München');
    await de.page.fill ('#notification-new-entry\\:valid_from', '2026-01-01');
    await de.page.fill ('#notification-new-entry\\:valid_to', '2030-12-31');
    await de.page.selectOption ('#notification-new-entry\\:status', 'valid');
    await look (de.page, 'de-notification-new');
    await de.page.click ('#notification-new button[type=submit]');
    await de.page.locator ('.badge', {hasText: 'offen'}).waitFor ();
    const notePath = new URL (de.page.url ()).pathname;
    ok (`hans sends a notification with its register entry: ${notePath}`);
    await signOut (de.page, 'Anmelden');

    //  claire, coordinator of FR: the notification, its entry, indicators
    await signIn (fr.page, 'claire', null);
    await fr.page.click ('nav a[href="/notifications"]');
    await fr.page.click (`a[href="${notePath}"]`);
    await fr.page.locator ('blockquote[lang=de]', {hasText: 'Die Lizenz wurde erteilt.'}).waitFor ();
    ok ('claire (coordinator of FR) reads the notification, its text as written');
    await look (fr.page, 'fr-notification');
    await fr.page.click ('a[href^="/registers?key="]');
    await fr.page.locator ('#entries dd', {hasText: COMPANY}).waitFor ();
    ok ('she follows it to its register entry');
    await fr.page.click ('a[href="/registers"]');
    await fr.page.fill ('#registers-q', 'munchen');
    await fr.page.click ('form[role=search] button[type=submit]');
    await fr.page.locator ('#registers-results dd', {hasText: COMPANY}).waitFor ();
    ok ('she finds the entry in the registers by "munchen" (no accent)');
    await look (fr.page, 'fr-registers');

    await fr.page.click ('nav a[href="/indicators"]');
    await heading (fr.page, 'Indicateurs');
    await fr.page.locator ('#indicators-table th[scope=row]', {hasText: 'FR:cnom'}).waitFor ();
    for (const indicator of [1, 2, 3, 4, 5])
        await fr.page.locator (`#chart-${indicator} svg`).waitFor ();
    const bars = await fr.page.locator ('#charts rect.bar').count ();
    if (!bars)
        fail (`the charts have no bar: ${await fr.page.locator ('#charts').innerHTML ()}`);
    ok (`claire's indicators: FR:cnom rated, five charts by month (${bars} bars)`);
    await look (fr.page, 'fr-indicators');
    await fr.page.selectOption ('#indicators-period-by', 'state');
    await fr.page.click ('#indicators-period button[type=submit]');
    await fr.page.locator ('#indicators-table th[scope=row]', {hasText: /^FR$/}).waitFor ();
    ok ('and per state, the coordinator\'s view');

    //  aude, auditor of DE
    await signIn (de.page, 'aude', null);
    if (await de.page.locator ('nav a[href="/users"]').count ())
        fail ('the bar offers users to an auditor');
    await de.page.click ('nav a[href="/audit"]');
    await heading (de.page, 'Prüfung');
    await de.page.fill ('#audit-proof-message_id', MESSAGE_ID);
    await de.page.click ('#audit-proof button[type=submit]');
    await de.page.locator ('#proof-verdict.ok').waitFor ();
    ok (`aude reads the log and the proof of ${MESSAGE_ID}: "${await de.page.locator ('#proof-verdict').textContent ()}"`);
    await look (de.page, 'de-audit');
    const seen = [await de.page.locator ('main').textContent ()];
    await de.page.goto (alertPath);
    await de.page.locator ('.note', {hasText: 'nicht angezeigt'}).first ().waitFor ();
    seen.push (await de.page.locator ('main').textContent ());
    for (const personal of ['Weißmann', 'Kowalski', COMPANY, 'ECT-2026-0042'])
        if (seen.some (text => text.includes (personal)))
            fail (`the auditor sees '${personal}'`);
    ok ('the auditor\'s pages (audit, the alert) show no personal data');
}
catch (error) {
    await closeBrowsers ();
    throw error;
}
await finish ();

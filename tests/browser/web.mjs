// web.mjs: the web application in a real browser (Debian's chromium driven
// by playwright-core), run by tests/integration/test_web.sh, which starts
// two nodes and passes, in the environment: WEB_DE, WEB_FR (each node's
// address), CASE (a request DE:aek-berlin sent to FR:cnom) and REPLY_BY
// (its proposed reply date), OTHER_CASE (one sent to FR:ars-idf), LONG_CASE
// (one to FR:cnom of 22 events, 21 of them pierre's messages), SHOTS (the
// folder for screenshots), CHROMIUM (the browser's program): harness.mjs.
//
// A German handler (hanna, in German) signs in at DE, finds FR:cnom by
// type-ahead and opens its page; from there she makes a request in the
// new-request wizard (each step refused once or checked, the draft through
// a reload, a file dropped, her session ended at the sending), then opens
// the request from the inbox; a French
// handler (pierre, in French) signs in at FR, reads the wizard's request
// with its questions in French, finds the request among those
// to accept, accepts it, reads hanna's German text with its machine
// translation, answers it, and cannot open another authority's
// case by its address; on a case of 22 events he sees the newest 20 and,
// with one button, the two before them; hanna sees the answer, asks for the
// French text's translation (the nodes' stand-in service makes one, marked
// as machine translation), loses her session while writing a message
// (the cookie is dropped), signs in again, is back on the case with her
// text kept and sends it, then closes the case with her ratings, which
// pierre's inbox, left open, shows live (the event stream); hanna's
// password change is checked before it is sent; both sign out. Each page is checked by axe-core (no serious or critical
// violation) and photographed 1920 and 360 px wide. Any script error or
// Content-Security-Policy violation in the page fails the test.
import {person, look, heading, signIn, dateFields, ok, fail, finish, closeBrowsers} from './harness.mjs';

const {WEB_DE, WEB_FR, CASE, OTHER_CASE, LONG_CASE, REPLY_BY} = process.env;

function localDate (code, text, dateStyle = 'medium') {
    return new Intl.DateTimeFormat (code, {dateStyle, timeZone: 'UTC'})
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
    await de.page.selectOption ('#area', 'professional-qualifications');
    if (await de.page.locator ('#procedure option[value="euro-cash-licence-notification"]').count ())
        fail ('the procedure filter offers procedures of other legal areas');
    await de.page.locator ('#procedure option', {hasText: 'Auskunftsersuchen zu Berufsqualifikationen'}).waitFor ({state: 'attached'});
    await de.page.selectOption ('#procedure', 'pq-information-request');
    await de.page.waitForURL (url => url.search.includes ('procedure=pq-information-request'));
    await cnom.waitFor ();
    if (!de.page.url ().includes ('area=professional-qualifications'))
        fail (`the filters are not in the address: ${de.page.url ()}`);
    ok ('filtered by legal area and procedure, named in German (the procedures of the area only): FR:cnom still found; the filters are in the address');
    await look (de.page, 'de-search');
    await cnom.click ();
    await de.page.locator ('dd', {hasText: 'Frankreich'}).waitFor ();
    ok (`the authority's page: ${await de.page.locator ('h1').textContent ()}, its state named in German`);
    await look (de.page, 'de-authority');

    //  the new-request wizard, from FR:cnom's page, in German
    const step = (page, number) => page.locator ('#wizard-step', {hasText: `Schritt ${number} von 7`}).waitFor ();
    const wizardStarted = Date.now ();
    await de.page.click ('#start-request');
    await heading (de.page, 'Neues Auskunftsersuchen');
    await step (de.page, 1);
    if (await de.page.inputValue ('#wizard-to') !== 'FR:cnom')
        fail (`the wizard does not know the authority it was opened from: ${de.page.url ()}`);
    await look (de.page, 'de-wizard-1-procedure');
    await de.page.fill ('#wizard-to', 'FR:nowhere');
    await de.page.locator ('#wizard-procedures .error', {hasText: 'there is no authority FR:nowhere'}).waitFor ();
    await de.page.click ('#wizard-next');
    await de.page.locator ('#wizard-error', {hasText: 'there is no authority FR:nowhere'}).waitFor ();
    await de.page.fill ('#wizard-to', 'FR:cnom');
    await de.page.locator ('input[name=procedure]').waitFor ();
    await de.page.click ('#wizard-next');
    await de.page.locator ('#wizard-error', {hasText: 'Bitte wählen Sie ein Verfahren.'}).waitFor ();
    ok ('the wizard opens from the authority\'s page for FR:cnom; an unknown authority is refused with the node\'s reason, going on without a procedure before sending, in German');
    await de.page.check ('input[name=procedure][value=pq-information-request]');
    await de.page.click ('#wizard-next');
    await step (de.page, 2);
    await de.page.click ('#wizard-next');
    await de.page.locator ('#wizard-error', {hasText: 'mindestens eine Frage'}).waitFor ();
    //  the refusal put the focus on the field at fault, the first question: Space ticks it
    if (await de.page.evaluate (() => document.activeElement.value) !== 'pq.diploma-authentic')
        fail ('the refusal did not move the focus to the questions');
    await de.page.keyboard.press ('Space');
    await de.page.check ('input[name=question][value="pq.training-level"]');
    await de.page.locator ('.question', {hasText: 'Ist der beigefügte Ausbildungsnachweis echt?'})
        .locator ('.meta', {hasText: 'Antwort: Ja · Nein'}).waitFor ();
    await look (de.page, 'de-wizard-2-questions');
    await de.page.click ('#wizard-next');
    await step (de.page, 3);
    await de.page.getByLabel ('Familienname').fill ('Kowalski');
    await de.page.getByLabel ('Geburtsdatum').fill ('1980-04-02');
    await look (de.page, 'de-wizard-3-subject');
    await de.page.reload ();
    await step (de.page, 3);
    if (await de.page.getByLabel ('Familienname').inputValue () !== 'Kowalski'
    ||  await de.page.getByLabel ('Geburtsdatum').inputValue () !== '1980-04-02')
        fail ('the draft did not survive a reload');
    ok ('the questions in German, with their answers\' types; the subject fields (personal data) typed, a date as a date; reloaded in the middle, the draft is there');
    await de.page.click ('#wizard-next');
    await step (de.page, 4);
    await de.page.fill ('#wizard-text', 'Frau Dr. Kowalski beantragt die Anerkennung ihres Diploms als Ärztin.');
    if (await de.page.inputValue ('#wizard-text-lang') !== 'de')
        fail ('the free text\'s language is not the user\'s by default');
    await look (de.page, 'de-wizard-4-text');
    await de.page.click ('#wizard-next');
    await step (de.page, 5);
    await de.page.locator ('#wizard-limit', {hasText: 'Bis zu 16 Dateien, zusammen höchstens 10 MB'}).waitFor ();
    const dropped = await de.page.evaluateHandle (() => {
        const transfer = new DataTransfer ();
        transfer.items.add (new File (['%PDF-1.4 Approbationsurkunde '.repeat (40000)], 'urkunde.pdf',
                                      {type: 'application/pdf'}));
        return transfer;
    });
    await de.page.dispatchEvent ('#wizard-drop', 'drop', {dataTransfer: dropped});
    await de.page.locator ('#wizard-files-list li', {hasText: 'urkunde.pdf'}).waitFor ();
    await look (de.page, 'de-wizard-5-files');
    await de.page.click ('#wizard-next');
    await step (de.page, 6);
    const replyDefault = new Date (Date.now () + 25 * 86400000).toISOString ().slice (0, 10);
    if (await de.page.inputValue ('#wizard-reply-by') !== replyDefault)
        fail (`the reply date is not the procedure's default (${replyDefault}): ${await de.page.inputValue ('#wizard-reply-by')}`);
    const germanFields = await dateFields (de.page);
    if (germanFields [0] !== 'Tag' || await de.page.textContent ('#wizard-reply-by-text') !== localDate ('de', replyDefault, 'long'))
        fail (`the reply date's input in hanna's German browser: ${germanFields.join (', ')}, written out '${await de.page.textContent ('#wizard-reply-by-text')}'`);
    ok (`the reply date's input drawn by hanna's German browser, day first (${germanFields.join (', ')}), written out under it`);
    await look (de.page, 'de-wizard-6-reply');
    await de.page.press ('#wizard-reply-by', 'Enter');          //  Enter in a field: the next step
    await step (de.page, 7);
    for (const shown of ['Kowalski', 'urkunde.pdf', 'Ist der beigefügte Ausbildungsnachweis echt?', localDate ('de', replyDefault)])
        await de.page.locator ('.review', {hasText: shown}).first ().waitFor ();
    await look (de.page, 'de-wizard-7-review');
    ok (`a file dropped (the limit shown before), the reply date the procedure's default (${replyDefault}), all of it on the review`);
    await de.context.clearCookies ();
    await de.page.click ('#wizard-next');
    await heading (de.page, 'Anmelden');
    await signIn (de.page, 'hanna', null);
    await step (de.page, 7);
    await de.page.locator ('.review', {hasText: 'urkunde.pdf'}).waitFor ();
    const sending = de.page.waitForRequest (request => request.method () === 'POST'
                                                       && request.url ().endsWith ('/api/v1/cases'));
    await de.page.click ('#wizard-next');
    const sent = await sending;
    if (sent.resourceType () !== 'xhr' || !/^multipart\/form-data/.test (sent.headers () ['content-type']))
        fail (`the request with its file went as ${sent.resourceType ()}, ${sent.headers () ['content-type']}: not a form by XMLHttpRequest (no upload progress)`);
    await de.page.waitForURL (url => url.pathname.startsWith ('/cases/DE-'));
    const wizardCase = new URL (de.page.url ()).pathname.split ('/') [2];
    await de.page.locator ('.badge', {hasText: 'gesendet'}).waitFor ();
    await de.page.locator ('.held .personal dd', {hasText: 'Kowalski'}).waitFor ();
    await de.page.locator ('.held .files a', {hasText: 'urkunde.pdf'}).waitFor ();
    //  the file waits at DE until FR accepts (docs/cases.md, "Need-to-know"): its bytes, as sent
    const stored = await de.page.evaluate (async id => (await (await fetch (
        `/api/v1/cases/${id}/attachments/urkunde.pdf`)).arrayBuffer ()).byteLength, wizardCase);
    if (stored !== 29 * 40000)
        fail (`the file sent is ${stored} bytes at DE, not ${29 * 40000}`);
    if (await de.page.evaluate (() => Object.keys (sessionStorage).filter (key => key.startsWith ('imi.wizard')).length))
        fail ('the draft is kept after the request was sent');
    ok (`the session ended at the sending: signed in again, back on the review with the file, sent (a form, by XMLHttpRequest: its upload progress): ${wizardCase}; its page shows what waits for FR's acceptance (the subject, the file, stored as sent); the draft cleared (the wizard took ${((Date.now () - wizardStarted) / 1000).toFixed (1)} s)`);
    await look (de.page, 'de-wizard-sent');

    await de.page.click ('nav a[href="/"]');
    await de.page.click ('#tab-all');
    await de.page.locator (`a[href="/cases/${CASE}"]`, {hasText: 'Nationale Ärztekammer Frankreichs (cnom, Frankreich)'}).click ();
    await de.page.locator ('.badge', {hasText: 'gesendet'}).waitFor ();
    const due = localDate ('de', REPLY_BY);
    await de.page.locator ('.facts dd', {hasText: due}).waitFor ();
    await de.page.locator ('.facts dd', {hasText: 'Nationale Ärztekammer Frankreichs (cnom, Frankreich)'}).waitFor ();
    ok (`the request opens from the inbox's "Alle Vorgänge" tab, state "gesendet", reply by ${due} (German format); FR:cnom named in German there and on the case`);

    //  pierre at FR, in French
    const fr = await person (WEB_FR, 'fr-FR');
    await fr.page.goto ('/');
    await heading (fr.page, 'Se connecter');
    await signIn (fr.page, 'pierre', 'Boîte de réception');
    const toAccept = fr.page.locator ('#tab-accept .count');
    await fr.page.locator (`#inbox-panel a[href="/cases/${CASE}"]`).waitFor ();
    ok (`pierre signs in at FR in French; the request is in "À accepter" (${await toAccept.textContent ()})`);
    await look (fr.page, 'fr-inbox');
    await fr.page.click (`#inbox-panel a[href="/cases/${wizardCase}"]`);
    for (const question of ['Le titre de formation joint est-il authentique ?',
                            'À quel niveau de qualification de l\'article 11'])
        await fr.page.locator ('.questions li', {hasText: question}).waitFor ();
    if (await fr.page.locator ('text=Kowalski').count ())
        fail ('FR sees the personal data of the request from the wizard before accepting it');
    ok ('pierre sees the request made in the wizard with its questions in French, no personal data before accepting');
    await fr.page.click ('nav a[href="/"]');
    await fr.page.click (`#inbox-panel a[href="/cases/${CASE}"]`);
    await fr.page.locator ('.badge', {hasText: 'envoyée'}).waitFor ();
    const actions = await fr.page.locator ('.action-box summary').allTextContents ();
    if (actions.join ('|') !== 'Accepter la demande|Transmettre à une autre autorité|Écrire un message')
        fail (`the actions offered to the responder of a sent request: ${actions.join ('|')}`);
    ok (`only the allowed actions are offered: ${actions.join (', ')}`);
    await fr.page.locator ('.facts dd', {hasText: 'Ordre des médecins de Berlin (aek-berlin, Allemagne)'}).waitFor ();
    await fr.page.locator ('.timeline .who', {hasText: 'hanna, Ordre des médecins de Berlin (aek-berlin, Allemagne), '}).first ().waitFor ();
    ok ('pierre reads DE:aek-berlin by its French name, in the facts and in the timeline');
    await fr.page.click ('#action-accept summary');
    const fields = await dateFields (fr.page);
    if (fields.join (', ') !== 'Jour, Mois, Année')
        fail (`the reply date's input in pierre's French browser: ${fields.join (', ')}`);
    const replyText = await fr.page.textContent ('#accept-reply-by-text');
    if (replyText !== localDate ('fr', REPLY_BY, 'long'))
        fail (`the reply date written out: '${replyText}', not '${localDate ('fr', REPLY_BY, 'long')}'`);
    ok (`the reply date's input in French, day first (${fields.join (', ')}), as pierre's French browser draws it; written out under it: ${replyText}`);
    await look (fr.page, 'fr-case-sent');
    await fr.page.click ('#action-accept button[type=submit]');
    await fr.page.locator ('.badge', {hasText: 'acceptée'}).waitFor ();
    ok ('pierre accepts the request with the proposed reply date');
    //  hanna's text comes from DE once it has the acceptance (need-to-know):
    //  the page is read again until it is there
    const german = fr.page.locator ('.free-text:has(blockquote[lang=de])').first ();
    for (let tries = 0; !(await german.count ()); tries++) {
        if (tries > 50)
            fail ('FR does not show hanna\'s text after the acceptance');
        await fr.page.waitForTimeout (200);
        await fr.page.reload ();
        await fr.page.locator ('.badge', {hasText: 'acceptée'}).waitFor ();
    }
    await german.locator ('button').click ();
    await german.locator ('.translation', {hasText: '[de>fr] FRAU DR. KOWALSKI'}).waitFor ();
    ok (`pierre reads hanna's German text as written and, asked for, its machine translation: "${(await german.locator ('.translation').textContent ()).slice (0, 120)}"`);
    await fr.page.click ('#action-answer summary');
    await fr.page.check ('#action-answer input[name="answer:pq.diploma-authentic"][value=yes]');
    await fr.page.fill ('#answer-text', 'Le diplôme est authentique.');
    await fr.page.click ('#action-answer button[type=submit]');
    await fr.page.locator ('.badge', {hasText: 'répondue'}).waitFor ();
    ok ('pierre answers (yes or no as radio buttons: the question\'s type), with a free text in French');
    await fr.page.goto (`/cases/${OTHER_CASE}`);
    await fr.page.locator ('main [role=alert]').waitFor ();
    if (await fr.page.locator ('blockquote').count ())
        fail ('pierre sees another authority\'s case');
    ok (`another authority's case, asked for by its address, is not shown: "${await fr.page.locator ('main [role=alert]').textContent ()}"`);
    await fr.page.goto (`/cases/${LONG_CASE}`);
    const timeline = fr.page.locator ('section[aria-labelledby=timeline-title] ol.timeline > li');
    await timeline.nth (19).waitFor ();
    await look (fr.page, 'fr-case-long');
    const earlier = fr.page.locator ('button.earlier');
    if (await timeline.count () !== 20 || await earlier.textContent () !== 'Afficher les événements antérieurs (2)')
        fail (`a case of 22 events: ${await timeline.count ()} shown, the button says "${await earlier.textContent ()}"`);
    await earlier.click ();
    await timeline.nth (21).waitFor ();
    await timeline.first ().locator ('.questions li', {hasText: 'Le titre de formation joint est-il authentique ?'}).waitFor ();
    if (await timeline.count () !== 22 || await earlier.isVisible ())
        fail (`the earlier events: ${await timeline.count ()} shown, the button still there`);
    ok ('a case of 22 events: the newest 20, then with "Afficher les événements antérieurs (2)" the two before them, the request first');
    //  What the reader may not see is said in French (reader.withheld_why),
    //  not in the node's English (reader.withheld)
    const withheld = fr.page.locator ('dl.facts dt', {hasText: 'Non visible pour vous'});
    const because = withheld.locator ('xpath=following-sibling::dd[1]');
    if (!(await withheld.count ())
    ||  await because.textContent () !== 'Données personnelles, textes libres et pièces jointes'
    ||  (await fr.page.textContent ('main')).includes ('not shown to you'))
        fail (`what pierre may not see: "${await withheld.count () && await because.textContent ()}"`);
    ok (`what the reader may not see, in French: "${await because.textContent ()}"`);
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
    await de.page.locator ('.pairs dd', {hasText: /^Ja$/}).waitFor ();
    const french = de.page.locator ('.free-text:has(blockquote[lang=fr])');
    await french.locator ('button').click ();
    await french.locator ('.translation', {hasText: '[fr>de] LE DIPLÔME EST AUTHENTIQUE.'}).waitFor ();
    const marked = await french.locator ('.translation').textContent ();
    if (!marked.includes ('standin'))
        fail (`the machine translation is not marked with its engine: ${marked}`);
    ok (`hanna reads the French text as written and, asked for, its machine translation marked as such: "${marked}"`);
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
}
catch (error) {
    await closeBrowsers ();
    throw error;
}
await finish ();

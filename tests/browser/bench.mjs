// bench.mjs: the web application's quality bar (issue 15), measured in
// Debian's chromium (playwright-core, harness.mjs); run by
// scripts/bench-web.sh, which starts the node and passes, in the
// environment: WEB (the node's address), NAME (a user whose password is
// "password of NAME"), CASE (a case of hers with ENTRIES timeline entries),
// LOADS (how many loads the median is of), CHROMIUM. Prints figures and
// asserts nothing but that the pages were drawn (a benchmark, not a test).
//
// 1. The first page: a cold load of / (a new browser context: nothing
//    cached), signed in (the login's cookie put in the context first), up to
//    the inbox drawn: the bytes of every response, headers and body as they
//    came over the network (playwright's Request.sizes (), from Chromium's
//    network events); the event stream, which never ends, by its headers.
// 2. The case page of a case of ENTRIES entries, which opens with the
//    newest page of its timeline (the node's default), LOADS times after one load to
//    warm the cache, each a reload of /cases/CASE: from the case document's
//    response (its Resource Timing responseEnd) to the page drawn (the mark
//    "imi.drawn" main.js sets once the page is in the document) and to the
//    next frame rendered (markPainted below: style, layout and paint done),
//    and from the navigation's start to that frame; then
//    LOADS times opened inside the application (history and a popstate, as
//    a link does), from the click to the frame painted: the case
//    document's request, its drawing and the paint, without loading modules.
//    With PROFILE=FILE, one more reload traced by Chromium (rendering and
//    the scripts' CPU profile) into FILE, which Chrome DevTools'
//    Performance panel opens.
import {browserFor, closeBrowsers, person, finish, fail} from './harness.mjs';

const {WEB, NAME, CASE, ENTRIES, LOADS, PROFILE} = process.env;
const loads = Number (LOADS || 7);

const median = values => {
    const sorted = [...values].sort ((a, b) => a - b);
    const middle = Math.floor (sorted.length / 2);
    return sorted.length % 2? sorted [middle]: (sorted [middle - 1] + sorted [middle]) / 2;
};
const ms = value => `${value.toFixed (1)} ms`;
const kb = bytes => `${(bytes / 1024).toFixed (1)} KB`;

// A person at WEB signed in as NAME: the login's cookie is in the context.
async function signedIn () {
    const someone = await person (WEB, 'de-DE');
    const login = await someone.context.request.post ('/api/v1/login',
        {data: {name: NAME, password: `password of ${NAME}`}});
    if (!login.ok ())
        fail (`the login answered ${login.status ()}`);
    await someone.page.addInitScript (markPainted);
    return someone;
}

// In every page of the context: when main.js marks a page drawn, the mark
// "imi.painted" once the next frame is rendered (a requestAnimationFrame
// asked for at once runs before that frame's style, layout and paint; a
// task it queues runs after them).
function markPainted () {
    const mark = performance.mark.bind (performance);
    performance.mark = (name, options) => {
        if (name === 'imi.drawn')
            requestAnimationFrame (() => setTimeout (() => mark ('imi.painted', options)));
        return mark (name, options);
    };
}

// The page at path painted, after the time after.
const painted = (page, path, after = 0) => page.waitForFunction (([path, after]) =>
    performance.getEntriesByName ('imi.painted').some (mark => mark.detail === path
                                                       && mark.startTime > after), [path, after]);

// In the page: the figures of the latest drawing of path (times from the
// navigation's start, in ms).
const figures = (page, path) => page.evaluate (path => {
    const last = name => performance.getEntriesByName (name).filter (mark => mark.detail === path).pop ();
    const response = performance.getEntriesByType ('resource')
        .filter (entry => new URL (entry.name).pathname === `/api/v1${path}`).pop ();
    return {drawn: last ('imi.drawn').startTime, painted: last ('imi.painted').startTime,
            response: response.responseEnd,
            entries: document.querySelectorAll ('main ol.timeline > li').length};
}, path);

try {
    // 1. The first page, cold
    const first = await signedIn ();
    const requests = [];
    first.page.on ('request', request => requests.push (request));
    await first.page.goto ('/');
    await painted (first.page, '/');
    let total = 0;
    const kinds = {};
    for (const request of requests) {
        const response = await request.response ();
        const sizes = request.resourceType () === 'eventsource'
            ? {responseHeadersSize: (await response.headersArray ())
                   .reduce ((sum, header) => sum + header.name.length + header.value.length + 4, 0),
               responseBodySize: 0}
            : await request.sizes ();
        const bytes = sizes.responseHeadersSize + sizes.responseBodySize;
        const kind = request.resourceType ();
        kinds [kind] = kinds [kind] || {count: 0, bytes: 0};
        kinds [kind].count++;
        kinds [kind].bytes += bytes;
        total += bytes;
    }
    console.log (`first page (/, cold, signed in): ${kb (total)} in ${requests.length} responses [goal 300 KB]`);
    for (const [kind, {count, bytes}] of Object.entries (kinds).sort ((a, b) => b [1].bytes - a [1].bytes))
        console.log (`    ${kind.padEnd (12)} ${String (count).padStart (3)} responses ${kb (bytes).padStart (10)}`);
    await first.context.close ();

    // 2. The case page: reloads, then opened inside the application
    const {page} = await signedIn ();
    const path = `/cases/${CASE}`;
    const reloads = [];
    for (let load = 0; load <= loads; load++) {
        await page.goto (path);
        await painted (page, path);
        const figure = await figures (page, path);
        const doc = await page.evaluate (async id => (await fetch (`/api/v1/cases/${id}`)).json (), CASE);
        if (doc.timeline_events < Number (ENTRIES) || figure.entries !== doc.timeline.length)
            fail (`the case page shows ${figure.entries} entries of ${doc.timeline_events}, not ${doc.timeline.length} of ${ENTRIES}`);
        if (load > 0)
            reloads.push (figure);
    }
    const inApp = [];
    for (let load = 0; load < loads; load++) {
        await page.goto ('/');
        await painted (page, '/');
        const started = await page.evaluate (path => {
            const started = performance.now ();
            history.pushState ({}, '', path);
            window.dispatchEvent (new PopStateEvent ('popstate'));
            return started;
        }, path);
        await painted (page, path, started);
        inApp.push ((await figures (page, path)).painted - started);
    }
    if (PROFILE) {
        // One more reload traced (the Performance panel of Chrome DevTools opens the file)
        const browser = await browserFor ('de-DE');
        await browser.startTracing (page, {path: PROFILE, categories: ['devtools.timeline',
            'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'v8']});
        await page.goto (path);
        await painted (page, path);
        await figures (page, path);
        await browser.stopTracing ();
        console.log (`a trace of one reload: ${PROFILE}`);
    }
    const entries = reloads [0].entries;
    console.log (`case page of ${ENTRIES} timeline entries, its newest ${entries} shown, median of ${loads} loads:`);
    const spread = values => `${ms (median (values))} (${ms (Math.min (...values))} to ${ms (Math.max (...values))})`;
    console.log (`    case document's response -> page drawn   ${spread (reloads.map (f => f.drawn - f.response))}`);
    console.log (`    case document's response -> painted      ${spread (reloads.map (f => f.painted - f.response))}`
                 + ' [goal 100 ms]');
    console.log (`    navigation start -> painted (a reload)   ${spread (reloads.map (f => f.painted))}`);
    console.log (`    opened in the application -> painted     ${spread (inApp)}`);
    await finish ();
}
catch (error) {
    console.error (`not ok - ${error.message}`);
    await closeBrowsers ();
    process.exit (1);
}

// main.js: the application's entry (docs/web.md). Finds who is signed in,
// loads the messages of their language, draws the bar and routes the URL
// to its page. Pages are modules under pages/, each a function
// (main, {params, query, user}) that fills <main>; the table below is the
// only place that maps addresses to pages.

import * as api from './api.js';
import {h, replace, announce} from './dom.js';
import {t, use, preferred, language, LANGUAGES, languageName} from './i18n.js';
import {signinPage} from './pages/signin.js';
import {passwordPage} from './pages/password.js';
import {inboxPage} from './pages/inbox.js';
import {searchPage} from './pages/search.js';
import {authorityPage} from './pages/authority.js';
import {casePage} from './pages/case.js';
import {wizardPage} from './pages/wizard.js';
import {notFoundPage} from './pages/notfound.js';
import {alertsPage, alertNewPage, alertPage} from './pages/alerts.js';
import {notificationsPage, notificationNewPage, notificationPage} from './pages/notifications.js';
import {registersPage} from './pages/registers.js';
import {usersPage} from './pages/users.js';
import {indicatorsPage} from './pages/indicators.js';
import {auditPage} from './pages/audit.js';

// The pages: an address pattern (":name" one segment), the page, the key
// of its title, and whether it needs a session.
const ROUTES = [
    {pattern: '/signin', page: signinPage, title: 'signin.title', open: true},
    {pattern: '/', page: inboxPage, title: 'inbox.title'},
    {pattern: '/search', page: searchPage, title: 'search.title'},
    {pattern: '/authorities/:key', page: authorityPage, title: 'authority.title'},
    {pattern: '/cases/:id', page: casePage, title: 'case.title'},
    {pattern: '/password', page: passwordPage, title: 'password.title'},
    // The new-request wizard (?to=STATE:ID: the authority asked)
    {pattern: '/requests/new', page: wizardPage, title: 'wizard.title'},
    // alerts, notifications, registers, users, indicators, audit
    {pattern: '/alerts', page: alertsPage, title: 'alerts.title'},
    {pattern: '/alerts/new', page: alertNewPage, title: 'alerts.new'},
    {pattern: '/alerts/:id', page: alertPage, title: 'alerts.one'},
    {pattern: '/notifications', page: notificationsPage, title: 'notifications.title'},
    {pattern: '/notifications/new', page: notificationNewPage, title: 'notifications.new'},
    {pattern: '/notifications/:id', page: notificationPage, title: 'notifications.one'},
    {pattern: '/registers', page: registersPage, title: 'registers.title'},
    {pattern: '/users', page: usersPage, title: 'users.title'},
    {pattern: '/indicators', page: indicatorsPage, title: 'indicators.title'},
    {pattern: '/audit', page: auditPage, title: 'audit.title'},
];

// The bar's links: address, title, and the roles it is shown to (all if
// none; the node decides, this only leaves out pages a role cannot use).
const NAVIGATION = [
    {href: '/', title: 'inbox.title'},
    {href: '/search', title: 'search.title'},
    {href: '/requests/new', title: 'wizard.title', roles: ['handler', 'admin', 'coordinator']},
    // alerts, notifications, registers, users, indicators, audit
    {href: '/alerts', title: 'alerts.title'},
    {href: '/notifications', title: 'notifications.title'},
    {href: '/registers', title: 'registers.title'},
    {href: '/indicators', title: 'indicators.title'},
    {href: '/users', title: 'users.title', roles: ['admin', 'coordinator']},
    {href: '/audit', title: 'audit.title', roles: ['auditor']},
];

const app = {user: null, events: null};

function match (path) {
    const segments = path.split ('/');
    for (const route of ROUTES) {
        const parts = route.pattern.split ('/');
        if (parts.length !== segments.length)
            continue;
        const params = {};
        if (parts.every ((part, index) => part.startsWith (':')
                ? segments [index] && (params [part.slice (1)] = decodeURIComponent (segments [index]))
                : part === segments [index]))
            return {route, params};
    }
    return {route: {page: notFoundPage, title: 'notfound.title', open: true}, params: {}};
}

// Go to path (with its query), as a link would.
export function navigate (path, {replace: instead = false} = {}) {
    history [instead? 'replaceState': 'pushState'] ({}, '', path);
    render ();
}

// Where to come back to after signing in: the page the session ended on.
function signInFirst () {
    const here = location.pathname + location.search;
    navigate (`/signin${here === '/' || here.startsWith ('/signin')? '': api.query ({next: here})}`,
              {replace: true});
}

async function render () {
    const {route, params} = match (location.pathname);
    if (!route.open && !app.user)
        return signInFirst ();
    drawBar ();
    const main = document.getElementById ('main');
    document.title = `${t (route.title)} – IMI`;
    main.setAttribute ('aria-busy', 'true');
    replace (main);
    try {
        await route.page (main, {params, query: new URLSearchParams (location.search), app});
    }
    catch (problem) {
        if (problem.status === 401)
            return;
        replace (main, h ('h1', {}, t (route.title)),
                 h ('p', {class: 'error', role: 'alert'}, problem.message));
    }
    main.removeAttribute ('aria-busy');
    // The page is in the document: scripts/bench-web.sh times its drawing
    // from this mark (the performance timeline, read by no code here)
    performance.mark ('imi.drawn', {detail: location.pathname});
    const heading = main.querySelector ('h1');
    if (heading)
        document.title = `${heading.textContent} – IMI`;
    announce (document.title);
}

// The bar: the application's name, the pages, the language, the user.
function drawBar () {
    const bar = document.getElementById ('bar');
    document.getElementById ('skip').textContent = t ('app.skip');
    const choose = h ('select', {id: 'language', 'aria-label': t ('app.language'),
                                 onchange: async event => {
                                     await use (event.target.value, true);
                                     render ();
                                 }},
                      LANGUAGES.map (code => h ('option', {value: code, lang: code,
                                                           selected: code === language ()},
                                                languageName (code, code))));
    const here = link => location.pathname === link.href
                      || (link.href !== '/' && location.pathname.startsWith (`${link.href}/`));
    const navigation = app.user? h ('nav', {'aria-label': t ('app.navigation')},
        NAVIGATION.filter (link => !link.roles || link.roles.includes (app.user.role))
                  .map (link => h ('a', {href: link.href, 'aria-current': here (link)? 'page': null},
                                   t (link.title)))): null;
    const account = app.user? h ('div', {class: 'account'},
        h ('span', {class: 'who'}, t ('app.signed_in', {name: app.user.name,
                                                        authority: app.user.authority})),
        h ('a', {href: '/password'}, t ('password.title')),
        h ('button', {type: 'button', id: 'signout', onclick: signOut}, t ('app.sign_out'))): null;
    replace (bar, h ('a', {class: 'brand', href: '/'}, t ('app.name')), navigation,
             h ('div', {class: 'tools'}, choose, account));
}

// Sign in as user (the sign-in page calls this), then go to next.
export async function signedIn (user, next) {
    app.user = user;
    if (!localStorage.getItem ('imi.lang'))
        await use (preferred (user.lang));
    listen ();
    navigate (next && next.startsWith ('/') && !next.startsWith ('//')? next: '/',
              {replace: true});
}

async function signOut () {
    const provider = await api.signOut ().catch (() => null);
    app.user = null;
    stopListening ();
    // Signed in through the identity provider: signed out there too
    if (provider)
        return location.assign (provider);
    navigate ('/signin', {replace: true});
    announce (t ('app.signed_out'));
}

// The event stream (GET /api/v1/events): each change in the user's reach
// becomes an "imi-change" event of the window, which pages listen to.
function listen () {
    stopListening ();
    app.events = new EventSource ('/api/v1/events');
    for (const kind of ['case', 'alert', 'notification', 'gap'])
        app.events.addEventListener (kind, message => window.dispatchEvent (
            new CustomEvent ('imi-change', {detail: message.data? JSON.parse (message.data): {}})));
    app.events.addEventListener ('end', () => stopListening ());
}

function stopListening () {
    if (app.events)
        app.events.close ();
    app.events = null;
}

api.onExpired (() => {
    app.user = null;
    stopListening ();
    signInFirst ();
    announce (t ('signin.expired'));
});

document.addEventListener ('click', event => {
    const link = event.target.closest ('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
    ||  event.shiftKey || link.target || link.hasAttribute ('download'))
        return;
    const url = new URL (link.href);
    if (url.origin !== location.origin || url.pathname.startsWith ('/api/')
    ||  url.pathname.startsWith ('/app/'))
        return;
    event.preventDefault ();
    navigate (url.pathname + url.search + url.hash);
});
window.addEventListener ('popstate', render);

app.user = await api.whoami ().catch (() => null);
await use (preferred (app.user && app.user.lang));
if (app.user)
    listen ();
render ();

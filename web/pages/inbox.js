// The inbox: what needs the user's action first, in tabs with counts
// (requests to accept, clarifications to give, answers to review,
// overdue cases, alerts to acknowledge, notifications), kept current by
// the event stream: each change in the user's reach reloads the lists.
import * as api from '../api.js';
import {h, append, replace} from '../dom.js';
import {t, language, number} from '../i18n.js';
import {caseItem, authorityText} from './rows.js';

const LIMIT = 100;

// The tabs: a key, and what of the lists belongs there.
const TABS = [
    {key: 'accept', items: lists => lists.cases.filter (row => row.direction === 'in'
                                                               && row.state === 'sent')},
    {key: 'clarify', items: lists => lists.cases.filter (row => row.direction === 'out'
                                                                && row.state === 'clarification')},
    {key: 'review', items: lists => lists.cases.filter (row => row.direction === 'out'
                                                               && row.state === 'answered')},
    {key: 'overdue', items: lists => lists.overdue},
    {key: 'alerts', items: lists => lists.alerts.filter (alert => alert.direction === 'in'
        && alert.state !== 'withdrawn' && alert.state !== 'closed'
        && (alert.acknowledged || 0) < (alert.recipients || 1))},
    {key: 'notifications', items: lists => lists.notifications},
    {key: 'all', items: lists => lists.cases},
];

// The lists, and the names of the authorities they mention (names); one
// the user's role may not read (403) is empty, a session ended (401) ends
// the page.
async function load () {
    const paths = {cases: '/cases', overdue: '/cases/overdue', alerts: '/alerts',
                   notifications: '/notifications'};
    const answers = await Promise.allSettled (Object.values (paths).map (path =>
        api.get (path, {limit: LIMIT, lang: language ()})));
    const lists = {names: {}};
    Object.keys (paths).forEach ((name, index) => {
        const answer = answers [index];
        if (answer.status === 'rejected' && answer.reason.status !== 403)
            throw answer.reason;
        lists [name] = answer.status === 'fulfilled'? answer.value.items: [];
        Object.assign (lists.names, answer.status === 'fulfilled'? answer.value.authority_names: {});
    });
    return lists;
}

function item (key, thing, names) {
    if (key === 'alerts')
        return h ('li', {class: 'row'},
                  h ('a', {href: `/alerts/${encodeURIComponent (thing.id)}`}, thing.procedure), ' ',
                  h ('span', {class: 'meta'}, authorityText (thing.sender, names), ' · ', thing.id));
    if (key === 'notifications')
        return h ('li', {class: 'row'},
                  h ('a', {href: `/notifications/${encodeURIComponent (thing.id)}`},
                    thing.title || thing.id), ' ',
                  h ('span', {class: 'meta'}, authorityText (thing.sender, names), ' · ',
                    thing.procedure));
    return caseItem (thing, names);
}

export async function inboxPage (main, {query}) {
    let selected = query.get ('tab') || 'accept';
    const tablist = h ('div', {role: 'tablist', 'aria-label': t ('inbox.title')});
    const panel = h ('div', {role: 'tabpanel', id: 'inbox-panel', tabindex: '0'});
    append (main, h ('h1', {}, t ('inbox.title')), tablist, panel);

    let lists = await load ();
    const draw = () => {
        replace (tablist, TABS.map (tab => {
            const count = tab.items (lists).length;
            return h ('button', {role: 'tab', type: 'button', id: `tab-${tab.key}`,
                                 'aria-selected': tab.key === selected? 'true': 'false',
                                 'aria-controls': 'inbox-panel',
                                 tabindex: tab.key === selected? '0': '-1',
                                 onclick: () => choose (tab.key)},
                      t (`inbox.${tab.key}`), ' ', h ('span', {class: 'count'}, number (count)));
        }));
        const tab = TABS.find (one => one.key === selected) || TABS [0];
        const items = tab.items (lists);
        panel.setAttribute ('aria-labelledby', `tab-${tab.key}`);
        replace (panel, items.length? h ('ul', {class: 'rows'}, items.map (thing => item (tab.key, thing, lists.names)))
                                    : h ('p', {class: 'empty'}, t ('inbox.empty')));
    };
    const choose = key => {
        selected = key;
        history.replaceState ({}, '', `/?tab=${key}`);
        draw ();
        document.getElementById (`tab-${key}`).focus ();
    };
    tablist.addEventListener ('keydown', event => {
        const step = {ArrowRight: 1, ArrowLeft: -1} [event.key];
        if (!step)
            return;
        const index = TABS.findIndex (tab => tab.key === selected);
        choose (TABS [(index + step + TABS.length) % TABS.length].key);
    });
    draw ();

    // Live: a change reloads the lists (at most one reload at a time).
    let pending = null;
    const changed = () => {
        if (!document.body.contains (panel))
            return window.removeEventListener ('imi-change', changed);
        pending = pending || setTimeout (async () => {
            pending = null;
            // The page may have gone (signed out) meanwhile; a reload that
            // fails keeps the lists shown (a 401 goes to the sign-in).
            const reloaded = document.body.contains (panel)? await load ().catch (() => null): null;
            if (reloaded && document.body.contains (panel)) {
                lists = reloaded;
                draw ();
            }
        }, 200);
    };
    window.addEventListener ('imi-change', changed);
}

// Users and API keys, for admins (their authority) and coordinators (the
// state): the users the node lets the reader manage (GET /api/v1/users),
// adding one, disabling one, setting a new password; the API keys (GET
// /api/v1/apikeys) with their last use, making one (its secret shown once,
// with a copy button and a warning: the node keeps only its hash) and
// revoking one. What a reader may not do, the node refuses with its reason.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, languageName, LANGUAGES} from '../i18n.js';
import {form, pagedList, redrawer} from './kit.js';

const ROLES = ['handler', 'admin', 'coordinator', 'auditor'];
const AUTHORITY = '[A-Z]{2}:[a-z0-9][a-z0-9._\\-]*';     // "DE:bafa"

function when (ms) {
    return ms === null? '—': new Intl.DateTimeFormat (document.documentElement.lang,
        {dateStyle: 'medium', timeStyle: 'short'}).format (new Date (ms));
}

// A button that posts to path and then calls after; the node's refusal
// goes to the list's alert.
function stepButton (text, path, values, after, error) {
    const button = h ('button', {type: 'button', class: 'small', onclick: async () => {
        button.disabled = true;
        replace (error);
        try {
            await api.post (path, values);
            await after ();
        }
        catch (problem) {
            if (problem.status !== 401)
                replace (error, problem.message);
            button.disabled = false;
        }
    }}, text);
    return button;
}

export async function usersPage (main, {app}) {
    const me = app.user;
    const listError = h ('p', {class: 'error', role: 'alert', id: 'users-error'});
    const redraw = redrawer (usersPage, {app});
    const user = one => h ('li', {class: 'row user'},
        h ('strong', {}, one.name), ' ',
        h ('span', {class: `badge state-${one.status}`}, t (`users.status.${one.status}`)),
        h ('span', {class: 'meta'}, one.authority, ' · ', t (`users.role.${one.role}`), ' · ',
          languageName (one.lang), one.password? null: [' · ', t ('users.no_password')]),
        one.status === 'active' && one.name !== me.name? h ('span', {class: 'steps'},
            stepButton (t ('users.disable', {name: one.name}),
                        `/users/${encodeURIComponent (one.name)}/disable`, undefined,
                        async () => {
                            await redraw ();
                            announce (t ('users.disabled', {name: one.name}));
                        }, listError),
            h ('details', {class: 'inline'}, h ('summary', {}, t ('users.reset', {name: one.name})),
                form (`reset-${one.name}`, [{name: 'password', kind: 'password', required: true,
                                             label: t ('users.new_password')}],
                      t ('users.reset_submit'), async values => {
                    await api.post (`/users/${encodeURIComponent (one.name)}/password`, values);
                    await redraw ();
                    announce (t ('users.reset_done', {name: one.name}));
                }))): null);
    const key = one => h ('li', {class: 'row key'},
        h ('strong', {}, one.label), ' ',
        h ('span', {class: `badge state-${one.status}`}, t (`users.key_status.${one.status}`)),
        h ('span', {class: 'meta'}, `apikey.${one.id}`, ' · ', one.authority, ' · ',
          t (`users.role.${one.role}`), ' · ', t ('users.made_by', {name: one.created_by,
                                                                   time: when (one.created_ms)}),
          ' · ', t ('users.last_used', {time: when (one.last_used_ms)})),
        one.status === 'active'? stepButton (t ('users.revoke', {label: one.label}),
            `/apikeys/${one.id}/revoke`, undefined, async () => {
                await redraw ();
                announce (t ('users.revoked', {label: one.label}));
            }, listError): null);
    const keyList = () => pagedList ('/apikeys', {limit: 100}, key, t ('users.no_keys'));
    const [users, keys] = await Promise.all ([
        pagedList ('/users', {limit: 100}, user, t ('users.none')), keyList ()]);
    // Who a user or a key acts as: an authority, a role, a language.
    const actsAs = [
        {name: 'authority', label: t ('users.authority'), required: true, value: me.authority,
         pattern: AUTHORITY},
        {name: 'role', kind: 'select', label: t ('users.role_label'), required: true,
         value: 'handler', options: ROLES.map (role => [role, t (`users.role.${role}`)])},
        {name: 'lang', kind: 'select', label: t ('app.language'), required: true,
         value: me.lang, options: LANGUAGES.map (code => [code, languageName (code)])},
    ];
    const shown = h ('div', {id: 'new-key', 'aria-live': 'polite'});
    const add = form ('user-add', [
        {name: 'name', label: t ('users.name'), required: true}, ...actsAs,
        {name: 'password', kind: 'password', label: t ('users.password')},
    ], t ('users.add'), async values => {
        const made = await api.post ('/users', values);
        await redraw ();
        announce (t ('users.added', {name: made.name}));
    });
    const makeKey = form ('key-add', [
        {name: 'label', label: t ('users.key_label'), required: true}, ...actsAs,
    ], t ('users.key_add'), async (values, files, element) => {
        const made = await api.post ('/apikeys', values);
        element.reset ();
        element.closest ('details').open = false;
        // The secret is in this answer only: shown once, never stored here.
        const secret = h ('input', {id: 'key-secret', readonly: true, value: made.key,
                                    'aria-describedby': 'key-warning'});
        const copied = h ('span', {class: 'meta', 'aria-live': 'polite'});
        replace (shown, h ('div', {class: 'card secret'},
            h ('h3', {}, t ('users.key_made', {label: made.label})),
            h ('p', {class: 'late', id: 'key-warning'}, t ('users.key_once')),
            h ('label', {for: 'key-secret'}, t ('users.key_secret')), secret,
            h ('button', {type: 'button', id: 'key-copy', onclick: async () => {
                secret.select ();
                try {
                    await navigator.clipboard.writeText (made.key);
                    copied.textContent = t ('users.copied');
                }
                catch {
                    copied.textContent = t ('users.copy_by_hand');
                }
            }}, t ('users.copy')), copied));
        replace (keys, await keyList ());
        secret.focus ();
    });
    append (main, h ('h1', {}, t ('users.title')), listError,
        h ('section', {'aria-labelledby': 'users-list'},
            h ('h2', {id: 'users-list'}, t ('users.list')), users,
            h ('details', {class: 'action-box', id: 'action-user-add'},
                h ('summary', {}, t ('users.add')), add)),
        h ('section', {'aria-labelledby': 'keys-list'},
            h ('h2', {id: 'keys-list'}, t ('users.keys')),
            h ('p', {class: 'note'}, t ('users.keys_note')), shown, keys,
            h ('details', {class: 'action-box', id: 'action-key-add'},
                h ('summary', {}, t ('users.key_add')), makeKey)));
}

// Sign in with a name and password (POST /api/v1/login), then back to the
// page the user came from (?next=), or the inbox.
import * as api from '../api.js';
import {h, append, replace} from '../dom.js';
import {t} from '../i18n.js';
import {signedIn} from '../main.js';

export function signinPage (main, {query}) {
    const error = h ('p', {class: 'error', role: 'alert', id: 'signin-error'});
    const name = h ('input', {id: 'name', name: 'name', autocomplete: 'username', required: true});
    const password = h ('input', {id: 'password', name: 'password', type: 'password',
                                  autocomplete: 'current-password', required: true});
    const button = h ('button', {type: 'submit'}, t ('signin.submit'));
    const form = h ('form', {class: 'card narrow', 'aria-describedby': 'signin-error',
                             onsubmit: async event => {
        event.preventDefault ();
        replace (error);
        button.disabled = true;
        try {
            await api.signIn (name.value.trim (), password.value);
            await signedIn (await api.whoami (), query.get ('next'));
        }
        catch (problem) {
            replace (error, problem.status === 401? t ('signin.refused'): problem.message);
            password.value = '';
            password.focus ();
        }
        finally {
            button.disabled = false;
        }
    }},
        h ('label', {for: 'name'}, t ('signin.name')), name,
        h ('label', {for: 'password'}, t ('signin.password')), password,
        button, error);
    const notes = [];
    if (query.get ('next'))
        notes.push (h ('p', {class: 'note'}, t ('signin.again')));
    if (query.get ('changed'))
        notes.push (h ('p', {class: 'note'}, t ('password.changed')));
    append (main, h ('h1', {}, t ('signin.title')), notes, form);
    name.focus ();
}

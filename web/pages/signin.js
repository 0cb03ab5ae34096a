// Sign in with a name and password (POST /api/v1/login), or through the
// identity provider the node names (GET /api/v1/login/methods: a link to
// its start, which comes back signed in, or here with ?oidc_error=REASON
// saying why not), then back to the page the user came from (?next=), or
// the inbox. The password form is left out where the node has password
// logins off.
import * as api from '../api.js';
import {h, append, replace} from '../dom.js';
import {t} from '../i18n.js';
import {signedIn} from '../main.js';

// Why a sign-in through the identity provider failed (the node's names).
const OIDC_ERRORS = ['state', 'denied', 'code', 'token', 'provider', 'unlinked', 'disabled',
                     'node'];

export async function signinPage (main, {query}) {
    const methods = await api.loginMethods ().catch (() => ({password: true, oidc: null}));
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
    const reason = query.get ('oidc_error');
    if (OIDC_ERRORS.includes (reason))
        notes.push (h ('p', {class: 'error', role: 'alert', id: 'oidc-error'},
                       t (`signin.oidc_error.${reason}`, {reference: query.get ('reference') || ''})));
    if (query.get ('next'))
        notes.push (h ('p', {class: 'note'}, t ('signin.again')));
    if (query.get ('changed'))
        notes.push (h ('p', {class: 'note'}, t ('password.changed')));
    const provider = methods.oidc? h ('p', {class: 'card narrow'},
        h ('a', {class: 'button', id: 'signin-oidc',
                 href: methods.oidc.start + api.query ({next: query.get ('next')})},
          t ('signin.oidc', {provider: methods.oidc.name}))): null;
    append (main, h ('h1', {}, t ('signin.title')), notes, provider,
            provider && methods.password? h ('p', {class: 'note'}, t ('signin.or')): null,
            methods.password? form: null);
    if (methods.password)
        name.focus ();
}

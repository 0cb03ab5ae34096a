// Change one's own password (POST /api/v1/password): the current one
// proves it is the user; every session ends, so sign in again after.
import * as api from '../api.js';
import {h, append, replace} from '../dom.js';
import {t} from '../i18n.js';

export function passwordPage (main) {
    const error = h ('p', {class: 'error', role: 'alert', id: 'password-error'});
    const field = (id, label, autocomplete) => [
        h ('label', {for: id}, t (label)),
        h ('input', {id, type: 'password', autocomplete, required: true})];
    const form = h ('form', {class: 'card narrow', 'aria-describedby': 'password-error',
                             onsubmit: async event => {
        event.preventDefault ();
        const [current, fresh, again] = ['current', 'new', 'again'].map (id =>
            form.querySelector (`#${id}`).value);
        if (fresh !== again)
            return replace (error, t ('password.mismatch'));
        try {
            await api.post ('/password', {current, new: fresh});
            await api.signOut ().catch (() => {});
            location.assign ('/signin?changed=1');
        }
        catch (problem) {
            replace (error, problem.status === 403? t ('password.wrong'): problem.message);
        }
    }},
        field ('current', 'password.current', 'current-password'),
        field ('new', 'password.new', 'new-password'),
        field ('again', 'password.again', 'new-password'),
        h ('button', {type: 'submit'}, t ('password.submit')), error);
    append (main, h ('h1', {}, t ('password.title')), h ('p', {}, t ('password.note')), form);
}

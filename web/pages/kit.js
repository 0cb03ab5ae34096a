// kit.js: what the pages of alerts, notifications, registers, users,
// indicators and audit build alike: a form whose fields are checked before
// it is sent and that shows the node's reason when refused; a field drawn
// from its description; a list that pages on with the API's cursor; a page
// that redraws itself when the event stream names what it shows.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, stateName, language} from '../i18n.js';
import {STATES} from './search.js';
import {dateInput} from './rows.js';
import {navigate} from '../main.js';

// A form's field: {name, label, kind (text, textarea, date, select, files,
// password, states: the states but except, or personal: a group of
// fields, marked as personal data), required, options [[value, label]],
// value, pattern, fields (a group's)}. Its id is prefix-name; an array of
// nodes (a label and its control), or a fieldset.
export function field (prefix, spec) {
    if (spec.kind === 'personal')
        return h ('fieldset', {class: 'personal'},
            h ('legend', {class: 'badge personal-badge'}, t ('case.personal_data')),
            spec.fields.map (one => field (prefix, one)));
    const id = `${prefix}-${spec.name}`;
    const label = h ('label', {for: id}, spec.label,
                     spec.required? h ('span', {class: 'meta'}, ` (${t ('field.required')})`): null);
    const common = {id, name: spec.name, required: spec.required};
    if (spec.kind === 'textarea')
        return [label, h ('textarea', {...common, rows: 4}, spec.value || '')];
    if (spec.kind === 'select')
        return [label, h ('select', common,
            spec.required? null: h ('option', {value: ''}, '—'),
            spec.options.map (([value, text]) => h ('option', {value, selected: value === spec.value},
                                                     text)))];
    if (spec.kind === 'files')
        return [label, h ('input', {...common, type: 'file', multiple: true})];
    if (spec.kind === 'states')
        return h ('fieldset', {id, class: 'states'},
            h ('legend', {}, spec.label),
            h ('label', {class: 'choice'}, h ('input', {type: 'checkbox', name: `${spec.name}:all`,
                                                        id: `${id}-all`, checked: true}),
               ' ', t ('alerts.all_states')),
            h ('div', {class: 'state-choices'}, STATES
                .filter (code => code !== spec.except)
                .map (code => [code, stateName (code)])
                .sort ((a, b) => a [1].localeCompare (b [1], language ()))
                .map (([code, name]) => h ('label', {class: 'choice'},
                    h ('input', {type: 'checkbox', name: spec.name, value: code}), ' ', name))));
    if (spec.kind === 'date')
        return [label, dateInput ({...common, value: spec.value || ''})];
    return [label, h ('input', {...common, type: spec.kind || 'text', value: spec.value || '',
                                pattern: spec.pattern,
                                autocomplete: spec.kind === 'password'? 'new-password': null})];
}

// The recipients a "states" field chose: "all", or the state codes;
// neither is refused (a Problem, as the node's refusals are).
export function chosenStates (form, name) {
    if (form.elements [`${name}:all`].checked)
        return 'all';
    const states = [...form.querySelectorAll (`input[name="${name}"]:checked`)].map (box => box.value);
    if (!states.length)
        throw new api.Problem (422, t ('alerts.no_states'));
    return states;
}

// The head of a page that starts something under a procedure (an alert, a
// notification): the heading title, and the procedures usable in a list
// whose choice redraws the page at path?procedure=CODE. The one chosen
// (the address's, else the first), or null when none is usable (the page
// then says none).
export function procedureChoice (main, title, usable, query, path, none) {
    append (main, h ('h1', {}, title));
    if (!usable.length) {
        append (main, h ('p', {class: 'note'}, none));
        return null;
    }
    const chosen = usable.find (one => one.code === query.get ('procedure')) || usable [0];
    append (main, h ('div', {class: 'action'},
        h ('label', {for: 'procedure'}, t ('alerts.procedure')),
        h ('select', {id: 'procedure', onchange: event => navigate (
            `${path}${api.query ({procedure: event.target.value})}`, {replace: true})},
            usable.map (one => h ('option', {value: one.code, selected: one === chosen},
                                  one.name || one.code)))));
    return chosen;
}

// A form of fields (field () specs) and a submit button; on submit its
// values are checked, then send (values, files) is awaited (values: the
// named controls' trimmed values, empty ones left out; files: the chosen
// files). A field at fault or the node's refusal is named in the form's
// alert, and the focus goes to the field.
export function form (prefix, specs, submit, send) {
    const error = h ('p', {class: 'error', role: 'alert', id: `${prefix}-error`});
    const button = h ('button', {type: 'submit'}, submit);
    const element = h ('form', {class: 'action', novalidate: true, id: prefix,
                                'aria-describedby': `${prefix}-error`},
                       specs.filter (Boolean).map (spec => field (prefix, spec)), button, error);
    element.addEventListener ('submit', async event => {
        event.preventDefault ();
        replace (error);
        const invalid = [...element.elements].find (control => !control.checkValidity ());
        if (invalid) {
            const label = element.querySelector (`label[for="${invalid.id}"]`);
            replace (error, t ('field.check', {field: label? label.firstChild.textContent
                                                           : invalid.name}));
            return invalid.focus ();
        }
        const values = {};
        const files = [];
        for (const control of element.elements) {
            if (!control.name || control.type === 'checkbox')
                continue;
            if (control.type === 'file')
                files.push (...control.files);
            else
            if (control.value.trim ())
                values [control.name] = control.value.trim ();
        }
        button.disabled = true;
        try {
            await send (values, files, element);
        }
        catch (problem) {
            if (problem.status !== 401)
                replace (error, problem.message);
            error.scrollIntoView ({block: 'nearest'});
        }
        finally {
            button.disabled = false;
        }
    });
    return element;
}

// A body for POST path: JSON, or a form with files (a "json" part and a
// "file" part each, docs/http.md "Files up").
export function body (values, files) {
    if (!files.length)
        return values;
    const sent = new FormData ();
    sent.append ('json', new Blob ([JSON.stringify (values)], {type: 'application/json'}));
    for (const file of files)
        sent.append ('file', file, file.name);
    return sent;
}

// A list of the API's pages ({items, next_cursor}) at path with values:
// the items drawn by item (an item, and the page's authority_names) into
// a <ul>, and a button for the next page while there is one. Returns the
// list's element; the first page is awaited.
export async function pagedList (path, values, item, empty) {
    const list = h ('ul', {class: 'rows'});
    const holder = h ('div', {}, list);
    const more = async cursor => {
        const page = await api.get (path, {...values, cursor});
        append (list, page.items.map (thing => item (thing, page.authority_names)));
        holder.querySelector ('.more')?.remove ();
        if (!list.children.length)
            replace (holder, h ('p', {class: 'empty'}, empty));
        if (page.next_cursor)
            append (holder, h ('button', {type: 'button', class: 'more',
                                          onclick: () => more (page.next_cursor)},
                               t ('search.next')));
    };
    await more (undefined);
    return holder;
}

// Redraw main with draw () when the event stream names ref (or, ref
// null, any thing of kind), while element is on the page.
export function live (element, kind, ref, draw) {
    let pending = null;
    const changed = event => {
        if (!document.body.contains (element))
            return window.removeEventListener ('imi-change', changed);
        const detail = event.detail || {};
        if (detail.kind !== 'gap' && (detail.kind !== kind || (ref && detail.ref !== ref)))
            return;
        pending = pending || setTimeout (async () => {
            pending = null;
            // A redraw that fails leaves the page to the next event (a 401
            // has gone to the sign-in already)
            if (document.body.contains (element))
                await draw ().catch (() => {});
        }, 200);
    };
    window.addEventListener ('imi-change', changed);
}

// The thing at path as the reader's language shows it, with its free
// texts machine-translated: asked for once, when a "translate" button is
// first pressed (a function returning the one promise).
export function translator (path) {
    let translation = null;
    return () => (translation = translation || api.get (path, {lang: language (), translate: 'yes'}));
}

// A function that draws the page's <main> anew with page (of context:
// {params, query, app}): after an action, or when the event stream names
// what it shows. The page is drawn aside and then shown, so the old one
// stays until the new one is ready, and two redraws at once show one page.
export function redrawer (page, context) {
    return async () => {
        const fresh = h ('div');
        await page (fresh, context);
        replace (document.getElementById ('main'), ...fresh.childNodes);
    };
}

// Facts as a definition list: [[message key, value]], empty values left out.
export function facts (rows) {
    return h ('dl', {class: 'facts'}, rows.filter (([, value]) => value !== null
                                                     && value !== undefined && value !== '')
        .map (([key, value]) => [h ('dt', {}, t (key)), h ('dd', {}, value)]));
}

// Say that something was done (the message key), and move the focus to
// the page's heading.
export function done (key) {
    announce (t (key));
    const heading = document.querySelector ('#main h1');
    if (heading) {
        heading.setAttribute ('tabindex', '-1');
        heading.focus ();
    }
}

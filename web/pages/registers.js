// The registers fed by notifications (docs/notifications.md): a search
// over their entries (GET /api/v1/repository: words as prefixes, accents
// folded by the node, a register and a state to filter by), and one entry
// by its key (GET /api/v1/repository/entry, ?key= in the address). The
// search is in the address (?q=&state=), so it can be bookmarked.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, dateTime, stateName, language} from '../i18n.js';
import {STATES} from './search.js';
import {pagedList} from './kit.js';

function entry (one) {
    return h ('li', {class: 'row entry'},
        h ('a', {href: `/registers${api.query ({key: one.key, register: one.register})}`}, one.key),
        ' ', h ('span', {class: `badge state-${one.status}`}, one.status),
        h ('span', {class: 'meta'}, one.register, ' · ', stateName (one.state), ' · ',
          dateTime (one.updated)),
        h ('dl', {class: 'pairs'}, one.fields.map (field =>
            [h ('dt', {}, field.label), h ('dd', {}, field.value)])),
        h ('p', {class: 'meta'}, h ('a', {href: `/notifications/${encodeURIComponent (one.notification)}`},
                                    t ('registers.notification', {version: one.version}))));
}

export async function registersPage (main, {query}) {
    append (main, h ('h1', {}, t ('registers.title')));
    if (query.get ('key')) {
        const found = await api.get ('/repository/entry', {key: query.get ('key'),
                                                           register: query.get ('register')});
        return append (main, h ('p', {}, h ('a', {href: '/registers'}, t ('registers.search'))),
                       h ('ul', {class: 'rows', id: 'entries'}, found.entries.map (entry)));
    }
    const words = h ('input', {id: 'registers-q', type: 'search', value: query.get ('q') || '',
                               autocomplete: 'off'});
    const state = h ('select', {id: 'registers-state'},
        h ('option', {value: ''}, t ('search.all_states')),
        STATES.map (code => [code, stateName (code)])
              .sort ((a, b) => a [1].localeCompare (b [1], language ()))
              .map (([code, name]) => h ('option', {value: code,
                                                     selected: code === query.get ('state')}, name)));
    const results = h ('div', {id: 'registers-results', 'aria-live': 'polite'});
    const search = async () => {
        const values = {q: words.value.trim (), state: state.value};
        history.replaceState ({}, '', `/registers${api.query (values)}`);
        if (!values.q && !values.state)
            return replace (results, h ('p', {class: 'note'}, t ('registers.hint')));
        try {
            replace (results, await pagedList ('/repository', values, entry, t ('registers.none')));
            announce (t ('registers.found', {count: results.querySelectorAll ('li.entry').length}));
        }
        catch (problem) {
            replace (results, h ('p', {class: 'error', role: 'alert'}, problem.message));
        }
    };
    append (main,
        h ('form', {class: 'filters', role: 'search', onsubmit: event => {
            event.preventDefault ();
            search ();
        }},
          h ('div', {}, h ('label', {for: 'registers-q'}, t ('registers.words')), words),
          h ('div', {}, h ('label', {for: 'registers-state'}, t ('search.state')), state),
          h ('button', {type: 'submit'}, t ('registers.search'))),
        results);
    words.focus ();
    await search ();
}

// Find an authority: type-ahead over the directory (GET /api/v1/search,
// words matched as prefixes, diacritics folded, typos and compounds
// forgiven by the node) in every state and language, filtered by state;
// when the node read a typo as another word, the page says what it
// searched for. The search is in the address (?q=&state=), so it can be
// bookmarked and the back button returns to it.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, language, stateName} from '../i18n.js';
import {authorityText} from './rows.js';

// The states that use IMI (EU-27, IS, LI, NO, CH).
export const STATES = ['AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR',
                'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL',
                'PT', 'RO', 'SE', 'SI', 'SK'];
const LIMIT = 20;

export function searchPage (main, {query}) {
    const words = h ('input', {id: 'q', type: 'search', value: query.get ('q') || '',
                               autocomplete: 'off', 'aria-controls': 'results'});
    const state = h ('select', {id: 'state'},
        h ('option', {value: ''}, t ('search.all_states')),
        STATES.map (code => [code, stateName (code)])
              .sort ((a, b) => a [1].localeCompare (b [1], language ()))
              .map (([code, name]) => h ('option', {value: code,
                                                     selected: code === query.get ('state')}, name)));
    const results = h ('div', {id: 'results', 'aria-live': 'polite'});
    let asked = 0;
    const search = async (offset = 0) => {
        const mine = ++asked;
        const values = {q: words.value.trim (), state: state.value};
        history.replaceState ({}, '', `/search${api.query (values)}`);
        if (!values.q && !values.state)
            return replace (results);
        const page = await api.get ('/search', {...values, lang: language (), limit: LIMIT, offset});
        if (mine !== asked)
            return;                 //  a later search answered first
        const list = h ('ul', {class: 'rows'}, page.results.map (result =>
            h ('li', {class: 'row'},
               h ('a', {href: `/authorities/${encodeURIComponent (result.key)}`}, result.name),
               ' ', h ('span', {class: 'meta'}, [authorityText (result.key), result.city]
                                                  .filter (Boolean).join (' · ')))));
        const more = page.next_offset === null? null
            : h ('button', {type: 'button', onclick: () => search (page.next_offset)},
                 t ('search.next'));
        const summary = page.results.length? t ('search.found', {count: page.results.length})
                                           : t ('search.none');
        const corrected = page.corrected === null? null
            : h ('p', {class: 'note', id: 'corrected'},
                 t ('search.corrected', {query: page.corrected}));
        replace (results, corrected, h ('p', {class: 'note'}, summary),
                 page.results.length? list: null,
                 offset? h ('button', {type: 'button',
                                       onclick: () => search (Math.max (0, offset - LIMIT))},
                            t ('search.previous')): null, more);
        announce (summary);
    };
    let timer = null;
    words.addEventListener ('input', () => {
        clearTimeout (timer);
        timer = setTimeout (() => search ().catch (problem => replace (results,
            h ('p', {class: 'error', role: 'alert'}, problem.message))), 250);
    });
    state.addEventListener ('change', () => search ());
    append (main, h ('h1', {}, t ('search.title')),
        h ('form', {class: 'filters', role: 'search', onsubmit: event => {
            event.preventDefault ();
            search ();
        }},
          h ('div', {}, h ('label', {for: 'q'}, t ('search.words')), words),
          h ('div', {}, h ('label', {for: 'state'}, t ('search.state')), state)),
        results);
    words.focus ();
    return search ();
}

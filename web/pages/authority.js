// An authority's page (GET /api/v1/authorities/{key}), in the reader's
// language where the directory has it: its names, address, contacts and
// legal areas; for another state's authority, the link that starts a
// request to it (the new-request wizard).
import * as api from '../api.js';
import {h, append} from '../dom.js';
import {t, language, languageName, stateName} from '../i18n.js';

export async function authorityPage (main, {params, app}) {
    const answer = await api.get (`/authorities/${encodeURIComponent (params.key)}`,
                                  {lang: language ()});
    const record = answer.authority;
    const names = record.names || [];
    const name = (names.find (one => one.lang === language ()) || names [0] || {}).text
              || params.key;
    const state = params.key.split (':') [0];
    const facts = [
        ['authority.key', params.key],
        ['authority.state', stateName (state)],
        ['authority.address', [record.address, [record.postcode, record.city].filter (Boolean)
                                                .join (' ')].filter (Boolean).join (', ')],
    ].filter (([, value]) => value);
    // A request goes to an authority of another state (docs/cases.md)
    const start = state === app.user.authority.split (':') [0]? null
        : h ('p', {}, h ('a', {href: `/requests/new${api.query ({to: params.key})}`, id: 'start-request'},
                         t ('wizard.start')));
    append (main, h ('h1', {}, name), start,
        h ('dl', {class: 'facts'}, facts.map (([key, value]) => [h ('dt', {}, t (key)),
                                                                 h ('dd', {}, value)])),
        names.length > 1? [h ('h2', {}, t ('authority.names')),
            h ('ul', {}, names.map (one => h ('li', {lang: one.lang},
                one.text, ' ', h ('span', {class: 'meta'}, `(${languageName (one.lang)})`))))]: null,
        (record.contacts || []).length? [h ('h2', {}, t ('authority.contacts')),
            h ('ul', {}, record.contacts.map (contact => h ('li', {},
                `${t (`contact.${contact.kind}`)}: `, contact.value)))]: null,
        h ('h2', {}, t ('authority.areas')),
        h ('ul', {}, (answer.legal_areas || []).map (area => h ('li', {}, area.name || area.code))));
}

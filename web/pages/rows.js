// rows.js: what several pages show the same way: a case's row (a link to
// its page), a case's state, an authority's key with its state's name.
import {h} from '../dom.js';
import {t, date, stateName} from '../i18n.js';

// "FR:cnom" as "cnom (France)".
export function authorityLabel (key) {
    const [state, id] = String (key).split (':');
    return id? `${id} (${stateName (state)})`: key;
}

export function stateBadge (state) {
    return h ('span', {class: `badge state-${state}`}, t (`state.${state}`));
}

// A case's row of a list (docs/http.md, "a case's row"): a list item.
export function caseItem (row) {
    return h ('li', {class: 'row'},
        h ('a', {href: `/cases/${encodeURIComponent (row.id)}`}, authorityLabel (row.counterpart)),
        ' ', stateBadge (row.state),
        h ('span', {class: 'meta'},
          t (row.direction === 'in'? 'case.incoming': 'case.outgoing'), ' · ', row.procedure,
          row.reply_by? [' · ', t ('case.reply_by', {date: date (row.reply_by)})]: null,
          row.overdue_days? [' · ', h ('strong', {class: 'late'},
                                      t ('case.days_overdue', {count: row.overdue_days}))]
                          : null,
          row.personal_data? [' · ', t (`retention.${row.personal_data}`)]: null));
}

// rows.js: what several pages show the same way: a case's row (a link to
// its page), a case's state, an authority by its name, an event's line,
// a date input, an input by a question's type.
import {h} from '../dom.js';
import {t, date, dateTime, stateName} from '../i18n.js';

// An authority as text: "FR:cnom" by its name in names (a document's
// authority_names: the node names each authority it mentions in the
// reader's language) with its key and state after it, "Conseil national
// de l'Ordre des médecins (cnom, France)"; one the node did not name (its
// directory lacks it) as "cnom (France)".
export function authorityText (key, names = {}) {
    const [state, id] = String (key).split (':');
    if (!id)
        return key;
    return names [key]? `${names [key]} (${id}, ${stateName (state)})`: `${id} (${stateName (state)})`;
}

// The same as an element: the key and state secondary (class meta).
export function authorityLabel (key, names = {}) {
    const [state, id] = String (key).split (':');
    return id && names [key]
        ? h ('span', {class: 'authority'}, names [key], ' ',
             h ('span', {class: 'meta'}, `(${id}, ${stateName (state)})`))
        : authorityText (key);
}

// An event's first line: when, who for which authority (names: the
// document's authority_names), then what.
export function eventLine (entry, names, ...what) {
    return h ('p', {class: 'who'}, h ('time', {datetime: entry.time}, dateTime (entry.time)), ' · ',
              h ('strong', {}, entry.actor), ', ', authorityLabel (entry.authority, names), ', ',
              what);
}

export function stateBadge (state) {
    return h ('span', {class: `badge state-${state}`}, t (`state.${state}`));
}

// A case's row of a list (docs/http.md, "a case's row"): a list item;
// names: the list's authority_names.
export function caseItem (row, names) {
    return h ('li', {class: 'row'},
        h ('a', {href: `/cases/${encodeURIComponent (row.id)}`}, authorityLabel (row.counterpart, names)),
        ' ', stateBadge (row.state),
        h ('span', {class: 'meta'},
          t (row.direction === 'in'? 'case.incoming': 'case.outgoing'), ' · ', row.procedure,
          row.reply_by? [' · ', t ('case.reply_by', {date: date (row.reply_by)})]: null,
          row.overdue_days? [' · ', h ('strong', {class: 'late'},
                                      t ('case.days_overdue', {count: row.overdue_days}))]
                          : null,
          row.personal_data? [' · ', t (`retention.${row.personal_data}`)]: null));
}

// A date input (attributes as h () takes them, an id among them) with its
// date written out in the page's language under it, kept as it changes:
// the input shows the date as the browser's own language orders it (a
// French page in an English browser: 12/07/2026, month first), the text
// says which date that is, the month by its name ("7 décembre 2026"), and
// is the input's description for screen readers.
export function dateInput (attributes) {
    const text = h ('span', {class: 'meta', id: `${attributes.id}-text`});
    const input = h ('input', {...attributes, type: 'date', 'aria-describedby':
        [attributes ['aria-describedby'], text.id].filter (Boolean).join (' ')});
    const show = () => {
        text.textContent = input.validity.valid && input.value? date (input.value, 'long'): '';
    };
    input.addEventListener ('input', show);
    show ();
    return h ('span', {class: 'date-field'}, input, text);
}

// An input for a subject field or an answer, by its type (question: a
// field of GET /api/v1/procedures/{code}: "yes-no" and "choice" with their
// options, "date", "text"), with id and name, holding value, described by
// the element with id describedBy (if any); yes-no is a group of radio
// buttons labelled by the element with id labelId.
export function typedInput (question, id, name, value, labelId, describedBy) {
    const described = {'aria-describedby': describedBy};
    if (question.type === 'yes-no')
        return h ('div', {role: 'radiogroup', 'aria-labelledby': labelId, class: 'options',
                          ...described},
            question.options.map (option => h ('label', {class: 'choice'},
                h ('input', {type: 'radio', name, value: option.code,
                             checked: value === option.code}), ' ', option.text)));
    if (question.type === 'choice')
        return h ('select', {id, name, ...described},
            h ('option', {value: ''}, t ('wizard.choose')),
            question.options.map (option => h ('option', {value: option.code,
                                                          selected: value === option.code},
                                               option.text)));
    if (question.type === 'date')
        return dateInput ({id, name, min: '1900-01-01', max: '2999-12-31', value: value || '',
                           ...described});
    return h ('input', {id, name, value: value || '', ...described});
}

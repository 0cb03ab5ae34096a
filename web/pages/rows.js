// rows.js: what several pages show the same way: a case's row (a link to
// its page), a case's state, an authority's key with its state's name, an
// input by a question's type.
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

// An input for a subject field or an answer, by its type (question: a
// field of GET /api/v1/procedures/{code}: "yes-no" and "choice" with their
// options, "date", "text"), with id and name, holding value; yes-no is a
// group of radio buttons labelled by the element with id labelId.
export function typedInput (question, id, name, value, labelId) {
    if (question.type === 'yes-no')
        return h ('div', {role: 'radiogroup', 'aria-labelledby': labelId, class: 'options'},
            question.options.map (option => h ('label', {class: 'choice'},
                h ('input', {type: 'radio', name, value: option.code,
                             checked: value === option.code}), ' ', option.text)));
    if (question.type === 'choice')
        return h ('select', {id, name},
            h ('option', {value: ''}, t ('wizard.choose')),
            question.options.map (option => h ('option', {value: option.code,
                                                          selected: value === option.code},
                                               option.text)));
    if (question.type === 'date')
        return h ('input', {id, name, type: 'date', min: '1900-01-01', max: '2999-12-31',
                            value: value || ''});
    return h ('input', {id, name, value: value || ''});
}

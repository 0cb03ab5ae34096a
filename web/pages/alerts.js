// Alerts (docs/alerts.md): the list (GET /api/v1/alerts), issuing one
// with its procedure's fields and its recipient states (GET
// /api/v1/alerts/procedures says which procedures the user's authority may
// issue, and their fields in the reader's language), and one alert with
// its history, who acknowledged which version, and the steps the node
// allows this reader now (the alert's actions: correct, withdraw, close,
// acknowledge). The event stream redraws an alert when it changes.
import * as api from '../api.js';
import {h, append} from '../dom.js';
import {t, language, languageName, dateTime, date, LANGUAGES} from '../i18n.js';
import {authorityLabel, authorityText, eventLine} from './rows.js';
import {freeText} from './case.js';
import {form, body, chosenStates, procedureChoice, pagedList, live, facts, done, translator,
        redrawer} from './kit.js';
import {navigate} from '../main.js';

function badge (state) {
    return h ('span', {class: `badge state-${state}`}, t (`alerts.state.${state}`));
}

function item (alert, names) {
    const acks = alert.recipients === null
        ? t ('alerts.acknowledged_by', {count: alert.acknowledged})
        : t ('alerts.acknowledged_of', {done: alert.acknowledged, count: alert.recipients});
    return h ('li', {class: 'row'},
        h ('a', {href: `/alerts/${encodeURIComponent (alert.id)}`}, alert.procedure), ' ',
        badge (alert.state),
        h ('span', {class: 'meta'}, t (alert.direction === 'out'? 'alerts.out': 'alerts.in'),
          ' · ', authorityText (alert.sender, names), ' · ', dateTime (alert.issued), ' · ',
          alert.states.join (', '), ' · ', acks));
}

async function procedures () {
    return (await api.get ('/alerts/procedures', {lang: language ()})).procedures;
}

export async function alertsPage (main) {
    const [list, known] = await Promise.all ([
        pagedList ('/alerts', {limit: 50, lang: language ()}, item, t ('alerts.none')), procedures ()]);
    append (main, h ('h1', {}, t ('alerts.title')),
        known.some (procedure => procedure.may_issue)
            ? h ('p', {}, h ('a', {href: '/alerts/new', class: 'button'}, t ('alerts.new'))): null,
        list);
    live (list, 'alert', null, redrawer (alertsPage, {}));
}

// A procedure's fields as form fields (field () specs); values: the
// current ones by id (a correction starts from them).
function fieldSpecs (procedure, values = {}) {
    return procedure.fields.map (one => ({
        name: `field:${one.id}`, label: one.name || one.id, value: values [one.id],
        required: one.id === procedure.decision_field,
        kind: one.type === 'date'? 'date': one.options.length? 'select': 'text',
        options: one.options.map (option => [option.code, option.text || option.code])}));
}

// The values a form gave as the API's members: fields as {id: value}.
function members (values) {
    const sent = {field: {}};
    for (const [name, value] of Object.entries (values))
        if (name.startsWith ('field:'))
            sent.field [name.slice (6)] = value;
        else
            sent [name] = value;
    if (!Object.keys (sent.field).length)
        delete sent.field;
    return sent;
}

const languages = () => LANGUAGES.map (code => [code, languageName (code)]);

export async function alertNewPage (main, {query, app}) {
    const chosen = procedureChoice (main, t ('alerts.new'),
        (await procedures ()).filter (procedure => procedure.may_issue), query, '/alerts/new',
        t ('alerts.may_not_issue'));
    if (!chosen)
        return;
    const issue = form ('alert-new', [
        {name: 'to', kind: 'states', label: t ('alerts.to'), except: app.user.authority.slice (0, 2)},
        {kind: 'personal', fields: fieldSpecs (chosen)},
        {name: 'text', kind: 'textarea', label: t ('alerts.text'), required: true},
        {name: 'text-lang', kind: 'select', label: t ('alerts.text_lang'), required: true,
         value: language (), options: languages ()},
        {name: 'file', kind: 'files', label: t ('field.file')},
    ], t ('alerts.issue'), async (values, files, element) => {
        const to = chosenStates (element, 'to');
        const alert = await api.post ('/alerts', body ({procedure: chosen.code, to,
                                                         ...members (values)}, files));
        navigate (`/alerts/${encodeURIComponent (alert.id)}`);
        done ('alerts.issued');
    });
    append (main, chosen.send_within? h ('p', {class: 'note'}, t ('alerts.send_within',
                                                           {count: chosen.send_within})): null,
            issue);
}

function event (alert, entry, index, translated) {
    return h ('li', {class: 'event'},
        eventLine (entry, alert.authority_names, t (`alerts.event.${entry.kind}`),
                   ` (${t ('alerts.version', {n: entry.n})})`),
        entry.states && entry.states.length? h ('p', {}, t ('alerts.to_states',
                                                          {states: entry.states.join (', ')})): null,
        entry.content_hidden? h ('p', {class: 'note'}, t ('alerts.content_hidden')): null,
        entry.fields && entry.fields.length? h ('div', {class: 'personal'},
            h ('p', {class: 'badge personal-badge'}, t ('case.personal_data')),
            h ('dl', {class: 'pairs'}, entry.fields.map (one =>
                [h ('dt', {}, one.name || one.id),
                 h ('dd', {}, one.type === 'date'? date (one.value): one.value)]))): null,
        entry.text? freeText (entry.text, async () =>
            ((await translated ()).history [index].text || {}).machine_translation): null,
        entry.attachments && entry.attachments.length? h ('ul', {class: 'files'},
            entry.attachments.map (file => h ('li', {}, h ('a', {
                href: `/api/v1/alerts/${encodeURIComponent (alert.id)}/attachments/`
                      + encodeURIComponent (file.sha256), download: file.name}, file.name)))): null);
}

// The step's form: what it carries (docs/alerts.md, the transition table).
function stepForm (alert, procedure, step, redraw) {
    // A correction is the complete new set of fields: the form starts from
    // the current ones (a choice is shown by its name: back to its code).
    const latest = {};
    for (const entry of alert.history)
        for (const one of entry.fields || [])
            latest [one.id] = one.value;
    const current = {};
    for (const one of procedure? procedure.fields: []) {
        const option = one.options.find (each => each.text === latest [one.id]
                                                 || each.code === latest [one.id]);
        current [one.id] = option? option.code: latest [one.id];
    }
    const specs = {
        correct: [procedure? {kind: 'personal', fields: fieldSpecs (procedure, current)}: null,
                  {name: 'text', kind: 'textarea', label: t ('alerts.text')},
                  {name: 'text-lang', kind: 'select', label: t ('alerts.text_lang'),
                   required: true, value: language (), options: languages ()},
                  {name: 'file', kind: 'files', label: t ('field.file')}],
        withdraw: [{name: 'text', kind: 'textarea', label: t ('alerts.reason')}],
        close: [],
        acknowledge: alert.acknowledgements.length > 1
            ? [{name: 'authority', kind: 'select', label: t ('alerts.for_authority'),
                options: alert.acknowledgements.map (ack => [ack.authority,
                    authorityText (ack.authority, alert.authority_names)])}]
            : [],
    } [step];
    return form (`alert-${step}`, specs, t (`alerts.action.${step}`), async (values, files) => {
        const sent = members (values);
        if (step === 'correct' && !sent.field && !sent.text && !files.length)
            throw new api.Problem (422, t ('alerts.correct_what'));
        if (!sent.text)
            delete sent ['text-lang'];
        await api.post (`/alerts/${encodeURIComponent (alert.id)}/${step}`, body (sent, files));
        await redraw ();
        done (`alerts.done.${step}`);
    });
}

export async function alertPage (main, {params}) {
    const path = `/alerts/${encodeURIComponent (params.id)}`;
    const [alert, known] = await Promise.all ([api.get (path, {lang: language ()}),
                                               procedures ()]);
    const translated = translator (path);
    const redraw = redrawer (alertPage, {params});
    const procedure = known.find (one => one.code === alert.procedure);
    const inTime = alert.in_time && t (alert.in_time.on_time? 'alerts.in_time': 'alerts.late',
                                       {days: alert.in_time.days, limit: alert.in_time.limit});
    const heading = h ('h1', {tabindex: '-1'}, alert.procedure_name || alert.procedure);
    append (main, heading, h ('p', {class: 'meta'}, alert.id),
        facts ([['alerts.state_label', badge (alert.state)],
                ['case.direction', t (alert.direction === 'out'? 'alerts.out': 'alerts.in')],
                ['alerts.sender', authorityLabel (alert.sender, alert.authority_names)],
                ['alerts.to', alert.states.join (', ')],
                ['alerts.issued_on', dateTime (alert.issued)],
                ['alerts.decision_date', alert.decision_date && date (alert.decision_date)],
                ['alerts.deadline', inTime],
                ['alerts.version_label', String (alert.version)]]),
        alert.actions.length? h ('section', {class: 'actions', 'aria-labelledby': 'alert-actions'},
            h ('h2', {id: 'alert-actions'}, t ('case.actions')),
            alert.actions.map (step => h ('details', {class: 'action-box', id: `action-${step}`},
                h ('summary', {}, t (`alerts.action.${step}`)),
                stepForm (alert, procedure, step, redraw)))): null,
        h ('section', {'aria-labelledby': 'alert-acks'},
            h ('h2', {id: 'alert-acks'}, t (alert.direction === 'out'? 'alerts.acks_out'
                                                                     : 'alerts.acks_in')),
            alert.acknowledgements.length
                ? h ('table', {class: 'grid stack', id: 'acknowledgements'},
                    h ('thead', {}, h ('tr', {}, ['alerts.authority', 'alerts.ack_version',
                                                  'alerts.ack_by', 'alerts.ack_time']
                        .map (key => h ('th', {scope: 'col'}, t (key))))),
                    // Each cell names its column (data-label): on a phone the rows
                    // stack, a label beside each value (style.css, .stack)
                    h ('tbody', {}, alert.acknowledgements.map (ack => h ('tr', {},
                        h ('td', {'data-label': t ('alerts.authority')},
                           authorityLabel (ack.authority, alert.authority_names)),
                        ack.version === null
                            ? h ('td', {colspan: 3, class: 'late'}, t ('alerts.not_acknowledged'))
                            : [h ('td', {'data-label': t ('alerts.ack_version')},
                                 String (ack.version)),
                               h ('td', {'data-label': t ('alerts.ack_by')}, ack.by),
                               h ('td', {'data-label': t ('alerts.ack_time')},
                                 dateTime (ack.time))]))))
                : h ('p', {class: 'empty'}, t ('alerts.no_acks'))),
        h ('section', {'aria-labelledby': 'alert-history'},
            h ('h2', {id: 'alert-history'}, t ('case.timeline')),
            h ('ol', {class: 'timeline'}, alert.history.map ((entry, index) =>
                event (alert, entry, index, translated)))));
    live (heading, 'alert', alert.id, redraw);
}

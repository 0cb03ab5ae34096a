// A case's page (GET /api/v1/cases/{id}) in the reader's language: its
// facts, the deadline with the days left, the timeline (its newest page,
// earlier ones on demand) with each actor,
// questions and answers, free texts as written with a "translate" action
// each (machine translation marked as such, the original always shown),
// attachments, personal data marked and its retention state; then the
// actions this user may take now, each a form checked before it is sent,
// showing the node's reason when refused. What is typed into a form is
// kept in this tab until sent, so a session that expires loses nothing.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, language, languageName, date, daysUntil, number} from '../i18n.js';
import {authorityLabel, authorityText, eventLine, stateBadge, typedInput, dateInput} from './rows.js';


// Each action's fields: name (the API's), kind, required.
const TEXT = {name: 'text', kind: 'textarea'};
const FILES = {name: 'file', kind: 'files'};
const FIELDS = {
    send: [],
    withdraw: [TEXT],
    accept: [{name: 'reply-by', kind: 'date', required: true}],
    forward: [{name: 'to', kind: 'authority', required: true}],
    'ask-clarification': [{...TEXT, required: true}, FILES],
    clarify: [{...TEXT, required: true}, FILES],
    answer: [{name: 'answer', kind: 'answers'}, TEXT, FILES],
    'follow-up': [{...TEXT, required: true}],
    close: [{name: 'timely', kind: 'rating', required: true},
            {name: 'effort', kind: 'rating', required: true}],
    message: [{...TEXT, required: true}, FILES],
};

function sizeText (bytes) {
    return bytes < 1024? `${number (bytes)} B`
         : bytes < 1048576? `${number (Math.round (bytes / 1024))} KB`
         : `${number (Math.round (bytes / 104857.6) / 10)} MB`;
}

function deadline (reply) {
    const when = reply.agreed || reply.proposed;
    if (!when)
        return null;
    const days = daysUntil (when);
    const left = days > 0? t ('case.days_left', {count: days})
               : days === 0? t ('case.due_today')
               : t ('case.days_overdue', {count: -days});
    return [date (when), ' ', h ('span', {class: days < 0? 'late': 'meta'}, `(${left})`),
            reply.agreed? null: [' ', h ('span', {class: 'meta'}, t ('case.proposed'))]];
}

// A free text as written, with its language and a translate action.
export function freeText (text, translated) {
    const shown = h ('div', {class: 'translation'});
    const button = text.lang === language ()? null
        : h ('button', {type: 'button', class: 'small', onclick: async () => {
            button.disabled = true;
            try {
                const machine = (await translated ()) || {};
                replace (shown, machine.text
                    ? [h ('p', {class: 'meta'}, t ('case.machine_translation',
                                                   {engine: machine.engine || '?'})),
                       h ('blockquote', {lang: machine.lang}, machine.text)]
                    : [h ('p', {class: 'note'}, t ('case.no_translation')),
                       machine.error? h ('p', {class: 'meta'}, machine.error): null]);
                button.remove ();
            }
            catch (problem) {
                replace (shown, h ('p', {class: 'error', role: 'alert'}, problem.message));
                button.disabled = false;
            }
        }}, t ('case.translate'));
    return h ('div', {class: 'free-text'},
        h ('p', {class: 'meta'}, t ('case.written_in', {language: languageName (text.lang)})),
        h ('blockquote', {lang: text.lang}, text.original), button, shown);
}

// One event of the timeline (or of what is held); translation () is the
// machine translation of its text, asked for when the reader wants it.
function event (doc, entry, translation) {
    const values = (list, key, value) => h ('dl', {class: 'pairs'}, list.map (item =>
        [h ('dt', {}, item [key]), h ('dd', {}, item [value])]));
    const names = doc.authority_names;
    return h ('li', {class: 'event'},
        eventLine (entry, names, t (`event.${entry.kind}`)),
        entry.void? h ('p', {class: 'note'}, t ('case.void', {reason: entry.void})): null,
        entry.reply_by? h ('p', {}, t ('case.reply_by', {date: date (entry.reply_by)})): null,
        entry.to? h ('p', {}, t ('case.forwarded_to', {authority: authorityText (entry.to, names)})): null,
        entry.questions? h ('ul', {class: 'questions'}, entry.questions.map (question =>
            h ('li', {}, question.text || question.id))): null,
        entry.answers? values (entry.answers.map (answer => ({question: answer.question || answer.id,
                                                              value: answer.value_text || answer.value})),
                               'question', 'value'): null,
        entry.subject? h ('div', {class: 'personal'},
            h ('p', {class: 'badge personal-badge'}, t ('case.personal_data')),
            values (entry.subject.map (field => ({field: field.field || field.id,
                                                  value: field.value_text || field.value})),
                    'field', 'value')): null,
        entry.text? freeText (entry.text, translation): null,
        entry.attachments && entry.attachments.length? h ('ul', {class: 'files'},
            entry.attachments.map (file => h ('li', {},
                h ('a', {href: `/api/v1/cases/${encodeURIComponent (doc.id)}/attachments/`
                               + encodeURIComponent (file.sha256), download: file.name}, file.name),
                ' ', h ('span', {class: 'meta'}, sizeText (file.size))))): null,
        entry.timely !== undefined && entry.timely !== null
            ? h ('p', {}, t ('case.rated', {timely: t (entry.timely? 'rating.positive': 'rating.negative'),
                                            effort: t (entry.effort? 'rating.positive': 'rating.negative')}))
            : null);
}

// One action's form; done () after the node took it. questions: the
// procedure's questions by id (their answer types), for the answers.
function actionForm (doc, action, done, questions) {
    const stored = `imi.form.${doc.id}.${action}`;
    const kept = JSON.parse (sessionStorage.getItem (stored) || '{}');
    const error = h ('p', {class: 'error', role: 'alert', id: `error-${action}`});
    const id = name => `${action}-${name}`;
    const field = spec => {
        const label = h ('label', {for: id (spec.name)}, t (`field.${spec.name}`),
                         spec.required? h ('span', {class: 'meta'}, ` (${t ('field.required')})`): null);
        if (spec.kind === 'textarea')
            return [label, h ('textarea', {id: id (spec.name), name: spec.name, rows: 4,
                                           required: spec.required}, kept [spec.name] || '')];
        if (spec.kind === 'date')
            return [label, dateInput ({id: id (spec.name), name: spec.name, required: spec.required,
                                       value: kept [spec.name] || doc.reply_date.proposed || ''})];
        if (spec.kind === 'authority')
            return [label, h ('input', {id: id (spec.name), name: spec.name, required: true,
                                        pattern: '[A-Z]{2}:[a-z0-9][a-z0-9._\\-]*',
                                        placeholder: 'FR:cnom', value: kept [spec.name] || ''})];
        if (spec.kind === 'files')
            return [label, h ('input', {id: id (spec.name), name: spec.name, type: 'file',
                                        multiple: true})];
        if (spec.kind === 'rating')
            return h ('fieldset', {},
                h ('legend', {}, t (`field.${spec.name}`)),
                ['yes', 'no'].map (value => h ('label', {class: 'choice'},
                    h ('input', {type: 'radio', name: spec.name, value, required: true,
                                 checked: kept [spec.name] === value}),
                    ' ', t (value === 'yes'? 'rating.positive': 'rating.negative'))));
        if (spec.kind === 'answers')
            return h ('fieldset', {}, h ('legend', {}, t ('field.answer')),
                (doc.questions || []).map (question => {
                    // A question this node's catalogue lacks is answered as text
                    const typed = questions [question.id] || {type: 'text', options: []};
                    const name = `answer:${question.id}`;
                    return [h (typed.type === 'yes-no'? 'span': 'label',
                               {for: typed.type === 'yes-no'? null: id (question.id),
                                id: `${id (question.id)}-label`, class: 'label'},
                               question.text || question.id),
                            typedInput (typed, id (question.id), name, kept [name],
                                        `${id (question.id)}-label`)];
                }));
        return null;
    };
    const form = h ('form', {class: 'action', novalidate: true, 'aria-describedby': `error-${action}`},
                    FIELDS [action].map (field),
                    h ('button', {type: 'submit'}, t (`action.${action}`)), error);
    form.addEventListener ('input', () => {
        const values = {};
        for (const element of form.elements)
            if (element.name && element.type !== 'file' && (element.type !== 'radio' || element.checked))
                values [element.name] = element.value;
        sessionStorage.setItem (stored, JSON.stringify (values));
    });
    form.addEventListener ('submit', async submitted => {
        submitted.preventDefault ();
        replace (error);
        const invalid = [...form.elements].find (element => !element.checkValidity ());
        if (invalid) {
            replace (error, t ('field.check', {field: (form.querySelector (`label[for="${invalid.id}"]`)
                                                       || invalid.closest ('fieldset')
                                                          ?.querySelector ('legend') || {}).textContent
                                                      || invalid.name}));
            return invalid.focus ();
        }
        const body = {};
        const answers = {};
        const files = [];
        for (const element of form.elements) {
            if (!element.name || (element.type === 'radio' && !element.checked))
                continue;
            if (element.type === 'file')
                files.push (...element.files);
            else
            if (element.name.startsWith ('answer:')) {
                if (element.value.trim ())
                    answers [element.name.slice (7)] = element.value.trim ();
            }
            else
            if (element.type === 'radio')
                body [element.name] = element.value === 'yes';
            else
            if (element.value.trim ())
                body [element.name] = element.value.trim ();
        }
        if (Object.keys (answers).length)
            body.answer = answers;
        const sent = files.length? api.form (body, files): body;
        const button = form.querySelector ('button[type=submit]');
        button.disabled = true;
        try {
            await api.post (`/cases/${encodeURIComponent (doc.id)}/${action}`, sent);
            sessionStorage.removeItem (stored);
            announce (t ('case.done', {action: t (`action.${action}`)}));
            await done ();
        }
        catch (problem) {
            if (problem.status !== 401)
                replace (error, problem.message);
            button.disabled = false;
        }
    });
    return form;
}

export async function casePage (main, {params, app}) {
    const path = `/cases/${encodeURIComponent (params.id)}`;
    const doc = await api.get (path, {lang: language ()});
    // The answer's form types each answer by its question (the catalogue's
    // procedure; a procedure this node does not know: every answer a text)
    const questions = {};
    if (doc.reader.actions.includes ('answer')) {
        const procedure = await api.get (`/procedures/${encodeURIComponent (doc.procedure.code)}`,
                                         {lang: language ()}).catch (problem => {
            if (problem.status !== 404)
                throw problem;
            return {questions: []};
        });
        for (const question of procedure.questions)
            questions [question.id] = question;
    }
    // The page of the case with its texts machine-translated: the newest
    // (cursor undefined) or the earlier page at cursor, asked for once,
    // when the reader first wants one of its texts translated
    const translations = new Map ();
    const translated = cursor => {
        if (!translations.has (cursor))
            translations.set (cursor, api.get (path, {lang: language (), translate: 'yes', cursor}));
        return translations.get (cursor);
    };
    // The machine translation of the text of event index of list (the
    // timeline, or the events held: the case document's members)
    const translationOf = (list, index, cursor) => async () =>
        ((list (await translated (cursor)) [index] || {}).text || {}).machine_translation;
    const events = (page, cursor) => page.timeline.map ((entry, index) =>
        event (doc, entry, translationOf (translatedDoc => translatedDoc.timeline, index, cursor)));
    // The timeline comes in pages, the newest first: a long case's earlier
    // events are a button away, put before those shown
    const timeline = h ('ol', {class: 'timeline'}, events (doc));
    let shown = doc.timeline.length;
    const earlier = h ('button', {type: 'button', class: 'small earlier'});
    const failed = h ('p', {class: 'error', role: 'alert'});
    const label = () => t ('case.earlier', {count: Math.max (doc.timeline_events - shown, 1)});
    replace (earlier, label ());
    earlier.hidden = !doc.timeline_earlier_cursor;
    let cursor = doc.timeline_earlier_cursor;
    earlier.addEventListener ('click', async () => {
        earlier.disabled = true;
        try {
            const page = await api.get (path, {lang: language (), cursor});
            timeline.prepend (...events (page, cursor));
            shown += page.timeline.length;
            cursor = page.timeline_earlier_cursor;
            earlier.hidden = !cursor;
            replace (earlier, label ());
            replace (failed);
            announce (t ('case.earlier_shown', {count: page.timeline.length}));
        }
        catch (problem) {
            if (problem.status !== 401)
                replace (failed, problem.message);
        }
        earlier.disabled = false;
    });
    // The node says which actions the reader may take now (its transition
    // table and the reader's role): the page offers those, no others.
    const actions = doc.reader.actions;
    const reload = async () => {
        replace (main);
        await casePage (main, {params, app});
        main.querySelector ('h1').focus ();
    };
    const retention = doc.retention || {};
    const facts = [
        ['case.state', stateBadge (doc.state)],
        ['case.direction', t (doc.direction === 'in'? 'case.incoming': 'case.outgoing')],
        ['case.requester', authorityLabel (doc.requester, doc.authority_names)],
        ['case.responder', authorityLabel (doc.responder, doc.authority_names)],
        ['case.deadline', deadline (doc.reply_date || {})],
        ['case.overdue', doc.overdue],
        ['case.blocked', retention.blocked_on && date (retention.blocked_on.slice (0, 10))],
        ['case.deleted', retention.deleted_on && date (retention.deleted_on.slice (0, 10))],
        //  The node's sentence is English: its code is said in the reader's language
        ['case.withheld', doc.reader && doc.reader.withheld_why
                          && t (`case.withheld_${doc.reader.withheld_why}`)],
    ].filter (([, value]) => value);
    append (main,
        h ('h1', {tabindex: '-1'}, (doc.procedure && doc.procedure.name) || doc.id),
        h ('p', {class: 'meta'}, doc.id),
        h ('dl', {class: 'facts'}, facts.map (([key, value]) => [h ('dt', {}, t (key)),
                                                                 h ('dd', {}, value)])),
        actions.length? h ('section', {class: 'actions', 'aria-labelledby': 'actions-title'},
            h ('h2', {id: 'actions-title'}, t ('case.actions')),
            actions.map (action => h ('details', {class: 'action-box', id: `action-${action}`},
                h ('summary', {}, t (`action.${action}`)), actionForm (doc, action, reload, questions)))): null,
        // What the requester's node holds until the responder accepts: the
        // request's personal data, texts and files (docs/cases.md, "Need-to-know")
        doc.held? h ('section', {class: 'held', 'aria-labelledby': 'held-title'},
            h ('h2', {id: 'held-title'}, t ('wizard.held_title')),
            h ('p', {class: 'note'}, t (doc.held.will_send? 'wizard.held': 'wizard.held_never',
                                       {authority: authorityText (doc.held.responder,
                                                                  doc.authority_names)})),
            h ('ol', {class: 'timeline'}, doc.held.events.map ((entry, index) =>
                event (doc, entry, translationOf (translatedDoc => (translatedDoc.held || {}).events || [],
                                                  index))))): null,
        h ('section', {'aria-labelledby': 'timeline-title'},
            h ('h2', {id: 'timeline-title'}, t ('case.timeline')),
            earlier, failed, timeline));
}

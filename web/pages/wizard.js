// The new-request wizard (/requests/new, or /requests/new?to=STATE:ID from
// an authority's page): the authority and the procedure → the questions
// to ask, from the procedure's pre-translated set in the user's language
// → the subject fields (personal data, inputs by their type) → a free text
// and its language → attachments (dropped or chosen, within the node's
// limit, shown before anything is sent) → the reply date (the procedure's
// default) → a review → POST /api/v1/cases, with a progress bar while the
// files go up. The catalogue comes from the node (GET /api/v1/procedures,
// /api/v1/procedures/{code}): nothing here knows a procedure.
//
// Each step checks its input before the next is shown; the node's refusal
// of the whole is shown with its reason. The draft is kept in this tab's
// sessionStorage as it is typed: it survives a reload and an expired
// session (signing in again comes back here), ends with the tab (it holds
// personal data: nothing of it is left on a shared computer), and is
// cleared once the request is sent. Chosen files are kept in memory only
// (no storage keeps a File): they survive an expired session, not a
// reload, and the attachments step then names the files to choose again.
import * as api from '../api.js';
import {h, append, replace, announce} from '../dom.js';
import {t, language, languageName, LANGUAGES, date, number} from '../i18n.js';
import {navigate} from '../main.js';
import {authorityText, typedInput, dateInput} from './rows.js';

const STEPS = ['procedure', 'questions', 'subject', 'text', 'files', 'reply', 'review'];
const AUTHORITY = /^[A-Z]{2}:[a-z0-9][a-z0-9._-]*$/;
const TEXT_MAX = 32 * 1024;         // bytes of a free text (IMI_CASE_TEXT_MAX)
const VALUE_MAX = 4096;             // bytes of a subject field (IMI_CASE_VALUE_MAX)

// Files chosen, per user, for as long as this page is loaded.
const chosen = new Map ();

function sizeText (bytes) {
    return bytes < 1024? `${number (bytes)} B`
         : bytes < 1048576? `${number (Math.round (bytes / 1024))} KB`
         : `${number (Math.round (bytes / 104857.6) / 10)} MB`;
}

const bytes = text => new TextEncoder ().encode (text).length;

export async function wizardPage (main, {query, app}) {
    const stored = `imi.wizard.${app.user.name}`;
    const draft = {step: 0, to: '', procedure: '', questions: [], subject: {}, text: '',
                   textLang: language (), replyBy: '', fileNames: [],
                   ...JSON.parse (sessionStorage.getItem (stored) || '{}')};
    if (query.get ('to') && query.get ('to') !== draft.to)
        Object.assign (draft, {to: query.get ('to'), step: 0});
    if (!chosen.has (app.user.name))
        chosen.set (app.user.name, []);
    const files = chosen.get (app.user.name);
    // Names of files chosen before a reload: to be chosen again.
    const lost = draft.fileNames.filter (name => !files.some (file => file.name === name));
    const save = () => {
        draft.fileNames = [...lost, ...files.map (file => file.name)];
        sessionStorage.setItem (stored, JSON.stringify (draft));
    };
    const cache = {};
    const load = (path, values) => {
        const key = path + api.query (values);
        return (cache [key] = cache [key] || api.get (path, values).catch (problem => {
            delete cache [key];
            throw problem;
        }));
    };
    const lang = language ();
    // The procedures the user may start (that the authority asked handles
    // too), or the node's reason why there are none: a string (an authority
    // it does not know, 404).
    const procedures = () => load ('/procedures', {lang, to: AUTHORITY.test (draft.to)? draft.to: ''})
        .then (answer => answer.procedures, problem => {
            if (problem.status !== 404)
                throw problem;
            return problem.message;
        });
    const procedure = () => load (`/procedures/${encodeURIComponent (draft.procedure)}`, {lang});

    const error = h ('p', {class: 'error', role: 'alert', id: 'wizard-error', tabindex: '-1'});
    const body = h ('div', {class: 'step-body'});
    const progress = h ('ol', {class: 'steps', 'aria-label': t ('wizard.steps')});
    const title = h ('h2', {id: 'wizard-step', tabindex: '-1'});
    const back = h ('button', {type: 'button', class: 'secondary', id: 'wizard-back'},
                    t ('wizard.back'));
    const next = h ('button', {type: 'submit', id: 'wizard-next'});
    const uploading = h ('div', {class: 'uploading', hidden: true},
        h ('label', {for: 'wizard-progress'}, t ('wizard.uploading')),
        h ('progress', {id: 'wizard-progress', max: '100', value: '0'}));
    const form = h ('form', {class: 'wizard', novalidate: true, 'aria-labelledby': 'wizard-step',
                             'aria-describedby': 'wizard-error'},
                    title, body, error, uploading, h ('div', {class: 'buttons'}, back, next));

    // What the step's controls hold, into the draft.
    const collect = () => {
        const value = name => form.elements [name];
        if (value ('to'))
            draft.to = value ('to').value.trim ();
        const procedureChoice = form.querySelector ('input[name=procedure]:checked');
        if (procedureChoice)
            draft.procedure = procedureChoice.value;
        if (form.querySelector ('input[name=question]'))
            draft.questions = [...form.querySelectorAll ('input[name=question]:checked')]
                                 .map (box => box.value);
        for (const element of form.querySelectorAll ('[name^="subject:"]'))
            if (element.type !== 'radio' || element.checked)
                draft.subject [element.name.slice (8)] = element.value;
        if (value ('text'))
            draft.text = value ('text').value;
        if (value ('text-lang'))
            draft.textLang = value ('text-lang').value;
        if (value ('reply-by'))
            draft.replyBy = value ('reply-by').value;
        save ();
    };
    form.addEventListener ('input', collect);
    form.addEventListener ('change', collect);

    // A refusal before sending: the message, the field marked and focused.
    const refuse = (message, field) => {
        replace (error, message);
        for (const marked of form.querySelectorAll ('[aria-invalid]'))
            marked.removeAttribute ('aria-invalid');
        if (field) {
            field.setAttribute ('aria-invalid', 'true');
            field.focus ();
        }
        else
            error.focus ();
        return false;
    };
    const labelOf = element => (form.querySelector (`label[for="${element.id}"]`)
                                || element.closest ('fieldset')?.querySelector ('legend')
                                || {}).textContent || element.name;

    // The steps: what each draws, and its check before going on (true:
    // go on; else refuse () has said why).
    const steps = {
        async procedure () {
            const to = h ('input', {id: 'wizard-to', name: 'to', value: draft.to, required: true,
                                    autocomplete: 'off', placeholder: 'FR:cnom',
                                    'aria-describedby': 'wizard-to-hint'});
            const named = h ('p', {class: 'meta', id: 'wizard-to-name', 'aria-live': 'polite'});
            const choices = h ('div', {id: 'wizard-procedures'});
            const fill = async () => {
                if (AUTHORITY.test (draft.to))
                    load (`/authorities/${encodeURIComponent (draft.to)}`, {lang})
                        .then (answer => {
                            const names = answer.authority.names || [];
                            replace (named, (names.find (one => one.lang === lang) || names [0]
                                             || {}).text || '');
                        }, () => replace (named));
                const list = await procedures ();
                if (typeof list === 'string')
                    return replace (choices, h ('p', {class: 'error'}, list));
                replace (choices, list.length
                    ? h ('fieldset', {},
                        h ('legend', {}, t ('wizard.procedure')),
                        list.map (item => h ('label', {class: 'choice block'},
                            h ('input', {type: 'radio', name: 'procedure', value: item.code,
                                         checked: item.code === draft.procedure}),
                            ' ', item.name, ' ',
                            h ('span', {class: 'meta'}, `(${item.legal_area.name})`))))
                    : h ('p', {class: 'note'}, t ('wizard.no_procedure')));
            };
            // As the authority is typed (a pause of 300 ms), not when the field
            // is left: a list redrawn then would move the buttons under the
            // pointer that left it.
            let timer = null;
            to.addEventListener ('input', () => {
                clearTimeout (timer);
                timer = setTimeout (() => fill ().catch (problem => refuse (problem.message)), 300);
            });
            await fill ();
            return [h ('label', {for: 'wizard-to'}, t ('wizard.to')), to,
                    h ('p', {class: 'meta', id: 'wizard-to-hint'}, t ('wizard.to_hint'), ' ',
                      h ('a', {href: '/search'}, t ('wizard.find'))),
                    named, choices];
        },
        async checkProcedure () {
            const to = form.elements.to;
            if (!AUTHORITY.test (draft.to))
                return refuse (t ('field.check', {field: labelOf (to)}), to);
            if (draft.to.slice (0, 2) === app.user.authority.slice (0, 2))
                return refuse (t ('wizard.same_state'), to);
            const list = await procedures ();
            if (typeof list === 'string')
                return refuse (list, to);
            if (!list.some (item => item.code === draft.procedure))
                return refuse (t ('wizard.choose_procedure'),
                               form.querySelector ('input[name=procedure]'));
            await procedure ();
            return true;
        },

        async questions () {
            const doc = await procedure ();
            return h ('fieldset', {},
                h ('legend', {}, t ('wizard.questions')),
                doc.questions.map ((question, index) => h ('div', {class: 'question'},
                    h ('input', {type: 'checkbox', name: 'question', value: question.id,
                                 id: `wizard-q${index}`, checked: draft.questions.includes (question.id),
                                 'aria-describedby': `wizard-q${index}-type`}),
                    ' ', h ('label', {for: `wizard-q${index}`}, question.text),
                    h ('span', {class: 'meta', id: `wizard-q${index}-type`},
                       question.options.length
                           ? t ('wizard.answer_options', {options: question.options.map (option => option.text)
                                                                                   .join (' · ')})
                           : t (`wizard.answer_${question.type}`)))));
        },
        async checkQuestions () {
            const doc = await procedure ();
            draft.questions = draft.questions.filter (id => doc.questions.some (question => question.id === id));
            if (!draft.questions.length)
                return refuse (t ('wizard.choose_question'), form.querySelector ('input[name=question]'));
            return true;
        },

        async subject () {
            const doc = await procedure ();
            return h ('div', {class: 'personal'},
                h ('p', {class: 'badge personal-badge'}, t ('case.personal_data')),
                h ('p', {class: 'note', id: 'wizard-personal-note'}, t ('wizard.personal_note')),
                doc.subject_fields.map ((field, index) => {
                    const id = `wizard-s${index}`;
                    const input = typedInput (field, id, `subject:${field.id}`,
                                              draft.subject [field.id], `${id}-label`,
                                              'wizard-personal-note');
                    return h ('div', {class: 'field'},
                        h (field.type === 'yes-no'? 'span': 'label',
                           {for: field.type === 'yes-no'? null: id, id: `${id}-label`, class: 'label'},
                           field.text, h ('span', {class: 'meta'}, ` (${t ('wizard.optional')})`)),
                        input);
                }));
        },
        async checkSubject () {
            for (const element of form.querySelectorAll ('[name^="subject:"]')) {
                if (element.type === 'date' && (!element.checkValidity () || element.validity.badInput))
                    return refuse (t ('field.check', {field: labelOf (element)}), element);
                if (bytes (element.value) > VALUE_MAX)
                    return refuse (t ('wizard.too_long', {limit: VALUE_MAX}), element);
            }
            return true;
        },

        text () {
            return [h ('label', {for: 'wizard-text'}, t ('wizard.text'),
                       h ('span', {class: 'meta'}, ` (${t ('wizard.optional')})`)),
                    h ('p', {class: 'meta', id: 'wizard-text-hint'}, t ('wizard.text_hint')),
                    h ('textarea', {id: 'wizard-text', name: 'text', rows: 8,
                                    'aria-describedby': 'wizard-text-hint', lang: draft.textLang},
                      draft.text),
                    h ('label', {for: 'wizard-text-lang'}, t ('wizard.text_lang')),
                    h ('select', {id: 'wizard-text-lang', name: 'text-lang', class: 'short'},
                      LANGUAGES.map (code => h ('option', {value: code, selected: code === draft.textLang},
                                                languageName (code))))];
        },
        checkText () {
            if (bytes (draft.text) > TEXT_MAX)
                return refuse (t ('wizard.too_long', {limit: TEXT_MAX}), form.elements.text);
            return true;
        },

        async files () {
            const limits = (await procedure ()).attachments;
            const list = h ('ul', {class: 'files', id: 'wizard-files-list', 'aria-live': 'polite'});
            const show = () => {
                replace (list, files.length
                    ? files.map ((file, index) => h ('li', {},
                        file.name, ' ', h ('span', {class: 'meta'}, sizeText (file.size)), ' ',
                        h ('button', {type: 'button', class: 'small', onclick: () => {
                            files.splice (index, 1);
                            save ();
                            show ();
                            announce (t ('wizard.removed', {name: file.name}));
                            (list.querySelector ('button') || picker).focus ();
                        }}, t ('wizard.remove', {name: file.name}))))
                    : h ('li', {class: 'empty'}, t ('wizard.no_files')));
                if (files.length)
                    append (list, h ('li', {class: 'meta'},
                        t ('wizard.total', {size: sizeText (files.reduce ((sum, file) => sum + file.size, 0))})));
            };
            const add = added => {
                files.push (...added);
                for (const file of added)
                    if (lost.includes (file.name))
                        lost.splice (lost.indexOf (file.name), 1);
                save ();
                show ();
                announce (t ('wizard.added', {count: added.length}));
            };
            const picker = h ('input', {type: 'file', id: 'wizard-files', multiple: true,
                                        'aria-describedby': 'wizard-limit'});
            picker.addEventListener ('change', () => {
                add ([...picker.files]);
                picker.value = '';
            });
            const zone = h ('div', {class: 'drop', id: 'wizard-drop'},
                h ('p', {}, t ('wizard.drop')),
                h ('label', {for: 'wizard-files'}, t ('wizard.choose_files')), picker);
            zone.addEventListener ('dragover', event => {
                event.preventDefault ();
                zone.classList.add ('over');
            });
            zone.addEventListener ('dragleave', () => zone.classList.remove ('over'));
            zone.addEventListener ('drop', event => {
                event.preventDefault ();
                zone.classList.remove ('over');
                add ([...event.dataTransfer.files]);
            });
            show ();
            return [h ('p', {id: 'wizard-limit'},
                       t ('wizard.limit', {files: limits.max_files, size: sizeText (limits.max_bytes)})),
                    lost.length? h ('p', {class: 'note', id: 'wizard-lost'},
                                    t ('wizard.files_lost', {names: lost.join (', ')})): null,
                    zone, list];
        },
        async checkFiles () {
            const limits = (await procedure ()).attachments;
            const total = files.reduce ((sum, file) => sum + file.size, 0);
            const picker = form.querySelector ('#wizard-files');
            if (files.length > limits.max_files)
                return refuse (t ('wizard.too_many', {limit: limits.max_files}), picker);
            const empty = files.find (file => !file.size);
            if (empty)
                return refuse (t ('wizard.empty_file', {name: empty.name}), picker);
            if (total > limits.max_bytes)
                return refuse (t ('wizard.too_large', {size: sizeText (total),
                                                       limit: sizeText (limits.max_bytes)}), picker);
            lost.length = 0;
            return true;
        },

        async reply () {
            const doc = await procedure ();
            draft.replyBy = draft.replyBy || doc.default_reply_by;
            save ();
            return [h ('label', {for: 'wizard-reply-by'}, t ('wizard.reply_by')),
                    dateInput ({id: 'wizard-reply-by', name: 'reply-by', class: 'short',
                                required: true, min: today (), value: draft.replyBy,
                                'aria-describedby': 'wizard-reply-hint'}),
                    h ('p', {class: 'meta', id: 'wizard-reply-hint'},
                      t (doc.reply_within.working_days? 'wizard.reply_default_working': 'wizard.reply_default',
                         {days: doc.reply_within.days, date: date (doc.default_reply_by)}))];
        },
        checkReply () {
            const input = form.elements ['reply-by'];
            if (!input.value || !input.checkValidity ())
                return refuse (input.value && input.value < today ()? t ('wizard.reply_past')
                                                                    : t ('field.check', {field: labelOf (input)}),
                               input);
            return true;
        },

        async review () {
            const doc = await procedure ();
            const change = (step, what) => h ('button', {type: 'button', class: 'small', onclick: () => go (step)},
                                              t ('wizard.change', {what}));
            const named = await load (`/authorities/${encodeURIComponent (draft.to)}`, {lang})
                .then (answer => (answer.authority.names || []).find (one => one.lang === lang)
                                 || (answer.authority.names || []) [0], () => null);
            const subject = doc.subject_fields.filter (field => (draft.subject [field.id] || '').trim ());
            const shown = (field, value) => (field.options.find (option => option.code === value) || {}).text
                                            || (field.type === 'date'? date (value): value);
            const section = (step, label, ...content) => h ('section', {class: 'review', 'aria-labelledby': `review-${step}`},
                h ('h3', {id: `review-${step}`}, label), content,
                change (STEPS.indexOf (step), label));
            return [h ('p', {class: 'note'}, t ('wizard.review_note')),
                section ('procedure', t ('wizard.step_procedure'),
                    h ('p', {}, named? [named.text, ' · ']: null, h ('span', {class: 'meta'}, authorityText (draft.to))),
                    h ('p', {}, doc.name)),
                section ('questions', t ('wizard.step_questions'),
                    h ('ul', {}, doc.questions.filter (question => draft.questions.includes (question.id))
                                              .map (question => h ('li', {}, question.text)))),
                section ('subject', t ('wizard.step_subject'),
                    subject.length
                        ? h ('div', {class: 'personal'},
                            h ('p', {class: 'badge personal-badge'}, t ('case.personal_data')),
                            h ('dl', {class: 'pairs'}, subject.map (field => [h ('dt', {}, field.text),
                                h ('dd', {}, shown (field, draft.subject [field.id].trim ()))])))
                        : h ('p', {class: 'empty'}, t ('wizard.nothing'))),
                section ('text', t ('wizard.step_text'),
                    draft.text.trim ()
                        ? [h ('p', {class: 'meta'}, t ('case.written_in', {language: languageName (draft.textLang)})),
                           h ('blockquote', {lang: draft.textLang}, draft.text.trim ())]
                        : h ('p', {class: 'empty'}, t ('wizard.nothing'))),
                section ('files', t ('wizard.step_files'),
                    files.length? h ('ul', {class: 'files'}, files.map (file => h ('li', {}, file.name, ' ',
                                        h ('span', {class: 'meta'}, sizeText (file.size)))))
                                : h ('p', {class: 'empty'}, t ('wizard.nothing'))),
                section ('reply', t ('wizard.step_reply'), h ('p', {}, date (draft.replyBy)))];
        },
        async checkReview () {
            // The fields of this procedure (the draft may hold another's)
            const subject = {};
            for (const field of (await procedure ()).subject_fields)
                if ((draft.subject [field.id] || '').trim ())
                    subject [field.id] = draft.subject [field.id].trim ();
            const request = {procedure: draft.procedure, to: draft.to, 'reply-by': draft.replyBy,
                             question: draft.questions, subject, send: true};
            if (draft.text.trim ())
                Object.assign (request, {text: draft.text.trim (), 'text-lang': draft.textLang});
            next.disabled = back.disabled = true;
            let row;
            try {
                if (files.length) {
                    uploading.hidden = false;
                    const bar = uploading.querySelector ('progress');
                    row = await api.upload ('/cases', api.form (request, files), (done, all) => {
                        bar.value = Math.round (100 * done / all);
                        bar.textContent = `${bar.value} %`;
                    });
                }
                else
                    row = await api.post ('/cases', request);
            }
            catch (problem) {
                uploading.hidden = true;
                next.disabled = back.disabled = false;
                if (problem.status === 401)
                    return false;
                return refuse (t ('wizard.refused', {reason: problem.message}));
            }
            sessionStorage.removeItem (stored);
            files.length = 0;
            navigate (`/cases/${encodeURIComponent (row.id)}`);
            announce (t ('wizard.sent'));
            return false;
        },
    };

    const go = async step => {
        draft.step = Math.max (0, Math.min (step, STEPS.length - 1));
        save ();
        const key = STEPS [draft.step];
        replace (error);
        replace (progress, STEPS.map ((name, index) => h ('li', {
            class: index < draft.step? 'done': null,
            'aria-current': index === draft.step? 'step': null}, t (`wizard.step_${name}`))));
        replace (title, t ('wizard.step', {number: draft.step + 1, total: STEPS.length,
                                           name: t (`wizard.step_${key}`)}));
        replace (body, await steps [key] ());
        back.hidden = draft.step === 0;
        replace (next, t (key === 'review'? 'wizard.send': 'wizard.next'));
        title.focus ();
        announce (title.textContent);
    };
    back.addEventListener ('click', () => go (draft.step - 1));
    form.addEventListener ('submit', async event => {
        event.preventDefault ();
        collect ();
        const key = STEPS [draft.step];
        const check = `check${key [0].toUpperCase ()}${key.slice (1)}`;
        try {
            if (await steps [check] ())
                await go (draft.step + 1);
        }
        catch (problem) {
            if (problem.status !== 401)
                refuse (problem.message);
        }
    });
    const discard = h ('button', {type: 'button', class: 'small', id: 'wizard-discard', onclick: () => {
        sessionStorage.removeItem (stored);
        files.length = 0;
        navigate ('/requests/new', {replace: true});
    }}, t ('wizard.discard'));
    append (main, h ('h1', {tabindex: '-1'}, t ('wizard.title')),
            h ('p', {class: 'note'}, t ('wizard.draft_note'), ' ', discard), progress, form);
    await go (draft.step);
}

// Today (UTC, as the node counts dates) as YYYY-MM-DD.
function today () {
    return new Date ().toISOString ().slice (0, 10);
}

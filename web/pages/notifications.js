// Notifications (docs/notifications.md): the list (GET
// /api/v1/notifications), sending one (GET /api/v1/notifications/procedures
// says under which procedures the user's authority may notify, and the
// fields of the register entry each one carries), and one notification with
// its text, its register entry, its comments and the steps the node
// allows this reader now (actions: comment, withdraw, close). The event
// stream redraws a notification when it changes.
import * as api from '../api.js';
import {h, append} from '../dom.js';
import {t, language} from '../i18n.js';
import {authorityLabel, authorityText, eventLine} from './rows.js';
import {freeText} from './case.js';
import {form, chosenStates, procedureChoice, pagedList, live, facts, done, translator,
        redrawer} from './kit.js';
import {navigate} from '../main.js';

function badge (state) {
    return h ('span', {class: `badge state-${state}`}, t (`notifications.state.${state}`));
}

function item (notification, names) {
    return h ('li', {class: 'row'},
        h ('a', {href: `/notifications/${encodeURIComponent (notification.id)}`},
          notification.title || notification.id), ' ', badge (notification.state),
        h ('span', {class: 'meta'}, authorityText (notification.sender, names), ' · ',
          notification.procedure, ' · ', notification.recipients.join (', ')));
}

async function procedures () {
    return (await api.get ('/notifications/procedures', {lang: language ()})).procedures;
}

export async function notificationsPage (main) {
    const [list, known] = await Promise.all ([
        pagedList ('/notifications', {limit: 50, lang: language ()}, item,
                  t ('notifications.none')),
        procedures ()]);
    append (main, h ('h1', {}, t ('notifications.title')),
        known.some (procedure => procedure.may_send)
            ? h ('p', {}, h ('a', {href: '/notifications/new', class: 'button'},
                             t ('notifications.new'))): null,
        list);
    live (list, 'notification', null, redrawer (notificationsPage, {}));
}

// A register entry's field as a form field: dates as dates, a choice as
// its values, the rest as text.
function entrySpec (one) {
    return {name: `entry:${one.field}`, label: one.label, required: one.required,
            kind: one.type.startsWith ('date')? 'date': one.values.length? 'select': 'text',
            options: one.values.map (value => [value, value]),
            pattern: one.type === 'state'? '[A-Z]{2}': one.type === 'code'? '[A-Za-z0-9._\\-]{1,64}'
                                                                          : null};
}

export async function notificationNewPage (main, {query, app}) {
    const chosen = procedureChoice (main, t ('notifications.new'),
        (await procedures ()).filter (procedure => procedure.may_send), query,
        '/notifications/new', t ('notifications.may_not_send'));
    if (!chosen)
        return;
    const send = form ('notification-new', [
        {name: 'to', kind: 'states', label: t ('alerts.to'), except: app.user.authority.slice (0, 2)},
        {name: 'title', label: t ('notifications.title_field'), required: true},
        {name: 'text', kind: 'textarea', label: t ('alerts.text'), required: true},
        ...(chosen.entry_fields || []).map (entrySpec),
    ], t ('notifications.send'), async (values, files, element) => {
        const to = chosenStates (element, 'to');
        const sent = {procedure: chosen.code, to, entry: {}};
        for (const [name, value] of Object.entries (values))
            if (name.startsWith ('entry:'))
                sent.entry [name.slice (6)] = value;
            else
                sent [name] = value;
        if (!chosen.register)
            delete sent.entry;
        const notification = await api.post ('/notifications', sent);
        navigate (`/notifications/${encodeURIComponent (notification.id)}`);
        done ('notifications.sent');
    });
    append (main, chosen.register? h ('p', {class: 'note'}, t ('notifications.feeds',
                                                         {register: chosen.register})): null,
            send);
}

export async function notificationPage (main, {params}) {
    const path = `/notifications/${encodeURIComponent (params.id)}`;
    const notification = await api.get (path, {lang: language ()});
    const translated = translator (path);
    const redraw = redrawer (notificationPage, {params});
    const heading = h ('h1', {tabindex: '-1'}, notification.title
                       || notification.procedure_name || notification.id);
    const entry = notification.entry_key
        ? h ('a', {href: `/registers${api.query ({key: notification.entry_key,
                                                  register: notification.register})}`},
             notification.entry_key): null;
    append (main, heading, h ('p', {class: 'meta'}, notification.id),
        facts ([['alerts.state_label', badge (notification.state)],
                ['alerts.procedure', notification.procedure_name || notification.procedure],
                ['alerts.sender', authorityLabel (notification.sender, notification.authority_names)],
                ['alerts.to', notification.recipients.join (', ')],
                ['alerts.version_label', String (notification.version)],
                ['notifications.entry', entry]]),
        notification.content_hidden? h ('p', {class: 'note'}, t ('alerts.content_hidden')): null,
        notification.text? freeText (notification.text, async () =>
            ((await translated ()).text || {}).machine_translation): null,
        notification.actions.length? h ('section', {class: 'actions',
                                                    'aria-labelledby': 'notification-actions'},
            h ('h2', {id: 'notification-actions'}, t ('case.actions')),
            notification.actions.filter (step => step !== 'modify').map (step =>
                h ('details', {class: 'action-box', id: `action-${step}`},
                    h ('summary', {}, t (`notifications.action.${step}`)),
                    form (`notification-${step}`, [{name: 'text', kind: 'textarea',
                                                    label: t ('alerts.text'),
                                                    required: step === 'comment'}],
                          t (`notifications.action.${step}`), async values => {
                        await api.post (`${path}/${step}`, values);
                        await redraw ();
                        done (`notifications.done.${step}`);
                    })))): null,
        h ('section', {'aria-labelledby': 'notification-events'},
            h ('h2', {id: 'notification-events'}, t ('case.timeline')),
            h ('ol', {class: 'timeline'}, notification.events.map ((event, index) =>
                h ('li', {class: 'event'},
                    eventLine (event, notification.authority_names,
                               t (`notifications.event.${event.kind}`)),
                    event.void? h ('p', {class: 'note'}, t ('case.void', {reason: event.void})): null,
                    // the text shown above is not repeated under its event
                    event.text && (!notification.text
                                   || event.text.original !== notification.text.original)
                        ? freeText (event.text, async () => ((await translated ()).events [index]
                                                                 .text || {}).machine_translation)
                        : null)))));
    live (heading, 'notification', notification.id, redraw);
}

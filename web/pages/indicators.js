// The performance indicators (GET /api/v1/indicators, as imictl kpi): the
// five values with the node's ratings, per responding authority, or for a
// coordinator per state, over a chosen period (?from=&to=&by= in the
// address); then a chart of each indicator by month for one scope (an
// authority or a state): one request per month of the period, each bar
// coloured by the node's rating of that month. Charts are plain SVG built
// with dom.js; each has its values as a table too, for screen readers and
// for reading exact figures.
import * as api from '../api.js';
import {h, svg, append, replace} from '../dom.js';
import {t, number, date, language} from '../i18n.js';
import {form} from './kit.js';
import {navigate} from '../main.js';

const INDICATORS = [1, 2, 3, 4, 5];
const MONTHS_MAX = 24;              // requests per chart set, at most

function today () {
    return new Date ().toISOString ().slice (0, 10);
}

// The default period: this month and the eleven before it.
function yearAgo () {
    const now = new Date ();
    return new Date (Date.UTC (now.getUTCFullYear (), now.getUTCMonth () - 11, 1))
        .toISOString ().slice (0, 10);
}

// The months of [from, to], each [first day, last day] clipped to the
// period: the last MONTHS_MAX of them.
function months (from, to) {
    const list = [];
    let start = new Date (`${from.slice (0, 7)}-01T00:00:00Z`);
    while (start.toISOString ().slice (0, 10) <= to) {
        const next = new Date (Date.UTC (start.getUTCFullYear (), start.getUTCMonth () + 1, 1));
        const last = new Date (next - 86400000).toISOString ().slice (0, 10);
        const first = start.toISOString ().slice (0, 10);
        list.push ([first < from? from: first, last > to? to: last]);
        start = next;
    }
    return list.slice (-MONTHS_MAX);
}

function value (indicator, one) {
    if (!one || one.value === null)
        return '—';
    return indicator === 2? t ('indicators.days', {count: Math.round (one.value * 10) / 10})
                          : `${number (Math.round (one.value * 10) / 10)} %`;
}

// The node's rating as a badge; nothing where it has none ("n/a": nothing
// to count).
function rating (one) {
    return one && ['good', 'medium', 'poor'].includes (one.rating)
        ? h ('span', {class: `badge rating-${one.rating}`}, t (`indicators.rating.${one.rating}`))
        : '';
}

function shortMonth (first) {
    return new Intl.DateTimeFormat (language (), {month: 'short', timeZone: 'UTC'})
        .format (new Date (`${first}T00:00:00Z`));
}

function monthName (first) {
    return new Intl.DateTimeFormat (language (), {month: 'short', year: 'numeric', timeZone: 'UTC'})
        .format (new Date (`${first}T00:00:00Z`));
}

// One indicator's chart: a bar per month (scaled to 100 % or to the most
// days), its value over it, the month under it (its short name; the year
// in the table of values).
function chart (indicator, series) {
    const width = 48 * series.length + 48, height = 220, base = 180;
    const values = series.map (([, one]) => one && one.value).filter (v => typeof v === 'number');
    const top = indicator === 2? Math.max (30, ...values): 100;
    const title = t (`indicators.name.${indicator}`);
    return h ('figure', {class: 'chart', id: `chart-${indicator}`},
        h ('figcaption', {}, title),
        svg ('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title,
                     preserveAspectRatio: 'xMinYMin meet'},
            svg ('line', {x1: 40, y1: base, x2: width, y2: base, class: 'axis'}),
            svg ('text', {x: 36, y: 30, class: 'tick', 'text-anchor': 'end'},
                 indicator === 2? number (top): '100'),
            svg ('text', {x: 36, y: base, class: 'tick', 'text-anchor': 'end'}, '0'),
            series.map (([month, one], index) => {
                const x = 48 + index * 48;
                const known = one && one.value !== null;
                const tall = known? Math.max (1, (Math.min (one.value, top) / top) * (base - 30)): 0;
                return svg ('g', {},
                    known? svg ('rect', {x, y: base - tall, width: 36, height: tall,
                                         class: `bar rating-${one.rating}`}): null,
                    svg ('text', {x: x + 18, y: base - tall - 5, class: 'value',
                                  'text-anchor': 'middle'},
                         known? number (Math.round (one.value)): '–'),
                    svg ('text', {x: x + 18, y: base + 22, class: 'tick', 'text-anchor': 'middle'},
                         shortMonth (month [0])));
            })),
        h ('details', {},
            h ('summary', {}, t ('indicators.values')),
            h ('table', {class: 'grid'},
                h ('thead', {}, h ('tr', {}, h ('th', {scope: 'col'}, t ('indicators.month')),
                                   h ('th', {scope: 'col'}, title),
                                   h ('th', {scope: 'col'}, t ('indicators.rating_label')))),
                h ('tbody', {}, series.map (([month, one]) => h ('tr', {},
                    h ('th', {scope: 'row'}, monthName (month [0])),
                    h ('td', {}, value (indicator, one)), h ('td', {}, rating (one))))))));
}

export async function indicatorsPage (main, {query, app}) {
    const from = query.get ('from') || yearAgo ();
    const to = query.get ('to') || today ();
    const by = query.get ('by') === 'state'? 'state': 'authority';
    const period = await api.get ('/indicators', {from, to, by});
    const scopes = period.rows.map (row => row.scope);
    // The charts' scope: the one asked for, else the user's own authority
    // (or state), else the first
    const own = by === 'state'? app.user.authority.split (':') [0]: app.user.authority;
    const scope = [query.get ('scope'), own].find (one => scopes.includes (one)) || scopes [0];
    const coordinator = app.user.role === 'coordinator';
    const choose = form ('indicators-period', [
        {name: 'from', kind: 'date', label: t ('indicators.from'), required: true, value: from},
        {name: 'to', kind: 'date', label: t ('indicators.to'), required: true, value: to},
        coordinator? {name: 'by', kind: 'select', label: t ('indicators.by'), required: true,
                      value: by, options: [['authority', t ('indicators.by_authority')],
                                           ['state', t ('indicators.by_state')]]}: null,
        scopes.length > 1? {name: 'scope', kind: 'select', label: t ('indicators.scope'),
                            required: true, value: scope,
                            options: scopes.map (one => [one, one])}: null,
    ].filter (Boolean), t ('indicators.show'), async values => {
        if (values.from > values.to)
            throw new api.Problem (422, t ('indicators.order'));
        navigate (`/indicators${api.query (values)}`);
    });
    const table = h ('table', {class: 'grid indicators', id: 'indicators-table'},
        h ('caption', {}, t ('indicators.period', {from: date (period.from), to: date (period.to)})),
        h ('thead', {}, h ('tr', {},
            h ('th', {scope: 'col'}, t (by === 'state'? 'indicators.state': 'indicators.authority')),
            h ('th', {scope: 'col'}, t ('indicators.requests')),
            INDICATORS.map (indicator => h ('th', {scope: 'col'}, t (`indicators.name.${indicator}`))),
            h ('th', {scope: 'col'}, t ('indicators.overall')))),
        h ('tbody', {}, period.rows.map (row => h ('tr', {},
            h ('th', {scope: 'row'}, row.scope), h ('td', {}, number (row.requests)),
            row.values.map ((one, index) => h ('td', {}, value (index + 1, one), ' ', rating (one))),
            h ('td', {}, rating ({rating: row.overall}))))));
    const charts = h ('section', {'aria-labelledby': 'indicators-charts', id: 'charts'},
        h ('h2', {id: 'indicators-charts'}, t ('indicators.by_month', {scope: scope || '—'})));
    append (main, h ('h1', {}, t ('indicators.title')), choose,
            period.rows.length? h ('div', {class: 'scroll', tabindex: '0', role: 'region',
                                           'aria-label': t ('indicators.title')}, table)
                              : h ('p', {class: 'empty'}, t ('indicators.none')),
            charts);
    if (!scope)
        return;
    // A request per month: the indicators of that month for the scope
    const periods = months (period.from, period.to);
    const answers = await Promise.all (periods.map (([first, last]) =>
        api.get ('/indicators', {from: first, to: last, by})));
    const rows = answers.map (answer => answer.rows.find (row => row.scope === scope));
    replace (charts, charts.firstChild, h ('div', {class: 'charts'}, INDICATORS.map (indicator =>
        chart (indicator, periods.map ((month, index) =>
            [month, rows [index] && rows [index].values [indicator - 1]])))));
}

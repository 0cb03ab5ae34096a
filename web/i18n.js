// i18n.js: the user interface's messages and the locale's formats.
//
// Every string the application shows comes from web/i18n/LANG.json, one
// file per language, "key": "text", with {name} for values filled in (see
// docs/web.md: a translator edits these files only). The language is the
// one the user chose here (kept in this browser), else the user's own
// (whoami), else the browser's, else English. Dates, numbers and the
// names of states and languages come from the browser's Intl, in that
// language.

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl', 'nl'];
const RIGHT_TO_LEFT = ['ar', 'fa', 'he', 'ur'];
const CHOICE = 'imi.lang';

let messages = {};
let current = 'en';

// Intl's formatters are slow to make (one a date made a fourth of the time
// to draw a case of 200 entries, scripts/bench-web.sh): one of each kind
// per language, kept for the page's life.
const formatters = new Map ();
function formatter (kind, code, make) {
    const key = `${kind} ${code}`;
    if (!formatters.has (key))
        formatters.set (key, make (code));
    return formatters.get (key);
}

export function language () { return current; }

// The language to use: the one chosen in this browser, else userLanguage,
// else the browser's, else English (only those we have messages for).
export function preferred (userLanguage) {
    const candidates = [localStorage.getItem (CHOICE), userLanguage,
                        ...(navigator.languages || []).map (tag => tag.slice (0, 2))];
    return candidates.find (code => LANGUAGES.includes (code)) || 'en';
}

// Load code's messages and make it the page's language. remember: the
// user chose it (kept in this browser).
export async function use (code, remember = false) {
    const response = await fetch (`/app/i18n/${code}.json`);
    if (!response.ok)
        throw new Error (`no messages for ${code}`);
    messages = await response.json ();
    current = code;
    if (remember)
        localStorage.setItem (CHOICE, code);
    document.documentElement.lang = code;
    document.documentElement.dir = RIGHT_TO_LEFT.includes (code)? 'rtl': 'ltr';
}

// The message key in the current language, {name} replaced by values
// (numbers written as the locale writes them). A message that depends on
// a number is an object of the language's plural forms ("one", "few",
// "many", "other": Intl.PluralRules), chosen by values.count.
export function t (key, values = {}) {
    let text = messages [key];
    if (text && typeof text === 'object')
        text = text [formatter ('plural', current, code => new Intl.PluralRules (code))
                     .select (values.count)] || text.other;
    if (typeof text !== 'string') {
        console.warn (`no message '${key}' in ${current}`);
        return key;
    }
    return text.replace (/\{(\w+)\}/g, (whole, name) => !(name in values)? whole
        : typeof values [name] === 'number'? number (values [name]): String (values [name]));
}

// A time (RFC 3339) as the locale writes a date and time.
export function dateTime (text) {
    return text? formatter ('dateTime', current, code => new Intl.DateTimeFormat (code,
                     {dateStyle: 'medium', timeStyle: 'short'})).format (new Date (text)): '';
}

// A date (YYYY-MM-DD) as the locale writes it; style "long" with the
// month's name ("1. Januar 2027").
export function date (text, style = 'medium') {
    return text? formatter (`date ${style}`, current, code => new Intl.DateTimeFormat (code,
                     {dateStyle: style, timeZone: 'UTC'})).format (new Date (`${text}T00:00:00Z`)): '';
}

export function number (value) {
    return formatter ('number', current, code => new Intl.NumberFormat (code)).format (value);
}

// A member state's name (ISO 3166 code; the EU writes Greece EL).
export function stateName (code) {
    try {
        return formatter ('region', current, language => new Intl.DisplayNames ([language], {type: 'region'}))
            .of (code === 'EL'? 'GR': code);
    }
    catch {
        return code;
    }
}

// A language's name (ISO 639-1), in the current language.
export function languageName (code, inLanguage = current) {
    try {
        return formatter ('language', inLanguage, language => new Intl.DisplayNames ([language],
                                                                         {type: 'language'})).of (code);
    }
    catch {
        return code;
    }
}

// Whole days from today (UTC) to date (YYYY-MM-DD): negative if past.
export function daysUntil (text) {
    const today = new Date ();
    const start = Date.UTC (today.getUTCFullYear (), today.getUTCMonth (), today.getUTCDate ());
    return Math.round ((Date.parse (`${text}T00:00:00Z`) - start) / 86400000);
}

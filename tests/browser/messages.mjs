// messages.mjs WEB_DIR: the web application's message files are complete.
// Every language has exactly the keys of English, none empty, each with the
// same {placeholders}; a message in plural forms has every form its
// language has (Intl.PluralRules) and none other, each with {count}; every key the code names literally (t ('key'), a
// route's title: 'key') is in English. Prints one line per language; exits
// 1 naming every fault.
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';

const web = process.argv [2];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl', 'nl'];
const faults = [];
const load = code => JSON.parse (readFileSync (join (web, 'i18n', `${code}.json`), 'utf8'));
const placeholders = text => [...text.matchAll (/\{(\w+)\}/g)].map (match => match [1]).sort ().join (',');
// A message's texts: itself, or each of its plural forms.
const forms = message => typeof message === 'string'? {text: message}: message;

const english = load ('en');
for (const code of LANGUAGES) {
    const messages = load (code);
    const categories = new Intl.PluralRules (code).resolvedOptions ().pluralCategories;
    for (const key of Object.keys (english)) {
        const message = messages [key];
        const wanted = placeholders (typeof english [key] === 'string'? english [key]: english [key].other);
        if (typeof message === 'object' && message !== null) {
            for (const category of categories)
                if (!(category in message))
                    faults.push (`${code}: '${key}' lacks the plural form '${category}' (${code} has ${categories.join (', ')})`);
            for (const category of Object.keys (message))
                if (!categories.includes (category))
                    faults.push (`${code}: '${key}' has '${category}', not a plural form of ${code}`);
            if (placeholders (message.other || '') !== 'count')
                faults.push (`${code}: '${key}' is in plural forms, so its texts need {count} and no other value`);
        }
        else
        if (typeof message !== 'string')
            faults.push (`${code}: no message '${key}'`);
        for (const [form, text] of Object.entries (forms (message || {})))
            if (typeof text !== 'string' || !text.trim ())
                faults.push (`${code}: '${key}' (${form}) is empty`);
            else
            if (placeholders (text) !== wanted)
                faults.push (`${code}: '${key}' (${form}) has {${placeholders (text)}}, English {${wanted}}`);
    }
    for (const key of Object.keys (messages))
        if (!(key in english))
            faults.push (`${code}: '${key}' is not a message of English`);
    console.log (`${code}: ${Object.keys (messages).length} messages`);
}
const files = ['.', 'pages'].flatMap (folder => readdirSync (join (web, folder))
    .filter (name => name.endsWith ('.js')).map (name => join (web, folder, name)));
for (const file of files) {
    const code = readFileSync (file, 'utf8');
    for (const match of code.matchAll (/\bt \('([a-z_.-]+)'|\btitle: '([a-z_.-]+)'/g)) {
        const key = match [1] || match [2];
        if (!(key in english))
            faults.push (`${file}: names '${key}', not in en.json`);
    }
}
for (const file of readdirSync (join (web, 'i18n')))
    if (!LANGUAGES.includes (file.replace (/\.json$/, '')))
        faults.push (`i18n/${file} is not one of ${LANGUAGES.join (', ')} (add it to LANGUAGES here and in i18n.js)`);
if (faults.length) {
    console.error (faults.join ('\n'));
    process.exit (1);
}
console.log (`every message in ${LANGUAGES.length} languages`);

// messages.mjs WEB_DIR: the web application's message files are complete.
// Every language has exactly the keys of English, none empty, each with the
// same {placeholders}; every key the code names literally (t ('key'), a
// route's title: 'key') is in English. Prints one line per language; exits
// 1 naming every fault.
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';

const web = process.argv [2];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl', 'nl'];
const faults = [];
const load = code => JSON.parse (readFileSync (join (web, 'i18n', `${code}.json`), 'utf8'));
const placeholders = text => [...text.matchAll (/\{(\w+)\}/g)].map (match => match [1]).sort ().join (',');

const english = load ('en');
for (const code of LANGUAGES) {
    const messages = load (code);
    for (const key of Object.keys (english))
        if (typeof messages [key] !== 'string' || !messages [key].trim ())
            faults.push (`${code}: no message '${key}'`);
        else
        if (placeholders (messages [key]) !== placeholders (english [key]))
            faults.push (`${code}: '${key}' has {${placeholders (messages [key])}}, English {${placeholders (english [key])}}`);
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

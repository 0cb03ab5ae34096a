// The page for an address no page has.
import {h, append} from '../dom.js';
import {t} from '../i18n.js';

export function notFoundPage (main) {
    append (main, h ('h1', {}, t ('notfound.title')), h ('p', {}, t ('notfound.text')),
            h ('p', {}, h ('a', {href: '/'}, t ('inbox.title'))));
}

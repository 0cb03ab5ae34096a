// api.js: the HTTP API (docs/http.md), the application's only back end.
//
// The session is the HttpOnly cookie the login sets; this script never
// sees it. Every POST carries the session's CSRF token (the login's
// answer, or GET /csrf's after a sign-in through the identity provider, kept
// in this browser's storage for the session's tabs) and an
// Idempotency-Key, so a retried request never acts twice. Errors are the
// node's problem documents, thrown as Problem with the node's reason. A
// 401 on a signed-in page means the session ended: expired () is called
// (the application goes to the sign-in page and comes back after).

const CSRF = 'imi.csrf';

export class Problem extends Error {
    constructor (status, detail) {
        super (detail);
        this.status = status;
    }
}

let expired = () => {};

// Call handler when a request finds the session ended.
export function onExpired (handler) { expired = handler; }

function randomKey () {
    const bytes = crypto.getRandomValues (new Uint8Array (16));
    return Array.from (bytes, byte => byte.toString (16).padStart (2, '0')).join ('');
}

// The query string of an object, leaving out empty values.
export function query (values) {
    const parameters = new URLSearchParams ();
    for (const [name, value] of Object.entries (values))
        if (value !== undefined && value !== null && value !== '')
            parameters.set (name, value);
    const text = parameters.toString ();
    return text? `?${text}`: '';
}

// The headers and the body of a request: every POST carries the CSRF
// token and a new Idempotency-Key; an object goes as JSON, a FormData as
// a form with files.
function prepare (method, body) {
    const headers = {Accept: 'application/json'};
    if (method !== 'GET') {
        headers ['X-CSRF-Token'] = localStorage.getItem (CSRF) || '';
        headers ['Idempotency-Key'] = randomKey ();
        if (body !== undefined && !(body instanceof FormData))
            headers ['Content-Type'] = 'application/json';
    }
    return {headers, payload: body === undefined || body instanceof FormData? body
                                                                            : JSON.stringify (body)};
}

// The answer of a request to path: its JSON document, null for 204;
// throws Problem (a 401 on a signed-in page first calls expired ()).
function answer (path, status, statusText, document) {
    if (status === 204)
        return null;
    if (status < 200 || status > 299) {
        const problem = new Problem (status, (document && document.detail) || statusText);
        if (status === 401 && path !== '/login' && path !== '/whoami')
            expired (problem);
        throw problem;
    }
    return document;
}

// METHOD /api/v1PATH with body (an object: JSON; a FormData: a form with
// files). The answer's JSON, null for 204; throws Problem.
export async function call (method, path, body) {
    const {headers, payload} = prepare (method, body);
    let response;
    try {
        response = await fetch (`/api/v1${path}`, {method, headers, credentials: 'same-origin',
                                                   body: payload});
    }
    catch (error) {
        throw new Problem (0, error.message);
    }
    const document = response.status === 204? null: await response.json ().catch (() => null);
    return answer (path, response.status, response.statusText, document);
}

// POST /api/v1PATH with form (a FormData with files), calling progress
// (bytes sent, bytes in all) as the body goes up: XMLHttpRequest, because
// fetch does not tell how much of a request's body was sent. As call.
export function upload (path, form, progress) {
    const {headers, payload} = prepare ('POST', form);
    return new Promise ((resolve, reject) => {
        const request = new XMLHttpRequest ();
        request.open ('POST', `/api/v1${path}`);
        for (const [name, value] of Object.entries (headers))
            request.setRequestHeader (name, value);
        request.upload.addEventListener ('progress', event => {
            if (event.lengthComputable)
                progress (event.loaded, event.total);
        });
        request.addEventListener ('load', () => {
            let document = null;
            try {
                document = JSON.parse (request.responseText);
            }
            catch {
                document = null;
            }
            try {
                resolve (answer (path, request.status, request.statusText, document));
            }
            catch (problem) {
                reject (problem);
            }
        });
        request.addEventListener ('error', () => reject (new Problem (0, 'network error')));
        request.send (payload);
    });
}

// A form with files for a route that takes them (docs/http.md, "Files
// up"): the members of body as the part "json" (a plain field: a part
// with a file name would be a file), then a part "file" per file.
export function form (body, files) {
    const data = new FormData ();
    data.append ('json', JSON.stringify (body));
    for (const file of files)
        data.append ('file', file, file.name);
    return data;
}

export const get = (path, values = {}) => call ('GET', path + query (values));
export const post = (path, body) => call ('POST', path, body);

// Sign in: the session cookie is set, the CSRF token kept.
export async function signIn (name, password) {
    const answer = await post ('/login', {name, password});
    localStorage.setItem (CSRF, answer.csrf_token);
}

// Sign out. The identity provider's logout page to go to (a session it
// opened ends there too), or null.
export async function signOut () {
    try {
        const answer = await post ('/logout');
        return (answer && answer.redirect) || null;
    }
    finally {
        localStorage.removeItem (CSRF);
    }
}

// How one signs in here: {password, oidc: {name, start} or null}.
export const loginMethods = () => get ('/login/methods');

// The signed-in user ({name, authority, role, lang}), or null. The
// session's CSRF token is fetched and kept too (a session the identity
// provider opened had no login answer to take it from).
export async function whoami () {
    try {
        const user = await get ('/whoami');
        localStorage.setItem (CSRF, (await get ('/csrf')).csrf_token);
        return user;
    }
    catch (problem) {
        if (problem.status === 401)
            return null;
        throw problem;
    }
}

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

// METHOD /api/v1PATH with body (an object: JSON; a FormData: a form with
// files). The answer's JSON, null for 204; throws Problem.
export async function call (method, path, body) {
    const headers = {Accept: 'application/json'};
    if (method !== 'GET') {
        headers ['X-CSRF-Token'] = localStorage.getItem (CSRF) || '';
        headers ['Idempotency-Key'] = randomKey ();
        if (body !== undefined && !(body instanceof FormData))
            headers ['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch (`/api/v1${path}`, {method, headers, credentials: 'same-origin',
            body: body === undefined || body instanceof FormData? body: JSON.stringify (body)});
    }
    catch (error) {
        throw new Problem (0, error.message);
    }
    if (response.status === 204)
        return null;
    const document = await response.json ().catch (() => null);
    if (!response.ok) {
        const problem = new Problem (response.status,
                                     (document && document.detail) || response.statusText);
        if (response.status === 401 && path !== '/login' && path !== '/whoami')
            expired (problem);
        throw problem;
    }
    return document;
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

/*  imi_web: the web application's files, served by the HTTP API's server
    from the same origin as the API (docs/web.md).

    The application is static files (HTML, CSS, ES modules, message files)
    in one folder, the setting http_web_root. Its URLs:

        /app/PATH       the file PATH of that folder (the application's code,
                        styles, messages)
        / and /PAGE...  index.html, the shell: the application's router
                        reads the URL and draws the page (sign-in, inbox,
                        search, a case, ...), so every page has an address

    Only regular files inside the folder are served (no listing, no
    hidden files, no path leaving it, by name or by a symbolic link), of
    the kinds named in s_types; each with its Content-Type, a strong ETag
    (size and modification time: If-None-Match answers 304), Cache-Control
    no-cache (the browser asks again each time and gets 304 while the file
    is unchanged, so a new release is seen at once), and a Content Security
    Policy that lets scripts, styles, images and connections come from this
    origin only (no inline script, no eval, no framing).

    What the HTTP server does with a request for these URLs, in imi_http.c:
    it finds no API route, asks imi_web_owns, answers with imi_web_response
    and adds the headers every answer carries.
*/
#ifndef IMI_WEB_H
#define IMI_WEB_H

#include <microhttpd.h>
#include <stdbool.h>

//  The Content-Security-Policy of the application's files.
#define IMI_WEB_CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
                    "img-src 'self'; connect-src 'self'; font-src 'self'; " \
                    "manifest-src 'self'; form-action 'self'; base-uri 'none'; " \
                    "frame-ancestors 'none'"

typedef struct _imi_web_t imi_web_t;

//  Serve the files of folder root. NULL if it is not a readable folder
//  (imi_error_last says why).
imi_web_t *imi_web_new (const char *root);

//  Destroy the object; safe to call twice.
void imi_web_destroy (imi_web_t **self_p);

//  Is url (a request's path, already %-decoded) one of the application's:
//  "/", "/app/..." or a page ("/" and a first segment that is not the
//  API's, /health or /metrics)? Only GET and HEAD are served.
bool imi_web_owns (const char *url, const char *method);

//  The answer to url (imi_web_owns), with if_none_match the request's
//  If-None-Match header or NULL: a response with its Content-Type, ETag,
//  Cache-Control and Content-Security-Policy headers, and *code 200 or 304;
//  or NULL with *code 404 and reason (a static string) when there is no
//  such file. Safe to call from several threads at once.
struct MHD_Response *imi_web_response (imi_web_t *self, const char *url,
                                       const char *if_none_match, unsigned *code,
                                       const char **reason);

void imi_web_test (void);

#endif

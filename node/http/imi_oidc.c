/*  imi_oidc: the node as an OpenID Connect relying party. See imi_oidc.h.

    Representation. The settings' copies (issuer, client, redirect URI, the
    claim and scope), the client secret (wiped on destroy), the sign-ins in
    progress by state (a hash table of s_pending_t), the provider's
    endpoints as its discovery document last gave them, its JWKS as the JSON
    text last fetched, and the provider's state (up, and why not).

    Invariants. A pending sign-in is taken out of the table when its
    callback arrives, whatever follows: a state, a nonce and a PKCE verifier
    serve one callback at most. An endpoint is used only if it is https (or
    http with oidc_insecure_http, for tests). Nothing from the provider is
    trusted before the ID token's signature verifies with a key of the
    JWKS fetched from the jwks_uri of the discovery document of the issuer
    configured; the key is named by the token's kid, never taken from the
    token's header (no jwk, jku, x5u, x5c: Rhonabwy is told not to).
*/
#include "imi_oidc.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_federation.h"

#include <assert.h>
#include <czmq.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <rhonabwy.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#define S_SECRET_MAX        1024                //  the client secret file, bytes at most
#define S_ANSWER_MAX        (256 * 1024)        //  a provider's answer, bytes at most
#define S_TIMEOUT_MS        5000                //  a call to the provider, in all
#define S_CONNECT_MS        3000                //  ... its connection
#define S_READY_CACHE_MS    5000                //  readiness looks again after this
#define S_URL_MAX           1024
#define S_RANDOM_BYTES      32                  //  state, nonce, PKCE verifier

typedef struct {
    char nonce [IMI_OIDC_STATE_CHARS + 1];
    char verifier [IMI_OIDC_STATE_CHARS + 1];
    char next [IMI_OIDC_NEXT_MAX + 1];
    int64_t created_ms;
} s_pending_t;

struct _imi_oidc_t {
    char issuer [IMI_PATH_MAX];
    char client_id [256];
    char *secret;                           //  the client secret (wiped on destroy)
    char redirect_uri [IMI_PATH_MAX];
    char signin_uri [IMI_PATH_MAX];         //  post-logout: this site's /signin
    char claim [64];
    char scope [256];
    char provider_name [128];
    bool insecure_http;                     //  http endpoints allowed (tests only)
    pthread_mutex_t lock;                   //  guards everything below
    zhashx_t *pending;                      //  state -> s_pending_t
    char authorization_endpoint [S_URL_MAX];
    char token_endpoint [S_URL_MAX];
    char jwks_uri [S_URL_MAX];
    char end_session_endpoint [S_URL_MAX];  //  "": the provider has none
    char *jwks;                             //  the JWKS's JSON text, or NULL
    bool up;                                //  the last call to the provider succeeded
    char down_reason [256];                 //  ... else why not
    bool reported_up;                       //  the state imi_oidc_provider_changed gave last
    int64_t looked_ms;                      //  when readiness last looked (monotonic)
};

static const char *s_outcome_names [] = {
    [IMI_OIDC_OK] = "ok", [IMI_OIDC_PROVIDER] = "provider", [IMI_OIDC_STATE] = "state",
    [IMI_OIDC_DENIED] = "denied", [IMI_OIDC_CODE] = "code", [IMI_OIDC_TOKEN] = "token",
};

const char *
imi_oidc_outcome_name (imi_oidc_outcome_t outcome)
{
    return (size_t) outcome < sizeof s_outcome_names / sizeof s_outcome_names [0]
         ? s_outcome_names [outcome]: "unknown";
}

//  Wipe and free a sign-in in progress (the table holds its own items:
//  no destructor, so that one can be taken out and used).
static void
s_pending_free (s_pending_t *pending)
{
    if (pending)
        sodium_memzero (pending, sizeof *pending);
    free (pending);
}

//  S_RANDOM_BYTES random bytes as base64url without padding into text (43 chars for 32).
static void
s_random_text (char text [IMI_OIDC_STATE_CHARS + 1])
{
    uint8_t bytes [S_RANDOM_BYTES];
    imi_random (bytes, sizeof bytes);
    sodium_bin2base64 (text, IMI_OIDC_STATE_CHARS + 1, bytes, sizeof bytes,
                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero (bytes, sizeof bytes);
}

//  Is url one we may call: https, or http if insecure is allowed?
static bool
s_scheme_allowed (const char *url, bool insecure)
{
    return strncmp (url, "https://", 8) == 0 || (insecure && strncmp (url, "http://", 7) == 0);
}

imi_oidc_t *
imi_oidc_new (const imi_settings_t *settings)
{
    if (!s_scheme_allowed (settings->oidc_issuer, settings->oidc_insecure_http)
    ||  !s_scheme_allowed (settings->oidc_redirect_uri, settings->oidc_insecure_http)) {
        imi_error_set ("oidc_issuer and oidc_redirect_uri must be https:// URLs "
                       "(oidc_insecure_http = yes allows http://, for tests only)");
        return NULL;
    }
    struct stat info;
    if (stat (settings->oidc_client_secret_file, &info)) {
        imi_error_set ("oidc_client_secret_file %s cannot be read", settings->oidc_client_secret_file);
        return NULL;
    }
    if (info.st_mode & 077) {
        imi_error_set ("oidc_client_secret_file %s is readable by others than the node's user "
                       "(mode %03o): chmod 600 it", settings->oidc_client_secret_file,
                       (unsigned) (info.st_mode & 0777));
        return NULL;
    }
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (imi_file_read (settings->oidc_client_secret_file, S_SECRET_MAX, &bytes, &size))
        return NULL;
    while (size && (bytes [size - 1] == '\n' || bytes [size - 1] == '\r' || bytes [size - 1] == ' '))
        size--;
    if (size == 0 || memchr (bytes, 0, size)) {
        if (bytes)
            sodium_memzero (bytes, size);
        free (bytes);
        imi_error_set ("oidc_client_secret_file %s holds no secret (one line of text)",
                       settings->oidc_client_secret_file);
        return NULL;
    }
    imi_oidc_t *self = calloc (1, sizeof *self);
    char *secret = malloc (size + 1);
    if (!self || !secret || !(self->pending = zhashx_new ())
    ||  curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK || r_global_init () != RHN_OK) {
        sodium_memzero (bytes, size);
        free (bytes);
        free (secret);
        if (self)
            zhashx_destroy (&self->pending);
        free (self);
        imi_error_set ("out of memory");
        return NULL;
    }
    memcpy (secret, bytes, size);
    secret [size] = 0;
    sodium_memzero (bytes, size);
    free (bytes);
    self->secret = secret;
    pthread_mutex_init (&self->lock, NULL);
    //  The issuer as configured, without a trailing slash (discovery's
    //  path is appended; the iss claim must equal the discovered issuer)
    snprintf (self->issuer, sizeof self->issuer, "%s", settings->oidc_issuer);
    snprintf (self->client_id, sizeof self->client_id, "%s", settings->oidc_client_id);
    snprintf (self->redirect_uri, sizeof self->redirect_uri, "%s", settings->oidc_redirect_uri);
    snprintf (self->claim, sizeof self->claim, "%s", settings->oidc_claim);
    snprintf (self->scope, sizeof self->scope, "%s", settings->oidc_scope);
    snprintf (self->provider_name, sizeof self->provider_name, "%s",
              settings->oidc_provider_name);
    self->insecure_http = settings->oidc_insecure_http;
    //  After signing out at the provider the browser comes back to our
    //  sign-in page: the redirect URI's origin, /signin.
    const char *authority = strstr (self->redirect_uri, "://") + 3;
    size_t origin = (size_t) (authority - self->redirect_uri) + strcspn (authority, "/");
    snprintf (self->signin_uri, sizeof self->signin_uri, "%.*s/signin", (int) origin,
              self->redirect_uri);
    self->up = self->reported_up = true;
    return self;
}

void
imi_oidc_destroy (imi_oidc_t **self_p)
{
    imi_oidc_t *self = *self_p;
    if (self) {
        sodium_memzero (self->secret, strlen (self->secret));
        free (self->secret);
        for (void *pending = zhashx_first (self->pending); pending;
             pending = zhashx_next (self->pending))
            s_pending_free ((s_pending_t *) pending);
        zhashx_destroy (&self->pending);
        r_global_close ();
        free (self->jwks);
        pthread_mutex_destroy (&self->lock);
        curl_global_cleanup ();
        free (self);
        *self_p = NULL;
    }
}

const char *
imi_oidc_provider_name (imi_oidc_t *self)
{
    return self->provider_name;
}

//  ---------------------------------------------------------------------------
//  Calls to the provider (libcurl, on the calling thread)

typedef struct {
    char *data;
    size_t size;
    bool too_large;
} s_answer_t;

static size_t
s_collect (char *data, size_t size, size_t count, void *context)
{
    s_answer_t *answer = (s_answer_t *) context;
    size_t bytes = size * count;
    if (answer->size + bytes > S_ANSWER_MAX) {
        answer->too_large = true;
        return 0;                           //  curl stops with a write error
    }
    char *grown = realloc (answer->data, answer->size + bytes + 1);
    if (!grown)
        return 0;
    answer->data = grown;
    memcpy (answer->data + answer->size, data, bytes);
    answer->size += bytes;
    answer->data [answer->size] = 0;
    return bytes;
}

//  Call url: a GET, or with form (NULL-ended name, value pairs) a POST
//  authenticated as our client (client_secret_basic). The answer's JSON
//  object into *answer (the caller's) and its status into *status. 0, or
//  -1 with why in reason (no answer, or not a JSON object).
static int
s_call (imi_oidc_t *self, const char *url, const char *const *form, json_t **answer,
        long *status, char *reason, size_t size)
{
    *answer = NULL;
    *status = 0;
    CURL *curl = curl_easy_init ();
    if (!curl) {
        snprintf (reason, size, "out of memory");
        return -1;
    }
    s_answer_t body = { NULL, 0, false };
    char *fields = NULL, *user = NULL, *password = NULL;
    struct curl_slist *headers = curl_slist_append (NULL, "Accept: application/json");
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, self->insecure_http? "http,https": "https");
    curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);      //  a thread: no SIGALRM
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) S_TIMEOUT_MS);
    curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) S_CONNECT_MS);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
    if (form) {
        //  RFC 6749 2.3.1: the client id and secret are form-encoded, then
        //  sent as HTTP Basic's user and password
        user = curl_easy_escape (curl, self->client_id, 0);
        password = curl_easy_escape (curl, self->secret, 0);
        curl_easy_setopt (curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt (curl, CURLOPT_USERNAME, user);
        curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
        for (size_t index = 0; form [index] && form [index + 1]; index += 2) {
            char *value = curl_easy_escape (curl, form [index + 1], 0);
            char *joined = value? zsys_sprintf ("%s%s%s=%s", fields? fields: "", fields? "&": "",
                                                form [index], value): NULL;
            if (value)
                sodium_memzero (value, strlen (value));
            curl_free (value);
            zstr_free (&fields);
            fields = joined;
        }
        curl_easy_setopt (curl, CURLOPT_POSTFIELDS, fields? fields: "");
    }
    CURLcode code = curl_easy_perform (curl);
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, status);
    int rc = -1;
    if (code != CURLE_OK)
        snprintf (reason, size, "%.300s: %s", url, body.too_large? "the answer is too large"
                                                             : curl_easy_strerror (code));
    else
    if (!body.data || !(*answer = json_loadb (body.data, body.size, JSON_REJECT_DUPLICATES, NULL))
    ||  !json_is_object (*answer)) {
        snprintf (reason, size, "%.300s: the answer (HTTP %ld) is not a JSON object", url, *status);
        json_decref (*answer);
        *answer = NULL;
    }
    else
        rc = 0;
    if (fields)
        sodium_memzero (fields, strlen (fields));
    zstr_free (&fields);
    if (password)
        sodium_memzero (password, strlen (password));
    curl_free (user);
    curl_free (password);
    curl_slist_free_all (headers);
    curl_easy_cleanup (curl);
    if (body.data)
        sodium_memzero (body.data, body.size);
    free (body.data);
    return rc;
}

//  Record the outcome of a call to the provider (the lock held).
static void
s_provider (imi_oidc_t *self, bool up, const char *reason)
{
    self->up = up;
    if (!up)
        snprintf (self->down_reason, sizeof self->down_reason, "%.255s", reason);
}

//  One endpoint of a discovery document into out. 0, or -1 with why.
static int
s_endpoint (imi_oidc_t *self, json_t *document, const char *name, bool required, char *out,
            size_t out_size, char *reason, size_t size)
{
    const char *value = json_string_value (json_object_get (document, name));
    *out = 0;
    if (!value && !required)
        return 0;
    if (!value || strlen (value) >= out_size || !s_scheme_allowed (value, self->insecure_http)) {
        snprintf (reason, size, "the provider's discovery document has no usable %s (an https "
                  "URL)", name);
        return -1;
    }
    snprintf (out, out_size, "%s", value);
    return 0;
}

//  Fetch the discovery document and take its endpoints; with jwks also
//  the JWKS. 0, or -1 with why in reason (the provider's state set).
static int
s_discover (imi_oidc_t *self, bool jwks, char *reason, size_t size)
{
    char url [IMI_PATH_MAX + 64];
    size_t length = strlen (self->issuer);
    snprintf (url, sizeof url, "%.*s/.well-known/openid-configuration",
              (int) (length && self->issuer [length - 1] == '/'? length - 1: length), self->issuer);
    json_t *document = NULL, *keys = NULL;
    long status;
    char authorization [S_URL_MAX], token [S_URL_MAX], jwks_uri [S_URL_MAX], end [S_URL_MAX];
    int rc = s_call (self, url, NULL, &document, &status, reason, size);
    const char *issuer = json_string_value (json_object_get (document, "issuer"));
    if (rc == 0 && status != 200)
        rc = -1, snprintf (reason, size, "%.300s answered HTTP %ld", url, status);
    if (rc == 0 && (!issuer || strcmp (issuer, self->issuer) != 0))
        rc = -1, snprintf (reason, size, "the provider's discovery document names the issuer "
                           "'%.200s', not oidc_issuer", issuer? issuer: "");
    if (rc == 0)
        rc = s_endpoint (self, document, "authorization_endpoint", true, authorization,
                         sizeof authorization, reason, size)
          || s_endpoint (self, document, "token_endpoint", true, token, sizeof token, reason,
                         size)
          || s_endpoint (self, document, "jwks_uri", true, jwks_uri, sizeof jwks_uri, reason,
                         size)
          || s_endpoint (self, document, "end_session_endpoint", false, end, sizeof end, reason,
                         size)? -1: 0;
    json_decref (document);
    if (rc == 0 && jwks) {
        rc = s_call (self, jwks_uri, NULL, &keys, &status, reason, size);
        if (rc == 0 && (status != 200 || !json_is_array (json_object_get (keys, "keys"))))
            rc = -1, snprintf (reason, size, "%.300s: not a JWKS (HTTP %ld)", jwks_uri, status);
    }
    char *text = keys? json_dumps (keys, JSON_COMPACT): NULL;
    json_decref (keys);
    if (rc == 0 && keys && !text)
        rc = -1, snprintf (reason, size, "out of memory");
    pthread_mutex_lock (&self->lock);
    if (rc == 0) {
        memcpy (self->authorization_endpoint, authorization, sizeof authorization);
        memcpy (self->token_endpoint, token, sizeof token);
        memcpy (self->jwks_uri, jwks_uri, sizeof jwks_uri);
        memcpy (self->end_session_endpoint, end, sizeof end);
        if (text) {
            free (self->jwks);
            self->jwks = text;
            text = NULL;
        }
    }
    s_provider (self, rc == 0, reason);
    pthread_mutex_unlock (&self->lock);
    free (text);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The sign-in

//  next if it is a path of this site ("/...", not "//..." nor with a
//  backslash or a control character), else "/".
static const char *
s_next_safe (const char *next)
{
    if (!next || next [0] != '/' || next [1] == '/' || strlen (next) > IMI_OIDC_NEXT_MAX)
        return "/";
    for (const char *c = next; *c; c++)
        if (*c == '\\' || (unsigned char) *c < 0x20 || *c == 0x7f)
            return "/";
    return next;
}

//  Drop sign-ins older than IMI_OIDC_PENDING_MS (the lock held).
static void
s_pending_prune (imi_oidc_t *self, int64_t now_ms)
{
    zlist_t *expired = zlist_new ();
    zlist_autofree (expired);
    for (s_pending_t *pending = (s_pending_t *) zhashx_first (self->pending); pending;
         pending = (s_pending_t *) zhashx_next (self->pending))
        if (now_ms - pending->created_ms > IMI_OIDC_PENDING_MS)
            zlist_append (expired, (void *) zhashx_cursor (self->pending));
    for (char *state = (char *) zlist_first (expired); state; state = (char *) zlist_next (expired)) {
        s_pending_free ((s_pending_t *) zhashx_lookup (self->pending, state));
        zhashx_delete (self->pending, state);
    }
    zlist_destroy (&expired);
}

int
imi_oidc_begin (imi_oidc_t *self, const char *next, char **url,
                char state [IMI_OIDC_STATE_CHARS + 1])
{
    char reason [512];
    *url = NULL;
    if (s_discover (self, false, reason, sizeof reason))
        return imi_error_set ("%s", reason);
    s_pending_t *pending = calloc (1, sizeof *pending);
    if (!pending)
        return imi_error_set ("out of memory");
    s_random_text (state);
    s_random_text (pending->nonce);
    s_random_text (pending->verifier);
    snprintf (pending->next, sizeof pending->next, "%s", s_next_safe (next));
    pending->created_ms = zclock_mono ();
    //  PKCE (RFC 7636): the challenge is the verifier's SHA-256, base64url
    uint8_t hash [crypto_hash_sha256_BYTES];
    char challenge [IMI_OIDC_STATE_CHARS + 1];
    crypto_hash_sha256 (hash, (const uint8_t *) pending->verifier, strlen (pending->verifier));
    sodium_bin2base64 (challenge, sizeof challenge, hash, sizeof hash,
                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    CURL *curl = curl_easy_init ();
    char *client = curl? curl_easy_escape (curl, self->client_id, 0): NULL;
    char *redirect = curl? curl_easy_escape (curl, self->redirect_uri, 0): NULL;
    char *scope = curl? curl_easy_escape (curl, self->scope, 0): NULL;
    pthread_mutex_lock (&self->lock);
    s_pending_prune (self, pending->created_ms);
    int rc = 0;
    if (zhashx_size (self->pending) >= IMI_OIDC_PENDING_MAX)
        rc = imi_error_set ("too many sign-ins in progress (%d): try again in a few minutes",
                            IMI_OIDC_PENDING_MAX);
    else
    if (!client || !redirect || !scope)
        rc = imi_error_set ("out of memory");
    else {
        //  state, nonce and the challenge are base64url: nothing to escape
        *url = zsys_sprintf ("%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s"
                             "&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256",
                             self->authorization_endpoint,
                             strchr (self->authorization_endpoint, '?')? "&": "?", client,
                             redirect, scope, state, pending->nonce, challenge);
        if (!*url || zhashx_insert (self->pending, state, pending))
            rc = imi_error_set ("out of memory");
        else
            pending = NULL;                 //  the table's
    }
    pthread_mutex_unlock (&self->lock);
    if (rc)
        zstr_free (url);
    s_pending_free (pending);
    curl_free (client);
    curl_free (redirect);
    curl_free (scope);
    if (curl)
        curl_easy_cleanup (curl);
    return rc;
}

//  A refusal into result.
static void
s_refused (imi_oidc_result_t *result, imi_oidc_outcome_t outcome, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static void
s_refused (imi_oidc_result_t *result, imi_oidc_outcome_t outcome, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (result->reason, sizeof result->reason, format, args);
    va_end (args);
    result->outcome = outcome;
}

//  Printable ASCII of text, at most 64 bytes, for a reason (an error code
//  the provider sent through the browser: anyone's text).
static void
s_printable (const char *text, char *out, size_t size)
{
    size_t used = 0;
    for (; text && *text && used + 1 < size && used < 64; text++)
        out [used++] = *text >= 0x20 && *text < 0x7f && *text != '"' && *text != '\\'? *text: '?';
    out [used] = 0;
}

//  Exchange code at the token endpoint (with the PKCE verifier): the ID
//  token into *id_token (the caller's). 0, or -1 with result's refusal.
static int
s_exchange (imi_oidc_t *self, const char *code, const s_pending_t *pending, char **id_token,
            imi_oidc_result_t *result)
{
    char endpoint [S_URL_MAX], reason [512];
    pthread_mutex_lock (&self->lock);
    memcpy (endpoint, self->token_endpoint, sizeof endpoint);
    pthread_mutex_unlock (&self->lock);
    const char *form [] = { "grant_type", "authorization_code", "code", code,
                            "redirect_uri", self->redirect_uri,
                            "code_verifier", pending->verifier, NULL };
    json_t *answer;
    long status;
    int rc = s_call (self, endpoint, form, &answer, &status, reason, sizeof reason);
    const char *error = json_string_value (json_object_get (answer, "error"));
    const char *token = json_string_value (json_object_get (answer, "id_token"));
    char printable [80];
    s_printable (error, printable, sizeof printable);
    bool provider_fault = true;
    if (rc)
        s_refused (result, IMI_OIDC_PROVIDER, "the token endpoint: %s", reason);
    else
    if (status == 200 && token && strlen (token) <= IMI_OIDC_TOKEN_MAX) {
        provider_fault = false;
        *id_token = strdup (token);
        if (!*id_token)
            s_refused (result, IMI_OIDC_PROVIDER, "out of memory");
    }
    else
    if (status == 200)
        s_refused (result, IMI_OIDC_PROVIDER, "the token endpoint's answer has no ID token (or "
                   "one larger than %d bytes)", IMI_OIDC_TOKEN_MAX);
    else
    if (status >= 400 && status < 500 && status != 401 && error
    &&  strcmp (error, "invalid_client") != 0 && strcmp (error, "unauthorized_client") != 0) {
        //  The person's code, not the provider nor our registration there:
        //  replayed, expired, or not issued to us with this verifier
        //  (invalid_grant; some providers say otherwise, e.g. invalid_code)
        provider_fault = false;
        s_refused (result, IMI_OIDC_CODE, "the provider refused the code (%s: replayed or "
                   "expired?)", printable);
    }
    else
        s_refused (result, IMI_OIDC_PROVIDER, "the token endpoint answered HTTP %ld%s%s%s",
                   status, error? " (": "", printable, error? "): is the node registered as "
                   "oidc_client_id with the secret of oidc_client_secret_file?": "");
    json_decref (answer);
    pthread_mutex_lock (&self->lock);
    s_provider (self, !provider_fault, result->reason);
    pthread_mutex_unlock (&self->lock);
    return *id_token? 0: -1;
}

//  Check token against the JWKS held (fetched first if none is, or again
//  if the token names a key it lacks). 0, or -1 with result's refusal.
static int
s_check (imi_oidc_t *self, const char *token, const char *nonce, imi_oidc_result_t *result)
{
    char reason [512] = "out of memory";
    for (int attempt = 0; attempt < 2; attempt++) {
        pthread_mutex_lock (&self->lock);
        char *jwks = self->jwks? strdup (self->jwks): NULL;
        pthread_mutex_unlock (&self->lock);
        bool unknown_kid = false;
        int rc = jwks? imi_oidc_verify (token, jwks, self->issuer, self->client_id, nonce,
                                        (int64_t) time (NULL), self->claim, result->value,
                                        sizeof result->value, &unknown_kid): -2;
        if (!jwks)
            unknown_kid = true;
        else
            snprintf (reason, sizeof reason, "%s", imi_error_last ());
        free (jwks);
        if (rc == 0)
            return 0;
        if (!unknown_kid || attempt == 1)
            break;
        //  The provider may have rotated its keys: fetch them again, once
        if (s_discover (self, true, reason, sizeof reason)) {
            s_refused (result, IMI_OIDC_PROVIDER, "%s", reason);
            return -1;
        }
    }
    s_refused (result, IMI_OIDC_TOKEN, "%s", reason);
    return -1;
}

void
imi_oidc_finish (imi_oidc_t *self, const char *state, const char *cookie_state,
                 const char *code, const char *error, imi_oidc_result_t *result)
{
    memset (result, 0, sizeof *result);
    snprintf (result->next, sizeof result->next, "/");
    s_pending_t *pending = NULL;
    if (!state || !cookie_state || strlen (state) != strlen (cookie_state)
    ||  sodium_memcmp (state, cookie_state, strlen (state)) != 0) {
        s_refused (result, IMI_OIDC_STATE, "the state the provider sent back is not this "
                   "browser's (%s)", cookie_state? "another sign-in's": "no sign-in cookie");
        return;
    }
    pthread_mutex_lock (&self->lock);
    pending = (s_pending_t *) zhashx_lookup (self->pending, state);
    if (pending)
        zhashx_delete (self->pending, state);       //  used once, whatever follows
    pthread_mutex_unlock (&self->lock);
    if (!pending || zclock_mono () - pending->created_ms > IMI_OIDC_PENDING_MS)
        s_refused (result, IMI_OIDC_STATE, "no sign-in in progress has that state (used "
                   "already, older than %lld minutes, or begun before the node restarted)",
                   IMI_OIDC_PENDING_MS / 60000);
    else {
        snprintf (result->next, sizeof result->next, "%s", pending->next);
        char printable [80];
        s_printable (error, printable, sizeof printable);
        char *id_token = NULL;
        if (error)
            s_refused (result, IMI_OIDC_DENIED, "the provider answered error=%s", printable);
        else
        if (!code || !*code || strlen (code) > 2048)
            s_refused (result, IMI_OIDC_CODE, "the provider sent no code");
        else
        if (s_exchange (self, code, pending, &id_token, result) == 0
        &&  s_check (self, id_token, pending->nonce, result) == 0) {
            result->outcome = IMI_OIDC_OK;
            result->id_token = id_token;
            id_token = NULL;
        }
        if (id_token)
            sodium_memzero (id_token, strlen (id_token));
        free (id_token);
    }
    s_pending_free (pending);
}

void
imi_oidc_result_clear (imi_oidc_result_t *result)
{
    if (result->id_token)
        sodium_memzero (result->id_token, strlen (result->id_token));
    free (result->id_token);
    result->id_token = NULL;
}

char *
imi_oidc_logout_url (imi_oidc_t *self, const char *id_token)
{
    char endpoint [S_URL_MAX];
    pthread_mutex_lock (&self->lock);
    memcpy (endpoint, self->end_session_endpoint, sizeof endpoint);
    pthread_mutex_unlock (&self->lock);
    CURL *curl = *endpoint? curl_easy_init (): NULL;
    if (!curl)
        return NULL;
    char *hint = curl_easy_escape (curl, id_token, 0);
    char *back = curl_easy_escape (curl, self->signin_uri, 0);
    char *url = hint && back? zsys_sprintf ("%s%sid_token_hint=%s&post_logout_redirect_uri=%s",
                                            endpoint, strchr (endpoint, '?')? "&": "?", hint,
                                            back): NULL;
    curl_free (hint);
    curl_free (back);
    curl_easy_cleanup (curl);
    return url;
}

bool
imi_oidc_ready (imi_oidc_t *self, char *detail, size_t size)
{
    pthread_mutex_lock (&self->lock);
    bool look = !self->looked_ms || zclock_mono () - self->looked_ms >= S_READY_CACHE_MS;
    if (look)
        self->looked_ms = zclock_mono ();
    pthread_mutex_unlock (&self->lock);
    char reason [512];
    if (look)
        s_discover (self, true, reason, sizeof reason);
    pthread_mutex_lock (&self->lock);
    bool up = self->up;
    snprintf (detail, size, "%s", up? "": self->down_reason);
    pthread_mutex_unlock (&self->lock);
    return up;
}

bool
imi_oidc_provider_changed (imi_oidc_t *self, bool *up, char *detail, size_t size)
{
    pthread_mutex_lock (&self->lock);
    bool changed = self->up != self->reported_up;
    if (changed) {
        self->reported_up = self->up;
        *up = self->up;
        snprintf (detail, size, "%s", self->up? "": self->down_reason);
    }
    pthread_mutex_unlock (&self->lock);
    return changed;
}

//  ---------------------------------------------------------------------------
//  The ID token's checks

//  Signature algorithms an ID token may use: asymmetric only ("none" is
//  refused by the parse; HS* would make the client secret a signing key).
static bool
s_alg_allowed (jwa_alg alg)
{
    static const jwa_alg allowed [] = { R_JWA_ALG_RS256, R_JWA_ALG_RS384, R_JWA_ALG_RS512,
                                        R_JWA_ALG_PS256, R_JWA_ALG_PS384, R_JWA_ALG_PS512,
                                        R_JWA_ALG_ES256, R_JWA_ALG_ES384, R_JWA_ALG_ES512,
                                        R_JWA_ALG_EDDSA };
    for (size_t index = 0; index < sizeof allowed / sizeof allowed [0]; index++)
        if (alg == allowed [index])
            return true;
    return false;
}

//  The claims' checks (after the signature's). 0, or -2 with the reason.
static int
s_claims_check (json_t *claims, const char *issuer, const char *client_id, const char *nonce,
                int64_t now_s, const char *claim, char *value, size_t size)
{
    const char *iss = json_string_value (json_object_get (claims, "iss"));
    if (!iss || strcmp (iss, issuer) != 0)
        return imi_error_malformed ("the ID token's iss is '%.200s', not the issuer %s",
                                    iss? iss: "", issuer);
    json_t *aud = json_object_get (claims, "aud");
    bool ours = json_is_string (aud) && strcmp (json_string_value (aud), client_id) == 0;
    size_t index;
    json_t *item;
    if (json_is_array (aud))
        json_array_foreach (aud, index, item)
            ours = ours || (json_is_string (item) && strcmp (json_string_value (item), client_id) == 0);
    if (!ours)
        return imi_error_malformed ("the ID token is not for this node (its aud does not name "
                                    "%s)", client_id);
    const char *azp = json_string_value (json_object_get (claims, "azp"));
    if (json_is_array (aud) && json_array_size (aud) > 1 && (!azp || strcmp (azp, client_id) != 0))
        return imi_error_malformed ("the ID token has several audiences and its azp is not %s",
                                    client_id);
    json_t *exp = json_object_get (claims, "exp"), *iat = json_object_get (claims, "iat");
    //  Times beyond 2^40 s (year 36812) are refused before any arithmetic
    if (!json_is_integer (exp) || !json_is_integer (iat)
    ||  json_integer_value (exp) < 0 || json_integer_value (exp) > (1LL << 40)
    ||  json_integer_value (iat) < 0 || json_integer_value (iat) > (1LL << 40))
        return imi_error_malformed ("the ID token lacks exp or iat (whole seconds since 1970)");
    if (json_integer_value (exp) + IMI_OIDC_SKEW_S <= now_s)
        return imi_error_malformed ("the ID token expired %lld s ago",
                                    (long long) (now_s - json_integer_value (exp)));
    if (json_integer_value (iat) > now_s + IMI_OIDC_SKEW_S)
        return imi_error_malformed ("the ID token is issued %lld s in the future (clocks?)",
                                    (long long) (json_integer_value (iat) - now_s));
    if (json_integer_value (iat) < now_s - IMI_OIDC_IAT_MAX_S - IMI_OIDC_SKEW_S)
        return imi_error_malformed ("the ID token was issued %lld s ago (at most %d)",
                                    (long long) (now_s - json_integer_value (iat)),
                                    IMI_OIDC_IAT_MAX_S);
    const char *token_nonce = json_string_value (json_object_get (claims, "nonce"));
    if (!token_nonce || strlen (token_nonce) != strlen (nonce)
    ||  sodium_memcmp (token_nonce, nonce, strlen (nonce)) != 0)
        return imi_error_malformed ("the ID token's nonce is not this sign-in's (replayed?)");
    const char *text = json_string_value (json_object_get (claims, claim));
    if (!text || !*text || strlen (text) >= size || strlen (text) > IMI_OIDC_VALUE_MAX)
        return imi_error_malformed ("the ID token has no claim %s (a string of 1 to %d bytes)",
                                    claim, IMI_OIDC_VALUE_MAX);
    snprintf (value, size, "%s", text);
    return 0;
}

int
imi_oidc_verify (const char *token, const char *jwks, const char *issuer,
                 const char *client_id, const char *nonce, int64_t now_s,
                 const char *claim, char *value, size_t size, bool *unknown_kid)
{
    *unknown_kid = false;
    if (strlen (token) > IMI_OIDC_TOKEN_MAX)
        return imi_error_malformed ("the ID token is larger than %d bytes", IMI_OIDC_TOKEN_MAX);
    jwt_t *jwt = NULL;
    jwks_t *keys = NULL;
    jwk_t *key = NULL;
    json_t *claims = NULL;
    int rc = 0;
    if (r_jwt_init (&jwt) != RHN_OK || r_jwks_init (&keys) != RHN_OK)
        rc = imi_error_set ("out of memory");
    else
    //  R_PARSE_NONE: no unsigned token, no key from the token's own header
    if (r_jwt_token_type (token) != R_JWT_TYPE_SIGN
    ||  r_jwt_advanced_parse (jwt, token, R_PARSE_NONE, R_FLAG_IGNORE_REMOTE) != RHN_OK)
        rc = imi_error_malformed ("the ID token is not a signed JWT (or its alg is none)");
    else
    if (!s_alg_allowed (r_jwt_get_sign_alg (jwt)))
        rc = imi_error_malformed ("the ID token's alg %.16s is not one we accept (RS, PS, ES, "
                                  "EdDSA)", r_jwt_get_header_str_value (jwt, "alg")
                                            ? r_jwt_get_header_str_value (jwt, "alg"): "?");
    else
    if (r_jwks_import_from_json_str (keys, jwks) != RHN_OK)
        rc = imi_error_malformed ("the provider's JWKS does not parse");
    else {
        const char *kid = r_jwt_get_sig_kid (jwt);
        key = kid? r_jwks_get_by_kid (keys, kid)
                 : r_jwks_size (keys) == 1? r_jwks_get_at (keys, 0): NULL;
        const char *key_alg = key? r_jwk_get_property_str (key, "alg"): NULL;
        if (!key) {
            *unknown_kid = true;
            rc = imi_error_malformed ("the ID token is signed with a key the provider's JWKS "
                                      "does not hold (kid %.64s)", kid? kid: "none");
        }
        else
        if (key_alg && strcmp (key_alg, r_jwt_get_header_str_value (jwt, "alg")) != 0)
            rc = imi_error_malformed ("the ID token's alg is not its key's (%.16s)", key_alg);
        else
        if (r_jwt_verify_signature (jwt, key, R_FLAG_IGNORE_REMOTE) != RHN_OK)
            rc = imi_error_malformed ("the ID token's signature does not verify");
        else
        if (!(claims = r_jwt_get_full_claims_json_t (jwt)))
            rc = imi_error_malformed ("the ID token has no claims");
        else
            rc = s_claims_check (claims, issuer, client_id, nonce, now_s, claim, value, size);
    }
    json_decref (claims);
    r_jwk_free (key);
    r_jwks_free (keys);
    r_jwt_free (jwt);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Self-test: the ID token's checks against tokens Rhonabwy signs (vectors
//  made by the JOSE library, not by us), and what comes from outside.

#define S_TEST_NOW      1800000000LL
#define S_TEST_ISSUER   "https://id.example/realm"
#define S_TEST_CLIENT   "imi-de"
#define S_TEST_NONCE    "n0nce-of-this-sign-in"

//  Claims as the provider would issue them, with changes: a JSON object
//  whose members replace (null: remove) the normal ones.
static json_t *
s_test_claims (const char *changes)
{
    json_t *claims = json_pack ("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "iss", S_TEST_ISSUER,
                                "sub", "sub-anna", "aud", S_TEST_CLIENT,
                                "exp", (json_int_t) (S_TEST_NOW + 300),
                                "iat", (json_int_t) (S_TEST_NOW - 5), "nonce", S_TEST_NONCE,
                                "email", "anna@bafa.example");
    json_t *patch = json_loads (changes, 0, NULL);
    assert (claims && patch);
    const char *name;
    json_t *value;
    json_object_foreach (patch, name, value)
        if (json_is_null (value))
            json_object_del (claims, name);
        else
            json_object_set (claims, name, value);
    json_decref (patch);
    return claims;
}

//  A token signed by key with alg and kid (NULL: none), of the claims
//  s_test_claims makes of changes (the caller's, r_free).
static char *
s_test_token (jwk_t *key, jwa_alg alg, const char *kid, const char *changes)
{
    jwt_t *jwt;
    assert (r_jwt_init (&jwt) == RHN_OK);
    assert (r_jwt_set_sign_alg (jwt, alg) == RHN_OK);
    if (kid)
        assert (r_jwt_set_header_str_value (jwt, "kid", kid) == RHN_OK);
    json_t *claims = s_test_claims (changes);
    assert (r_jwt_set_full_claims_json_t (jwt, claims) == RHN_OK);
    json_decref (claims);
    char *token = r_jwt_serialize_signed (jwt, key, 0);
    assert (token);
    r_jwt_free (jwt);
    return token;
}

//  Check token as a sign-in would at S_TEST_NOW: 0 (the value must be
//  sub-anna) or -2 with a reason containing expected.
static void
s_test_verify (const char *jwks, const char *token, const char *expected, bool unknown)
{
    char value [IMI_OIDC_VALUE_MAX + 1] = "";
    bool unknown_kid;
    int rc = imi_oidc_verify (token, jwks, S_TEST_ISSUER, S_TEST_CLIENT, S_TEST_NONCE,
                              S_TEST_NOW, "sub", value, sizeof value, &unknown_kid);
    if (!expected) {
        if (rc)
            fprintf (stderr, "imi_oidc_test: refused: %s\n", imi_error_last ());
        assert (rc == 0 && strcmp (value, "sub-anna") == 0);
        return;
    }
    if (rc != -2 || !strstr (imi_error_last (), expected))
        fprintf (stderr, "imi_oidc_test: want '%s', got %d '%s'\n", expected, rc, imi_error_last ());
    assert (rc == -2 && strstr (imi_error_last (), expected) && unknown_kid == unknown);
}

//  header.payload.signature with the payload replaced by claims (JSON
//  text), base64url: a token whose signature covers other claims.
static char *
s_test_replace_payload (const char *token, const char *claims)
{
    char payload [2048];
    sodium_bin2base64 (payload, sizeof payload, (const uint8_t *) claims, strlen (claims),
                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *first = strchr (token, '.'), *second = strchr (first + 1, '.');
    return zsys_sprintf ("%.*s.%s%s", (int) (first - token), token, payload, second);
}

void
imi_oidc_test (void)
{
    assert (r_global_init () == RHN_OK);
    jwk_t *private_key, *public_key, *other_private, *other_public, *symmetric;
    assert (r_jwk_init (&private_key) == RHN_OK && r_jwk_init (&public_key) == RHN_OK);
    assert (r_jwk_init (&other_private) == RHN_OK && r_jwk_init (&other_public) == RHN_OK);
    assert (r_jwk_init (&symmetric) == RHN_OK);
    assert (r_jwk_generate_key_pair (private_key, public_key, R_KEY_TYPE_RSA, 2048, "key-1")
            == RHN_OK);
    assert (r_jwk_generate_key_pair (other_private, other_public, R_KEY_TYPE_EC, 256, "key-2")
            == RHN_OK);
    //  The provider's JWKS holds key-1 only
    jwks_t *keys;
    assert (r_jwks_init (&keys) == RHN_OK && r_jwks_append_jwk (keys, public_key) == RHN_OK);
    char *jwks = r_jwks_export_to_json_str (keys, 0);
    assert (jwks);

    //  A token as the provider issues it passes
    char *token = s_test_token (private_key, R_JWA_ALG_RS256, "key-1", "{}");
    s_test_verify (jwks, token, NULL, false);
    //  Without a kid, the JWKS's only key is the one
    char *no_kid = s_test_token (private_key, R_JWA_ALG_RS256, NULL, "{}");
    s_test_verify (jwks, no_kid, NULL, false);
    //  An audience among several, with azp ours
    char *several = s_test_token (private_key, R_JWA_ALG_RS256, "key-1",
                                  "{\"aud\": [\"other\", \"imi-de\"], \"azp\": \"imi-de\"}");
    s_test_verify (jwks, several, NULL, false);
    //  Skew: expired 60 s ago (within IMI_OIDC_SKEW_S), issued 60 s ahead
    char *skewed = s_test_token (private_key, R_JWA_ALG_RS256, "key-1", "{\"exp\": 1799999940, "
                                 "\"iat\": 1800000060}");
    s_test_verify (jwks, skewed, NULL, false);

    //  The payload changed after signing: the signature fails
    char *tampered = s_test_replace_payload (token, "{\"iss\":\"" S_TEST_ISSUER "\",\"sub\":"
        "\"sub-boss\",\"aud\":\"imi-de\",\"exp\":1800000300,\"iat\":1799999995,\"nonce\":\""
        S_TEST_NONCE "\"}");
    s_test_verify (jwks, tampered, "signature does not verify", false);
    //  alg none, with the claims of a valid token
    char header [128];
    const char *none_header = "{\"alg\":\"none\",\"kid\":\"key-1\"}";
    sodium_bin2base64 (header, sizeof header, (const uint8_t *) none_header, strlen (none_header),
                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *first = strchr (token, '.'), *second = strchr (first + 1, '.');
    char *unsigned_token = zsys_sprintf ("%s%.*s.", header, (int) (second - first), first);
    s_test_verify (jwks, unsigned_token, "not a signed JWT", false);
    //  HS256 with a key of our own choosing, naming the provider's key
    //  (the confusion of a public key with an HMAC secret)
    const uint8_t secret [32] = "a secret anyone could choose....";
    assert (r_jwk_import_from_symmetric_key (symmetric, secret, sizeof secret) == RHN_OK);
    char *hmac = s_test_token (symmetric, R_JWA_ALG_HS256, "key-1", "{}");
    s_test_verify (jwks, hmac, "alg HS256 is not one we accept", false);
    //  Signed by a key the JWKS does not hold
    char *foreign = s_test_token (other_private, R_JWA_ALG_ES256, "key-2", "{}");
    s_test_verify (jwks, foreign, "does not hold (kid key-2)", true);
    //  ... or claiming the provider's kid
    char *impostor = s_test_token (other_private, R_JWA_ALG_ES256, "key-1", "{}");
    s_test_verify (jwks, impostor, "", false);
    //  The claims, each wrong in turn
    static const struct {
        const char *changes;
        const char *reason;
    } wrong [] = {
        { "{\"aud\": \"another-client\"}", "is not for this node" },
        { "{\"aud\": [\"other\", \"imi-de\"]}", "several audiences and its azp" },
        { "{\"iss\": \"https://evil.example\"}", "iss is 'https://evil.example'" },
        { "{\"exp\": 1799999000}", "expired 1000 s ago" },
        { "{\"exp\": null}", "lacks exp or iat" },
        { "{\"exp\": 9223372036854775807}", "lacks exp or iat" },
        { "{\"iat\": -9223372036854775807}", "lacks exp or iat" },
        { "{\"iat\": 1800001000}", "issued 1000 s in the future" },
        { "{\"iat\": 1799990000}", "issued 10000 s ago" },
        { "{\"nonce\": \"another sign-in's\"}", "nonce is not this sign-in's" },
        { "{\"nonce\": null}", "nonce is not this sign-in's" },
        { "{\"sub\": null}", "has no claim sub" },
        { "{\"sub\": 42}", "has no claim sub" },
    };
    for (size_t index = 0; index < sizeof wrong / sizeof wrong [0]; index++) {
        char *bad = s_test_token (private_key, R_JWA_ALG_RS256, "key-1", wrong [index].changes);
        s_test_verify (jwks, bad, wrong [index].reason, false);
        r_free (bad);
    }
    //  Not a token at all, and a JWKS that is not one
    s_test_verify (jwks, "not.a.token", "not a signed JWT", false);
    s_test_verify (jwks, "", "not a signed JWT", false);
    s_test_verify ("{\"keys\": 5}", token, "JWKS does not parse", false);
    //  Another claim than sub names the person, when the operator says so
    char value [IMI_OIDC_VALUE_MAX + 1];
    bool unknown_kid;
    assert (imi_oidc_verify (token, jwks, S_TEST_ISSUER, S_TEST_CLIENT, S_TEST_NONCE, S_TEST_NOW,
                             "email", value, sizeof value, &unknown_kid) == 0
         && strcmp (value, "anna@bafa.example") == 0);

    r_free (token);
    r_free (no_kid);
    r_free (several);
    r_free (skewed);
    zstr_free (&tampered);
    zstr_free (&unsigned_token);
    r_free (hmac);
    r_free (foreign);
    r_free (impostor);
    r_free (jwks);
    r_jwks_free (keys);
    r_jwk_free (private_key);
    r_jwk_free (public_key);
    r_jwk_free (other_private);
    r_jwk_free (other_public);
    r_jwk_free (symmetric);

    //  The page to come back to is a path of this site, or "/"
    const char *safe [] = { "/", "/cases/DE-1", "/search?q=x%20y" };
    for (size_t index = 0; index < sizeof safe / sizeof safe [0]; index++)
        assert (strcmp (s_next_safe (safe [index]), safe [index]) == 0);
    const char *unsafe [] = { "https://evil.example/", "//evil.example", "/\\evil.example",
                              "cases", "", "/a\r\nSet-Cookie: x", NULL };
    for (size_t index = 0; index < sizeof unsafe / sizeof unsafe [0]; index++)
        assert (strcmp (s_next_safe (unsafe [index]), "/") == 0);

    //  The client secret's file: the node's user's only, and not empty
    char folder [] = "/tmp/imi-oidc-XXXXXX", path [64];
    assert (mkdtemp (folder));
    snprintf (path, sizeof path, "%s/secret", folder);
    imi_settings_t *settings = calloc (1, sizeof *settings);
    assert (settings);
    snprintf (settings->oidc_issuer, sizeof settings->oidc_issuer, S_TEST_ISSUER);
    snprintf (settings->oidc_client_id, sizeof settings->oidc_client_id, S_TEST_CLIENT);
    snprintf (settings->oidc_client_secret_file, sizeof settings->oidc_client_secret_file, "%s",
              path);
    snprintf (settings->oidc_redirect_uri, sizeof settings->oidc_redirect_uri,
              "https://imi.example:8443/api/v1/login/oidc/callback");
    snprintf (settings->oidc_claim, sizeof settings->oidc_claim, "sub");
    snprintf (settings->oidc_scope, sizeof settings->oidc_scope, "openid");
    assert (!imi_oidc_new (settings) && strstr (imi_error_last (), "cannot be read"));
    FILE *file = fopen (path, "w");
    assert (file);
    fputs ("s3cret of the node\n", file);
    fclose (file);
    assert (chmod (path, 0644) == 0);
    assert (!imi_oidc_new (settings) && strstr (imi_error_last (), "chmod 600"));
    assert (chmod (path, 0600) == 0);
    imi_oidc_t *self = imi_oidc_new (settings);
    assert (self && strcmp (self->secret, "s3cret of the node") == 0);
    assert (strcmp (self->signin_uri, "https://imi.example:8443/signin") == 0);
    imi_oidc_destroy (&self);
    imi_oidc_destroy (&self);
    snprintf (settings->oidc_issuer, sizeof settings->oidc_issuer, "http://id.example");
    assert (!imi_oidc_new (settings) && strstr (imi_error_last (), "must be https://"));
    settings->oidc_insecure_http = true;
    assert ((self = imi_oidc_new (settings)));
    imi_oidc_destroy (&self);
    free (settings);
    unlink (path);
    rmdir (folder);
    r_global_close ();
}

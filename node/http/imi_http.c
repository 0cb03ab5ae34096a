/*  imi_http: the node's HTTP API. See imi_http.h and docs/http.md.

    Why in imi-node, and why threads: the node's state is the loop's alone
    (one SQLite connection, no locks), and every function a user has is a
    row of the control module's command table. So the HTTP server is a
    client of that table, like imictl, over an inproc socket the control
    ROUTER also binds (imi_node_control_inproc). libmicrohttpd runs in its
    own threads (a small pool, S_THREADS): reading requests, slow or stalled
    clients, TLS and writing answers never touch the loop. A request the
    node must answer becomes one control request, [command, session token,
    arguments...], sent from a DEALER whose routing id starts with
    IMI_CONTROL_HTTP_PREFIX: the control module then applies the table's
    http column (which rows are reachable, and whether a session is needed)
    and there is no operator. The loop answers one control request per turn,
    between its groups of peer messages, as it does imictl.

    Why waiters: no pool thread waits for the loop. The connection is
    suspended and the question handed to one of S_WAITERS threads (s_defer),
    which asks the loop, waits at most http_answer_timeout_ms from the hand-
    over (then 503), keeps the reply in the exchange and resumes the
    connection; libmicrohttpd then calls s_answer again, which finishes the
    answer in the pool thread (s_resumed). So a pool thread serves its other
    connections while the loop works, a slow answer (a translation) holds
    one waiter and its own connection only, and up to S_WAITERS questions
    are in the loop's queue at once, not S_THREADS.

    What is decided here, in the HTTP threads: routing (s_routes), methods,
    the body's size, type, UTF-8 and nesting, the Origin check and the CSRF
    token (derived from the session token, so nothing is stored), cookies,
    problem documents (RFC 9457) and the security headers of every answer,
    and the request counters of /metrics. What the node decides (sessions,
    access, the results) comes back as the control reply's status and JSON.

    Sign-in through an identity provider (imi_oidc.h) is here too: its
    calls to the provider run on these threads; the loop only opens the
    session for the person a checked ID token names (login-oidc).

    Nothing here logs once started: the node's logger is the loop's
    (imi_log takes no lock; what must be logged is sent to the loop,
    oidc-event). Nothing here reads the node's struct after start.
*/
#include "imi_http.h"
#include "imi_openapi.h"
#include "imi_control.h"
#include "imi_thread.h"
#include "imi_body_case.h"
#include "imi_idempotency.h"
#include "imi_throttle.h"
#include "imi_node_internal.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_federation.h"
#include "imi_version.h"
#include "imi_web.h"
#include "imi_oidc.h"
#include "imi_readers.h"
#include "imi_options.h"
#include "imi_spool.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_THREADS           4               //  libmicrohttpd's thread pool
#define S_WAITERS           32              //  threads waiting for the loop's answers
#define S_BODY_MAX          (16 * 1024)     //  request body bytes at most (login is the
                                            //  one route with a body yet)
#define S_JSON_DEPTH_MAX    8               //  nesting of a request's JSON at most
#define S_CONNECTION_MEMORY (32 * 1024)     //  per connection: headers larger are refused
#define S_TLS_FILE_MAX      (1024 * 1024)
#define S_COOKIE            "imi_session"
#define S_OIDC_COOKIE       "imi_oidc"      //  a sign-in's state, bound to the browser
#define S_OIDC_PATH         "/api/v1/login/oidc"
#define S_CSRF_HEADER       "X-CSRF-Token"
#define S_IDEMPOTENCY_HEADER "Idempotency-Key"
#define S_CSRF_CONTEXT      "imi-csrf-v1"   //  hashed with the session token as key
#define S_CSRF_BYTES        16
#define S_VALUES_MAX        4               //  {values} in a route's pattern at most
#define S_PARTS_MAX         (1 + IMI_CASE_ATTACHMENTS_MAX)  //  a form's parts at most
//  Failed logins per client address (imi_throttle.h): behind a reverse
//  proxy every client has the proxy's address, so the allowance is that of
//  a whole office, not of one person (each name has its own, imi_login.h).
#define S_ADDRESS_FREE_FAILURES 50
#define S_ADDRESS_WAIT_MAX_MS   (300 * 1000LL)
#define S_ADDRESS_FORGET_MS     (15 * 60 * 1000LL)
#define S_ADDRESSES_MAX         10000
#define S_MONITOR_CONNECTIONS   16      //  on http_monitor_listen
#define S_ASK_SLICE_MS          100     //  the loop's answer is waited for in slices
#define S_STREAM_WAKE_MS        1000    //  how often open streams look for events at most
#define S_STREAM_KEEPALIVE_MS   15000   //  a comment line after this long without a line

//  The status codes counted in /metrics; a code not listed counts as 500.
static const unsigned s_codes [] = { 200, 204, 303, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429,
                                     500, 503 };
#define S_CODES (sizeof s_codes / sizeof s_codes [0])

//  The upper bounds of the latency histogram's buckets, in seconds (then
//  +Inf), and the answer's latency: from the request's headers to the
//  answer queued (a stream: to its headers).
static const double s_buckets [] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                     0.25, 0.5, 1, 2.5, 5 };
#define S_BUCKETS (sizeof s_buckets / sizeof s_buckets [0] + 1)

typedef struct _s_exchange_t s_exchange_t;
typedef struct _imi_http_t imi_http_t;
typedef struct _s_stream_t s_stream_t;

//  A route's handler: queues the answer (or defers it, s_defer); MHD_YES,
//  or MHD_NO to close.
typedef enum MHD_Result (s_handle_fn) (imi_http_t *self, s_exchange_t *exchange);
//  Makes a deferred exchange's answer from the loop's reply (NULL: none came
//  in time), in a pool thread; the reply is destroyed after. As s_handle_fn.
typedef enum MHD_Result (s_finish_fn) (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply);
//  Work that may wait (for the loop, for an identity provider), done on a
//  waiter thread for a suspended exchange (s_defer_work): it reads and
//  fills the exchange's deferred fields only, never its connection.
typedef void (s_work_fn) (imi_http_t *self, s_exchange_t *exchange);
typedef struct _s_oidc_work_t s_oidc_work_t;
//  Makes the answer from a successful reply's status and JSON (s_forward).
typedef enum MHD_Result (s_result_fn) (imi_http_t *self, s_exchange_t *exchange,
                                       const char *status, const char *json);

//  How a route's request becomes a control request and is checked.
#define S_CHANGES       0x01        //  state-changing (POST): Origin checked, and with a
                                    //  session its CSRF token required
#define S_NO_SESSION    0x02        //  ... except the CSRF token: there is no session yet
#define S_PAIRS         0x04        //  arguments as option pairs [name, value]
#define S_POSITIONAL    0x08        //  arguments as frames in the order of args, "-" absent
#define S_MONITOR       0x10        //  monitoring: on http_monitor_listen when that is set
#define S_RAW           0x20        //  the answer is content (an attachment), not JSON:
                                    //  application/octet-stream, saved as the path's last
                                    //  value, sent from a spool file (s_content)
#define S_FILES         0x40        //  a POST may be multipart/form-data: a "json" part (the
                                    //  body's members) and "file" parts, up to the node's
                                    //  attachment_max_bytes, each to a spool file (s_part)

//  A route's allowed argument names (query arguments, or the members of a
//  JSON body), NULL-ended.
#define S_ARGS(...)     ((const char *const []) { __VA_ARGS__, NULL })

typedef struct {
    const char *method;
    const char *pattern;            //  segments; "{name}" matches one value
    const char *command;             //  the control command (s_command)
    unsigned flags;
    const char *const *args;        //  allowed arguments (S_ARGS), NULL: none
    s_handle_fn *handle;            //  NULL: s_command, the generic form
} s_route_t;

static s_handle_fn s_command, s_login, s_logout, s_events, s_live, s_ready, s_metrics, s_openapi,
                   s_web, s_csrf, s_login_methods, s_oidc_begin, s_oidc_callback;

//  The fields of a case event an action may carry (imi_case_control), and a
//  case action's route: POST /api/v1/cases/{id}/ACTION, its command
//  case-ACTION, with files in a form.
#define S_EVENT_FIELDS  "text", "text-lang", "reply-by", "to", "urgent", "question", "answer", \
                        "subject", "timely", "effort"
#define S_CASE_ACTION(action) \
    { "POST", "/api/v1/cases/{id}/" action, "case-" action, S_PAIRS | S_CHANGES | S_FILES, \
      S_ARGS (S_EVENT_FIELDS), NULL }

//  The routes. Row 0 stands for requests that matched none (for /metrics),
//  row S_WEB_ROUTE for the web application's files and pages (imi_web.h:
//  its pattern matches no path; s_answer gives it the paths imi_web_owns);
//  rows of one pattern are together (405 lists their methods). A request
//  becomes [command, session token, the path's {values} in order, then the
//  arguments]: with S_PAIRS, each query argument (GET) or member of the JSON
//  body (POST) as a pair of frames (s_pairs_add); with S_POSITIONAL, the
//  query arguments in the order of args. The operator's commands (manifest,
//  keys, retention, stop, ...) have no route, and the control module refuses
//  them over HTTP besides.
static const s_route_t s_routes [] = {
    { "", "unmatched", NULL, 0, NULL, NULL },
    { "GET", "web", "", 0, NULL, s_web },
    { "POST", "/api/v1/login", "login", S_CHANGES | S_NO_SESSION, NULL, s_login },
    { "POST", "/api/v1/logout", "logout", S_CHANGES, NULL, s_logout },
    { "GET", "/api/v1/login/methods", "login-methods", 0, NULL, s_login_methods },
    { "GET", S_OIDC_PATH, "oidc-begin", 0, NULL, s_oidc_begin },
    { "GET", S_OIDC_PATH "/callback", "oidc-callback", 0, NULL, s_oidc_callback },
    { "GET", "/api/v1/whoami", "whoami", 0, NULL, NULL },
    { "GET", "/api/v1/csrf", "csrf", 0, NULL, s_csrf },
    { "GET", "/api/v1/search", "search", S_POSITIONAL,
      S_ARGS ("q", "state", "area", "procedure", "lang", "limit", "offset"), NULL },
    { "GET", "/api/v1/authorities/{key}", "authority-show", S_POSITIONAL, S_ARGS ("lang"),
      NULL },
    { "GET", "/api/v1/procedures", "procedure-list", S_PAIRS, S_ARGS ("lang", "to"), NULL },
    { "GET", "/api/v1/procedures/{code}", "procedure-show", S_PAIRS, S_ARGS ("lang"), NULL },
    { "GET", "/api/v1/catalogue", "procedure-catalogue", S_PAIRS, S_ARGS ("lang"), NULL },
    { "GET", "/api/v1/users", "user-list", S_PAIRS, S_ARGS ("authority", "cursor", "limit"),
      NULL },
    { "POST", "/api/v1/users", "user-add", S_CHANGES | S_PAIRS,
      S_ARGS ("name", "authority", "role", "lang", "password"), NULL },
    { "POST", "/api/v1/users/{name}/disable", "user-disable", S_CHANGES, NULL, NULL },
    { "POST", "/api/v1/users/{name}/link", "user-link", S_CHANGES | S_PAIRS, S_ARGS ("subject"),
      NULL },
    { "POST", "/api/v1/users/{name}/unlink", "user-unlink", S_CHANGES, NULL, NULL },
    { "POST", "/api/v1/users/{name}/password", "user-password", S_CHANGES | S_PAIRS,
      S_ARGS ("password"), NULL },
    { "POST", "/api/v1/password", "password", S_CHANGES | S_PAIRS, S_ARGS ("current", "new"),
      NULL },
    { "GET", "/api/v1/apikeys", "apikey-list", S_PAIRS, S_ARGS ("authority", "cursor", "limit"),
      NULL },
    { "POST", "/api/v1/apikeys", "apikey-create", S_CHANGES | S_PAIRS,
      S_ARGS ("authority", "role", "label", "lang"), NULL },
    { "POST", "/api/v1/apikeys/{id}/revoke", "apikey-revoke", S_CHANGES, NULL, NULL },
    { "GET", "/api/v1/audit", "audit-status", 0, NULL, NULL },
    { "GET", "/api/v1/audit/proof", "audit-proof", S_PAIRS, S_ARGS ("message_id"), NULL },
    { "GET", "/api/v1/cases", "case-list", S_PAIRS,
      S_ARGS ("state", "direction", "procedure", "overdue", "total", "cursor", "limit", "lang"),
      NULL },
    { "POST", "/api/v1/cases", "case-new", S_PAIRS | S_CHANGES | S_FILES,
      S_ARGS ("procedure", "send", S_EVENT_FIELDS), NULL },
    { "GET", "/api/v1/cases/overdue", "case-overdue", S_PAIRS,
      S_ARGS ("cursor", "limit", "lang"), NULL },
    { "GET", "/api/v1/cases/{id}", "case-show", S_PAIRS,
      S_ARGS ("lang", "translate", "cursor", "limit"), NULL },
    { "GET", "/api/v1/cases/{id}/attachments/{which}", "case-attachment", S_RAW, NULL, NULL },
    S_CASE_ACTION ("send"), S_CASE_ACTION ("withdraw"), S_CASE_ACTION ("accept"),
    S_CASE_ACTION ("forward"), S_CASE_ACTION ("ask-clarification"), S_CASE_ACTION ("clarify"),
    S_CASE_ACTION ("answer"), S_CASE_ACTION ("follow-up"), S_CASE_ACTION ("close"),
    S_CASE_ACTION ("message"),
    { "POST", "/api/v1/cases/{id}/discard", "case-discard", S_PAIRS | S_CHANGES, NULL, NULL },
    { "POST", "/api/v1/cases/{id}/erase", "case-erase", S_PAIRS | S_CHANGES, S_ARGS ("reason"),
      NULL },
    { "GET", "/api/v1/indicators", "kpi", S_PAIRS, S_ARGS ("from", "to", "by", "authority"),
      NULL },
    { "GET", "/api/v1/alerts", "alert-list", S_PAIRS, S_ARGS ("cursor", "limit", "lang"), NULL },
    { "POST", "/api/v1/alerts", "alert-new", S_PAIRS | S_CHANGES | S_FILES,
      S_ARGS ("procedure", "to", "field", "text", "text-lang"), NULL },
    { "GET", "/api/v1/alerts/procedures", "alert-procedures", S_PAIRS, S_ARGS ("lang"), NULL },
    { "GET", "/api/v1/alerts/{id}", "alert-show", S_PAIRS, S_ARGS ("lang", "translate"), NULL },
    { "GET", "/api/v1/alerts/{id}/attachments/{which}", "alert-attachment", S_RAW, NULL, NULL },
    { "POST", "/api/v1/alerts/{id}/correct", "alert-correct", S_PAIRS | S_CHANGES | S_FILES,
      S_ARGS ("field", "text", "text-lang"), NULL },
    { "POST", "/api/v1/alerts/{id}/withdraw", "alert-withdraw", S_PAIRS | S_CHANGES,
      S_ARGS ("text", "text-lang"), NULL },
    { "POST", "/api/v1/alerts/{id}/close", "alert-close", S_PAIRS | S_CHANGES, NULL, NULL },
    { "POST", "/api/v1/alerts/{id}/acknowledge", "alert-ack", S_PAIRS | S_CHANGES,
      S_ARGS ("authority"), NULL },
    { "GET", "/api/v1/notifications", "notification-list", S_PAIRS,
      S_ARGS ("cursor", "limit", "lang"), NULL },
    { "POST", "/api/v1/notifications", "notification-new", S_PAIRS | S_CHANGES,
      S_ARGS ("procedure", "to", "title", "text", "entry"), NULL },
    { "GET", "/api/v1/notifications/procedures", "notification-procedures", S_PAIRS,
      S_ARGS ("lang"), NULL },
    { "GET", "/api/v1/notifications/{id}", "notification-show", S_PAIRS,
      S_ARGS ("lang", "translate"), NULL },
    { "POST", "/api/v1/notifications/{id}/modify", "notification-modify", S_PAIRS | S_CHANGES,
      S_ARGS ("title", "text", "entry"), NULL },
    { "POST", "/api/v1/notifications/{id}/comment", "notification-comment",
      S_PAIRS | S_CHANGES, S_ARGS ("text"), NULL },
    { "POST", "/api/v1/notifications/{id}/withdraw", "notification-withdraw",
      S_PAIRS | S_CHANGES, S_ARGS ("text"), NULL },
    { "POST", "/api/v1/notifications/{id}/close", "notification-close", S_PAIRS | S_CHANGES,
      S_ARGS ("text"), NULL },
    { "GET", "/api/v1/repository", "repository-search", S_PAIRS,
      S_ARGS ("q", "register", "state", "cursor", "limit"), NULL },
    { "GET", "/api/v1/repository/entry", "repository-show", S_PAIRS, S_ARGS ("key", "register"),
      NULL },
    { "POST", "/api/v1/translate", "translate", S_PAIRS | S_CHANGES,
      S_ARGS ("from", "to", "text"), NULL },
    { "GET", "/api/v1/events", "events", S_POSITIONAL, S_ARGS ("cursor", "limit"), s_events },
    { "GET", "/api/v1/openapi.json", "openapi", 0, NULL, s_openapi },
    { "GET", "/health/live", "health", S_MONITOR, NULL, s_live },
    { "GET", "/health/ready", "health", S_MONITOR, NULL, s_ready },
    { "GET", "/metrics", "metrics", S_MONITOR, NULL, s_metrics },
    { NULL, NULL, NULL, 0, NULL, NULL }
};
#define S_ROUTES (sizeof s_routes / sizeof s_routes [0] - 1)
#define S_WEB_ROUTE 1

//  A listening address: the API's, or the monitoring one.
typedef enum {
    S_SERVES_ALL,                   //  http_listen, no http_monitor_listen
    S_SERVES_API,                   //  http_listen beside an http_monitor_listen
    S_SERVES_MONITOR                //  http_monitor_listen
} s_serves_t;

typedef struct {
    imi_http_t *self;
    s_serves_t serves;
    struct MHD_Daemon *daemon;
} s_server_t;

struct _imi_http_t {
    s_server_t api, monitor;        //  daemon NULL: that address is not served
    char inproc [64];               //  the control socket's inproc endpoint
    imi_readers_t *readers;         //  the node's (imi_readers; it outlives this), or NULL
    char state [3];                 //  the node's, the metrics' label
    bool tls;                       //  Secure cookies
    long answer_timeout_ms;
    uint8_t *tls_cert, *tls_key;    //  PEM, NUL-ended (libmicrohttpd keeps pointers)
    atomic_ullong next_id;          //  routing ids of the DEALERs
    atomic_ullong *requests;        //  [route or unmatched][code index]
    atomic_ullong *latency;         //  [route or unmatched][bucket], not cumulative
    atomic_ullong *latency_sum_us;  //  [route or unmatched]
    char data_dir [IMI_PATH_MAX];   //  the node's: its spool folder's files (imi_spool)
    size_t form_max;                //  a multipart body's bytes at most (S_FILES)
    size_t uploads_max;             //  multipart bodies' bytes being received at once at most
    atomic_size_t uploads;          //  ... now (reserved by s_upload_reserve)
    pthread_mutex_t lock;           //  guards login_failures and streams
    imi_throttle_t *login_failures; //  failed logins per client address
    s_stream_t *streams;            //  the open event streams
    imi_web_t *web;                 //  the web application's files, or NULL: not served
    imi_oidc_t *oidc;               //  the identity provider's sign-in, or NULL: none
    bool password_login;            //  names and passwords sign in (login/methods says)
    pthread_t notifier;             //  wakes the streams (s_notifier)
    bool notifier_started;
    pthread_t waiters [S_WAITERS];  //  ask the loop for suspended exchanges (s_waiter)
    size_t waiter_count;            //  started
    pthread_cond_t waiting;         //  signals the queue below (with lock)
    s_exchange_t *queue_head, *queue_tail;  //  handed over, not yet taken by a waiter
    size_t reading;                 //  exchanges with the readers (s_defer_read; lock)
    pthread_cond_t read;            //  signals reading's fall to 0 (with lock)
    atomic_bool stopping;
};

//  One part of a multipart/form-data body (S_FILES): a file's goes to a
//  spool file as it comes, any other's (the json part) to memory.
typedef struct {
    char *name;                     //  the form field: "json" or "file"
    char *file_name;                //  a file's name, or NULL
    char spooled [IMI_SPOOL_NAME_SIZE]; //  a file's spool file ("": none)
    int fd;                         //  ... open while the part comes, else -1
    uint8_t *data;                  //  not a file's: its first S_BODY_MAX bytes
    size_t size, capacity;          //  bytes of the part received; of data
} s_part_t;

struct _s_exchange_t {
    imi_http_t *self;
    struct MHD_Connection *connection;
    const s_route_t *route;         //  the route; NULL: none has the path (404)
    bool method_allowed;            //  false: the path's routes take other methods (405)
    char allow [64];                //  ... these
    char *values [S_VALUES_MAX];    //  the path's {values}, in order
    size_t value_count;
    char *body;                     //  the request body so far (NUL-ended)
    size_t body_size;
    bool too_large;                 //  the body passed its limit: 413
    bool answered;                  //  a response is queued
    size_t limit;                   //  the body's bytes at most: S_BODY_MAX, or form_max
    size_t reserved;                //  of self->uploads, for this body (s_upload_reserve)
    struct MHD_PostProcessor *form; //  a multipart body being read into parts, or NULL
    s_part_t parts [S_PARTS_MAX];
    size_t part_count;
    size_t received;                //  bytes of the multipart body so far
    bool form_broken;               //  it did not parse, or had too many parts: 400
    char spool_failed [128];        //  why a file could not be spooled (503), or ""
    char download [IMI_SPOOL_NAME_SIZE];    //  a raw route's spool file ("": none)
    int download_fd;                //  ... open, until its answer sends from it; else -1
    unsigned code;                  //  ... with this status
    int64_t started_us;             //  the headers arrived (monotonic)
    char retry_after [24];          //  seconds, for a 429 ("": 1)
    //  Work for a waiter, while the connection is suspended (s_defer_work)
    bool deferred;                  //  handed over; s_answer's next call finishes
    s_work_fn *work;                //  what the waiter does
    zmsg_t *request;                //  a question for the loop (s_defer), until asked
    int64_t handed_ms;              //  when it was handed over (monotonic)
    zmsg_t *reply;                  //  the loop's answer; NULL: none in time
    s_oidc_work_t *oidc;            //  a sign-in's work (s_oidc_begin, s_oidc_callback)
    s_finish_fn *finish;            //  makes the answer (from reply)
    s_result_fn *result;            //  for s_forward_finish
    s_exchange_t *next;             //  in the waiters' queue
};

//  ---------------------------------------------------------------------------
//  Answers

//  The index of code in s_codes; a code not listed counts as 500.
static size_t
s_code_index (unsigned code)
{
    size_t index, fallback = 0;
    for (index = 0; index < S_CODES && s_codes [index] != code; index++)
        if (s_codes [index] == MHD_HTTP_INTERNAL_SERVER_ERROR)
            fallback = index;
    return index < S_CODES? index: fallback;
}

//  Queue response (consumed; NULL: out of memory) with the headers every
//  answer carries, and a cookie if not NULL; count it by route and status.
static enum MHD_Result
s_queue_response (imi_http_t *self, s_exchange_t *exchange, unsigned code, const char *type,
                  struct MHD_Response *response, const char *cookie)
{
    if (!response)
        return MHD_NO;
    if (type)
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    //  The web application's files bring their own policy and caching
    //  (imi_web.h); everything else is data, neither run nor kept.
    if (!MHD_get_response_header (response, "Content-Security-Policy"))
        MHD_add_response_header (response, "Content-Security-Policy",
                                 "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header (response, "X-Frame-Options", "DENY");
    MHD_add_response_header (response, "Referrer-Policy", "no-referrer");
    if (!MHD_get_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL))
        MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (cookie)
        MHD_add_response_header (response, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header (response, MHD_HTTP_HEADER_ALLOW, exchange->allow);
    if (code == MHD_HTTP_SERVICE_UNAVAILABLE || code == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER,
                                 *exchange->retry_after? exchange->retry_after: "1");
    enum MHD_Result result = MHD_queue_response (exchange->connection, code, response);
    MHD_destroy_response (response);
    exchange->answered = true;
    exchange->code = code;
    size_t route = exchange->route && exchange->method_allowed
                 ? (size_t) (exchange->route - s_routes): 0;
    atomic_fetch_add (&self->requests [route * S_CODES + s_code_index (code)], 1);
    int64_t micros = zclock_usecs () - exchange->started_us;
    size_t bucket = 0;
    while (bucket < S_BUCKETS - 1 && micros > s_buckets [bucket] * 1e6)
        bucket++;
    atomic_fetch_add (&self->latency [route * S_BUCKETS + bucket], 1);
    atomic_fetch_add (&self->latency_sum_us [route], (unsigned long long) (micros > 0? micros: 0));
    return result;
}

//  Queue body (copied; NULL: none) with the headers every answer carries.
static enum MHD_Result
s_queue (imi_http_t *self, s_exchange_t *exchange, unsigned code, const char *type,
         const char *body, const char *cookie)
{
    return s_queue_response (self, exchange, code, type,
        MHD_create_response_from_buffer (body? strlen (body): 0, (void *) (body? body: ""),
                                         MHD_RESPMEM_MUST_COPY), cookie);
}

//  A file name for Content-Disposition: name with every byte that is not
//  a letter, a digit, '.', '-' or '_' made '_' (no quote, no path, no
//  control character reaches the header); "attachment" if it is empty or
//  begins with a dot.
static void
s_safe_file_name (const char *name, char *safe, size_t size)
{
    size_t used = 0;
    for (; name [used] && used + 1 < size; used++) {
        char c = name [used];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                  || c == '.' || c == '-' || c == '_';
        safe [used] = plain? c: '_';
    }
    safe [used] = 0;
    if (used == 0 || safe [0] == '.')
        snprintf (safe, size, "attachment");
}

//  Queue value as JSON (consumed).
static enum MHD_Result
s_json (imi_http_t *self, s_exchange_t *exchange, unsigned code, json_t *value,
        const char *cookie)
{
    char *text = imi_lines_json (value);
    json_decref (value);
    if (!text)
        return MHD_NO;
    enum MHD_Result result = s_queue (self, exchange, code, "application/json", text, cookie);
    free (text);
    return result;
}

//  Queue a problem document (RFC 9457): the status, its title, and detail,
//  the reason as the CLI prints it.
static enum MHD_Result
s_problem (imi_http_t *self, s_exchange_t *exchange, unsigned code, const char *detail)
{
    const char *title = MHD_get_reason_phrase_for (code);
    json_t *problem = json_pack ("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title,
                                 "status", (int) code, "detail", detail);
    if (!problem)       //  a detail that is not UTF-8 (it may quote a request)
        problem = json_pack ("{s:s, s:s, s:i}", "type", "about:blank", "title", title,
                             "status", (int) code);
    char *text = imi_lines_json (problem);
    json_decref (problem);
    if (!text)
        return MHD_NO;
    enum MHD_Result result = s_queue (self, exchange, code, "application/problem+json", text,
                                      NULL);
    free (text);
    return result;
}

//  Queue the content the node wrote into exchange's spool file (size: its
//  bytes, as the node's reply says) as the answer of a route that answers
//  raw bytes (S_RAW): application/octet-stream, to be saved as a file
//  named after the path's last value. The file is removed at once:
//  libmicrohttpd sends from the open descriptor and closes it, so nothing
//  is left on disk however the client ends, and no thread holds the
//  content in memory however slowly it reads.
static enum MHD_Result
s_content (imi_http_t *self, s_exchange_t *exchange, const char *size)
{
    imi_spool_remove (self->data_dir, exchange->download);
    *exchange->download = 0;
    struct stat status;
    if (!size || !*size || strspn (size, "0123456789") != strlen (size)
    ||  fstat (exchange->download_fd, &status) || !S_ISREG (status.st_mode)
    ||  (uint64_t) status.st_size != strtoull (size, NULL, 10))
        return s_problem (self, exchange, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "the node's answer and its spool file differ");
    char safe [128], disposition [160];
    s_safe_file_name (exchange->value_count? exchange->values [exchange->value_count - 1]: "",
                      safe, sizeof safe);
    snprintf (disposition, sizeof disposition, "attachment; filename=\"%s\"", safe);
    struct MHD_Response *response =
        MHD_create_response_from_fd ((uint64_t) status.st_size, exchange->download_fd);
    if (response) {
        exchange->download_fd = -1;         //  libmicrohttpd's now
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
    }
    return s_queue_response (self, exchange, MHD_HTTP_OK, "application/octet-stream", response,
                             NULL);
}

//  ---------------------------------------------------------------------------
//  The loop

//  Each thread that asks the loop keeps one DEALER, connected once: a
//  socket per question cost a ZeroMQ mailbox, a connect and the reaper's
//  work on close, for every request. The socket is the thread's own
//  (thread-local, closed when the thread ends, libmicrohttpd's pool or the
//  notifier), and one whose answer did not come in time is closed at once,
//  so a late answer never reaches the next question. The commands that
//  only read (imi_control_reads) go to the readers (imi_readers), with
//  no socket.
typedef struct {
    zsock_t *socket;
    const imi_http_t *owner;            //  whose node it is connected to
} s_asker_t;

static pthread_key_t s_asker_key;
static pthread_once_t s_asker_once = PTHREAD_ONCE_INIT;

static void
s_asker_close (void *argument)
{
    s_asker_t *asker = (s_asker_t *) argument;
    zsock_destroy (&asker->socket);
    free (asker);
}

static void
s_asker_key_create (void)
{
    if (pthread_key_create (&s_asker_key, s_asker_close))
        abort ();                       //  only if the process has no keys left
}

//  This thread's DEALER to self's loop, connected; NULL if out of memory.
static zsock_t *
s_asker_socket (imi_http_t *self)
{
    pthread_once (&s_asker_once, s_asker_key_create);
    s_asker_t *asker = (s_asker_t *) pthread_getspecific (s_asker_key);
    if (!asker) {
        asker = (s_asker_t *) calloc (1, sizeof *asker);
        if (!asker || pthread_setspecific (s_asker_key, asker)) {
            free (asker);
            return NULL;
        }
    }
    if (asker->owner != self)
        zsock_destroy (&asker->socket);
    asker->owner = self;
    if (!asker->socket) {
        zsock_t *socket = zsock_new (ZMQ_DEALER);
        if (!socket)
            return NULL;
        char identity [48];
        snprintf (identity, sizeof identity, "%s%llu", IMI_CONTROL_HTTP_PREFIX,
                  (unsigned long long) atomic_fetch_add (&self->next_id, 1));
        zsock_set_identity (socket, identity);
        zsock_set_linger (socket, 0);
        //  A send never waits: a DEALER holds at most the one question its
        //  thread asks, so it only could if no one is there to take it
        //  (the loop gone while the node stops: a waiter sending then
        //  blocked for good, and the node's stop with it)
        zsock_set_sndtimeo (socket, 0);
        if (zsock_connect (socket, "%s", self->inproc)) {
            zsock_destroy (&socket);
            return NULL;
        }
        asker->socket = socket;
    }
    return asker->socket;
}

//  Close this thread's DEALER to the loop (its question went unanswered).
static void
s_asker_drop (void)
{
    s_asker_t *asker = (s_asker_t *) pthread_getspecific (s_asker_key);
    if (asker)
        zsock_destroy (&asker->socket);
}

//  Send request (consumed) to the loop and wait for its reply, [status,
//  lines...], at most timeout_ms. NULL if none came.
static zmsg_t *
s_ask_loop (imi_http_t *self, zmsg_t **request_p, long timeout_ms)
{
    zsock_t *socket = s_asker_socket (self);
    zmsg_t *reply = NULL;
    //  Waited in slices, so that a node stopping (its loop no longer
    //  answering) does not keep each HTTP thread for the whole time-out:
    //  libmicrohttpd's stop waits for them.
    if (socket && zmsg_send (request_p, socket) == 0) {
        zmq_pollitem_t item = { zsock_resolve (socket), 0, ZMQ_POLLIN, 0 };
        for (long waited = 0; waited < timeout_ms && !atomic_load (&self->stopping);
             waited += S_ASK_SLICE_MS)
            if (zmq_poll (&item, 1, S_ASK_SLICE_MS) > 0) {
                reply = zmsg_recv (socket);
                break;
            }
        if (!reply)
            s_asker_drop ();
    }
    zmsg_destroy (request_p);
    return reply;
}

//  Whether request ([command, token, arguments...]) goes to the readers
//  first: a command that only reads, when there are readers. Then *copy_p
//  is a copy for the loop, should the reader hand it over, and request
//  leads with the caller's name, as the loop's ROUTER would give it.
static bool
s_to_readers (imi_http_t *self, zmsg_t *request, zmsg_t **copy_p)
{
    *copy_p = NULL;
    if (!self->readers || !imi_control_reads (request))
        return false;
    *copy_p = zmsg_dup (request);
    zmsg_pushstr (request, IMI_CONTROL_HTTP_PREFIX "reader");
    return true;
}

//  Whether reply is a reader's hand-over to the loop (IMI_CONTROL_LOOP).
static bool
s_handed (zmsg_t *reply)
{
    return reply && zframe_streq (zmsg_first (reply), IMI_CONTROL_LOOP);
}

//  Send request (consumed: [command, token, arguments...]) to the node and
//  wait for its reply at most timeout_ms (NULL if none came): a command
//  that only reads to the readers, and to the loop if a reader hands it
//  over (IMI_CONTROL_LOOP); any other to the loop.
static zmsg_t *
s_ask (imi_http_t *self, zmsg_t **request_p, long timeout_ms)
{
    zmsg_t *copy;
    if (!s_to_readers (self, *request_p, &copy))
        return s_ask_loop (self, request_p, timeout_ms);
    int64_t started = zclock_mono ();
    zmsg_t *reply = imi_readers_ask (self->readers, request_p, timeout_ms);
    if (s_handed (reply) && copy) {
        zmsg_destroy (&reply);
        long left_ms = timeout_ms - (long) (zclock_mono () - started);
        if (left_ms > 0)
            reply = s_ask_loop (self, &copy, left_ms);
    }
    zmsg_destroy (&copy);
    return reply;
}

//  Ask the loop (request consumed): its reply's status and first line into
//  *status and *line (the caller's to free; NULL if no answer came), and
//  that line as JSON when the status is ok (the caller's; else NULL).
static json_t *
s_ask_json (imi_http_t *self, zmsg_t **request_p, char **status, char **line)
{
    zmsg_t *reply = s_ask (self, request_p, self->answer_timeout_ms);
    *status = reply? zmsg_popstr (reply): NULL;
    *line = reply? zmsg_popstr (reply): NULL;
    zmsg_destroy (&reply);
    return *status && strcmp (*status, IMI_CONTROL_OK) == 0 && *line
         ? json_loads (*line, 0, NULL): NULL;
}

//  The HTTP status of a control reply's status.
static unsigned
s_code (const char *status)
{
    static const struct {
        const char *status;
        unsigned code;
    } codes [] = {
        { IMI_CONTROL_OK, MHD_HTTP_OK },
        { IMI_CONTROL_DEGRADED, MHD_HTTP_OK },
        { IMI_CONTROL_INVALID, MHD_HTTP_UNPROCESSABLE_CONTENT },
        { IMI_CONTROL_UNAUTHORIZED, MHD_HTTP_UNAUTHORIZED },
        { IMI_CONTROL_NOT_FOUND, MHD_HTTP_NOT_FOUND },
        { IMI_CONTROL_FORBIDDEN, MHD_HTTP_FORBIDDEN },
        { IMI_CONTROL_CONFLICT, MHD_HTTP_CONFLICT },
        { IMI_CONTROL_TOO_MANY, MHD_HTTP_TOO_MANY_REQUESTS },
        { IMI_CONTROL_UNAVAILABLE, MHD_HTTP_SERVICE_UNAVAILABLE },
    };
    for (size_t index = 0; status && index < sizeof codes / sizeof codes [0]; index++)
        if (strcmp (status, codes [index].status) == 0)
            return codes [index].code;
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

//  The token of an Authorization header "Bearer TOKEN" (an API key,
//  imi_apikeys), or NULL if authorization is NULL or of another scheme.
static const char *
s_bearer_token (const char *authorization)
{
    if (!authorization || strncasecmp (authorization, "Bearer ", 7) != 0)
        return NULL;
    return authorization + 7 + strspn (authorization + 7, " ");
}

//  The request's API key (Authorization: Bearer), or NULL.
static const char *
s_bearer (s_exchange_t *exchange)
{
    return s_bearer_token (MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                        MHD_HTTP_HEADER_AUTHORIZATION));
}

//  The request's API key if it has one, else the session token of its
//  cookie, or "-" (none: the control module answers that a session is
//  needed). The control module tells the two apart (imi_users_session).
static const char *
s_token (s_exchange_t *exchange)
{
    const char *token = s_bearer (exchange);
    if (!token)
        token = MHD_lookup_connection_value (exchange->connection, MHD_COOKIE_KIND, S_COOKIE);
    return token && *token && strlen (token) <= 128? token: "-";
}

//  The request's Idempotency-Key, on a state-changing route of a session;
//  else NULL.
static const char *
s_idempotency_key (s_exchange_t *exchange)
{
    unsigned flags = exchange->route? exchange->route->flags: 0;
    if (!(flags & S_CHANGES) || (flags & S_NO_SESSION))
        return NULL;
    return MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                        S_IDEMPOTENCY_HEADER);
}

//  A new request for the loop: [command, the session token], after
//  [IMI_CONTROL_IDEMPOTENT, key] if the request has an Idempotency-Key.
static zmsg_t *
s_request (s_exchange_t *exchange, const char *command)
{
    zmsg_t *request = zmsg_new ();
    const char *key = s_idempotency_key (exchange);
    if (key) {
        zmsg_addstr (request, IMI_CONTROL_IDEMPOTENT);
        zmsg_addstr (request, key);
    }
    zmsg_addstr (request, command);
    zmsg_addstr (request, s_token (exchange));
    return request;
}

//  Put exchange (suspended, its work set) last in the waiters' queue and
//  wake one (self->lock held).
static void
s_waiters_queue (imi_http_t *self, s_exchange_t *exchange)
{
    exchange->next = NULL;
    if (self->queue_tail)
        self->queue_tail->next = exchange;
    else
        self->queue_head = exchange;
    self->queue_tail = exchange;
    pthread_cond_signal (&self->waiting);
}

//  Hand work for exchange to a waiter (s_waiter) without waiting: the
//  connection is suspended; when the work is done, s_answer's next call
//  runs finish (s_resumed). A node stopping answers 503 at once.
static enum MHD_Result
s_defer_work (imi_http_t *self, s_exchange_t *exchange, s_work_fn *work, s_finish_fn *finish)
{
    pthread_mutex_lock (&self->lock);
    //  Under the lock: s_destroy sets stopping under it, then lets the
    //  waiters empty the queue, so nothing is suspended after.
    bool stopping = atomic_load (&self->stopping);
    if (!stopping) {
        exchange->work = work;
        exchange->finish = finish;
        exchange->deferred = true;
        exchange->handed_ms = zclock_mono ();
        MHD_suspend_connection (exchange->connection);
        s_waiters_queue (self, exchange);
    }
    pthread_mutex_unlock (&self->lock);
    if (stopping)
        return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE, "the node is stopping");
    return MHD_YES;
}

//  The work of a question for the loop: asked, waited for at most
//  http_answer_timeout_ms from the hand-over.
static void
s_work_ask (imi_http_t *self, s_exchange_t *exchange)
{
    long left_ms = self->answer_timeout_ms - (long) (zclock_mono () - exchange->handed_ms);
    if (left_ms > 0)
        exchange->reply = s_ask_loop (self, &exchange->request, left_ms);
    zmsg_destroy (&exchange->request);
}

//  A reader's end of exchange (s_defer_read), in the reader's thread: the
//  reply kept and the connection resumed, or, handed over, the exchange
//  queued for a waiter to ask the loop (s_work_ask, with the loop's
//  copy). A node stopping gets no new work for its waiters: 503 then.
static void
s_read_done (void *context, zmsg_t *reply)
{
    s_exchange_t *exchange = (s_exchange_t *) context;
    imi_http_t *self = exchange->self;
    bool handed = s_handed (reply);
    if (handed)
        zmsg_destroy (&reply);
    pthread_mutex_lock (&self->lock);
    bool to_loop = handed && exchange->request && !atomic_load (&self->stopping);
    if (to_loop)
        s_waiters_queue (self, exchange);
    pthread_mutex_unlock (&self->lock);
    if (!to_loop) {
        zmsg_destroy (&exchange->request);
        exchange->reply = reply;
        MHD_resume_connection (exchange->connection);
    }
    //  After the resume (the exchange is libmicrohttpd's again: not
    //  touched), so that s_destroy never stops a server with it suspended
    pthread_mutex_lock (&self->lock);
    if (--self->reading == 0)
        pthread_cond_broadcast (&self->read);
    pthread_mutex_unlock (&self->lock);
}

//  Hand a read (request consumed, for the readers: s_to_readers) for
//  exchange to the readers without waiting, the connection suspended;
//  *copy_p (consumed) is for the loop, should the reader hand it over.
//  finish makes the answer from the reply, as s_defer_work's.
static enum MHD_Result
s_defer_read (imi_http_t *self, s_exchange_t *exchange, zmsg_t **request_p, zmsg_t **copy_p,
              s_finish_fn *finish)
{
    pthread_mutex_lock (&self->lock);
    bool stopping = atomic_load (&self->stopping);
    if (!stopping) {
        exchange->work = s_work_ask;
        exchange->request = *copy_p;
        *copy_p = NULL;
        exchange->finish = finish;
        exchange->deferred = true;
        exchange->handed_ms = zclock_mono ();
        self->reading++;
        MHD_suspend_connection (exchange->connection);
    }
    pthread_mutex_unlock (&self->lock);
    if (stopping) {
        zmsg_destroy (request_p);
        zmsg_destroy (copy_p);
        return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE, "the node is stopping");
    }
    imi_readers_submit (self->readers, request_p, exchange->handed_ms + self->answer_timeout_ms,
                        s_read_done, exchange);
    return MHD_YES;
}

//  Ask the node (request consumed) for exchange without waiting: a read
//  goes to the readers (s_defer_read), anything else to the loop, which a
//  waiter asks (s_work_ask); finish makes the answer from the reply.
static enum MHD_Result
s_defer (imi_http_t *self, s_exchange_t *exchange, zmsg_t **request_p, s_finish_fn *finish)
{
    zmsg_t *copy;
    if (s_to_readers (self, *request_p, &copy))
        return s_defer_read (self, exchange, request_p, &copy, finish);
    exchange->request = *request_p;
    *request_p = NULL;
    return s_defer_work (self, exchange, s_work_ask, finish);
}

//  A waiter thread: takes a handed-over exchange, does its work (asks the
//  loop, keeps the reply in it) and resumes its connection, until the node
//  stops and the queue is empty. After the resume the exchange is libmicrohttpd's again
//  (it may end at once): not touched.
static void *
s_waiter (void *context)
{
    imi_http_t *self = (imi_http_t *) context;
    imi_thread_start ("imi-http-wait");
    (void) imi_thread_lower ();
    while (true) {
        pthread_mutex_lock (&self->lock);
        while (!self->queue_head && !atomic_load (&self->stopping))
            pthread_cond_wait (&self->waiting, &self->lock);
        s_exchange_t *exchange = self->queue_head;
        if (exchange) {
            self->queue_head = exchange->next;
            if (!self->queue_head)
                self->queue_tail = NULL;
        }
        pthread_mutex_unlock (&self->lock);
        if (!exchange)
            break;                      //  stopping, and nothing left
        exchange->work (self, exchange);
        MHD_resume_connection (exchange->connection);
    }
    return NULL;
}

//  s_answer's call after a deferred exchange's connection was resumed.
static enum MHD_Result
s_resumed (imi_http_t *self, s_exchange_t *exchange)
{
    exchange->deferred = false;
    zmsg_t *reply = exchange->reply;
    exchange->reply = NULL;
    enum MHD_Result rc = exchange->finish (self, exchange, reply);
    zmsg_destroy (&reply);
    return rc;
}

//  Ask the loop (request consumed) and answer with its result as the body,
//  or a problem document with its reason. The reply is handed to result
//  (NULL: the body as it came) when the command succeeded.
static enum MHD_Result
s_forward_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    s_result_fn *result = exchange->result;
    if (!reply)
        return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "the node did not answer in time: try again");
    char *status = zmsg_popstr (reply);
    zframe_t *content = zmsg_pop (reply);
    char *line = content? zframe_strdup (content): NULL;
    char *seconds = zmsg_popstr (reply);
    unsigned code = s_code (status);
    if (code == MHD_HTTP_TOO_MANY_REQUESTS && seconds
    &&  strlen (seconds) < sizeof exchange->retry_after
    &&  strspn (seconds, "0123456789") == strlen (seconds))
        memcpy (exchange->retry_after, seconds, strlen (seconds) + 1);
    zstr_free (&seconds);
    enum MHD_Result rc;
    if (code != MHD_HTTP_OK)
        rc = s_problem (self, exchange, code, line? line: "the node answered with an error");
    else
    if (exchange->route->flags & S_RAW)
        rc = s_content (self, exchange, line);
    else
    if (result)
        rc = result (self, exchange, status, line? line: "");
    else
        rc = s_queue (self, exchange, code, "application/json", line? line: "", NULL);
    zstr_free (&status);
    if (line)
        sodium_memzero (line, strlen (line));       //  a login's holds the token
    zstr_free (&line);
    if (content)
        sodium_memzero (zframe_data (content), zframe_size (content));
    zframe_destroy (&content);
    return rc;
}

static enum MHD_Result
s_forward (imi_http_t *self, s_exchange_t *exchange, zmsg_t **request_p, s_result_fn *result)
{
    exchange->result = result;
    return s_defer (self, exchange, request_p, s_forward_finish);
}

//  ---------------------------------------------------------------------------
//  Requests: what is checked before the node is asked

//  The CSRF token of a session: 32 hex digits, a keyed hash of a context
//  with the session token as key. Only who holds the session token (the
//  cookie, which scripts cannot read) can know it; nothing is stored.
static void
s_csrf_token (const char *session, char hex [2 * S_CSRF_BYTES + 1])
{
    uint8_t hash [S_CSRF_BYTES];
    size_t key_size = strlen (session) < crypto_generichash_KEYBYTES_MAX
                    ? strlen (session): crypto_generichash_KEYBYTES_MAX;
    crypto_generichash (hash, sizeof hash, (const uint8_t *) S_CSRF_CONTEXT,
                        strlen (S_CSRF_CONTEXT), (const uint8_t *) session, key_size);
    sodium_bin2hex (hex, 2 * S_CSRF_BYTES + 1, hash, sizeof hash);
}

//  A state-changing request from a browser must come from our own origin:
//  an Origin header, if there is one, is scheme://Host of this request.
//  Clients that are not browsers send none. true if it passes.
static bool
s_origin_ours (imi_http_t *self, s_exchange_t *exchange)
{
    const char *origin = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_ORIGIN);
    const char *host = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_HOST);
    if (!origin)
        return true;
    char expected [300];
    snprintf (expected, sizeof expected, "%s://%s", self->tls? "https": "http", host? host: "");
    return host && strcmp (origin, expected) == 0;
}

//  The request's CSRF token header matches its session's.
static bool
s_csrf_valid (s_exchange_t *exchange)
{
    const char *given = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                     S_CSRF_HEADER);
    char expected [2 * S_CSRF_BYTES + 1];
    s_csrf_token (s_token (exchange), expected);
    return given && strlen (given) == strlen (expected)
        && sodium_memcmp (given, expected, strlen (expected)) == 0;
}

//  Deeper than S_JSON_DEPTH_MAX, counting brackets outside strings (before
//  jansson builds anything).
static bool
s_too_deep (const char *text, size_t size)
{
    int depth = 0;
    bool in_string = false;
    for (size_t index = 0; index < size; index++) {
        char c = text [index];
        if (in_string && c == '\\')
            index++;
        else
        if (c == '"')
            in_string = !in_string;
        else
        if (!in_string && (c == '[' || c == '{') && ++depth > S_JSON_DEPTH_MAX)
            return true;
        else
        if (!in_string && (c == ']' || c == '}'))
            depth--;
    }
    return false;
}

//  Is the request's Content-Type this media type (parameters aside)?
static bool
s_content_type (s_exchange_t *exchange, const char *media_type)
{
    const char *type = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t type_size = type? strcspn (type, "; "): 0;
    return type_size == strlen (media_type) && strncasecmp (type, media_type, type_size) == 0;
}

//  text (size bytes) as a JSON object into *value (the caller's), or a
//  problem queued (400) and false.
static bool
s_json_object (imi_http_t *self, s_exchange_t *exchange, const char *text, size_t size,
               json_t **value, enum MHD_Result *result)
{
    json_error_t error;
    char detail [256];
    *value = NULL;
    if (s_too_deep (text, size)) {
        snprintf (detail, sizeof detail, "the JSON is nested deeper than %d levels",
                  S_JSON_DEPTH_MAX);
        *result = s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, detail);
    }
    else
    if (!(*value = json_loadb (text, size, JSON_REJECT_DUPLICATES, &error))) {
        snprintf (detail, sizeof detail, "the body is not valid JSON (UTF-8): %s at byte %d",
                  error.text, error.position);
        *result = s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, detail);
    }
    else
    if (!json_is_object (*value)) {
        json_decref (*value);
        *value = NULL;
        *result = s_problem (self, exchange, MHD_HTTP_BAD_REQUEST,
                             "the body must be a JSON object");
    }
    return *value != NULL;
}

//  The request's body as a JSON object into *value (the caller's), or a
//  problem queued (415, 400) and false.
static bool
s_body_object (imi_http_t *self, s_exchange_t *exchange, json_t **value,
               enum MHD_Result *result)
{
    *value = NULL;
    if (!s_content_type (exchange, "application/json")) {
        *result = s_problem (self, exchange, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                             (exchange->route->flags & S_FILES)
                             ? "the body must be application/json or multipart/form-data"
                             : "the body must be application/json");
        return false;
    }
    return s_json_object (self, exchange, exchange->body, exchange->body_size, value, result);
}

//  Close a part's spool file, if it is open (the file stays until the
//  exchange ends).
static void
s_part_close (s_part_t *part)
{
    if (part->fd >= 0)
        close (part->fd);
    part->fd = -1;
}

//  A new part of exchange's form, named key (a file's if file_name is not
//  NULL: to a new spool file, and the part before is complete), or NULL
//  (the form is refused) past S_PARTS_MAX parts, or if the spool file
//  cannot be made (spool_failed says why).
static s_part_t *
s_part_new (s_exchange_t *exchange, const char *key, const char *file_name)
{
    if (exchange->part_count == S_PARTS_MAX)
        return NULL;
    if (exchange->part_count)
        s_part_close (&exchange->parts [exchange->part_count - 1]);
    s_part_t *part = &exchange->parts [exchange->part_count++];
    part->fd = -1;
    part->name = strdup (key? key: "");
    part->file_name = file_name? strdup (file_name): NULL;
    if (!part->name || (file_name && !part->file_name))
        return NULL;
    if (file_name && (part->fd = imi_spool_create (exchange->self->data_dir, part->spooled)) < 0) {
        *part->spooled = 0;
        snprintf (exchange->spool_failed, sizeof exchange->spool_failed, "%s", imi_error_last ());
        return NULL;
    }
    return part;
}

//  size bytes of data, a piece of part: a file's to its spool file, any
//  other's to memory up to S_BODY_MAX (past that only counted: s_form_add
//  refuses it). false if it cannot be kept.
static bool
s_part_append (s_exchange_t *exchange, s_part_t *part, const char *data, size_t size)
{
    if (part->fd >= 0 && imi_spool_write (part->fd, (const uint8_t *) data, size)) {
        snprintf (exchange->spool_failed, sizeof exchange->spool_failed, "%s", imi_error_last ());
        return false;
    }
    if (part->fd < 0 && part->size + size <= S_BODY_MAX) {
        if (part->size + size > part->capacity) {
            size_t capacity = part->capacity? part->capacity: 4096;
            while (capacity < part->size + size)
                capacity *= 2;
            uint8_t *grown = realloc (part->data, capacity);
            if (!grown)
                return false;
            part->data = grown;
            part->capacity = capacity;
        }
        if (size)
            memcpy (part->data + part->size, data, size);
    }
    part->size += size;
    return true;
}

//  libmicrohttpd's iterator over a multipart/form-data body: each piece of
//  a part appended to the part (a new part starts at offset 0). MHD_NO (the
//  form is refused) past S_PARTS_MAX parts, or if a file's piece cannot be
//  spooled.
static enum MHD_Result
s_part (void *context, enum MHD_ValueKind kind, const char *key, const char *file_name,
        const char *content_type, const char *transfer_encoding, const char *data,
        uint64_t offset, size_t size)
{
    (void) kind, (void) content_type, (void) transfer_encoding;
    s_exchange_t *exchange = (s_exchange_t *) context;
    s_part_t *part = exchange->part_count? &exchange->parts [exchange->part_count - 1]: NULL;
    bool same = part && part->size == offset && strcmp (part->name, key? key: "") == 0
             && (part->file_name? file_name && strcmp (part->file_name, file_name) == 0
                                : !file_name);
    if (offset == 0 && !(same && part->size == 0))
        part = s_part_new (exchange, key, file_name);
    else
    if (!same)
        part = NULL;
    return part && s_part_append (exchange, part, data, size)? MHD_YES: MHD_NO;
}

//  The check of query arguments (s_arguments_ok): only those named in
//  allowed (NULL-ended), each valid UTF-8; reason set at the first that is
//  not.
typedef struct {
    const char *const *allowed;
    const char *reason;
    char text [160];
} s_arguments_t;

static enum MHD_Result
s_argument_check (void *context, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void) kind;
    s_arguments_t *check = (s_arguments_t *) context;
    bool known = false;
    for (const char *const *name = check->allowed; *name && !known; name++)
        known = strcmp (*name, key) == 0;
    json_t *utf8 = value? json_string (value): json_string ("");
    if (!known)
        snprintf (check->text, sizeof check->text, "unknown query argument '%.40s'", key);
    else
    if (!utf8)
        snprintf (check->text, sizeof check->text, "query argument %s is not UTF-8", key);
    json_decref (utf8);
    if (!known || !utf8)
        check->reason = check->text;
    return check->reason? MHD_NO: MHD_YES;
}

//  The query arguments pass (only allowed names, UTF-8), or a 400 queued.
static bool
s_arguments_ok (imi_http_t *self, s_exchange_t *exchange, const char *const *allowed,
                enum MHD_Result *result)
{
    s_arguments_t check = { .allowed = allowed };
    MHD_get_connection_values (exchange->connection, MHD_GET_ARGUMENT_KIND, s_argument_check,
                               &check);
    if (check.reason)
        *result = s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, check.reason);
    return check.reason == NULL;
}

//  The request has no query arguments, or a 400 is queued.
static bool
s_arguments_none (imi_http_t *self, s_exchange_t *exchange, enum MHD_Result *result)
{
    static const char *const none [] = { NULL };
    return s_arguments_ok (self, exchange, none, result);
}

//  A query argument's value, or "-" (the control commands' "none").
static const char *
s_argument (s_exchange_t *exchange, const char *name)
{
    const char *value = MHD_lookup_connection_value (exchange->connection,
                                                     MHD_GET_ARGUMENT_KIND, name);
    return value && *value? value: "-";
}

//  ---------------------------------------------------------------------------
//  Routes

//  One option pair [name, value] of a JSON scalar into request: a string as
//  it is, an integer in decimal, true/false as yes/no. false if value is
//  none of these.
static bool
s_pair_add (zmsg_t *request, const char *name, const char *key, json_t *value)
{
    char text [32];
    const char *string = json_string_value (value);
    if (json_is_integer (value)) {
        snprintf (text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
        string = text;
    }
    else
    if (json_is_boolean (value))
        string = json_is_true (value)? "yes": "no";
    if (!string)
        return false;
    zmsg_addstr (request, name);
    if (key)
        zmsg_addstrf (request, "%s=%s", key, string);
    else
        zmsg_addstr (request, string);
    return true;
}

//  The members of a JSON body as option pairs into request: each member
//  named in allowed; an array as the option repeated, an object {k: v} as
//  the option repeated with "k=v", null as absent. NULL, or the reason
//  (in reason) the body is refused.
static const char *
s_pairs_add (zmsg_t *request, json_t *body, const char *const *allowed, char *reason,
             size_t size)
{
    const char *name;
    json_t *value;
    json_object_foreach (body, name, value) {
        bool known = false;
        for (const char *const *allowed_name = allowed; allowed_name && *allowed_name && !known;
             allowed_name++)
            known = strcmp (*allowed_name, name) == 0;
        bool valid = known;
        size_t index;
        const char *key;
        json_t *item;
        if (!known || json_is_null (value))
            ;
        else
        if (json_is_array (value))
            json_array_foreach (value, index, item)
                valid = valid && s_pair_add (request, name, NULL, item);
        else
        if (json_is_object (value))
            json_object_foreach (value, key, item)
                valid = valid && !strchr (key, '=') && s_pair_add (request, name, key, item);
        else
            valid = s_pair_add (request, name, NULL, value);
        if (!known) {
            snprintf (reason, size, "unknown member '%.40s' in the body", name);
            return reason;
        }
        if (!valid) {
            snprintf (reason, size, "member '%.40s' must be a string, a whole number, true or "
                      "false, or an array or object of these", name);
            return reason;
        }
    }
    return NULL;
}

//  Each query argument as an option pair [name, value].
static enum MHD_Result
s_query_pair (void *context, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void) kind;
    zmsg_addstr ((zmsg_t *) context, key);
    zmsg_addstr ((zmsg_t *) context, value? value: "");
    return MHD_YES;
}

//  A form's parts into request: its "json" part's members (as option pairs,
//  allowed names only, as a JSON body's), each "file" part as
//  [IMI_OPTION_FILE_SPOOLED, name, its spool file] (the node reads it).
//  true, or false with a problem queued and *result set.
static bool
s_form_add (imi_http_t *self, s_exchange_t *exchange, zmsg_t *request,
            enum MHD_Result *result)
{
    char reason [160];
    const char *refused = NULL;
    for (size_t index = 0; index < exchange->part_count && !refused; index++) {
        s_part_t *part = &exchange->parts [index];
        if (strcmp (part->name, "json") == 0 && !part->file_name) {
            json_t *members;
            if (part->size > S_BODY_MAX) {
                snprintf (reason, sizeof reason, "the json part is larger than %d bytes",
                          S_BODY_MAX);
                *result = s_problem (self, exchange, MHD_HTTP_CONTENT_TOO_LARGE, reason);
                return false;
            }
            if (!s_json_object (self, exchange, (const char *) part->data, part->size, &members,
                                result))
                return false;
            else {
                refused = s_pairs_add (request, members, exchange->route->args, reason,
                                       sizeof reason);
                json_decref (members);
            }
        }
        else
        if (strcmp (part->name, "file") == 0 && part->file_name) {
            zmsg_addstr (request, IMI_OPTION_FILE_SPOOLED);
            zmsg_addstr (request, part->file_name);
            zmsg_addstr (request, part->spooled);
        }
        else {
            snprintf (reason, sizeof reason, "unknown part '%.40s' of the form (a json part and "
                      "file parts with a file name)", part->name);
            refused = reason;
        }
    }
    if (refused)
        *result = s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, refused);
    return refused == NULL;
}

//  Every route without a handler of its own: the route's command with the
//  path's values, then the query's or the body's arguments (see s_routes),
//  forwarded to the loop; its result is the answer.
static enum MHD_Result
s_command (imi_http_t *self, s_exchange_t *exchange)
{
    const s_route_t *route = exchange->route;
    bool query = strcmp (route->method, "GET") == 0;    //  else the body's members
    static const char *const none [] = { NULL };
    enum MHD_Result rc = MHD_YES;
    if (!s_arguments_ok (self, exchange, route->args && query? route->args: none, &rc))
        return rc;
    if (query && exchange->body_size)
        return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, "a GET request has no body");
    for (size_t index = 0; index < exchange->value_count; index++) {
        json_t *utf8 = json_string (exchange->values [index]);
        json_decref (utf8);
        if (!utf8)
            return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, "the path is not UTF-8");
    }
    json_t *members = NULL;
    bool form = exchange->part_count > 0;
    if (!query && !form && exchange->body_size && !s_body_object (self, exchange, &members, &rc))
        return rc;
    zmsg_t *request = s_request (exchange, route->command);
    for (size_t index = 0; index < exchange->value_count; index++)
        zmsg_addstr (request, exchange->values [index]);
    char reason [160];
    const char *refused = NULL;
    if (members)
        refused = s_pairs_add (request, members, route->args, reason, sizeof reason);
    else
    if (form && !s_form_add (self, exchange, request, &rc)) {
        zmsg_destroy (&request);
        return rc;
    }
    else
    if (query && (route->flags & S_PAIRS))
        MHD_get_connection_values (exchange->connection, MHD_GET_ARGUMENT_KIND, s_query_pair,
                                   request);
    else
    if (query && (route->flags & S_POSITIONAL))
        for (const char *const *name = route->args; *name; name++)
            zmsg_addstr (request, s_argument (exchange, *name));
    json_decref (members);
    if (refused) {
        zmsg_destroy (&request);
        return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, refused);
    }
    //  Content comes through a spool file made here, which the node fills
    //  (IMI_CONTROL_SPOOLED, s_content)
    if (route->flags & S_RAW) {
        exchange->download_fd = imi_spool_create (self->data_dir, exchange->download);
        if (exchange->download_fd < 0) {
            *exchange->download = 0;
            zmsg_destroy (&request);
            return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE, imi_error_last ());
        }
        zmsg_pushstr (request, exchange->download);
        zmsg_pushstr (request, IMI_CONTROL_SPOOLED);
    }
    return s_forward (self, exchange, &request, NULL);
}


//  The client's IP address as text ("" if unknown).
static void
s_client_address (s_exchange_t *exchange, char *text, size_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info (exchange->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *address = info? info->client_addr: NULL;
    if (address && address->sa_family == AF_INET)
        inet_ntop (AF_INET, &((const struct sockaddr_in *) address)->sin_addr, text,
                   (socklen_t) size);
    else
    if (address && address->sa_family == AF_INET6)
        inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) address)->sin6_addr, text,
                   (socklen_t) size);
}

//  POST /api/v1/login {name, password}: the session in a cookie, the CSRF
//  token in the body.
static enum MHD_Result
s_login_result (imi_http_t *self, s_exchange_t *exchange, const char *status, const char *json)
{
    (void) status;
    json_t *value = json_loads (json, 0, NULL);
    const char *token = json_string_value (json_object_get (value, "token"));
    enum MHD_Result rc;
    if (!token)
        rc = s_problem (self, exchange, MHD_HTTP_INTERNAL_SERVER_ERROR,
                        "the node's answer has no session");
    else {
        char cookie [256], csrf [2 * S_CSRF_BYTES + 1];
        snprintf (cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", S_COOKIE,
                  token, self->tls? "; Secure": "");
        s_csrf_token (token, csrf);
        rc = s_json (self, exchange, MHD_HTTP_OK, json_pack ("{s:s}", "csrf_token", csrf),
                     cookie);
        sodium_memzero (cookie, sizeof cookie);
    }
    if (token)
        sodium_memzero ((char *) token, strlen (token));
    json_decref (value);
    return rc;
}

//  A refusal counts against the address; a success does not clear it (one
//  valid account must not let an address guess others').
static enum MHD_Result
s_login_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    enum MHD_Result rc = s_forward_finish (self, exchange, reply);
    if (exchange->code == MHD_HTTP_UNAUTHORIZED) {
        char address [INET6_ADDRSTRLEN] = "";
        s_client_address (exchange, address, sizeof address);
        pthread_mutex_lock (&self->lock);
        imi_throttle_failed (self->login_failures, address, zclock_time ());
        pthread_mutex_unlock (&self->lock);
    }
    return rc;
}

static enum MHD_Result
s_login (imi_http_t *self, s_exchange_t *exchange)
{
    json_t *body;
    enum MHD_Result rc = MHD_YES;
    if (!s_body_object (self, exchange, &body, &rc))
        return rc;
    const char *name = json_string_value (json_object_get (body, "name"));
    const char *password = json_string_value (json_object_get (body, "password"));
    char address [INET6_ADDRSTRLEN] = "";
    s_client_address (exchange, address, sizeof address);
    pthread_mutex_lock (&self->lock);
    int64_t wait_ms = imi_throttle_wait (self->login_failures, address, zclock_time ());
    pthread_mutex_unlock (&self->lock);
    if (!name || !password || json_object_size (body) != 2)
        rc = s_problem (self, exchange, MHD_HTTP_UNPROCESSABLE_CONTENT,
                        "login takes {\"name\": \"...\", \"password\": \"...\"}");
    else
    if (wait_ms > 0) {
        snprintf (exchange->retry_after, sizeof exchange->retry_after, "%lld",
                  (long long) (wait_ms + 999) / 1000);
        char detail [128];
        snprintf (detail, sizeof detail, "too many failed logins from this address: try "
                  "again in %s s", exchange->retry_after);
        rc = s_problem (self, exchange, MHD_HTTP_TOO_MANY_REQUESTS, detail);
    }
    else {
        zmsg_t *request = zmsg_new ();
        zmsg_addstr (request, "login");
        zmsg_addstr (request, "-");
        zmsg_addstr (request, name);
        zmsg_addstr (request, password);
        exchange->result = s_login_result;
        rc = s_defer (self, exchange, &request, s_login_finish);
    }
    if (password)
        sodium_memzero ((char *) password, strlen (password));
    json_decref (body);
    return rc;
}

//  The Set-Cookie value that clears cookie name (on path).
static void
s_cookie_clear (imi_http_t *self, const char *name, const char *path, char *cookie, size_t size)
{
    snprintf (cookie, size, "%s=; Path=%s; Max-Age=0; HttpOnly; SameSite=%s%s", name, path,
              strcmp (name, S_COOKIE) == 0? "Strict": "Lax", self->tls? "; Secure": "");
}

//  POST /api/v1/logout: the session ends, the cookie is cleared. A session
//  the identity provider opened: 200 {redirect}, the provider's logout
//  page (the browser goes there to end the person's session there too);
//  else 204.
static enum MHD_Result
s_logout_result (imi_http_t *self, s_exchange_t *exchange, const char *status, const char *json)
{
    (void) status;
    char cookie [128];
    s_cookie_clear (self, S_COOKIE, "/", cookie, sizeof cookie);
    json_t *value = json_loads (json, 0, NULL);
    const char *id_token = json_string_value (json_object_get (value, "id_token"));
    char *redirect = id_token && self->oidc? imi_oidc_logout_url (self->oidc, id_token): NULL;
    json_decref (value);
    enum MHD_Result rc = redirect
        ? s_json (self, exchange, MHD_HTTP_OK, json_pack ("{s:s}", "redirect", redirect), cookie)
        : s_queue (self, exchange, MHD_HTTP_NO_CONTENT, NULL, NULL, cookie);
    zstr_free (&redirect);
    return rc;
}

static enum MHD_Result
s_logout (imi_http_t *self, s_exchange_t *exchange)
{
    zmsg_t *request = s_request (exchange, "logout");
    zmsg_addstr (request, s_token (exchange));
    return s_forward (self, exchange, &request, s_logout_result);
}

//  GET /api/v1/csrf: the session's CSRF token, as login answers it (a
//  session the identity provider opened got no login answer, and a new
//  tab has none): {csrf_token}, null with an API key (it needs none). The
//  loop checks the session (whoami) first.
static enum MHD_Result
s_csrf_result (imi_http_t *self, s_exchange_t *exchange, const char *status, const char *json)
{
    (void) status;
    (void) json;
    char csrf [2 * S_CSRF_BYTES + 1];
    s_csrf_token (s_token (exchange), csrf);
    return s_json (self, exchange, MHD_HTTP_OK,
                   json_pack ("{s:s?}", "csrf_token", s_bearer (exchange)? NULL: csrf), NULL);
}

static enum MHD_Result
s_csrf (imi_http_t *self, s_exchange_t *exchange)
{
    enum MHD_Result rc = MHD_YES;
    if (!s_arguments_none (self, exchange, &rc))
        return rc;
    zmsg_t *request = s_request (exchange, "whoami");
    return s_forward (self, exchange, &request, s_csrf_result);
}

//  ---------------------------------------------------------------------------
//  Signing in through an identity provider (imi_oidc.h)
//
//  GET /api/v1/login/oidc?next=PATH sends the browser to the provider,
//  with the sign-in's state in a cookie of ours (SameSite=Lax: it comes
//  back with the provider's redirect, a top-level navigation); the
//  provider sends it back to /api/v1/login/oidc/callback, where the code
//  is exchanged and the ID token checked (imi_oidc_finish, on a waiter
//  thread: the pool's threads never wait for the provider), then the loop
//  opens a session for the user linked to the person
//  (login-oidc) or refuses. Either way the browser goes on to a page of
//  the web application: PATH, signed in, or /signin?oidc_error=REASON,
//  which says what happened in the person's language. What the loop must
//  log (refusals, the provider going down or up) is sent to it
//  (oidc-event): nothing here logs.

//  Tell the loop (request consumed) something it only logs; its answer
//  is not waited for beyond the usual time, and not needed.
static void
s_tell (imi_http_t *self, zmsg_t **request_p)
{
    zmsg_t *reply = s_ask (self, request_p, self->answer_timeout_ms);
    zmsg_destroy (&reply);
}

//  An oidc-event for the loop's log: event, detail.
static void
s_oidc_event (imi_http_t *self, const char *event, const char *detail)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "oidc-event");
    zmsg_addstr (request, "-");
    zmsg_addstr (request, event);
    zmsg_addstr (request, detail);
    s_tell (self, &request);
}

//  If the provider went down or came back since the last look, the loop
//  logs it.
static void
s_oidc_provider_report (imi_http_t *self)
{
    bool up;
    char detail [300];
    if (imi_oidc_provider_changed (self->oidc, &up, detail, sizeof detail))
        s_oidc_event (self, up? "provider_up": "provider_down", detail);
}

//  Answer with a redirect (303) to location, setting cookie and also (if
//  not NULL) second.
static enum MHD_Result
s_redirect (imi_http_t *self, s_exchange_t *exchange, const char *location, const char *cookie,
            const char *second)
{
    struct MHD_Response *response = MHD_create_response_from_buffer (0, (void *) "",
                                                                     MHD_RESPMEM_PERSISTENT);
    if (response) {
        MHD_add_response_header (response, MHD_HTTP_HEADER_LOCATION, location);
        if (second)
            MHD_add_response_header (response, MHD_HTTP_HEADER_SET_COOKIE, second);
    }
    return s_queue_response (self, exchange, MHD_HTTP_SEE_OTHER, NULL, response, cookie);
}

//  A sign-in's work on a waiter thread: what it read of the request, and
//  the redirect it answers with.
struct _s_oidc_work_t {
    char *next, *state, *cookie_state, *code, *error;   //  the request's (NULL: absent)
    char *location, *cookie, *second;   //  the redirect: where, and the cookies it sets
    char *not_ready;                    //  /health/ready: why the provider is unusable
};

static void
s_oidc_work_destroy (s_oidc_work_t **self_p)
{
    s_oidc_work_t *self = *self_p;
    if (self) {
        char *texts [] = { self->next, self->state, self->cookie_state, self->code, self->error,
                           self->location, self->cookie, self->second, self->not_ready };
        for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++)
            if (texts [index]) {
                sodium_memzero (texts [index], strlen (texts [index]));
                free (texts [index]);
            }
        free (self);
        *self_p = NULL;
    }
}

//  A copy of text, or NULL if text is NULL.
static char *
s_copy (const char *text)
{
    return text? strdup (text): NULL;
}

//  A sign-in's work for exchange, with what it reads of the request (the
//  argument names, a cookie's name; NULL: none). NULL if out of memory.
static s_oidc_work_t *
s_oidc_work_new (s_exchange_t *exchange, const char *const *arguments, const char *cookie)
{
    s_oidc_work_t *work = calloc (1, sizeof *work);
    if (!work)
        return NULL;
    char **fields [] = { &work->next, &work->state, &work->code, &work->error };
    const char *names [] = { "next", "state", "code", "error" };
    for (const char *const *argument = arguments; argument && *argument; argument++)
        for (size_t index = 0; index < sizeof names / sizeof names [0]; index++)
            if (strcmp (*argument, names [index]) == 0)
                *fields [index] = s_copy (MHD_lookup_connection_value (exchange->connection,
                                                                       MHD_GET_ARGUMENT_KIND,
                                                                       *argument));
    if (cookie)
        work->cookie_state = s_copy (MHD_lookup_connection_value (exchange->connection,
                                                                  MHD_COOKIE_KIND, cookie));
    exchange->oidc = work;
    return work;
}

//  The sign-in page saying why the sign-in failed (reason, an imi_oidc
//  outcome's name or the loop's: unlinked, disabled, node), with reference
//  (the person's subject, for an administrator to link; NULL: none), the
//  sign-in's cookie cleared: the work's redirect.
static void
s_oidc_refused (imi_http_t *self, s_oidc_work_t *work, const char *reason, const char *reference)
{
    char cookie [128], location [IMI_OIDC_VALUE_MAX * 3 + 80];
    s_cookie_clear (self, S_OIDC_COOKIE, S_OIDC_PATH, cookie, sizeof cookie);
    char *escaped = reference? curl_easy_escape (NULL, reference, 0): NULL;
    snprintf (location, sizeof location, "/signin?oidc_error=%s%s%s", reason,
              escaped? "&reference=": "", escaped? escaped: "");
    curl_free (escaped);
    work->location = strdup (location);
    work->cookie = strdup (cookie);
}

//  A sign-in's answer: the redirect its work made.
static enum MHD_Result
s_oidc_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    (void) reply;
    s_oidc_work_t *work = exchange->oidc;
    if (!work->location)
        return MHD_NO;                  //  out of memory
    return s_redirect (self, exchange, work->location, work->cookie, work->second);
}

//  GET /api/v1/login/methods: how people sign in here (no session needed:
//  the sign-in page asks). {password, oidc: {name, start} or null}
static enum MHD_Result
s_login_methods (imi_http_t *self, s_exchange_t *exchange)
{
    enum MHD_Result rc = MHD_YES;
    if (!s_arguments_none (self, exchange, &rc))
        return rc;
    json_t *oidc = self->oidc? json_pack ("{s:s, s:s}", "name",
                                          imi_oidc_provider_name (self->oidc), "start",
                                          S_OIDC_PATH): json_null ();
    return s_json (self, exchange, MHD_HTTP_OK,
                   json_pack ("{s:b, s:o}", "password", self->password_login, "oidc", oidc),
                   NULL);
}

static enum MHD_Result
s_oidc_off (imi_http_t *self, s_exchange_t *exchange)
{
    return s_problem (self, exchange, MHD_HTTP_NOT_FOUND, "this node has no identity provider "
                      "to sign in with (oidc_issuer)");
}

//  GET /api/v1/login/oidc?next=PATH: to the provider (its discovery
//  document may be fetched first: on a waiter).
static void
s_oidc_begin_work (imi_http_t *self, s_exchange_t *exchange)
{
    s_oidc_work_t *work = exchange->oidc;
    char *url = NULL, state [IMI_OIDC_STATE_CHARS + 1];
    int begun = imi_oidc_begin (self->oidc, work->next, &url, state);
    s_oidc_provider_report (self);
    if (begun) {
        s_oidc_event (self, "refused:provider", imi_error_last ());
        s_oidc_refused (self, work, "provider", NULL);
        return;
    }
    char cookie [160];
    snprintf (cookie, sizeof cookie, "%s=%s; Path=%s; Max-Age=%lld; HttpOnly; SameSite=Lax%s",
              S_OIDC_COOKIE, state, S_OIDC_PATH, IMI_OIDC_PENDING_MS / 1000,
              self->tls? "; Secure": "");
    work->location = url;
    work->cookie = strdup (cookie);
}

static enum MHD_Result
s_oidc_begin (imi_http_t *self, s_exchange_t *exchange)
{
    static const char *const allowed [] = { "next", NULL };
    enum MHD_Result rc = MHD_YES;
    if (!self->oidc)
        return s_oidc_off (self, exchange);
    if (!s_arguments_ok (self, exchange, allowed, &rc))
        return rc;
    if (!s_oidc_work_new (exchange, allowed, NULL))
        return MHD_NO;
    return s_defer_work (self, exchange, s_oidc_begin_work, s_oidc_finish);
}

//  GET /api/v1/login/oidc/callback?state=S&code=C (or error=E): back from
//  the provider. Its query is the provider's to shape (session_state, iss,
//  error_description ...): only state, code and error are read. The code
//  is exchanged and the ID token checked on a waiter (imi_oidc_finish).
static void
s_oidc_callback_work (imi_http_t *self, s_exchange_t *exchange)
{
    s_oidc_work_t *work = exchange->oidc;
    imi_oidc_result_t result;
    imi_oidc_finish (self->oidc, work->state, work->cookie_state, work->code, work->error,
                     &result);
    s_oidc_provider_report (self);
    if (result.outcome != IMI_OIDC_OK) {
        char event [32];
        snprintf (event, sizeof event, "refused:%s", imi_oidc_outcome_name (result.outcome));
        s_oidc_event (self, event, result.reason);
        s_oidc_refused (self, work, imi_oidc_outcome_name (result.outcome), NULL);
        return;
    }
    //  Who the person is, the provider said; whether they may sign in, and
    //  as whom, is the users table's
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "login-oidc");
    zmsg_addstr (request, "-");
    zmsg_addstr (request, result.value);
    zmsg_addstr (request, result.id_token);
    imi_oidc_result_clear (&result);
    char *status, *line;
    json_t *value = s_ask_json (self, &request, &status, &line);
    const char *token = json_string_value (json_object_get (value, "token"));
    if (token) {
        char cookie [256], cleared [128];
        snprintf (cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", S_COOKIE,
                  token, self->tls? "; Secure": "");
        s_cookie_clear (self, S_OIDC_COOKIE, S_OIDC_PATH, cleared, sizeof cleared);
        work->location = strdup (result.next);
        work->cookie = strdup (cookie);
        work->second = strdup (cleared);
        sodium_memzero (cookie, sizeof cookie);
        sodium_memzero ((char *) token, strlen (token));
    }
    else
    if (status && s_code (status) == MHD_HTTP_NOT_FOUND)
        s_oidc_refused (self, work, "unlinked", result.value);
    else
    if (status && s_code (status) == MHD_HTTP_FORBIDDEN)
        s_oidc_refused (self, work, "disabled", NULL);
    else
        s_oidc_refused (self, work, "node", NULL);
    json_decref (value);
    if (line)
        sodium_memzero (line, strlen (line));
    zstr_free (&line);
    zstr_free (&status);
}

static enum MHD_Result
s_oidc_callback (imi_http_t *self, s_exchange_t *exchange)
{
    static const char *const read [] = { "state", "code", "error", NULL };
    if (!self->oidc)
        return s_oidc_off (self, exchange);
    if (!s_oidc_work_new (exchange, read, S_OIDC_COOKIE))
        return MHD_NO;
    return s_defer_work (self, exchange, s_oidc_callback_work, s_oidc_finish);
}

//  ---------------------------------------------------------------------------
//  The event stream: GET /api/v1/events as Server-Sent Events
//
//  A stream is a response whose content reader asks the loop for the events
//  after its cursor (the control command events, with the session token,
//  so a session that ends ends the stream) and writes them as SSE; with
//  none to write it suspends its connection (no thread waits, no busy
//  loop). The notifier thread asks the loop once a second for the feed's
//  head (events-head: one request for all streams) and resumes the
//  suspended streams when it moved, and each stream silent for
//  S_STREAM_KEEPALIVE_MS to write a comment line (proxies close silent
//  connections). Suspended connections do not time out.

struct _s_stream_t {
    imi_http_t *self;
    struct MHD_Connection *connection;
    char token [132];               //  the session's
    int64_t cursor;                 //  the last event read (-1: from now on)
    char *pending;                  //  SSE text not yet written
    size_t pending_size, pending_sent;
    int64_t written_ms;             //  when a line was last written (monotonic)
    bool suspended, ended;
    s_stream_t *next;
};

//  Append text to the stream's pending text. false if out of memory.
static bool
s_stream_append (s_stream_t *stream, const char *text)
{
    size_t size = strlen (text);
    char *pending = realloc (stream->pending, stream->pending_size + size + 1);
    if (!pending)
        return false;
    memcpy (pending + stream->pending_size, text, size + 1);
    stream->pending = pending;
    stream->pending_size += size;
    return true;
}

//  Ask the loop for the events after the cursor; each becomes an SSE event
//  (id, event: its kind, data: the JSON). A refusal (the session ended)
//  ends the stream after an "event: end" saying why.
static void
s_stream_fill (s_stream_t *stream)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "events");
    zmsg_addstr (request, stream->token);
    if (stream->cursor < 0)
        zmsg_addstr (request, "-");
    else
        zmsg_addstrf (request, "%lld", (long long) stream->cursor);
    zmsg_addstr (request, "-");
    zmsg_t *reply = s_ask (stream->self, &request, stream->self->answer_timeout_ms);
    if (!reply)
        return;                     //  the loop is busy: the next wake tries again
    char *status = zmsg_popstr (reply);
    char *line = zmsg_popstr (reply);
    zmsg_destroy (&reply);
    json_t *value = status && strcmp (status, IMI_CONTROL_OK) == 0 && line
                  ? json_loads (line, 0, NULL): NULL;
    if (!value) {
        json_t *end = json_pack ("{s:s}", "detail", line? line: "the node answered no data");
        char *text = imi_lines_json (end);
        if (!text || !s_stream_append (stream, "event: end\ndata: ")
        ||  !s_stream_append (stream, text) || !s_stream_append (stream, "\n\n"))
            stream->pending_size = stream->pending_sent;
        free (text);
        json_decref (end);
        stream->ended = true;
    }
    else {
        size_t index;
        json_t *event;
        json_array_foreach (json_object_get (value, "events"), index, event) {
            char *data = imi_lines_json (event);
            char head [96];
            snprintf (head, sizeof head, "id: %" JSON_INTEGER_FORMAT "\nevent: %s\ndata: ",
                      json_integer_value (json_object_get (event, "id")),
                      json_string_value (json_object_get (event, "kind")));
            if (!data || !s_stream_append (stream, head) || !s_stream_append (stream, data)
            ||  !s_stream_append (stream, "\n\n"))
                stream->ended = true;
            free (data);
        }
        if (json_is_true (json_object_get (value, "gap")))
            stream->ended = stream->ended
                         || !s_stream_append (stream, "event: gap\ndata: {}\n\n");
        stream->cursor = json_integer_value (json_object_get (value, "next_cursor"));
    }
    json_decref (value);
    zstr_free (&status);
    zstr_free (&line);
}

//  libmicrohttpd asks for the next bytes of the stream.
static ssize_t
s_stream_read (void *context, uint64_t position, char *buffer, size_t size)
{
    (void) position;
    s_stream_t *stream = (s_stream_t *) context;
    imi_http_t *self = stream->self;
    if (atomic_load (&self->stopping))
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (stream->pending_sent == stream->pending_size && !stream->ended) {
        stream->pending_sent = stream->pending_size = 0;
        s_stream_fill (stream);
        if (stream->pending_size == 0 && !stream->ended
        &&  zclock_mono () - stream->written_ms >= S_STREAM_KEEPALIVE_MS)
            s_stream_append (stream, ": keep-alive\n\n");
    }
    size_t left = stream->pending_size - stream->pending_sent;
    if (left) {
        size_t count = left < size? left: size;
        memcpy (buffer, stream->pending + stream->pending_sent, count);
        stream->pending_sent += count;
        stream->written_ms = zclock_mono ();
        return (ssize_t) count;
    }
    if (stream->ended)
        return MHD_CONTENT_READER_END_OF_STREAM;
    pthread_mutex_lock (&self->lock);
    bool stopping = atomic_load (&self->stopping);
    if (!stopping) {
        MHD_suspend_connection (stream->connection);
        stream->suspended = true;
    }
    pthread_mutex_unlock (&self->lock);
    return stopping? MHD_CONTENT_READER_END_OF_STREAM: 0;
}

//  The stream's response is gone (the connection closed).
static void
s_stream_free (void *context)
{
    s_stream_t *stream = (s_stream_t *) context;
    imi_http_t *self = stream->self;
    pthread_mutex_lock (&self->lock);
    for (s_stream_t **link = &self->streams; *link; link = &(*link)->next)
        if (*link == stream) {
            *link = stream->next;
            break;
        }
    pthread_mutex_unlock (&self->lock);
    sodium_memzero (stream->token, sizeof stream->token);
    free (stream->pending);
    free (stream);
}

//  Resume the suspended streams: all of them, or those silent too long.
static void
s_streams_wake (imi_http_t *self, bool all)
{
    int64_t now = zclock_mono ();
    pthread_mutex_lock (&self->lock);
    for (s_stream_t *stream = self->streams; stream; stream = stream->next)
        if (stream->suspended && (all || now - stream->written_ms >= S_STREAM_KEEPALIVE_MS)) {
            stream->suspended = false;
            MHD_resume_connection (stream->connection);
        }
    pthread_mutex_unlock (&self->lock);
}

//  The notifier thread: once every S_STREAM_WAKE_MS, the feed's head.
static void *
s_notifier (void *context)
{
    imi_http_t *self = (imi_http_t *) context;
    long long head = -1;
    while (!atomic_load (&self->stopping)) {
        for (int slice = 0; slice < 10 && !atomic_load (&self->stopping); slice++)
            zclock_sleep (S_STREAM_WAKE_MS / 10);
        pthread_mutex_lock (&self->lock);
        bool any = self->streams != NULL;
        pthread_mutex_unlock (&self->lock);
        if (!any || atomic_load (&self->stopping))
            continue;
        zmsg_t *request = zmsg_new ();
        zmsg_addstr (request, "events-head");
        zmsg_addstr (request, "-");
        char *status, *line;
        json_t *value = s_ask_json (self, &request, &status, &line);
        long long now_head = value? (long long) json_integer_value (json_object_get (value,
                                                                                    "head"))
                                  : head;
        s_streams_wake (self, now_head != head);
        head = now_head;
        json_decref (value);
        zstr_free (&status);
        zstr_free (&line);
    }
    return NULL;
}

//  GET /api/v1/events: with Accept: text/event-stream, the stream
//  (Last-Event-ID or ?cursor= where to start; none: from now on); else one
//  page as JSON ({events, next_cursor, gap}), for clients that long-poll.
static enum MHD_Result
s_events (imi_http_t *self, s_exchange_t *exchange)
{
    const char *accept = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_ACCEPT);
    if (!accept || !strstr (accept, "text/event-stream"))
        return s_command (self, exchange);
    enum MHD_Result rc = MHD_YES;
    if (!s_arguments_ok (self, exchange, exchange->route->args, &rc))
        return rc;
    const char *token = s_token (exchange);
    const char *last = MHD_lookup_connection_value (exchange->connection, MHD_HEADER_KIND,
                                                    "Last-Event-ID");
    const char *start = last? last: MHD_lookup_connection_value (exchange->connection,
                                                                MHD_GET_ARGUMENT_KIND, "cursor");
    if (start && (!*start || strlen (start) > 18 || strspn (start, "0123456789") != strlen (start)))
        return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST,
                          "Last-Event-ID (or cursor) must be an event id, a whole number");
    s_stream_t *stream = calloc (1, sizeof *stream);
    if (!stream)
        return MHD_NO;
    stream->self = self;
    stream->connection = exchange->connection;
    snprintf (stream->token, sizeof stream->token, "%s", token);
    stream->cursor = start? strtoll (start, NULL, 10): -1;
    stream->written_ms = zclock_mono ();
    //  The session is checked before the stream opens: a refusal is a
    //  problem document, not a stream.
    s_stream_fill (stream);
    if (stream->ended) {
        free (stream->pending);
        free (stream);
        return s_problem (self, exchange, MHD_HTTP_UNAUTHORIZED,
                          "not logged in or session expired");
    }
    s_stream_append (stream, "retry: 3000\n: the events of your reach follow\n\n");
    struct MHD_Response *response =
        MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, 4096, s_stream_read, stream,
                                           s_stream_free);
    if (!response) {
        free (stream->pending);
        free (stream);
        return MHD_NO;
    }
    pthread_mutex_lock (&self->lock);
    stream->next = self->streams;
    self->streams = stream;
    pthread_mutex_unlock (&self->lock);
    return s_queue_response (self, exchange, MHD_HTTP_OK, "text/event-stream", response, NULL);
}

//  GET /health/live: the loop answers (whatever it says).
static enum MHD_Result
s_live_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    if (!reply)
        return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "the node's loop did not answer in time");
    return s_json (self, exchange, MHD_HTTP_OK, json_pack ("{s:s}", "status", "live"), NULL);
}

static enum MHD_Result
s_live (imi_http_t *self, s_exchange_t *exchange)
{
    zmsg_t *request = s_request (exchange, "health");
    return s_defer (self, exchange, &request, s_live_finish);
}

//  GET /health/ready: imictl health's answer; 503 unless healthy, the body
//  saying why.
static enum MHD_Result
s_ready_result (imi_http_t *self, s_exchange_t *exchange, const char *status, const char *json)
{
    return s_queue (self, exchange, strcmp (status, IMI_CONTROL_OK) == 0
                                    ? MHD_HTTP_OK: MHD_HTTP_SERVICE_UNAVAILABLE,
                    "application/json", json, NULL);
}

//  The identity provider, if there is one, is checked here, on this
//  thread (the loop never calls out): unusable, it is one more degraded
//  check of the loop's answer, oidc_provider.
static enum MHD_Result
s_ready_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    char *status = reply? zmsg_popstr (reply): NULL;
    char *line = reply? zmsg_popstr (reply): NULL;
    const char *not_ready = exchange->oidc? exchange->oidc->not_ready: NULL;
    json_t *health = status && s_code (status) == MHD_HTTP_OK && line && not_ready
                   ? json_loads (line, 0, NULL): NULL;
    enum MHD_Result rc;
    if (health) {
        json_array_append_new (json_object_get (health, "degraded"),
                               json_pack ("{s:s, s:s}", "check", "oidc_provider",
                                          "detail", not_ready));
        json_object_set_new (health, "healthy", json_false ());
        char *text = imi_lines_json (health);
        rc = text? s_queue (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json",
                            text, NULL): MHD_NO;
        free (text);
        json_decref (health);
    }
    else
    if (status && s_code (status) == MHD_HTTP_OK)
        rc = s_ready_result (self, exchange, status, line? line: "{}");
    else
        rc = s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE,
                        line? line: "the node did not answer in time");
    zstr_free (&status);
    zstr_free (&line);
    return rc;
}

//  The loop's health, and the identity provider's (a look at it may fetch
//  its discovery document), on a waiter.
static void
s_ready_work (imi_http_t *self, s_exchange_t *exchange)
{
    s_work_ask (self, exchange);
    char detail [300];
    if (self->oidc && !imi_oidc_ready (self->oidc, detail, sizeof detail)
    &&  (exchange->oidc = calloc (1, sizeof *exchange->oidc)))
        exchange->oidc->not_ready = strdup (detail);
    if (self->oidc)
        s_oidc_provider_report (self);
}

static enum MHD_Result
s_ready (imi_http_t *self, s_exchange_t *exchange)
{
    exchange->request = s_request (exchange, "health");
    return s_defer_work (self, exchange, s_ready_work, s_ready_finish);
}

//  GET /metrics: imictl metrics, then the build and the HTTP requests
//  (Prometheus text format).
static enum MHD_Result
s_metrics_finish (imi_http_t *self, s_exchange_t *exchange, zmsg_t *reply)
{
    char *status = reply? zmsg_popstr (reply): NULL;
    if (!status || strcmp (status, IMI_CONTROL_OK) != 0) {
        char *line = reply? zmsg_popstr (reply): NULL;
        enum MHD_Result rc = s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE,
                                        line? line: "the node did not answer in time");
        zstr_free (&line);
        zstr_free (&status);
        return rc;
    }
    zstr_free (&status);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    if (!out)
        return MHD_NO;
    char *line;
    while ((line = zmsg_popstr (reply))) {
        fprintf (out, "%s\n", line);
        zstr_free (&line);
    }
    fprintf (out, "# HELP imi_build_info the node's release and source revision\n"
                  "# TYPE imi_build_info gauge\n"
                  "imi_build_info{state=\"%s\",version=\"%s\",revision=\"%s\"} 1\n",
             self->state, imi_version_release (), imi_version_revision ());
    fprintf (out, "# HELP imi_http_requests_total HTTP requests answered, by route and status\n"
                  "# TYPE imi_http_requests_total counter\n");
    for (size_t route = 0; route < S_ROUTES; route++)
        for (size_t code = 0; code < S_CODES; code++) {
            unsigned long long count = atomic_load (&self->requests [route * S_CODES + code]);
            if (count)
                fprintf (out, "imi_http_requests_total{state=\"%s\",route=\"%s\","
                              "status=\"%u\"} %llu\n", self->state, s_routes [route].pattern,
                         s_codes [code], count);
        }
    fprintf (out, "# HELP imi_http_request_duration_seconds time from a request's headers to "
                  "its answer, by route\n"
                  "# TYPE imi_http_request_duration_seconds histogram\n");
    for (size_t route = 0; route < S_ROUTES; route++) {
        unsigned long long cumulative = 0, total = 0;
        for (size_t bucket = 0; bucket < S_BUCKETS; bucket++)
            total += atomic_load (&self->latency [route * S_BUCKETS + bucket]);
        if (!total)
            continue;           //  a route never asked has no series
        for (size_t bucket = 0; bucket < S_BUCKETS; bucket++) {
            cumulative += atomic_load (&self->latency [route * S_BUCKETS + bucket]);
            char bound [16];
            if (bucket < S_BUCKETS - 1)
                snprintf (bound, sizeof bound, "%g", s_buckets [bucket]);
            else
                snprintf (bound, sizeof bound, "+Inf");
            fprintf (out, "imi_http_request_duration_seconds_bucket{state=\"%s\",route=\"%s\","
                          "le=\"%s\"} %llu\n", self->state, s_routes [route].pattern, bound,
                     cumulative);
        }
        fprintf (out, "imi_http_request_duration_seconds_sum{state=\"%s\",route=\"%s\"} %.6f\n"
                      "imi_http_request_duration_seconds_count{state=\"%s\",route=\"%s\"} "
                      "%llu\n", self->state, s_routes [route].pattern,
                 atomic_load (&self->latency_sum_us [route]) / 1e6, self->state,
                 s_routes [route].pattern, cumulative);
    }
    fclose (out);
    enum MHD_Result rc = s_queue (self, exchange, MHD_HTTP_OK,
                                  "text/plain; version=0.0.4; charset=utf-8", text, NULL);
    free (text);
    return rc;
}

static enum MHD_Result
s_metrics (imi_http_t *self, s_exchange_t *exchange)
{
    zmsg_t *request = s_request (exchange, "metrics");
    return s_defer (self, exchange, &request, s_metrics_finish);
}

//  GET /api/v1/openapi.json: the routes' OpenAPI document, docs/openapi.json
//  as built in (imi_openapi.h). No session: it is the API's contract.
static enum MHD_Result
s_openapi (imi_http_t *self, s_exchange_t *exchange)
{
    enum MHD_Result rc = MHD_YES;
    if (!s_arguments_none (self, exchange, &rc))
        return rc;
    return s_queue_response (self, exchange, MHD_HTTP_OK, "application/json",
                             MHD_create_response_from_buffer (imi_openapi_json_size,
                                                              (void *) imi_openapi_json,
                                                              MHD_RESPMEM_PERSISTENT), NULL);
}

//  GET /, a page, /app/...: the web application's file (imi_web.h), the
//  path being the exchange's one value.
static enum MHD_Result
s_web (imi_http_t *self, s_exchange_t *exchange)
{
    unsigned code;
    const char *reason;
    const char *if_none_match = MHD_lookup_connection_value (exchange->connection,
                                                             MHD_HEADER_KIND,
                                                             MHD_HTTP_HEADER_IF_NONE_MATCH);
    struct MHD_Response *response = imi_web_response (self->web, exchange->values [0],
                                                      if_none_match, &code, &reason);
    return response? s_queue_response (self, exchange, code, NULL, response, NULL)
                   : s_problem (self, exchange, code, reason);
}

//  Does url match pattern, segment by segment ("{name}" matching one
//  non-empty value)? If values is not NULL, the values into it (copies).
static bool
s_pattern_match (const char *pattern, const char *url, char **values, size_t *count)
{
    size_t found = 0;
    while (*pattern && *url) {
        if (*pattern++ != '/' || *url++ != '/')
            return false;
        size_t pattern_size = strcspn (pattern, "/");
        size_t url_size = strcspn (url, "/");
        if (*pattern == '{') {
            if (url_size == 0 || found == S_VALUES_MAX)
                return false;
            if (values && !(values [found] = strndup (url, url_size)))
                return false;
            found++;
            if (count)
                *count = found;
        }
        else
        if (pattern_size != url_size || memcmp (pattern, url, url_size) != 0)
            return false;
        pattern += pattern_size;
        url += url_size;
    }
    return *pattern == 0 && *url == 0;
}

//  The route of url and method into exchange (route, values); if only the
//  method differs, the pattern's first route and the methods it takes; NULL
//  if no route has the path. -1 if out of memory.
static int
s_route_find (s_exchange_t *exchange, s_serves_t serves, const char *url, const char *method)
{
    exchange->route = NULL;
    for (const s_route_t *route = s_routes + 1; route->pattern; route++) {
        bool monitoring = (route->flags & S_MONITOR) != 0;
        if ((serves == S_SERVES_API && monitoring) || (serves == S_SERVES_MONITOR && !monitoring))
            continue;
        if (!s_pattern_match (route->pattern, url, NULL, NULL))
            continue;
        if (!exchange->route)
            exchange->route = route;
        size_t used = strlen (exchange->allow);
        snprintf (exchange->allow + used, sizeof exchange->allow - used, "%s%s",
                  used? ", ": "", route->method);
        if (strcmp (method, route->method) == 0) {
            exchange->route = route;
            exchange->method_allowed = true;
            return s_pattern_match (route->pattern, url, exchange->values,
                                    &exchange->value_count)? 0: -1;
        }
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  libmicrohttpd's callbacks

static enum MHD_Result
s_too_large (imi_http_t *self, s_exchange_t *exchange)
{
    char detail [64];
    snprintf (detail, sizeof detail, "the body is larger than %zu bytes", exchange->limit);
    return s_problem (self, exchange, MHD_HTTP_CONTENT_TOO_LARGE, detail);
}

//  Reserve bytes (a form's length, or its limit if it comes chunked) of
//  the spool forms being received may take at once (http_uploads_max_mb):
//  true if there is room, or if no form is held (one is always taken).
static bool
s_upload_reserve (imi_http_t *self, s_exchange_t *exchange, size_t bytes)
{
    size_t held = atomic_load (&self->uploads);
    do
        if (held && held + bytes > self->uploads_max)
            return false;
    while (!atomic_compare_exchange_weak (&self->uploads, &held, held + bytes));
    exchange->reserved = bytes;
    return true;
}

static enum MHD_Result
s_answer (void *context, struct MHD_Connection *connection, const char *url, const char *method,
          const char *version, const char *upload_data, size_t *upload_data_size,
          void **request_p)
{
    (void) version;
    s_server_t *server = (s_server_t *) context;
    imi_http_t *self = server->self;
    //  libmicrohttpd's threads are its own: lowered at their first request
    //  (nothing here logs; see imi_thread_lower)
    static __thread bool lowered;
    if (!lowered) {
        lowered = true;
        (void) imi_thread_lower ();
    }
    s_exchange_t *exchange = (s_exchange_t *) *request_p;
    if (atomic_load (&self->stopping))
        return MHD_NO;                  //  the node is stopping: the connection closes
    if (!exchange) {
        //  The first call, with the headers: check what needs no body.
        exchange = calloc (1, sizeof *exchange);
        if (!exchange)
            return MHD_NO;
        *request_p = exchange;
        exchange->self = self;
        exchange->connection = connection;
        exchange->download_fd = -1;
        exchange->started_us = zclock_usecs ();
        if (s_route_find (exchange, server->serves, url, method))
            return MHD_NO;
        if (!exchange->route && self->web && server->serves != S_SERVES_MONITOR
        &&  imi_web_owns (url, method)) {
            exchange->route = &s_routes [S_WEB_ROUTE];
            exchange->method_allowed = true;
            if (!(exchange->values [0] = strdup (url)))
                return MHD_NO;
            exchange->value_count = 1;
        }
        //  A form with files (S_FILES) may be as large as the node takes
        //  attachments; every other body is small.
        exchange->limit = S_BODY_MAX;
        bool form = exchange->method_allowed && (exchange->route->flags & S_FILES)
                 && s_content_type (exchange, "multipart/form-data");
        if (form)
            exchange->limit = self->form_max;
        const char *length = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull (length, NULL, 10) > exchange->limit)
            return s_too_large (self, exchange);
        if (form) {
            //  Spooled to disk as it comes: only for a caller with a session
            //  or a key (the loop says whether it is valid), and within
            //  http_uploads_max_mb for all forms at once
            if (strcmp (s_token (exchange), "-") == 0)
                return s_problem (self, exchange, MHD_HTTP_UNAUTHORIZED,
                                  "not logged in or session expired");
            if (!s_upload_reserve (self, exchange, length? strtoull (length, NULL, 10)
                                                         : exchange->limit))
                return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE,
                                  "too many files being received at once: try again");
            exchange->form = MHD_create_post_processor (connection, 16 * 1024, s_part, exchange);
            exchange->form_broken = !exchange->form;
        }
        return MHD_YES;
    }
    if (*upload_data_size && exchange->limit > S_BODY_MAX) {
        //  A form arriving: parsed into its parts as it comes
        exchange->received += *upload_data_size;
        if (exchange->received > exchange->limit)
            exchange->too_large = true;
        else
        if (!exchange->form_broken
        &&  MHD_post_process (exchange->form, upload_data, *upload_data_size) != MHD_YES)
            exchange->form_broken = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        //  A body arriving: kept up to S_BODY_MAX, the rest dropped.
        if (!exchange->too_large && exchange->body_size + *upload_data_size <= S_BODY_MAX) {
            char *body = realloc (exchange->body, exchange->body_size + *upload_data_size + 1);
            if (!body)
                return MHD_NO;
            memcpy (body + exchange->body_size, upload_data, *upload_data_size);
            exchange->body = body;
            exchange->body_size += *upload_data_size;
            body [exchange->body_size] = 0;
        }
        else
            exchange->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (exchange->deferred)
        return s_resumed (self, exchange);
    if (exchange->answered)
        return MHD_YES;
    //  The form's end: what it held back of its last part comes now
    if (exchange->form && MHD_destroy_post_processor (exchange->form) != MHD_YES)
        exchange->form_broken = true;
    exchange->form = NULL;
    if (exchange->part_count)
        s_part_close (&exchange->parts [exchange->part_count - 1]);
    const s_route_t *route = exchange->route;
    if (exchange->too_large)
        return s_too_large (self, exchange);
    if (!route)
        return s_problem (self, exchange, MHD_HTTP_NOT_FOUND, "no such route");
    if (!exchange->method_allowed)
        return s_problem (self, exchange, MHD_HTTP_METHOD_NOT_ALLOWED,
                          "this route does not take that method");
    if ((route->flags & S_CHANGES) && !s_origin_ours (self, exchange))
        return s_problem (self, exchange, MHD_HTTP_FORBIDDEN,
                          "the request's Origin is not this server: refused (CSRF)");
    //  No CSRF token with an API key: a browser sends no Authorization
    //  header on its own, so a forged request cannot carry one.
    if ((route->flags & S_CHANGES) && !(route->flags & S_NO_SESSION) && !s_bearer (exchange)
    &&  strcmp (s_token (exchange), "-") != 0 && !s_csrf_valid (exchange))
        return s_problem (self, exchange, MHD_HTTP_FORBIDDEN,
                          "missing or wrong X-CSRF-Token header (the csrf_token of login)");
    const char *key = s_idempotency_key (exchange);
    if (key && !imi_idempotency_key_valid (key)) {
        char detail [96];
        snprintf (detail, sizeof detail, "the Idempotency-Key header must be 1 to %d printable "
                  "ASCII characters", IMI_IDEMPOTENCY_KEY_MAX);
        return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, detail);
    }
    if (*exchange->spool_failed)
        return s_problem (self, exchange, MHD_HTTP_SERVICE_UNAVAILABLE, exchange->spool_failed);
    if (exchange->form_broken) {
        char detail [128];
        snprintf (detail, sizeof detail, "the multipart/form-data body does not parse, or has "
                  "more than %d parts", S_PARTS_MAX);
        return s_problem (self, exchange, MHD_HTTP_BAD_REQUEST, detail);
    }
    if (!exchange->body)
        exchange->body = calloc (1, 1);
    if (!exchange->body)
        return MHD_NO;
    return route->handle? route->handle (self, exchange): s_command (self, exchange);
}

//  Percent-decode text in place (the path and query arguments), as
//  libmicrohttpd would, except "%00": left as it is, since a NUL would cut
//  the text short (/app/main.js%00.png served main.js; a case id
//  DE-1%00x reached case DE-1). The literal "%00" then matches no route,
//  file or id. The new length.
static size_t
s_unescape (void *context, struct MHD_Connection *connection, char *text)
{
    (void) context;
    (void) connection;
    char *to = text;
    for (const char *from = text; *from; ) {
        if (from [0] == '%' && isxdigit ((unsigned char) from [1])
        &&  isxdigit ((unsigned char) from [2])) {
            char hex [3] = { from [1], from [2], 0 };
            char byte = (char) strtol (hex, NULL, 16);
            if (byte) {
                *to++ = byte;
                from += 3;
                continue;
            }
        }
        *to++ = *from++;
    }
    *to = 0;
    return (size_t) (to - text);
}

static void
s_completed (void *context, struct MHD_Connection *connection, void **request_p,
             enum MHD_RequestTerminationCode code)
{
    imi_http_t *self = (imi_http_t *) context;
    (void) connection;
    (void) code;
    s_exchange_t *exchange = (s_exchange_t *) *request_p;
    if (exchange) {
        if (exchange->body)
            sodium_memzero (exchange->body, exchange->body_size);
        free (exchange->body);
        for (size_t index = 0; index < exchange->value_count; index++)
            free (exchange->values [index]);
        if (exchange->form)
            MHD_destroy_post_processor (exchange->form);
        //  The spool files go, whatever happened to the exchange
        for (size_t index = 0; index < exchange->part_count; index++) {
            s_part_t *part = &exchange->parts [index];
            s_part_close (part);
            imi_spool_remove (self->data_dir, part->spooled);
            if (part->data)
                sodium_memzero (part->data, part->capacity);
            free (part->data);
            free (part->name);
            free (part->file_name);
        }
        if (exchange->download_fd >= 0)
            close (exchange->download_fd);
        imi_spool_remove (self->data_dir, exchange->download);
        //  A reply not made into an answer (the node stopping) may hold a
        //  session token
        for (zframe_t *frame = exchange->reply? zmsg_first (exchange->reply): NULL; frame;
             frame = zmsg_next (exchange->reply))
            sodium_memzero (zframe_data (frame), zframe_size (frame));
        zmsg_destroy (&exchange->reply);
        zmsg_destroy (&exchange->request);
        s_oidc_work_destroy (&exchange->oidc);
        atomic_fetch_sub (&self->uploads, exchange->reserved);
        free (exchange);
        *request_p = NULL;
    }
}

//  ---------------------------------------------------------------------------
//  The module

//  http_listen "IP:PORT" (IPv4, or [IPv6]:PORT) into address. 0 or -1.
static int
s_address (const char *listen, struct sockaddr_storage *address)
{
    char host [64];
    const char *colon = strrchr (listen, ':');
    long port = colon? strtol (colon + 1, NULL, 10): 0;
    size_t size = colon? (size_t) (colon - listen): 0;
    if (size >= sizeof host || port < 1 || port > 65535
    ||  strspn (colon + 1, "0123456789") != strlen (colon + 1))
        return imi_error_set ("'%s' is not IP:PORT (e.g. 127.0.0.1:8080)", listen);
    memcpy (host, listen, size);
    host [size] = 0;
    memset (address, 0, sizeof *address);
    struct sockaddr_in *ipv4 = (struct sockaddr_in *) address;
    struct sockaddr_in6 *ipv6 = (struct sockaddr_in6 *) address;
    if (inet_pton (AF_INET, host, &ipv4->sin_addr) == 1) {
        ipv4->sin_family = AF_INET;
        ipv4->sin_port = htons ((uint16_t) port);
        return 0;
    }
    if (size > 2 && host [0] == '[' && host [size - 1] == ']') {
        host [size - 1] = 0;
        if (inet_pton (AF_INET6, host + 1, &ipv6->sin6_addr) == 1) {
            ipv6->sin6_family = AF_INET6;
            ipv6->sin6_port = htons ((uint16_t) port);
            return 0;
        }
    }
    return imi_error_set ("'%s' is not IP:PORT (e.g. 127.0.0.1:8080)", listen);
}

static void
s_destroy (imi_http_t **self_p)
{
    imi_http_t *self = *self_p;
    if (self) {
        //  No stream or question suspends after this (s_stream_read and
        //  s_defer check under the lock), and every suspended one is resumed
        //  to end: libmicrohttpd must not be stopped with suspended
        //  connections. The waiters empty the queue before they end.
        pthread_mutex_lock (&self->lock);
        atomic_store (&self->stopping, true);
        pthread_cond_broadcast (&self->waiting);
        //  The readers (the control module's, stopped after this one)
        //  end the reads they have: each resumes its connection
        while (self->reading > 0)
            pthread_cond_wait (&self->read, &self->lock);
        pthread_mutex_unlock (&self->lock);
        for (size_t index = 0; index < self->waiter_count; index++)
            pthread_join (self->waiters [index], NULL);
        if (self->notifier_started)
            pthread_join (self->notifier, NULL);
        s_streams_wake (self, true);
        if (self->api.daemon)
            MHD_stop_daemon (self->api.daemon);
        if (self->monitor.daemon)
            MHD_stop_daemon (self->monitor.daemon);
        if (self->tls_key)
            sodium_memzero (self->tls_key, strlen ((char *) self->tls_key));
        free (self->tls_key);
        free (self->tls_cert);
        free ((void *) self->requests);
        free ((void *) self->latency);
        free ((void *) self->latency_sum_us);
        imi_throttle_destroy (&self->login_failures);
        imi_web_destroy (&self->web);
        pthread_cond_destroy (&self->waiting);
        pthread_cond_destroy (&self->read);
        imi_oidc_destroy (&self->oidc);
        pthread_mutex_destroy (&self->lock);
        free (self);
        *self_p = NULL;
    }
}

//  A PEM file into *text, NUL-ended. 0 or -1.
static int
s_pem (const char *path, uint8_t **text)
{
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (path, S_TLS_FILE_MAX, &bytes, &size))
        return -1;
    *text = realloc (bytes, size + 1);
    if (!*text) {
        free (bytes);
        return imi_error_set ("out of memory");
    }
    (*text) [size] = 0;
    return 0;
}

//  Serve server (which: the setting, for errors) on listen. 0 or -1.
static int
s_server_start (imi_http_t *self, s_server_t *server, s_serves_t serves, const char *which,
                const char *listen, const imi_settings_t *settings)
{
    struct sockaddr_storage address;
    if (s_address (listen, &address))
        return imi_error_set ("%s: %s", which, imi_error_last ());
    server->self = self;
    server->serves = serves;
    bool tls = self->tls && serves != S_SERVES_MONITOR;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME
                   | (tls? MHD_USE_TLS: 0);
    server->daemon = MHD_start_daemon (flags, 0, NULL, NULL, s_answer, server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &address,
        MHD_OPTION_THREAD_POOL_SIZE, serves == S_SERVES_MONITOR? 1U: (unsigned) S_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, serves == S_SERVES_MONITOR
                                     ? (unsigned) S_MONITOR_CONNECTIONS
                                     : (unsigned) settings->http_connections_max,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, serves == S_SERVES_MONITOR
                                            ? 0U: (unsigned) settings->http_connections_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) settings->http_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) S_CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, s_completed, self,
        MHD_OPTION_UNESCAPE_CALLBACK, s_unescape, NULL,
        tls? MHD_OPTION_HTTPS_MEM_CERT: MHD_OPTION_END, (const char *) self->tls_cert,
        MHD_OPTION_HTTPS_MEM_KEY, (const char *) self->tls_key,
        MHD_OPTION_END);
    if (!server->daemon)
        return imi_error_set ("cannot serve HTTP on %s %s (in use?%s)", which, listen,
                              tls? " a TLS certificate or key that does not load?": "");
    return 0;
}

static int
s_module_start (imi_node_t *node)
{
    const imi_settings_t *settings = &node->settings;
    //  The spool is the HTTP server's, emptied at every start, served or
    //  not: a crash may have left files of personal data
    size_t removed = 0;
    if (imi_spool_prepare (settings->data_dir, &removed))
        return -1;
    if (removed)
        imi_log (IMI_LOG_WARN, "http.spool_emptied", "files=%zu", removed);
    if (!*settings->http_listen && !*settings->http_monitor_listen)
        return 0;
    imi_http_t *self = calloc (1, sizeof *self);
    if (!self)
        return imi_error_set ("out of memory");
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->waiting, NULL);
    pthread_cond_init (&self->read, NULL);
    self->requests = calloc (S_ROUTES * S_CODES, sizeof *self->requests);
    self->latency = calloc (S_ROUTES * S_BUCKETS, sizeof *self->latency);
    self->latency_sum_us = calloc (S_ROUTES, sizeof *self->latency_sum_us);
    self->login_failures = imi_throttle_new (S_ADDRESS_FREE_FAILURES, S_ADDRESS_WAIT_MAX_MS,
                                             S_ADDRESS_FORGET_MS, S_ADDRESSES_MAX);
    imi_node_control_inproc (node, self->inproc, sizeof self->inproc);
    self->readers = node->readers;
    memcpy (self->state, settings->state, sizeof self->state);
    self->answer_timeout_ms = settings->http_answer_timeout_ms;
    snprintf (self->data_dir, sizeof self->data_dir, "%s", settings->data_dir);
    self->form_max = (size_t) settings->attachment_max_bytes + S_BODY_MAX;
    self->uploads_max = (size_t) settings->http_uploads_max_mb * 1024 * 1024;
    self->tls = *settings->http_tls_cert != 0;
    int rc = 0;
    if (!self->requests || !self->latency || !self->latency_sum_us || !self->login_failures)
        rc = imi_error_set ("out of memory");
    else
    if (self->tls && (s_pem (settings->http_tls_cert, &self->tls_cert)
                  ||  s_pem (settings->http_tls_key, &self->tls_key)))
        rc = imi_error_set ("http_tls_cert or http_tls_key: %s", imi_error_last ());
    if (rc == 0 && *settings->http_web_root && !(self->web = imi_web_new (settings->http_web_root)))
        rc = imi_error_set ("http_web_root: %s", imi_error_last ());
    self->password_login = settings->password_login;
    if (rc == 0 && *settings->oidc_issuer && !(self->oidc = imi_oidc_new (settings)))
        rc = imi_error_set ("oidc: %s", imi_error_last ());
    //  The waiters before the servers: a request may come at once
    while (rc == 0 && self->waiter_count < S_WAITERS)
        if (pthread_create (&self->waiters [self->waiter_count], NULL, s_waiter, self) == 0)
            self->waiter_count++;
        else
            rc = imi_error_set ("cannot start the HTTP waiter threads");
    bool monitor = *settings->http_monitor_listen != 0;
    if (rc == 0 && *settings->http_listen)
        rc = s_server_start (self, &self->api, monitor? S_SERVES_API: S_SERVES_ALL,
                             "http_listen", settings->http_listen, settings);
    if (rc == 0 && monitor)
        rc = s_server_start (self, &self->monitor, S_SERVES_MONITOR, "http_monitor_listen",
                             settings->http_monitor_listen, settings);
    if (rc == 0 && pthread_create (&self->notifier, NULL, s_notifier, self) != 0)
        rc = imi_error_set ("cannot start the HTTP event notifier");
    if (rc) {
        s_destroy (&self);
        return -1;
    }
    self->notifier_started = true;
    node->http = self;
    return 0;
}

static void
s_module_stop (imi_node_t *node)
{
    s_destroy (&node->http);
}

const imi_module_t imi_http_module = {
    .name = "http", .start = s_module_start, .stop = s_module_stop
};

void
imi_http_test (void)
{
    //  http_listen
    struct sockaddr_storage address;
    assert (s_address ("127.0.0.1:8080", &address) == 0 && address.ss_family == AF_INET);
    assert (ntohs (((struct sockaddr_in *) &address)->sin_port) == 8080);
    assert (s_address ("[::1]:443", &address) == 0 && address.ss_family == AF_INET6);
    const char *bad [] = { "", "8080", "localhost:8080", "127.0.0.1:", "127.0.0.1:0",
                           "127.0.0.1:65536", "127.0.0.1:80x", "::1:80", "[::1]" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (s_address (bad [index], &address) == -1 && strstr (imi_error_last (), "IP:PORT"));

    //  Nesting is counted outside strings only
    assert (!s_too_deep ("{\"a\": [[[[[[[1]]]]]]]}", 20));
    assert (s_too_deep ("[[[[[[[[[1]]]]]]]]]", 19));
    assert (!s_too_deep ("{\"a\": \"[[[[[[[[[[[[\"}", 21));
    assert (!s_too_deep ("[\"\\\"[[[[[[[[[[\"]", 16));

    //  The CSRF token: 32 hex digits, one per session
    char first [2 * S_CSRF_BYTES + 1], second [2 * S_CSRF_BYTES + 1];
    s_csrf_token ("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", first);
    s_csrf_token ("10112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", second);
    assert (strlen (first) == 32 && strspn (first, "0123456789abcdef") == 32);
    assert (strcmp (first, second) != 0);

    //  Routes: a method, a {value}, a path with another method, none; the
    //  web application's row matches no path
    assert (s_routes [S_WEB_ROUTE].handle == s_web);
    s_exchange_t exchange = { 0 };
    s_route_find (&exchange, S_SERVES_ALL, "web", "GET");
    assert (!exchange.route);
    assert (s_route_find (&exchange, S_SERVES_ALL, "/api/v1/whoami", "GET") == 0);
    assert (exchange.route && exchange.method_allowed
         && strcmp (exchange.route->command, "whoami") == 0 && exchange.value_count == 0);
    memset (&exchange, 0, sizeof exchange);
    s_route_find (&exchange, S_SERVES_ALL, "/api/v1/authorities/DE:zab", "GET");
    assert (exchange.method_allowed && exchange.value_count == 1
         && strcmp (exchange.values [0], "DE:zab") == 0);
    free (exchange.values [0]);
    const char *unmatched [] = { "/api/v1/authorities/DE:zab/x", "/api/v1/authorities/",
                                 "/api/v1/authorities", "/api/v1/authorities//",
                                 "/api/v1/whoami/", "/api/v1//whoami", "api/v1/whoami", "",
                                 "/", "/api/v1/whoamix" };
    for (size_t index = 0; index < sizeof unmatched / sizeof unmatched [0]; index++) {
        memset (&exchange, 0, sizeof exchange);
        s_route_find (&exchange, S_SERVES_ALL, unmatched [index], "GET");
        assert (!exchange.route && exchange.value_count == 0);
    }
    memset (&exchange, 0, sizeof exchange);
    s_route_find (&exchange, S_SERVES_ALL, "/api/v1/login", "GET");
    assert (exchange.route && !exchange.method_allowed && strcmp (exchange.allow, "POST") == 0);
    //  Two values, in order
    char *values [S_VALUES_MAX];
    size_t count = 0;
    assert (s_pattern_match ("/a/{x}/b/{y}", "/a/1/b/22", values, &count) && count == 2);
    assert (strcmp (values [0], "1") == 0 && strcmp (values [1], "22") == 0);
    free (values [0]);
    free (values [1]);
    assert (!s_pattern_match ("/a/{x}/b/{y}", "/a/1/b", NULL, NULL));
    //  No route reaches an operator's command
    const char *operator [] = { "stop", "manifest", "manifest-install", "retention-run",
                                "send", "authority-add", "status", "peers", "audit-export",
                                "audit-checkpoint", "backup" };
    for (const s_route_t *route = s_routes + 1; route->pattern; route++)
        for (size_t index = 0; index < sizeof operator / sizeof operator [0]; index++)
            assert (strcmp (route->command, operator [index]) != 0);

    //  The OpenAPI document (docs/openapi.json) and the routes agree: every
    //  route is an operation of the document, its operationId the route's
    //  control command (two routes of one command: that and the path's last
    //  segment), and the document has no other operation. (The web
    //  application's row, whose pattern is no path, is not the API's.)
    json_error_t error;
    json_t *document = json_loadb (imi_openapi_json, imi_openapi_json_size, 0, &error);
    assert (document && strcmp (json_string_value (json_object_get (document, "openapi")),
                                "3.1.0") == 0);
    size_t operations = 0, routes = 0;
    const char *path;
    json_t *item;
    json_object_foreach (json_object_get (document, "paths"), path, item)
        operations += json_object_size (item);
    for (const s_route_t *route = s_routes + 1; route->pattern; route++) {
        if (*route->pattern != '/')
            continue;
        routes++;
        char method [8], operation_id [64];
        size_t size = strlen (route->method);
        assert (size < sizeof method);
        for (size_t index = 0; index <= size; index++)
            method [index] = (char) tolower ((unsigned char) route->method [index]);
        json_t *operation = json_object_get (json_object_get (json_object_get (document, "paths"),
                                                              route->pattern), method);
        if (!operation)
            fprintf (stderr, "docs/openapi.json has no %s %s\n", route->method, route->pattern);
        assert (operation);
        size_t namesakes = 0;
        for (const s_route_t *other = s_routes + 1; other->pattern; other++)
            namesakes += strcmp (other->command, route->command) == 0;
        snprintf (operation_id, sizeof operation_id, "%s", route->command);
        if (namesakes > 1)
            snprintf (operation_id, sizeof operation_id, "%s-%s", route->command,
                      strrchr (route->pattern, '/') + 1);
        const char *documented = json_string_value (json_object_get (operation, "operationId"));
        if (!documented || strcmp (documented, operation_id) != 0)
            fprintf (stderr, "%s %s: operationId %s, not %s\n", route->method, route->pattern,
                     documented? documented: "none", operation_id);
        assert (documented && strcmp (documented, operation_id) == 0);
    }
    if (operations != routes)
        fprintf (stderr, "docs/openapi.json has %zu operations, the node %zu routes\n",
                 operations, routes);
    assert (operations == routes);
    json_decref (document);

    //  A JSON body's members as option pairs
    json_t *body = json_loads ("{\"text\": \"hi\", \"urgent\": true, \"limit\": 5, "
                               "\"question\": [\"q1\", \"q2\"], \"subject\": {\"name\": \"Ann\"}, "
                               "\"to\": null}", 0, NULL);
    zmsg_t *request = zmsg_new ();
    char reason [160];
    const char *allowed [] = { "text", "urgent", "limit", "question", "subject", "to", NULL };
    assert (body && !s_pairs_add (request, body, allowed, reason, sizeof reason));
    const char *expected [] = { "text", "hi", "urgent", "yes", "limit", "5", "question", "q1",
                                "question", "q2", "subject", "name=Ann" };
    assert (zmsg_size (request) == sizeof expected / sizeof expected [0]);
    for (size_t index = 0; index < sizeof expected / sizeof expected [0]; index++) {
        char *frame = zmsg_popstr (request);
        assert (strcmp (frame, expected [index]) == 0);
        zstr_free (&frame);
    }
    json_decref (body);
    const char *refused [] = { "{\"other\": \"x\"}", "{\"text\": 1.5}", "{\"text\": [[\"x\"]]}",
                               "{\"subject\": {\"a=b\": \"c\"}}", "{\"subject\": {\"a\": {}}}" };
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++) {
        body = json_loads (refused [index], 0, NULL);
        assert (body && s_pairs_add (request, body, allowed, reason, sizeof reason));
        json_decref (body);
    }
    zmsg_destroy (&request);

    //  Attachment names in Content-Disposition: nothing but [A-Za-z0-9._-]
    char safe [32];
    s_safe_file_name ("diploma-2024_v1.pdf", safe, sizeof safe);
    assert (strcmp (safe, "diploma-2024_v1.pdf") == 0);
    s_safe_file_name ("a \"b\";\r\nX: y/../\x01\xc3\xa4.pdf", safe, sizeof safe);
    assert (strcmp (safe, "a__b____X__y_..____.pdf") == 0);
    s_safe_file_name ("..", safe, sizeof safe);
    assert (strcmp (safe, "attachment") == 0);
    s_safe_file_name ("", safe, sizeof safe);
    assert (strcmp (safe, "attachment") == 0);
    s_safe_file_name ("0123456789012345678901234567890123456789", safe, sizeof safe);
    assert (strlen (safe) == sizeof safe - 1);

    //  Status codes
    assert (s_code (IMI_CONTROL_UNAUTHORIZED) == 401 && s_code (IMI_CONTROL_NOT_FOUND) == 404);
    assert (s_code (IMI_CONTROL_INVALID) == 422 && s_code (IMI_CONTROL_ERROR) == 500);
    assert (s_code (IMI_CONTROL_CONFLICT) == 409 && s_code (IMI_CONTROL_TOO_MANY) == 429);
    assert (s_code (IMI_CONTROL_FORBIDDEN) == 403);

    //  An API key from the Authorization header: the Bearer scheme only
    assert (strcmp (s_bearer_token ("Bearer imi_x"), "imi_x") == 0);
    assert (strcmp (s_bearer_token ("bearer  imi_x"), "imi_x") == 0);
    assert (!s_bearer_token ("Basic aGFubmE6cGFzcw==") && !s_bearer_token (NULL));
    assert (s_code (NULL) == 500);
    assert (s_codes [s_code_index (404)] == 404 && s_codes [s_code_index (418)] == 500);
}

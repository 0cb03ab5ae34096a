/*  imi_translate: machine translation of free text. See imi_translate.h for
    the contract and docs/translate.md for the design.

    Two halves talk over the actor's inproc pipe, never through memory:

    The loop's half (imi_translate_job_*, _receive, _tick) owns the jobs,
    the cache (SQLite: only the loop touches the store) and the control
    clients waiting for a reply. A job is a reply being built: its lines,
    and for some of them a translation to show after it. Each translation
    not in the cache becomes one request to the worker, with an id and a
    deadline; the job is answered when its last request comes back or when
    the deadline passes ("translation timed out"), whichever is first. An
    answer that comes after its job was answered is still cached.

    The worker's half (s_worker) is a thread that takes one request at a
    time and runs the engine: Apertium as child processes (argv only, the
    text on stdin, a process group killed at the deadline), or an HTTP
    service (libcurl, the JSON protocol of docs/operating.md). It never
    sees SQLite.

        loop -> worker   "translate", id, deadline (monotonic ms), source,
                         target, text
        worker -> loop   id, status ("ok" | "none" | "error"), translation
                         or reason, engine, source, target, text

    Apertium's modes form a graph over languages (ISO 639-1 codes, mapped
    from Apertium's mixed two- and three-letter names); where there is no
    direct mode, a path of two through a pivot language is taken
    (fr -> es -> en), never longer: each hop loses quality.
*/
#include "imi_translate.h"
#include "imi_thread.h"
#include "imi_control.h"
#include "imi_lines.h"
#include "imi_node_internal.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_schema.h"
#include "imi_body_case.h"

#include <assert.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define S_IN_FLIGHT_MAX     256             //  requests at the worker, at most
#define S_GRACE_MS          250             //  the worker's own timeout answers first
#define S_OUTPUT_MAX        (1024 * 1024)   //  largest translation an engine may give
#define S_CONNECT_MAX_MS    3000            //  HTTP connect timeout, at most

//  ---------------------------------------------------------------------------
//  The mode graph

//  Apertium's names of languages and their ISO 639-1 codes: the EEA's
//  languages (DOMAIN.md, Languages). Serbo-Croatian without a variant is
//  read as Croatian, the EU language among its standards.
static const struct {
    const char *apertium;
    const char *iso;
} s_languages [] = {
    { "bg", "bg" }, { "bul", "bg" }, { "cs", "cs" }, { "ces", "cs" }, { "da", "da" },
    { "dan", "da" }, { "de", "de" }, { "deu", "de" }, { "el", "el" }, { "ell", "el" },
    { "en", "en" }, { "eng", "en" }, { "es", "es" }, { "spa", "es" }, { "et", "et" },
    { "est", "et" }, { "fi", "fi" }, { "fin", "fi" }, { "fr", "fr" }, { "fra", "fr" },
    { "ga", "ga" }, { "gle", "ga" }, { "hr", "hr" }, { "hbs", "hr" }, { "hbs_HR", "hr" },
    { "hu", "hu" }, { "hun", "hu" }, { "is", "is" }, { "isl", "is" }, { "it", "it" },
    { "ita", "it" }, { "lt", "lt" }, { "lit", "lt" }, { "lv", "lv" }, { "lav", "lv" },
    { "mt", "mt" }, { "mlt", "mt" }, { "nl", "nl" }, { "nld", "nl" }, { "nb", "nb" },
    { "nob", "nb" }, { "nn", "nn" }, { "nno", "nn" }, { "pl", "pl" }, { "pol", "pl" },
    { "pt", "pt" }, { "por", "pt" }, { "ro", "ro" }, { "ron", "ro" }, { "sk", "sk" },
    { "slk", "sk" }, { "sl", "sl" }, { "slv", "sl" }, { "sv", "sv" }, { "swe", "sv" },
};

static const char *
s_iso (const char *apertium, size_t length)
{
    for (size_t index = 0; index < sizeof s_languages / sizeof s_languages [0]; index++)
        if (strlen (s_languages [index].apertium) == length
        &&  memcmp (s_languages [index].apertium, apertium, length) == 0)
            return s_languages [index].iso;
    return NULL;
}

size_t
imi_translate_modes_parse (const char *listing, imi_translate_mode_t *modes, size_t max)
{
    size_t count = 0;
    const char *cursor = listing;
    while (*cursor) {
        cursor += strspn (cursor, " \t\r\n");
        size_t length = strcspn (cursor, " \t\r\n");
        if (length == 0)
            break;
        const char *name = cursor, *dash = memchr (name, '-', length);
        cursor += length;
        if (!dash || memchr (dash + 1, '-', length - (size_t) (dash + 1 - name))
        ||  length > IMI_TRANSLATE_MODE_MAX)
            continue;
        const char *source = s_iso (name, (size_t) (dash - name));
        const char *target = s_iso (dash + 1, length - (size_t) (dash + 1 - name));
        if (!source || !target || strcmp (source, target) == 0)
            continue;
        //  Two modes for one pair (eng-hbs, eng-hbs_HR): the longer name is
        //  the more specific one.
        size_t index;
        for (index = 0; index < count; index++)
            if (strcmp (modes [index].source, source) == 0
            &&  strcmp (modes [index].target, target) == 0)
                break;
        if (index == count) {
            if (count == max)
                continue;
            count++;
        }
        else
        if (strlen (modes [index].mode) >= length)
            continue;
        snprintf (modes [index].source, sizeof modes [index].source, "%s", source);
        snprintf (modes [index].target, sizeof modes [index].target, "%s", target);
        snprintf (modes [index].mode, sizeof modes [index].mode, "%.*s", (int) length, name);
    }
    return count;
}

int
imi_translate_route (const imi_translate_mode_t *modes, size_t count, const char *source,
                     const char *target, const imi_translate_mode_t *route [2])
{
    for (size_t index = 0; index < count; index++)
        if (strcmp (modes [index].source, source) == 0
        &&  strcmp (modes [index].target, target) == 0) {
            route [0] = &modes [index];
            return 1;
        }
    for (size_t first = 0; first < count; first++) {
        if (strcmp (modes [first].source, source) != 0)
            continue;
        for (size_t second = 0; second < count; second++)
            if (strcmp (modes [second].source, modes [first].target) == 0
            &&  strcmp (modes [second].target, target) == 0) {
                route [0] = &modes [first];
                route [1] = &modes [second];
                return 2;
            }
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  The cache

static const char *s_cache_get =
    "SELECT text, engine FROM translations WHERE hash = ?1 AND source = ?2 AND target = ?3";
static const char *s_cache_put =
    "INSERT OR REPLACE INTO translations (hash, source, target, engine, text, created_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *s_cache_forget = "DELETE FROM translations WHERE hash = ?1";

static sqlite3_stmt *
s_cache_statement (imi_store_t *store, const char *sql, const char *text, const char *source,
                   const char *target, uint8_t hash [IMI_HASH_BYTES])
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return NULL;
    imi_hash (hash, text, strlen (text));
    sqlite3_bind_blob (statement, 1, hash, IMI_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, source, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, target, -1, SQLITE_STATIC);
    return statement;
}

int
imi_translate_cache_get (imi_store_t *store, const char *text, const char *source,
                         const char *target, char **translation, char **engine)
{
    uint8_t hash [IMI_HASH_BYTES];
    sqlite3_stmt *statement = s_cache_statement (store, s_cache_get, text, source, target, hash);
    if (!statement)
        return -1;
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        *translation = strdup ((const char *) sqlite3_column_text (statement, 0));
        *engine = strdup ((const char *) sqlite3_column_text (statement, 1));
        assert (*translation && *engine);
        rc = 1;
    }
    else
        rc = rc == SQLITE_DONE? 0: imi_store_error (store, "reading the translation cache");
    sqlite3_reset (statement);
    return rc;
}

int
imi_translate_cache_put (imi_store_t *store, const char *text, const char *source,
                         const char *target, const char *engine, const char *translation,
                         int64_t now_ms)
{
    uint8_t hash [IMI_HASH_BYTES];
    sqlite3_stmt *statement = s_cache_statement (store, s_cache_put, text, source, target, hash);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 4, engine, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, translation, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, now_ms);
    int rc = sqlite3_step (statement) == SQLITE_DONE
           ? 0: imi_store_error (store, "storing a translation");
    sqlite3_reset (statement);
    return rc;
}

int
imi_translate_cache_forget (imi_store_t *store, const char *text)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_cache_forget);
    if (!statement)
        return -1;
    uint8_t hash [IMI_HASH_BYTES];
    imi_hash (hash, text, strlen (text));
    sqlite3_bind_blob (statement, 1, hash, IMI_HASH_BYTES, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "forgetting a text's translations");
}

//  ---------------------------------------------------------------------------
//  The worker: engines, one request at a time

//  What the worker needs to know, copied from the settings before it starts.
typedef struct {
    char backend [16];                      //  "apertium" or "http"
    char url [IMI_PATH_MAX];
    long timeout_ms;
} s_config_t;

typedef struct {
    const s_config_t *config;
    bool modes_loaded;                      //  `apertium -l` has been asked
    imi_translate_mode_t modes [IMI_TRANSLATE_MODES_MAX];
    size_t mode_count;
    char modes_reason [256];                //  why there are none, if so
} s_worker_t;

//  Run argv (a program found on PATH) with input on its stdin, until it
//  exits or deadline (monotonic ms) passes; its stdout goes to *output
//  (malloc'd, trailing white space removed). 0, or -1 with the reason in
//  reason. At the deadline the whole process group is killed: Apertium is
//  a shell script running a pipeline.
static int
s_run (char *const argv [], const char *input, int64_t deadline, long timeout_ms,
       char **output, char *reason, size_t reason_size)
{
    int to_child [2] = { -1, -1 }, from_child [2] = { -1, -1 };
    if (pipe2 (to_child, O_CLOEXEC) || pipe2 (from_child, O_CLOEXEC)) {
        snprintf (reason, reason_size, "cannot create a pipe: %s", strerror (errno));
        close (to_child [0]);
        close (to_child [1]);
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_adddup2 (&actions, to_child [0], 0);
    posix_spawn_file_actions_adddup2 (&actions, from_child [1], 1);
    posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init (&attributes);
    posix_spawnattr_setflags (&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF
                                           | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup (&attributes, 0);
    sigset_t signals;
    sigemptyset (&signals);
    posix_spawnattr_setsigmask (&attributes, &signals);
    sigaddset (&signals, SIGPIPE);
    posix_spawnattr_setsigdefault (&attributes, &signals);
    pid_t pid;
    int spawned = posix_spawnp (&pid, argv [0], &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy (&actions);
    posix_spawnattr_destroy (&attributes);
    close (to_child [0]);
    close (from_child [1]);
    if (spawned) {
        snprintf (reason, reason_size, "cannot run %s: %s", argv [0], strerror (spawned));
        close (to_child [1]);
        close (from_child [0]);
        return -1;
    }
    fcntl (to_child [1], F_SETFL, O_NONBLOCK);
    fcntl (from_child [0], F_SETFL, O_NONBLOCK);
    size_t input_size = strlen (input), written = 0, size = 0, capacity = 4096;
    char *buffer = malloc (capacity);
    assert (buffer);
    int rc = 0;
    bool done = false;
    if (input_size == 0) {
        close (to_child [1]);
        to_child [1] = -1;
    }
    while (!done && rc == 0) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0) {
            snprintf (reason, reason_size, "translation timed out after %ld ms", timeout_ms);
            rc = -1;
            break;
        }
        struct pollfd fds [2] = { { from_child [0], POLLIN, 0 }, { to_child [1], POLLOUT, 0 } };
        if (poll (fds, to_child [1] >= 0? 2: 1, (int) left) < 0 && errno != EINTR) {
            snprintf (reason, reason_size, "poll: %s", strerror (errno));
            rc = -1;
            break;
        }
        if (to_child [1] >= 0 && fds [1].revents) {
            ssize_t count = write (to_child [1], input + written, input_size - written);
            if (count > 0)
                written += (size_t) count;
            //  Done, or the child stopped reading (EPIPE): either way, no more input.
            if (written == input_size || (count < 0 && errno != EAGAIN && errno != EINTR)) {
                close (to_child [1]);
                to_child [1] = -1;
            }
        }
        if (fds [0].revents) {
            if (capacity - size < 4096) {
                capacity *= 2;
                buffer = realloc (buffer, capacity);
                assert (buffer);
            }
            ssize_t count = read (from_child [0], buffer + size, capacity - size - 1);
            if (count > 0)
                size += (size_t) count;
            else
            if (count == 0 || (errno != EAGAIN && errno != EINTR))
                done = true;
            if (size > S_OUTPUT_MAX) {
                snprintf (reason, reason_size, "%s gave more than %d bytes", argv [0],
                          S_OUTPUT_MAX);
                rc = -1;
            }
        }
    }
    if (to_child [1] >= 0)
        close (to_child [1]);
    close (from_child [0]);
    if (rc)
        kill (-pid, SIGKILL);
    int status = 0;
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc == 0 && !(WIFEXITED (status) && WEXITSTATUS (status) == 0)) {
        snprintf (reason, reason_size, "%s failed (%s %d)", argv [0],
                  WIFEXITED (status)? "exit status": "signal",
                  WIFEXITED (status)? WEXITSTATUS (status): WTERMSIG (status));
        rc = -1;
    }
    if (rc) {
        free (buffer);
        return -1;
    }
    while (size && strchr (" \t\r\n", buffer [size - 1]))
        size--;
    buffer [size] = 0;
    *output = buffer;
    return 0;
}

static void
s_load_modes (s_worker_t *worker)
{
    worker->modes_loaded = true;
    char *listing = NULL;
    char *argv [] = { "apertium", "-l", NULL };
    if (s_run (argv, "", zclock_mono () + worker->config->timeout_ms, worker->config->timeout_ms,
               &listing, worker->modes_reason, sizeof worker->modes_reason)) {
        imi_log (IMI_LOG_WARN, "translate.no_apertium", "detail=\"%s\"", worker->modes_reason);
        return;
    }
    worker->mode_count = imi_translate_modes_parse (listing, worker->modes,
                                                    IMI_TRANSLATE_MODES_MAX);
    free (listing);
    imi_log (IMI_LOG_INFO, "translate.modes", "count=%zu", worker->mode_count);
}

//  Apertium: 0 with *output, 1 if no path of modes exists, -1 (reason set).
static int
s_apertium (s_worker_t *worker, const char *source, const char *target, const char *text,
            int64_t deadline, char **output, char *engine, size_t engine_size, char *reason,
            size_t reason_size)
{
    if (!worker->modes_loaded)
        s_load_modes (worker);
    const imi_translate_mode_t *route [2];
    int hops = imi_translate_route (worker->modes, worker->mode_count, source, target, route);
    if (hops == 0) {
        snprintf (reason, reason_size, "no machine translation available from %s to %s%s%s",
                  source, target, worker->mode_count? "": ": ",
                  worker->mode_count? "": worker->modes_reason);
        return 1;
    }
    char *current = strdup (text);
    assert (current);
    for (int hop = 0; hop < hops; hop++) {
        char mode [IMI_TRANSLATE_MODE_MAX + 1];
        snprintf (mode, sizeof mode, "%s", route [hop]->mode);
        char *argv [] = { "apertium", "-u", mode, NULL };
        char *next;
        int rc = s_run (argv, current, deadline, worker->config->timeout_ms, &next, reason,
                        reason_size);
        free (current);
        if (rc)
            return -1;
        current = next;
    }
    if (hops == 2)
        snprintf (engine, engine_size, "apertium via %s", route [0]->target);
    else
        snprintf (engine, engine_size, "apertium");
    *output = current;
    return 0;
}

typedef struct {
    char *data;
    size_t size;
} s_body_t;

static size_t
s_collect (char *data, size_t size, size_t count, void *context)
{
    s_body_t *body = (s_body_t *) context;
    if (body->size + size * count > S_OUTPUT_MAX)
        return 0;                           //  curl stops with a write error
    body->data = realloc (body->data, body->size + size * count + 1);
    assert (body->data);
    memcpy (body->data + body->size, data, size * count);
    body->size += size * count;
    body->data [body->size] = 0;
    return size * count;
}

//  The HTTP service: POST {"source","target","text"}, answer {"text"} (and
//  optionally "engine"); anything but 200 is a failure, its "error" shown.
//  0 with *output, or -1 (reason set).
static int
s_http (s_worker_t *worker, const char *source, const char *target, const char *text,
        int64_t deadline, char **output, char *engine, size_t engine_size, char *reason,
        size_t reason_size)
{
    const s_config_t *config = worker->config;
    json_t *request = json_pack ("{s:s, s:s, s:s}", "source", source, "target", target,
                                 "text", text);
    char *payload = request? json_dumps (request, JSON_COMPACT): NULL;
    json_decref (request);
    CURL *curl = curl_easy_init ();
    if (!payload || !curl) {
        free (payload);
        curl_easy_cleanup (curl);
        snprintf (reason, reason_size, "out of memory");
        return -1;
    }
    long left = (long) (deadline - zclock_mono ());
    if (left < 1)
        left = 1;
    struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
    s_body_t body = { NULL, 0 };
    curl_easy_setopt (curl, CURLOPT_URL, config->url);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);     //  a thread: no SIGALRM
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, left);
    curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, left < S_CONNECT_MAX_MS? left: S_CONNECT_MAX_MS);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &body);
    CURLcode code = curl_easy_perform (curl);
    long status = 0;
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all (headers);
    curl_easy_cleanup (curl);
    free (payload);
    json_t *answer = code == CURLE_OK && body.data? json_loads (body.data, 0, NULL): NULL;
    free (body.data);
    const char *translation = json_string_value (json_object_get (answer, "text"));
    const char *error = json_string_value (json_object_get (answer, "error"));
    const char *named = json_string_value (json_object_get (answer, "engine"));
    int rc = -1;
    if (code == CURLE_OPERATION_TIMEDOUT)
        snprintf (reason, reason_size, "translation timed out after %ld ms", config->timeout_ms);
    else
    if (code == CURLE_COULDNT_CONNECT)
        snprintf (reason, reason_size, "translation service %.200s is unreachable (%s)", config->url,
                  curl_easy_strerror (code));
    else
    if (code != CURLE_OK)
        snprintf (reason, reason_size, "translation service %.200s: %s", config->url,
                  curl_easy_strerror (code));
    else
    if (status != 200)
        snprintf (reason, reason_size, "translation service answered HTTP %ld%s%.200s", status,
                  error? ": ": "", error? error: "");
    else
    if (!translation)
        snprintf (reason, reason_size, "translation service answered without a \"text\"");
    else {
        *output = strdup (translation);
        assert (*output);
        snprintf (engine, engine_size, "%s%.60s", named? "http: ": "http", named? named: "");
        rc = 0;
    }
    json_decref (answer);
    return rc;
}

static void
s_worker_handle (s_worker_t *worker, zsock_t *pipe, zmsg_t *request)
{
    char *id = zmsg_popstr (request), *deadline_text = zmsg_popstr (request);
    char *source = zmsg_popstr (request), *target = zmsg_popstr (request);
    char *text = zmsg_popstr (request);
    char *output = NULL, engine [96] = "", reason [IMI_ERROR_MAX] = "";
    int64_t deadline = deadline_text? strtoll (deadline_text, NULL, 10): 0;
    int rc = -1;
    if (!id || !source || !target || !text)
        snprintf (reason, sizeof reason, "malformed request");
    else
    if (zclock_mono () >= deadline)
        snprintf (reason, sizeof reason, "translation timed out after %ld ms",
                  worker->config->timeout_ms);
    else
    if (strcmp (worker->config->backend, "http") == 0)
        rc = s_http (worker, source, target, text, deadline, &output, engine, sizeof engine,
                     reason, sizeof reason);
    else
        rc = s_apertium (worker, source, target, text, deadline, &output, engine, sizeof engine,
                         reason, sizeof reason);
    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, id? id: "0");
    zmsg_addstr (reply, rc == 0? "ok": rc == 1? "none": "error");
    zmsg_addstr (reply, rc == 0? output: reason);
    zmsg_addstr (reply, engine);
    zmsg_addstr (reply, source? source: "");
    zmsg_addstr (reply, target? target: "");
    zmsg_addstr (reply, text? text: "");
    if (zmsg_send (&reply, pipe))
        zmsg_destroy (&reply);
    free (output);
    zstr_free (&id);
    zstr_free (&deadline_text);
    zstr_free (&source);
    zstr_free (&target);
    zstr_free (&text);
}

static void
s_worker (zsock_t *pipe, void *args)
{
    s_worker_t worker = { .config = (const s_config_t *) args };
    imi_thread_start ("imi-translate");
    zsock_signal (pipe, 0);
    while (true) {
        zmsg_t *request = zmsg_recv (pipe);
        if (!request)
            break;
        char *command = zmsg_popstr (request);
        bool terminate = !command || streq (command, "$TERM");
        if (!terminate)
            s_worker_handle (&worker, pipe, request);
        zstr_free (&command);
        zmsg_destroy (&request);
        if (terminate)
            break;
    }
}

//  ---------------------------------------------------------------------------
//  The loop's half: jobs

typedef enum { S_WAITING, S_DONE, S_NONE, S_FAILED } s_outcome_t;

//  One translation a job shows.
typedef struct {
    size_t after;                           //  shown after this many lines of the reply
    char source [4];
    char *text;                             //  the original
    uint64_t id;                            //  of its request at the worker, while waiting
    s_outcome_t outcome;
    char *result;                           //  the translation, or why there is none
    char *engine;                           //  what translated it
    json_t *shown;                          //  a reply that is data: the text's object,
                                            //  which gets its "machine_translation"
} s_entry_t;

struct _imi_translate_job_t {
    char target [4];
    s_entry_t *entries;
    size_t count, capacity;
    bool strict;                            //  a failure makes the reply an error
    zlist_t *lines;                         //  the reply's lines, while waiting
    json_t *document;                       //  or the reply's data, while waiting
    zframe_t *client;                       //  whom to answer, while waiting
    int64_t deadline;                       //  monotonic ms
};

struct _imi_translate_t {
    s_config_t config;                      //  read by the worker thread
    zactor_t *worker;
    zlist_t *jobs;                          //  waiting for the worker
    uint64_t next_id;
    size_t in_flight;                       //  requests at the worker
};

imi_translate_job_t *
imi_translate_job_new (const char *target)
{
    imi_translate_job_t *self = calloc (1, sizeof *self);
    assert (self);
    snprintf (self->target, sizeof self->target, "%s", target);
    return self;
}

void
imi_translate_job_destroy (imi_translate_job_t **self_p)
{
    if (*self_p) {
        imi_translate_job_t *self = *self_p;
        for (size_t index = 0; index < self->count; index++) {
            free (self->entries [index].text);
            free (self->entries [index].result);
            free (self->entries [index].engine);
            json_decref (self->entries [index].shown);
        }
        free (self->entries);
        zlist_destroy (&self->lines);
        json_decref (self->document);
        zframe_destroy (&self->client);
        free (self);
        *self_p = NULL;
    }
}

//  A new entry of job for text in source, or NULL if it is in the target.
static s_entry_t *
s_entry_new (imi_translate_job_t *job, const char *text, const char *source)
{
    if (strcmp (source, job->target) == 0)
        return NULL;
    if (job->count == job->capacity) {
        job->capacity = job->capacity? job->capacity * 2: 8;
        job->entries = realloc (job->entries, job->capacity * sizeof (s_entry_t));
        assert (job->entries);
    }
    s_entry_t *entry = &job->entries [job->count++];
    memset (entry, 0, sizeof *entry);
    snprintf (entry->source, sizeof entry->source, "%s", source);
    entry->text = strdup (text);
    assert (entry->text);
    return entry;
}

void
imi_translate_job_add (imi_translate_job_t *job, zlist_t *lines, const char *text,
                       const char *source)
{
    s_entry_t *entry = s_entry_new (job, text, source);
    if (entry)
        entry->after = zlist_size (lines);
}

void
imi_translate_job_add_data (imi_translate_job_t *job, json_t *shown, const char *text,
                            const char *source)
{
    s_entry_t *entry = s_entry_new (job, text, source);
    if (entry)
        entry->shown = json_incref (shown);
}

json_t *
imi_translate_text (imi_translate_job_t *job, const char *text, const char *source)
{
    json_t *shown = json_pack ("{s:s, s:s}", "lang", source, "original", text);
    if (shown && job)
        imi_translate_job_add_data (job, shown, text, source);
    return shown;
}

static void
s_settle (s_entry_t *entry, s_outcome_t outcome, const char *result, const char *engine)
{
    entry->outcome = outcome;
    free (entry->result);
    free (entry->engine);
    entry->result = strdup (result);
    entry->engine = strdup (engine);
    assert (entry->result && entry->engine);
}

//  Put the translations of a reply that is data into their texts' objects:
//  "machine_translation": {lang, engine, text}, or {lang, error}.
static void
s_fill (imi_translate_job_t *job)
{
    for (size_t index = 0; index < job->count; index++) {
        s_entry_t *entry = &job->entries [index];
        json_t *translation = entry->outcome == S_DONE
                            ? json_pack ("{s:s, s:s, s:s}", "lang", job->target,
                                         "engine", entry->engine, "text", entry->result)
                            : json_pack ("{s:s, s:s}", "lang", job->target,
                                         "error", entry->result);
        if (entry->shown)
            json_object_set_new (entry->shown, "machine_translation", translation);
        else
            json_decref (translation);
    }
}

//  Put the translations into lines: each after the line it follows (its
//  after counts the lines before it), indented two more than that line.
static void
s_merge (imi_translate_job_t *job, zlist_t *lines)
{
    if (!lines)
        return;
    zlist_t *original = zlist_dup (lines);
    zlist_purge (lines);
    size_t number = 0;
    const char *previous = "";
    char *line = (char *) zlist_first (original);
    while (true) {
        int indent = (int) strspn (previous, " ") + 2;
        for (size_t index = 0; index < job->count; index++) {
            s_entry_t *entry = &job->entries [index];
            if (entry->after != number || entry->shown)
                continue;
            char *shown = entry->outcome == S_DONE
                        ? zsys_sprintf ("%*smachine translation [%s\u2192%s, %s]: %s", indent, "",
                                        entry->source, job->target, entry->engine, entry->result)
                        : zsys_sprintf ("%*s(%s)", indent, "", entry->result);
            zlist_append (lines, shown);
            zstr_free (&shown);
        }
        if (!line)
            break;
        zlist_append (lines, line);
        previous = line;
        number++;
        line = (char *) zlist_next (original);
    }
    zlist_destroy (&original);
}

//  Answer the job's client with its lines and translations (job consumed).
static void
s_answer (imi_node_t *node, imi_translate_job_t **job_p)
{
    imi_translate_job_t *job = *job_p;
    s_merge (job, job->lines);
    s_fill (job);
    if (job->document) {
        char *json = imi_lines_json (job->document);
        zlist_append (job->lines, json? json: "{}");
        free (json);
    }
    const char *status = IMI_CONTROL_OK;
    for (size_t index = 0; index < job->count && job->strict; index++)
        if (job->entries [index].outcome != S_DONE) {
            zlist_purge (job->lines);
            zlist_append (job->lines, job->entries [index].result);
            //  No engine for the languages: the request's values are refused
            status = job->entries [index].outcome == S_NONE? IMI_CONTROL_INVALID
                                                           : IMI_CONTROL_ERROR;
        }
    imi_node_reply (node, &job->client, status, job->lines);
    imi_translate_job_destroy (job_p);
}

static void
s_failed (imi_translate_job_t *job, s_entry_t *entry, const char *reason)
{
    char *line = zsys_sprintf ("machine translation failed: %s", reason);
    s_settle (entry, S_FAILED, line, "");
    zstr_free (&line);
    imi_log (IMI_LOG_WARN, "translate.failed", "source=%s target=%s detail=\"%s\"",
             entry->source, job->target, reason);
}

//  Run job for the reply lines, or document (a reply that is data).
static int
s_job_run (imi_node_t *node, imi_translate_job_t **job_p, zlist_t *lines, json_t *document,
           zframe_t **client_p)
{
    imi_translate_job_t *job = *job_p;
    imi_translate_t *self = node->translate;
    *job_p = NULL;
    size_t waiting = 0;
    int64_t job_deadline = 0;          //  when the last of its requests is due
    for (size_t index = 0; index < job->count; index++) {
        s_entry_t *entry = &job->entries [index];
        char *translation, *engine;
        int found = imi_translate_cache_get (node->store, entry->text, entry->source,
                                             job->target, &translation, &engine);
        if (found == 1) {
            s_settle (entry, S_DONE, translation, engine);
            free (translation);
            free (engine);
            continue;
        }
        if (found < 0)
            imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
        if (self->in_flight >= S_IN_FLIGHT_MAX) {
            s_failed (job, entry, "too many translations waiting; try again shortly");
            continue;
        }
        entry->id = ++self->next_id;
        //  The worker takes one request at a time, each given up to
        //  timeout_ms: this one may first wait for those ahead of it.
        int64_t deadline = imi_node_clock ()
                         + (int64_t) (self->in_flight + 1) * self->config.timeout_ms;
        if (deadline > job_deadline)
            job_deadline = deadline;
        zmsg_t *request = zmsg_new ();
        zmsg_addstr (request, "translate");
        zmsg_addstrf (request, "%llu", (unsigned long long) entry->id);
        zmsg_addstrf (request, "%lld", (long long) deadline);
        zmsg_addstr (request, entry->source);
        zmsg_addstr (request, job->target);
        zmsg_addstr (request, entry->text);
        if (zmsg_send (&request, zactor_sock (self->worker))) {
            zmsg_destroy (&request);
            s_failed (job, entry, "the translation worker is not taking requests");
            continue;
        }
        self->in_flight++;
        waiting++;
    }
    if (waiting == 0) {
        s_merge (job, lines);
        s_fill (job);
        for (size_t index = 0; index < job->count && job->strict; index++)
            if (job->entries [index].outcome != S_DONE) {
                imi_error_set ("%s", job->entries [index].result);
                imi_translate_job_destroy (&job);
                return -1;
            }
        imi_translate_job_destroy (&job);
        return 0;
    }
    if (document) {
        job->lines = zlist_new ();
        zlist_autofree (job->lines);
        job->document = json_incref (document);
    }
    else
        job->lines = zlist_dup (lines);
    job->client = *client_p;
    *client_p = NULL;
    job->deadline = job_deadline + S_GRACE_MS;
    zlist_append (self->jobs, job);
    return 1;
}

int
imi_translate_job_run (imi_node_t *node, imi_translate_job_t **job_p, zlist_t *lines,
                       zframe_t **client_p)
{
    return s_job_run (node, job_p, lines, NULL, client_p);
}

imi_translate_job_t *
imi_translate_job_for (bool wanted, const char *lang, const char *reader_lang)
{
    return wanted? imi_translate_job_new (lang? lang: reader_lang): NULL;
}

//  rc, or a refusal when a job would run on a reader's read-only store:
//  the worker is the loop's, and the loop runs the command again.
static int
s_job_here (imi_node_t *node, imi_translate_job_t *job, int rc)
{
    if (rc == 0 && job && imi_store_readonly (node->store))
        rc = imi_error_refuse (IMI_ERROR_WRITER, "machine translation is asked by the loop");
    return rc;
}

int
imi_translate_job_finish (imi_node_t *node, imi_translate_job_t **job_p, int rc,
                          zlist_t *lines, zframe_t **client_p)
{
    rc = s_job_here (node, *job_p, rc);
    if (rc == 0 && *job_p && s_job_run (node, job_p, lines, NULL, client_p) < 0)
        rc = -1;
    imi_translate_job_destroy (job_p);
    return rc;
}

int
imi_translate_job_finish_data (imi_node_t *node, imi_translate_job_t **job_p, int rc,
                               json_t *document, zframe_t **client_p)
{
    rc = s_job_here (node, *job_p, rc);
    if (rc == 0 && *job_p && s_job_run (node, job_p, NULL, document, client_p) < 0)
        rc = -1;
    imi_translate_job_destroy (job_p);
    return rc;
}

static bool
s_language_code (const char *code)
{
    return strlen (code) == 2 && code [0] >= 'a' && code [0] <= 'z' && code [1] >= 'a'
        && code [1] <= 'z';
}

int
imi_translate_command (imi_node_t *node, const char *source, const char *target,
                       const char *text, json_t **result, zframe_t **client_p)
{
    if (!s_language_code (source) || !s_language_code (target))
        return imi_error_malformed ("languages are ISO 639-1 codes such as fr, not '%s' and '%s'",
                                    source, target);
    if (!*text)
        return imi_error_malformed ("nothing to translate");
    if (strlen (text) > IMI_CASE_TEXT_MAX)
        return imi_error_malformed ("text is %zu bytes; at most %d", strlen (text),
                                    IMI_CASE_TEXT_MAX);
    imi_translate_job_t *job = imi_translate_job_new (target);
    job->strict = true;
    *result = imi_translate_text (job, text, source);
    if (!*result) {
        imi_translate_job_destroy (&job);
        return imi_error_set ("out of memory");
    }
    return s_job_run (node, &job, NULL, *result, client_p);
}

//  The loop's part: read one answer of the worker.
static void
imi_translate_receive (imi_node_t *node)
{
    imi_translate_t *self = node->translate;
    zmsg_t *reply = zmsg_recv (zactor_sock (self->worker));
    if (!reply)
        return;
    char *id_text = zmsg_popstr (reply), *outcome = zmsg_popstr (reply);
    char *result = zmsg_popstr (reply), *engine = zmsg_popstr (reply);
    char *source = zmsg_popstr (reply), *target = zmsg_popstr (reply);
    char *text = zmsg_popstr (reply);
    zmsg_destroy (&reply);
    if (self->in_flight)
        self->in_flight--;
    if (!id_text || !outcome || !result || !engine || !source || !target || !text)
        imi_log (IMI_LOG_ERROR, "translate.malformed", "detail=\"worker reply\"");
    else {
        //  Kept even when its job has timed out: the next reader gets it at once.
        if (streq (outcome, "ok")
        &&  imi_translate_cache_put (node->store, text, source, target, engine, result,
                                     imi_node_now ()))
            imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
        uint64_t id = strtoull (id_text, NULL, 10);
        for (imi_translate_job_t *job = (imi_translate_job_t *) zlist_first (self->jobs); job;
             job = (imi_translate_job_t *) zlist_next (self->jobs)) {
            bool waiting = false, found = false;
            for (size_t index = 0; index < job->count; index++) {
                s_entry_t *entry = &job->entries [index];
                if (entry->outcome == S_WAITING && entry->id == id) {
                    found = true;
                    if (streq (outcome, "ok"))
                        s_settle (entry, S_DONE, result, engine);
                    else
                    if (streq (outcome, "none"))
                        s_settle (entry, S_NONE, result, "");
                    else
                        s_failed (job, entry, result);
                }
                waiting |= entry->outcome == S_WAITING;
            }
            if (found) {
                if (!waiting) {
                    zlist_remove (self->jobs, job);
                    s_answer (node, &job);
                }
                break;
            }
        }
    }
    zstr_free (&id_text);
    zstr_free (&outcome);
    zstr_free (&result);
    zstr_free (&engine);
    zstr_free (&source);
    zstr_free (&target);
    zstr_free (&text);
}

//  Reply to jobs whose deadline passed.
static void
imi_translate_tick (imi_node_t *node, int64_t now)
{
    imi_translate_t *self = node->translate;
    imi_translate_job_t *job = (imi_translate_job_t *) zlist_first (self->jobs);
    while (job) {
        imi_translate_job_t *next = (imi_translate_job_t *) zlist_next (self->jobs);
        if (now >= job->deadline) {
            char reason [64];
            snprintf (reason, sizeof reason, "translation timed out after %ld ms",
                      self->config.timeout_ms);
            for (size_t index = 0; index < job->count; index++)
                if (job->entries [index].outcome == S_WAITING)
                    s_failed (job, &job->entries [index], reason);
            zlist_remove (self->jobs, job);
            s_answer (node, &job);
        }
        job = next;
    }
}

//  ---------------------------------------------------------------------------
//  The service

imi_translate_t *
imi_translate_new (const imi_settings_t *settings)
{
    imi_translate_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    snprintf (self->config.backend, sizeof self->config.backend, "%s",
              settings->translate_backend);
    snprintf (self->config.url, sizeof self->config.url, "%s", settings->translate_url);
    self->config.timeout_ms = settings->translate_timeout_ms;
    //  A child that exits before reading all its input must not kill the node.
    signal (SIGPIPE, SIG_IGN);
    if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free (self);
        imi_error_set ("cannot initialise libcurl");
        return NULL;
    }
    self->jobs = zlist_new ();
    self->worker = zactor_new (s_worker, &self->config);
    if (!self->worker) {
        imi_translate_destroy (&self);
        imi_error_set ("cannot start the translation worker");
        return NULL;
    }
    //  The loop never waits on the worker, not even to hand it a request.
    zsock_set_sndtimeo (zactor_sock (self->worker), 0);
    return self;
}

void
imi_translate_destroy (imi_translate_t **self_p)
{
    if (*self_p) {
        imi_translate_t *self = *self_p;
        if (self->worker) {
            zsock_set_sndtimeo (zactor_sock (self->worker), -1);
            zactor_destroy (&self->worker);
        }
        imi_translate_job_t *job;
        while ((job = (imi_translate_job_t *) zlist_pop (self->jobs)))
            imi_translate_job_destroy (&job);
        zlist_destroy (&self->jobs);
        curl_global_cleanup ();
        free (self);
        *self_p = NULL;
    }
}

//  ---------------------------------------------------------------------------
//  Self test

void
imi_translate_test (bool verbose)
{
    if (verbose)
        printf (" * imi_translate: ");

    //  Known answer: `apertium -l` on Debian 12 with the packages of setup.sh.
    const char *listing =
        "  Cyrl-Latn\n  dan-nno\n  dan-nob\n  dan-swe\n  eco-es-fr\n  eco-fr-es\n  eng-hbs\n"
        "  eng-hbs_BS\n  eng-hbs_HR\n  eng-hbs_SR\n  eng-spa\n  es-fr\n  es-pt\n  es-pt_BR\n"
        "  fr-es\n  hbs-eng\n  isl-eng\n  ita-spa\n  nno-dan\n  nno-swe\n  nob-dan\n  nob-swe\n"
        "  pt-es\n  ro-es\n  spa-eng\n  spa-eng_US\n  spa-ita\n  swe-dan\n  swe-nno\n  swe-nob\n";
    imi_translate_mode_t modes [IMI_TRANSLATE_MODES_MAX];
    size_t count = imi_translate_modes_parse (listing, modes, IMI_TRANSLATE_MODES_MAX);
    //  30 listed; out: Cyrl-Latn, eco-es-fr, eco-fr-es, eng-hbs_BS, eng-hbs_SR,
    //  es-pt_BR, spa-eng_US, and eng-hbs (eng-hbs_HR is kept for en->hr).
    assert (count == 22);
    const imi_translate_mode_t *route [2];
    static const struct {
        const char *source, *target;
        int hops;
        const char *first, *second;
    } routes [] = {
        { "fr", "es", 1, "fr-es", NULL },
        { "fr", "en", 2, "fr-es", "spa-eng" },
        { "en", "fr", 2, "eng-spa", "es-fr" },
        { "en", "hr", 1, "eng-hbs_HR", NULL },
        { "hr", "es", 2, "hbs-eng", "eng-spa" },
        { "pt", "it", 2, "pt-es", "spa-ita" },
        { "sv", "nb", 1, "swe-nob", NULL },
        { "is", "es", 2, "isl-eng", "eng-spa" },
        { "fr", "hr", 0, NULL, NULL },          //  fr-es, spa-eng, eng-hbs_HR: three hops
        { "fr", "pl", 0, NULL, NULL },
        { "da", "en", 0, NULL, NULL },
        { "xx", "en", 0, NULL, NULL },
    };
    for (size_t index = 0; index < sizeof routes / sizeof routes [0]; index++) {
        int hops = imi_translate_route (modes, count, routes [index].source,
                                        routes [index].target, route);
        assert (hops == routes [index].hops);
        if (hops >= 1)
            assert (streq (route [0]->mode, routes [index].first));
        if (hops == 2)
            assert (streq (route [1]->mode, routes [index].second));
    }
    //  A full table keeps the first max modes, and says so by its count.
    assert (imi_translate_modes_parse (listing, modes, 3) == 3);
    assert (imi_translate_modes_parse ("", modes, 3) == 0);
    assert (imi_translate_modes_parse ("eco-es-fr es-es x - -fr fr-", modes, 3) == 0);

    //  A show command's job: none unless asked for; into --lang, else into
    //  the reader's language; a view that failed never runs it.
    assert (imi_translate_job_for (false, "en", "fr") == NULL);
    imi_translate_job_t *job = imi_translate_job_for (true, NULL, "fr");
    assert (streq (job->target, "fr"));
    imi_translate_job_destroy (&job);
    job = imi_translate_job_for (true, "en", "fr");
    assert (streq (job->target, "en"));
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    zlist_append (lines, "text [en, as written]: Hello");
    imi_translate_job_add (job, lines, "Hello", "en");
    assert (job->count == 0);
    zlist_append (lines, "text [fr, as written]: Bonjour");
    imi_translate_job_add (job, lines, "Bonjour", "fr");
    assert (job->count == 1 && job->entries [0].after == 2);
    zframe_t *client = zframe_new ("client", 6);
    assert (imi_translate_job_finish (NULL, &job, -2, lines, &client) == -2);
    assert (job == NULL && client && zlist_size (lines) == 2);
    zlist_destroy (&lines);
    //  ... or into free text objects of a reply that is data
    json_t *free_text = imi_translate_text (NULL, "Bonjour", "fr");
    assert (streq (json_string_value (json_object_get (free_text, "lang")), "fr"));
    assert (streq (json_string_value (json_object_get (free_text, "original")), "Bonjour"));
    json_decref (free_text);
    job = imi_translate_job_for (true, "en", "fr");
    json_t *result = json_pack ("{s:o, s:o}", "a", imi_translate_text (job, "Hello", "en"),
                                "b", imi_translate_text (job, "Bonjour", "fr"));
    assert (job->count == 1 && job->entries [0].shown == json_object_get (result, "b"));
    s_settle (&job->entries [0], S_DONE, "Hello", "apertium");
    s_fill (job);
    char *written = json_dumps (result, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert (streq (written, "{\"a\":{\"lang\":\"en\",\"original\":\"Hello\"},\"b\":{\"lang\":"
                            "\"fr\",\"original\":\"Bonjour\",\"machine_translation\":{\"lang\":"
                            "\"en\",\"engine\":\"apertium\",\"text\":\"Hello\"}}}"));
    free (written);
    imi_translate_job_destroy (&job);
    //  A show that failed gives up its job and keeps its client
    job = imi_translate_job_for (true, "en", "fr");
    json_decref (imi_translate_text (job, "Bonjour", "fr"));
    assert (imi_translate_job_finish_data (NULL, &job, -2, result, &client) == -2);
    assert (job == NULL && client);
    json_decref (result);
    zframe_destroy (&client);

    //  The cache: per (text, source, target); a second put replaces.
    char folder [] = "/tmp/imi-translate-XXXXXX";
    assert (mkdtemp (folder));
    char path [256];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    assert (store);
    char *translation = NULL, *engine = NULL;
    const char *text = "Le diplôme est authentique.";
    assert (imi_translate_cache_get (store, text, "fr", "en", &translation, &engine) == 0);
    assert (imi_translate_cache_put (store, text, "fr", "en", "apertium via es",
                                     "The diploma is authentic.", 1) == 0);
    assert (imi_translate_cache_get (store, text, "fr", "en", &translation, &engine) == 1);
    assert (streq (translation, "The diploma is authentic.") && streq (engine, "apertium via es"));
    zstr_free (&translation);
    zstr_free (&engine);
    assert (imi_translate_cache_get (store, text, "fr", "es", &translation, &engine) == 0);
    assert (imi_translate_cache_get (store, text, "es", "en", &translation, &engine) == 0);
    assert (imi_translate_cache_get (store, "Le diplôme est authentique", "fr", "en",
                                     &translation, &engine) == 0);
    assert (imi_translate_cache_put (store, text, "fr", "en", "http", "Authentic.", 2) == 0);
    assert (imi_translate_cache_get (store, text, "fr", "en", &translation, &engine) == 1);
    assert (streq (translation, "Authentic.") && streq (engine, "http"));
    zstr_free (&translation);
    zstr_free (&engine);
    imi_store_destroy (&store);

    //  Child processes: the text goes through stdin and back; a child past
    //  its deadline is killed and said to have timed out, promptly.
    char reason [256], *output = NULL;
    char *cat [] = { "cat", NULL };
    assert (s_run (cat, "hello\n\n", zclock_mono () + 5000, 5000, &output, reason,
                   sizeof reason) == 0);
    assert (streq (output, "hello"));
    zstr_free (&output);
    char *sleeper [] = { "sleep", "10", NULL };
    int64_t started = zclock_mono ();
    assert (s_run (sleeper, "", zclock_mono () + 200, 200, &output, reason, sizeof reason) == -1);
    assert (streq (reason, "translation timed out after 200 ms"));
    assert (zclock_mono () - started < 2000);
    char *missing [] = { "imi-no-such-program", NULL };
    assert (s_run (missing, "x", zclock_mono () + 5000, 5000, &output, reason,
                   sizeof reason) == -1);
    char *failing [] = { "false", NULL };
    assert (s_run (failing, "", zclock_mono () + 5000, 5000, &output, reason,
                   sizeof reason) == -1);
    assert (strstr (reason, "false failed (exit status 1)"));

    snprintf (path, sizeof path, "rm -rf %s", folder);
    assert (system (path) == 0);
    if (verbose)
        printf ("OK\n");
}

//  ---------------------------------------------------------------------------
//  The translation module (imi_module.h)

static int
s_module_start (imi_node_t *node)
{
    node->translate = imi_translate_new (&node->settings);
    return node->translate? 0: -1;
}

static void
s_module_stop (imi_node_t *node)
{
    imi_translate_destroy (&node->translate);
}

static void *
s_module_socket (imi_node_t *node)
{
    return node->translate->worker;
}

const imi_module_t imi_translate_module = {
    .name = "translate", .start = s_module_start, .stop = s_module_stop,
    .tick = imi_translate_tick, .socket = s_module_socket, .readable = imi_translate_receive
};

/*  imi_settings: the daemon's settings table and its reader. */
#include "imi_settings.h"
#include "imi_config.h"
#include "imi_body_case.h"
#include "imi_body_directory.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_log.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  Every setting the daemon reads; anything else in the file is an error.
static const char *const s_known_keys [] = {
    "state", "data_dir", "listen", "control", "manifest", "log_file", "log_level",
    "governance_key", "governance_threshold", "heartbeat_ms", "peer_timeout_ms",
    "retry_min_ms", "retry_max_ms", "window", "max_message_bytes", "catalogue_dir",
    "directory_sync_ms", "attachment_max_bytes", "clock_offset_s", "audit_checkpoint_ms", "audit_log", "test_equivocate_to",
    "test_drop_dir_entries",
    "translate_backend", "translate_url", "translate_timeout_ms",
    "retention_check_ms", "health_outbox_max_s", "health_witness_max_s",
    "http_listen", "http_tls_cert", "http_tls_key", "http_connections_max", "http_timeout_s",
    "http_uploads_max_mb", "http_readers",
    "http_answer_timeout_ms", "http_monitor_listen", "http_connections_per_ip",
    "http_web_root",
    "oidc_issuer", "oidc_client_id", "oidc_client_secret_file", "oidc_redirect_uri",
    "oidc_claim", "oidc_scope", "oidc_provider_name", "oidc_insecure_http", "password_login",
    NULL
};

typedef struct {
    const char *key;
    size_t offset;                  //  of the long in imi_settings_t
    long default_value;
    long minimum;
    long maximum;
} s_number_t;

static const s_number_t s_numbers [] = {
    { "heartbeat_ms", offsetof (imi_settings_t, heartbeat_ms), 1000, 50, 600000 },
    { "peer_timeout_ms", offsetof (imi_settings_t, peer_timeout_ms), 5000, 100, 3600000 },
    { "retry_min_ms", offsetof (imi_settings_t, retry_min_ms), 1000, 10, 600000 },
    { "retry_max_ms", offsetof (imi_settings_t, retry_max_ms), 30000, 10, 3600000 },
    { "window", offsetof (imi_settings_t, window), 1000, 1, 100000 },
    //  At least twice the largest directory entry: pushes and pulls are cut
    //  at half this size, and a message a peer cannot take would stall a link.
    { "max_message_bytes", offsetof (imi_settings_t, max_message_bytes),
      IMI_ENVELOPE_MAX_BYTES, 2 * IMI_DIRECTORY_ENTRY_MAX_BYTES + 4096, IMI_ENVELOPE_MAX_BYTES },
    { "directory_sync_ms", offsetof (imi_settings_t, directory_sync_ms), 10000, 100, 3600000 },
    { "attachment_max_bytes", offsetof (imi_settings_t, attachment_max_bytes),
      10 * 1024 * 1024, 1024, IMI_CASE_FILE_MAX },
    { "audit_checkpoint_ms", offsetof (imi_settings_t, audit_checkpoint_ms), 60000, 100,
      86400000 },
    //  How often the retention job looks for cases to block or delete
    { "retention_check_ms", offsetof (imi_settings_t, retention_check_ms), 3600000, 1000,
      86400000 },
    //  0 turns the audit log off: for bench_delivery's comparison only
    { "audit_log", offsetof (imi_settings_t, audit_log), 1, 0, 1 },
    //  Tests only: the first N DIR_ENTRIES answers this node would send are
    //  dropped (fault injection: a lost answer)
    { "test_drop_dir_entries", offsetof (imi_settings_t, test_drop_dir_entries), 0, 0, 1000 },
    //  Ten years either way: deadline drills, and tests of what time does
    { "clock_offset_s", offsetof (imi_settings_t, clock_offset_s), 0, -315360000, 315360000 },
    { "translate_timeout_ms", offsetof (imi_settings_t, translate_timeout_ms), 5000, 100,
      600000 },
    { "governance_threshold", offsetof (imi_settings_t, governance_threshold), 1, 1,
      IMI_GOVERNANCE_KEYS_MAX },
    //  A message undelivered this long: a link stuck, or a peer gone for long
    { "health_outbox_max_s", offsetof (imi_settings_t, health_outbox_max_s), 600, 1,
      30 * 86400 },
    //  A checkpoint of ours a connected witness has not cosigned for this long
    { "health_witness_max_s", offsetof (imi_settings_t, health_witness_max_s), 600, 1,
      30 * 86400 },
    //  The HTTP API (node/http): open connections at most, a connection
    //  idle this long is closed, the loop's answer to a request waited for
    //  this long (then 503)
    { "http_connections_max", offsetof (imi_settings_t, http_connections_max), 256, 4, 10000 },
    //  ... of one client address at most (0: no limit, behind a reverse
    //  proxy, which is one address for every client)
    { "http_connections_per_ip", offsetof (imi_settings_t, http_connections_per_ip), 64, 0,
      10000 },
    { "http_timeout_s", offsetof (imi_settings_t, http_timeout_s), 10, 1, 3600 },
    { "http_answer_timeout_ms", offsetof (imi_settings_t, http_answer_timeout_ms), 5000, 100,
      600000 },
    //  The forms with files (attachments) being received, held in memory,
    //  MiB at most in all: past it a new one waits (503); one is always
    //  taken, however large
    { "http_uploads_max_mb", offsetof (imi_settings_t, http_uploads_max_mb), 64, 1, 65536 },
    //  Threads that answer the API's reads on read-only connections of
    //  the database, beside the loop (node/control/imi_readers; 0: the loop
    //  answers every request)
    { "http_readers", offsetof (imi_settings_t, http_readers), 2, 0, IMI_HTTP_READERS_MAX },
};

static int
s_copy (char *out, size_t size, const char *value, const char *key)
{
    if (strlen (value) >= size)
        return imi_error_set ("setting '%s' is too long", key);
    strcpy (out, value);
    return 0;
}

//  A yes/no setting into *value (fallback if absent). 0 or -1.
static int
s_yes_no (imi_config_t *config, const char *path, const char *key, bool fallback, bool *value)
{
    const char *text = imi_config_get (config, key, fallback? "yes": "no");
    if (strcmp (text, "yes") != 0 && strcmp (text, "no") != 0)
        return imi_error_set ("%s: %s '%s' is yes or no", path, key, text);
    *value = strcmp (text, "yes") == 0;
    return 0;
}

//  Sign-in through an OpenID Connect provider: off unless oidc_issuer is
//  set; then the client, its secret's file and the redirect URI are
//  needed (the URLs' schemes are imi_oidc's to check: https unless
//  oidc_insecure_http). Password logins: on unless password_login = no,
//  which needs a provider (else nobody could sign in). 0 or -1.
static int
s_oidc_load (imi_settings_t *settings, imi_config_t *config, const char *path)
{
    static const struct {
        const char *key;
        size_t offset, size;
        const char *fallback;
    } texts [] = {
        { "oidc_issuer", offsetof (imi_settings_t, oidc_issuer),
          sizeof settings->oidc_issuer, "" },
        { "oidc_client_id", offsetof (imi_settings_t, oidc_client_id),
          sizeof settings->oidc_client_id, "" },
        { "oidc_redirect_uri", offsetof (imi_settings_t, oidc_redirect_uri),
          sizeof settings->oidc_redirect_uri, "" },
        { "oidc_claim", offsetof (imi_settings_t, oidc_claim), sizeof settings->oidc_claim,
          "sub" },
        { "oidc_scope", offsetof (imi_settings_t, oidc_scope), sizeof settings->oidc_scope,
          "openid" },
        { "oidc_provider_name", offsetof (imi_settings_t, oidc_provider_name),
          sizeof settings->oidc_provider_name, "" },
    };
    for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++)
        if (s_copy ((char *) settings + texts [index].offset, texts [index].size,
                    imi_config_get (config, texts [index].key, texts [index].fallback),
                    texts [index].key))
            return imi_error_set ("%s: %s", path, imi_error_last ());
    const char *secret = imi_config_get_path (config, "oidc_client_secret_file", NULL);
    if (s_copy (settings->oidc_client_secret_file, sizeof settings->oidc_client_secret_file,
                secret? secret: "", "oidc_client_secret_file"))
        return imi_error_set ("%s: %s", path, imi_error_last ());
    if (s_yes_no (config, path, "oidc_insecure_http", false, &settings->oidc_insecure_http)
    ||  s_yes_no (config, path, "password_login", true, &settings->password_login))
        return -1;
    if (!*settings->oidc_issuer) {
        if (!settings->password_login)
            return imi_error_set ("%s: password_login = no needs a provider to sign in with "
                                  "(oidc_issuer)", path);
        return 0;
    }
    if (!*settings->oidc_client_id || !*settings->oidc_client_secret_file
    ||  !*settings->oidc_redirect_uri)
        return imi_error_set ("%s: oidc_issuer needs oidc_client_id, oidc_client_secret_file "
                              "and oidc_redirect_uri", path);
    if (!*settings->http_listen)
        return imi_error_set ("%s: oidc_issuer needs the HTTP API (http_listen)", path);
    if (!strstr (settings->oidc_redirect_uri, "://"))
        return imi_error_set ("%s: oidc_redirect_uri '%s' is not a URL", path,
                              settings->oidc_redirect_uri);
    if (!*settings->oidc_provider_name) {
        //  The issuer's host, as people know their provider by its address
        const char *host = strstr (settings->oidc_issuer, "://");
        host = host? host + 3: settings->oidc_issuer;
        snprintf (settings->oidc_provider_name, sizeof settings->oidc_provider_name, "%.*s",
                  (int) strcspn (host, "/:"), host);
    }
    return 0;
}

static int
s_load (imi_settings_t *settings, imi_config_t *config, const char *path)
{
    memset (settings, 0, sizeof *settings);
    if (imi_config_check_keys (config, s_known_keys))
        return -1;

    const char *state = imi_config_get (config, "state", NULL);
    if (!state)
        return imi_error_set ("%s: missing setting 'state' (this node's member state, e.g. DE)", path);
    if (!imi_state_code_valid (state))
        return imi_error_set ("%s: state '%s' is not a two-letter upper-case code", path, state);
    memcpy (settings->state, state, 3);

    const char *data_dir = imi_config_get_path (config, "data_dir", NULL);
    if (!data_dir)
        return imi_error_set ("%s: missing setting 'data_dir'", path);
    if (s_copy (settings->data_dir, sizeof settings->data_dir, data_dir, "data_dir"))
        return -1;

    const char *listen = imi_config_get (config, "listen", NULL);
    if (!listen)
        return imi_error_set ("%s: missing setting 'listen' (e.g. tcp://127.0.0.1:7001)", path);
    if (strncmp (listen, "tcp://", 6) != 0)
        return imi_error_set ("%s: listen '%s' must be a tcp:// endpoint", path, listen);
    if (s_copy (settings->listen, sizeof settings->listen, listen, "listen"))
        return -1;

    char default_control [IMI_PATH_MAX + 32];
    snprintf (default_control, sizeof default_control, "ipc://%s/control.sock", settings->data_dir);
    if (s_copy (settings->control, sizeof settings->control,
                imi_config_get (config, "control", default_control), "control"))
        return -1;

    const char *manifest = imi_config_get_path (config, "manifest", NULL);
    if (s_copy (settings->manifest, sizeof settings->manifest, manifest? manifest: "", "manifest"))
        return -1;
    const char *log_file = imi_config_get_path (config, "log_file", NULL);
    if (s_copy (settings->log_file, sizeof settings->log_file, log_file? log_file: "", "log_file"))
        return -1;
    const char *catalogue_dir = imi_config_get_path (config, "catalogue_dir",
                                                     IMI_DEFAULT_CATALOGUE_DIR);
    if (s_copy (settings->catalogue_dir, sizeof settings->catalogue_dir, catalogue_dir,
                "catalogue_dir"))
        return -1;
    //  Fault injection for the witnessing tests: never set on a node in service.
    const char *equivocate = imi_config_get (config, "test_equivocate_to", "");
    if (*equivocate && !imi_state_code_valid (equivocate))
        return imi_error_set ("%s: test_equivocate_to '%s' is not a state code", path, equivocate);
    snprintf (settings->test_equivocate_to, sizeof settings->test_equivocate_to, "%s",
              equivocate);
    //  Machine translation of free text (imi_translate): which engine, and
    //  where the http one listens.
    const char *backend = imi_config_get (config, "translate_backend", "apertium");
    if (strcmp (backend, "apertium") != 0 && strcmp (backend, "http") != 0)
        return imi_error_set ("%s: translate_backend '%s' is apertium or http", path, backend);
    snprintf (settings->translate_backend, sizeof settings->translate_backend, "%s", backend);
    const char *url = imi_config_get (config, "translate_url", "");
    if (strcmp (backend, "http") == 0 && strncmp (url, "http://", 7) != 0
    &&  strncmp (url, "https://", 8) != 0)
        return imi_error_set ("%s: translate_backend = http needs translate_url = "
                              "http://HOST:PORT/PATH", path);
    if (s_copy (settings->translate_url, sizeof settings->translate_url, url, "translate_url"))
        return -1;
    //  The HTTP API: off unless http_listen names an address; TLS if both
    //  the certificate and its key are given.
    if (s_copy (settings->http_listen, sizeof settings->http_listen,
                imi_config_get (config, "http_listen", ""), "http_listen"))
        return -1;
    if (s_copy (settings->http_monitor_listen, sizeof settings->http_monitor_listen,
                imi_config_get (config, "http_monitor_listen", ""), "http_monitor_listen"))
        return -1;
    if (*settings->http_monitor_listen
    &&  strcmp (settings->http_monitor_listen, settings->http_listen) == 0)
        return imi_error_set ("%s: http_monitor_listen must differ from http_listen (leave it "
                              "empty to serve monitoring on http_listen)", path);
    const char *tls_cert = imi_config_get_path (config, "http_tls_cert", NULL);
    const char *tls_key = imi_config_get_path (config, "http_tls_key", NULL);
    if (!tls_cert != !tls_key)
        return imi_error_set ("%s: http_tls_cert and http_tls_key go together", path);
    if (s_copy (settings->http_tls_cert, sizeof settings->http_tls_cert, tls_cert? tls_cert: "",
                "http_tls_cert")
    ||  s_copy (settings->http_tls_key, sizeof settings->http_tls_key, tls_key? tls_key: "",
                "http_tls_key"))
        return -1;
    //  The web application's files (node/http/imi_web.h): the folder named,
    //  which must be one; else the installed one if it is there; empty: none.
    const char *web_root = imi_config_get (config, "http_web_root", NULL);
    struct stat info;
    if (web_root && *web_root) {
        web_root = imi_config_get_path (config, "http_web_root", NULL);
        if (!web_root || stat (web_root, &info) || !S_ISDIR (info.st_mode))
            return imi_error_set ("%s: http_web_root '%s' is not a folder", path,
                                  imi_config_get (config, "http_web_root", ""));
    }
    else
    if (!web_root && stat (IMI_DEFAULT_WEB_DIR, &info) == 0 && S_ISDIR (info.st_mode))
        web_root = IMI_DEFAULT_WEB_DIR;
    if (s_copy (settings->http_web_root, sizeof settings->http_web_root,
                web_root? web_root: "", "http_web_root"))
        return -1;
    if (s_oidc_load (settings, config, path))
        return -1;
    const char *log_level = imi_config_get (config, "log_level", "info");
    imi_log_level_t level;
    if (imi_log_level_parse (log_level, &level))
        return imi_error_set ("%s: log_level '%s' is not one of debug, info, warn, error",
                              path, log_level);
    if (s_copy (settings->log_level, sizeof settings->log_level, log_level, "log_level"))
        return -1;

    settings->governance_key_count = imi_config_count (config, "governance_key");
    if (settings->governance_key_count == 0)
        return imi_error_set ("%s: missing setting 'governance_key' (hex public key that signs "
                              "the federation manifest)", path);
    if (settings->governance_key_count > IMI_GOVERNANCE_KEYS_MAX)
        return imi_error_set ("%s: more than %d governance keys", path, IMI_GOVERNANCE_KEYS_MAX);
    for (size_t index = 0; index < settings->governance_key_count; index++) {
        const char *hex = imi_config_get_nth (config, "governance_key", index);
        if (imi_hex_decode (settings->governance_keys [index], IMI_SIGN_PUBLIC_BYTES, hex))
            return imi_error_set ("%s: governance_key '%s' is not 64 hex digits", path, hex);
    }

    for (size_t index = 0; index < sizeof s_numbers / sizeof s_numbers [0]; index++) {
        const s_number_t *number = &s_numbers [index];
        long value;
        if (imi_config_get_int (config, number->key, number->default_value,
                                number->minimum, number->maximum, &value))
            return -1;
        *(long *) ((char *) settings + number->offset) = value;
    }
    if ((size_t) settings->governance_threshold > settings->governance_key_count)
        return imi_error_set ("%s: governance_threshold %ld is more than the %zu governance keys",
                              path, settings->governance_threshold,
                              settings->governance_key_count);
    if (settings->retry_max_ms < settings->retry_min_ms)
        return imi_error_set ("%s: retry_max_ms is below retry_min_ms", path);
    return 0;
}

int
imi_settings_load (imi_settings_t *settings, const char *path)
{
    imi_config_t *config = imi_config_load (path);
    if (!config)
        return -1;
    int rc = s_load (settings, config, path);
    imi_config_destroy (&config);
    return rc;
}

int
imi_settings_control_endpoint (const char *path, char *endpoint, size_t size)
{
    imi_settings_t *settings = calloc (1, sizeof *settings);
    if (!settings)
        return imi_error_set ("out of memory");
    int rc = imi_settings_load (settings, path);
    if (rc == 0)
        rc = s_copy (endpoint, size, settings->control, "control");
    free (settings);
    return rc;
}

void
imi_settings_test (void)
{
    char folder [] = "/tmp/imi-settings-XXXXXX";
    assert (mkdtemp (folder));
    char path [256];
    snprintf (path, sizeof path, "%s/node.conf", folder);
    imi_settings_t settings;
    static const char *key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    struct { const char *text; const char *error; } cases [] = {
        { "data_dir = x\nlisten = tcp://127.0.0.1:1\n", "missing setting 'state'" },
        { "state = de\n", "not a two-letter" },
        { "state = DE\nlisten = tcp://127.0.0.1:1\n", "missing setting 'data_dir'" },
        { "state = DE\ndata_dir = d\nlisten = udp://x\n", "must be a tcp://" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\n", "governance_key" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\ngovernance_key = abc\n",
          "not 64 hex" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nwindow = 0\ngovernance_key = "
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n", "window" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nlog_level = loud\n", "log_level" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nmax_message_bytes = 65536\n"
          "governance_key = d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n",
          "max_message_bytes '65536' must be a whole number from 135168" },
        { "state = DE\ndata_dir = d\nlistn = tcp://127.0.0.1:1\n", "listn" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\ntranslate_backend = babel\n",
          "translate_backend 'babel' is apertium or http" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\ntranslate_backend = http\n",
          "needs translate_url" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nhttp_tls_cert = de.crt\n",
          "http_tls_cert and http_tls_key go together" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nhttp_listen = 127.0.0.1:8080\n"
          "http_monitor_listen = 127.0.0.1:8080\n", "http_monitor_listen must differ" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\nhttp_web_root = /nonexistent\n",
          "http_web_root '/nonexistent' is not a folder" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\npassword_login = no\n",
          "password_login = no needs a provider" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\npassword_login = maybe\n",
          "password_login 'maybe' is yes or no" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\n"
          "oidc_issuer = https://id.example\n", "oidc_issuer needs oidc_client_id" },
        { "state = DE\ndata_dir = d\nlisten = tcp://127.0.0.1:1\n"
          "oidc_issuer = https://id.example\noidc_client_id = imi\noidc_client_secret_file = s\n"
          "oidc_redirect_uri = https://imi.example/api/v1/login/oidc/callback\n",
          "oidc_issuer needs the HTTP API" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        FILE *file = fopen (path, "w");
        assert (file);
        fputs (cases [index].text, file);
        fclose (file);
        assert (imi_settings_load (&settings, path) == -1);
        assert (strstr (imi_error_last (), cases [index].error));
    }

    FILE *file = fopen (path, "w");
    assert (file);
    fprintf (file, "state = DE\ndata_dir = data\nlisten = tcp://127.0.0.1:7001\n"
                   "governance_key = %s\nwindow = 50\n", key);
    fclose (file);
    assert (imi_settings_load (&settings, path) == 0);
    assert (strcmp (settings.state, "DE") == 0);
    char expected [512];
    snprintf (expected, sizeof expected, "%s/data", folder);
    assert (strcmp (settings.data_dir, expected) == 0);
    snprintf (expected, sizeof expected, "ipc://%s/data/control.sock", folder);
    assert (strcmp (settings.control, expected) == 0);
    assert (settings.window == 50 && settings.heartbeat_ms == 1000);
    assert (strcmp (settings.translate_backend, "apertium") == 0);
    assert (settings.translate_timeout_ms == 5000 && *settings.translate_url == 0);
    assert (settings.health_outbox_max_s == 600);
    assert (settings.health_witness_max_s == 600);
    assert (*settings.http_listen == 0 && *settings.http_tls_cert == 0
         && *settings.http_monitor_listen == 0);
    assert (settings.http_connections_max == 256 && settings.http_timeout_s == 10
         && settings.http_answer_timeout_ms == 5000);
    assert (settings.governance_key_count == 1 && settings.governance_threshold == 1);
    assert (settings.password_login && !*settings.oidc_issuer && !settings.oidc_insecure_http);
    assert (strcmp (settings.oidc_claim, "sub") == 0 && strcmp (settings.oidc_scope, "openid") == 0);
    //  A provider: its name is the issuer's host unless given
    fprintf ((file = fopen (path, "a")), "http_listen = 127.0.0.1:8080\n"
             "oidc_issuer = https://login.example.de:8443/realms/imi\noidc_client_id = imi-de\n"
             "oidc_client_secret_file = oidc.secret\npassword_login = no\n"
             "oidc_redirect_uri = https://imi.example.de/api/v1/login/oidc/callback\n");
    fclose (file);
    assert (imi_settings_load (&settings, path) == 0);
    assert (strcmp (settings.oidc_provider_name, "login.example.de") == 0 && !settings.password_login);
    assert (strstr (settings.oidc_client_secret_file, folder) && strstr (settings.oidc_client_secret_file,
                                                                         "/oidc.secret"));
    fprintf ((file = fopen (path, "a")), "http_web_root = .\n");
    fclose (file);
    assert (imi_settings_load (&settings, path) == 0
         && strcmp (settings.http_web_root, folder) != 0 && strstr (settings.http_web_root, folder));
    fprintf ((file = fopen (path, "a")), "http_web_root =\n");
    fclose (file);
    assert (imi_settings_load (&settings, path) == 0 && *settings.http_web_root == 0);
    char endpoint [IMI_PATH_MAX];
    assert (imi_settings_control_endpoint (path, endpoint, sizeof endpoint) == 0);
    assert (strcmp (endpoint, expected) == 0);
    unlink (path);
    rmdir (folder);
}

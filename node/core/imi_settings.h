/*  imi_settings: a node's configuration, read from its config file.

    Every setting the daemon understands is in one table in imi_settings.c,
    with its default; an unknown key is an error (typos do not pass silently).
    Relative paths resolve next to the config file. See docs/operating.md,
    "Configuration".
*/
#ifndef IMI_SETTINGS_H
#define IMI_SETTINGS_H

#include "imi_crypto.h"

#include <stddef.h>
#include <stdint.h>

#define IMI_PATH_MAX 1024
#define IMI_GOVERNANCE_KEYS_MAX 8

//  The most HTTP readers a node starts (setting http_readers).
#define IMI_HTTP_READERS_MAX 16

typedef struct {
    char state [3];                         //  this node's member state
    char data_dir [IMI_PATH_MAX];           //  database, identity, accepted manifest
    char listen [IMI_PATH_MAX];             //  ROUTER bind endpoint (tcp://127.0.0.1:PORT)
    char control [IMI_PATH_MAX];            //  control endpoint (ipc://...)
    char manifest [IMI_PATH_MAX];           //  bootstrap manifest file ("" = only the stored one)
    char log_file [IMI_PATH_MAX];           //  "" = stderr
    char log_level [16];
    uint8_t governance_keys [IMI_GOVERNANCE_KEYS_MAX][IMI_SIGN_PUBLIC_BYTES];
    size_t governance_key_count;
    long governance_threshold;              //  signatures needed on a manifest
    long heartbeat_ms;                      //  PING interval per peer
    long peer_timeout_ms;                   //  no PONG for this long = disconnected
    long retry_min_ms;                      //  first retransmit timeout
    long retry_max_ms;                      //  backoff ceiling
    long window;                            //  unreceipted messages in flight per peer
    long max_message_bytes;                 //  largest envelope accepted
    char catalogue_dir [IMI_PATH_MAX];      //  legal areas and procedures (data files)
    long directory_sync_ms;                 //  frontier exchange with each peer, this often
    long attachment_max_bytes;              //  largest case attachment taken or sent
    long clock_offset_s;                    //  added to the wall clock (tests, drills)
    long audit_checkpoint_ms;               //  sign a checkpoint of the log this often
    long audit_log;                         //  1; 0 only to measure what the log costs
    long retention_check_ms;                //  run the retention job this often
    char test_equivocate_to [3];            //  tests only: show this peer a false checkpoint
    long test_drop_dir_entries;             //  tests only: drop our first N DIR_ENTRIES answers
    char translate_backend [16];            //  machine translation: "apertium" or "http"
    char translate_url [IMI_PATH_MAX];      //  the http backend's endpoint ("" unless http)
    long translate_timeout_ms;              //  a translation answers within this, or times out
    long health_outbox_max_s;               //  an older undelivered message: health degraded
    long health_witness_max_s;              //  an older uncosigned checkpoint: health degraded
    char http_listen [64];                  //  the HTTP API's address, "IP:PORT" ("" = off)
    char http_tls_cert [IMI_PATH_MAX];      //  its certificate, PEM ("" = plain HTTP)
    char http_tls_key [IMI_PATH_MAX];       //  and its key, PEM
    long http_connections_max;              //  open HTTP connections at most
    long http_connections_per_ip;           //  ... of one client address (0: no limit)
    long http_timeout_s;                    //  an idle HTTP connection is closed after this
    long http_answer_timeout_ms;            //  the loop's answer to a request, waited this long
    long http_uploads_max_mb;               //  forms with files being received at once
                                            //  (spooled to disk), MiB at most
    long http_readers;                      //  threads answering the API's reads (0: the loop;
                                            //  at most IMI_HTTP_READERS_MAX)
    char http_monitor_listen [64];          //  /metrics and /health/* there instead ("":
                                            //  on http_listen), plain HTTP
    char http_web_root [IMI_PATH_MAX];      //  the web application's files ("": not served)
    //  Sign-in through an OpenID Connect provider (node/http/imi_oidc.h)
    char oidc_issuer [IMI_PATH_MAX];        //  the provider ("": none)
    char oidc_client_id [256];              //  the node, as registered there
    char oidc_client_secret_file [IMI_PATH_MAX];    //  its secret (mode 0600)
    char oidc_redirect_uri [IMI_PATH_MAX];  //  .../api/v1/login/oidc/callback, registered
    char oidc_claim [64];                   //  which claim names the person ("sub")
    char oidc_scope [256];                  //  the scopes asked for ("openid")
    char oidc_provider_name [128];          //  "Sign in with ..." (the issuer's host)
    bool oidc_insecure_http;                //  http:// provider allowed: tests only
    bool password_login;                    //  names and passwords sign in (default yes)
    bool recover;                           //  not a setting: imi-node --recover (imi_recovery)
} imi_settings_t;

//  Read the config file at path into settings. Returns 0, or -1 with a
//  reason naming the file, line or setting at fault.
int imi_settings_load (imi_settings_t *settings, const char *path);

//  Control endpoint for a config file, without checking the rest (imictl).
int imi_settings_control_endpoint (const char *path, char *endpoint, size_t size);

void imi_settings_test (void);

#endif

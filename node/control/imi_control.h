/*  imi_control: the node's local control endpoint, which imictl talks to.

    Request: one ZeroMQ message, frames [command, arguments...] (strings,
    except manifest-install whose argument is the manifest's bytes). A
    command run as a user (whoami, the case commands) has the session token
    of `login` as its first argument; one the operator may also run
    (user-*) has the token or "-" for the operator (see imi_control.c).
    Reply: frames [status, lines...]; table commands send a header line then
    rows, columns separated by tabs, which imictl aligns. A command whose
    result is data (whoami, login, search, authority-show, health, the case
    commands and kpi: more to follow, docs/http.md) answers [status, one
    line of JSON] instead, which imictl renders as its table (or prints
    with --json) and the HTTP server sends as the body. The status is "ok", "degraded" (health), "progress"
    (a long command, more to come), or on failure "error" or a kind of
    error the HTTP server maps to its status code (below); the line after
    it is the reason. The endpoint is ipc:// inside data_dir (mode 0700):
    only the node's operator can reach it; the node's HTTP server reaches
    it in-process (imi_node_control_inproc), as connections whose routing
    id starts with IMI_CONTROL_HTTP_PREFIX. The command table is in
    imi_control.c.
*/
#ifndef IMI_CONTROL_H
#define IMI_CONTROL_H

#include "imi_manifest.h"
#include "imi_lines.h"
#include "imi_module.h"

#include <czmq.h>
#include <jansson.h>

//  Reply statuses
#define IMI_CONTROL_OK              "ok"
#define IMI_CONTROL_DEGRADED        "degraded"      //  health: answered, not healthy
#define IMI_CONTROL_ERROR           "error"         //  any other failure
#define IMI_CONTROL_INVALID         "invalid"       //  the request's arguments are wrong
#define IMI_CONTROL_UNAUTHORIZED    "unauthorized"  //  no live session, or a failed login
#define IMI_CONTROL_NOT_FOUND       "not_found"     //  no such thing (or command, over HTTP)
#define IMI_CONTROL_FORBIDDEN       "forbidden"     //  the user may not do this
#define IMI_CONTROL_CONFLICT        "conflict"      //  not now: the thing's state forbids it
#define IMI_CONTROL_TOO_MANY        "too_many"      //  throttled; the line after the reason
                                                    //  is the seconds to wait
#define IMI_CONTROL_LOOP            "loop"          //  a reader cannot answer it: ask the
                                                    //  loop (imi_readers; in-process only)
#define IMI_CONTROL_UNAVAILABLE     "unavailable"   //  not now: the spool folder cannot
                                                    //  take the content, or a batch's
                                                    //  commit failed (the disk is full)

//  A keyed request of the HTTP server: [IMI_CONTROL_IDEMPOTENT, key,
//  command, token, arguments...] (imi_idempotency.h).
#define IMI_CONTROL_IDEMPOTENT      "idempotent"

//  A request of the HTTP server whose content (an attachment) is to come
//  through a spool file the server made (imi_spool.h): [IMI_CONTROL_SPOOLED,
//  spool file name, command, token, arguments...]. The answerer writes the
//  content into that file (it never creates one) and replies [ok, the
//  content's size in decimal] instead of [ok, content].
#define IMI_CONTROL_SPOOLED         "spooled"

//  The routing id of every connection of the node's HTTP server starts so.
#define IMI_CONTROL_HTTP_PREFIX     "http:"

//  A manifest as data, {federation, version, issued_ms, signatures,
//  signed_by: [key], next_governance_keys: [key], next_governance_threshold
//  (null if it names no next governance), nodes: [{state, endpoint,
//  sign_key, curve_key}]}, keys in hex: the caller's, or NULL if out of
//  memory.
json_t *imi_control_manifest_value (imi_manifest_t *manifest);

//  Does request ([command, token, arguments...], as the HTTP server sends
//  it, maybe after [IMI_CONTROL_SPOOLED, name]) name a command that only
//  reads, which a reader may answer?
bool imi_control_reads (zmsg_t *request);

//  Answer a control request (consumed: [routing id, command, token,
//  arguments...]) on a reader's view of the node (imi_node_reader_new):
//  the reply goes to the view's held_replies, for the reader to take. A
//  command that only reads, from the node's HTTP server; anything else is
//  answered IMI_CONTROL_LOOP (then true).
bool imi_control_read (imi_node_t *reader, zmsg_t **request_p);

//  The control module: the requests on the control endpoint, the long
//  command in steps, the node's retention timer (imi_module.h).
extern const imi_module_t imi_control_module;

#endif

/*  imictl_audit: audit, the node's verifiable log: its state, a new
    checkpoint, the auditor's bundle, a message's inclusion proof.
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

//  A root as audit status has always shown those of checkpoints: in upper
//  case (SQLite's hex ()); the JSON has every hash in lower case.
static void
s_upper (const char *text, char *out, size_t size)
{
    size_t index;
    for (index = 0; text && text [index] && index + 1 < size; index++)
        out [index] = (char) toupper ((unsigned char) text [index]);
    out [index] = 0;
}

//  audit status's result: "what name size root more" rows: the log, our
//  latest checkpoint and its cosigners, what we witnessed, equivocations.
static void
s_render_status (json_t *value, zlist_t *lines)
{
    imictl_row (lines, 5, (const char *[]) { "what", "name", "size", "root", "more" });
    json_t *log = json_object_get (value, "log");
    const char *origin = json_string_value (json_object_get (log, "origin"));
    const char *root = json_string_value (json_object_get (log, "root"));
    char size [24], upper [80], more [512];
    snprintf (size, sizeof size, "%" JSON_INTEGER_FORMAT,
              json_integer_value (json_object_get (log, "size")));
    imictl_row (lines, 5, (const char *[]) { "log", origin? origin: "", size, root? root: "",
                                             "-" });
    json_t *checkpoint = json_object_get (value, "checkpoint");
    if (json_is_object (checkpoint)) {
        snprintf (size, sizeof size, "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (checkpoint, "size")));
        s_upper (json_string_value (json_object_get (checkpoint, "root")), upper, sizeof upper);
        size_t used = 0, index;
        json_t *cosigner;
        more [0] = 0;
        json_array_foreach (json_object_get (checkpoint, "cosigners"), index, cosigner)
            if (used < sizeof more)
                used += (size_t) snprintf (more + used, sizeof more - used, "%s%s",
                                           index? " ": "", json_string_value (cosigner));
        imictl_row (lines, 5, (const char *[]) { "checkpoint", origin? origin: "", size, upper,
                                                 used? more: "-" });
    }
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (value, "witnessed"), index, item) {
        const char *peer = json_string_value (json_object_get (item, "origin"));
        snprintf (size, sizeof size, "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (item, "size")));
        s_upper (json_string_value (json_object_get (item, "root")), upper, sizeof upper);
        imictl_row (lines, 5, (const char *[]) { "witnessed", peer? peer: "", size, upper,
                                                 "directly" });
    }
    json_array_foreach (json_object_get (value, "equivocations"), index, item) {
        const char *peer = json_string_value (json_object_get (item, "origin"));
        snprintf (size, sizeof size, "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (item, "size")));
        snprintf (more, sizeof more, "found at %" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (item, "found_ms")));
        imictl_row (lines, 5, (const char *[]) { "equivocation", peer? peer: "", size, "-",
                                                 more });
    }
}

//  audit proof's result: index, size, leaf_hash, root, then a proof line
//  per hash of the path.
static void
s_render_proof (json_t *value, zlist_t *lines)
{
    static const char *const names [] = { "index", "size", "leaf_hash", "root" };
    for (size_t index = 0; index < sizeof names / sizeof names [0]; index++) {
        json_t *member = json_object_get (value, names [index]);
        char number [24];
        snprintf (number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value (member));
        const char *text = json_is_string (member)? json_string_value (member): number;
        imictl_row (lines, 2, (const char *[]) { names [index], text });
    }
    size_t index;
    json_t *hash;
    json_array_foreach (json_object_get (value, "proof"), index, hash) {
        const char *text = json_string_value (hash);
        imictl_row (lines, 2, (const char *[]) { "proof", text? text: "" });
    }
}

static int
s_audit (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] audit status | checkpoint | "
                               "export DIR | proof MESSAGE_ID";
    const char *sub = options->argc > 0? options->argv [0]: "";
    zmsg_t *request = zmsg_new ();
    zmsg_addstrf (request, "audit-%s", sub);
    if (options->argc == 1 && strcmp (sub, "status") == 0)
        return imictl_call_data (options, &request, s_render_status);
    if (options->argc == 1 && strcmp (sub, "checkpoint") == 0)
        return imictl_call_data (options, &request, imictl_render_row);
    if (options->argc == 2 && strcmp (sub, "proof") == 0) {
        zmsg_addstr (request, "message_id");
        zmsg_addstr (request, options->argv [1]);
        return imictl_call_data (options, &request, s_render_proof);
    }
    if (options->argc == 2 && strcmp (sub, "export") == 0) {
        //  The node writes the bundle: give it an absolute path
        char *path = options->argv [1][0] != '/'? realpath (".", NULL): NULL;
        if (path)
            zmsg_addstrf (request, "%s/%s", path, options->argv [1]);
        else
            zmsg_addstr (request, options->argv [1]);
        free (path);
        return imictl_call_data (options, &request, imictl_render_pairs);
    }
    zmsg_destroy (&request);
    return imictl_fail ("%s", usage);
}

const imictl_command_t imictl_audit_commands [] = {
    { "audit", s_audit, "audit status | checkpoint | export DIR | proof MESSAGE_ID: the "
      "node's verifiable log" },
    { NULL, NULL, NULL }
};

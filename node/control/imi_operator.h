/*  imi_operator: operator test messages (TEXT), the simplest domain there is.

    An operator sends a line of text to another state's node (`imictl send`)
    to check the whole path: sealing, signing, the outbox, the link, the
    receipt. Applying one stores it in operator_messages, exactly once;
    `imictl messages` lists them.
*/
#ifndef IMI_OPERATOR_H
#define IMI_OPERATOR_H

#include "imi_envelope.h"
#include "imi_module.h"
#include "imi_peer.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

//  Within the batch transaction: store the text of a TEXT message from peer.
//  0, -2 if the body is malformed, -1 on a database error.
int imi_operator_apply (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                        const uint8_t *plain, size_t plain_size, int64_t now_ms);

//  Append to items (a JSON array) the last limit messages, from peer only
//  if peer is not NULL, oldest first: {id, from, seq, sent_ms,
//  received_ms, text} each. 0 or -1.
int imi_operator_list (imi_store_t *store, const char *peer, long limit, json_t *items);

//  Count of stored messages (from peer if not NULL), and of distinct texts.
int imi_operator_count (imi_store_t *store, const char *peer, int64_t *count, int64_t *distinct);

//  Enqueue count operator test messages to peer in one transaction: text,
//  or with number "text #first" .. "text #(first + count - 1)". 0 or -1.
int imi_operator_send (imi_node_t *node, imi_peer_t *peer, const char *text, long first,
                       long count, bool number);

//  The operator module: TEXT, the operator's test messages (imi_module.h).
extern const imi_module_t imi_operator_module;

#endif

/*  imi_attachments: files attached to a case's or an alert's events, and
    how they travel between nodes. imi_cases and imi_alerts both use it;
    docs/cases.md ("Attachments") and docs/alerts.md have the design.

    An event names its files (name, size, SHA-256: imi_case_file_t) inside
    the signed envelope. The content travels before the event, on the same
    in-order link, as CASE_PART pieces of at most half of
    max_message_bytes (so every node takes them): the piece's case_id field
    names the object the file belongs to, a case id or an alert id (both
    "DE-" + 16 hex digits). The receiver keeps the pieces by (object id,
    hash) until the event that names them arrives, then assembles the file,
    checks size and hash and stores it, or refuses the event. The limit
    (attachment_max_bytes) applies both when a user attaches and when a
    peer sends.

    Stored files live in one table per owner, chosen by
    imi_attachment_owner_t: case_attachments (migration 3) and
    alert_attachments (migration 9), each keyed by (object id, SHA-256);
    the pieces in transit share case_parts, since a piece does not say
    whose it is. Every function here runs inside the caller's transaction.
*/
#ifndef IMI_ATTACHMENTS_H
#define IMI_ATTACHMENTS_H

#include "imi_body_case.h"
#include "imi_node_internal.h"

//  Whose attachment: selects the table its rows live in.
typedef enum {
    IMI_ATTACHMENT_CASE,                //  case_attachments, by case id
    IMI_ATTACHMENT_ALERT                //  alert_attachments, by alert id
} imi_attachment_owner_t;

//  A file a user attaches: bytes in memory (a frame of the control
//  request's, imi_attachments_option).
typedef struct {
    char name [IMI_CASE_FILE_NAME_MAX + 1];
    const uint8_t *data;
    size_t size;
} imi_attachment_upload_t;

//  How the owner queues one plain body of type to peer for object_id (a
//  case also notes the envelope for retention). 0 or -1.
typedef int (imi_attachment_enqueue_fn) (imi_node_t *self, imi_peer_t *peer,
                                         const char *object_id, uint32_t type,
                                         const uint8_t *plain, size_t size);

//  Is option one that attaches a file ("file" or IMI_OPTION_FILE_SPOOLED)?
bool imi_attachments_option_is (const char *option);

//  One file of a control request's options into uploads [*count] (at most
//  IMI_CASE_ATTACHMENTS_MAX), named file_name (the option's value): after
//  option "file", the request's next frame is the content (imictl); after
//  IMI_OPTION_FILE_SPOOLED, it names the spool file the node's HTTP server
//  wrote the content into (imi_spool.h), read here into a frame if it is
//  within attachment_max_bytes. The content's frame goes to frames (the
//  caller destroys them when the request is done), and *files (NULL the
//  first time) is made room for the files' descriptions. 0, -2 (malformed:
//  no content, not a spool file's name, too many or too large), or -1.
int imi_attachments_option (imi_node_t *self, const char *option, const char *file_name,
                            zmsg_t *request, zlist_t *frames,
                            imi_attachment_upload_t *uploads, size_t *count,
                            imi_case_file_t **files);

//  Check count uploads (at most IMI_CASE_ATTACHMENTS_MAX, each 1 ..
//  attachment_max_bytes) and describe each in files [index] (name, size,
//  SHA-256; files holds count entries). 0, or -2 saying which is wrong.
int imi_attachments_check (imi_node_t *self, const imi_attachment_upload_t *uploads,
                           size_t count, imi_case_file_t *files);

//  Store the content of file for object_id: carried by our event n (0: not
//  yet, a draft's), written by side (a case's; alerts have none). 0, -2 if
//  the object already has this content, -1.
int imi_attachments_store (imi_node_t *self, imi_attachment_owner_t owner,
                           const char *object_id, const imi_case_file_t *file, int side,
                           uint64_t n, const uint8_t *data);

//  A stored file (a draft's) is now carried by our event n. 0, -1.
int imi_attachments_carried (imi_node_t *self, imi_attachment_owner_t owner,
                             const char *object_id, const imi_case_file_t *file, uint64_t n);

//  Queue the pieces of the stored file of object_id to peer through
//  enqueue, as CASE_PART messages. 0, -1 (also if it is not stored).
int imi_attachments_send (imi_node_t *self, imi_peer_t *peer, imi_attachment_owner_t owner,
                          const char *object_id, const imi_case_file_t *file,
                          imi_attachment_enqueue_fn *enqueue);

//  Keep a peer's CASE_PART until the event naming its file arrives; write
//  the object id it names into object_id. 0, -2 if malformed or over our
//  limit (reason set), -1.
int imi_attachments_apply_part (imi_node_t *self, const uint8_t *plain, size_t plain_size,
                                char object_id [IMI_CASE_ID_MAX + 1]);

//  Assemble file, named by a peer's event n of object_id, from its pieces;
//  check its size and hash, store it and drop the pieces. 0, -2 if it is
//  over our limit, incomplete or differs (the event is to be refused), -1.
int imi_attachments_take (imi_node_t *self, imi_attachment_owner_t owner,
                          const char *object_id, const imi_case_file_t *file, int side,
                          uint64_t n);

//  The content of object_id's attachment named which (a file name or the
//  hex SHA-256), carried by an event, or (cases) attached by our_side and
//  not sent yet (a draft's, or held back until acceptance), and not erased:
//  *data malloc'd (the caller frees it). 0, -2 if there is none, -1. The
//  caller has checked who may read it.
int imi_attachments_fetch (imi_node_t *self, imi_attachment_owner_t owner,
                           const char *object_id, const char *which, int our_side,
                           uint8_t **data, size_t *size);

//  Drop every stored file of object_id (a discarded draft's). 0, -1.
int imi_attachments_drop (imi_node_t *self, imi_attachment_owner_t owner,
                          const char *object_id);

#endif

/*  imi_body_notification: the plain body of NOTIFICATION_EVENT (type 15,
    sequenced), one step of a notification.

    A notification is written by one authority (the sender) and broadcast
    to the authorities of chosen states (or of every state of the
    federation). The sender's node numbers the sender's events 1, 2, 3, ...
    (create, modify, comment, withdraw, close); a recipient's node numbers
    its own comments 1, 2, 3, ... in its own chain (author = its state).
    node/notifications/imi_notifications holds the transition table; the codec knows the
    shape of an event, not which kind needs which field:

        NOTIFICATION_EVENT = [ notification_id: str, author: str (state),
                               n: uint, kind: str, at_ms: uint, actor: str,
                               authority: str, fields: map ]

        fields (str keys, written in this order; unknown keys, a key twice,
        and a key with an empty string or an empty list are refused):
           1 "procedure"    str (catalogue code)
           2 "recipients"   [ str (state code) ... ] 1 to 31, none twice
           3 "version"      uint (1, 2, ...: which version of the content)
           4 "title"        str (one line, <= 256 bytes)
           5 "text"         str (free text, <= 32 KiB)
           6 "text_lang"    str (ISO 639-1), present if and only if text is
           7 "register"     str (catalogue code of a repository register)
           8 "register_op"  str: "add", "modify" or "withdraw"
           9 "entry"        [ [ field: str (code), value: str ] ... ] 1 to 32

        register and register_op come together; entry comes with them for
        add and modify, never for withdraw.

    The envelope's signed header carries the SHA-256 of the sealed body, so
    each step is signed by the node of its author.
*/
#ifndef IMI_BODY_NOTIFICATION_H
#define IMI_BODY_NOTIFICATION_H

#include "imi_body_case.h"
#include "imi_codec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_NOTIFICATION_ID_MAX         IMI_CASE_ID_MAX     //  "DE-" + 16 hex digits
#define IMI_NOTIFICATION_KIND_MAX       16
#define IMI_NOTIFICATION_RECIPIENTS_MAX 31                  //  every state but one, and more
#define IMI_NOTIFICATION_TITLE_MAX      256
#define IMI_NOTIFICATION_TEXT_MAX       (32 * 1024)
#define IMI_NOTIFICATION_ENTRY_MAX      32                  //  fields of a register entry
#define IMI_NOTIFICATION_VALUE_MAX      512                 //  bytes of one entry value
#define IMI_NOTIFICATION_OP_MAX         8

typedef struct {
    char field [IMI_CASE_CODE_MAX + 1];
    char value [IMI_NOTIFICATION_VALUE_MAX + 1];    //  one line of UTF-8
} imi_notification_pair_t;

//  One event. Strings are NUL-terminated; "" and 0 mean absent. text is
//  malloc'd by the decoder (imi_notification_event_cleanup frees it); an
//  encoder only reads it.
typedef struct {
    char notification_id [IMI_NOTIFICATION_ID_MAX + 1];
    char author [3];                                //  state of the node that wrote it
    uint64_t n;                                     //  >= 1, per author
    char kind [IMI_NOTIFICATION_KIND_MAX + 1];      //  [a-z_]+
    uint64_t at_ms;
    char actor [IMI_CASE_ACTOR_MAX + 1];
    char authority [IMI_CASE_AUTHORITY_MAX + 1];    //  of the author's state
    //  fields
    char procedure [IMI_CASE_CODE_MAX + 1];
    char recipients [IMI_NOTIFICATION_RECIPIENTS_MAX][3];
    size_t recipient_count;
    uint64_t version;
    char title [IMI_NOTIFICATION_TITLE_MAX + 1];
    char *text;                                     //  NULL = absent
    char text_lang [4];
    char register_code [IMI_CASE_CODE_MAX + 1];
    char register_op [IMI_NOTIFICATION_OP_MAX + 1];
    imi_notification_pair_t entry [IMI_NOTIFICATION_ENTRY_MAX];
    size_t entry_count;
} imi_notification_event_t;

//  Check an event's shape: id (imi_case_id_valid), author a state code and
//  the id's state or the author of a comment, n >= 1, kind [a-z_]{1,16},
//  at_ms >= 1, actor (1 to 64 of [a-z0-9._-]), authority a key of the
//  author's state, codes, recipients state codes none twice, title one
//  line, text and values UTF-8 without control characters (text may hold
//  tab and line breaks), the register rules above. Used by encode and
//  decode. 0 or -2 naming the field.
int imi_notification_event_validate (const imi_notification_event_t *event) IMI_WARN_UNUSED;

//  0 with *out malloc'd, -2 if the event does not validate, -1 on error.
int imi_notification_event_encode (const imi_notification_event_t *event, uint8_t **out,
                                   size_t *size);

//  0, -2 naming the field, or -1. On success free with
//  imi_notification_event_cleanup; on failure nothing needs freeing.
int imi_notification_event_decode (imi_notification_event_t *event, const uint8_t *data,
                                   size_t size) IMI_WARN_UNUSED;

//  Free the decoder's text and zero it.
void imi_notification_event_cleanup (imi_notification_event_t *event);

void imi_body_notification_test (void);

#endif

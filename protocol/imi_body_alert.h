/*  imi_body_alert: the plain body of ALERT_EVENT, one step of an alert.

        ALERT_EVENT  one event of an alert, sequenced (type 14)

    An alert is written by one authority (the sender) and goes to the
    competent authorities of chosen states. The sender's node numbers the
    sender's events 1, 2, 3, ... (n) and sends each one to every recipient
    state's node; a recipient authority's acknowledgement goes back to the
    sender's node only and carries, as n, the number of the sender's event
    (the version) it acknowledges. The fields a kind carries are in a map:

        ALERT_EVENT = [ alert_id: str, n: uint, kind: str, at_ms: uint,
                        actor: str, authority: str, fields: map ]

        kind: "issue", "correct", "withdraw", "close" (the sender's) or
              "acknowledge" (a recipient authority's)

        fields (str keys, written in this order; every key optional for the
        codec, required by kind in imi_alerts; unknown keys are an error):
           1 "procedure"  str (procedure code)
           2 "states"     [ str (state code) ... ]   the recipient states
           3 "fields"     [ [ field id: str, value: str ] ... ]
           4 "text"       str (free text)            5 "text_lang" str (ISO 639-1)
           6 "attachments" [ [ name: str, size: uint, sha256: bin(32) ] ... ]

        The attachments are those of case events (imi_body_case, the same
        list and rules): each travels before the event as CASE_PART pieces
        whose case_id field holds the alert id, to every recipient state.

        An absent field is a left-out key: a key with an empty string or an
        empty list is refused, and so is a key twice. The encoder writes
        the keys in the order above; the decoder accepts any order.

    The envelope's signed header carries the SHA-256 of the sealed body, so
    each event is signed by the node that wrote it.
*/
#ifndef IMI_BODY_ALERT_H
#define IMI_BODY_ALERT_H

#include "imi_body_case.h"

#define IMI_ALERT_KIND_MAX      16
#define IMI_ALERT_STATES_MAX    64          //  recipient states of one alert
#define IMI_ALERT_FIELDS_MAX    IMI_CASE_PAIRS_MAX
#define IMI_ALERT_TEXT_MAX      IMI_CASE_TEXT_MAX       //  bytes of UTF-8
#define IMI_ALERT_EVENTS_MAX    1024        //  sender events of one alert (n)

//  One event. Strings are NUL-terminated; "" and count 0 mean absent.
//  fields, text and files are malloc'd by the decoder (imi_alert_event_cleanup
//  frees them); an encoder only reads them.
typedef struct {
    char alert_id [IMI_CASE_ID_MAX + 1];            //  "DE-" + 16 hex digits
    uint64_t n;                                     //  1 .. IMI_ALERT_EVENTS_MAX
    char kind [IMI_ALERT_KIND_MAX + 1];
    uint64_t at_ms;
    char actor [IMI_CASE_ACTOR_MAX + 1];
    char authority [IMI_CASE_AUTHORITY_MAX + 1];    //  who speaks
    //  fields
    char procedure [IMI_CASE_CODE_MAX + 1];
    char states [IMI_ALERT_STATES_MAX][3];
    size_t state_count;
    imi_case_pair_t *fields;
    size_t field_count;
    char *text;                                     //  NULL = absent
    char text_lang [4];
    imi_case_file_t *files;                         //  attachments
    size_t file_count;
} imi_alert_event_t;

//  True if kind is one of the five kinds; *sender says whose it is.
bool imi_alert_kind_valid (const char *kind, bool *sender);

//  Check an event's shape: alert id (imi_case_id_valid), n 1 ..
//  IMI_ALERT_EVENTS_MAX, a known kind, at_ms >= 1, actor (1 to 64 of
//  [a-z0-9._-]), authority key, procedure and field ids (1 to 64 of
//  [a-z0-9._-]); states real state codes, none twice, none the sender's;
//  field values and the text non-empty UTF-8 within their limits, without
//  control characters but tab, newline and carriage return; no field id
//  twice; text_lang ([a-z]{2}) present if and only if text is; the
//  attachments by imi_case_files_check. Used by both encode and decode.
//  0 or -2 naming the field.
int imi_alert_event_validate (const imi_alert_event_t *event) IMI_WARN_UNUSED;

//  0 with *out malloc'd, -2 if the event does not validate, -1 on error.
int imi_alert_event_encode (const imi_alert_event_t *event, uint8_t **out, size_t *size);

//  0, -2 naming the field, or -1 if memory runs out. On success free with
//  imi_alert_event_cleanup; on failure the event is zeroed.
int imi_alert_event_decode (imi_alert_event_t *event, const uint8_t *data,
                            size_t size) IMI_WARN_UNUSED;

//  Free the decoder's allocations and zero the pointers and counts.
void imi_alert_event_cleanup (imi_alert_event_t *event);

void imi_body_alert_test (void);

#endif

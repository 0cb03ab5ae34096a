/*  imi_body_case: the plain bodies of the case family of messages.

        CASE_EVENT  one event of a case (an information request), sequenced
        CASE_PART   one piece of an attachment an event names, sequenced

    A case lives on two nodes: the requester's (side 0) and the responder's
    (side 1). Each side numbers its own events of a case 1, 2, 3, ... (n) and
    says how many of the other side's events its author had seen (seen); the
    two chains and those counts give both nodes the same merged order
    (imi_workflow). The event names its kind as a string; the fields a kind
    carries are in a map so that later kinds add keys, not versions:

        CASE_EVENT = [ case_id: str, side: uint, n: uint, seen: uint, kind: str,
                       at_ms: uint, actor: str, authority: str, fields: map ]

        fields (str keys, written in this order; every key optional for the
        codec, required by kind in imi_workflow; unknown keys are an error):
           1 "procedure"    str (code)           2 "requester"   str (authority key)
           3 "responder"    str (authority key)  4 "lang"        str (ISO 639-1)
           5 "urgent"       bool                 6 "reply_date"  str (YYYY-MM-DD)
           7 "questions"    [ str (question id) ... ]
           8 "answers"      [ [ question id: str, value: str ] ... ]
           9 "subject"      [ [ field id: str, value: str ] ... ]
          10 "text"         str (free text)     11 "text_lang"   str (ISO 639-1)
          12 "attachments"  [ [ name: str, size: uint, sha256: bin(32) ] ... ]
          13 "timely"       bool (rating)       14 "effort"      bool (rating)

        An absent field is a left-out key: a key with an empty string or an
        empty list is refused, and so is a key twice. The encoder writes
        the keys in the order above (so one event has one encoding); the
        decoder accepts them in any order.

        CASE_PART = [ case_id: str, sha256: bin(32), part: uint, parts: uint,
                      data: bin ]

        case_id names the object the attachment belongs to: a case, or an
        alert (imi_body_alert's attachments travel the same way).

    The envelope's signed header carries the SHA-256 of the sealed body, so
    each event, and the hash of each attachment it names, is signed by the
    sending node; an attachment's pieces travel before the event that names
    it, on the same in-order link, and the receiver checks the hash of the
    assembled content against the event.
*/
#ifndef IMI_BODY_CASE_H
#define IMI_BODY_CASE_H

#include "imi_codec.h"
#include "imi_crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_CASE_ID_MAX             32      //  "DE-" + 16 hex digits, with room
#define IMI_CASE_KIND_MAX           24
#define IMI_CASE_ACTOR_MAX          64      //  a user name (imi_users) or "system"
#define IMI_CASE_AUTHORITY_MAX      67      //  "DE:" + an authority id (64)
#define IMI_CASE_CODE_MAX           64      //  procedure, question and field ids
#define IMI_CASE_DATE_BYTES         10      //  YYYY-MM-DD
#define IMI_CASE_QUESTIONS_MAX      64
#define IMI_CASE_PAIRS_MAX          64      //  answers, subject fields
#define IMI_CASE_VALUE_MAX          4096    //  one answer or subject field value
#define IMI_CASE_TEXT_MAX           (32 * 1024)     //  free text, bytes of UTF-8
#define IMI_CASE_ATTACHMENTS_MAX    16      //  per event
#define IMI_CASE_FILE_NAME_MAX      255
#define IMI_CASE_PART_MAX           (256 * 1024)    //  bytes of content per CASE_PART
#define IMI_CASE_FILE_MAX           (64 * 1024 * 1024)  //  protocol ceiling; nodes set lower
//  Pieces of the largest attachment: ceil (IMI_CASE_FILE_MAX / IMI_CASE_PART_MAX) = 256.
#define IMI_CASE_PARTS_MAX          ((IMI_CASE_FILE_MAX + IMI_CASE_PART_MAX - 1) / IMI_CASE_PART_MAX)

typedef struct {
    char id [IMI_CASE_CODE_MAX + 1];
    char *value;                            //  UTF-8, <= IMI_CASE_VALUE_MAX bytes
} imi_case_pair_t;

typedef struct {
    char name [IMI_CASE_FILE_NAME_MAX + 1]; //  no '/', '\\', control characters; not . or ..
    uint64_t size;                          //  1 .. IMI_CASE_FILE_MAX
    uint8_t hash [IMI_HASH_BYTES];
} imi_case_file_t;

//  One event. Strings are NUL-terminated; "" and count 0 mean absent.
//  The pointer members are malloc'd by the decoder (imi_case_event_cleanup
//  frees them); an encoder only reads them.
typedef struct {
    char case_id [IMI_CASE_ID_MAX + 1];
    uint32_t side;                          //  0 requester, 1 responder
    uint64_t n;                             //  >= 1
    uint64_t seen;
    char kind [IMI_CASE_KIND_MAX + 1];      //  [a-z_]+
    uint64_t at_ms;
    char actor [IMI_CASE_ACTOR_MAX + 1];
    char authority [IMI_CASE_AUTHORITY_MAX + 1];
    //  fields
    char procedure [IMI_CASE_CODE_MAX + 1];
    char requester [IMI_CASE_AUTHORITY_MAX + 1];
    char responder [IMI_CASE_AUTHORITY_MAX + 1];
    char lang [4];
    bool has_urgent, urgent;
    char reply_date [IMI_CASE_DATE_BYTES + 1];
    char (*questions) [IMI_CASE_CODE_MAX + 1];
    size_t question_count;
    imi_case_pair_t *answers;
    size_t answer_count;
    imi_case_pair_t *subject;
    size_t subject_count;
    char *text;                             //  NULL = absent
    char text_lang [4];
    imi_case_file_t *files;
    size_t file_count;
    bool has_timely, timely;
    bool has_effort, effort;
} imi_case_event_t;

typedef struct {
    char case_id [IMI_CASE_ID_MAX + 1];
    uint8_t hash [IMI_HASH_BYTES];          //  of the whole attachment
    uint32_t part;                          //  0 .. parts - 1
    uint32_t parts;                         //  1 .. IMI_CASE_PARTS_MAX
    const uint8_t *data;                    //  points into the decoded buffer
    size_t size;                            //  1 .. IMI_CASE_PART_MAX
} imi_case_part_t;

//  Check an event's shape: case id (imi_case_id_valid), side 0/1, n >= 1,
//  kind [a-z_]{1,24}, at_ms >= 1, actor a user name or "system" (1 to 64 of
//  [a-z0-9._-]), authority keys (imi_case_authority_valid), procedure,
//  question and field ids (1 to 64 of [a-z0-9._-]), language codes
//  ([a-z]{2}), reply_date a real date (imi_case_date_parse); texts, values
//  and file names non-empty UTF-8 within their limits and without control
//  characters (bytes below 0x20 and 0x7f; texts and values may hold tab,
//  newline and carriage return); text_lang present if and only if text is;
//  file names without '/' or '\\' and not "." or ".."; file sizes 1 ..
//  IMI_CASE_FILE_MAX; list counts within the limits above; no question,
//  answer or subject field id twice in its list, no file hash twice. Used
//  by both encode and decode. 0 or -2 naming the field
//  ("case_event.fields.answers[2].value: holds a control character").
int imi_case_event_validate (const imi_case_event_t *event) IMI_WARN_UNUSED;

//  0 with *out malloc'd, -2 if the event does not validate, -1 on error.
int imi_case_event_encode (const imi_case_event_t *event, uint8_t **out, size_t *size);

//  0, -2 naming the field, or -1 if memory runs out. On success free with
//  imi_case_event_cleanup; on failure the event is zeroed and nothing needs
//  freeing.
int imi_case_event_decode (imi_case_event_t *event, const uint8_t *data,
                           size_t size) IMI_WARN_UNUSED;

//  Free the decoder's allocations and zero the pointers and counts.
void imi_case_event_cleanup (imi_case_event_t *event);

//  Check a piece: case id, 1 <= parts <= IMI_CASE_PARTS_MAX, part < parts,
//  1 .. IMI_CASE_PART_MAX bytes of data. Then 0 with *out malloc'd, -2 if
//  the piece does not validate, -1 on error.
int imi_case_part_encode (const imi_case_part_t *part, uint8_t **out, size_t *size);
//  0 or -2 naming the field, by the same rules; part->data points into data.
int imi_case_part_decode (imi_case_part_t *part, const uint8_t *data, size_t size) IMI_WARN_UNUSED;

//  "DE-0123456789abcdef": a state code, '-', 16 lower-case hex digits.
bool imi_case_id_valid (const char *id);

//  "DE:bzr-berlin": a state code, ':', an authority id (1 to 64 of
//  [a-z0-9._-], the directory's rule). How cases, users and indicators name
//  an authority across the federation.
bool imi_case_authority_valid (const char *key);

//  [a-z]{2}: an ISO 639-1 code.
bool imi_case_lang_valid (const char *lang);

//  size bytes of text: 1..maximum, UTF-8, no control character (bytes
//  below 0x20 and 0x7f) except, if lines, tab, newline and carriage return.
//  0 or -2 naming path. Shared by the case and alert codecs.
int imi_case_text_check (const char *text, size_t size, size_t maximum, bool lines,
                         const char *path) IMI_WARN_UNUSED;

//  A list of attachments (name, size, sha256), shared by the case and alert
//  codecs: file names non-empty UTF-8 without control characters, '/' or
//  '\\', and not "." or ".."; sizes 1 .. IMI_CASE_FILE_MAX; 0 ..
//  IMI_CASE_ATTACHMENTS_MAX files; no hash twice. 0 or -2 naming the item
//  under list_path ("alert_event.fields.attachments[1].name: ...").
int imi_case_files_check (const imi_case_file_t *files, size_t count,
                          const char *list_path) IMI_WARN_UNUSED;

//  Write files as the wire's [ [ name, size, sha256 ] ... ] (count >= 1).
void imi_case_files_write (imi_writer_t *writer, const imi_case_file_t *files, size_t count);

//  Read such a list (1 .. IMI_CASE_ATTACHMENTS_MAX items, each with its
//  type and size bound; the rules are imi_case_files_check's). *files is
//  malloc'd and *count set even on failure, so the caller's cleanup frees
//  it. 0, -2 naming the item under path, or -1 if memory runs out.
int imi_case_files_read (const msgpack_object *object, const char *path,
                         imi_case_file_t **files, size_t *count) IMI_WARN_UNUSED;

//  "YYYY-MM-DD", a real date (leap years), 2000..2999. Returns true and sets
//  *days (days since 1970-01-01) if valid.
bool imi_case_date_parse (const char *text, int64_t *days);

//  Write "YYYY-MM-DD" for days since 1970-01-01 into text (11 bytes).
void imi_case_date_format (int64_t days, char text [IMI_CASE_DATE_BYTES + 1]);

void imi_body_case_test (void);

#endif

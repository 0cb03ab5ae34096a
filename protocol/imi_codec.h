/*  imi_codec: strict, bounded msgpack reading and writing for every wire format.

    Writing wraps msgpack-c's packer over a growing buffer. Reading guards
    msgpack-c before it runs: msgpack-c allocates count * sizeof (object) as
    soon as a container header claims count elements, so imi_reader_open
    first walks the bytes itself, checking that every container's count fits
    in the bytes left, that nesting stays within IMI_CODEC_MAX_DEPTH, that the
    input is one complete object with no trailing bytes, and that it is under
    the caller's size cap; only then does msgpack-c unpack it. Typed accessors
    then check each field's type and bounds; every failure returns -2 with a
    reason naming the field.
*/
#ifndef IMI_CODEC_H
#define IMI_CODEC_H

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_CODEC_MAX_DEPTH 8
//  The latest time any time field of the protocol may hold: 9999-12-31
//  23:59:59.999 UTC in ms since 1970. Far below 2^63, so a checked time
//  converts to int64_t without turning negative (PROTOCOL.md §1.1).
#define IMI_TIME_MAX_MS     253402300799999ULL

#define IMI_WARN_UNUSED __attribute__ ((warn_unused_result))

//  ---- writing ----
typedef struct {
    msgpack_sbuffer buffer;     //  the bytes written so far
    msgpack_packer packer;      //  packs into buffer
    bool failed;                //  a write ran out of memory: take returns NULL
} imi_writer_t;

void imi_writer_init (imi_writer_t *self);
void imi_writer_array (imi_writer_t *self, uint32_t count);
//  A map header; count key-value pairs (2 x count items) must follow.
void imi_writer_map (imi_writer_t *self, uint32_t count);
void imi_writer_uint (imi_writer_t *self, uint64_t value);
void imi_writer_bin (imi_writer_t *self, const void *data, size_t size);
void imi_writer_str (imi_writer_t *self, const char *text);
void imi_writer_str_n (imi_writer_t *self, const char *text, size_t size);
void imi_writer_bool (imi_writer_t *self, bool value);
void imi_writer_nil (imi_writer_t *self);
//  Write the bytes of a value encoded elsewhere, unchanged (so that a document
//  can embed another one and keep its exact bytes). The caller guarantees
//  they are exactly one msgpack object.
void imi_writer_raw (imi_writer_t *self, const void *data, size_t size);
//  Take the bytes (malloc'd; caller frees); the writer is left empty. NULL
//  (with a reason) if nothing was written or memory ran out on the way.
uint8_t *imi_writer_take (imi_writer_t *self, size_t *size);
void imi_writer_cleanup (imi_writer_t *self);

//  ---- reading ----
typedef struct {
    msgpack_zone zone;          //  owns the unpacked objects
    msgpack_object root;        //  the one object the input held
    bool open;                  //  zone initialised
} imi_reader_t;

//  Check then unpack data (size bytes, at most max_size). Returns 0, or -2
//  if malformed (reason says what). Always call imi_reader_close after.
int imi_reader_open (imi_reader_t *self, const uint8_t *data, size_t size,
                     size_t max_size) IMI_WARN_UNUSED;
void imi_reader_close (imi_reader_t *self);

//  Structural check alone (what imi_reader_open does before unpacking).
int imi_codec_check (const uint8_t *data, size_t size) IMI_WARN_UNUSED;

//  Where item index of the array in data lies: *item_offset and *item_size
//  give the exact bytes of that item (e.g. an embedded document, to store or
//  hash as it arrived). Walks only the items up to index, with the same
//  bounds as imi_codec_check. 0, or -2 if data is not an array, has no item
//  index, or is malformed before that item ends.
int imi_codec_array_item (const uint8_t *data, size_t size, uint32_t index,
                          size_t *item_offset, size_t *item_size) IMI_WARN_UNUSED;

//  Typed field access; field names the field in the reason. All return 0 or -2.
//  An array with exactly count items:
int imi_object_array (const msgpack_object *object, const char *field, uint32_t count,
                      const msgpack_object **items) IMI_WARN_UNUSED;
//  An array with between minimum and maximum items:
int imi_object_array_range (const msgpack_object *object, const char *field,
                            uint32_t minimum, uint32_t maximum,
                            const msgpack_object **items, uint32_t *count) IMI_WARN_UNUSED;
int imi_object_uint (const msgpack_object *object, const char *field, uint64_t maximum,
                     uint64_t *value) IMI_WARN_UNUSED;
//  A time in milliseconds since 1970 UTC, 0 to IMI_TIME_MAX_MS: checked as
//  the unsigned integer it is, before anyone turns it into an int64_t.
int imi_object_time (const msgpack_object *object, const char *field,
                     uint64_t *value) IMI_WARN_UNUSED;
//  A bin of exactly size bytes, copied into out:
int imi_object_bin_fixed (const msgpack_object *object, const char *field, void *out,
                          size_t size) IMI_WARN_UNUSED;
//  A bin of at most maximum bytes; *data points into the reader's input.
int imi_object_bin (const msgpack_object *object, const char *field, size_t maximum,
                    const uint8_t **data, size_t *size) IMI_WARN_UNUSED;
//  A str of at most maximum bytes, valid UTF-8 without NUL, copied into out
//  (out_size >= maximum + 1) and NUL-terminated.
int imi_object_str (const msgpack_object *object, const char *field, size_t maximum,
                    char *out, size_t out_size) IMI_WARN_UNUSED;
int imi_object_bool (const msgpack_object *object, const char *field, bool *value) IMI_WARN_UNUSED;
//  A map of at most maximum entries (*entries points into the reader's zone).
int imi_object_map (const msgpack_object *object, const char *field, uint32_t maximum,
                    const msgpack_object_kv **entries, uint32_t *count) IMI_WARN_UNUSED;
//  Like imi_object_str, but into a fresh buffer of the string's own size
//  plus the NUL (*out malloc'd, caller frees; NULL on failure): for texts
//  whose maximum is far above their usual size. -1 if memory runs out.
int imi_object_str_copy (const msgpack_object *object, const char *field, size_t maximum,
                         char **out) IMI_WARN_UNUSED;

//  True if data (size bytes) is well-formed UTF-8 (no overlong forms, no
//  surrogates, nothing past U+10FFFF) and holds no NUL.
bool imi_utf8_valid (const uint8_t *data, size_t size);

//  Test support for every decoder's self test: decode accepts bytes as
//  they are, and rejects (-2) every truncation and one trailing byte.
void imi_codec_test_truncations (const uint8_t *bytes, size_t size,
                                 int (*decode) (const uint8_t *data, size_t size));

void imi_codec_test (void);

#endif

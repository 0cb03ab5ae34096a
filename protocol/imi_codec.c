/*  imi_codec: strict, bounded msgpack reading and writing. See imi_codec.h.

    The reader never lets msgpack-c see bytes it has not walked first. The
    walk (s_check) keeps, per open container, the number of items still
    expected, and rejects the input as soon as a length or a count claims
    more than the bytes left: an item takes at least one byte, a map entry
    two, so a count above the bytes left can never be honest. A container
    deeper than IMI_CODEC_MAX_DEPTH, a reserved marker (0xc1), a truncated
    item or bytes after the one object all fail the walk. Once the walk
    succeeds, every count is real, so msgpack-c's allocations are bounded by
    a small multiple of the input size, and it must consume exactly the
    input. The root container sits at depth 1.

    Typed accessors name the field in every reason, so a rejected message
    says what was wrong with it ("header.seq: expected an unsigned integer").
*/
#include "imi_codec.h"
#include "imi_crypto.h"
#include "imi_error.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

//  First chunk of a reader's zone: enough for a header or a small body's
//  objects (24 bytes each); msgpack-c adds chunks for larger inputs.
#define S_ZONE_CHUNK_BYTES  1024

//  ---- writing ----

//  The packer's sink: appends to the buffer, and remembers an out-of-memory
//  failure so that imi_writer_take can refuse a truncated encoding.
static int
s_write (void *data, const char *bytes, size_t size)
{
    imi_writer_t *self = (imi_writer_t *) data;
    if (self->failed)
        return -1;
    if (msgpack_sbuffer_write (&self->buffer, bytes, size) != 0) {
        self->failed = true;
        return -1;
    }
    return 0;
}

//  Start an empty writer.
void
imi_writer_init (imi_writer_t *self)
{
    msgpack_sbuffer_init (&self->buffer);
    msgpack_packer_init (&self->packer, self, s_write);
    self->failed = false;
}

//  Write an array header; count items must follow.
void
imi_writer_array (imi_writer_t *self, uint32_t count)
{
    msgpack_pack_array (&self->packer, count);
}

//  Write a map header; count pairs must follow, each a key then its value.
void
imi_writer_map (imi_writer_t *self, uint32_t count)
{
    msgpack_pack_map (&self->packer, count);
}

//  Write an unsigned integer in its shortest form.
void
imi_writer_uint (imi_writer_t *self, uint64_t value)
{
    msgpack_pack_uint64 (&self->packer, value);
}

//  Write a bin of size bytes.
void
imi_writer_bin (imi_writer_t *self, const void *data, size_t size)
{
    assert (size <= UINT32_MAX);
    msgpack_pack_bin (&self->packer, size);
    if (size)
        msgpack_pack_bin_body (&self->packer, data, size);
}

//  Write a NUL-terminated string.
void
imi_writer_str (imi_writer_t *self, const char *text)
{
    imi_writer_str_n (self, text, strlen (text));
}

//  Write a string of size bytes.
void
imi_writer_str_n (imi_writer_t *self, const char *text, size_t size)
{
    assert (size <= UINT32_MAX);
    msgpack_pack_str (&self->packer, size);
    if (size)
        msgpack_pack_str_body (&self->packer, text, size);
}

//  Write a boolean.
void
imi_writer_bool (imi_writer_t *self, bool value)
{
    if (value)
        msgpack_pack_true (&self->packer);
    else
        msgpack_pack_false (&self->packer);
}

//  Write a nil.
void
imi_writer_nil (imi_writer_t *self)
{
    msgpack_pack_nil (&self->packer);
}

//  Copy size bytes of an already-encoded value (one complete msgpack object,
//  checked by the caller) into the output as they are.
void
imi_writer_raw (imi_writer_t *self, const void *data, size_t size)
{
    s_write (self, (const char *) data, size);
}

//  Hand the encoding to the caller and leave the writer empty.
uint8_t *
imi_writer_take (imi_writer_t *self, size_t *size)
{
    *size = 0;
    if (self->failed) {
        imi_writer_cleanup (self);
        imi_writer_init (self);
        imi_error_set ("out of memory encoding a message");
        return NULL;
    }
    if (self->buffer.size == 0) {
        imi_error_set ("nothing was encoded");
        return NULL;
    }
    *size = self->buffer.size;
    return (uint8_t *) msgpack_sbuffer_release (&self->buffer);
}

//  Free whatever the writer still holds.
void
imi_writer_cleanup (imi_writer_t *self)
{
    msgpack_sbuffer_destroy (&self->buffer);
    msgpack_sbuffer_init (&self->buffer);
}

//  ---- the structural walk ----

static uint64_t
s_big_endian (const uint8_t *bytes, size_t size)
{
    uint64_t value = 0;
    for (size_t index = 0; index < size; index++)
        value = (value << 8) | bytes [index];
    return value;
}

//  What a marker byte announces: fixed payload, a length field of
//  length_bytes (payload = length, plus extra bytes for an ext's type), or a
//  container whose count is in the marker or in a count field.
typedef struct {
    uint8_t length_bytes;       //  size of the length or count field after the marker
    uint8_t fixed;              //  payload bytes that follow, beyond any length
    uint8_t container;          //  0 = scalar, 1 = array, 2 = map (items per entry)
    uint32_t count;             //  count held in the marker itself (fix formats)
    bool valid;                 //  false for the reserved 0xc1
} s_marker_t;

static s_marker_t
s_marker (uint8_t marker)
{
    s_marker_t result = { 0, 0, 0, 0, true };
    if (marker <= 0x7f || marker >= 0xe0)
        return result;                              //  fixint
    if (marker <= 0x8f) {
        result.container = 2;                       //  fixmap
        result.count = marker & 0x0f;
        return result;
    }
    if (marker <= 0x9f) {
        result.container = 1;                       //  fixarray
        result.count = marker & 0x0f;
        return result;
    }
    if (marker <= 0xbf) {
        result.fixed = marker & 0x1f;               //  fixstr
        return result;
    }
    switch (marker) {
        case 0xc0: case 0xc2: case 0xc3:            //  nil, false, true
            break;
        case 0xc4: case 0xd9: result.length_bytes = 1; break;   //  bin8, str8
        case 0xc5: case 0xda: result.length_bytes = 2; break;   //  bin16, str16
        case 0xc6: case 0xdb: result.length_bytes = 4; break;   //  bin32, str32
        case 0xc7: result.length_bytes = 1; result.fixed = 1; break;   //  ext8
        case 0xc8: result.length_bytes = 2; result.fixed = 1; break;   //  ext16
        case 0xc9: result.length_bytes = 4; result.fixed = 1; break;   //  ext32
        case 0xca: result.fixed = 4; break;         //  float32
        case 0xcb: result.fixed = 8; break;         //  float64
        case 0xcc: case 0xd0: result.fixed = 1; break;  //  uint8, int8
        case 0xcd: case 0xd1: result.fixed = 2; break;
        case 0xce: case 0xd2: result.fixed = 4; break;
        case 0xcf: case 0xd3: result.fixed = 8; break;
        case 0xd4: result.fixed = 2; break;         //  fixext1: type + 1
        case 0xd5: result.fixed = 3; break;
        case 0xd6: result.fixed = 5; break;
        case 0xd7: result.fixed = 9; break;
        case 0xd8: result.fixed = 17; break;
        case 0xdc: result.container = 1; result.length_bytes = 2; break;
        case 0xdd: result.container = 1; result.length_bytes = 4; break;
        case 0xde: result.container = 2; result.length_bytes = 2; break;
        case 0xdf: result.container = 2; result.length_bytes = 4; break;
        default:
            result.valid = false;                   //  0xc1, never used
    }
    return result;
}

//  Walk one msgpack object that starts at *offset, leaving *offset just past
//  it. depth_base is the depth of the container the object sits in (0 for
//  the root), so that nesting is counted from the root. 0, or -2 with the
//  first problem found.
static int
s_walk (const uint8_t *data, size_t size, size_t *offset_p, size_t depth_base)
{
    //  remaining [depth]: items still expected at that depth; [0] is the object.
    uint64_t remaining [IMI_CODEC_MAX_DEPTH + 1];
    size_t depth = 0;
    size_t offset = *offset_p;
    remaining [0] = 1;
    while (true) {
        while (depth > 0 && remaining [depth] == 0)
            depth--;
        if (depth == 0 && remaining [0] == 0)
            break;
        if (offset >= size)
            return imi_error_malformed ("truncated: %zu bytes end inside an object", size);
        remaining [depth]--;
        size_t at = offset;
        s_marker_t marker = s_marker (data [offset++]);
        if (!marker.valid)
            return imi_error_malformed ("reserved byte 0x%02x at offset %zu", data [at], at);
        size_t left = size - offset;
        if (marker.length_bytes > left)
            return imi_error_malformed ("truncated length at offset %zu", at);
        uint64_t claimed = marker.length_bytes
                         ? s_big_endian (data + offset, marker.length_bytes)
                         : marker.count;
        offset += marker.length_bytes;
        left -= marker.length_bytes;
        if (marker.container) {
            uint64_t items = claimed * marker.container;
            if (items > left)
                return imi_error_malformed (
                    "container at offset %zu claims %" PRIu64 " items in %zu bytes",
                    at, claimed, left);
            if (depth_base + depth + 1 > IMI_CODEC_MAX_DEPTH)
                return imi_error_malformed ("nesting deeper than %d at offset %zu",
                                            IMI_CODEC_MAX_DEPTH, at);
            remaining [++depth] = items;
        }
        else {
            uint64_t payload = marker.fixed + (marker.length_bytes? claimed: 0);
            if (payload > left)
                return imi_error_malformed (
                    "item at offset %zu claims %" PRIu64 " bytes, %zu left",
                    at, payload, left);
            offset += (size_t) payload;
        }
    }
    *offset_p = offset;
    return 0;
}

//  Walk data as one msgpack object. 0, or -2 with the first problem found.
int
imi_codec_check (const uint8_t *data, size_t size)
{
    if (size == 0)
        return imi_error_malformed ("empty message");
    size_t offset = 0;
    int rc = s_walk (data, size, &offset, 0);
    if (rc)
        return rc;
    if (offset != size)
        return imi_error_malformed ("%zu trailing bytes after the object", size - offset);
    return 0;
}

//  Byte range of item index of the array data holds, found by walking the
//  items before it. 0, or -2.
int
imi_codec_array_item (const uint8_t *data, size_t size, uint32_t index,
                      size_t *item_offset, size_t *item_size)
{
    *item_offset = 0;
    *item_size = 0;
    if (size == 0)
        return imi_error_malformed ("empty message");
    s_marker_t marker = s_marker (data [0]);
    if (!marker.valid || marker.container != 1)
        return imi_error_malformed ("expected an array at offset 0");
    if (marker.length_bytes > size - 1)
        return imi_error_malformed ("truncated length at offset 0");
    uint64_t count = marker.length_bytes
                   ? s_big_endian (data + 1, marker.length_bytes)
                   : marker.count;
    if (index >= count)
        return imi_error_malformed ("array of %" PRIu64 " items has no item %" PRIu32,
                                    count, index);
    size_t offset = 1 + marker.length_bytes;
    for (uint32_t skip = 0; skip < index; skip++) {
        int rc = s_walk (data, size, &offset, 1);
        if (rc)
            return rc;
    }
    size_t start = offset;
    int rc = s_walk (data, size, &offset, 1);
    if (rc)
        return rc;
    *item_offset = start;
    *item_size = offset - start;
    return 0;
}

//  ---- reading ----

//  Check, then unpack data into the reader's zone.
int
imi_reader_open (imi_reader_t *self, const uint8_t *data, size_t size, size_t max_size)
{
    self->open = false;
    if (size > max_size)
        return imi_error_malformed ("message of %zu bytes exceeds the limit of %zu",
                                    size, max_size);
    int rc = imi_codec_check (data, size);
    if (rc)
        return rc;
    if (!msgpack_zone_init (&self->zone, S_ZONE_CHUNK_BYTES))
        return imi_error_set ("out of memory decoding a message");
    self->open = true;
    size_t offset = 0;
    msgpack_unpack_return result = msgpack_unpack ((const char *) data, size, &offset,
                                                   &self->zone, &self->root);
    if (result == MSGPACK_UNPACK_NOMEM_ERROR)
        return imi_error_set ("out of memory decoding a message");
    //  The walk accepted it, so msgpack-c disagreeing is a malformation the
    //  walk missed: still reject, never trust.
    if (result != MSGPACK_UNPACK_SUCCESS || offset != size)
        return imi_error_malformed ("msgpack could not decode the message");
    return 0;
}

//  Free the unpacked objects; safe after a failed open and twice.
void
imi_reader_close (imi_reader_t *self)
{
    if (self->open)
        msgpack_zone_destroy (&self->zone);
    self->open = false;
}

//  ---- typed access ----

static const char *
s_type_name (const msgpack_object *object)
{
    switch (object->type) {
        case MSGPACK_OBJECT_NIL: return "nil";
        case MSGPACK_OBJECT_BOOLEAN: return "a boolean";
        case MSGPACK_OBJECT_POSITIVE_INTEGER: return "an unsigned integer";
        case MSGPACK_OBJECT_NEGATIVE_INTEGER: return "a negative integer";
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64: return "a float";
        case MSGPACK_OBJECT_STR: return "a string";
        case MSGPACK_OBJECT_ARRAY: return "an array";
        case MSGPACK_OBJECT_MAP: return "a map";
        case MSGPACK_OBJECT_BIN: return "a bin";
        case MSGPACK_OBJECT_EXT: return "an ext";
    }
    return "an unknown type";
}

static int
s_expected (const msgpack_object *object, const char *field, const char *expected)
{
    return imi_error_malformed ("%s: expected %s, got %s", field, expected,
                                s_type_name (object));
}

//  An array of exactly count items.
int
imi_object_array (const msgpack_object *object, const char *field, uint32_t count,
                  const msgpack_object **items)
{
    if (object->type != MSGPACK_OBJECT_ARRAY)
        return s_expected (object, field, "an array");
    if (object->via.array.size != count)
        return imi_error_malformed ("%s: expected %" PRIu32 " items, got %" PRIu32,
                                    field, count, object->via.array.size);
    *items = object->via.array.ptr;
    return 0;
}

//  An array of minimum..maximum items.
int
imi_object_array_range (const msgpack_object *object, const char *field,
                        uint32_t minimum, uint32_t maximum,
                        const msgpack_object **items, uint32_t *count)
{
    if (object->type != MSGPACK_OBJECT_ARRAY)
        return s_expected (object, field, "an array");
    uint32_t size = object->via.array.size;
    if (size < minimum || size > maximum)
        return imi_error_malformed ("%s: %" PRIu32 " items, expected %" PRIu32
                                    " to %" PRIu32, field, size, minimum, maximum);
    *items = object->via.array.ptr;
    *count = size;
    return 0;
}

//  A non-negative integer no larger than maximum.
int
imi_object_uint (const msgpack_object *object, const char *field, uint64_t maximum,
                 uint64_t *value)
{
    if (object->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return s_expected (object, field, "an unsigned integer");
    if (object->via.u64 > maximum)
        return imi_error_malformed ("%s: %" PRIu64 " exceeds the maximum %" PRIu64,
                                    field, object->via.u64, maximum);
    *value = object->via.u64;
    return 0;
}

//  A time: an unsigned integer up to IMI_TIME_MAX_MS.
int
imi_object_time (const msgpack_object *object, const char *field, uint64_t *value)
{
    return imi_object_uint (object, field, IMI_TIME_MAX_MS, value);
}

//  A bin of exactly size bytes, copied out.
int
imi_object_bin_fixed (const msgpack_object *object, const char *field, void *out,
                      size_t size)
{
    if (object->type != MSGPACK_OBJECT_BIN)
        return s_expected (object, field, "a bin");
    if (object->via.bin.size != size)
        return imi_error_malformed ("%s: expected %zu bytes, got %" PRIu32,
                                    field, size, object->via.bin.size);
    if (size)
        memcpy (out, object->via.bin.ptr, size);
    return 0;
}

//  A bin of at most maximum bytes, by reference.
int
imi_object_bin (const msgpack_object *object, const char *field, size_t maximum,
                const uint8_t **data, size_t *size)
{
    if (object->type != MSGPACK_OBJECT_BIN)
        return s_expected (object, field, "a bin");
    if (object->via.bin.size > maximum)
        return imi_error_malformed ("%s: %" PRIu32 " bytes exceeds the maximum %zu",
                                    field, object->via.bin.size, maximum);
    *data = (const uint8_t *) object->via.bin.ptr;
    *size = object->via.bin.size;
    return 0;
}

//  A UTF-8 string without NUL of at most maximum bytes, copied out.
int
imi_object_str (const msgpack_object *object, const char *field, size_t maximum,
                char *out, size_t out_size)
{
    assert (out_size >= maximum + 1);
    if (object->type != MSGPACK_OBJECT_STR)
        return s_expected (object, field, "a string");
    size_t size = object->via.str.size;
    if (size > maximum)
        return imi_error_malformed ("%s: %zu bytes exceeds the maximum %zu",
                                    field, size, maximum);
    if (!imi_utf8_valid ((const uint8_t *) object->via.str.ptr, size))
        return imi_error_malformed ("%s: not valid UTF-8 (or holds a NUL)", field);
    if (size)
        memcpy (out, object->via.str.ptr, size);
    out [size] = 0;
    return 0;
}

//  A boolean.
int
imi_object_bool (const msgpack_object *object, const char *field, bool *value)
{
    if (object->type != MSGPACK_OBJECT_BOOLEAN)
        return s_expected (object, field, "a boolean");
    *value = object->via.boolean;
    return 0;
}

//  A map of at most maximum entries.
int
imi_object_map (const msgpack_object *object, const char *field, uint32_t maximum,
                const msgpack_object_kv **entries, uint32_t *count)
{
    if (object->type != MSGPACK_OBJECT_MAP)
        return s_expected (object, field, "a map");
    if (object->via.map.size > maximum)
        return imi_error_malformed ("%s: %" PRIu32 " entries, expected at most %" PRIu32,
                                    field, object->via.map.size, maximum);
    *entries = object->via.map.ptr;
    *count = object->via.map.size;
    return 0;
}

//  A UTF-8 string without NUL of at most maximum bytes, copied into a
//  buffer of its own size.
int
imi_object_str_copy (const msgpack_object *object, const char *field, size_t maximum,
                     char **out)
{
    *out = NULL;
    if (object->type != MSGPACK_OBJECT_STR)
        return s_expected (object, field, "a string");
    size_t size = object->via.str.size;
    if (size > maximum)
        return imi_error_malformed ("%s: %zu bytes exceeds the maximum %zu",
                                    field, size, maximum);
    char *copy = (char *) malloc (size + 1);
    if (!copy)
        return imi_error_set ("%s: out of memory", field);
    int rc = imi_object_str (object, field, size, copy, size + 1);
    if (rc) {
        free (copy);
        return rc;
    }
    *out = copy;
    return 0;
}

//  Well-formed UTF-8 per RFC 3629, and no NUL.
bool
imi_utf8_valid (const uint8_t *data, size_t size)
{
    size_t index = 0;
    while (index < size) {
        uint8_t lead = data [index];
        if (lead == 0)
            return false;
        if (lead < 0x80) {
            index++;
            continue;
        }
        size_t extra;
        uint32_t point, minimum;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1; point = lead & 0x1f; minimum = 0x80;
        }
        else
        if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2; point = lead & 0x0f; minimum = 0x800;
        }
        else
        if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3; point = lead & 0x07; minimum = 0x10000;
        }
        else
            return false;                   //  continuation byte, 0xc0/0xc1, 0xf5+
        if (extra > size - index - 1)
            return false;
        for (size_t next = 1; next <= extra; next++) {
            uint8_t byte = data [index + next];
            if ((byte & 0xc0) != 0x80)
                return false;
            point = (point << 6) | (byte & 0x3f);
        }
        if (point < minimum || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))
            return false;
        index += extra + 1;
    }
    return true;
}

//  ---- self test ----

//  One sample of every format, each checked alone and inside a container.
static const struct {
    const char *name;
    const char *hex;
} s_formats [] = {
    { "nil", "c0" }, { "false", "c2" }, { "true", "c3" },
    { "positive fixint", "7f" }, { "negative fixint", "e0" },
    { "uint8", "ccff" }, { "uint16", "cdffff" }, { "uint32", "ceffffffff" },
    { "uint64", "cfffffffffffffffff" },
    { "int8", "d080" }, { "int16", "d18000" }, { "int32", "d280000000" },
    { "int64", "d38000000000000000" },
    { "float32", "ca3f800000" }, { "float64", "cb3ff0000000000000" },
    { "fixstr", "a3616263" }, { "str8", "d903616263" }, { "str16", "da0003616263" },
    { "str32", "db00000003616263" },
    { "bin8", "c403010203" }, { "bin16", "c50003010203" }, { "bin32", "c600000003010203" },
    { "fixarray", "9301c0c3" }, { "array16", "dc000201c0" }, { "array32", "dd0000000101" },
    { "fixmap", "81a16101" }, { "map16", "de0001a16101" }, { "map32", "df00000001a16101" },
    { "fixext1", "d40101" }, { "fixext2", "d5010102" }, { "fixext4", "d60101020304" },
    { "fixext8", "d7010102030405060708" },
    { "fixext16", "d80100000000000000000000000000000000" },
    { "ext8", "c7020101ff" }, { "ext16", "c8000201010f" }, { "ext32", "c900000002010102" },
    { "empty fixarray", "90" }, { "empty str", "a0" }, { "empty bin", "c400" },
};

static size_t
s_from_hex (uint8_t *out, size_t out_size, const char *hex)
{
    size_t size = strlen (hex) / 2;
    assert (size <= out_size);
    int rc = imi_hex_decode (out, size, hex);
    assert (rc == 0);
    (void) rc;
    return size;
}

static void
s_test_formats (void)
{
    uint8_t bytes [64], outer [80];
    for (size_t index = 0; index < sizeof s_formats / sizeof s_formats [0]; index++) {
        size_t size = s_from_hex (bytes, sizeof bytes, s_formats [index].hex);
        assert (imi_codec_check (bytes, size) == 0);
        imi_reader_t reader;
        assert (imi_reader_open (&reader, bytes, size, size) == 0);
        imi_reader_close (&reader);
        imi_reader_close (&reader);             //  twice is safe
        //  Every truncation fails, and so does one trailing byte.
        for (size_t cut = 0; cut < size; cut++)
            assert (imi_codec_check (bytes, cut) == -2);
        bytes [size] = 0xc0;
        assert (imi_codec_check (bytes, size + 1) == -2);
        //  Inside an array of two, followed by a nil.
        outer [0] = 0x92;
        memcpy (outer + 1, bytes, size);
        outer [size + 1] = 0xc0;
        assert (imi_codec_check (outer, size + 2) == 0);
        assert (imi_codec_check (outer, size + 1) == -2);
    }
    //  The reserved marker.
    uint8_t reserved [] = { 0xc1 };
    assert (imi_codec_check (reserved, 1) == -2);
    assert (imi_codec_check (reserved, 0) == -2);
}

static void
s_test_counts (void)
{
    //  array32 claiming 2^32 - 1 items in 10 bytes: rejected before msgpack-c
    //  runs (the reader's zone is never initialised), so nothing is allocated.
    uint8_t huge [10] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5 };
    assert (imi_codec_check (huge, sizeof huge) == -2);
    assert (strstr (imi_error_last (), "claims 4294967295 items"));
    imi_reader_t reader;
    assert (imi_reader_open (&reader, huge, sizeof huge, 1024) == -2);
    assert (!reader.open);
    imi_reader_close (&reader);
    //  map32 of 3 entries needs 6 bytes, has 5.
    uint8_t map [] = { 0xdf, 0, 0, 0, 3, 1, 2, 3, 4, 5 };
    assert (imi_codec_check (map, sizeof map) == -2);
    //  str32 and bin32 claiming 4 GiB.
    uint8_t str [] = { 0xdb, 0xff, 0xff, 0xff, 0xff, 'a' };
    assert (imi_codec_check (str, sizeof str) == -2);
    uint8_t bin [] = { 0xc6, 0xff, 0xff, 0xff, 0xff, 'a' };
    assert (imi_codec_check (bin, sizeof bin) == -2);
    uint8_t ext [] = { 0xc9, 0xff, 0xff, 0xff, 0xff, 1, 'a' };
    assert (imi_codec_check (ext, sizeof ext) == -2);
    //  Nested claims: each fits the bytes left, but together they do not.
    uint8_t nested [] = { 0x92, 0x92, 1, 2 };
    assert (imi_codec_check (nested, sizeof nested) == -2);
    //  max_size is enforced before anything else.
    uint8_t small [] = { 0x91, 0x01 };
    assert (imi_reader_open (&reader, small, sizeof small, 1) == -2);
    imi_reader_close (&reader);
}

static void
s_test_depth (void)
{
    uint8_t bytes [IMI_CODEC_MAX_DEPTH + 2];
    //  IMI_CODEC_MAX_DEPTH nested arrays around a 1: accepted.
    memset (bytes, 0x91, IMI_CODEC_MAX_DEPTH);
    bytes [IMI_CODEC_MAX_DEPTH] = 0x01;
    assert (imi_codec_check (bytes, IMI_CODEC_MAX_DEPTH + 1) == 0);
    //  One more level: rejected, also for an empty innermost one and maps.
    memset (bytes, 0x91, IMI_CODEC_MAX_DEPTH + 1);
    bytes [IMI_CODEC_MAX_DEPTH + 1] = 0x01;
    assert (imi_codec_check (bytes, IMI_CODEC_MAX_DEPTH + 2) == -2);
    assert (strstr (imi_error_last (), "nesting deeper"));
    memset (bytes, 0x91, IMI_CODEC_MAX_DEPTH);
    bytes [IMI_CODEC_MAX_DEPTH] = 0x90;
    assert (imi_codec_check (bytes, IMI_CODEC_MAX_DEPTH + 1) == -2);
    //  A depth bomb: a million nested arrays.
    size_t bomb_size = 1000000;
    uint8_t *bomb = (uint8_t *) malloc (bomb_size);
    assert (bomb);
    memset (bomb, 0x91, bomb_size - 1);
    bomb [bomb_size - 1] = 0x01;
    assert (imi_codec_check (bomb, bomb_size) == -2);
    imi_reader_t reader;
    assert (imi_reader_open (&reader, bomb, bomb_size, bomb_size) == -2);
    imi_reader_close (&reader);
    memset (bomb, 0x81, bomb_size);         //  maps of maps
    assert (imi_codec_check (bomb, bomb_size) == -2);
    free (bomb);
}

static void
s_test_round_trip (void)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    size_t size;
    assert (imi_writer_take (&writer, &size) == NULL);      //  nothing written
    imi_writer_array (&writer, 7);
    imi_writer_uint (&writer, 0);
    imi_writer_uint (&writer, UINT64_MAX);
    imi_writer_bin (&writer, "\x01\x02\x03", 3);
    imi_writer_str (&writer, "Grüße");
    imi_writer_str_n (&writer, "abc", 2);
    imi_writer_bool (&writer, true);
    imi_writer_bin (&writer, NULL, 0);
    uint8_t *bytes = imi_writer_take (&writer, &size);
    assert (bytes && size > 0);
    assert (bytes [0] == 0x97 && bytes [1] == 0x00 && bytes [2] == 0xcf);
    size_t empty_size;
    assert (imi_writer_take (&writer, &empty_size) == NULL);    //  left empty
    imi_writer_cleanup (&writer);

    imi_reader_t reader;
    assert (imi_reader_open (&reader, bytes, size, size) == 0);
    const msgpack_object *items;
    assert (imi_object_array (&reader.root, "t", 6, &items) == -2);
    assert (strcmp (imi_error_last (), "t: expected 6 items, got 7") == 0);
    uint32_t count;
    assert (imi_object_array_range (&reader.root, "t", 8, 9, &items, &count) == -2);
    assert (imi_object_array_range (&reader.root, "t", 1, 7, &items, &count) == 0);
    assert (count == 7);
    assert (imi_object_array (&reader.root, "t", 7, &items) == 0);
    uint64_t value;
    assert (imi_object_uint (&items [0], "t.zero", 0, &value) == 0 && value == 0);
    assert (imi_object_uint (&items [1], "t.max", UINT64_MAX, &value) == 0);
    assert (value == UINT64_MAX);
    assert (imi_object_uint (&items [1], "t.max", 10, &value) == -2);
    assert (imi_object_uint (&items [2], "header.seq", 10, &value) == -2);
    assert (strcmp (imi_error_last (),
                    "header.seq: expected an unsigned integer, got a bin") == 0);
    uint8_t fixed [3];
    assert (imi_object_bin_fixed (&items [2], "t.bin", fixed, 3) == 0);
    assert (memcmp (fixed, "\x01\x02\x03", 3) == 0);
    assert (imi_object_bin_fixed (&items [2], "t.bin", fixed, 2) == -2);
    assert (imi_object_bin_fixed (&items [3], "t.bin", fixed, 3) == -2);
    const uint8_t *data = NULL;
    size_t data_size;
    assert (imi_object_bin (&items [2], "t.bin", 3, &data, &data_size) == 0);
    assert (data_size == 3 && data > bytes && data + 3 <= bytes + size);
    assert (imi_object_bin (&items [2], "t.bin", 2, &data, &data_size) == -2);
    assert (imi_object_bin (&items [6], "t.empty", 0, &data, &data_size) == 0);
    assert (data_size == 0);
    char text [16];
    assert (imi_object_str (&items [3], "t.str", 7, text, sizeof text) == 0);
    assert (strcmp (text, "Grüße") == 0);
    assert (imi_object_str (&items [3], "t.str", 6, text, sizeof text) == -2);
    assert (imi_object_str (&items [4], "t.str", 2, text, sizeof text) == 0);
    assert (strcmp (text, "ab") == 0);
    assert (imi_object_str (&items [2], "t.str", 2, text, sizeof text) == -2);
    bool flag = false;
    assert (imi_object_bool (&items [5], "t.flag", &flag) == 0 && flag);
    assert (imi_object_bool (&items [0], "t.flag", &flag) == -2);
    imi_reader_close (&reader);
    free (bytes);

    //  Negative integers and floats are not unsigned integers; a str with a
    //  NUL or bad UTF-8 is not a string.
    uint8_t mixed [] = { 0x94, 0xff, 0xd0, 0x05, 0xca, 0x3f, 0x80, 0, 0, 0xa2, 'a', 0 };
    assert (imi_reader_open (&reader, mixed, sizeof mixed, 64) == 0);
    assert (imi_object_array (&reader.root, "m", 4, &items) == 0);
    assert (imi_object_uint (&items [0], "m.negative", UINT64_MAX, &value) == -2);
    assert (strstr (imi_error_last (), "got a negative integer"));
    assert (imi_object_uint (&items [1], "m.int8", UINT64_MAX, &value) == 0 && value == 5);
    assert (imi_object_uint (&items [2], "m.float", UINT64_MAX, &value) == -2);
    assert (imi_object_str (&items [3], "m.nul", 4, text, sizeof text) == -2);
    imi_reader_close (&reader);
}

//  Maps and strings copied to their own size.
static void
s_test_map (void)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_map (&writer, 2);
    imi_writer_str (&writer, "a");
    imi_writer_uint (&writer, 1);
    imi_writer_str (&writer, "text");
    imi_writer_str (&writer, "Grüße");
    size_t size;
    uint8_t *bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && bytes [0] == 0x82);
    imi_reader_t reader;
    assert (imi_reader_open (&reader, bytes, size, size) == 0);
    const msgpack_object_kv *entries;
    uint32_t count;
    assert (imi_object_map (&reader.root, "m", 1, &entries, &count) == -2);
    assert (strcmp (imi_error_last (), "m: 2 entries, expected at most 1") == 0);
    assert (imi_object_map (&reader.root, "m", 2, &entries, &count) == 0 && count == 2);
    char *copy;
    assert (imi_object_str_copy (&entries [1].val, "m.text", 6, &copy) == -2 && !copy);
    assert (strcmp (imi_error_last (), "m.text: 7 bytes exceeds the maximum 6") == 0);
    assert (imi_object_str_copy (&entries [0].val, "m.a", 6, &copy) == -2 && !copy);
    assert (strcmp (imi_error_last (), "m.a: expected a string, got an unsigned integer") == 0);
    assert (imi_object_str_copy (&entries [1].val, "m.text", 7, &copy) == 0);
    assert (strcmp (copy, "Grüße") == 0);
    free (copy);
    const msgpack_object *items = NULL;
    assert (imi_object_array (&reader.root, "m", 2, &items) == -2);
    assert (strcmp (imi_error_last (), "m: expected an array, got a map") == 0);
    imi_reader_close (&reader);
    assert (imi_reader_open (&reader, (const uint8_t *) "\x91\xa2\xc0\x80", 4, 4) == 0);
    assert (imi_object_map (&reader.root, "m", 2, &entries, &count) == -2);
    assert (imi_object_array (&reader.root, "m", 1, &items) == 0);
    assert (imi_object_str_copy (&items [0], "m.nul", 2, &copy) == -2 && !copy);
    assert (strstr (imi_error_last (), "not valid UTF-8"));
    imi_reader_close (&reader);
    free (bytes);
}

static void
s_test_utf8 (void)
{
    static const struct {
        const char *bytes;
        bool valid;
    } cases [] = {
        { "", true }, { "ascii", true }, { "\xc3\xa9", true }, { "\xe2\x82\xac", true },
        { "\xf0\x9f\x98\x80", true }, { "\xf4\x8f\xbf\xbf", true },
        { "\xc0\x80", false }, { "\xc1\xbf", false }, { "\xe0\x80\xaf", false },
        { "\xed\xa0\x80", false }, { "\xf4\x90\x80\x80", false }, { "\xf5\x80\x80\x80", false },
        { "\x80", false }, { "\xc3", false }, { "\xe2\x82", false }, { "\xc3\x28", false },
        { "\xf0\x8f\xbf\xbf", false }, { "\xff", false },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        const char *bytes = cases [index].bytes;
        assert (imi_utf8_valid ((const uint8_t *) bytes, strlen (bytes)) == cases [index].valid);
    }
    assert (!imi_utf8_valid ((const uint8_t *) "a\0b", 3));
}

//  Item spans: each item of an array found at its exact bytes, embedded
//  values written raw, and what is not there refused.
static void
s_test_array_item (void)
{
    //  [ 1, "abc", [ nil, [ true ] ], bin(2) ], and an array16 around two items.
    uint8_t bytes [64];
    size_t size = s_from_hex (bytes, sizeof bytes, "9401a3616263" "92c091c3" "c4020102");
    static const struct {
        size_t offset, size;
    } spans [] = { { 1, 1 }, { 2, 4 }, { 6, 4 }, { 10, 4 } };
    size_t offset, item_size;
    for (uint32_t index = 0; index < 4; index++) {
        assert (imi_codec_array_item (bytes, size, index, &offset, &item_size) == 0);
        assert (offset == spans [index].offset && item_size == spans [index].size);
        assert (imi_codec_check (bytes + offset, item_size) == 0);
    }
    assert (imi_codec_array_item (bytes, size, 4, &offset, &item_size) == -2);
    assert (strstr (imi_error_last (), "has no item 4"));
    //  Truncated inside the item asked for, or before it: refused.
    assert (imi_codec_array_item (bytes, 8, 2, &offset, &item_size) == -2);
    assert (imi_codec_array_item (bytes, 3, 2, &offset, &item_size) == -2);
    assert (offset == 0 && item_size == 0);
    //  An item that lies before the truncation is still found.
    assert (imi_codec_array_item (bytes, 8, 1, &offset, &item_size) == 0);
    size = s_from_hex (bytes, sizeof bytes, "dc0002" "c0" "a0");
    assert (imi_codec_array_item (bytes, size, 1, &offset, &item_size) == 0);
    assert (offset == 4 && item_size == 1);
    //  Not an array, empty, a truncated count, a reserved byte before the item.
    size = s_from_hex (bytes, sizeof bytes, "81a16101");
    assert (imi_codec_array_item (bytes, size, 0, &offset, &item_size) == -2);
    assert (imi_codec_array_item (bytes, 0, 0, &offset, &item_size) == -2);
    size = s_from_hex (bytes, sizeof bytes, "dc00");
    assert (imi_codec_array_item (bytes, size, 0, &offset, &item_size) == -2);
    size = s_from_hex (bytes, sizeof bytes, "92c101");
    assert (imi_codec_array_item (bytes, size, 1, &offset, &item_size) == -2);
    //  Depth counts from the root: an item nested 7 deep inside the array is
    //  the limit.
    memset (bytes, 0x91, IMI_CODEC_MAX_DEPTH);
    bytes [IMI_CODEC_MAX_DEPTH] = 0x01;
    assert (imi_codec_array_item (bytes, IMI_CODEC_MAX_DEPTH + 1, 0, &offset, &item_size) == 0);
    memset (bytes, 0x91, IMI_CODEC_MAX_DEPTH + 1);
    bytes [IMI_CODEC_MAX_DEPTH + 1] = 0x01;
    assert (imi_codec_array_item (bytes, IMI_CODEC_MAX_DEPTH + 2, 0, &offset, &item_size) == -2);

    //  A document embedded raw keeps its bytes and is found again.
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_nil (&writer);
    imi_writer_raw (&writer, "\x92\x01\xa1x", 4);
    imi_writer_uint (&writer, 7);
    uint8_t *written = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (written && size == 7 && written [1] == 0xc0);
    assert (imi_codec_check (written, size) == 0);
    assert (imi_codec_array_item (written, size, 1, &offset, &item_size) == 0);
    assert (offset == 2 && item_size == 4 && memcmp (written + 2, "\x92\x01\xa1x", 4) == 0);
    free (written);
}

//  Self test: every format, truncation, bogus counts, depth, typed access.
void
imi_codec_test_truncations (const uint8_t *bytes, size_t size,
                            int (*decode) (const uint8_t *data, size_t size))
{
    assert (decode (bytes, size) == 0);
    for (size_t cut = 0; cut < size; cut++)
        assert (decode (bytes, cut) == -2);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    assert (longer);
    memcpy (longer, bytes, size);
    longer [size] = 0xc0;
    assert (decode (longer, size + 1) == -2);
    free (longer);
}

void
imi_codec_test (void)
{
    s_test_formats ();
    s_test_array_item ();
    s_test_counts ();
    s_test_depth ();
    s_test_round_trip ();
    s_test_map ();
    s_test_utf8 ();
}

/*  imi_note: signed notes, checkpoints and cosignatures (C2SP). See
    imi_note.h and PROTOCOL.md §11.

    A note holds its text (a copy, NUL-terminated for convenience) and its
    signature lines decoded: key name, key id, and the signature bytes that
    follow the id. Lines are kept in the order received, duplicates
    included, so that encoding a decoded note gives back exactly its bytes
    (the decoder accepts only canonical base64, the one form the encoder
    writes). Signing or adding a line replaces an earlier line with the same
    name and key id, as the Go implementation does.

    Every text that reaches a signature or a checkpoint passes one check,
    s_text_check (UTF-8, no control character but newline); key names pass
    imi_note_name_valid; signature lines pass s_line_parse. The checkpoint
    formatter validates what it wrote by parsing it, so the rules live in
    the parser only.
*/
#include "imi_note.h"
#include "imi_codec.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DASH                  "\xe2\x80\x94 "     //  em dash (U+2014) and a space
#define S_DASH_SIZE             4
#define S_RESERVED_PREFIX       "imi."              //  our signature contexts' prefix
#define S_COSIGNATURE_HEADER    "cosignature/v1\ntime "
#define S_TIMESTAMP_MAX         ((uint64_t) INT64_MAX)
#define S_FEDERATION_MAX        64
//  Base64 of the longest signature we accept (key id and 8192 bytes).
#define S_SIGNATURE_BASE64_MAX  \
    (sodium_base64_ENCODED_LEN (IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX, \
                                sodium_base64_VARIANT_ORIGINAL) - 1)

struct _imi_note_t {
    char *text;                                 //  ends in a newline; NUL after it
    size_t text_size;                           //  without the NUL
    imi_note_signature_t signatures [IMI_NOTE_MAX_SIGNATURES];  //  in line order
    size_t signature_count;
};

//  ---- encodings ----

//  Canonical base64 (RFC 4648 §4, padded) of data into text (NUL-terminated;
//  text_max >= sodium_base64_ENCODED_LEN). Returns the length written.
static size_t
s_base64_encode (char *text, size_t text_max, const uint8_t *data, size_t size)
{
    assert (text_max >= sodium_base64_ENCODED_LEN (size, sodium_base64_VARIANT_ORIGINAL));
    sodium_bin2base64 (text, text_max, data, size, sodium_base64_VARIANT_ORIGINAL);
    return strlen (text);
}

//  Decode text (size bytes) as non-empty canonical base64 of at most maximum
//  bytes. 0 and *decoded, or -1. The alphabet is checked here first:
//  libsodium's decoder (1.0.18) takes some bytes above 0x7f for digits
//  (found by fuzz_note), and then the input would not be canonical.
static int
s_base64_decode (uint8_t *data, size_t maximum, const char *text, size_t size,
                 size_t *decoded)
{
    for (size_t index = 0; index < size; index++) {
        char digit = text [index];
        if (!((digit >= 'A' && digit <= 'Z') || (digit >= 'a' && digit <= 'z')
        ||    (digit >= '0' && digit <= '9') || digit == '+' || digit == '/' || digit == '='))
            return -1;
    }
    if (size == 0
    ||  sodium_base642bin (data, maximum, text, size, NULL, decoded, NULL,
                           sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return 0;
}

static uint32_t
s_get_u32 (const uint8_t *data)
{
    return (uint32_t) data [0] << 24 | (uint32_t) data [1] << 16
         | (uint32_t) data [2] << 8 | (uint32_t) data [3];
}

static void
s_put_u32 (uint8_t *data, uint32_t value)
{
    for (int index = 3; index >= 0; index--, value >>= 8)
        data [index] = (uint8_t) value;
}

static uint64_t
s_get_u64 (const uint8_t *data)
{
    return (uint64_t) s_get_u32 (data) << 32 | s_get_u32 (data + 4);
}

static void
s_put_u64 (uint8_t *data, uint64_t value)
{
    s_put_u32 (data, (uint32_t) (value >> 32));
    s_put_u32 (data + 4, (uint32_t) value);
}

//  ---- text rules ----

//  Note text rules (signed-note "Format"): no ASCII control character other
//  than newline, valid UTF-8. 0, or -2 naming what and where.
static int
s_text_check (const char *text, size_t size, const char *what)
{
    for (size_t index = 0; index < size; index++) {
        uint8_t byte = (uint8_t) text [index];
        if (byte < 0x20 && byte != '\n')
            return imi_error_malformed ("%s: control character 0x%02x at byte %zu",
                                       what, byte, index);
    }
    if (!imi_utf8_valid ((const uint8_t *) text, size))
        return imi_error_malformed ("%s: not valid UTF-8", what);
    return 0;
}

//  Unicode White_Space characters (Go's unicode.IsSpace, which the reference
//  implementation uses for key names) that are not ASCII control characters.
static bool
s_unicode_space (uint32_t point)
{
    return point == 0x20 || point == 0x85 || point == 0xa0 || point == 0x1680
        || (point >= 0x2000 && point <= 0x200a)
        || point == 0x2028 || point == 0x2029 || point == 0x202f
        || point == 0x205f || point == 0x3000;
}

bool
imi_note_name_valid (const char *name, size_t size)
{
    if (size < 1 || size > IMI_NOTE_NAME_MAX
    ||  !imi_utf8_valid ((const uint8_t *) name, size))
        return false;
    size_t index = 0;
    while (index < size) {
        //  Well-formed UTF-8 from here: decode one code point.
        uint8_t lead = (uint8_t) name [index];
        size_t extra = lead < 0x80? 0: lead < 0xe0? 1: lead < 0xf0? 2: 3;
        uint32_t point = extra == 0? lead: lead & (0x3f >> extra);
        for (size_t next = 1; next <= extra; next++)
            point = point << 6 | ((uint8_t) name [index + next] & 0x3f);
        if (point < 0x20 || point == '+' || s_unicode_space (point))
            return false;
        index += extra + 1;
    }
    return true;
}

//  ---- keys ----

uint32_t
imi_note_key_id (const char *name, uint8_t type,
                 const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES])
{
    size_t name_size = strnlen (name, IMI_NOTE_NAME_MAX + 1);
    assert (name_size <= IMI_NOTE_NAME_MAX);
    uint8_t input [IMI_NOTE_NAME_MAX + 2 + IMI_SIGN_PUBLIC_BYTES];
    memcpy (input, name, name_size);
    input [name_size] = '\n';
    input [name_size + 1] = type;
    memcpy (input + name_size + 2, public_key, IMI_SIGN_PUBLIC_BYTES);
    uint8_t hash [IMI_HASH_BYTES];
    imi_hash (hash, input, name_size + 2 + IMI_SIGN_PUBLIC_BYTES);
    return s_get_u32 (hash);
}

int
imi_note_key_set (imi_note_key_t *key, const char *name, uint8_t type,
                  const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES])
{
    size_t name_size = strnlen (name, IMI_NOTE_NAME_MAX + 1);
    if (!imi_note_name_valid (name, name_size))
        return imi_error_set ("key name '%.64s' is not 1 to %d bytes of UTF-8 without "
                              "spaces, '+' or control characters", name, IMI_NOTE_NAME_MAX);
    if (type != IMI_NOTE_TYPE_ED25519 && type != IMI_NOTE_TYPE_COSIGNATURE)
        return imi_error_set ("key type 0x%02x is not 0x01 (Ed25519) or 0x04 "
                              "(Ed25519 cosignature)", type);
    memcpy (key->name, name, name_size + 1);
    key->type = type;
    memcpy (key->public_key, public_key, IMI_SIGN_PUBLIC_BYTES);
    key->key_id = imi_note_key_id (name, type, public_key);
    return 0;
}

//  Exactly 8 hex digits (either case) as a 32-bit value. 0 or -1.
static int
s_hex32 (const char *text, size_t size, uint32_t *value)
{
    if (size != 8)
        return -1;
    *value = 0;
    for (size_t index = 0; index < size; index++) {
        char digit = text [index];
        uint32_t nibble = digit >= '0' && digit <= '9'? (uint32_t) (digit - '0')
                        : digit >= 'a' && digit <= 'f'? (uint32_t) (digit - 'a' + 10)
                        : digit >= 'A' && digit <= 'F'? (uint32_t) (digit - 'A' + 10)
                        : 16;
        if (nibble == 16)
            return -1;
        *value = *value << 4 | nibble;
    }
    return 0;
}

int
imi_note_vkey_parse (imi_note_key_t *key, const char *vkey)
{
    size_t size = strnlen (vkey, IMI_NOTE_VKEY_MAX + 1);
    if (size > IMI_NOTE_VKEY_MAX)
        return imi_error_malformed ("vkey: longer than %d bytes", IMI_NOTE_VKEY_MAX);
    const char *first = memchr (vkey, '+', size);
    const char *second = first? memchr (first + 1, '+', size - (size_t) (first + 1 - vkey)): NULL;
    if (!second)
        return imi_error_malformed ("vkey: not name+keyid+key");
    size_t name_size = (size_t) (first - vkey);
    if (!imi_note_name_valid (vkey, name_size))
        return imi_error_malformed ("vkey: key name is empty or holds a space or a "
                                    "control character");
    uint32_t key_id;
    if (s_hex32 (first + 1, (size_t) (second - first - 1), &key_id))
        return imi_error_malformed ("vkey: key id is not 8 hex digits");
    uint8_t material [1 + IMI_SIGN_PUBLIC_BYTES];
    size_t decoded;
    const char *base64 = second + 1;
    if (s_base64_decode (material, sizeof material, base64, size - (size_t) (base64 - vkey),
                         &decoded))
        return imi_error_malformed ("vkey: key is not canonical base64 of at most %zu bytes",
                                    sizeof material);
    if (decoded < 1 || (material [0] != IMI_NOTE_TYPE_ED25519
                     && material [0] != IMI_NOTE_TYPE_COSIGNATURE))
        return imi_error_malformed ("vkey: key type 0x%02x is not 0x01 (Ed25519) or 0x04 "
                                    "(Ed25519 cosignature)", decoded? material [0]: 0);
    if (decoded != sizeof material)
        return imi_error_malformed ("vkey: Ed25519 key of %zu bytes, not 32", decoded - 1);
    imi_note_key_t parsed;
    memcpy (parsed.name, vkey, name_size);
    parsed.name [name_size] = 0;
    parsed.type = material [0];
    memcpy (parsed.public_key, material + 1, IMI_SIGN_PUBLIC_BYTES);
    parsed.key_id = imi_note_key_id (parsed.name, parsed.type, parsed.public_key);
    if (parsed.key_id != key_id)
        return imi_error_malformed ("vkey: key id %08" PRIx32 " is not the key's, %08" PRIx32,
                                    key_id, parsed.key_id);
    *key = parsed;
    return 0;
}

void
imi_note_vkey_format (const imi_note_key_t *key, char vkey [IMI_NOTE_VKEY_MAX + 1])
{
    uint8_t material [1 + IMI_SIGN_PUBLIC_BYTES];
    material [0] = key->type;
    memcpy (material + 1, key->public_key, IMI_SIGN_PUBLIC_BYTES);
    int written = snprintf (vkey, IMI_NOTE_VKEY_MAX + 1, "%s+%08" PRIx32 "+",
                            key->name, key->key_id);
    assert (written > 0 && (size_t) written <= IMI_NOTE_VKEY_MAX - 44);
    s_base64_encode (vkey + written, (size_t) (IMI_NOTE_VKEY_MAX + 1 - written),
                     material, sizeof material);
}

//  ---- signature lines ----

//  Parse one signature line (size bytes, without its newline; number counts
//  from 1 for the reason) into line, whose signature is malloc'd. 0, -1 if
//  memory runs out, -2 if malformed.
static int
s_line_parse (imi_note_signature_t *line, const char *text, size_t size, size_t number)
{
    if (size < S_DASH_SIZE || memcmp (text, S_DASH, S_DASH_SIZE) != 0)
        return imi_error_malformed ("note: signature line %zu does not start with an em dash "
                                    "and a space", number);
    const char *name = text + S_DASH_SIZE;
    const char *end = text + size;
    const char *space = memchr (name, ' ', (size_t) (end - name));
    if (!space)
        return imi_error_malformed ("note: signature line %zu has no space after the key name",
                                    number);
    size_t name_size = (size_t) (space - name);
    if (!imi_note_name_valid (name, name_size))
        return imi_error_malformed ("note: signature line %zu: key name is not 1 to %d bytes "
                                    "of UTF-8 without spaces, '+' or control characters",
                                    number, IMI_NOTE_NAME_MAX);
    const char *base64 = space + 1;
    size_t base64_size = (size_t) (end - base64);
    if (base64_size > S_SIGNATURE_BASE64_MAX)
        return imi_error_malformed ("note: signature line %zu: signature longer than %d bytes",
                                    number, IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX);
    uint8_t decoded [IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX];
    size_t decoded_size;
    if (s_base64_decode (decoded, sizeof decoded, base64, base64_size, &decoded_size))
        return imi_error_malformed ("note: signature line %zu: signature is not canonical "
                                    "base64", number);
    if (decoded_size < IMI_NOTE_KEY_ID_BYTES + 1)
        return imi_error_malformed ("note: signature line %zu: signature of %zu bytes, "
                                    "fewer than 5", number, decoded_size);
    line->signature_size = decoded_size - IMI_NOTE_KEY_ID_BYTES;
    line->signature = (uint8_t *) malloc (line->signature_size);
    if (!line->signature)
        return imi_error_set ("out of memory decoding a note");
    memcpy (line->signature, decoded + IMI_NOTE_KEY_ID_BYTES, line->signature_size);
    memcpy (line->name, name, name_size);
    line->name [name_size] = 0;
    line->key_id = s_get_u32 (decoded);
    return 0;
}

//  Bytes of the line "— name base64 (id || signature)\n".
static size_t
s_line_size (const char *name, size_t signature_size)
{
    return S_DASH_SIZE + strlen (name) + 1
         + sodium_base64_ENCODED_LEN (IMI_NOTE_KEY_ID_BYTES + signature_size,
                                      sodium_base64_VARIANT_ORIGINAL) - 1 + 1;
}

//  Write the line into out (s_line_size + 1 bytes: a NUL follows). Returns
//  the line's size.
static size_t
s_line_write (char *out, const char *name, uint32_t key_id, const uint8_t *signature,
              size_t signature_size)
{
    uint8_t decoded [IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX];
    assert (signature_size <= IMI_NOTE_SIGNATURE_MAX);
    s_put_u32 (decoded, key_id);
    memcpy (decoded + IMI_NOTE_KEY_ID_BYTES, signature, signature_size);
    size_t size = strlen (name);
    memcpy (out, S_DASH, S_DASH_SIZE);
    memcpy (out + S_DASH_SIZE, name, size);
    size += S_DASH_SIZE;
    out [size++] = ' ';
    size += s_base64_encode (out + size,
                             sodium_base64_ENCODED_LEN (IMI_NOTE_KEY_ID_BYTES + signature_size,
                                                        sodium_base64_VARIANT_ORIGINAL),
                             decoded, IMI_NOTE_KEY_ID_BYTES + signature_size);
    out [size++] = '\n';
    out [size] = 0;
    return size;
}

//  The message a cosignature/v1 signs: header, time line, checkpoint text.
//  malloc'd (caller frees), or NULL with the reason.
static uint8_t *
s_cosigned_message (uint64_t timestamp, const char *text, size_t size, size_t *message_size)
{
    char header [64];
    int header_size = snprintf (header, sizeof header, S_COSIGNATURE_HEADER "%" PRIu64 "\n",
                                timestamp);
    assert (header_size > 0 && (size_t) header_size < sizeof header);
    *message_size = (size_t) header_size + size;
    uint8_t *message = (uint8_t *) malloc (*message_size);
    if (!message) {
        imi_error_set ("out of memory building a cosigned message");
        return NULL;
    }
    memcpy (message, header, (size_t) header_size);
    memcpy (message + header_size, text, size);
    return message;
}

//  Check line's signature by key over text. 0 (and *timestamp for a
//  cosignature, else 0), or -1. The caller names the key in the reason.
static int
s_signature_check (const imi_note_signature_t *line, const char *text, size_t size,
                   const imi_note_key_t *key, uint64_t *timestamp)
{
    *timestamp = 0;
    if (key->type == IMI_NOTE_TYPE_ED25519)
        return line->signature_size == IMI_SIGNATURE_BYTES
            && imi_verify (line->signature, "", (const uint8_t *) text, size,
                           key->public_key) == 0? 0: -1;
    assert (key->type == IMI_NOTE_TYPE_COSIGNATURE);
    if (line->signature_size != IMI_NOTE_COSIGNATURE_BYTES
    ||  s_get_u64 (line->signature) > S_TIMESTAMP_MAX)
        return -1;
    size_t message_size;
    uint8_t *message = s_cosigned_message (s_get_u64 (line->signature), text, size,
                                           &message_size);
    if (!message)
        return -1;
    int rc = imi_verify (line->signature + 8, "", message, message_size, key->public_key);
    free (message);
    if (rc == 0)
        *timestamp = s_get_u64 (line->signature);
    return rc == 0? 0: -1;
}

//  ---- notes ----

//  New note holding a copy of text, no checks. NULL if memory runs out.
static imi_note_t *
s_note_new (const char *text, size_t size)
{
    imi_note_t *self = (imi_note_t *) calloc (1, sizeof *self);
    if (self)
        self->text = (char *) malloc (size + 1);
    if (!self || !self->text) {
        free (self);
        imi_error_set ("out of memory creating a note");
        return NULL;
    }
    memcpy (self->text, text, size);
    self->text [size] = 0;
    self->text_size = size;
    return self;
}

imi_note_t *
imi_note_new (const char *text, size_t size)
{
    if (size > IMI_NOTE_MAX_BYTES) {
        imi_error_set ("note text of %zu bytes exceeds the limit of %d", size,
                       IMI_NOTE_MAX_BYTES);
        return NULL;
    }
    if (s_text_check (text, size, "note text"))
        return NULL;
    if (size == 0 || text [size - 1] != '\n') {
        imi_error_set ("note text does not end with a newline");
        return NULL;
    }
    return s_note_new (text, size);
}

void
imi_note_destroy (imi_note_t **self_p)
{
    if (*self_p) {
        imi_note_t *self = *self_p;
        for (size_t index = 0; index < self->signature_count; index++)
            free (self->signatures [index].signature);
        free (self->text);
        free (self);
        *self_p = NULL;
    }
}

//  Append line (taking its signature), or with replace, put it in place of
//  an earlier line of the same name and key id. 0, or -1 when full (the
//  line's signature is freed then).
static int
s_signature_put (imi_note_t *self, imi_note_signature_t *line, bool replace)
{
    for (size_t index = 0; replace && index < self->signature_count; index++) {
        imi_note_signature_t *old = &self->signatures [index];
        if (old->key_id == line->key_id && strcmp (old->name, line->name) == 0) {
            free (old->signature);
            *old = *line;
            return 0;
        }
    }
    if (self->signature_count == IMI_NOTE_MAX_SIGNATURES) {
        free (line->signature);
        return imi_error_set ("note already has %d signatures", IMI_NOTE_MAX_SIGNATURES);
    }
    self->signatures [self->signature_count++] = *line;
    return 0;
}

imi_note_t *
imi_note_decode (const char *data, size_t size)
{
    if (size > IMI_NOTE_MAX_BYTES) {
        imi_error_malformed ("note: %zu bytes exceeds the limit of %d", size,
                             IMI_NOTE_MAX_BYTES);
        return NULL;
    }
    if (s_text_check (data, size, "note"))
        return NULL;
    //  The text ends at the last blank line: signature lines are never empty.
    size_t split = size;
    for (size_t index = size; index >= 2 && split == size; index--)
        if (data [index - 2] == '\n' && data [index - 1] == '\n')
            split = index - 2;
    if (split == size) {
        imi_error_malformed ("note: no blank line before the signatures");
        return NULL;
    }
    const char *lines = data + split + 2;
    const char *end = data + size;
    if (lines == end) {
        imi_error_malformed ("note: no signature lines after the blank line");
        return NULL;
    }
    if (end [-1] != '\n') {
        imi_error_malformed ("note: the last signature line does not end with a newline");
        return NULL;
    }
    imi_note_t *self = s_note_new (data, split + 1);
    size_t number = 1;
    while (self && lines < end) {
        const char *newline = memchr (lines, '\n', (size_t) (end - lines));
        imi_note_signature_t line;
        if (number > IMI_NOTE_MAX_SIGNATURES) {
            imi_error_malformed ("note: more than %d signatures", IMI_NOTE_MAX_SIGNATURES);
            imi_note_destroy (&self);
        }
        else
        if (s_line_parse (&line, lines, (size_t) (newline - lines), number)
        ||  s_signature_put (self, &line, false))
            imi_note_destroy (&self);
        lines = newline + 1;
        number++;
    }
    return self;
}

int
imi_note_encode (imi_note_t *self, char **out, size_t *size)
{
    *out = NULL;
    if (self->signature_count == 0)
        return imi_error_set ("note has no signature: a signed note has at least one");
    *size = self->text_size + 1;
    for (size_t index = 0; index < self->signature_count; index++)
        *size += s_line_size (self->signatures [index].name,
                              self->signatures [index].signature_size);
    *out = (char *) malloc (*size + 1);
    if (!*out)
        return imi_error_set ("out of memory encoding a note of %zu bytes", *size);
    memcpy (*out, self->text, self->text_size);
    size_t used = self->text_size;
    (*out) [used++] = '\n';
    for (size_t index = 0; index < self->signature_count; index++) {
        const imi_note_signature_t *line = &self->signatures [index];
        used += s_line_write (*out + used, line->name, line->key_id, line->signature,
                              line->signature_size);
    }
    assert (used == *size);
    return 0;
}

const char *
imi_note_text (imi_note_t *self, size_t *size)
{
    *size = self->text_size;
    return self->text;
}

size_t
imi_note_signature_count (imi_note_t *self)
{
    return self->signature_count;
}

const imi_note_signature_t *
imi_note_signature_at (imi_note_t *self, size_t index)
{
    return index < self->signature_count? &self->signatures [index]: NULL;
}

int
imi_note_sign (imi_note_t *self, const char *name,
               const uint8_t secret_key [IMI_SIGN_SECRET_BYTES])
{
    if (strncmp (self->text, S_RESERVED_PREFIX, strlen (S_RESERVED_PREFIX)) == 0)
        return imi_error_set ("note text starts with '" S_RESERVED_PREFIX "', the prefix of "
                              "our signature contexts: refusing to sign it");
    imi_note_key_t key;
    if (imi_note_key_set (&key, name, IMI_NOTE_TYPE_ED25519,
                          secret_key + IMI_SIGN_SEED_BYTES))
        return -1;
    imi_note_signature_t line;
    memcpy (line.name, key.name, sizeof line.name);
    line.key_id = key.key_id;
    line.signature_size = IMI_SIGNATURE_BYTES;
    line.signature = (uint8_t *) malloc (IMI_SIGNATURE_BYTES);
    if (!line.signature)
        return imi_error_set ("out of memory signing a note");
    if (imi_sign (line.signature, "", (const uint8_t *) self->text, self->text_size,
                  secret_key)) {
        free (line.signature);
        return -1;
    }
    return s_signature_put (self, &line, true);
}

//  The line (size bytes) must end in its one newline. 0 or -2.
static int
s_single_line (const char *line, size_t size, const char *what)
{
    if (size == 0 || line [size - 1] != '\n')
        return imi_error_malformed ("%s: signature line does not end with a newline", what);
    return 0;
}

int
imi_note_add_signature (imi_note_t *self, const char *line, size_t size)
{
    imi_note_signature_t parsed;
    int rc = s_single_line (line, size, "note");
    if (rc == 0)
        rc = s_line_parse (&parsed, line, size - 1, self->signature_count + 1);
    if (rc == 0)
        rc = s_signature_put (self, &parsed, true);
    return rc;
}

int
imi_note_verify (imi_note_t *self, const imi_note_key_t *keys, size_t key_count,
                 imi_note_verified_t *verified)
{
    if (verified)
        memset (verified, 0, key_count * sizeof verified [0]);
    size_t valid = 0;
    for (size_t index = 0; index < self->signature_count; index++) {
        const imi_note_signature_t *line = &self->signatures [index];
        size_t match = key_count, matches = 0;
        for (size_t key = 0; key < key_count; key++)
            if (keys [key].key_id == line->key_id && strcmp (keys [key].name, line->name) == 0) {
                match = key;
                matches++;
            }
        if (matches == 0)
            continue;                   //  not a key we know: ignored
        if (matches > 1)
            return imi_error_set ("ambiguous key %s+%08" PRIx32, line->name, line->key_id);
        uint64_t timestamp;
        if (s_signature_check (line, self->text, self->text_size, &keys [match], &timestamp))
            return imi_error_set ("invalid signature for key %s+%08" PRIx32,
                                  line->name, line->key_id);
        if (verified) {
            verified [match].valid = true;
            verified [match].timestamp = timestamp;
        }
        valid++;
    }
    if (valid == 0)
        return imi_error_set ("note has no verifiable signatures");
    return 0;
}

//  ---- checkpoints ----

int
imi_note_checkpoint_origin (char origin [IMI_NOTE_ORIGIN_MAX + 1], const char *federation,
                            const char *state)
{
    size_t size = strnlen (federation, S_FEDERATION_MAX + 1);
    bool printable = size >= 1 && size <= S_FEDERATION_MAX;
    for (size_t index = 0; printable && index < size; index++)
        printable = federation [index] >= 0x20 && federation [index] <= 0x7e;
    if (!printable)
        return imi_error_set ("federation name must be 1 to %d printable ASCII characters",
                              S_FEDERATION_MAX);
    if (!imi_state_code_valid (state))
        return imi_error_set ("state code '%.8s' must be two upper-case letters", state);
    size_t used = strlen (IMI_NOTE_ORIGIN_PREFIX);
    memcpy (origin, IMI_NOTE_ORIGIN_PREFIX, used);
    for (size_t index = 0; index < size; index++) {
        char byte = federation [index];
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')
        ||  (byte >= '0' && byte <= '9') || strchr ("._~-", byte))
            origin [used++] = byte;
        else
            used += (size_t) sprintf (origin + used, "%%%02X", (unsigned char) byte);
    }
    sprintf (origin + used, "/%s", state);
    return 0;
}

//  Decimal without sign or leading zero ("0" alone), at most 2^64 - 1. 0 or -1.
static int
s_decimal (const char *text, size_t size, uint64_t *value)
{
    if (size == 0 || size > 20 || (text [0] == '0' && size > 1))
        return -1;
    *value = 0;
    for (size_t index = 0; index < size; index++) {
        if (text [index] < '0' || text [index] > '9')
            return -1;
        uint64_t digit = (uint64_t) (text [index] - '0');
        if (*value > (UINT64_MAX - digit) / 10)
            return -1;
        *value = *value * 10 + digit;
    }
    return 0;
}

int
imi_note_checkpoint_restored (const imi_note_checkpoint_t *checkpoint, uint64_t *at_size)
{
    static const char prefix [] = IMI_NOTE_RESTORED_EXTENSION " ";
    const char *line = checkpoint->extensions;
    const char *end = line? line + checkpoint->extensions_size: NULL;
    int found = 0;
    while (line && line < end) {
        const char *newline = memchr (line, '\n', (size_t) (end - line));
        size_t length = newline? (size_t) (newline - line): (size_t) (end - line);
        if (length > sizeof prefix - 1 && memcmp (line, prefix, sizeof prefix - 1) == 0) {
            uint64_t value = 0;
            size_t digits = length - (sizeof prefix - 1);
            const char *digit = line + sizeof prefix - 1;
            if (digits > 20 || (digits > 1 && *digit == '0'))
                return imi_error_malformed ("checkpoint: a bad %s line",
                                            IMI_NOTE_RESTORED_EXTENSION);
            for (size_t index = 0; index < digits; index++) {
                if (digit [index] < '0' || digit [index] > '9'
                ||  value > (UINT64_MAX - (uint64_t) (digit [index] - '0')) / 10)
                    return imi_error_malformed ("checkpoint: a bad %s line",
                                                IMI_NOTE_RESTORED_EXTENSION);
                value = value * 10 + (uint64_t) (digit [index] - '0');
            }
            if (value > checkpoint->size)
                return imi_error_malformed ("checkpoint: restored at %llu, beyond its size %llu",
                                            (unsigned long long) value,
                                            (unsigned long long) checkpoint->size);
            *at_size = value;
            found = 1;
        }
        line += length + 1;
    }
    return found;
}

int
imi_note_checkpoint_parse (imi_note_checkpoint_t *checkpoint, const char *text, size_t size)
{
    if (size > IMI_NOTE_MAX_BYTES)
        return imi_error_malformed ("checkpoint: %zu bytes exceeds the limit of %d", size,
                                    IMI_NOTE_MAX_BYTES);
    if (s_text_check (text, size, "checkpoint"))
        return -2;
    if (size == 0 || text [size - 1] != '\n')
        return imi_error_malformed ("checkpoint: does not end with a newline");
    const char *end = text + size;
    const char *lines [3];
    size_t sizes [3];
    const char *next = text;
    for (int index = 0; index < 3; index++) {
        const char *newline = next < end? memchr (next, '\n', (size_t) (end - next)): NULL;
        if (!newline)
            return imi_error_malformed ("checkpoint: %d lines, expected at least 3", index);
        lines [index] = next;
        sizes [index] = (size_t) (newline - next);
        next = newline + 1;
    }
    if (sizes [0] == 0 || sizes [0] > IMI_NOTE_ORIGIN_MAX)
        return imi_error_malformed ("checkpoint: origin is not 1 to %d bytes",
                                    IMI_NOTE_ORIGIN_MAX);
    size_t reserved = strlen (S_RESERVED_PREFIX);
    if (sizes [0] >= reserved && memcmp (lines [0], S_RESERVED_PREFIX, reserved) == 0)
        return imi_error_malformed ("checkpoint: origin starts with '" S_RESERVED_PREFIX
                                    "', the prefix of our signature contexts");
    uint64_t tree_size;
    if (s_decimal (lines [1], sizes [1], &tree_size))
        return imi_error_malformed ("checkpoint: tree size is not a decimal number without "
                                    "leading zeros from 0 to 2^64 - 1");
    uint8_t root [IMI_HASH_BYTES];
    size_t decoded;
    if (s_base64_decode (root, sizeof root, lines [2], sizes [2], &decoded)
    ||  decoded != sizeof root)
        return imi_error_malformed ("checkpoint: root hash is not canonical base64 of %d bytes",
                                    IMI_HASH_BYTES);
    for (const char *line = next; line < end; line = (const char *) memchr (line, '\n',
                                                          (size_t) (end - line)) + 1)
        if (*line == '\n')
            return imi_error_malformed ("checkpoint: empty extension line");
    memcpy (checkpoint->origin, lines [0], sizes [0]);
    checkpoint->origin [sizes [0]] = 0;
    checkpoint->size = tree_size;
    memcpy (checkpoint->root, root, sizeof root);
    checkpoint->extensions = next < end? next: NULL;
    checkpoint->extensions_size = (size_t) (end - next);
    return 0;
}

int
imi_note_checkpoint_format (const imi_note_checkpoint_t *checkpoint, char **text,
                            size_t *size)
{
    *text = NULL;
    size_t origin_size = strnlen (checkpoint->origin, sizeof checkpoint->origin);
    size_t extensions_size = checkpoint->extensions? checkpoint->extensions_size: 0;
    if (origin_size == sizeof checkpoint->origin)
        return imi_error_set ("checkpoint: origin is not terminated");
    char root [sodium_base64_ENCODED_LEN (IMI_HASH_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    s_base64_encode (root, sizeof root, checkpoint->root, IMI_HASH_BYTES);
    size_t maximum = origin_size + 1 + 20 + 1 + strlen (root) + 1 + extensions_size;
    char *out = (char *) malloc (maximum + 1);
    if (!out)
        return imi_error_set ("out of memory formatting a checkpoint");
    int used = snprintf (out, maximum + 1, "%s\n%" PRIu64 "\n%s\n", checkpoint->origin,
                         checkpoint->size, root);
    assert (used > 0 && (size_t) used + extensions_size <= maximum);
    if (extensions_size)
        memcpy (out + used, checkpoint->extensions, extensions_size);
    *size = (size_t) used + extensions_size;
    out [*size] = 0;
    //  What was written must parse back to the same fields: the rules live in
    //  the parser only (an origin with a newline would parse as other lines).
    imi_note_checkpoint_t parsed;
    int rc = imi_note_checkpoint_parse (&parsed, out, *size);
    if (rc == 0 && (strcmp (parsed.origin, checkpoint->origin) != 0
                ||  parsed.extensions_size != extensions_size))
        rc = imi_error_set ("checkpoint: origin holds a newline");
    if (rc) {
        free (out);
        return -1;
    }
    *text = out;
    return 0;
}

//  ---- cosignatures ----

int
imi_note_cosign (char line [IMI_NOTE_COSIGNATURE_LINE_MAX + 1], const char *checkpoint,
                 size_t size, const char *name, uint64_t timestamp,
                 const uint8_t secret_key [IMI_SIGN_SECRET_BYTES])
{
    imi_note_checkpoint_t parsed;
    imi_note_key_t key;
    if (imi_note_checkpoint_parse (&parsed, checkpoint, size))
        return imi_error_wrap ("cosigning");
    if (timestamp > S_TIMESTAMP_MAX)
        return imi_error_set ("cosigning: timestamp %" PRIu64 " exceeds 2^63 - 1", timestamp);
    if (imi_note_key_set (&key, name, IMI_NOTE_TYPE_COSIGNATURE,
                          secret_key + IMI_SIGN_SEED_BYTES))
        return -1;
    size_t message_size;
    uint8_t *message = s_cosigned_message (timestamp, checkpoint, size, &message_size);
    if (!message)
        return -1;
    uint8_t signature [IMI_NOTE_COSIGNATURE_BYTES];
    s_put_u64 (signature, timestamp);
    int rc = imi_sign (signature + 8, "", message, message_size, secret_key);
    free (message);
    if (rc == 0)
        s_line_write (line, key.name, key.key_id, signature, sizeof signature);
    return rc;
}

int
imi_note_cosignature_verify (const char *line, size_t line_size, const char *checkpoint,
                             size_t size, const imi_note_key_t *witness, uint64_t *timestamp)
{
    if (witness->type != IMI_NOTE_TYPE_COSIGNATURE)
        return imi_error_set ("cosignature: key %s is of type 0x%02x, not a witness key (0x04)",
                              witness->name, witness->type);
    imi_note_signature_t parsed;
    int rc = s_single_line (line, line_size, "cosignature");
    if (rc == 0)
        rc = s_line_parse (&parsed, line, line_size - 1, 1);
    if (rc)
        return rc;
    if (parsed.key_id != witness->key_id || strcmp (parsed.name, witness->name) != 0)
        rc = imi_error_malformed ("cosignature: line is by %s+%08" PRIx32 ", not by the "
                                  "witness %s+%08" PRIx32, parsed.name, parsed.key_id,
                                  witness->name, witness->key_id);
    else
    if (s_signature_check (&parsed, checkpoint, size, witness, timestamp))
        rc = imi_error_set ("invalid cosignature for key %s+%08" PRIx32,
                            parsed.name, parsed.key_id);
    free (parsed.signature);
    return rc;
}

//  ---- self test ----
//
//  Known answers come from three independent implementations:
//    golang/mod sumdb/note (note.go doc comment, note_test.go): the keys
//      PeterNeumann (signing key "PRIVATE+KEY+PeterNeumann+c74f20a3+
//      AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", i.e. 0x01 || the seed
//      below) and EnochRoot, and the notes they signed;
//    transparency-dev/witness internal/witness/witness_test.go: the log keys
//      monkeys and bananas and the checkpoints they signed ("Log Checkpoint
//      v0"), the witness key "witness";
//    transparency-dev/formats note/note_cosigv1_test.go: vkeys of types 0x01
//      and 0x04, and a cosignature whose timestamp is 1727964367;
//  and from the C2SP specifications (tlog-checkpoint, tlog-cosignature): the
//  checkpoint of example.com/behind-the-sofa and its witness line.
//  The one cosignature that verifies (witness over monkeys' checkpoint at
//  1700000000) was computed with Python's cryptography package (OpenSSL's
//  Ed25519), not with this code.

#define S_PETER_VKEY    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define S_PETER_SEED    "810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173"
#define S_PETER_PUBLIC  "1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6"
#define S_ENOCH_VKEY    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
#define S_PETER_TEXT    "If you think cryptography is the answer to your problem,\n" \
                        "then you don't know what your problem is.\n"
#define S_PETER_SIG     "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIu" \
                        "GUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
#define S_ENOCH_SIG     "\xe2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp" \
                        "+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
#define S_MONKEYS_VKEY  "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT"
#define S_MONKEYS_SEED  "3588005df25411be1efd6b64542836dfc16944642cfb4e14c00cd87ac4788afa"
#define S_BANANAS_VKEY  "bananas+cf639f13+AaPjhFnPCQnid/Ql32KWhmh+uk72FVRfK+2DLmO3BI3M"
#define S_WITNESS_VKEY  "witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN"
#define S_WITNESS_SEED  "a2dafdd7f2061ca8fe6d19ed60a2f7c10d5595adacff29c6044daf1eed216880"
//  The same key as a cosignature (type 0x04) key, as formats' VKeyToCosignatureV1 converts it.
#define S_WITNESS_VKEY4 "witness+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN"
#define S_LOG_CHECKPOINT "Log Checkpoint v0\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n"
#define S_LOG_ROOT      "e35b268c1522014ef412d2a54fa94838862d453631617b0307e5c77dcbeefc11"
#define S_MONKEYS_INIT  S_LOG_CHECKPOINT "\n\xe2\x80\x94 monkeys 202ffu1mJ0hrPIodgN0YQV7uZk9CAEzh+h" \
                        "OQyRjkf9CDY1IOr/oiH6WkzGIy7aEF0rw/9SHiZztjDiTOb53i6CE/zQ8=\n"
#define S_WITNESS_COSIG "\xe2\x80\x94 witness JLN4UQAAAABlU/EAgIRkBZ3Fsm9hvnNf57Q53XjyuFfKYR3EaJuu" \
                        "tpylbiI2GNa6lZ2JEyVhRUCQ427ZMuafWPaw6Ol6z12PNSpPBQ==\n"
#define S_SOFA_CHECKPOINT "example.com/behind-the-sofa\n20852163\n" \
                        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

//  The key pair of a hex seed.
static void
s_test_keypair (uint8_t public_key [IMI_SIGN_PUBLIC_BYTES],
                uint8_t secret_key [IMI_SIGN_SECRET_BYTES], const char *seed_hex)
{
    uint8_t seed [IMI_SIGN_SEED_BYTES];
    assert (imi_hex_decode (seed, sizeof seed, seed_hex) == 0);
    imi_sign_keypair_from_seed (public_key, secret_key, seed);
}

static imi_note_key_t
s_test_vkey (const char *vkey)
{
    imi_note_key_t key;
    assert (imi_note_vkey_parse (&key, vkey) == 0);
    return key;
}

static bool
s_test_same_key (const imi_note_key_t *one, const imi_note_key_t *other)
{
    return strcmp (one->name, other->name) == 0 && one->type == other->type
        && one->key_id == other->key_id
        && memcmp (one->public_key, other->public_key, IMI_SIGN_PUBLIC_BYTES) == 0;
}

//  Decode text; NULL, and the reason must hold expected (if not NULL).
static imi_note_t *
s_test_decode (const char *text, const char *expected)
{
    imi_note_t *note = imi_note_decode (text, strlen (text));
    if (expected) {
        assert (note == NULL);
        if (!strstr (imi_error_last (), expected)) {
            fprintf (stderr, "reason '%s' lacks '%s'\n", imi_error_last (), expected);
            assert (false);
        }
    }
    return note;
}

//  The note must encode to exactly expected.
static void
s_test_encodes_to (imi_note_t *note, const char *expected)
{
    char *out;
    size_t size;
    assert (imi_note_encode (note, &out, &size) == 0);
    assert (size == strlen (expected) && strcmp (out, expected) == 0);
    free (out);
}

static void
s_test_keys (void)
{
    //  PeterNeumann: key, id and the vkey round trip.
    imi_note_key_t peter = s_test_vkey (S_PETER_VKEY);
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    s_test_keypair (public_key, secret_key, S_PETER_SEED);
    uint8_t expected [IMI_SIGN_PUBLIC_BYTES];
    assert (imi_hex_decode (expected, sizeof expected, S_PETER_PUBLIC) == 0);
    assert (memcmp (public_key, expected, sizeof expected) == 0);
    assert (strcmp (peter.name, "PeterNeumann") == 0);
    assert (peter.type == IMI_NOTE_TYPE_ED25519 && peter.key_id == 0xc74f20a3);
    assert (memcmp (peter.public_key, public_key, sizeof public_key) == 0);
    assert (imi_note_key_id ("PeterNeumann", IMI_NOTE_TYPE_ED25519, public_key) == 0xc74f20a3);
    char vkey [IMI_NOTE_VKEY_MAX + 1];
    imi_note_vkey_format (&peter, vkey);
    assert (strcmp (vkey, S_PETER_VKEY) == 0);
    imi_note_key_t copy;
    assert (imi_note_key_set (&copy, "PeterNeumann", IMI_NOTE_TYPE_ED25519, public_key) == 0);
    assert (s_test_same_key (&copy, &peter));
    //  Upper-case hex is read too.
    imi_note_key_t upper = s_test_vkey ("PeterNeumann+C74F20A3+"
                                        "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    assert (s_test_same_key (&upper, &peter));

    //  The other known vkeys, and a witness key in both of its forms.
    static const struct {
        const char *vkey;
        uint8_t type;
    } known [] = {
        { S_ENOCH_VKEY, IMI_NOTE_TYPE_ED25519 },
        { S_MONKEYS_VKEY, IMI_NOTE_TYPE_ED25519 },
        { S_BANANAS_VKEY, IMI_NOTE_TYPE_ED25519 },
        { S_WITNESS_VKEY, IMI_NOTE_TYPE_ED25519 },
        { S_WITNESS_VKEY4, IMI_NOTE_TYPE_COSIGNATURE },
        { "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6", IMI_NOTE_TYPE_ED25519 },
        { "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
          IMI_NOTE_TYPE_COSIGNATURE },
    };
    for (size_t index = 0; index < sizeof known / sizeof known [0]; index++) {
        imi_note_key_t key = s_test_vkey (known [index].vkey);
        assert (key.type == known [index].type);
        imi_note_vkey_format (&key, vkey);
        assert (strcmp (vkey, known [index].vkey) == 0);
    }
    imi_note_key_t witness = s_test_vkey (S_WITNESS_VKEY);
    imi_note_key_t witness4 = s_test_vkey (S_WITNESS_VKEY4);
    assert (memcmp (witness.public_key, witness4.public_key, IMI_SIGN_PUBLIC_BYTES) == 0);
    s_test_keypair (public_key, secret_key, S_WITNESS_SEED);
    assert (memcmp (witness.public_key, public_key, IMI_SIGN_PUBLIC_BYTES) == 0);

    //  Bad vkeys, each with its reason (the first two from golang/mod, the
    //  next three from transparency-dev/formats).
    static const struct {
        const char *vkey;
        const char *reason;
    } bad [] = {
        { "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
          "not canonical base64 of at most 33 bytes" },
        { "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "key type 0x65" },
        { "bananas.sigstore.dev+12344556", "not name+keyid+key" },
        { "rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!", "not canonical base64" },
        { "rekor.sigstore.dev+12345678+AwEB", "key type 0x03" },
        { "rekor.sigstore.dev+NOT_A_NUMBER+AQcC", "key id is not 8 hex digits" },
        { "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "key id c74f20a4 is not the key's, c74f20a3" },
        { "PeterNeumann+0c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "key id is not 8 hex digits" },
        { "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+",
          "not canonical base64" },
        { "PeterNeumann+c74f20a3+AQ==", "Ed25519 key of 0 bytes, not 32" },
        { "PeterNeumann+c74f20a3+", "not canonical base64" },
        { "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name" },
        { "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name" },
        { "Peter\xc2\xa0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "key name" },
    };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        imi_note_key_t key;
        assert (imi_note_vkey_parse (&key, bad [index].vkey) == -2);
        if (!strstr (imi_error_last (), bad [index].reason)) {
            fprintf (stderr, "vkey %s: '%s'\n", bad [index].vkey, imi_error_last ());
            assert (false);
        }
    }
    //  As golang/mod's TestNewVerifier: every proper substring and every
    //  byte changed by one is rejected.
    char mangled [sizeof S_PETER_VKEY];
    size_t size = strlen (S_PETER_VKEY);
    for (size_t start = 0; start <= size; start++)
        for (size_t stop = start + 1; stop <= size; stop++)
            if (start != 0 || stop != size) {
                memcpy (mangled, &S_PETER_VKEY [start], stop - start);
                mangled [stop - start] = 0;
                assert (imi_note_vkey_parse (&copy, mangled) == -2);
            }
    for (size_t index = 0; index < size; index++) {
        strcpy (mangled, S_PETER_VKEY);
        mangled [index]++;
        assert (imi_note_vkey_parse (&copy, mangled) == -2);
    }

    //  Key names.
    assert (imi_note_name_valid ("example.com/log42", 17));
    assert (imi_note_name_valid ("\xc3\xa8", 2));                     //  è
    assert (!imi_note_name_valid ("", 0));
    assert (!imi_note_name_valid ("a+b", 3));
    assert (!imi_note_name_valid ("a b", 3));
    assert (!imi_note_name_valid ("a\tb", 3));
    assert (!imi_note_name_valid ("a\xe3\x80\x80", 4));               //  ideographic space
    assert (!imi_note_name_valid ("a\xe2\x80\x8a", 4));               //  hair space
    assert (!imi_note_name_valid ("a\xff", 2));
    char long_name [IMI_NOTE_NAME_MAX + 2];
    memset (long_name, 'n', sizeof long_name);
    assert (imi_note_name_valid (long_name, IMI_NOTE_NAME_MAX));
    assert (!imi_note_name_valid (long_name, IMI_NOTE_NAME_MAX + 1));
    long_name [IMI_NOTE_NAME_MAX + 1] = 0;
    assert (imi_note_key_set (&copy, long_name, IMI_NOTE_TYPE_ED25519, public_key) == -1);
    assert (imi_note_key_set (&copy, "name", 0x02, public_key) == -1);
}

//  golang/mod's TestSign and TestOpen, on their keys and notes.
static void
s_test_golang (void)
{
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    s_test_keypair (public_key, secret_key, S_PETER_SEED);
    const char *text = S_PETER_TEXT;
    const char *signed_note = S_PETER_TEXT "\n" S_PETER_SIG;

    //  Signing gives the known note, byte for byte; signing again replaces.
    imi_note_t *note = imi_note_new (text, strlen (text));
    assert (note);
    assert (imi_note_sign (note, "PeterNeumann", secret_key) == 0);
    s_test_encodes_to (note, signed_note);
    assert (imi_note_sign (note, "PeterNeumann", secret_key) == 0);
    assert (imi_note_signature_count (note) == 1);
    s_test_encodes_to (note, signed_note);
    imi_note_destroy (&note);
    imi_note_destroy (&note);
    assert (imi_note_new ("abc", 3) == NULL);
    assert (strstr (imi_error_last (), "does not end with a newline"));

    imi_note_key_t keys [3] = { s_test_vkey (S_PETER_VKEY), s_test_vkey (S_ENOCH_VKEY) };
    imi_note_verified_t verified [3];

    //  One signature verified, one unknown; then both verified; then none.
    note = s_test_decode (S_PETER_TEXT "\n" S_PETER_SIG S_ENOCH_SIG, NULL);
    assert (note && imi_note_signature_count (note) == 2);
    size_t size;
    assert (strcmp (imi_note_text (note, &size), text) == 0 && size == strlen (text));
    const imi_note_signature_t *line = imi_note_signature_at (note, 1);
    assert (strcmp (line->name, "EnochRoot") == 0 && line->key_id == 0xaf0cfe78);
    assert (line->signature_size == IMI_SIGNATURE_BYTES);
    assert (imi_note_signature_at (note, 2) == NULL);
    assert (imi_note_verify (note, keys, 1, verified) == 0);
    assert (verified [0].valid);
    assert (imi_note_verify (note, keys, 2, verified) == 0);
    assert (verified [0].valid && verified [1].valid && verified [1].timestamp == 0);
    assert (imi_note_verify (note, keys, 0, NULL) == -1);
    assert (strcmp (imi_error_last (), "note has no verifiable signatures") == 0);
    s_test_encodes_to (note, S_PETER_TEXT "\n" S_PETER_SIG S_ENOCH_SIG);
    imi_note_destroy (&note);

    //  A known key listed twice is ambiguous, but only if it signed.
    imi_note_key_t twice [3] = { keys [1], keys [0], keys [1] };
    note = s_test_decode (S_PETER_TEXT "\n" S_ENOCH_SIG, NULL);
    assert (imi_note_verify (note, twice, 3, NULL) == -1);
    assert (strcmp (imi_error_last (), "ambiguous key EnochRoot+af0cfe78") == 0);
    imi_note_destroy (&note);
    note = s_test_decode (S_PETER_TEXT "\n" S_PETER_SIG, NULL);
    assert (imi_note_verify (note, twice, 3, verified) == 0);
    assert (verified [1].valid && !verified [0].valid && !verified [2].valid);
    imi_note_destroy (&note);

    //  An invalid signature by a known key: "ABCD" spliced into Peter's.
    char spliced [sizeof S_PETER_TEXT "\n" S_PETER_SIG + 4];
    snprintf (spliced, sizeof spliced, "%s\n%.60sABCD%s", S_PETER_TEXT, S_PETER_SIG,
              &S_PETER_SIG [60]);
    note = s_test_decode (spliced, NULL);
    assert (note && imi_note_verify (note, keys, 1, NULL) == -1);
    assert (strcmp (imi_error_last (), "invalid signature for key PeterNeumann+c74f20a3") == 0);
    imi_note_destroy (&note);
    //  ... by an unknown one is ignored, duplicates included.
    snprintf (spliced, sizeof spliced, "%.60sABCD%s", S_ENOCH_SIG, &S_ENOCH_SIG [60]);
    char *many = (char *) malloc (2048);
    assert (many);
    snprintf (many, 2048, "%s\n%s%s%s%s%s", S_PETER_TEXT, S_PETER_SIG, S_PETER_SIG,
              S_ENOCH_SIG, S_ENOCH_SIG, spliced);
    note = s_test_decode (many, NULL);
    assert (note && imi_note_signature_count (note) == 5);
    assert (imi_note_verify (note, keys, 1, verified) == 0 && verified [0].valid);
    s_test_encodes_to (note, many);
    imi_note_destroy (&note);
    free (many);

    //  Misnamed, or another key id: unknown keys, so nothing verifies.
    note = s_test_decode (S_PETER_TEXT "\n\xe2\x80\x94 CarmenSandiego x08go/ZJkuBS9UG/SffcvIAQxV"
                          "BtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                          NULL);
    assert (note && imi_note_verify (note, keys, 2, NULL) == -1);
    assert (strcmp (imi_error_last (), "note has no verifiable signatures") == 0);
    imi_note_destroy (&note);
    note = s_test_decode (S_PETER_TEXT "\n\xe2\x80\x94 PeterNeumann xxxxo/ZJkuBS9UG/SffcvIAQxVBtiF"
                          "upLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL);
    assert (note && imi_note_verify (note, keys, 2, NULL) == -1);
    imi_note_destroy (&note);

    //  golang/mod's bad messages, each with our reason.
    s_test_decode (S_PETER_TEXT, "no blank line before the signatures");
    s_test_decode (S_PETER_TEXT "\n", "no signature lines after the blank line");
    char cut [sizeof S_PETER_TEXT "\n" S_PETER_SIG];
    strcpy (cut, S_PETER_TEXT "\n" S_PETER_SIG);
    cut [strlen (cut) - 1] = 0;
    s_test_decode (cut, "does not end with a newline");
    s_test_decode ("\x01" S_PETER_TEXT "\n" S_PETER_SIG, "control character 0x01 at byte 0");
    s_test_decode ("\xff" S_PETER_TEXT "\n" S_PETER_SIG, "not valid UTF-8");
    s_test_decode (S_PETER_TEXT "\n\xe2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcE"
                   "lZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                   "does not end with a newline");
    s_test_decode (S_PETER_TEXT "\n" S_PETER_SIG "Unexpected line.\n",
                   "signature line 2 does not start with an em dash");
    //  ... and 101 signatures.
    size_t line_size = strlen (S_PETER_SIG);
    size_t text_size = strlen (S_PETER_TEXT "\n");
    many = (char *) malloc (text_size + 101 * line_size + 1);
    assert (many);
    memcpy (many, S_PETER_TEXT "\n", text_size);
    for (size_t index = 0; index < 101; index++)
        memcpy (many + text_size + index * line_size, S_PETER_SIG, line_size);
    many [text_size + 101 * line_size] = 0;
    s_test_decode (many, "more than 100 signatures");
    many [text_size + 100 * line_size] = 0;
    note = s_test_decode (many, NULL);
    assert (note && imi_note_signature_count (note) == 100);
    assert (imi_note_verify (note, keys, 1, NULL) == 0);
    //  Full: a new key cannot sign, the same key replaces its line.
    assert (imi_note_sign (note, "Another", secret_key) == -1);
    assert (strstr (imi_error_last (), "already has 100 signatures"));
    assert (imi_note_sign (note, "PeterNeumann", secret_key) == 0);
    assert (imi_note_signature_count (note) == 100);
    imi_note_destroy (&note);
    free (many);
}

//  transparency-dev/witness's signed checkpoints, the C2SP examples, and
//  every malformed checkpoint form.
static void
s_test_checkpoints (void)
{
    //  Our restore extension: found among others, checked, the last one wins.
    imi_note_checkpoint_t restored = { .size = 500 };
    uint64_t at_size = 0;
    assert (imi_note_checkpoint_restored (&restored, &at_size) == 0);
    restored.extensions = "other line\nimi-restored 10\nimi-restored 108\n";
    restored.extensions_size = strlen (restored.extensions);
    assert (imi_note_checkpoint_restored (&restored, &at_size) == 1 && at_size == 108);
    static const char *bad_restored [] = { "imi-restored 501\n", "imi-restored 01\n", "imi-restored x\n",
                                  "imi-restored 99999999999999999999999\n", "imi-restored -1\n" };
    for (size_t index = 0; index < sizeof bad_restored / sizeof bad_restored [0]; index++) {
        restored.extensions = bad_restored [index];
        restored.extensions_size = strlen (bad_restored [index]);
        assert (imi_note_checkpoint_restored (&restored, &at_size) == -2);
    }

    static const struct {
        const char *note;
        const char *vkey;
        uint64_t size;
    } witnessed [] = {
        { S_MONKEYS_INIT, S_MONKEYS_VKEY, 5 },
        { "Log Checkpoint v0\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n\n\xe2\x80\x94 bananas "
          "z2OfE18+NwUjjJBXH7m+fh67bu29p1Jbypr4GFUQohgQgCeuPJZtGTvfR9Pquh2Iebfq+6bhl3G/77lsKiGIea6NA"
          "wE=\n", S_BANANAS_VKEY, 5 },
        { "Log Checkpoint v0\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n\xe2\x80\x94 monkeys "
          "202ffm1n5/h7F3x0D6CCysNnqiL2WBu7iubseJggohhX6JBbeLts5NWKY/g0r6yNRVN/k+QJJx1Sii0MzbMUTnmO+"
          "wA=\n", S_MONKEYS_VKEY, 8 },
        { "Log Checkpoint v0\n10\ne/S4liN8tioogdwxlCaXdQBb/5bxM9AWKA0bcZa9TXw=\n\n\xe2\x80\x94 monkeys"
          " 202ffo2uuOa4Vo94IaAdawszJz+eyJRyK46Yp9K5tz7qREYFqb4D9WGsZHsM5tuc6jKVTnldCSCGJk/FwGUv/IAC"
          "jwo=\n", S_MONKEYS_VKEY, 10 },
        { "Log Checkpoint v0\n15\nsrKoB8sjvP1QAt1Ih3nqGHzjvmtRLs/geQdehrUHvqs=\n\n\xe2\x80\x94 monkeys"
          " 202ffsI0bYEfiyoXANzIXNoUCcro6D4TfvQlU+zbxmJLGLXPGu15VNIWBOJr0EUQO0P3dxSJI5SsFLLYQLyqvRerc"
          "Q4=\n", S_MONKEYS_VKEY, 15 },
        { "Frog Checkpoint v0\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n\xe2\x80\x94 monkeys"
          " 202ffgCVdfZmrroccRdQoEfn2TfmXHez4R++GvVrFvFiaI85O12aTV5GpNOvWsuQW77eNxQ2b7ggYeglzF/QSy/EB"
          "ws=\n", S_MONKEYS_VKEY, 8 },
    };
    for (size_t index = 0; index < sizeof witnessed / sizeof witnessed [0]; index++) {
        imi_note_key_t key = s_test_vkey (witnessed [index].vkey);
        imi_note_t *note = s_test_decode (witnessed [index].note, NULL);
        assert (note && imi_note_verify (note, &key, 1, NULL) == 0);
        size_t size;
        const char *text = imi_note_text (note, &size);
        imi_note_checkpoint_t checkpoint;
        assert (imi_note_checkpoint_parse (&checkpoint, text, size) == 0);
        assert (checkpoint.size == witnessed [index].size && !checkpoint.extensions);
        char *formatted;
        size_t formatted_size;
        assert (imi_note_checkpoint_format (&checkpoint, &formatted, &formatted_size) == 0);
        assert (formatted_size == size && memcmp (formatted, text, size) == 0);
        free (formatted);
        imi_note_destroy (&note);
    }
    //  Deterministic Ed25519: signing the first with monkeys' seed gives it again.
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    s_test_keypair (public_key, secret_key, S_MONKEYS_SEED);
    imi_note_checkpoint_t checkpoint = { .origin = "Log Checkpoint v0", .size = 5 };
    assert (imi_hex_decode (checkpoint.root, IMI_HASH_BYTES, S_LOG_ROOT) == 0);
    char *text;
    size_t size;
    assert (imi_note_checkpoint_format (&checkpoint, &text, &size) == 0);
    assert (strcmp (text, S_LOG_CHECKPOINT) == 0);
    imi_note_t *note = imi_note_new (text, size);
    assert (note && imi_note_sign (note, "monkeys", secret_key) == 0);
    s_test_encodes_to (note, S_MONKEYS_INIT);
    imi_note_destroy (&note);
    free (text);

    //  The C2SP example, with the log's line and a witness's.
    const char *sofa = S_SOFA_CHECKPOINT "\n\xe2\x80\x94 example.com/behind-the-sofa Az3grlgtzPICa5OS"
        "8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n\xe2\x80\x94 "
        "witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b"
        "2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
    note = s_test_decode (sofa, NULL);
    assert (note && imi_note_signature_count (note) == 2);
    const char *body = imi_note_text (note, &size);
    assert (imi_note_checkpoint_parse (&checkpoint, body, size) == 0);
    assert (strcmp (checkpoint.origin, "example.com/behind-the-sofa") == 0);
    assert (checkpoint.size == 20852163);
    const imi_note_signature_t *line = imi_note_signature_at (note, 0);
    assert (line->key_id == 0x033de0ae && line->signature_size == IMI_SIGNATURE_BYTES);
    line = imi_note_signature_at (note, 1);
    assert (strcmp (line->name, "witness.example.com/w1") == 0 && line->key_id == 0x8d66cf3f);
    assert (line->signature_size == IMI_NOTE_COSIGNATURE_BYTES);
    assert (s_get_u64 (line->signature) == 1679315147);
    s_test_encodes_to (note, sofa);
    imi_note_destroy (&note);

    //  Extension lines are kept and formatted back.
    const char *extended = "Log\n9944\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nlots\nof\n"
                           "lines\n";
    assert (imi_note_checkpoint_parse (&checkpoint, extended, strlen (extended)) == 0);
    assert (checkpoint.extensions_size == 14 && memcmp (checkpoint.extensions, "lots\n", 5) == 0);
    assert (imi_note_checkpoint_format (&checkpoint, &text, &size) == 0);
    assert (strcmp (text, extended) == 0);
    free (text);

    //  Malformed checkpoints; the first eight are transparency-dev/formats'
    //  (their root "bananas" is 7 bytes, which C2SP's 32-byte hash rules out).
    static const struct {
        const char *text;
        const char *reason;
    } bad [] = {
        { "Log\n123\nYmFuYW5hcw==\n", "root hash is not canonical base64 of 32 bytes" },
        { "Head\n9944\n", "2 lines, expected at least 3" },
        { "\n9944\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin is not 1 to 255" },
        { "Log\n123\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "does not end with a newline" },
        { "Log\nbananas\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n-34\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n3438945738945739845734895735\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
          "tree size" },
        { "Log\n123\nThisIsn'tBase64\n", "root hash" },
        { "Log\n9944\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\n\n", "empty extension line" },
        { "Log\n9944\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\na\n\nb\n", "empty extension line" },
        { "Log\n18446744073709551616\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n007\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading zeros" },
        { "Log\n00\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size" },
        { "Log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "root hash" },  //  non-canonical
        { "Log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n", "root hash" },  //  31 bytes
        { "Log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "root hash" },   //  unpadded
        { "Log\n5\n\n", "root hash" },
        { "imi.envelope.v1\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
          "origin starts with 'imi.'" },
        { "L\tg\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "control character 0x09" },
        { "L\xc0\x80g\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "not valid UTF-8" },
        { "", "does not end with a newline" },
    };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        int rc = imi_note_checkpoint_parse (&checkpoint, bad [index].text,
                                            strlen (bad [index].text));
        if (rc != -2 || !strstr (imi_error_last (), bad [index].reason)) {
            fprintf (stderr, "checkpoint %zu: %d '%s'\n", index, rc, imi_error_last ());
            assert (false);
        }
    }
    //  Limits: the largest size, the longest origin; one more byte is too long.
    char long_origin [IMI_NOTE_ORIGIN_MAX + 80];
    memset (long_origin, 'o', IMI_NOTE_ORIGIN_MAX);
    strcpy (long_origin + IMI_NOTE_ORIGIN_MAX,
            "\n18446744073709551615\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assert (imi_note_checkpoint_parse (&checkpoint, long_origin, strlen (long_origin)) == 0);
    assert (checkpoint.size == UINT64_MAX && strlen (checkpoint.origin) == IMI_NOTE_ORIGIN_MAX);
    memmove (long_origin + 1, long_origin, strlen (long_origin) + 1);
    assert (imi_note_checkpoint_parse (&checkpoint, long_origin, strlen (long_origin)) == -2);
    //  Formatting refuses what would not parse back.
    imi_note_checkpoint_t broken = { .origin = "a\nb", .size = 1 };
    assert (imi_note_checkpoint_format (&broken, &text, &size) == -1 && text == NULL);
    strcpy (broken.origin, "a");
    broken.extensions = "no newline";
    broken.extensions_size = 10;
    assert (imi_note_checkpoint_format (&broken, &text, &size) == -1);
    broken.extensions = "\n";
    broken.extensions_size = 1;
    assert (imi_note_checkpoint_format (&broken, &text, &size) == -1);
    strcpy (broken.origin, "imi.x");
    broken.extensions = NULL;
    assert (imi_note_checkpoint_format (&broken, &text, &size) == -1);

    //  Our origins.
    char origin [IMI_NOTE_ORIGIN_MAX + 1];
    assert (imi_note_checkpoint_origin (origin, "EEA test federation", "DE") == 0);
    assert (strcmp (origin, "federated-imi/EEA%20test%20federation/DE") == 0);
    assert (imi_note_name_valid (origin, strlen (origin)));
    assert (imi_note_checkpoint_origin (origin, "a+b/c~d_e.f-g", "EL") == 0);
    assert (strcmp (origin, "federated-imi/a%2Bb%2Fc~d_e.f-g/EL") == 0);
    char widest [66];
    memset (widest, '%', 64);
    widest [64] = 0;
    assert (imi_note_checkpoint_origin (origin, widest, "FR") == 0);
    assert (strlen (origin) == 14 + 64 * 3 + 3);
    assert (imi_note_checkpoint_origin (origin, "", "DE") == -1);
    assert (imi_note_checkpoint_origin (origin, "x\x7f", "DE") == -1);
    assert (imi_note_checkpoint_origin (origin, "EEA", "de") == -1);
    strcat (widest, "x");
    assert (imi_note_checkpoint_origin (origin, widest, "DE") == -1);
}

//  Cosignatures: known answers, round trips, tampering, wrong keys.
static void
s_test_cosignatures (void)
{
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    s_test_keypair (public_key, secret_key, S_WITNESS_SEED);
    imi_note_key_t witness = s_test_vkey (S_WITNESS_VKEY4);
    imi_note_key_t as_log = s_test_vkey (S_WITNESS_VKEY);
    const char *checkpoint = S_LOG_CHECKPOINT;
    size_t size = strlen (checkpoint);

    //  The known cosignature, and its verification.
    char line [IMI_NOTE_COSIGNATURE_LINE_MAX + 1];
    assert (imi_note_cosign (line, checkpoint, size, "witness", 1700000000, secret_key) == 0);
    assert (strcmp (line, S_WITNESS_COSIG) == 0);
    uint64_t timestamp = 0;
    assert (imi_note_cosignature_verify (line, strlen (line), checkpoint, size, &witness,
                                         &timestamp) == 0);
    assert (timestamp == 1700000000);
    //  Not a witness key; another witness; the checkpoint changed by one byte.
    assert (imi_note_cosignature_verify (line, strlen (line), checkpoint, size, &as_log,
                                         &timestamp) == -1);
    imi_note_key_t other = witness;
    strcpy (other.name, "witness2");
    other.key_id = imi_note_key_id (other.name, other.type, other.public_key);
    assert (imi_note_cosignature_verify (line, strlen (line), checkpoint, size, &other,
                                         &timestamp) == -2);
    assert (strstr (imi_error_last (), "line is by witness+24b37851, not by the witness "
                                       "witness2+"));
    char altered [sizeof S_LOG_CHECKPOINT];
    for (size_t index = 0; index < size; index++) {
        strcpy (altered, checkpoint);
        altered [index] ^= 0x01;
        assert (imi_note_cosignature_verify (line, strlen (line), altered, size, &witness,
                                             &timestamp) == -1);
    }
    //  The timestamp is signed: a line claiming another time does not verify.
    const imi_note_signature_t *parsed;
    imi_note_t *note = s_test_decode (S_MONKEYS_INIT, NULL);
    assert (imi_note_add_signature (note, line, strlen (line)) == 0);
    parsed = imi_note_signature_at (note, 1);
    uint8_t signature [IMI_NOTE_COSIGNATURE_BYTES];
    memcpy (signature, parsed->signature, sizeof signature);
    s_put_u64 (signature, 1700000001);
    char forged [IMI_NOTE_COSIGNATURE_LINE_MAX + 1];
    s_line_write (forged, "witness", witness.key_id, signature, sizeof signature);
    assert (imi_note_cosignature_verify (forged, strlen (forged), checkpoint, size, &witness,
                                         &timestamp) == -1);
    assert (strcmp (imi_error_last (), "invalid cosignature for key witness+24b37851") == 0);
    //  Nor one whose timestamp is beyond 2^63 - 1.
    s_put_u64 (signature, S_TIMESTAMP_MAX + 1);
    s_line_write (forged, "witness", witness.key_id, signature, sizeof signature);
    assert (imi_note_cosignature_verify (forged, strlen (forged), checkpoint, size, &witness,
                                         &timestamp) == -1);
    assert (imi_note_cosign (line, checkpoint, size, "witness", S_TIMESTAMP_MAX + 1,
                             secret_key) == -1);
    assert (imi_note_cosign (line, "not a checkpoint\n", 17, "witness", 1, secret_key) == -1);
    assert (strstr (imi_error_last (), "cosigning: checkpoint: 1 lines"));
    assert (imi_note_cosign (line, checkpoint, size, "wit ness", 1, secret_key) == -1);
    //  Lines that are not one well-formed line.
    assert (imi_note_cosignature_verify (S_WITNESS_COSIG, strlen (S_WITNESS_COSIG) - 1,
                                         checkpoint, size, &witness, &timestamp) == -2);
    assert (imi_note_cosignature_verify ("- witness AAAA\n", 15, checkpoint, size, &witness,
                                         &timestamp) == -2);

    //  The log's signature and the witness's on one note: both verify, and
    //  the note encodes to the log's note followed by the witness's line.
    imi_note_key_t keys [2] = { s_test_vkey (S_MONKEYS_VKEY), witness };
    imi_note_verified_t verified [2];
    assert (imi_note_verify (note, keys, 2, verified) == 0);
    assert (verified [0].valid && verified [0].timestamp == 0);
    assert (verified [1].valid && verified [1].timestamp == 1700000000);
    s_test_encodes_to (note, S_MONKEYS_INIT S_WITNESS_COSIG);
    //  The witness key taken as a plain Ed25519 key has another id: ignored.
    keys [1] = as_log;
    assert (imi_note_verify (note, keys, 2, verified) == 0);
    assert (verified [0].valid && !verified [1].valid);
    //  The log's key alone as a cosignature key: another id, nothing verifies.
    imi_note_key_t log4;
    assert (imi_note_key_set (&log4, "monkeys", IMI_NOTE_TYPE_COSIGNATURE,
                              s_test_vkey (S_MONKEYS_VKEY).public_key) == 0);
    assert (imi_note_verify (note, &log4, 1, NULL) == -1);
    //  A cosignature re-added replaces the earlier line of that key.
    assert (imi_note_cosign (line, checkpoint, size, "witness", 1700000100, secret_key) == 0);
    assert (imi_note_add_signature (note, line, strlen (line)) == 0);
    assert (imi_note_signature_count (note) == 2);
    keys [1] = witness;
    assert (imi_note_verify (note, keys, 2, verified) == 0);
    assert (verified [1].timestamp == 1700000100);
    assert (imi_note_add_signature (note, "\xe2\x80\x94 w AAAA\n", 11) == -2);
    assert (strstr (imi_error_last (), "fewer than 5"));
    imi_note_destroy (&note);

    //  Timestamps as transparency-dev/formats reads them.
    const char *formats_line = "\xe2\x80\x94 x ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanl"
        "qJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==\n";
    note = imi_note_new (checkpoint, size);
    assert (imi_note_add_signature (note, formats_line, strlen (formats_line)) == 0);
    parsed = imi_note_signature_at (note, 0);
    assert (parsed->key_id == 0x646846b9 && s_get_u64 (parsed->signature) == 1727964367);
    imi_note_destroy (&note);
}

//  Round trips with fresh keys, a wrong key, every bit of a signed note
//  flipped, and every malformed form of a note.
static void
s_test_round_trips (void)
{
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    uint8_t stranger_public [IMI_SIGN_PUBLIC_BYTES], stranger_secret [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair (public_key, secret_key);
    imi_sign_keypair (stranger_public, stranger_secret);
    char origin [IMI_NOTE_ORIGIN_MAX + 1];
    assert (imi_note_checkpoint_origin (origin, "EEA test federation", "DE") == 0);
    imi_note_checkpoint_t checkpoint = { .size = 42 };
    strcpy (checkpoint.origin, origin);
    imi_random (checkpoint.root, IMI_HASH_BYTES);
    char *text, *encoded;
    size_t size, encoded_size;
    assert (imi_note_checkpoint_format (&checkpoint, &text, &size) == 0);
    imi_note_t *note = imi_note_new (text, size);
    assert (note && imi_note_encode (note, &encoded, &encoded_size) == -1);
    assert (imi_note_sign (note, origin, secret_key) == 0);
    assert (imi_note_encode (note, &encoded, &encoded_size) == 0);
    imi_note_destroy (&note);

    imi_note_key_t key, stranger, impostor;
    assert (imi_note_key_set (&key, origin, IMI_NOTE_TYPE_ED25519, public_key) == 0);
    assert (imi_note_key_set (&stranger, origin, IMI_NOTE_TYPE_ED25519, stranger_public) == 0);
    //  A key with the signer's name and id but another public key (an id collision).
    impostor = key;
    memcpy (impostor.public_key, stranger_public, IMI_SIGN_PUBLIC_BYTES);
    note = imi_note_decode (encoded, encoded_size);
    assert (note && imi_note_verify (note, &key, 1, NULL) == 0);
    assert (imi_note_verify (note, &stranger, 1, NULL) == -1);
    assert (strcmp (imi_error_last (), "note has no verifiable signatures") == 0);
    assert (imi_note_verify (note, &impostor, 1, NULL) == -1);
    assert (strstr (imi_error_last (), "invalid signature for key federated-imi/"));
    imi_note_checkpoint_t parsed;
    const char *body = imi_note_text (note, &size);
    assert (imi_note_checkpoint_parse (&parsed, body, size) == 0);
    assert (strcmp (parsed.origin, origin) == 0 && parsed.size == 42);
    assert (memcmp (parsed.root, checkpoint.root, IMI_HASH_BYTES) == 0);
    imi_note_destroy (&note);

    //  Every single-bit change: the note does not decode, or does not verify.
    char *tampered = (char *) malloc (encoded_size);
    assert (tampered);
    for (size_t offset = 0; offset < encoded_size; offset++)
        for (int bit = 0; bit < 8; bit++) {
            memcpy (tampered, encoded, encoded_size);
            tampered [offset] ^= (char) (1 << bit);
            note = imi_note_decode (tampered, encoded_size);
            assert (!note || imi_note_verify (note, &key, 1, NULL) == -1);
            imi_note_destroy (&note);
        }
    //  Every truncation fails to decode.
    for (size_t cut = 0; cut < encoded_size; cut++)
        assert (imi_note_decode (encoded, cut) == NULL);
    free (tampered);
    free (encoded);
    free (text);

    //  A text that starts like our signature contexts is never signed.
    note = imi_note_new ("imi.envelope.v1\n", 16);
    assert (note && imi_note_sign (note, "name", secret_key) == -1);
    assert (strstr (imi_error_last (), "refusing to sign"));
    assert (imi_note_sign (note, "bad name", secret_key) == -1);
    imi_note_destroy (&note);
    //  Texts a note cannot hold.
    assert (imi_note_new ("", 0) == NULL);
    assert (imi_note_new ("a\rb\n", 4) == NULL);
    assert (imi_note_new ("a\x00" "b\n", 4) == NULL);
    assert (imi_note_new ("\xed\xa0\x80\n", 4) == NULL);                //  a surrogate
    note = imi_note_new ("\n", 1);
    assert (note);
    imi_note_destroy (&note);
    note = imi_note_new ("text\n\nwith an empty line\n\n", 26);
    assert (note && imi_note_sign (note, "k", secret_key) == 0);
    assert (imi_note_encode (note, &encoded, &encoded_size) == 0);
    imi_note_destroy (&note);
    note = imi_note_decode (encoded, encoded_size);
    assert (note && strcmp (imi_note_text (note, &size), "text\n\nwith an empty line\n\n") == 0);
    imi_note_destroy (&note);
    free (encoded);

    //  Malformed signature blocks, each with its reason.
    static const struct {
        const char *note;
        const char *reason;
    } bad [] = {
        { "", "no blank line" },
        { "a\n", "no blank line" },
        { "a\n\n", "no signature lines" },
        { "a\n\n- k QUJDREVG\n", "signature line 1 does not start with an em dash" },
        { "a\n\n\xe2\x80\x94k QUJDREVG\n", "signature line 1 does not start with an em dash" },
        { "a\n\n\xe2\x80\x94 QUJDREVG\n", "no space after the key name" },
        { "a\n\n\xe2\x80\x94  QUJDREVG\n", "key name is not" },
        { "a\n\n\xe2\x80\x94 a+b QUJDREVG\n", "key name is not" },
        { "a\n\n\xe2\x80\x94 a\xc2\xa0" "b QUJDREVG\n", "key name is not" },
        { "a\n\n\xe2\x80\x94 k \n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJDREVG \n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJDREV\n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJDRA\n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJDRR==\n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k -_8=\n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJD\xca\xa4RE==\n", "not canonical base64" },
        { "a\n\n\xe2\x80\x94 k QUJDRA==\n", "signature of 4 bytes, fewer than 5" },
        { "a\n\n\xe2\x80\x94 k QUJDREVG\n\xe2\x80\x94 k QUJDREVG", "does not end with a newline" },
        { "a\x7f\x1f\n\n\xe2\x80\x94 k QUJDREVG\n", "control character 0x1f at byte 2" },
        { "a\n\n\xe2\x80\x94 k QUJD\tREVG\n", "control character 0x09" },
        { "a\n\n\xe2\x80\x94 k QUJDREVG\r\n", "control character 0x0d" },
        { "a\n\n\xe2\x80\x94 k\xe2\x80 QUJDREVG\n", "not valid UTF-8" },
    };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        s_test_decode (bad [index].note, bad [index].reason);
    //  The text ends at the last blank line, so it may look like a signed note.
    note = s_test_decode ("a\n\n\xe2\x80\x94 k QUJDREVG\n\n\xe2\x80\x94 k QUJDREVG\n", NULL);
    assert (note && imi_note_signature_count (note) == 1);
    assert (strcmp (imi_note_text (note, &size), "a\n\n\xe2\x80\x94 k QUJDREVG\n") == 0);
    imi_note_destroy (&note);
    //  A name of 255 bytes is accepted, of 256 not; a signature of 4 + 8192
    //  bytes is accepted, one byte more not; so is a note of 1 MiB, one byte more not.
    size_t big = IMI_NOTE_MAX_BYTES + 1;
    char *large = (char *) malloc (big + 1);
    assert (large);
    uint8_t *raw = (uint8_t *) calloc (1, IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX + 1);
    assert (raw);
    for (size_t extra = 0; extra <= 1; extra++) {
        int used = sprintf (large, "a\n\n\xe2\x80\x94 %0*d ", IMI_NOTE_NAME_MAX + (int) extra, 7);
        sprintf (large + used, "QUJDREVG\n");
        imi_note_t *held = imi_note_decode (large, strlen (large));
        assert ((held == NULL) == (extra == 1));
        imi_note_destroy (&held);
        used = sprintf (large, "a\n\n\xe2\x80\x94 k ");
        used += (int) s_base64_encode (large + used, big + 1 - (size_t) used, raw,
                                       IMI_NOTE_KEY_ID_BYTES + IMI_NOTE_SIGNATURE_MAX + extra);
        strcpy (large + used, "\n");
        held = imi_note_decode (large, strlen (large));
        assert ((held == NULL) == (extra == 1));
        if (held)
            assert (imi_note_signature_at (held, 0)->signature_size == IMI_NOTE_SIGNATURE_MAX);
        else
            assert (strstr (imi_error_last (), "signature longer than 8196 bytes"));
        imi_note_destroy (&held);
    }
    const char *tail = "\n\n\xe2\x80\x94 k QUJDREVG\n";
    memset (large, 'x', big);
    strcpy (large + big - strlen (tail), tail);
    s_test_decode (large, "1048577 bytes exceeds the limit of 1048576");
    note = imi_note_decode (large + 1, big - 1);
    assert (note);
    imi_note_destroy (&note);
    assert (imi_note_new (large, big) == NULL);
    free (raw);
    free (large);
}

//  Self test: keys, the Go and transparency-dev known answers, checkpoints,
//  cosignatures, round trips, tampering, malformed input.
void
imi_note_test (void)
{
    s_test_keys ();
    s_test_golang ();
    s_test_checkpoints ();
    s_test_cosignatures ();
    s_test_round_trips ();
}

/*  imi_body_directory: encode, decode, seal and verify directory entries and
    the bodies that replicate them. See imi_body_directory.h and PROTOCOL.md §9.

    An entry is a signed document that travels between nodes unchanged: a
    node relays an origin's entries to third nodes, who check the origin's
    signature on the exact bytes it made. So an entry keeps its body as the
    bytes of a bin, the way a manifest and an envelope header do, and the
    signature covers those bytes.

    The authority an upsert carries is embedded in the body as the body's
    eighth item, a msgpack array written inline (not a bin inside the bin):
    the body is one msgpack document and the authority is part of what is
    signed. imi_entry_decode points view->authority at the exact bytes of
    that item (found with imi_codec_array_item), so the node stores and
    serves the authority as the origin encoded it and never as our
    re-encoding of it.

    One set of rules (s_authority_valid) serves encoding and decoding: the
    encoder refuses what a decoder would reject, so a node never signs an
    entry its peers must refuse. Decoding first reads every field with its
    type and size bound, then applies those rules. Reasons name the field as
    a path ("authority.names[2].lang: not a language tag"); inside an entry
    the path starts with "entry.".

    The list bodies (DIR_PUSH, DIR_ENTRIES) carry each entry as a bin and
    give the caller pointers to those bytes: checking the entries is a
    separate step (imi_entry_decode, imi_entry_verify), done by the node
    with the origin's key.
*/
#include "imi_body_directory.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FORMAT                "imi-dir-1"
#define S_BODY_FIELDS           8
#define S_AUTHORITY_FIELDS      8
#define S_AUTHORITY_ITEM        7           //  the authority's index in the body
#define S_FIELD_MAX             96          //  longest field path in a reason

//  The contact kinds a peer may send; anything else is refused.
static const char *s_contact_kinds [] = { "email", "phone", "fax", "web" };
#define S_CONTACT_KINDS (sizeof s_contact_kinds / sizeof s_contact_kinds [0])

//  Format a field path into field (S_FIELD_MAX bytes) and return it.
__attribute__ ((format (printf, 2, 3)))
static const char *
s_field (char *field, const char *format, ...)
{
    va_list arguments;
    va_start (arguments, format);
    vsnprintf (field, S_FIELD_MAX, format, arguments);
    va_end (arguments);
    return field;
}

//  ---- the rules ----

//  1..maximum of [a-z0-9._-]: ids, legal areas, procedure codes.
bool
imi_directory_code_valid (const char *code, size_t maximum)
{
    if (!code)
        return false;
    size_t size = strnlen (code, maximum + 1);
    if (size < 1 || size > maximum)
        return false;
    for (size_t index = 0; index < size; index++) {
        char next = code [index];
        if (!((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9')
        ||    next == '.' || next == '_' || next == '-'))
            return false;
    }
    return true;
}

//  2 or 3 lower-case ASCII letters (ISO 639-1 or -2/3).
static bool
s_lang_valid (const char lang [4])
{
    size_t size = strnlen (lang, 4);
    if (size < 2 || size > 3)
        return false;
    for (size_t index = 0; index < size; index++)
        if (lang [index] < 'a' || lang [index] > 'z')
            return false;
    return true;
}

//  A text of at most capacity - 1 bytes: UTF-8, no control characters
//  (< 0x20, 0x7f), and if required, not empty and not only spaces. 0 or -2.
static int
s_text_valid (const char *text, size_t capacity, bool required, const char *field)
{
    size_t size = strnlen (text, capacity);
    if (size == capacity)
        return imi_error_malformed ("%s: longer than %zu bytes", field, capacity - 1);
    if (!imi_utf8_valid ((const uint8_t *) text, size))
        return imi_error_malformed ("%s: not valid UTF-8", field);
    bool blank = true;
    for (size_t index = 0; index < size; index++) {
        uint8_t byte = (uint8_t) text [index];
        if (byte < 0x20 || byte == 0x7f)
            return imi_error_malformed ("%s: holds a control character", field);
        if (byte != ' ')
            blank = false;
    }
    if (required && blank)
        return imi_error_malformed ("%s: empty or blank", field);
    return 0;
}

static int
s_code_check (const char *code, size_t maximum, const char *field)
{
    if (!imi_directory_code_valid (code, maximum))
        return imi_error_malformed ("%s: not 1 to %zu of [a-z0-9._-]", field, maximum);
    return 0;
}

static int
s_lang_check (const char lang [4], const char *field)
{
    if (!s_lang_valid (lang))
        return imi_error_malformed ("%s: not a language tag", field);
    return 0;
}

static int
s_count_check (size_t count, size_t minimum, size_t maximum, const char *field)
{
    if (count < minimum || count > maximum)
        return imi_error_malformed ("%s: %zu items, expected %zu to %zu", field, count,
                                    minimum, maximum);
    return 0;
}

static int
s_kind_check (const char kind [8], const char *field)
{
    if (strnlen (kind, 8) < 8)
        for (size_t index = 0; index < S_CONTACT_KINDS; index++)
            if (strcmp (kind, s_contact_kinds [index]) == 0)
                return 0;
    return imi_error_malformed ("%s: not one of email, phone, fax, web", field);
}

//  The rules on one competence. 0 or -2.
static int
s_competence_valid (const imi_competence_t *competence, const char *prefix)
{
    char field [S_FIELD_MAX];
    int rc;
    if ((rc = s_code_check (competence->legal_area, IMI_DIRECTORY_CODE_MAX,
                            s_field (field, "%s.legal_area", prefix)))
    ||  (rc = s_count_check (competence->procedure_count, 0, IMI_DIRECTORY_PROCEDURES_MAX,
                             s_field (field, "%s.procedures", prefix)))
    ||  (rc = s_count_check (competence->keyword_count, 0, IMI_DIRECTORY_KEYWORDS_MAX,
                             s_field (field, "%s.keywords", prefix))))
        return rc;
    for (size_t index = 0; index < competence->procedure_count; index++) {
        const char *procedure = competence->procedures [index];
        s_field (field, "%s.procedures[%zu]", prefix, index);
        if ((rc = s_code_check (procedure, IMI_DIRECTORY_CODE_MAX, field)))
            return rc;
        for (size_t other = 0; other < index; other++)
            if (strcmp (competence->procedures [other], procedure) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", field, procedure);
    }
    for (size_t index = 0; index < competence->keyword_count; index++) {
        const imi_keyword_t *keyword = &competence->keywords [index];
        if ((rc = s_lang_check (keyword->lang,
                                s_field (field, "%s.keywords[%zu].lang", prefix, index)))
        ||  (rc = s_text_valid (keyword->text, sizeof keyword->text, true,
                                s_field (field, "%s.keywords[%zu].text", prefix, index))))
            return rc;
    }
    return 0;
}

//  Every rule on an authority; prefix starts each field path. 0 or -2.
static int
s_authority_valid (const imi_authority_t *authority, const char *prefix)
{
    char field [S_FIELD_MAX];
    int rc;
    if ((rc = s_code_check (authority->id, IMI_DIRECTORY_ID_MAX,
                            s_field (field, "%s.id", prefix)))
    ||  (rc = s_count_check (authority->name_count, 1, IMI_DIRECTORY_NAMES_MAX,
                             s_field (field, "%s.names", prefix)))
    ||  (rc = s_count_check (authority->contact_count, 0, IMI_DIRECTORY_CONTACTS_MAX,
                             s_field (field, "%s.contacts", prefix)))
    ||  (rc = s_count_check (authority->competence_count, 0, IMI_DIRECTORY_COMPETENCES_MAX,
                             s_field (field, "%s.competences", prefix))))
        return rc;
    for (size_t index = 0; index < authority->name_count; index++) {
        const imi_text_t *name = &authority->names [index];
        s_field (field, "%s.names[%zu].lang", prefix, index);
        if ((rc = s_lang_check (name->lang, field)))
            return rc;
        for (size_t other = 0; other < index; other++)
            if (strcmp (authority->names [other].lang, name->lang) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", field, name->lang);
        if ((rc = s_text_valid (name->text, sizeof name->text, true,
                                s_field (field, "%s.names[%zu].text", prefix, index))))
            return rc;
    }
    if ((rc = s_text_valid (authority->acronym, sizeof authority->acronym, false,
                            s_field (field, "%s.acronym", prefix)))
    ||  (rc = s_text_valid (authority->address, sizeof authority->address, false,
                            s_field (field, "%s.address", prefix)))
    ||  (rc = s_text_valid (authority->postcode, sizeof authority->postcode, false,
                            s_field (field, "%s.postcode", prefix)))
    ||  (rc = s_text_valid (authority->city, sizeof authority->city, false,
                            s_field (field, "%s.city", prefix))))
        return rc;
    for (size_t index = 0; index < authority->contact_count; index++) {
        const imi_contact_t *contact = &authority->contacts [index];
        if ((rc = s_kind_check (contact->kind,
                                s_field (field, "%s.contacts[%zu].kind", prefix, index)))
        ||  (rc = s_text_valid (contact->value, sizeof contact->value, true,
                                s_field (field, "%s.contacts[%zu].value", prefix, index))))
            return rc;
    }
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        s_field (field, "%s.competences[%zu]", prefix, index);
        if ((rc = s_competence_valid (competence, field)))
            return rc;
        for (size_t other = 0; other < index; other++)
            if (strcmp (authority->competences [other].legal_area,
                        competence->legal_area) == 0)
                return imi_error_malformed ("%s.legal_area: '%s' appears twice", field,
                                            competence->legal_area);
    }
    return 0;
}

//  Check an authority against every rule.
int
imi_authority_validate (const imi_authority_t *authority)
{
    return s_authority_valid (authority, "authority");
}

//  ---- authorities ----

//  Write the authority's fields as they are (callers validate first).
static void
s_authority_write (imi_writer_t *writer, const imi_authority_t *authority)
{
    imi_writer_array (writer, S_AUTHORITY_FIELDS);
    imi_writer_str (writer, authority->id);
    imi_writer_array (writer, (uint32_t) authority->name_count);
    for (size_t index = 0; index < authority->name_count; index++) {
        imi_writer_array (writer, 2);
        imi_writer_str (writer, authority->names [index].lang);
        imi_writer_str (writer, authority->names [index].text);
    }
    imi_writer_str (writer, authority->acronym);
    imi_writer_str (writer, authority->address);
    imi_writer_str (writer, authority->postcode);
    imi_writer_str (writer, authority->city);
    imi_writer_array (writer, (uint32_t) authority->contact_count);
    for (size_t index = 0; index < authority->contact_count; index++) {
        imi_writer_array (writer, 2);
        imi_writer_str (writer, authority->contacts [index].kind);
        imi_writer_str (writer, authority->contacts [index].value);
    }
    imi_writer_array (writer, (uint32_t) authority->competence_count);
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        imi_writer_array (writer, 3);
        imi_writer_str (writer, competence->legal_area);
        imi_writer_array (writer, (uint32_t) competence->procedure_count);
        for (size_t procedure = 0; procedure < competence->procedure_count; procedure++)
            imi_writer_str (writer, competence->procedures [procedure]);
        imi_writer_array (writer, (uint32_t) competence->keyword_count);
        for (size_t keyword = 0; keyword < competence->keyword_count; keyword++) {
            imi_writer_array (writer, 2);
            imi_writer_str (writer, competence->keywords [keyword].lang);
            imi_writer_str (writer, competence->keywords [keyword].text);
        }
    }
}

//  Encode a valid authority that fits in an entry.
int
imi_authority_encode (const imi_authority_t *authority, uint8_t **out, size_t *size)
{
    *out = NULL;
    *size = 0;
    int rc = imi_authority_validate (authority);
    if (rc)
        return rc;
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_authority_write (&writer, authority);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    if (!*out)
        return -1;
    if (*size > IMI_DIRECTORY_ENTRY_MAX_BYTES) {
        rc = imi_error_malformed ("authority too large: %zu bytes encoded, at most %d",
                                  *size, IMI_DIRECTORY_ENTRY_MAX_BYTES);
        free (*out);
        *out = NULL;
        *size = 0;
    }
    return rc;
}

//  Read a [lang, text] pair into lang and text (text_max bytes at most).
static int
s_pair_read (const msgpack_object *object, const char *prefix, size_t index,
             const char *list, char lang [4], char *text, size_t text_max)
{
    char field [S_FIELD_MAX];
    const msgpack_object *items;
    int rc;
    if ((rc = imi_object_array (object, s_field (field, "%s.%s[%zu]", prefix, list, index),
                                2, &items))
    ||  (rc = imi_object_str (&items [0],
                              s_field (field, "%s.%s[%zu].lang", prefix, list, index),
                              3, lang, 4))
    ||  (rc = imi_object_str (&items [1],
                              s_field (field, "%s.%s[%zu].text", prefix, list, index),
                              text_max, text, text_max + 1)))
        return rc;
    return 0;
}

//  Read one competence's fields.
static int
s_competence_read (imi_competence_t *competence, const msgpack_object *object,
                   const char *prefix)
{
    char field [S_FIELD_MAX];
    const msgpack_object *items, *procedures, *keywords;
    uint32_t procedure_count, keyword_count;
    int rc;
    if ((rc = imi_object_array (object, prefix, 3, &items))
    ||  (rc = imi_object_str (&items [0], s_field (field, "%s.legal_area", prefix),
                              IMI_DIRECTORY_CODE_MAX, competence->legal_area,
                              sizeof competence->legal_area))
    ||  (rc = imi_object_array_range (&items [1], s_field (field, "%s.procedures", prefix),
                                      0, IMI_DIRECTORY_PROCEDURES_MAX, &procedures,
                                      &procedure_count))
    ||  (rc = imi_object_array_range (&items [2], s_field (field, "%s.keywords", prefix),
                                      0, IMI_DIRECTORY_KEYWORDS_MAX, &keywords,
                                      &keyword_count)))
        return rc;
    for (uint32_t index = 0; index < procedure_count; index++)
        if ((rc = imi_object_str (&procedures [index],
                                  s_field (field, "%s.procedures[%u]", prefix, index),
                                  IMI_DIRECTORY_CODE_MAX, competence->procedures [index],
                                  sizeof competence->procedures [index])))
            return rc;
    competence->procedure_count = procedure_count;
    for (uint32_t index = 0; index < keyword_count; index++) {
        imi_keyword_t *keyword = &competence->keywords [index];
        if ((rc = s_pair_read (&keywords [index], prefix, index, "keywords", keyword->lang,
                               keyword->text, IMI_DIRECTORY_KEYWORD_MAX)))
            return rc;
    }
    competence->keyword_count = keyword_count;
    return 0;
}

//  Read an authority from object, then apply the rules. 0 or -2.
static int
s_authority_read (imi_authority_t *authority, const msgpack_object *object,
                  const char *prefix)
{
    memset (authority, 0, sizeof *authority);
    char field [S_FIELD_MAX];
    const msgpack_object *items, *names, *contacts, *competences;
    uint32_t name_count, contact_count, competence_count;
    int rc;
    if ((rc = imi_object_array (object, prefix, S_AUTHORITY_FIELDS, &items))
    ||  (rc = imi_object_str (&items [0], s_field (field, "%s.id", prefix),
                              IMI_DIRECTORY_ID_MAX, authority->id, sizeof authority->id))
    ||  (rc = imi_object_array_range (&items [1], s_field (field, "%s.names", prefix),
                                      1, IMI_DIRECTORY_NAMES_MAX, &names, &name_count))
    ||  (rc = imi_object_str (&items [2], s_field (field, "%s.acronym", prefix),
                              IMI_DIRECTORY_ACRONYM_MAX, authority->acronym,
                              sizeof authority->acronym))
    ||  (rc = imi_object_str (&items [3], s_field (field, "%s.address", prefix),
                              IMI_DIRECTORY_ADDRESS_MAX, authority->address,
                              sizeof authority->address))
    ||  (rc = imi_object_str (&items [4], s_field (field, "%s.postcode", prefix),
                              IMI_DIRECTORY_POSTCODE_MAX, authority->postcode,
                              sizeof authority->postcode))
    ||  (rc = imi_object_str (&items [5], s_field (field, "%s.city", prefix),
                              IMI_DIRECTORY_CITY_MAX, authority->city,
                              sizeof authority->city))
    ||  (rc = imi_object_array_range (&items [6], s_field (field, "%s.contacts", prefix),
                                      0, IMI_DIRECTORY_CONTACTS_MAX, &contacts,
                                      &contact_count))
    ||  (rc = imi_object_array_range (&items [7], s_field (field, "%s.competences", prefix),
                                      0, IMI_DIRECTORY_COMPETENCES_MAX, &competences,
                                      &competence_count)))
        return rc;
    for (uint32_t index = 0; index < name_count; index++) {
        imi_text_t *name = &authority->names [index];
        if ((rc = s_pair_read (&names [index], prefix, index, "names", name->lang,
                               name->text, IMI_DIRECTORY_NAME_MAX)))
            return rc;
    }
    authority->name_count = name_count;
    for (uint32_t index = 0; index < contact_count; index++) {
        imi_contact_t *contact = &authority->contacts [index];
        const msgpack_object *pair;
        if ((rc = imi_object_array (&contacts [index],
                                    s_field (field, "%s.contacts[%u]", prefix, index),
                                    2, &pair))
        ||  (rc = imi_object_str (&pair [0],
                                  s_field (field, "%s.contacts[%u].kind", prefix, index),
                                  sizeof contact->kind - 1, contact->kind,
                                  sizeof contact->kind))
        ||  (rc = imi_object_str (&pair [1],
                                  s_field (field, "%s.contacts[%u].value", prefix, index),
                                  IMI_DIRECTORY_CONTACT_MAX, contact->value,
                                  sizeof contact->value)))
            return rc;
    }
    authority->contact_count = contact_count;
    for (uint32_t index = 0; index < competence_count; index++)
        if ((rc = s_competence_read (&authority->competences [index], &competences [index],
                                     s_field (field, "%s.competences[%u]", prefix, index))))
            return rc;
    authority->competence_count = competence_count;
    return s_authority_valid (authority, prefix);
}

//  Decode an authority on its own (as the node stores it).
int
imi_authority_decode (imi_authority_t *authority, const uint8_t *data, size_t size)
{
    imi_reader_t reader;
    int rc = imi_reader_open (&reader, data, size, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    if (rc == 0)
        rc = s_authority_read (authority, &reader.root, "authority");
    imi_reader_close (&reader);
    if (rc)
        memset (authority, 0, sizeof *authority);
    return rc;
}

//  ---- entries ----

//  The rules on an entry's own fields, whoever made it. has_authority says
//  whether the body carries an authority (not nil). 0 or -2.
static int
s_entry_valid (const char *origin, uint64_t seq, uint64_t op, const char *authority_id,
               bool has_authority)
{
    if (!imi_state_code_valid (origin))
        return imi_error_malformed ("entry.origin: not a state code");
    if (seq < 1)
        return imi_error_malformed ("entry.seq: must be at least 1");
    if (op != IMI_DIRECTORY_UPSERT && op != IMI_DIRECTORY_REMOVE)
        return imi_error_malformed ("entry.op: %llu is not 1 (upsert) or 2 (remove)",
                                    (unsigned long long) op);
    int rc = s_code_check (authority_id, IMI_DIRECTORY_ID_MAX, "entry.authority_id");
    if (rc)
        return rc;
    if (op == IMI_DIRECTORY_UPSERT && !has_authority)
        return imi_error_malformed ("entry.authority: an upsert carries the authority");
    if (op == IMI_DIRECTORY_REMOVE && has_authority)
        return imi_error_malformed ("entry.authority: a remove carries nil");
    return 0;
}

//  An upsert's authority is the one its authority_id names. 0 or -2.
static int
s_authority_id_check (const imi_authority_t *authority, const char *authority_id)
{
    if (strcmp (authority->id, authority_id) != 0)
        return imi_error_malformed ("entry.authority.id: '%s' is not the entry's "
                                    "authority_id '%s'", authority->id, authority_id);
    return 0;
}

//  Encode the body, sign it and encode the entry, without checking the
//  fields (imi_entry_seal checks them; the self test makes bad entries).
//  0, -1 out of memory, -2 if the entry would be too large.
static int
s_entry_build (uint8_t **out, size_t *size, const char *origin, uint64_t seq,
               const uint8_t prev_hash [IMI_HASH_BYTES], uint64_t timestamp_ms,
               uint64_t op, const char *authority_id, const uint8_t *authority,
               size_t authority_size, const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES])
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, S_BODY_FIELDS);
    imi_writer_str (&writer, S_FORMAT);
    imi_writer_str (&writer, origin);
    imi_writer_uint (&writer, seq);
    imi_writer_bin (&writer, prev_hash, IMI_HASH_BYTES);
    imi_writer_uint (&writer, timestamp_ms);
    imi_writer_uint (&writer, op);
    imi_writer_str (&writer, authority_id);
    if (authority)
        imi_writer_raw (&writer, authority, authority_size);
    else
        imi_writer_nil (&writer);
    size_t body_size;
    uint8_t *body = imi_writer_take (&writer, &body_size);
    imi_writer_cleanup (&writer);
    if (!body)
        return -1;
    int rc = -1;
    uint8_t signature [IMI_SIGNATURE_BYTES];
    if (imi_sign (signature, IMI_DIRECTORY_SIGN_CONTEXT, body, body_size, sign_secret) == 0) {
        imi_writer_array (&writer, 2);
        imi_writer_bin (&writer, body, body_size);
        imi_writer_bin (&writer, signature, IMI_SIGNATURE_BYTES);
        *out = imi_writer_take (&writer, size);
        imi_writer_cleanup (&writer);
        rc = *out? 0: -1;
    }
    free (body);
    if (rc == 0 && *size > IMI_DIRECTORY_ENTRY_MAX_BYTES) {
        rc = imi_error_malformed ("authority too large: the entry would be %zu bytes, at most %d",
                                  *size, IMI_DIRECTORY_ENTRY_MAX_BYTES);
        free (*out);
        *out = NULL;
        *size = 0;
    }
    return rc;
}

//  Check the fields and the encoded authority, then build and sign.
int
imi_entry_seal (uint8_t **out, size_t *size, const char *origin, uint64_t seq,
                const uint8_t prev_hash [IMI_HASH_BYTES], uint64_t timestamp_ms,
                uint32_t op, const char *authority_id, const uint8_t *authority,
                size_t authority_size, const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES])
{
    *out = NULL;
    *size = 0;
    int rc = s_entry_valid (origin, seq, op, authority_id, authority != NULL);
    if (rc)
        return rc;
    if (timestamp_ms > IMI_TIME_MAX_MS)
        return imi_error_malformed ("entry.timestamp_ms: %" PRIu64 " exceeds the maximum %llu",
                                    timestamp_ms, IMI_TIME_MAX_MS);
    if (authority) {
        imi_authority_t *decoded = (imi_authority_t *) malloc (sizeof *decoded);
        if (!decoded)
            return imi_error_set ("out of memory sealing an entry");
        rc = imi_authority_decode (decoded, authority, authority_size);
        if (rc == 0)
            rc = s_authority_id_check (decoded, authority_id);
        free (decoded);
        if (rc)
            return rc;
    }
    return s_entry_build (out, size, origin, seq, prev_hash, timestamp_ms, op, authority_id,
                          authority, authority_size, sign_secret);
}

//  Decode the body's fields into view, check them and the authority.
static int
s_body_decode (imi_entry_view_t *view, const uint8_t *body, size_t body_size)
{
    imi_reader_t reader;
    imi_authority_t *authority = NULL;
    const msgpack_object *fields;
    char format [sizeof S_FORMAT];
    uint64_t op;
    int rc = imi_reader_open (&reader, body, body_size, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    if (rc
    || (rc = imi_object_array (&reader.root, "entry.body", S_BODY_FIELDS, &fields))
    || (rc = imi_object_str (&fields [0], "entry.format", sizeof S_FORMAT - 1, format,
                             sizeof format)))
        goto cleanup;
    if (strcmp (format, S_FORMAT) != 0) {
        rc = imi_error_malformed ("entry.format: '%s' is not %s", format, S_FORMAT);
        goto cleanup;
    }
    if ((rc = imi_object_str (&fields [1], "entry.origin", 2, view->origin,
                              sizeof view->origin))
    ||  (rc = imi_object_uint (&fields [2], "entry.seq", UINT64_MAX, &view->seq))
    ||  (rc = imi_object_bin_fixed (&fields [3], "entry.prev_hash", view->prev_hash,
                                    IMI_HASH_BYTES))
    ||  (rc = imi_object_time (&fields [4], "entry.timestamp_ms",
                               &view->timestamp_ms))
    ||  (rc = imi_object_uint (&fields [5], "entry.op", UINT32_MAX, &op))
    ||  (rc = imi_object_str (&fields [6], "entry.authority_id", IMI_DIRECTORY_ID_MAX,
                              view->authority_id, sizeof view->authority_id))
    ||  (rc = s_entry_valid (view->origin, view->seq, op, view->authority_id,
                             fields [S_AUTHORITY_ITEM].type != MSGPACK_OBJECT_NIL)))
        goto cleanup;
    view->op = (uint32_t) op;
    if (op == IMI_DIRECTORY_UPSERT) {
        authority = (imi_authority_t *) malloc (sizeof *authority);
        if (!authority) {
            rc = imi_error_set ("out of memory decoding an entry");
            goto cleanup;
        }
        size_t offset;
        if ((rc = s_authority_read (authority, &fields [S_AUTHORITY_ITEM], "entry.authority"))
        ||  (rc = s_authority_id_check (authority, view->authority_id))
        ||  (rc = imi_codec_array_item (body, body_size, S_AUTHORITY_ITEM, &offset,
                                        &view->authority_size)))
            goto cleanup;
        view->authority = body + offset;
    }
cleanup:
    free (authority);
    imi_reader_close (&reader);
    return rc;
}

//  Decode [body, signature], then the body; hash the body.
int
imi_entry_decode (imi_entry_view_t *view, const uint8_t *data, size_t size)
{
    memset (view, 0, sizeof *view);
    imi_reader_t reader;
    const msgpack_object *parts;
    const uint8_t *signature = NULL;
    size_t signature_size = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "entry", 2, &parts)) == 0
    && (rc = imi_object_bin (&parts [0], "entry.body", IMI_DIRECTORY_ENTRY_MAX_BYTES,
                             &view->body, &view->body_size)) == 0
    && (rc = imi_object_bin (&parts [1], "entry.signature", IMI_SIGNATURE_BYTES,
                             &signature, &signature_size)) == 0
    && signature_size != IMI_SIGNATURE_BYTES)
        rc = imi_error_malformed ("entry.signature: expected %d bytes, got %zu",
                                  IMI_SIGNATURE_BYTES, signature_size);
    imi_reader_close (&reader);
    if (rc == 0)
        rc = s_body_decode (view, view->body, view->body_size);
    if (rc) {
        memset (view, 0, sizeof *view);
        return rc;
    }
    view->signature = signature;
    imi_hash (view->hash, view->body, view->body_size);
    return 0;
}

//  Check the origin's signature over context || body.
int
imi_entry_verify (const imi_entry_view_t *view,
                  const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES])
{
    assert (view->signature);               //  a view from a successful decode
    if (imi_verify (view->signature, IMI_DIRECTORY_SIGN_CONTEXT, view->body,
                    view->body_size, sign_public) != 0)
        return imi_error_set ("directory entry %s/%llu: signature does not verify",
                              view->origin, (unsigned long long) view->seq);
    return 0;
}

//  ---- replication bodies ----

static int
s_take (imi_writer_t *writer, const char *what, uint8_t **out, size_t *size)
{
    *out = imi_writer_take (writer, size);
    imi_writer_cleanup (writer);
    if (!*out)
        return -1;
    if (*size > IMI_BODY_MAX_BYTES) {
        free (*out);
        *out = NULL;
        return imi_error_set ("%s: body of %zu bytes exceeds %d", what, *size,
                              IMI_BODY_MAX_BYTES);
    }
    return 0;
}

//  Write a list of entries as an array of bins. 0, or -1 if the list is
//  empty, too long, or holds an entry too large to be one.
static int
s_entries_write (imi_writer_t *writer, const imi_entry_list_t *entries, const char *what)
{
    if (entries->count < 1 || entries->count > IMI_DIRECTORY_BATCH_MAX)
        return imi_error_set ("%s: %zu entries, expected 1 to %d", what, entries->count,
                              IMI_DIRECTORY_BATCH_MAX);
    for (size_t index = 0; index < entries->count; index++)
        if (entries->size [index] > IMI_DIRECTORY_ENTRY_MAX_BYTES)
            return imi_error_set ("%s: entry %zu of %zu bytes exceeds %d", what, index,
                                  entries->size [index], IMI_DIRECTORY_ENTRY_MAX_BYTES);
    imi_writer_array (writer, (uint32_t) entries->count);
    for (size_t index = 0; index < entries->count; index++)
        imi_writer_bin (writer, entries->data [index], entries->size [index]);
    return 0;
}

//  Read an array of 1..IMI_DIRECTORY_BATCH_MAX bins into entries.
static int
s_entries_read (imi_entry_list_t *entries, const msgpack_object *object, const char *field)
{
    const msgpack_object *items;
    uint32_t count;
    int rc = imi_object_array_range (object, field, 1, IMI_DIRECTORY_BATCH_MAX, &items,
                                     &count);
    for (uint32_t index = 0; index < count && rc == 0; index++) {
        char item_field [S_FIELD_MAX];
        rc = imi_object_bin (&items [index], s_field (item_field, "%s[%u]", field, index),
                             IMI_DIRECTORY_ENTRY_MAX_BYTES, &entries->data [index],
                             &entries->size [index]);
    }
    if (rc == 0)
        entries->count = count;
    return rc;
}

//  Encode a DIR_PUSH body.
int
imi_dir_push_encode (const imi_entry_list_t *entries, uint8_t **out, size_t *size)
{
    *out = NULL;
    *size = 0;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    if (s_entries_write (&writer, entries, "dir_push")) {
        imi_writer_cleanup (&writer);
        return -1;
    }
    return s_take (&writer, "dir_push", out, size);
}

//  Decode a DIR_PUSH body; the entries stay in data.
int
imi_dir_push_decode (imi_entry_list_t *entries, const uint8_t *data, size_t size)
{
    entries->count = 0;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "dir_push", 1, &items)) == 0)
        rc = s_entries_read (entries, &items [0], "dir_push.entries");
    imi_reader_close (&reader);
    return rc;
}

//  Encode a DIR_ENTRIES body.
int
imi_dir_entries_encode (const imi_entry_list_t *entries, bool more, uint8_t **out,
                        size_t *size)
{
    *out = NULL;
    *size = 0;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    if (s_entries_write (&writer, entries, "dir_entries")) {
        imi_writer_cleanup (&writer);
        return -1;
    }
    imi_writer_bool (&writer, more);
    return s_take (&writer, "dir_entries", out, size);
}

//  Decode a DIR_ENTRIES body; the entries stay in data.
int
imi_dir_entries_decode (imi_entry_list_t *entries, bool *more, const uint8_t *data,
                        size_t size)
{
    entries->count = 0;
    *more = false;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "dir_entries", 2, &items)) == 0
    && (rc = s_entries_read (entries, &items [0], "dir_entries.entries")) == 0)
        rc = imi_object_bool (&items [1], "dir_entries.more", more);
    imi_reader_close (&reader);
    if (rc)
        entries->count = 0;
    return rc;
}

//  0, or -2 if row index's origin is not a state code or repeats an earlier row's.
static int
s_frontier_row_valid (const imi_frontier_row_t *rows, size_t index)
{
    if (!imi_state_code_valid (rows [index].origin))
        return imi_error_malformed ("dir_frontier[%zu].origin: not a state code", index);
    for (size_t other = 0; other < index; other++)
        if (strcmp (rows [other].origin, rows [index].origin) == 0)
            return imi_error_malformed ("dir_frontier[%zu].origin: %s appears twice", index,
                                        rows [index].origin);
    return 0;
}

//  Encode a DIR_FRONTIER body; -1 if a row is invalid or there are too many.
int
imi_dir_frontier_encode (const imi_frontier_row_t *rows, size_t count, uint8_t **out,
                         size_t *size)
{
    *out = NULL;
    *size = 0;
    if (count > IMI_DIRECTORY_ORIGINS_MAX)
        return imi_error_set ("dir_frontier: %zu rows exceed %d", count,
                              IMI_DIRECTORY_ORIGINS_MAX);
    for (size_t index = 0; index < count; index++)
        if (s_frontier_row_valid (rows, index))
            return imi_error_wrap ("encoding a frontier");
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, (uint32_t) count);
    for (size_t index = 0; index < count; index++) {
        imi_writer_array (&writer, 3);
        imi_writer_str (&writer, rows [index].origin);
        imi_writer_uint (&writer, rows [index].last_seq);
        imi_writer_bin (&writer, rows [index].head_hash, IMI_HASH_BYTES);
    }
    //  An empty frontier is one byte (0x90), never "nothing was encoded".
    return s_take (&writer, "dir_frontier", out, size);
}

//  Decode a DIR_FRONTIER body into rows (room for IMI_DIRECTORY_ORIGINS_MAX).
int
imi_dir_frontier_decode (imi_frontier_row_t *rows, size_t *count, const uint8_t *data,
                         size_t size)
{
    *count = 0;
    imi_reader_t reader;
    const msgpack_object *items;
    uint32_t row_count = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array_range (&reader.root, "dir_frontier", 0,
                                     IMI_DIRECTORY_ORIGINS_MAX, &items, &row_count);
    for (uint32_t index = 0; index < row_count && rc == 0; index++) {
        char field [S_FIELD_MAX];
        imi_frontier_row_t *row = &rows [index];
        const msgpack_object *fields;
        if ((rc = imi_object_array (&items [index], s_field (field, "dir_frontier[%u]", index),
                                    3, &fields))
        ||  (rc = imi_object_str (&fields [0], s_field (field, "dir_frontier[%u].origin", index),
                                  2, row->origin, sizeof row->origin))
        ||  (rc = imi_object_uint (&fields [1],
                                   s_field (field, "dir_frontier[%u].last_seq", index),
                                   UINT64_MAX, &row->last_seq))
        ||  (rc = imi_object_bin_fixed (&fields [2],
                                        s_field (field, "dir_frontier[%u].head_hash", index),
                                        row->head_hash, IMI_HASH_BYTES)))
            break;
        rc = s_frontier_row_valid (rows, index);
    }
    imi_reader_close (&reader);
    if (rc == 0)
        *count = row_count;
    return rc;
}

//  ---- self test ----

//  A valid authority with two of everything (names, contacts, competences,
//  procedures, keywords), so that every duplicate rule can be provoked.
static imi_authority_t *
s_test_authority (void)
{
    imi_authority_t *authority = (imi_authority_t *) calloc (1, sizeof *authority);
    assert (authority);
    strcpy (authority->id, "de-bw.stuttgart_gewerbe-1");
    strcpy (authority->names [0].lang, "de");
    strcpy (authority->names [0].text, "Gewerbeaufsichtsamt Stuttgart");
    strcpy (authority->names [1].lang, "en");
    strcpy (authority->names [1].text, "Trade Supervision Office Stuttgart");
    authority->name_count = 2;
    strcpy (authority->acronym, "GAA");
    strcpy (authority->address, "Königstraße 1");
    strcpy (authority->postcode, "70173");
    strcpy (authority->city, "Stuttgart");
    strcpy (authority->contacts [0].kind, "email");
    strcpy (authority->contacts [0].value, "gaa@stuttgart.example");
    strcpy (authority->contacts [1].kind, "web");
    strcpy (authority->contacts [1].value, "https://stuttgart.example/gaa");
    authority->contact_count = 2;
    for (size_t index = 0; index < 2; index++) {
        imi_competence_t *competence = &authority->competences [index];
        strcpy (competence->legal_area, index? "professional-qualifications": "services");
        strcpy (competence->procedures [0], "recognition");
        strcpy (competence->procedures [1], "notification");
        competence->procedure_count = 2;
        strcpy (competence->keywords [0].lang, "de");
        strcpy (competence->keywords [0].text, "Anerkennung");
        strcpy (competence->keywords [1].lang, "en");
        strcpy (competence->keywords [1].text, "recognition");
        competence->keyword_count = 2;
    }
    authority->competence_count = 2;
    return authority;
}

//  Encode without the rules (to make what a hostile peer could send).
static uint8_t *
s_test_write (const imi_authority_t *authority, size_t *size)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_authority_write (&writer, authority);
    uint8_t *bytes = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    return bytes;
}

static void
s_test_authority_round_trip (void)
{
    imi_authority_t *authority = s_test_authority ();
    imi_authority_t *back = (imi_authority_t *) malloc (sizeof *back);
    assert (back);
    assert (imi_authority_validate (authority) == 0);
    uint8_t *bytes;
    size_t size;
    assert (imi_authority_encode (authority, &bytes, &size) == 0);
    assert (bytes [0] == 0x98);                         //  fixarray of 8
    assert (imi_authority_decode (back, bytes, size) == 0);
    assert (memcmp (back, authority, sizeof *back) == 0);
    for (size_t cut = 0; cut < size; cut++)
        assert (imi_authority_decode (back, bytes, cut) == -2);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    assert (longer);
    memcpy (longer, bytes, size);
    longer [size] = 0xc0;
    assert (imi_authority_decode (back, longer, size + 1) == -2);
    assert (strstr (imi_error_last (), "trailing"));
    free (longer);
    free (bytes);

    //  The least an authority can be: an id and one name; optional texts empty.
    imi_authority_t *least = (imi_authority_t *) calloc (1, sizeof *least);
    assert (least);
    strcpy (least->id, "x");
    strcpy (least->names [0].lang, "ga");
    strcpy (least->names [0].text, "Údarás");
    least->name_count = 1;
    assert (imi_authority_encode (least, &bytes, &size) == 0);
    assert (imi_authority_decode (back, bytes, size) == 0);
    assert (memcmp (back, least, sizeof *back) == 0);
    free (bytes);
    //  The longest texts (multi-byte characters up to the byte limits), a
    //  three-letter lang and every limit of counts.
    memset (least->names [0].text, 0, sizeof least->names [0].text);
    for (size_t index = 0; index < IMI_DIRECTORY_NAME_MAX; index += 2)
        memcpy (least->names [0].text + index, "é", 2);
    strcpy (least->names [0].lang, "gsw");
    for (size_t index = 1; index < IMI_DIRECTORY_NAMES_MAX; index++) {
        snprintf (least->names [index].lang, sizeof least->names [index].lang,
                  "%c%c", 'a' + (int) index, 'a' + (int) index);
        strcpy (least->names [index].text, "n");
    }
    least->name_count = IMI_DIRECTORY_NAMES_MAX;
    memset (least->id, 'z', IMI_DIRECTORY_ID_MAX);
    memset (least->acronym, 'A', IMI_DIRECTORY_ACRONYM_MAX);
    memset (least->postcode, '9', IMI_DIRECTORY_POSTCODE_MAX);
    for (size_t index = 0; index < IMI_DIRECTORY_CONTACTS_MAX; index++) {
        strcpy (least->contacts [index].kind, s_contact_kinds [index % S_CONTACT_KINDS]);
        strcpy (least->contacts [index].value, "+49 711 0");
    }
    least->contact_count = IMI_DIRECTORY_CONTACTS_MAX;
    assert (imi_authority_encode (least, &bytes, &size) == 0);
    assert (imi_authority_decode (back, bytes, size) == 0);
    assert (memcmp (back, least, sizeof *back) == 0);
    free (bytes);
    free (least);
    free (back);
    free (authority);
}

//  One rule broken per case, by writing value into a field of the sample
//  authority; reason is what the validator must say. Decoding the same
//  authority (written without the rules) must name the same field.
static const struct {
    size_t offset;
    size_t capacity;
    const char *value;
    const char *reason;
} s_rule_cases [] = {
#define S_AT(member) offsetof (imi_authority_t, member), sizeof ((imi_authority_t *) 0)->member
    { S_AT (id), "", "authority.id: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (id), "Upper", "authority.id: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (id), "a b", "authority.id: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (names [1].lang), "EN", "authority.names[1].lang: not a language tag" },
    { S_AT (names [1].lang), "e", "authority.names[1].lang: not a language tag" },
    { S_AT (names [1].lang), "e1", "authority.names[1].lang: not a language tag" },
    { S_AT (names [1].lang), "de", "authority.names[1].lang: 'de' appears twice" },
    { S_AT (names [0].text), "", "authority.names[0].text: empty or blank" },
    { S_AT (names [0].text), "   ", "authority.names[0].text: empty or blank" },
    { S_AT (names [0].text), "a\tb", "authority.names[0].text: holds a control character" },
    { S_AT (names [0].text), "a\x7f", "authority.names[0].text: holds a control character" },
    { S_AT (names [1].text), "\xc3\x28", "authority.names[1].text: not valid UTF-8" },
    { S_AT (acronym), "\x01", "authority.acronym: holds a control character" },
    { S_AT (address), "\xff", "authority.address: not valid UTF-8" },
    { S_AT (postcode), "\n", "authority.postcode: holds a control character" },
    { S_AT (city), "\x1b", "authority.city: holds a control character" },
    { S_AT (contacts [1].kind), "telex",
      "authority.contacts[1].kind: not one of email, phone, fax, web" },
    { S_AT (contacts [1].kind), "", "authority.contacts[1].kind: not one of email, phone, fax, web" },
    { S_AT (contacts [0].value), " ", "authority.contacts[0].value: empty or blank" },
    { S_AT (contacts [0].value), "a\rb", "authority.contacts[0].value: holds a control character" },
    { S_AT (competences [0].legal_area), "Services",
      "authority.competences[0].legal_area: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (competences [1].legal_area), "services",
      "authority.competences[1].legal_area: 'services' appears twice" },
    { S_AT (competences [0].procedures [1]), "recognition",
      "authority.competences[0].procedures[1]: 'recognition' appears twice" },
    { S_AT (competences [1].procedures [0]), "",
      "authority.competences[1].procedures[0]: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (competences [1].procedures [0]), "a/b",
      "authority.competences[1].procedures[0]: not 1 to 64 of [a-z0-9._-]" },
    { S_AT (competences [1].keywords [0].lang), "d",
      "authority.competences[1].keywords[0].lang: not a language tag" },
    { S_AT (competences [1].keywords [1].text), "",
      "authority.competences[1].keywords[1].text: empty or blank" },
    { S_AT (competences [1].keywords [1].text), "\xed\xa0\x80",
      "authority.competences[1].keywords[1].text: not valid UTF-8" },
#undef S_AT
};

//  The validator's reason must be exactly expected; a decoder's must name
//  the same field (it may find the fault while reading, with other words).
static void
s_test_same_field (const char *reason, const char *expected)
{
    const char *colon = strstr (expected, ": ");
    assert (colon);
    if (strncmp (reason, expected, (size_t) (colon - expected) + 2) != 0) {
        fprintf (stderr, "expected a reason about '%.*s', got '%s'\n",
                 (int) (colon - expected), expected, reason);
        assert (false);
    }
}

static void
s_test_rules (void)
{
    imi_authority_t *sample = s_test_authority ();
    imi_authority_t *authority = (imi_authority_t *) malloc (sizeof *authority);
    imi_authority_t *back = (imi_authority_t *) malloc (sizeof *back);
    assert (authority && back);
    uint8_t *bytes;
    size_t size;
    for (size_t index = 0; index < sizeof s_rule_cases / sizeof s_rule_cases [0]; index++) {
        memcpy (authority, sample, sizeof *authority);
        char *field = (char *) authority + s_rule_cases [index].offset;
        assert (strlen (s_rule_cases [index].value) < s_rule_cases [index].capacity);
        strcpy (field, s_rule_cases [index].value);
        assert (imi_authority_validate (authority) == -2);
        if (strcmp (imi_error_last (), s_rule_cases [index].reason) != 0) {
            fprintf (stderr, "case %zu: expected '%s', got '%s'\n", index,
                     s_rule_cases [index].reason, imi_error_last ());
            assert (false);
        }
        assert (imi_authority_encode (authority, &bytes, &size) == -2 && !bytes);
        bytes = s_test_write (authority, &size);
        assert (imi_authority_decode (back, bytes, size) == -2);
        s_test_same_field (imi_error_last (), s_rule_cases [index].reason);
        free (bytes);
    }

    //  Counts: no name, and one over each limit (the validator alone: a
    //  struct cannot hold more, and the reader refuses the count first).
    memcpy (authority, sample, sizeof *authority);
    authority->name_count = 0;
    assert (imi_authority_validate (authority) == -2);
    assert (strcmp (imi_error_last (), "authority.names: 0 items, expected 1 to 16") == 0);
    bytes = s_test_write (authority, &size);
    assert (imi_authority_decode (back, bytes, size) == -2);
    assert (strcmp (imi_error_last (), "authority.names: 0 items, expected 1 to 16") == 0);
    free (bytes);
    static const struct {
        size_t offset;
        size_t value;
        const char *reason;
    } counts [] = {
        { offsetof (imi_authority_t, name_count), IMI_DIRECTORY_NAMES_MAX + 1,
          "authority.names: 17 items, expected 1 to 16" },
        { offsetof (imi_authority_t, contact_count), IMI_DIRECTORY_CONTACTS_MAX + 1,
          "authority.contacts: 9 items, expected 0 to 8" },
        { offsetof (imi_authority_t, competence_count), IMI_DIRECTORY_COMPETENCES_MAX + 1,
          "authority.competences: 25 items, expected 0 to 24" },
        { offsetof (imi_authority_t, competences [1].procedure_count),
          IMI_DIRECTORY_PROCEDURES_MAX + 1,
          "authority.competences[1].procedures: 33 items, expected 0 to 32" },
        { offsetof (imi_authority_t, competences [0].keyword_count),
          IMI_DIRECTORY_KEYWORDS_MAX + 1,
          "authority.competences[0].keywords: 33 items, expected 0 to 32" },
    };
    for (size_t index = 0; index < sizeof counts / sizeof counts [0]; index++) {
        memcpy (authority, sample, sizeof *authority);
        memcpy ((char *) authority + counts [index].offset, &counts [index].value,
                sizeof (size_t));
        assert (imi_authority_validate (authority) == -2);
        assert (strcmp (imi_error_last (), counts [index].reason) == 0);
    }
    //  Strings that fill their buffer without a terminator.
    memcpy (authority, sample, sizeof *authority);
    memset (authority->names [1].text, 'x', sizeof authority->names [1].text);
    assert (imi_authority_validate (authority) == -2);
    assert (strcmp (imi_error_last (), "authority.names[1].text: longer than 256 bytes") == 0);
    memcpy (authority, sample, sizeof *authority);
    memset (authority->contacts [0].kind, 'e', sizeof authority->contacts [0].kind);
    assert (imi_authority_validate (authority) == -2);
    memcpy (authority, sample, sizeof *authority);
    memset (authority->id, 'a', sizeof authority->id);
    assert (imi_authority_validate (authority) == -2);

    //  Wrong shapes and types on the wire, by hand: [ id, names, ... ].
    static const struct {
        const char *hex;
        const char *reason;
    } wire [] = {
        { "97a1789192a26465a178a0a0a0a090", "authority: expected 8 items, got 7" },
        { "98a17891c0a0a0a0a09090", "authority.names[0]: expected an array, got nil" },
        { "98a1789193a26465a178c0a0a0a0a09090", "authority.names[0]: expected 2 items, got 3" },
        { "98a1789192a4646575 74a178a0a0a0a09090", "authority.names[0].lang" },
        { "98a1789192a26465a178a0a0a0a0909190", "authority.competences[0]: expected 3 items" },
        { "98a1789192a26465a178a0a0a0a09192a3666178a0 90", "authority.contacts[0].value" },
        { "98a1789192a26465a178a0a0a0a09091 93a17891c090",
          "authority.competences[0].procedures[0]: expected a string, got nil" },
        { "98a1789192a26465a178a0a0a0a09091 93a1789091 92a26465a0",
          "authority.competences[0].keywords[0].text: empty or blank" },
        { "98a1789192a26465a178a0a0a0a090 c0", "authority.competences: expected an array" },
        { "a178", "authority: expected an array, got a string" },
        { "9801", "claims 8 items" },
    };
    for (size_t index = 0; index < sizeof wire / sizeof wire [0]; index++) {
        char hex [256];
        size_t length = 0;
        for (const char *next = wire [index].hex; *next; next++)
            if (*next != ' ')
                hex [length++] = *next;
        hex [length] = 0;
        uint8_t data [128];
        assert (imi_hex_decode (data, length / 2, hex) == 0);
        int rc = imi_authority_decode (back, data, length / 2);
        if (rc != -2 || !strstr (imi_error_last (), wire [index].reason)) {
            fprintf (stderr, "wire case %zu: expected '%s', got '%s'\n", index,
                     wire [index].reason, imi_error_last ());
            assert (false);
        }
    }
    free (back);
    free (authority);
    free (sample);
}

typedef struct {
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
    uint8_t secret_key [IMI_SIGN_SECRET_BYTES];
} s_test_key_t;

//  Fill authority with keywords of 100 to 128 bytes until its encoding is
//  exactly target bytes.
static void
s_test_grow (imi_authority_t *authority, size_t target)
{
    uint8_t *bytes;
    size_t size = 0, keywords = 0;
    //  Bytes past the counts stay zero, as a decoder leaves them.
    memset (authority->competences, 0, sizeof authority->competences);
    authority->competence_count = IMI_DIRECTORY_COMPETENCES_MAX;
    for (size_t index = 0; index < IMI_DIRECTORY_COMPETENCES_MAX; index++)
        snprintf (authority->competences [index].legal_area,
                  sizeof authority->competences [index].legal_area, "area-%zu", index);
    //  Add keywords while the encoding stays within target.
    while (true) {
        imi_competence_t *competence = &authority->competences [keywords / IMI_DIRECTORY_KEYWORDS_MAX];
        imi_keyword_t *keyword = &competence->keywords [keywords % IMI_DIRECTORY_KEYWORDS_MAX];
        strcpy (keyword->lang, "de");
        memset (keyword->text, 'k', 100);
        keyword->text [100] = 0;
        competence->keyword_count++;
        bytes = s_test_write (authority, &size);
        free (bytes);
        if (size > target) {
            competence->keyword_count--;
            memset (keyword, 0, sizeof *keyword);
            break;
        }
        keywords++;
        assert (keywords < IMI_DIRECTORY_COMPETENCES_MAX * IMI_DIRECTORY_KEYWORDS_MAX);
    }
    //  Then lengthen the last keywords (a str8 grows one byte per byte).
    bytes = s_test_write (authority, &size);
    free (bytes);
    for (size_t index = keywords; size < target; index--) {
        assert (index > 0);
        imi_competence_t *competence = &authority->competences [(index - 1) / IMI_DIRECTORY_KEYWORDS_MAX];
        imi_keyword_t *keyword = &competence->keywords [(index - 1) % IMI_DIRECTORY_KEYWORDS_MAX];
        size_t grow = target - size < 28? target - size: 28;
        memset (keyword->text + 100, 'k', grow);
        keyword->text [100 + grow] = 0;
        size += grow;
    }
    bytes = s_test_write (authority, &size);
    free (bytes);
    assert (size == target);
}

//  Decode must fail or verify must: no change to an entry goes unnoticed.
static void
s_test_tamper (const uint8_t *entry, size_t size, const uint8_t public_key [32])
{
    uint8_t *tampered = (uint8_t *) malloc (size);
    assert (tampered);
    imi_entry_view_t view;
    for (size_t offset = 0; offset < size; offset++)
        for (int bit = 0; bit < 8; bit++) {
            memcpy (tampered, entry, size);
            tampered [offset] ^= (uint8_t) (1 << bit);
            if (imi_entry_decode (&view, tampered, size) == 0)
                assert (imi_entry_verify (&view, public_key) == -1);
        }
    for (size_t cut = 0; cut < size; cut++)
        assert (imi_entry_decode (&view, entry, cut) == -2);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    assert (longer);
    memcpy (longer, entry, size);
    longer [size] = 0xc0;
    assert (imi_entry_decode (&view, longer, size + 1) == -2);
    free (longer);
    free (tampered);
}

static void
s_test_entries (void)
{
    s_test_key_t origin, stranger;
    imi_sign_keypair (origin.public_key, origin.secret_key);
    imi_sign_keypair (stranger.public_key, stranger.secret_key);
    imi_authority_t *authority = s_test_authority ();
    imi_authority_t *back = (imi_authority_t *) malloc (sizeof *back);
    assert (back);
    uint8_t *encoded;
    size_t encoded_size;
    assert (imi_authority_encode (authority, &encoded, &encoded_size) == 0);
    uint8_t zero [IMI_HASH_BYTES] = { 0 };

    //  An upsert: every field back, the authority at its exact bytes.
    uint8_t *first;
    size_t first_size;
    assert (imi_entry_seal (&first, &first_size, "DE", 1, zero, 1700000000000,
                            IMI_DIRECTORY_UPSERT, authority->id, encoded, encoded_size,
                            origin.secret_key) == 0);
    imi_entry_view_t view;
    assert (imi_entry_decode (&view, first, first_size) == 0);
    assert (strcmp (view.origin, "DE") == 0 && view.seq == 1);
    assert (memcmp (view.prev_hash, zero, IMI_HASH_BYTES) == 0);
    assert (view.timestamp_ms == 1700000000000 && view.op == IMI_DIRECTORY_UPSERT);
    assert (strcmp (view.authority_id, authority->id) == 0);
    assert (view.authority_size == encoded_size);
    assert (memcmp (view.authority, encoded, encoded_size) == 0);
    assert (view.body > first && view.authority > view.body);
    assert (view.authority + view.authority_size == view.body + view.body_size);
    assert (view.signature == first + first_size - IMI_SIGNATURE_BYTES);
    uint8_t hash [IMI_HASH_BYTES];
    imi_hash (hash, view.body, view.body_size);
    assert (memcmp (hash, view.hash, IMI_HASH_BYTES) == 0);
    assert (imi_entry_verify (&view, origin.public_key) == 0);
    assert (imi_entry_verify (&view, stranger.public_key) == -1);
    assert (strstr (imi_error_last (), "DE/1: signature does not verify"));
    assert (imi_authority_decode (back, view.authority, view.authority_size) == 0);
    assert (memcmp (back, authority, sizeof *back) == 0);
    s_test_tamper (first, first_size, origin.public_key);

    //  A remove, chained to the upsert, at the largest numbers.
    uint8_t *second;
    size_t second_size;
    uint8_t first_hash [IMI_HASH_BYTES];
    memcpy (first_hash, view.hash, IMI_HASH_BYTES);
    assert (imi_entry_seal (&second, &second_size, "NO", UINT64_MAX, first_hash, UINT64_MAX,
                            IMI_DIRECTORY_REMOVE, "x", NULL, 0, origin.secret_key) == -2);
    assert (strstr (imi_error_last (), "entry.timestamp_ms: 18446744073709551615 exceeds"));
    assert (imi_entry_seal (&second, &second_size, "NO", UINT64_MAX, first_hash,
                            IMI_TIME_MAX_MS, IMI_DIRECTORY_REMOVE, "x", NULL, 0,
                            origin.secret_key) == 0);
    uint8_t *late;
    size_t late_size;
    assert (s_entry_build (&late, &late_size, "NO", 1, first_hash, (uint64_t) 1 << 63,
                           IMI_DIRECTORY_REMOVE, "x", NULL, 0, origin.secret_key) == 0);
    assert (imi_entry_decode (&view, late, late_size) == -2);
    assert (strcmp (imi_error_last (), "entry.timestamp_ms: 9223372036854775808 exceeds the "
                                       "maximum 253402300799999") == 0);
    free (late);
    assert (imi_entry_decode (&view, second, second_size) == 0);
    assert (view.op == IMI_DIRECTORY_REMOVE && !view.authority && view.authority_size == 0);
    assert (view.seq == UINT64_MAX && view.timestamp_ms == IMI_TIME_MAX_MS);
    assert (memcmp (view.prev_hash, first_hash, IMI_HASH_BYTES) == 0);
    assert (strcmp (view.origin, "NO") == 0 && strcmp (view.authority_id, "x") == 0);
    assert (imi_entry_verify (&view, origin.public_key) == 0);
    s_test_tamper (second, second_size, origin.public_key);
    free (second);

    //  What seal refuses, the decoder refuses too (entries built unchecked).
    static const struct {
        const char *origin;
        uint64_t seq;
        uint32_t op;
        const char *authority_id;
        bool with_authority;
        const char *reason;
    } refused [] = {
        { "de", 1, IMI_DIRECTORY_UPSERT, NULL, true, "entry.origin: not a state code" },
        { "D1", 1, IMI_DIRECTORY_UPSERT, NULL, true, "entry.origin: not a state code" },
        { "DE", 0, IMI_DIRECTORY_UPSERT, NULL, true, "entry.seq: must be at least 1" },
        { "DE", 1, 0, NULL, true, "entry.op: 0 is not 1 (upsert) or 2 (remove)" },
        { "DE", 1, 3, NULL, false, "entry.op: 3 is not 1 (upsert) or 2 (remove)" },
        { "DE", 1, IMI_DIRECTORY_UPSERT, NULL, false,
          "entry.authority: an upsert carries the authority" },
        { "DE", 1, IMI_DIRECTORY_REMOVE, NULL, true, "entry.authority: a remove carries nil" },
        { "DE", 1, IMI_DIRECTORY_REMOVE, "", false,
          "entry.authority_id: not 1 to 64 of [a-z0-9._-]" },
        { "DE", 1, IMI_DIRECTORY_REMOVE, "A", false,
          "entry.authority_id: not 1 to 64 of [a-z0-9._-]" },
        { "DE", 1, IMI_DIRECTORY_UPSERT, "other", true,
          "entry.authority.id: 'de-bw.stuttgart_gewerbe-1' is not the entry's authority_id 'other'" },
    };
    uint8_t *bytes;
    size_t size;
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++) {
        const char *authority_id = refused [index].authority_id? refused [index].authority_id
                                                               : authority->id;
        const uint8_t *embedded = refused [index].with_authority? encoded: NULL;
        assert (imi_entry_seal (&bytes, &size, refused [index].origin, refused [index].seq,
                                zero, 0, refused [index].op, authority_id, embedded,
                                encoded_size, origin.secret_key) == -2);
        assert (!bytes && size == 0);
        assert (strcmp (imi_error_last (), refused [index].reason) == 0);
        assert (s_entry_build (&bytes, &size, refused [index].origin, refused [index].seq,
                               zero, 0, refused [index].op, authority_id, embedded,
                               encoded_size, origin.secret_key) == 0);
        assert (imi_entry_decode (&view, bytes, size) == -2);
        if (strcmp (imi_error_last (), refused [index].reason) != 0) {
            fprintf (stderr, "entry case %zu: expected '%s', got '%s'\n", index,
                     refused [index].reason, imi_error_last ());
            assert (false);
        }
        assert (!view.body && !view.authority && !view.signature);
        free (bytes);
    }
    assert (imi_entry_seal (&bytes, &size, NULL, 1, zero, 0, IMI_DIRECTORY_REMOVE, "x",
                            NULL, 0, origin.secret_key) == -2);
    assert (imi_entry_seal (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_REMOVE, NULL,
                            NULL, 0, origin.secret_key) == -2);
    //  Seal checks the encoded authority it is given: truncated, trailing
    //  bytes, not an authority, an invalid one.
    assert (imi_entry_seal (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                            authority->id, encoded, encoded_size - 1, origin.secret_key) == -2);
    uint8_t *longer = (uint8_t *) malloc (encoded_size + 1);
    assert (longer);
    memcpy (longer, encoded, encoded_size);
    longer [encoded_size] = 0xc0;
    assert (imi_entry_seal (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                            authority->id, longer, encoded_size + 1, origin.secret_key) == -2);
    free (longer);
    assert (imi_entry_seal (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                            authority->id, (const uint8_t *) "\xa1x", 2,
                            origin.secret_key) == -2);
    assert (strcmp (imi_error_last (), "authority: expected an array, got a string") == 0);
    strcpy (authority->names [1].lang, "EN");
    uint8_t *invalid = s_test_write (authority, &size);
    size_t invalid_size = size;
    assert (imi_entry_seal (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                            authority->id, invalid, invalid_size, origin.secret_key) == -2);
    assert (strcmp (imi_error_last (), "authority.names[1].lang: not a language tag") == 0);
    //  Inside an entry, the same faults are named under "entry.".
    assert (s_entry_build (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                           authority->id, invalid, invalid_size, origin.secret_key) == 0);
    assert (imi_entry_decode (&view, bytes, size) == -2);
    assert (strcmp (imi_error_last (), "entry.authority.names[1].lang: not a language tag") == 0);
    free (bytes);
    free (invalid);
    strcpy (authority->names [1].lang, "en");
    assert (s_entry_build (&bytes, &size, "DE", 1, zero, 0, IMI_DIRECTORY_UPSERT,
                           authority->id, (const uint8_t *) "\xa1x", 2,
                           origin.secret_key) == 0);
    assert (imi_entry_decode (&view, bytes, size) == -2);
    assert (strcmp (imi_error_last (), "entry.authority: expected an array, got a string") == 0);
    free (bytes);

    //  Shapes and types, by hand: a body (hex) wrapped in [ bin, bin(n) ].
#define S_FORMAT_HEX "a9696d692d6469722d31"
#define S_ZERO_HEX "c420" "0000000000000000000000000000000000000000000000000000000000000000"
    static const struct {
        const char *body;
        size_t signature_size;
        const char *reason;
    } shapes [] = {
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178" "c0", 64, NULL },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178" "c0", 63,
          "entry.signature: expected 64 bytes, got 63" },
        { "98" "a9696d692d6469722d32" "a24445" "01" S_ZERO_HEX "00" "02" "a178" "c0", 64,
          "entry.format: 'imi-dir-2' is not imi-dir-1" },
        { "97" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178", 64,
          "entry.body: expected 8 items, got 7" },
        { "99" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178" "c0" "c0", 64,
          "entry.body: expected 8 items, got 9" },
        { "98" S_FORMAT_HEX "a3444545" "01" S_ZERO_HEX "00" "02" "a178" "c0", 64,
          "entry.origin: 3 bytes exceeds the maximum 2" },
        { "98" S_FORMAT_HEX "a24445" "a131" S_ZERO_HEX "00" "02" "a178" "c0", 64,
          "entry.seq: expected an unsigned integer, got a string" },
        { "98" S_FORMAT_HEX "a24445" "ff" S_ZERO_HEX "00" "02" "a178" "c0", 64,
          "entry.seq: expected an unsigned integer, got a negative integer" },
        { "98" S_FORMAT_HEX "a24445" "01" "c41f"
          "00000000000000000000000000000000000000000000000000000000000000" "00" "02" "a178" "c0",
          64, "entry.prev_hash: expected 32 bytes, got 31" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "ca00000000" "02" "a178" "c0", 64,
          "entry.timestamp_ms: expected an unsigned integer, got a float" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "cf0000000100000002" "a178" "c0", 64,
          "entry.op: 4294967298 exceeds the maximum 4294967295" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "c0" "c0", 64,
          "entry.authority_id: expected a string, got nil" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178" "90", 64,
          "entry.authority: a remove carries nil" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "01" "a178" "90", 64,
          "entry.authority: expected 8 items, got 0" },
        { "98" S_FORMAT_HEX "a24445" "01" S_ZERO_HEX "00" "02" "a178", 64, "truncated" },
        { "", 64, "empty message" },
    };
#undef S_FORMAT_HEX
#undef S_ZERO_HEX
    for (size_t index = 0; index < sizeof shapes / sizeof shapes [0]; index++) {
        uint8_t body [256], signature [IMI_SIGNATURE_BYTES] = { 0 };
        size_t body_size = strlen (shapes [index].body) / 2;
        assert (imi_hex_decode (body, body_size, shapes [index].body) == 0);
        imi_writer_t writer;
        imi_writer_init (&writer);
        imi_writer_array (&writer, 2);
        imi_writer_bin (&writer, body, body_size);
        imi_writer_bin (&writer, signature, shapes [index].signature_size);
        bytes = imi_writer_take (&writer, &size);
        imi_writer_cleanup (&writer);
        assert (bytes);
        int rc = imi_entry_decode (&view, bytes, size);
        if (shapes [index].reason == NULL)
            assert (rc == 0 && imi_entry_verify (&view, origin.public_key) == -1);
        else
        if (rc != -2 || !strstr (imi_error_last (), shapes [index].reason)) {
            fprintf (stderr, "shape %zu: expected '%s', got '%s'\n", index,
                     shapes [index].reason, imi_error_last ());
            assert (false);
        }
        free (bytes);
    }
    static const struct {
        const char *hex;
        const char *reason;
    } outer [] = {
        { "91c400", "entry: expected 2 items, got 1" },
        { "92a0c400", "entry.body: expected a bin, got a string" },
        { "92c40190c0", "entry.signature: expected a bin, got nil" },
        { "c0", "entry: expected an array, got nil" },
        { "", "empty message" },
    };
    for (size_t index = 0; index < sizeof outer / sizeof outer [0]; index++) {
        uint8_t data [16];
        size = strlen (outer [index].hex) / 2;
        assert (imi_hex_decode (data, size, outer [index].hex) == 0);
        assert (imi_entry_decode (&view, data, size) == -2);
        assert (strstr (imi_error_last (), outer [index].reason));
    }

    //  Size: an authority near the limit seals and decodes; one that would
    //  make the entry too large does not seal; one above the limit does not
    //  encode; an entry above the limit does not decode.
    imi_authority_t *large = s_test_authority ();
    s_test_grow (large, IMI_DIRECTORY_ENTRY_MAX_BYTES - 300);
    free (encoded);
    assert (imi_authority_encode (large, &encoded, &encoded_size) == 0);
    assert (encoded_size == IMI_DIRECTORY_ENTRY_MAX_BYTES - 300);
    assert (imi_entry_seal (&bytes, &size, "DE", 3, first_hash, 1, IMI_DIRECTORY_UPSERT,
                            large->id, encoded, encoded_size, origin.secret_key) == 0);
    assert (size <= IMI_DIRECTORY_ENTRY_MAX_BYTES);
    assert (imi_entry_decode (&view, bytes, size) == 0);
    assert (imi_entry_verify (&view, origin.public_key) == 0);
    assert (view.authority_size == encoded_size);
    assert (imi_authority_decode (back, view.authority, view.authority_size) == 0);
    assert (memcmp (back, large, sizeof *back) == 0);
    free (bytes);
    free (encoded);
    s_test_grow (large, IMI_DIRECTORY_ENTRY_MAX_BYTES - 10);
    assert (imi_authority_encode (large, &encoded, &encoded_size) == 0);
    assert (imi_entry_seal (&bytes, &size, "DE", 3, first_hash, 1, IMI_DIRECTORY_UPSERT,
                            large->id, encoded, encoded_size, origin.secret_key) == -2);
    assert (!bytes && size == 0);
    assert (strstr (imi_error_last (), "authority too large"));
    free (encoded);
    s_test_grow (large, IMI_DIRECTORY_ENTRY_MAX_BYTES + 1);
    assert (imi_authority_validate (large) == 0);
    assert (imi_authority_encode (large, &encoded, &encoded_size) == -2);
    assert (!encoded && strstr (imi_error_last (), "authority too large"));
    uint8_t *oversize = s_test_write (large, &size);
    assert (imi_authority_decode (back, oversize, size) == -2);
    assert (strstr (imi_error_last (), "exceeds the limit of 65536"));
    free (oversize);
    free (large);

    uint8_t *big_body = (uint8_t *) calloc (1, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    assert (big_body);
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_bin (&writer, big_body, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    imi_writer_bin (&writer, zero, 0);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    assert (imi_entry_decode (&view, bytes, size) == -2);
    assert (strstr (imi_error_last (), "exceeds the limit of 65536"));
    free (bytes);
    free (big_body);
    free (first);
    free (back);
    free (authority);
}

static int
s_test_decode_hex (const char *hex, int (*decode) (const uint8_t *data, size_t size))
{
    uint8_t data [512];
    size_t size = strlen (hex) / 2;
    assert (size <= sizeof data);
    assert (imi_hex_decode (data, size, hex) == 0);
    return decode (data, size);
}

static int
s_test_push_decode (const uint8_t *data, size_t size)
{
    imi_entry_list_t entries;
    return imi_dir_push_decode (&entries, data, size);
}

static int
s_test_entries_decode (const uint8_t *data, size_t size)
{
    imi_entry_list_t entries;
    bool more;
    return imi_dir_entries_decode (&entries, &more, data, size);
}

static int
s_test_frontier_decode (const uint8_t *data, size_t size)
{
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count;
    return imi_dir_frontier_decode (rows, &count, data, size);
}

//  Field by field: a row's padding is not part of it.
static void
s_test_same_rows (const imi_frontier_row_t *rows, const imi_frontier_row_t *expected,
                  size_t count)
{
    for (size_t index = 0; index < count; index++) {
        assert (strcmp (rows [index].origin, expected [index].origin) == 0);
        assert (rows [index].last_seq == expected [index].last_seq);
        assert (memcmp (rows [index].head_hash, expected [index].head_hash, IMI_HASH_BYTES) == 0);
    }
}

static void
s_test_lists (void)
{
    //  Entries are opaque here: any bytes travel as they are.
    static imi_entry_list_t list;
    static const char *samples [] = { "\x92\xc4\x01\x90", "x", "" };
    list.count = 3;
    for (size_t index = 0; index < list.count; index++) {
        list.data [index] = (const uint8_t *) samples [index];
        list.size [index] = strlen (samples [index]);
    }
    uint8_t *bytes;
    size_t size;
    imi_entry_list_t back;
    bool more = true;
    assert (imi_dir_push_encode (&list, &bytes, &size) == 0);
    assert (bytes [0] == 0x91 && bytes [1] == 0x93 && bytes [2] == 0xc4 && bytes [3] == 4);
    assert (imi_dir_push_decode (&back, bytes, size) == 0 && back.count == 3);
    for (size_t index = 0; index < back.count; index++) {
        assert (back.size [index] == list.size [index]);
        assert (memcmp (back.data [index], list.data [index], list.size [index]) == 0);
        assert (back.data [index] > bytes && back.data [index] <= bytes + size);
    }
    imi_codec_test_truncations (bytes, size, s_test_push_decode);
    assert (imi_dir_entries_decode (&back, &more, bytes, size) == -2);
    free (bytes);
    assert (imi_dir_entries_encode (&list, false, &bytes, &size) == 0);
    assert (imi_dir_entries_decode (&back, &more, bytes, size) == 0);
    assert (back.count == 3 && !more && bytes [size - 1] == 0xc2);
    imi_codec_test_truncations (bytes, size, s_test_entries_decode);
    assert (imi_dir_push_decode (&back, bytes, size) == -2);
    free (bytes);
    assert (imi_dir_entries_encode (&list, true, &bytes, &size) == 0);
    assert (imi_dir_entries_decode (&back, &more, bytes, size) == 0 && more);
    free (bytes);

    //  The batch limits, on both sides.
    static uint8_t entry [IMI_DIRECTORY_ENTRY_MAX_BYTES + 1];
    for (size_t index = 0; index < IMI_DIRECTORY_BATCH_MAX; index++) {
        list.data [index] = entry;
        list.size [index] = 1;
    }
    list.count = IMI_DIRECTORY_BATCH_MAX;
    assert (imi_dir_push_encode (&list, &bytes, &size) == 0);
    assert (imi_dir_push_decode (&back, bytes, size) == 0);
    assert (back.count == IMI_DIRECTORY_BATCH_MAX);
    free (bytes);
    list.count = 0;
    assert (imi_dir_push_encode (&list, &bytes, &size) == -1 && !bytes);
    assert (imi_dir_entries_encode (&list, false, &bytes, &size) == -1 && !bytes);
    list.count = IMI_DIRECTORY_BATCH_MAX + 1;
    assert (imi_dir_push_encode (&list, &bytes, &size) == -1);
    list.count = 1;
    list.size [0] = IMI_DIRECTORY_ENTRY_MAX_BYTES + 1;
    assert (imi_dir_push_encode (&list, &bytes, &size) == -1);
    //  Twenty entries of the largest size exceed a body: refused both ways.
    list.count = 20;
    for (size_t index = 0; index < list.count; index++)
        list.size [index] = IMI_DIRECTORY_ENTRY_MAX_BYTES;
    assert (imi_dir_push_encode (&list, &bytes, &size) == -1);
    assert (strstr (imi_error_last (), "exceeds"));
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_array (&writer, (uint32_t) list.count);
    for (size_t index = 0; index < list.count; index++)
        imi_writer_bin (&writer, entry, IMI_DIRECTORY_ENTRY_MAX_BYTES);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && imi_dir_push_decode (&back, bytes, size) == -2);
    assert (strstr (imi_error_last (), "exceeds the limit"));
    free (bytes);
    //  257 entries, and an entry above the entry limit, by hand.
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_array (&writer, IMI_DIRECTORY_BATCH_MAX + 1);
    for (size_t index = 0; index <= IMI_DIRECTORY_BATCH_MAX; index++)
        imi_writer_bin (&writer, entry, 1);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && imi_dir_push_decode (&back, bytes, size) == -2);
    assert (strstr (imi_error_last (), "dir_push.entries: 257 items, expected 1 to 256"));
    free (bytes);
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_array (&writer, 1);
    imi_writer_bin (&writer, entry, IMI_DIRECTORY_ENTRY_MAX_BYTES + 1);
    imi_writer_bool (&writer, false);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && imi_dir_entries_decode (&back, &more, bytes, size) == -2);
    assert (strstr (imi_error_last (), "dir_entries.entries[0]: 65537 bytes exceeds"));
    free (bytes);

    static const struct {
        const char *hex;
        int (*decode) (const uint8_t *data, size_t size);
        const char *reason;
    } cases [] = {
        { "9190", s_test_push_decode, "dir_push.entries: 0 items, expected 1 to 256" },
        { "90", s_test_push_decode, "dir_push: expected 1 items, got 0" },
        { "9191a0", s_test_push_decode, "dir_push.entries[0]: expected a bin, got a string" },
        { "9192c400c0", s_test_push_decode, "dir_push.entries[1]: expected a bin, got nil" },
        { "91c400", s_test_push_decode, "dir_push.entries: expected an array, got a bin" },
        { "9191c400", s_test_entries_decode, "dir_entries: expected 2 items, got 1" },
        { "9291c400c0", s_test_entries_decode, "dir_entries.more: expected a boolean, got nil" },
        { "929190c3", s_test_entries_decode, "dir_entries.entries[0]: expected a bin" },
        { "92" "90" "c3", s_test_entries_decode, "dir_entries.entries: 0 items" },
        { "c0", s_test_frontier_decode, "dir_frontier: expected an array, got nil" },
        { "9192a2444501", s_test_frontier_decode, "dir_frontier[0]: expected 3 items, got 2" },
        { "9193a2646501c420" "0000000000000000000000000000000000000000000000000000000000000000",
          s_test_frontier_decode, "dir_frontier[0].origin: not a state code" },
        { "9193a3444545" "01c420" "0000000000000000000000000000000000000000000000000000000000000000",
          s_test_frontier_decode, "dir_frontier[0].origin: 3 bytes exceeds the maximum 2" },
        { "9193a24445ff" "c420" "0000000000000000000000000000000000000000000000000000000000000000",
          s_test_frontier_decode, "dir_frontier[0].last_seq: expected an unsigned integer" },
        { "9193a2444501c41f" "00000000000000000000000000000000000000000000000000000000000000",
          s_test_frontier_decode, "dir_frontier[0].head_hash: expected 32 bytes, got 31" },
        { "9293a2444501c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "93a2444502c420" "0000000000000000000000000000000000000000000000000000000000000000",
          s_test_frontier_decode, "dir_frontier[1].origin: DE appears twice" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++)
        if (s_test_decode_hex (cases [index].hex, cases [index].decode) != -2
        ||  !strstr (imi_error_last (), cases [index].reason)) {
            fprintf (stderr, "list case %zu: expected '%s', got '%s'\n", index,
                     cases [index].reason, imi_error_last ());
            assert (false);
        }

    //  Frontiers: empty, two rows, the most rows, and what encode refuses.
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX + 1], rows_back [IMI_DIRECTORY_ORIGINS_MAX];
    memset (rows, 0, sizeof rows);
    size_t count = 99;
    assert (imi_dir_frontier_encode (rows, 0, &bytes, &size) == 0);
    assert (size == 1 && bytes [0] == 0x90);
    assert (imi_dir_frontier_decode (rows_back, &count, bytes, size) == 0 && count == 0);
    free (bytes);
    for (size_t index = 0; index <= IMI_DIRECTORY_ORIGINS_MAX; index++) {
        rows [index].origin [0] = (char) ('A' + index / 26);
        rows [index].origin [1] = (char) ('A' + index % 26);
        rows [index].last_seq = index * 1000003;
        imi_random (rows [index].head_hash, IMI_HASH_BYTES);
    }
    assert (imi_dir_frontier_encode (rows, 2, &bytes, &size) == 0);
    assert (imi_dir_frontier_decode (rows_back, &count, bytes, size) == 0 && count == 2);
    s_test_same_rows (rows_back, rows, 2);
    imi_codec_test_truncations (bytes, size, s_test_frontier_decode);
    free (bytes);
    assert (imi_dir_frontier_encode (rows, IMI_DIRECTORY_ORIGINS_MAX, &bytes, &size) == 0);
    assert (imi_dir_frontier_decode (rows_back, &count, bytes, size) == 0);
    assert (count == IMI_DIRECTORY_ORIGINS_MAX);
    s_test_same_rows (rows_back, rows, count);
    free (bytes);
    assert (imi_dir_frontier_encode (rows, IMI_DIRECTORY_ORIGINS_MAX + 1, &bytes, &size) == -1);
    imi_writer_init (&writer);
    imi_writer_array (&writer, IMI_DIRECTORY_ORIGINS_MAX + 1);
    for (size_t index = 0; index <= IMI_DIRECTORY_ORIGINS_MAX; index++) {
        imi_writer_array (&writer, 3);
        imi_writer_str (&writer, rows [index].origin);
        imi_writer_uint (&writer, rows [index].last_seq);
        imi_writer_bin (&writer, rows [index].head_hash, IMI_HASH_BYTES);
    }
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && imi_dir_frontier_decode (rows_back, &count, bytes, size) == -2);
    assert (count == 0 && strstr (imi_error_last (), "dir_frontier: 65 items, expected 0 to 64"));
    free (bytes);
    memcpy (rows [1].origin, rows [0].origin, sizeof rows [0].origin);
    assert (imi_dir_frontier_encode (rows, 2, &bytes, &size) == -1 && !bytes);
    assert (strstr (imi_error_last (), "dir_frontier[1].origin: AA appears twice"));
    strcpy (rows [1].origin, "ab");
    assert (imi_dir_frontier_encode (rows, 2, &bytes, &size) == -1);
    assert (strstr (imi_error_last (), "dir_frontier[1].origin: not a state code"));
}

//  Self test: authorities and their rules, entries (seal, decode, verify,
//  tampering, truncation, size limits), the replication bodies.
void
imi_body_directory_test (void)
{
    s_test_authority_round_trip ();
    s_test_rules ();
    s_test_entries ();
    s_test_lists ();
}

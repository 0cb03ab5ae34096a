/*  imi_lines: the lines of a control reply. */
#include "imi_lines.h"
#include "imi_error.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
imi_lines_add (zlist_t *lines, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *line = zsys_vprintf (format, args);
    va_end (args);
    zlist_append (lines, line);
    zstr_free (&line);
}

//  ms since 1970 in UTC, as format (strftime's) has it.
static void
s_time (int64_t ms, const char *format, char text [32])
{
    time_t seconds = (time_t) (ms / 1000);
    struct tm utc;
    gmtime_r (&seconds, &utc);
    strftime (text, 32, format, &utc);
}

void
imi_lines_time (int64_t ms, char text [32])
{
    s_time (ms, "%Y-%m-%d %H:%M:%S UTC", text);
}

void
imi_lines_time_data (int64_t ms, char text [32])
{
    s_time (ms, "%Y-%m-%dT%H:%M:%SZ", text);
}

//  ---------------------------------------------------------------------------
//  JSON, compact: jansson's dump writes through a callback per piece and
//  decodes every character of every string; this copies runs of plain
//  bytes and checks UTF-8 where a byte is not ASCII (as jansson does:
//  shortest form, no surrogates, up to U+10FFFF).

typedef struct {
    char *data;
    size_t size, capacity;
    bool failed;
} s_json_t;

//  Make room for size more bytes and the NUL. False if out of memory.
static bool
s_grow (s_json_t *out, size_t size)
{
    size_t capacity = out->capacity? out->capacity: 4096;
    while (capacity < out->size + size + 1)
        capacity *= 2;
    char *grown = out->failed? NULL: realloc (out->data, capacity);
    if (!grown) {
        out->failed = true;
        return false;
    }
    out->data = grown;
    out->capacity = capacity;
    return true;
}

static inline void
s_put (s_json_t *out, const char *bytes, size_t size)
{
    if (out->size + size + 1 > out->capacity && !s_grow (out, size))
        return;
    memcpy (out->data + out->size, bytes, size);
    out->size += size;
}

//  The length of the UTF-8 sequence at text (size bytes left) that
//  starts with a byte >= 0x80, or 0 if it is not a valid one.
static size_t
s_utf8_length (const unsigned char *text, size_t size)
{
    unsigned char first = text [0];
    size_t length = first >= 0xC2 && first <= 0xDF? 2
                  : first >= 0xE0 && first <= 0xEF? 3
                  : first >= 0xF0 && first <= 0xF4? 4: 0;
    if (!length || length > size)
        return 0;
    uint32_t point = first & (0x7F >> length);
    for (size_t index = 1; index < length; index++) {
        if ((text [index] & 0xC0) != 0x80)
            return 0;
        point = (point << 6) | (text [index] & 0x3F);
    }
    bool shortest = length == 2 || (length == 3 && point >= 0x800)
                 || (length == 4 && point >= 0x10000);
    if (!shortest || (point >= 0xD800 && point <= 0xDFFF) || point > 0x10FFFF)
        return 0;
    return length;
}

static void
s_string (s_json_t *out, const char *text, size_t size)
{
    const unsigned char *bytes = (const unsigned char *) text;
    s_put (out, "\"", 1);
    size_t start = 0, index = 0;
    while (index < size && !out->failed) {
        unsigned char byte = bytes [index];
        if (byte >= 0x20 && byte != '"' && byte != '\\' && byte < 0x80) {
            index++;
            continue;
        }
        s_put (out, text + start, index - start);
        if (byte >= 0x80) {
            size_t length = s_utf8_length (bytes + index, size - index);
            if (!length)
                out->failed = true;
            s_put (out, text + index, length);
            index += length;
        }
        else {
            char escape [8];
            const char *named = byte == '"'? "\\\"": byte == '\\'? "\\\\"
                              : byte == '\b'? "\\b": byte == '\f'? "\\f"
                              : byte == '\n'? "\\n": byte == '\r'? "\\r"
                              : byte == '\t'? "\\t": NULL;
            if (!named)
                snprintf (escape, sizeof escape, "\\u%04X", byte);
            s_put (out, named? named: escape, strlen (named? named: escape));
            index++;
        }
        start = index;
    }
    s_put (out, text + start, index - start);
    s_put (out, "\"", 1);
}

static void
s_value (s_json_t *out, const json_t *value)
{
    char number [32];
    switch (json_typeof (value)) {
        case JSON_OBJECT: {
            s_put (out, "{", 1);
            const char *key;
            size_t key_size;
            json_t *member;
            bool first = true;
            json_object_keylen_foreach ((json_t *) value, key, key_size, member) {
                if (!first)
                    s_put (out, ",", 1);
                first = false;
                s_string (out, key, key_size);
                s_put (out, ":", 1);
                s_value (out, member);
            }
            s_put (out, "}", 1);
            break;
        }
        case JSON_ARRAY:
            s_put (out, "[", 1);
            for (size_t index = 0; index < json_array_size (value); index++) {
                if (index)
                    s_put (out, ",", 1);
                s_value (out, json_array_get (value, index));
            }
            s_put (out, "]", 1);
            break;
        case JSON_STRING:
            s_string (out, json_string_value (value), json_string_length (value));
            break;
        case JSON_INTEGER:
            snprintf (number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
            s_put (out, number, strlen (number));
            break;
        case JSON_REAL: {
            //  Rare: jansson's own form, digit for digit
            char *real = json_dumps (value, JSON_ENCODE_ANY);
            if (!real)
                out->failed = true;
            else
                s_put (out, real, strlen (real));
            free (real);
            break;
        }
        case JSON_TRUE:
            s_put (out, "true", 4);
            break;
        case JSON_FALSE:
            s_put (out, "false", 5);
            break;
        case JSON_NULL:
            s_put (out, "null", 4);
            break;
    }
}

char *
imi_lines_json (const json_t *value)
{
    s_json_t out = { 0 };
    if (!json_is_object (value) && !json_is_array (value))
        return NULL;                //  as json_dumps without JSON_ENCODE_ANY
    s_value (&out, value);
    if (out.failed) {
        free (out.data);
        return NULL;
    }
    out.data [out.size] = 0;
    return out.data;
}

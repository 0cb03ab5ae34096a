/*  Fuzz target: signed notes, checkpoints, cosignature lines and vkeys
    (imi_note). Whatever decodes must encode back to exactly the input (the
    decoder takes canonical forms only) and verify without crashing against
    the keys of the seed corpus; each of its signature lines must add to a
    new note of the same text and be checked as a cosignature of it; a note
    text that parses as a checkpoint must format back to itself. The input
    taken as a vkey must be rejected or format back to itself. Must never
    crash or leak.
*/
#include "imi_note.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  The keys of the seed corpus (golang/mod, transparency-dev/witness); the
//  last one is a witness's (type 0x04).
static const char *s_vkeys [] = {
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
    "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT",
    "witness+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN",
};
#define S_KEY_COUNT     (sizeof s_vkeys / sizeof s_vkeys [0])
#define S_WITNESS       (S_KEY_COUNT - 1)

//  The input as a vkey: rejected, or formats back to itself (the key id
//  may have been written in upper case).
static void
s_vkey (const uint8_t *data, size_t size)
{
    if (size > IMI_NOTE_VKEY_MAX || memchr (data, 0, size))
        return;
    char text [IMI_NOTE_VKEY_MAX + 1], formatted [IMI_NOTE_VKEY_MAX + 1];
    memcpy (text, data, size);
    text [size] = 0;
    imi_note_key_t key;
    if (imi_note_vkey_parse (&key, text) != 0)
        return;
    imi_note_vkey_format (&key, formatted);
    if (strlen (formatted) != size || strcasecmp (formatted, text) != 0)
        abort ();
}

//  The note's text as a checkpoint: formats back to itself.
static void
s_checkpoint (const char *text, size_t size)
{
    imi_note_checkpoint_t checkpoint;
    if (imi_note_checkpoint_parse (&checkpoint, text, size) != 0)
        return;
    char *formatted;
    size_t formatted_size;
    if (imi_note_checkpoint_format (&checkpoint, &formatted, &formatted_size) != 0
    ||  formatted_size != size || memcmp (formatted, text, size) != 0)
        abort ();
    free (formatted);
}

//  Each signature line of the input (they follow the text and the blank
//  line) adds to a new note of the same text, and is checked as a
//  cosignature by the witness key: a line that verifies alone must verify
//  in the note too.
static void
s_lines (const char *data, size_t size, const char *text, size_t text_size,
         const imi_note_key_t *keys)
{
    imi_note_t *rebuilt = imi_note_new (text, text_size);
    if (!rebuilt)
        abort ();
    const char *line = data + text_size + 1;
    const char *end = data + size;
    while (line < end) {
        const char *newline = memchr (line, '\n', (size_t) (end - line));
        size_t line_size = (size_t) (newline - line) + 1;
        if (imi_note_add_signature (rebuilt, line, line_size) != 0)
            abort ();
        uint64_t timestamp;
        if (imi_note_cosignature_verify (line, line_size, text, text_size, &keys [S_WITNESS],
                                         &timestamp) == 0) {
            imi_note_t *single = imi_note_new (text, text_size);
            imi_note_verified_t verified;
            if (!single || imi_note_add_signature (single, line, line_size) != 0
            ||  imi_note_verify (single, &keys [S_WITNESS], 1, &verified) != 0
            ||  verified.timestamp != timestamp)
                abort ();
            imi_note_destroy (&single);
        }
        line = newline + 1;
    }
    imi_note_destroy (&rebuilt);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static imi_note_key_t keys [S_KEY_COUNT];
    static int ready = 0;
    if (!ready) {
        if (imi_crypto_init () != 0)
            abort ();
        for (size_t index = 0; index < S_KEY_COUNT; index++)
            if (imi_note_vkey_parse (&keys [index], s_vkeys [index]) != 0)
                abort ();
        ready = 1;
    }
    s_vkey (data, size);
    imi_note_t *note = imi_note_decode ((const char *) data, size);
    if (!note)
        return 0;
    char *encoded;
    size_t encoded_size;
    if (imi_note_encode (note, &encoded, &encoded_size) != 0
    ||  encoded_size != size || memcmp (encoded, data, size) != 0)
        abort ();
    free (encoded);
    imi_note_verified_t verified [S_KEY_COUNT];
    int verified_rc = imi_note_verify (note, keys, S_KEY_COUNT, verified);
    (void) verified_rc;
    size_t text_size;
    const char *text = imi_note_text (note, &text_size);
    s_checkpoint (text, text_size);
    s_lines ((const char *) data, size, text, text_size, keys);
    imi_note_destroy (&note);
    return 0;
}

/*  Fuzz target: the directory's decoders. The input is tried as an entry
    (decoded, then verified with the fixed sender key of fuzz_keys.h, which
    signed the corpus entries and tests/vectors/directory.txt), as an
    authority, and as each of the three replication bodies. Whatever decodes
    must hold together: an entry's authority decodes alone and names the
    entry's authority_id; a decoded authority, frontier or entry list
    encodes again and decodes to the same thing; every entry a list carries
    is tried as an entry too. Must never crash, leak or read out of bounds.
*/
#include "fuzz_keys.h"
#include "imi_body_directory.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static fuzz_keys_t s_keys;
static imi_authority_t *s_authority;        //  decoded from the input
static imi_authority_t *s_again;            //  decoded from its re-encoding

static void
s_entry (const uint8_t *data, size_t size)
{
    imi_entry_view_t view;
    if (imi_entry_decode (&view, data, size) != 0)
        return;
    if (view.body < data || view.body + view.body_size > data + size
    ||  view.signature < data || view.signature + IMI_SIGNATURE_BYTES > data + size)
        abort ();
    int verified = imi_entry_verify (&view, s_keys.sender_public);
    (void) verified;
    if (view.op == IMI_DIRECTORY_UPSERT) {
        if (!view.authority || view.authority < view.body
        ||  view.authority + view.authority_size > view.body + view.body_size)
            abort ();
        if (imi_authority_decode (s_authority, view.authority, view.authority_size) != 0
        ||  strcmp (s_authority->id, view.authority_id) != 0)
            abort ();
    }
    else
    if (view.op != IMI_DIRECTORY_REMOVE || view.authority || view.authority_size)
        abort ();
}

static void
s_authority_round_trip (const uint8_t *data, size_t size)
{
    if (imi_authority_decode (s_authority, data, size) != 0)
        return;
    uint8_t *bytes;
    size_t bytes_size;
    //  The shortest encoding is never longer than the input, so it fits.
    if (imi_authority_encode (s_authority, &bytes, &bytes_size) != 0
    ||  bytes_size > size
    ||  imi_authority_decode (s_again, bytes, bytes_size) != 0
    ||  memcmp (s_again, s_authority, sizeof *s_again) != 0)
        abort ();
    free (bytes);
}

//  The list must lie inside the input, encode again to a list with the
//  same entries, and each entry is tried as one.
static void
s_list_check (const imi_entry_list_t *list, const imi_entry_list_t *again,
              const uint8_t *data, size_t size)
{
    if (list->count < 1 || list->count > IMI_DIRECTORY_BATCH_MAX || again->count != list->count)
        abort ();
    for (size_t index = 0; index < list->count; index++) {
        if (list->data [index] < data || list->data [index] + list->size [index] > data + size
        ||  again->size [index] != list->size [index]
        ||  memcmp (again->data [index], list->data [index], list->size [index]) != 0)
            abort ();
        s_entry (list->data [index], list->size [index]);
    }
}

static void
s_lists (const uint8_t *data, size_t size)
{
    static imi_entry_list_t list, again;
    uint8_t *bytes;
    size_t bytes_size;
    if (imi_dir_push_decode (&list, data, size) == 0) {
        if (imi_dir_push_encode (&list, &bytes, &bytes_size) != 0
        ||  imi_dir_push_decode (&again, bytes, bytes_size) != 0)
            abort ();
        s_list_check (&list, &again, data, size);
        free (bytes);
    }
    bool more, more_again;
    if (imi_dir_entries_decode (&list, &more, data, size) == 0) {
        if (imi_dir_entries_encode (&list, more, &bytes, &bytes_size) != 0
        ||  imi_dir_entries_decode (&again, &more_again, bytes, bytes_size) != 0
        ||  more_again != more)
            abort ();
        s_list_check (&list, &again, data, size);
        free (bytes);
    }
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX], rows_again [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count, count_again;
    if (imi_dir_frontier_decode (rows, &count, data, size) == 0) {
        if (count > IMI_DIRECTORY_ORIGINS_MAX
        ||  imi_dir_frontier_encode (rows, count, &bytes, &bytes_size) != 0
        ||  imi_dir_frontier_decode (rows_again, &count_again, bytes, bytes_size) != 0
        ||  count_again != count)
            abort ();
        for (size_t index = 0; index < count; index++)
            if (strcmp (rows_again [index].origin, rows [index].origin) != 0
            ||  rows_again [index].last_seq != rows [index].last_seq
            ||  memcmp (rows_again [index].head_hash, rows [index].head_hash,
                        IMI_HASH_BYTES) != 0)
                abort ();
        free (bytes);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (!s_authority) {
        fuzz_keys_derive (&s_keys);
        s_authority = (imi_authority_t *) malloc (sizeof *s_authority);
        s_again = (imi_authority_t *) malloc (sizeof *s_again);
        if (!s_authority || !s_again)
            abort ();
    }
    s_entry (data, size);
    s_authority_round_trip (data, size);
    s_lists (data, size);
    return 0;
}

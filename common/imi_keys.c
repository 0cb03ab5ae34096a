/*  imi_keys: secret key files and a node's identity. See imi_keys.h for the
    file formats.

    Secrets travel only between a file descriptor and sodium_malloc'd memory:
    read(2) and write(2) straight from and into guarded pages, never through
    stdio buffers or the stack, so no copy outlives its sodium_free. Files are
    created with O_EXCL (a key is never silently replaced) and fsync'd before
    anyone is told they exist.

    Loading an identity checks everything an operator can get wrong after a
    copy or a restore: a missing file, a key file anyone else can read, a
    truncated key, an identity.pub from another node. Each check fails with a
    message that names the file and says what to do. An Ed25519 secret holds
    its public half in bytes 32..63; the seed in bytes 0..31 must regenerate
    that same public key, so a key damaged in either half is refused too.

    Invariants of imi_identity_t: secret is a read-only sodium_malloc block
    of 96 bytes whose keys match sign_public and curve_public.
*/
#include "imi_keys.h"
#include "imi_error.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_IDENTITY_SECRET_BYTES (IMI_SIGN_SECRET_BYTES + IMI_BOX_SECRET_BYTES)
#define S_SECRET_SUFFIX ".key"
#define S_PUBLIC_SUFFIX ".pub"

struct _imi_identity_t {
    char state [3];                                 //  e.g. "DE"
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES];    //  Ed25519 public key
    uint8_t curve_public [IMI_BOX_PUBLIC_BYTES];    //  X25519 public key
    uint8_t *secret;                                //  sodium_malloc: sign secret || curve secret
};

//  Join dir, name and suffix into path (PATH_MAX bytes). Returns 0 or -1.
static int
s_join_path (char *path, const char *dir, const char *name, const char *suffix)
{
    int size = snprintf (path, PATH_MAX, "%s/%s%s", dir, name, suffix);
    if (size < 0 || size >= PATH_MAX)
        return imi_error_set ("path %s/%s%s is too long", dir, name, suffix);
    return 0;
}

int
imi_state_code_valid (const char *state)
{
    return state
        && state [0] >= 'A' && state [0] <= 'Z'
        && state [1] >= 'A' && state [1] <= 'Z'
        && state [2] == 0;
}

static int
s_state_check (const char *state)
{
    if (!imi_state_code_valid (state))
        return imi_error_set ("state code '%s' must be two upper-case letters, e.g. DE", state);
    return 0;
}

//  mkdir -p with mode 0700 for every folder it creates.
static int
s_make_dir (const char *dir)
{
    char path [PATH_MAX];
    if (snprintf (path, sizeof path, "%s", dir) >= (int) sizeof path)
        return imi_error_set ("path %s is too long", dir);
    for (char *slash = strchr (path + 1, '/'); ; slash = strchr (slash + 1, '/')) {
        if (slash)
            *slash = 0;
        if (mkdir (path, 0700) == -1 && errno != EEXIST)
            return imi_error_set ("cannot create folder %s: %s", path, strerror (errno));
        if (!slash)
            break;
        *slash = '/';
        if (slash [1] == 0)
            break;
    }
    struct stat status;
    if (stat (dir, &status) == -1 || !S_ISDIR (status.st_mode))
        return imi_error_set ("%s is not a folder", dir);
    return 0;
}

//  Create path (O_EXCL unless replace) with mode, write data, fsync, close.
//  A file left half-written is removed.
static int
s_file_write (const char *path, const void *data, size_t size, mode_t mode, int replace)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace? O_TRUNC: O_EXCL);
    int fd = open (path, flags, mode);
    if (fd == -1) {
        if (errno == EEXIST)
            return imi_error_set ("%s already exists; refusing to overwrite it", path);
        return imi_error_set ("cannot create %s: %s", path, strerror (errno));
    }
    const uint8_t *next = data;
    size_t left = size;
    while (left > 0) {
        ssize_t written = write (fd, next, left);
        if (written == -1 && errno == EINTR)
            continue;
        if (written <= 0)
            break;
        next += written;
        left -= (size_t) written;
    }
    int rc = 0;
    if (left > 0 || fsync (fd) == -1)
        rc = imi_error_set ("cannot write %s: %s", path, strerror (errno));
    if (close (fd) == -1 && rc == 0)
        rc = imi_error_set ("cannot write %s: %s", path, strerror (errno));
    if (rc)
        unlink (path);
    return rc;
}

int
imi_secret_file_write (const char *path, const uint8_t *secret, size_t size)
{
    return s_file_write (path, secret, size, 0600, 0);
}

uint8_t *
imi_secret_file_read (const char *path, size_t size)
{
    //  Checks run on the open descriptor, so the file checked is the file read.
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        if (errno == ENOENT)
            imi_error_set ("%s does not exist", path);
        else
            imi_error_set ("cannot open %s: %s", path, strerror (errno));
        return NULL;
    }
    uint8_t *secret = NULL;
    struct stat status;
    if (fstat (fd, &status) == -1)
        imi_error_set ("cannot stat %s: %s", path, strerror (errno));
    else
    if (!S_ISREG (status.st_mode))
        imi_error_set ("%s is not a regular file", path);
    else
    if (status.st_mode & 077)
        imi_error_set ("%s is readable by group or others (mode %04o); run chmod 600 %s",
                       path, (unsigned) (status.st_mode & 07777), path);
    else
    if ((uintmax_t) status.st_size != size)
        imi_error_set ("%s is %jd bytes, expected %zu", path, (intmax_t) status.st_size, size);
    else
    if (!(secret = sodium_malloc (size)))
        imi_error_set ("out of secure memory reading %s", path);
    else {
        size_t got = 0;
        while (got < size) {
            ssize_t chunk = read (fd, secret + got, size - got);
            if (chunk == -1 && errno == EINTR)
                continue;
            if (chunk <= 0)
                break;
            got += (size_t) chunk;
        }
        if (got < size) {
            imi_error_set ("cannot read %s: %s", path,
                           got? "file shrank while reading": strerror (errno));
            sodium_free (secret);
            secret = NULL;
        }
    }
    close (fd);
    return secret;
}

void
imi_secret_free (uint8_t *secret)
{
    sodium_free (secret);
}

//  True if an Ed25519 secret key's seed regenerates the public key stored in
//  its second half; that public key is written to public_key.
static int
s_sign_secret_consistent (const uint8_t secret [IMI_SIGN_SECRET_BYTES],
                          uint8_t public_key [IMI_SIGN_PUBLIC_BYTES])
{
    uint8_t *derived = sodium_malloc (IMI_SIGN_SECRET_BYTES);
    if (!derived)
        return 0;
    uint8_t derived_public [IMI_SIGN_PUBLIC_BYTES];
    imi_sign_keypair_from_seed (derived_public, derived, secret);
    sodium_free (derived);
    crypto_sign_ed25519_sk_to_pk (public_key, secret);
    return imi_equal (derived_public, public_key, IMI_SIGN_PUBLIC_BYTES);
}

int
imi_identity_generate (const char *dir, const char *state)
{
    return imi_identity_generate_named (dir, IMI_IDENTITY_CURRENT, state);
}

int
imi_identity_generate_named (const char *dir, const char *name, const char *state)
{
    char secret_path [PATH_MAX], public_path [PATH_MAX];
    if (s_state_check (state)
    ||  s_join_path (secret_path, dir, name, S_SECRET_SUFFIX)
    ||  s_join_path (public_path, dir, name, S_PUBLIC_SUFFIX)
    ||  s_make_dir (dir))
        return -1;

    uint8_t *secret = sodium_malloc (S_IDENTITY_SECRET_BYTES);
    if (!secret)
        return imi_error_set ("out of secure memory");
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES], curve_public [IMI_BOX_PUBLIC_BYTES];
    imi_sign_keypair (sign_public, secret);
    imi_box_keypair (curve_public, secret + IMI_SIGN_SECRET_BYTES);
    int rc = imi_secret_file_write (secret_path, secret, S_IDENTITY_SECRET_BYTES);
    sodium_free (secret);
    if (rc)
        return -1;

    char sign_hex [2 * IMI_SIGN_PUBLIC_BYTES + 1], curve_hex [2 * IMI_BOX_PUBLIC_BYTES + 1];
    imi_hex_encode (sign_hex, sign_public, sizeof sign_public);
    imi_hex_encode (curve_hex, curve_public, sizeof curve_public);
    char text [256];
    int size = snprintf (text, sizeof text, "state %s\nsign_key %s\ncurve_key %s\n",
                         state, sign_hex, curve_hex);
    assert (size > 0 && (size_t) size < sizeof text);
    //  A stale identity.pub cannot belong to the key just made: replace it.
    //  Without its public half the new key is useless, so it goes too.
    if (s_file_write (public_path, text, (size_t) size, 0644, 1)) {
        unlink (secret_path);
        return -1;
    }
    return 0;
}

int
imi_identity_public_load (const char *path, imi_identity_public_t *public_part)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        if (errno == ENOENT)
            return imi_error_set ("%s does not exist", path);
        return imi_error_set ("cannot open %s: %s", path, strerror (errno));
    }
    //  Each field is required exactly once; seen[] holds the line that gave it.
    static const char *names [] = { "state", "sign_key", "curve_key" };
    int seen [3] = { 0, 0, 0 };
    char line [256];
    int line_number = 0;
    int rc = 0;
    while (rc == 0 && fgets (line, sizeof line, file)) {
        line_number++;
        size_t length = strlen (line);
        if (length && line [length - 1] == '\n')
            line [--length] = 0;
        else
        if (!feof (file)) {
            rc = imi_error_set ("%s:%d: line is too long", path, line_number);
            break;
        }
        if (length == 0)
            continue;
        char *value = strchr (line, ' ');
        if (!value) {
            rc = imi_error_set ("%s:%d: expected 'name value'", path, line_number);
            break;
        }
        *value++ = 0;
        size_t field = 0;
        while (field < 3 && strcmp (line, names [field]) != 0)
            field++;
        if (field == 3)
            rc = imi_error_set ("%s:%d: unknown field '%s'", path, line_number, line);
        else
        if (seen [field])
            rc = imi_error_set ("%s:%d: %s repeats line %d", path, line_number,
                                line, seen [field]);
        else {
            if (field == 0) {
                rc = s_state_check (value);
                if (rc == 0)
                    memcpy (public_part->state, value, sizeof public_part->state);
            }
            else
            if (field == 1)
                rc = imi_hex_decode (public_part->sign_key, IMI_SIGN_PUBLIC_BYTES, value);
            else
                rc = imi_hex_decode (public_part->curve_key, IMI_BOX_PUBLIC_BYTES, value);
            if (rc)
                imi_error_wrap ("%s:%d: %s", path, line_number, line);
            seen [field] = line_number;
        }
    }
    fclose (file);
    for (size_t field = 0; rc == 0 && field < 3; field++)
        if (!seen [field])
            rc = imi_error_set ("%s: %s is missing", path, names [field]);
    return rc;
}

//  fsync a folder, so that the renames and links in it are on disk.
static int
s_sync_dir (const char *dir)
{
    int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1 || fsync (fd) == -1) {
        int saved = errno;
        if (fd != -1)
            close (fd);
        return imi_error_set ("cannot sync folder %s: %s", dir, strerror (saved));
    }
    close (fd);
    return 0;
}

int
imi_identity_promote (const char *dir)
{
    char current [2][PATH_MAX], next [2][PATH_MAX], previous [2][PATH_MAX];
    const char *suffixes [2] = { S_SECRET_SUFFIX, S_PUBLIC_SUFFIX };
    for (int file = 0; file < 2; file++)
        if (s_join_path (current [file], dir, IMI_IDENTITY_CURRENT, suffixes [file])
        ||  s_join_path (next [file], dir, IMI_IDENTITY_NEXT, suffixes [file])
        ||  s_join_path (previous [file], dir, IMI_IDENTITY_PREVIOUS, suffixes [file]))
            return -1;
    //  Step 1, while identity.next.key exists: previous <- current (links,
    //  made again from scratch if a crash cut them), then the secret moves.
    //  Step 2, once only identity.next.pub is left: the public half moves.
    //  Between the two, identity.key and identity.pub disagree; load finishes.
    if (access (next [0], F_OK) == 0) {
        for (int file = 0; file < 2; file++) {
            if (unlink (previous [file]) == -1 && errno != ENOENT)
                return imi_error_set ("cannot remove %s: %s", previous [file], strerror (errno));
            if (link (current [file], previous [file]) == -1)
                return imi_error_set ("cannot keep %s as %s: %s", current [file],
                                      previous [file], strerror (errno));
        }
        if (s_sync_dir (dir))
            return -1;
        if (rename (next [0], current [0]) == -1)
            return imi_error_set ("cannot rename %s to %s: %s", next [0], current [0],
                                  strerror (errno));
    }
    if (access (next [1], F_OK) == 0
    &&  rename (next [1], current [1]) == -1)
        return imi_error_set ("cannot rename %s to %s: %s", next [1], current [1],
                              strerror (errno));
    return s_sync_dir (dir);
}

void
imi_identity_swap (imi_identity_t *self, imi_identity_t *other)
{
    assert (strcmp (self->state, other->state) == 0);
    imi_identity_t kept = *self;
    *self = *other;
    *other = kept;
}

imi_identity_t *
imi_identity_load (const char *dir)
{
    //  identity.next.pub without identity.next.key: a promotion was cut
    //  short between its two steps.
    char next_secret [PATH_MAX], next_public [PATH_MAX];
    if (s_join_path (next_secret, dir, IMI_IDENTITY_NEXT, S_SECRET_SUFFIX)
    ||  s_join_path (next_public, dir, IMI_IDENTITY_NEXT, S_PUBLIC_SUFFIX))
        return NULL;
    if (access (next_public, F_OK) == 0 && access (next_secret, F_OK) == -1
    &&  imi_identity_promote (dir))
        return NULL;
    return imi_identity_load_named (dir, IMI_IDENTITY_CURRENT);
}

imi_identity_t *
imi_identity_load_named (const char *dir, const char *name)
{
    char secret_path [PATH_MAX], public_path [PATH_MAX];
    if (s_join_path (secret_path, dir, name, S_SECRET_SUFFIX)
    ||  s_join_path (public_path, dir, name, S_PUBLIC_SUFFIX))
        return NULL;
    imi_identity_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    //  The secret first: a key file open to others is the problem to report.
    imi_identity_public_t public_part;
    self->secret = imi_secret_file_read (secret_path, S_IDENTITY_SECRET_BYTES);
    if (!self->secret
    ||  imi_identity_public_load (public_path, &public_part)) {
        imi_identity_destroy (&self);
        return NULL;
    }
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t curve_public [IMI_BOX_PUBLIC_BYTES];
    if (!s_sign_secret_consistent (self->secret, sign_public)) {
        imi_error_set ("%s is corrupt: its signing key does not match its seed", secret_path);
        imi_identity_destroy (&self);
        return NULL;
    }
    imi_box_public_from_secret (curve_public, self->secret + IMI_SIGN_SECRET_BYTES);
    if (!imi_equal (sign_public, public_part.sign_key, sizeof sign_public)
    ||  !imi_equal (curve_public, public_part.curve_key, sizeof curve_public)) {
        imi_error_set ("%s does not match %s", public_path, secret_path);
        imi_identity_destroy (&self);
        return NULL;
    }
    memcpy (self->state, public_part.state, sizeof self->state);
    memcpy (self->sign_public, sign_public, sizeof sign_public);
    memcpy (self->curve_public, curve_public, sizeof curve_public);
    //  Nothing writes to a loaded key: a stray write should fault, not corrupt it.
    sodium_mprotect_readonly (self->secret);
    return self;
}

void
imi_identity_destroy (imi_identity_t **self_p)
{
    assert (self_p);
    imi_identity_t *self = *self_p;
    if (self) {
        sodium_free (self->secret);
        free (self);
        *self_p = NULL;
    }
}

const char *
imi_identity_state (imi_identity_t *self)
{
    return self->state;
}

const uint8_t *
imi_identity_sign_public (imi_identity_t *self)
{
    return self->sign_public;
}

const uint8_t *
imi_identity_sign_secret (imi_identity_t *self)
{
    return self->secret;
}

const uint8_t *
imi_identity_curve_public (imi_identity_t *self)
{
    return self->curve_public;
}

const uint8_t *
imi_identity_curve_secret (imi_identity_t *self)
{
    return self->secret + IMI_SIGN_SECRET_BYTES;
}

int
imi_governance_key_generate (const char *path, uint8_t public_key [IMI_SIGN_PUBLIC_BYTES])
{
    uint8_t *secret = sodium_malloc (IMI_SIGN_SECRET_BYTES);
    if (!secret)
        return imi_error_set ("out of secure memory");
    imi_sign_keypair (public_key, secret);
    int rc = imi_secret_file_write (path, secret, IMI_SIGN_SECRET_BYTES);
    sodium_free (secret);
    return rc;
}

uint8_t *
imi_governance_key_load (const char *path)
{
    uint8_t *secret = imi_secret_file_read (path, IMI_SIGN_SECRET_BYTES);
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
    if (secret && !s_sign_secret_consistent (secret, public_key)) {
        imi_error_set ("%s is corrupt: its signing key does not match its seed", path);
        sodium_free (secret);
        secret = NULL;
    }
    return secret;
}

//  Test helper: write text to path with mode (replacing it).
static void
s_test_write (const char *path, const void *data, size_t size, mode_t mode)
{
    assert (s_file_write (path, data, size, mode, 1) == 0);
    assert (chmod (path, mode) == 0);
}

//  Test helper: the whole of path, NUL-terminated, into buffer; returns size.
static size_t
s_test_read (const char *path, void *buffer, size_t size)
{
    FILE *file = fopen (path, "rb");
    assert (file);
    size_t got = fread (buffer, 1, size - 1, file);
    ((char *) buffer) [got] = 0;
    fclose (file);
    return got;
}

//  Test helper: expect imi_identity_load (dir) to fail with text in the reason.
static void
s_test_load_fails (const char *dir, const char *text)
{
    imi_identity_t *identity = imi_identity_load (dir);
    assert (identity == NULL);
    if (!strstr (imi_error_last (), text)) {
        fprintf (stderr, "expected '%s' in '%s'\n", text, imi_error_last ());
        assert (0);
    }
}

//  Test helper: expect imi_identity_public_load to reject text with reason.
static void
s_test_public_fails (const char *path, const char *text, const char *reason)
{
    s_test_write (path, text, strlen (text), 0644);
    imi_identity_public_t public_part;
    assert (imi_identity_public_load (path, &public_part) == -1);
    if (!strstr (imi_error_last (), reason)) {
        fprintf (stderr, "expected '%s' in '%s'\n", reason, imi_error_last ());
        assert (0);
    }
}

void
imi_keys_test (void)
{
    assert (imi_crypto_init () == 0);
    char root [] = "/tmp/imi_keys_test.XXXXXX";
    assert (mkdtemp (root));
    char dir [PATH_MAX], other [PATH_MAX], nested [PATH_MAX];
    char key_path [PATH_MAX], pub_path [PATH_MAX];
    char other_key [PATH_MAX], other_pub [PATH_MAX];
    snprintf (dir, sizeof dir, "%s/de/node", root);
    snprintf (nested, sizeof nested, "%s/de", root);
    snprintf (other, sizeof other, "%s/fr", root);
    assert (s_join_path (key_path, dir, IMI_IDENTITY_CURRENT, S_SECRET_SUFFIX) == 0);
    assert (s_join_path (pub_path, dir, IMI_IDENTITY_CURRENT, S_PUBLIC_SUFFIX) == 0);
    assert (s_join_path (other_key, other, IMI_IDENTITY_CURRENT, S_SECRET_SUFFIX) == 0);
    assert (s_join_path (other_pub, other, IMI_IDENTITY_CURRENT, S_PUBLIC_SUFFIX) == 0);

    //  Bad state codes are refused before anything is created.
    assert (imi_identity_generate (dir, "de") == -1);
    assert (strstr (imi_error_last (), "'de'"));
    assert (imi_identity_generate (dir, "DEU") == -1);
    assert (imi_identity_generate (dir, "D1") == -1);
    assert (imi_identity_generate (dir, "") == -1);
    struct stat status;
    assert (stat (nested, &status) == -1);

    //  Generate: folders 0700, secret 0600 and 96 bytes, public text as documented.
    assert (imi_identity_generate (dir, "DE") == 0);
    assert (stat (nested, &status) == 0 && (status.st_mode & 0777) == 0700);
    assert (stat (dir, &status) == 0 && (status.st_mode & 0777) == 0700);
    assert (stat (key_path, &status) == 0 && (status.st_mode & 0777) == 0600);
    assert (status.st_size == S_IDENTITY_SECRET_BYTES);
    char text [512];
    assert (s_test_read (pub_path, text, sizeof text) == 6 + 3 + 9 + 64 + 1 + 10 + 64 + 1);
    assert (strncmp (text, "state DE\nsign_key ", 18) == 0);
    assert (strncmp (text + 18 + 64, "\ncurve_key ", 11) == 0);
    assert (text [18 + 64 + 11 + 64] == '\n');

    //  Generating again never replaces the key.
    uint8_t key_before [S_IDENTITY_SECRET_BYTES + 1];
    s_test_read (key_path, key_before, sizeof key_before);
    assert (imi_identity_generate (dir, "DE") == -1);
    assert (strstr (imi_error_last (), "already exists"));
    uint8_t key_after [S_IDENTITY_SECRET_BYTES + 1];
    s_test_read (key_path, key_after, sizeof key_after);
    assert (memcmp (key_before, key_after, S_IDENTITY_SECRET_BYTES) == 0);

    //  Load: the keys work together, and match identity.pub.
    imi_identity_t *identity = imi_identity_load (dir);
    assert (identity);
    assert (strcmp (imi_identity_state (identity), "DE") == 0);
    imi_identity_public_t public_part;
    assert (imi_identity_public_load (pub_path, &public_part) == 0);
    assert (strcmp (public_part.state, "DE") == 0);
    assert (memcmp (public_part.sign_key, imi_identity_sign_public (identity), 32) == 0);
    assert (memcmp (public_part.curve_key, imi_identity_curve_public (identity), 32) == 0);
    uint8_t signature [IMI_SIGNATURE_BYTES];
    assert (imi_sign (signature, "imi.test", (const uint8_t *) "x", 1,
                      imi_identity_sign_secret (identity)) == 0);
    assert (imi_verify (signature, "imi.test", (const uint8_t *) "x", 1,
                        public_part.sign_key) == 0);

    //  A second identity; the two can agree on a shared key.
    assert (imi_identity_generate (other, "FR") == 0);
    imi_identity_t *peer = imi_identity_load (other);
    assert (peer);
    uint8_t shared_one [IMI_BOX_SHARED_BYTES], shared_two [IMI_BOX_SHARED_BYTES];
    assert (imi_box_shared_key (shared_one, imi_identity_curve_public (peer),
                                imi_identity_curve_secret (identity)) == 0);
    assert (imi_box_shared_key (shared_two, imi_identity_curve_public (identity),
                                imi_identity_curve_secret (peer)) == 0);
    assert (memcmp (shared_one, shared_two, sizeof shared_one) == 0);
    imi_identity_destroy (&peer);
    imi_identity_destroy (&identity);
    imi_identity_destroy (&identity);
    assert (identity == NULL);

    //  A key file others can read is refused, with the fix in the message.
    assert (chmod (key_path, 0644) == 0);
    s_test_load_fails (dir, "is readable by group or others (mode 0644); run chmod 600");
    assert (strstr (imi_error_last (), key_path));
    assert (chmod (key_path, 0640) == 0);
    s_test_load_fails (dir, "(mode 0640)");
    assert (chmod (key_path, 0600) == 0);

    //  A truncated or over-long key file is refused.
    uint8_t *saved = imi_secret_file_read (key_path, S_IDENTITY_SECRET_BYTES);
    assert (saved);
    assert (unlink (key_path) == 0);
    s_test_load_fails (dir, "does not exist");
    assert (strstr (imi_error_last (), key_path));
    s_test_write (key_path, saved, S_IDENTITY_SECRET_BYTES - 1, 0600);
    s_test_load_fails (dir, "is 95 bytes, expected 96");
    uint8_t longer [S_IDENTITY_SECRET_BYTES + 1] = { 0 };
    memcpy (longer, saved, S_IDENTITY_SECRET_BYTES);
    s_test_write (key_path, longer, sizeof longer, 0600);
    s_test_load_fails (dir, "is 97 bytes, expected 96");

    //  A key damaged in its seed, or in its X25519 half, is caught.
    memcpy (longer, saved, S_IDENTITY_SECRET_BYTES);
    longer [3] ^= 1;
    s_test_write (key_path, longer, S_IDENTITY_SECRET_BYTES, 0600);
    s_test_load_fails (dir, "is corrupt");
    memcpy (longer, saved, S_IDENTITY_SECRET_BYTES);
    longer [IMI_SIGN_SECRET_BYTES + 5] ^= 1;
    s_test_write (key_path, longer, S_IDENTITY_SECRET_BYTES, 0600);
    s_test_load_fails (dir, "does not match");
    s_test_write (key_path, saved, S_IDENTITY_SECRET_BYTES, 0600);

    //  The key file must be a regular file.
    assert (unlink (key_path) == 0);
    assert (mkdir (key_path, 0700) == 0);
    s_test_load_fails (dir, "is not a regular file");
    assert (rmdir (key_path) == 0);
    s_test_write (key_path, saved, S_IDENTITY_SECRET_BYTES, 0600);
    imi_secret_free (saved);

    //  Another node's identity.pub next to our key is refused.
    size_t pub_size = s_test_read (pub_path, text, sizeof text);
    char other_text [512];
    size_t other_size = s_test_read (other_pub, other_text, sizeof other_text);
    s_test_write (pub_path, other_text, other_size, 0644);
    s_test_load_fails (dir, "identity.pub does not match");
    s_test_write (pub_path, text, pub_size, 0644);
    identity = imi_identity_load (dir);
    assert (identity);
    imi_identity_destroy (&identity);
    uint8_t *saved_key = imi_secret_file_read (key_path, S_IDENTITY_SECRET_BYTES);
    assert (saved_key);

    //  Rotation: next keys made ahead, promoted; the old ones kept as
    //  previous; a crash between the two renames is finished by the load.
    identity = imi_identity_load (dir);
    assert (identity);
    assert (imi_identity_generate_named (dir, IMI_IDENTITY_NEXT, "DE") == 0);
    assert (imi_identity_generate_named (dir, IMI_IDENTITY_NEXT, "DE") == -1);
    imi_identity_t *next = imi_identity_load_named (dir, IMI_IDENTITY_NEXT);
    assert (next);
    uint8_t old_sign [IMI_SIGN_PUBLIC_BYTES], new_sign [IMI_SIGN_PUBLIC_BYTES];
    memcpy (old_sign, imi_identity_sign_public (identity), sizeof old_sign);
    memcpy (new_sign, imi_identity_sign_public (next), sizeof new_sign);
    assert (memcmp (old_sign, new_sign, sizeof old_sign) != 0);
    imi_identity_swap (identity, next);
    assert (memcmp (imi_identity_sign_public (identity), new_sign, 32) == 0);
    assert (memcmp (imi_identity_sign_public (next), old_sign, 32) == 0);
    imi_identity_destroy (&next);
    imi_identity_destroy (&identity);
    char next_key [PATH_MAX], next_pub [PATH_MAX];
    assert (s_join_path (next_key, dir, IMI_IDENTITY_NEXT, S_SECRET_SUFFIX) == 0);
    assert (s_join_path (next_pub, dir, IMI_IDENTITY_NEXT, S_PUBLIC_SUFFIX) == 0);
    //  The crash: the secret has moved, the public half not yet.
    uint8_t *next_secret = imi_secret_file_read (next_key, S_IDENTITY_SECRET_BYTES);
    assert (next_secret);
    assert (unlink (key_path) == 0);
    assert (rename (next_key, key_path) == 0);
    identity = imi_identity_load (dir);
    assert (identity);
    assert (memcmp (imi_identity_sign_public (identity), new_sign, 32) == 0);
    assert (access (next_pub, F_OK) == -1);
    imi_identity_destroy (&identity);
    //  Put the old pair back and promote in one go.
    assert (rename (key_path, next_key) == 0);
    assert (rename (pub_path, next_pub) == 0);
    s_test_write (key_path, saved_key, S_IDENTITY_SECRET_BYTES, 0600);
    s_test_write (pub_path, text, pub_size, 0644);
    imi_secret_free (next_secret);
    assert (imi_identity_promote (dir) == 0);
    assert (imi_identity_promote (dir) == 0);
    identity = imi_identity_load (dir);
    imi_identity_t *previous = imi_identity_load_named (dir, IMI_IDENTITY_PREVIOUS);
    assert (identity && previous);
    assert (memcmp (imi_identity_sign_public (identity), new_sign, 32) == 0);
    assert (memcmp (imi_identity_sign_public (previous), old_sign, 32) == 0);
    assert (access (next_key, F_OK) == -1 && access (next_pub, F_OK) == -1);
    imi_identity_destroy (&identity);
    imi_identity_destroy (&previous);
    char previous_path [PATH_MAX];
    assert (s_join_path (previous_path, dir, IMI_IDENTITY_PREVIOUS, S_SECRET_SUFFIX) == 0);
    assert (unlink (previous_path) == 0);
    assert (s_join_path (previous_path, dir, IMI_IDENTITY_PREVIOUS, S_PUBLIC_SUFFIX) == 0);
    assert (unlink (previous_path) == 0);
    //  Back to the pair the rest of the test knows.
    s_test_write (key_path, saved_key, S_IDENTITY_SECRET_BYTES, 0600);
    s_test_write (pub_path, text, pub_size, 0644);
    imi_secret_free (saved_key);

    //  Malformed identity.pub files name the line at fault.
    char bad_path [PATH_MAX];
    assert (s_join_path (bad_path, root, "bad", S_PUBLIC_SUFFIX) == 0);
    char hex [65];
    memcpy (hex, text + 18, 64);
    hex [64] = 0;
    char bad [512];
    snprintf (bad, sizeof bad, "state de\nsign_key %s\ncurve_key %s\n", hex, hex);
    s_test_public_fails (bad_path, bad, ":1: state: state code 'de'");
    snprintf (bad, sizeof bad, "state DE\nsign_key %.63s\ncurve_key %s\n", hex, hex);
    s_test_public_fails (bad_path, bad, ":2: sign_key: expected 64 hex digits");
    snprintf (bad, sizeof bad, "state DE\nsign_key %s\ncolour blue\n", hex);
    s_test_public_fails (bad_path, bad, ":3: unknown field 'colour'");
    snprintf (bad, sizeof bad, "state DE\nsign_key %s\nsign_key %s\n", hex, hex);
    s_test_public_fails (bad_path, bad, ":3: sign_key repeats line 2");
    snprintf (bad, sizeof bad, "state DE\nsign_key %s\n", hex);
    s_test_public_fails (bad_path, bad, ": curve_key is missing");
    s_test_public_fails (bad_path, "state\n", ":1: expected 'name value'");
    memset (bad, 'a', sizeof bad - 1);
    bad [sizeof bad - 1] = 0;
    s_test_public_fails (bad_path, bad, ":1: line is too long");
    //  The last newline is optional, blank lines are allowed.
    snprintf (bad, sizeof bad, "state EL\n\nsign_key %s\ncurve_key %s", hex, hex);
    s_test_write (bad_path, bad, strlen (bad), 0644);
    assert (imi_identity_public_load (bad_path, &public_part) == 0);
    assert (strcmp (public_part.state, "EL") == 0);
    assert (unlink (bad_path) == 0);

    //  Governance key: made once, loads back, refused when too open or damaged.
    char governance_path [PATH_MAX];
    assert (s_join_path (governance_path, root, "governance", S_SECRET_SUFFIX) == 0);
    uint8_t governance_public [IMI_SIGN_PUBLIC_BYTES];
    assert (imi_governance_key_generate (governance_path, governance_public) == 0);
    assert (stat (governance_path, &status) == 0 && (status.st_mode & 0777) == 0600);
    assert (status.st_size == IMI_SIGN_SECRET_BYTES);
    uint8_t unused [IMI_SIGN_PUBLIC_BYTES];
    assert (imi_governance_key_generate (governance_path, unused) == -1);
    uint8_t *governance = imi_governance_key_load (governance_path);
    assert (governance);
    assert (memcmp (governance + 32, governance_public, 32) == 0);
    assert (imi_sign (signature, "imi.test", (const uint8_t *) "x", 1, governance) == 0);
    assert (imi_verify (signature, "imi.test", (const uint8_t *) "x", 1,
                        governance_public) == 0);
    governance [0] ^= 1;
    s_test_write (governance_path, governance, IMI_SIGN_SECRET_BYTES, 0600);
    imi_secret_free (governance);
    assert (imi_governance_key_load (governance_path) == NULL);
    assert (strstr (imi_error_last (), "is corrupt"));
    assert (chmod (governance_path, 0604) == 0);
    assert (imi_governance_key_load (governance_path) == NULL);
    assert (strstr (imi_error_last (), "(mode 0604)"));
    assert (imi_secret_file_read (governance_path, 32) == NULL);
    imi_secret_free (NULL);

    assert (unlink (governance_path) == 0);
    assert (unlink (key_path) == 0 && unlink (pub_path) == 0 && rmdir (dir) == 0);
    assert (rmdir (nested) == 0);
    assert (unlink (other_key) == 0 && unlink (other_pub) == 0 && rmdir (other) == 0);
    assert (rmdir (root) == 0);
}

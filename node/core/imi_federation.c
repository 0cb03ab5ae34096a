/*  imi_federation: holding, checking and replacing the federation manifest.
    See imi_federation.h for the rules.
*/
#include "imi_federation.h"
#include "imi_error.h"
#include "imi_log.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _imi_federation_t {
    const imi_settings_t *settings;         //  governance keys, paths (not owned)
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES];    //  this node's keys, which
    uint8_t curve_public [IMI_BOX_PUBLIC_BYTES];    //  every manifest must list ...
    bool has_next;                                  //  ... or its next ones
    uint8_t next_sign_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t next_curve_public [IMI_BOX_PUBLIC_BYTES];
    imi_manifest_t *manifest;               //  held manifest
    uint8_t *bytes;                         //  its encoding, as signed
    size_t size;
    char stored_path [IMI_PATH_MAX + 16];   //  <data_dir>/manifest.imi
};

int
imi_file_read (const char *path, size_t max_size, uint8_t **data, size_t *size)
{
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return imi_error_set ("cannot open %s: %s", path, strerror (errno));
    struct stat status;
    if (fstat (fd, &status) || !S_ISREG (status.st_mode)) {
        close (fd);
        return imi_error_set ("%s is not a regular file", path);
    }
    if ((size_t) status.st_size > max_size) {
        close (fd);
        return imi_error_set ("%s is %lld bytes, more than the %zu allowed",
                              path, (long long) status.st_size, max_size);
    }
    *size = (size_t) status.st_size;
    *data = malloc (*size? *size: 1);
    size_t done = 0;
    while (*data && done < *size) {
        ssize_t got = read (fd, *data + done, *size - done);
        if (got <= 0)
            break;
        done += (size_t) got;
    }
    close (fd);
    if (!*data || done != *size) {
        free (*data);
        *data = NULL;
        return imi_error_set ("cannot read %s", path);
    }
    return 0;
}

int
imi_file_write_atomic (const char *path, const uint8_t *data, size_t size, int mode)
{
    char temporary [IMI_PATH_MAX + 32];
    snprintf (temporary, sizeof temporary, "%s.tmp", path);
    int fd = open (temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return imi_error_set ("cannot create %s: %s", temporary, strerror (errno));
    size_t done = 0;
    while (done < size) {
        ssize_t wrote = write (fd, data + done, size - done);
        if (wrote <= 0)
            break;
        done += (size_t) wrote;
    }
    int rc = (done == size && fsync (fd) == 0)? 0: -1;
    close (fd);
    if (rc == 0)
        rc = rename (temporary, path);
    if (rc != 0) {
        int saved = errno;
        unlink (temporary);
        return imi_error_set ("cannot write %s: %s", path, strerror (saved));
    }
    char folder_copy [IMI_PATH_MAX + 32];
    snprintf (folder_copy, sizeof folder_copy, "%s", path);
    int folder = open (dirname (folder_copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        fsync (folder);
        close (folder);
    }
    return 0;
}

//  Verify manifest with the governance keys and threshold that manifest
//  names for its successors, if trust is one that names any; else with the
//  config's. 0 or -1.
static int
s_verify_under (imi_federation_t *self, imi_manifest_t *manifest, imi_manifest_t *trust)
{
    const uint8_t *keys;
    size_t threshold;
    size_t count = trust? imi_manifest_governance (trust, &keys, &threshold): 0;
    if (count)
        return imi_manifest_verify (manifest, keys, count, threshold);
    const imi_settings_t *settings = self->settings;
    return imi_manifest_verify (manifest, &settings->governance_keys [0][0],
                                settings->governance_key_count,
                                (size_t) settings->governance_threshold);
}

//  Decode and verify bytes: offered (stored false), with the governance of
//  the held manifest; the stored one, accepted before, with the config's
//  governance or else the one it names itself (the node took it under its
//  predecessor, which the node no longer holds). Checks that this node is
//  in it with its keys.
static imi_manifest_t *
s_check (imi_federation_t *self, const uint8_t *data, size_t size, bool stored)
{
    imi_manifest_t *manifest = imi_manifest_decode (data, size);
    if (!manifest)
        return NULL;
    if (stored? s_verify_under (self, manifest, NULL) && s_verify_under (self, manifest, manifest)
              : s_verify_under (self, manifest, self->manifest)) {
        imi_manifest_destroy (&manifest);
        return NULL;
    }
    const imi_settings_t *settings = self->settings;
    const imi_manifest_node_t *own = imi_manifest_find (manifest, settings->state);
    if (!own) {
        imi_error_set ("manifest version %llu does not list this node's state %s",
                       (unsigned long long) imi_manifest_version (manifest), settings->state);
        imi_manifest_destroy (&manifest);
        return NULL;
    }
    bool current = imi_equal (own->sign_key, self->sign_public, IMI_SIGN_PUBLIC_BYTES)
                && imi_equal (own->curve_key, self->curve_public, IMI_BOX_PUBLIC_BYTES);
    bool next = self->has_next
             && imi_equal (own->sign_key, self->next_sign_public, IMI_SIGN_PUBLIC_BYTES)
             && imi_equal (own->curve_key, self->next_curve_public, IMI_BOX_PUBLIC_BYTES);
    if (!current && !next) {
        imi_error_set ("manifest version %llu lists other keys for %s than this node's identity",
                       (unsigned long long) imi_manifest_version (manifest), settings->state);
        imi_manifest_destroy (&manifest);
        return NULL;
    }
    return manifest;
}

//  Take manifest and its bytes as the held ones (ownership moves here).
static void
s_hold (imi_federation_t *self, imi_manifest_t *manifest, uint8_t *bytes, size_t size)
{
    imi_manifest_destroy (&self->manifest);
    free (self->bytes);
    self->manifest = manifest;
    self->bytes = bytes;
    self->size = size;
}

int
imi_federation_offer (imi_federation_t *self, const uint8_t *data, size_t size)
{
    imi_manifest_t *manifest = s_check (self, data, size, false);
    if (!manifest)
        return -1;
    if (self->manifest) {
        uint64_t held = imi_manifest_version (self->manifest);
        uint64_t offered = imi_manifest_version (manifest);
        int same = size == self->size && memcmp (data, self->bytes, size) == 0;
        imi_manifest_destroy (&manifest);
        if (same)
            return 0;
        if (offered == held)
            return imi_error_set ("manifest version %llu conflicts with the held one of the "
                                  "same version", (unsigned long long) offered);
        if (offered < held)
            return imi_error_set ("manifest version %llu is older than the held version %llu",
                                  (unsigned long long) offered, (unsigned long long) held);
        manifest = s_check (self, data, size, false);
        if (!manifest)
            return -1;
    }
    uint8_t *copy = malloc (size);
    if (!copy) {
        imi_manifest_destroy (&manifest);
        return imi_error_set ("out of memory");
    }
    memcpy (copy, data, size);
    if (imi_file_write_atomic (self->stored_path, copy, size, 0600)) {
        imi_manifest_destroy (&manifest);
        free (copy);
        return -1;
    }
    s_hold (self, manifest, copy, size);
    return 1;
}

void
imi_federation_set_keys (imi_federation_t *self,
                         const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES],
                         const uint8_t curve_public [IMI_BOX_PUBLIC_BYTES],
                         const uint8_t *next_sign_public, const uint8_t *next_curve_public)
{
    memcpy (self->sign_public, sign_public, IMI_SIGN_PUBLIC_BYTES);
    memcpy (self->curve_public, curve_public, IMI_BOX_PUBLIC_BYTES);
    self->has_next = next_sign_public && next_curve_public;
    if (self->has_next) {
        memcpy (self->next_sign_public, next_sign_public, IMI_SIGN_PUBLIC_BYTES);
        memcpy (self->next_curve_public, next_curve_public, IMI_BOX_PUBLIC_BYTES);
    }
}

imi_federation_t *
imi_federation_new (const imi_settings_t *settings,
                    const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES],
                    const uint8_t curve_public [IMI_BOX_PUBLIC_BYTES],
                    const uint8_t *next_sign_public, const uint8_t *next_curve_public)
{
    imi_federation_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->settings = settings;
    imi_federation_set_keys (self, sign_public, curve_public, next_sign_public,
                             next_curve_public);
    snprintf (self->stored_path, sizeof self->stored_path, "%s/manifest.imi", settings->data_dir);

    //  The stored manifest is what this node accepted before; it is checked
    //  again (keys in the config may have changed) and taken without the
    //  "newer" rule. The bootstrap file is then an ordinary offer.
    uint8_t *data = NULL;
    size_t size = 0;
    if (access (self->stored_path, F_OK) == 0) {
        if (imi_file_read (self->stored_path, IMI_MANIFEST_MAX_BYTES, &data, &size) == 0) {
            imi_manifest_t *manifest = s_check (self, data, size, true);
            if (manifest)
                s_hold (self, manifest, data, size);
            else {
                imi_log (IMI_LOG_WARN, "manifest.refused", "file=%s reason=\"%s\"",
                         self->stored_path, imi_error_last ());
                free (data);
            }
        }
        else
            imi_log (IMI_LOG_WARN, "manifest.refused", "file=%s reason=\"%s\"",
                     self->stored_path, imi_error_last ());
    }
    if (*settings->manifest) {
        if (imi_file_read (settings->manifest, IMI_MANIFEST_MAX_BYTES, &data, &size) == 0) {
            int rc = imi_federation_offer (self, data, size);
            if (rc < 0)
                imi_log (IMI_LOG_WARN, "manifest.refused", "file=%s reason=\"%s\"",
                         settings->manifest, imi_error_last ());
            free (data);
        }
        else
            imi_log (IMI_LOG_WARN, "manifest.refused", "file=%s reason=\"%s\"",
                     settings->manifest, imi_error_last ());
    }
    if (!self->manifest) {
        imi_federation_destroy (&self);
        imi_error_set ("no valid federation manifest (looked at %s%s%s); see the log for why",
                       *settings->manifest? settings->manifest: "",
                       *settings->manifest? " and ": "", "<data_dir>/manifest.imi");
        return NULL;
    }
    return self;
}

void
imi_federation_destroy (imi_federation_t **self_p)
{
    if (*self_p) {
        imi_federation_t *self = *self_p;
        imi_manifest_destroy (&self->manifest);
        free (self->bytes);
        free (self);
        *self_p = NULL;
    }
}

imi_manifest_t *
imi_federation_manifest (imi_federation_t *self)
{
    return self->manifest;
}

const uint8_t *
imi_federation_bytes (imi_federation_t *self, size_t *size)
{
    *size = self->size;
    return self->bytes;
}

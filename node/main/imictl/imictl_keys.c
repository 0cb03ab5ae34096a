/*  imictl_keys: init and keys-next, this node's keys.

    Offline (or beside a running node: it only writes files): it writes the
    identity files into the node's data directory (from -c CONFIG, or --dir
    and --state) and prints the public part that the federation's governance
    puts in the manifest. keys-next makes the pair a rotation switches to
    (docs/operating.md, "Rotating keys").
*/
#include "imictl_internal.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_settings.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

//  Make the key pair name for the node of -c CONFIG (or --dir, --state) and
//  print its public part; what says what it is for. 0 or 1.
static int
s_generate (imictl_options_t *options, const char *name, const char *usage, const char *what)
{
    char dir [IMI_PATH_MAX], state [3];
    if (options->config) {
        imi_settings_t settings;
        if (imi_settings_load (&settings, options->config))
            return imictl_fail ("%s", imi_error_last ());
        snprintf (dir, sizeof dir, "%s", settings.data_dir);
        memcpy (state, settings.state, 3);
    }
    else
    if (options->dir && options->state) {
        snprintf (dir, sizeof dir, "%s", options->dir);
        snprintf (state, sizeof state, "%s", options->state);
    }
    else
        return imictl_fail ("%s", usage);
    if (imi_identity_generate_named (dir, name, state))
        return imictl_fail ("%s", imi_error_last ());
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/%s.pub", dir, name);
    imi_identity_public_t public_part;
    if (imi_identity_public_load (path, &public_part))
        return imictl_fail ("%s", imi_error_last ());
    char sign_hex [65], curve_hex [65];
    imi_hex_encode (sign_hex, public_part.sign_key, 32);
    imi_hex_encode (curve_hex, public_part.curve_key, 32);
    printf ("created the %s of %s in %s\nsign_key\t%s\ncurve_key\t%s\n"
            "public part: %s (give it to the federation's governance)\n",
            what, state, dir, sign_hex, curve_hex, path);
    return 0;
}

static int
s_init (imictl_options_t *options)
{
    return s_generate (options, IMI_IDENTITY_CURRENT,
                       "usage: imictl -c CONFIG init   or   imictl init --dir DIR --state XX",
                       "identity");
}

static int
s_keys_next (imictl_options_t *options)
{
    return s_generate (options, IMI_IDENTITY_NEXT,
                       "usage: imictl -c CONFIG keys-next   or   imictl keys-next --dir DIR "
                       "--state XX", "next keys");
}

const imictl_command_t imictl_keys_commands [] = {
    { "init", s_init, "create this node's keys (-c CONFIG, or --dir DIR --state XX)" },
    { "keys-next", s_keys_next, "create the keys this node rotates to (identity.next.*; "
                                "docs/operating.md, Rotating keys)" },
    { NULL, NULL, NULL }
};

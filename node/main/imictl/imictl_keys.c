/*  imictl_keys: init, this node's keys.

    Offline: it writes the identity files into the node's data directory
    (from -c CONFIG, or --dir and --state) and prints the public part that
    the federation's governance puts in the manifest.
*/
#include "imictl_internal.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_settings.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

static int
s_init (imictl_options_t *options)
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
        return imictl_fail ("usage: imictl -c CONFIG init   or   imictl init --dir DIR --state XX");
    if (imi_identity_generate (dir, state))
        return imictl_fail ("%s", imi_error_last ());
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/identity.pub", dir);
    imi_identity_public_t public_part;
    if (imi_identity_public_load (path, &public_part))
        return imictl_fail ("%s", imi_error_last ());
    char sign_hex [65], curve_hex [65];
    imi_hex_encode (sign_hex, public_part.sign_key, 32);
    imi_hex_encode (curve_hex, public_part.curve_key, 32);
    printf ("created the identity of %s in %s\nsign_key\t%s\ncurve_key\t%s\n"
            "public part: %s (give it to the federation's governance)\n",
            state, dir, sign_hex, curve_hex, path);
    return 0;
}

const imictl_command_t imictl_keys_commands [] = {
    { "init", s_init, "create this node's keys (-c CONFIG, or --dir DIR --state XX)" },
    { NULL, NULL, NULL }
};

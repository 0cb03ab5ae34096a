/*  imictl_translate: translate, machine translation of free text by the
    node's translation service.
*/
#include "imictl_internal.h"
#include "imi_lines.h"

#include <czmq.h>
#include <stdlib.h>
#include <string.h>

//  The free text (imi_translate_text on the node) and its translation.
static void
s_render (json_t *text, zlist_t *lines)
{
    imi_lines_add (lines, "text [%s, as written]: %s", imictl_string (text, "lang"),
                   imictl_string (text, "original"));
    imictl_render_translation (text, lines);
}

//  translate SOURCE TARGET TEXT...: through the node's translation service,
//  as the session's user or the operator.
static int
s_translate (imictl_options_t *options)
{
    if (options->argc < 3)
        return imictl_fail ("usage: imictl [-c CONFIG] translate SOURCE TARGET TEXT...");
    zmsg_t *request = imictl_request_as_user (options, "translate");
    zmsg_addstr (request, "from");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, "to");
    zmsg_addstr (request, options->argv [1]);
    zmsg_addstr (request, "text");
    char *text = strdup (options->argv [2]);
    for (int index = 3; index < options->argc && text; index++) {
        char *longer = zsys_sprintf ("%s %s", text, options->argv [index]);
        free (text);
        text = longer;
    }
    if (!text) {
        zmsg_destroy (&request);
        return imictl_fail ("out of memory");
    }
    zmsg_addstr (request, text);
    free (text);
    return imictl_call_data (options, &request, s_render);
}

const imictl_command_t imictl_translate_commands [] = {
    { "translate", s_translate, "translate SOURCE TARGET TEXT: machine translation of free "
      "text (ISO 639-1 codes, e.g. fr en)" },
    { NULL, NULL, NULL }
};

/*  imictl_kpi: kpi, the performance indicators, as the session's user
    (imi_kpi on the node computes them; its result is data, imi_kpi.h).
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdio.h>

//  A header (by, requests, the five titles, overall), then per row the
//  scope, requests, each indicator as "87.5 (good)" (one decimal) or
//  "n/a", and the overall rating.
static void
s_render_kpi (json_t *value, zlist_t *lines)
{
    const char *fields [8];
    char cells [6][48];
    fields [0] = json_string_value (json_object_get (value, "by"));
    fields [1] = "requests";
    for (size_t index = 0; index < 5; index++) {
        fields [2 + index] = json_string_value (json_array_get (json_object_get (value,
                                                                                 "indicators"),
                                                                index));
        fields [2 + index] = fields [2 + index]? fields [2 + index]: "";
    }
    fields [7] = "overall";
    fields [0] = fields [0]? fields [0]: "";
    imictl_row (lines, 8, fields);
    size_t index;
    json_t *row;
    json_array_foreach (json_object_get (value, "rows"), index, row) {
        fields [0] = json_string_value (json_object_get (row, "scope"));
        snprintf (cells [5], sizeof cells [5], "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (row, "requests")));
        fields [1] = cells [5];
        for (size_t indicator = 0; indicator < 5; indicator++) {
            json_t *cell = json_array_get (json_object_get (row, "values"), indicator);
            const char *rating = json_string_value (json_object_get (cell, "rating"));
            json_t *number = json_object_get (cell, "value");
            if (json_is_number (number))
                snprintf (cells [indicator], sizeof cells [indicator], "%.1f (%s)",
                          json_number_value (number), rating? rating: "");
            else
                snprintf (cells [indicator], sizeof cells [indicator], "%s",
                          rating? rating: "n/a");
            fields [2 + indicator] = cells [indicator];
        }
        fields [7] = json_string_value (json_object_get (row, "overall"));
        fields [0] = fields [0]? fields [0]: "";
        fields [7] = fields [7]? fields [7]: "";
        imictl_row (lines, 8, fields);
    }
}

static int
s_kpi (imictl_options_t *options)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] kpi [--from DATE] [--to DATE] "
                            "[--by authority|state] [--authority KEY]");
    zmsg_t *request;
    if (imictl_user_request (options, "kpi", 0, &request))
        return 1;
    return imictl_call_data (options, &request, s_render_kpi);
}

const imictl_command_t imictl_kpi_commands [] = {
    { "kpi", s_kpi, "kpi [--from DATE] [--to DATE] [--by authority|state] [--authority KEY]: "
      "performance indicators" },
    { NULL, NULL, NULL }
};

/*  bench_json: how fast a result is written as JSON (imi_lines_json, which
    every control reply and HTTP answer goes through) against jansson's
    json_dumps with the same flags, the baseline, in the same run, on
    documents shaped as the API answers them: a case page whose timeline
    has N events (German, French and Greek text, times, authorities) and a
    list page of 20 rows. Prints microseconds per document and the ratio;
    asserts nothing but that both write the same bytes.

    Usage: bench_json [--events N (50)] [--runs R (20000)]
*/
#include "imi_lines.h"
#include "bench_util.h"

#include <stdlib.h>

static json_t *
s_case_page (int events)
{
    json_t *timeline = json_array ();
    for (int index = 0; index < events; index++)
        json_array_append_new (timeline, json_pack (
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:{s:s, s:s}}",
            "time", "2026-12-07T23:16:16Z", "side", index % 2? "responder": "requester",
            "actor", "requester", "authority", index % 2? "FR:cnom": "DE:aek-berlin",
            "kind", "message", "kind_text", "wrote", "void", "text", "lang", "de",
            "original", index % 3 == 0? "Bitte um Rückmeldung zu den Unterlagen."
                      : index % 3 == 1? "Le relevé de notes est joint, avec sa traduction."
                                      : "Η βεβαίωση επισυνάπτεται."));
    return json_pack ("{s:s, s:{s:s, s:s}, s:s, s:[], s:s, s:o, s:{s:s, s:s}}",
                      "id", "DE-7099cd1045c63d37", "procedure", "code", "pq-information-request",
                      "name", "Information request on professional qualifications",
                      "state", "accepted", "refusals", "direction", "out", "timeline", timeline,
                      "authority_names", "DE:aek-berlin", "Berlin Chamber of Physicians",
                      "FR:cnom", "French National Medical Council");
}

static json_t *
s_list_page (void)
{
    json_t *items = json_array ();
    for (int index = 0; index < 20; index++)
        json_array_append_new (items, json_pack (
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:i, s:s, s:n}",
            "id", "DE-28c9c54d587d54d2", "direction", "out", "state", "accepted",
            "procedure", "pq-information-request", "our_authority", "DE:aek-berlin",
            "counterpart", "FR:cnom", "reply_by", "2026-12-27", "overdue", "overdue_days", 0,
            "updated", "2026-12-07T23:14:35Z", "personal_data"));
    return json_pack ("{s:o, s:s}", "items", items, "next_cursor",
                      "1796685275310:DE-71a31408fb73b26a");
}

//  Microseconds per document: jansson's, then ours.
static void
s_measure (const char *name, json_t *document, long runs)
{
    char *theirs = json_dumps (document, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *ours = imi_lines_json (document);
    if (!theirs || !ours || strcmp (theirs, ours) != 0) {
        bench_fail ("%s: imi_lines_json writes other bytes than json_dumps", name);
        exit (1);
    }
    double times [2];
    for (int which = 0; which < 2; which++) {
        double started = bench_now ();
        for (long run = 0; run < runs; run++) {
            char *text = which? imi_lines_json (document)
                              : json_dumps (document, JSON_COMPACT | JSON_PRESERVE_ORDER);
            free (text);
        }
        times [which] = (bench_now () - started) * 1e6 / runs;
    }
    printf ("  %-22s %7zu bytes   json_dumps %8.1f us   imi_lines_json %8.1f us   %5.1fx\n",
            name, strlen (ours), times [0], times [1], times [0] / times [1]);
    free (theirs);
    free (ours);
    json_decref (document);
}

int
main (int argc, char *argv [])
{
    int events = 50;
    long runs = 20000;
    for (int index = 1; index + 1 < argc; index += 2)
        if (strcmp (argv [index], "--events") == 0)
            events = atoi (argv [index + 1]);
        else
        if (strcmp (argv [index], "--runs") == 0)
            runs = atol (argv [index + 1]);
    if (events < 1 || runs < 1 || argc % 2 == 0) {
        fprintf (stderr, "usage: bench_json [--events N (50)] [--runs R (20000)]\n");
        return 2;
    }
    printf ("bench_json: writing a result as JSON, %ld runs each\n", runs);
    char name [40];
    snprintf (name, sizeof name, "case page, %d events", events);
    s_measure (name, s_case_page (events), runs);
    s_measure ("case page, 5 events", s_case_page (5), runs);
    s_measure ("list page, 20 rows", s_list_page (), runs);
    return 0;
}

/*  bench_kpi: how long the performance indicators take over IMI's whole
    history, beside a bare SQL aggregate on the same table in the same run.

    Generates --cases closed information requests (600,000 by default, about
    IMI's whole history) with a fixed seed into a fresh database under /tmp,
    through imi_schema_open, in one transaction with one prepared INSERT
    (insert rate, checkpoint time and file size). The spreads: 300
    responding authorities over 30 states, the states and the authorities
    within them of unequal size (weights 1/rank); received_ms spread evenly
    over 8 years (2018-2025) in arrival order; 88 % of the procedures count
    for the indicators; 3 % withdrawn before acceptance; each authority has
    a quality in [0, 1] that sets how often it accepts late (5-30 % of its
    requests, after 8-40 days; otherwise within hours to 7 days), how long
    it takes to answer (1 to 11-36 days after acceptance), and how often it
    is rated negative; an agreed date 14-40 days after receipt; 75 % rated.

    Then times, median of --runs after one warm-up run:
      imi_kpi_compute per authority and per state, over the 8 years and over
      the last one (2025), and for one authority and one state (filters);
      the bare aggregate
          SELECT responder, count(*), sum(accepted_ms - received_ms <= 604800000),
                 avg(answered_ms - received_ms) FROM cases
          WHERE kpi = 1 AND received_ms >= ?1 AND received_ms < ?2 GROUP BY responder
      (responder_state per state) over the same periods, and the ratio.
    And it prints how the authorities rate, and the first rows of the table.

    Not a test: prints figures, checks no timing.

    Usage: bench_kpi [--cases N (600000)] [--runs R (5)] [--keep]
*/
#include "imi_body_case.h"
#include "imi_error.h"
#include "imi_kpi.h"
#include "imi_schema.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_DAY_MS        86400000LL
#define S_STATE_COUNT   30
#define S_PER_STATE     10                  //  authorities per state
#define S_AUTHORITY_COUNT (S_STATE_COUNT * S_PER_STATE)
#define S_START_MS      1514764800000LL     //  2018-01-01 00:00 UTC
#define S_YEAR_MS       (365 * S_DAY_MS)
#define S_END_MS        1767225600000LL     //  2026-01-01 00:00 UTC
#define S_LAST_YEAR_MS  1735689600000LL     //  2025-01-01 00:00 UTC
#define S_RUNS_MAX      101

static const char *s_states [S_STATE_COUNT] = {
    "DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "PT", "CZ", "HU", "RO", "EL", "DK",
    "FI", "IE", "SK", "BG", "HR", "LT", "SI", "LV", "EE", "CY", "LU", "MT", "NO", "IS", "LI",
};

static const char *s_insert =
    "INSERT INTO cases (id, procedure, requester, responder, requester_state, responder_state,"
    "  side, state, lang, agreed_date, created_ms, sent_ms, received_ms, accepted_ms,"
    "  answered_ms, closed_ms, rating_timely, rating_effort, kpi, updated_ms) "
    "VALUES (?1, ?2, ?3, ?4, substr (?3, 1, 2), substr (?4, 1, 2), 1, ?5, 'en', ?6,"
    "  ?7 - 3600000, ?7 - 60000, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?10)";

#define S_BARE(scope) \
    "SELECT " scope ", count(*), sum(accepted_ms - received_ms <= 604800000)," \
    "  avg(answered_ms - received_ms) FROM cases" \
    "  WHERE kpi = 1 AND received_ms >= ?1 AND received_ms < ?2 GROUP BY " scope
static const char *s_bare_authority = S_BARE ("responder");
static const char *s_bare_state = S_BARE ("responder_state");

static const char *s_procedures [] = {
    "pq-information-request", "services-information-request", "posting-information-request",
    "patients-rights-information-request", "other-information-request",
};

typedef struct {
    long cases;
    int runs;
    bool keep;
} s_options_t;

typedef struct {
    char key [16];                          //  "DE:auth-03"
    double weight;                          //  cumulative, over all authorities
    double quality;                         //  0 worst .. 1 best
} s_authority_t;

static int64_t
s_now_ns (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000000000 + now.tv_nsec;
}

//  xorshift64*: the same sequence on every platform for a seed.
static uint64_t
s_next (uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

//  Uniform in [0, 1).
static double
s_uniform (uint64_t *state)
{
    return (double) (s_next (state) >> 11) / 9007199254740992.0;
}

//  Uniform in [low, high).
static int64_t
s_between (uint64_t *state, int64_t low, int64_t high)
{
    return low + (int64_t) (s_uniform (state) * (double) (high - low));
}

//  States weighted 1/rank (DE largest), authorities within a state 1/rank;
//  qualities drawn uniformly.
static void
s_make_authorities (s_authority_t *authorities, uint64_t *seed)
{
    double total = 0;
    for (int state = 0; state < S_STATE_COUNT; state++)
        for (int rank = 0; rank < S_PER_STATE; rank++) {
            s_authority_t *authority = &authorities [state * S_PER_STATE + rank];
            snprintf (authority->key, sizeof authority->key, "%s:auth-%02d", s_states [state],
                      rank);
            total += 1.0 / (state + 1) / (rank + 1);
            authority->weight = total;
            authority->quality = s_uniform (seed);
        }
    for (int index = 0; index < S_AUTHORITY_COUNT; index++)
        authorities [index].weight /= total;
}

static const s_authority_t *
s_pick (const s_authority_t *authorities, uint64_t *seed)
{
    double draw = s_uniform (seed);
    int low = 0, high = S_AUTHORITY_COUNT - 1;
    while (low < high) {
        int middle = (low + high) / 2;
        if (authorities [middle].weight < draw)
            low = middle + 1;
        else
            high = middle;
    }
    return &authorities [low];
}

//  Bind one generated closed case onto the INSERT and step it.
static int
s_insert_case (imi_store_t *store, const s_authority_t *authorities, long index, long count,
               uint64_t *seed)
{
    const s_authority_t *responder = s_pick (authorities, seed);
    const s_authority_t *requester = s_pick (authorities, seed);
    double quality = responder->quality;
    int64_t received = S_START_MS + (S_END_MS - S_START_MS - 60 * S_DAY_MS) / count * index
                     + s_between (seed, 0, 3600000);
    int64_t accepted = -1, answered = -1, closed;
    char agreed_date [IMI_CASE_DATE_BYTES + 1] = "";
    bool withdrawn = s_uniform (seed) < 0.03;
    if (withdrawn)
        closed = received + s_between (seed, 3600000, 10 * S_DAY_MS);
    else {
        double late = 0.05 + 0.25 * (1 - quality) * (1 - quality);
        if (s_uniform (seed) < late)
            accepted = received + s_between (seed, 8 * S_DAY_MS, 40 * S_DAY_MS);
        else {
            double draw = s_uniform (seed);
            accepted = received + 3600000 + (int64_t) (draw * draw * (double) (7 * S_DAY_MS
                                                                                - 3600000));
        }
        imi_case_date_format ((received + s_between (seed, 14 * S_DAY_MS, 40 * S_DAY_MS))
                              / S_DAY_MS, agreed_date);
        answered = accepted + s_between (seed, S_DAY_MS,
                                         (int64_t) ((11 + 25 * (1 - quality)) * S_DAY_MS));
        closed = answered + s_between (seed, 3600000, 20 * S_DAY_MS);
    }
    char id [IMI_CASE_ID_MAX + 1];
    snprintf (id, sizeof id, "%.2s-%016llx", requester->key,
              (unsigned long long) s_next (seed));
    sqlite3_stmt *statement = imi_store_statement (store, s_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (statement, 2, s_procedures [s_next (seed) % 5], -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, requester->key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, responder->key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, withdrawn? "withdrawn": "closed", -1, SQLITE_STATIC);
    if (!withdrawn) {
        sqlite3_bind_text (statement, 6, agreed_date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (statement, 8, accepted);
        sqlite3_bind_int64 (statement, 9, answered);
    }
    sqlite3_bind_int64 (statement, 7, received);
    sqlite3_bind_int64 (statement, 10, closed);
    if (!withdrawn && s_uniform (seed) < 0.75) {
        int64_t agreed_days = 0;
        imi_case_date_parse (agreed_date, &agreed_days);
        bool after_date = answered >= (agreed_days + 1) * S_DAY_MS;
        double timely_negative = 0.01 + 0.06 * (1 - quality) + (after_date? 0.3: 0);
        sqlite3_bind_int (statement, 11, s_uniform (seed) >= timely_negative);
        sqlite3_bind_int (statement, 12, s_uniform (seed) >= 0.01 + 0.12 * (1 - quality));
    }
    sqlite3_bind_int (statement, 13, s_uniform (seed) < 0.88);
    return imi_store_step_done (store, statement, "inserting a case");
}

typedef struct {
    double insert_seconds;
    double checkpoint_seconds;
} s_loaded_t;

static int
s_load (imi_store_t *store, const s_options_t *options, s_loaded_t *loaded)
{
    uint64_t seed = 600000;
    s_authority_t authorities [S_AUTHORITY_COUNT];
    s_make_authorities (authorities, &seed);
    int64_t start = s_now_ns ();
    int rc = imi_store_begin (store);
    for (long index = 0; index < options->cases && rc == 0; index++)
        rc = s_insert_case (store, authorities, index, options->cases, &seed);
    rc = rc? rc: imi_store_commit (store);
    loaded->insert_seconds = (double) (s_now_ns () - start) / 1e9;
    start = s_now_ns ();
    rc = rc? rc: imi_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)");
    loaded->checkpoint_seconds = (double) (s_now_ns () - start) / 1e9;
    return rc;
}


//  ---------------------------------------------------------------------------
//  Timing

typedef struct {
    long rows;
    int ratings [4];                        //  overall, indexed by imi_rating_t
} s_tally_t;

static void
s_tally (void *context, const imi_kpi_row_t *row)
{
    s_tally_t *tally = (s_tally_t *) context;
    tally->rows++;
    tally->ratings [row->overall]++;
}

static int
s_compare (const void *left, const void *right)
{
    int64_t a = *(const int64_t *) left, b = *(const int64_t *) right;
    return (a > b) - (a < b);
}

//  Median in ms of runs (after one warm-up) of the indicators for query;
//  the last run's tally into tally. -1 on failure.
static double
s_time_kpi (imi_store_t *store, const imi_kpi_query_t *query, int runs, s_tally_t *tally)
{
    int64_t times [S_RUNS_MAX];
    for (int run = -1; run < runs; run++) {
        memset (tally, 0, sizeof *tally);
        int64_t start = s_now_ns ();
        if (imi_kpi_compute (store, query, s_tally, tally))
            return -1;
        if (run >= 0)
            times [run] = s_now_ns () - start;
    }
    qsort (times, (size_t) runs, sizeof times [0], s_compare);
    return (double) times [runs / 2] / 1e6;
}

//  The same for the bare aggregate; its row count into rows.
static double
s_time_bare (imi_store_t *store, const char *sql, int64_t from_ms, int64_t to_ms, int runs,
             long *rows)
{
    int64_t times [S_RUNS_MAX];
    for (int run = -1; run < runs; run++) {
        sqlite3_stmt *statement = imi_store_statement (store, sql);
        if (!statement)
            return -1;
        sqlite3_bind_int64 (statement, 1, from_ms);
        sqlite3_bind_int64 (statement, 2, to_ms);
        *rows = 0;
        int64_t start = s_now_ns ();
        int rc;
        while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
            (*rows)++;
        if (run >= 0)
            times [run] = s_now_ns () - start;
        sqlite3_reset (statement);
        if (rc != SQLITE_DONE)
            return imi_store_error (store, "bare aggregate");
    }
    qsort (times, (size_t) runs, sizeof times [0], s_compare);
    return (double) times [runs / 2] / 1e6;
}

static int
s_run (imi_store_t *store, const s_options_t *options)
{
    static const struct {
        const char *name;
        int64_t from_ms;
        const char *state;
        const char *authority;
        bool by_state;
    } s_queries [] = {
        { "per authority, 8 years", S_START_MS, NULL, NULL, false },
        { "per state, 8 years", S_START_MS, NULL, NULL, true },
        { "per authority, 2025", S_LAST_YEAR_MS, NULL, NULL, false },
        { "per state, 2025", S_LAST_YEAR_MS, NULL, NULL, true },
        { "one authority, 8 years", S_START_MS, NULL, "DE:auth-00", false },
        { "one state, 8 years", S_START_MS, "DE", NULL, false },
    };
    printf ("%-24s %6s %10s | %10s %6s | %6s | %s\n", "indicators (median ms)", "rows",
            "imi_kpi", "bare SQL", "rows", "ratio", "overall good / medium / poor");
    for (size_t index = 0; index < sizeof s_queries / sizeof s_queries [0]; index++) {
        imi_kpi_query_t query = { s_queries [index].from_ms, S_END_MS, S_END_MS,
                                  s_queries [index].state, s_queries [index].authority,
                                  s_queries [index].by_state };
        s_tally_t tally;
        double kpi_ms = s_time_kpi (store, &query, options->runs, &tally);
        if (kpi_ms < 0)
            return -1;
        printf ("%-24s %6ld %10.1f | ", s_queries [index].name, tally.rows, kpi_ms);
        if (s_queries [index].state || s_queries [index].authority)
            printf ("%10s %6s | %6s |", "-", "-", "-");
        else {
            long rows = 0;
            double bare_ms = s_time_bare (store, query.by_state? s_bare_state: s_bare_authority,
                                          query.from_ms, query.to_ms, options->runs, &rows);
            if (bare_ms < 0)
                return -1;
            printf ("%10.1f %6ld | %6.2f |", bare_ms, rows, kpi_ms / bare_ms);
        }
        printf (" %d / %d / %d\n", tally.ratings [IMI_RATING_GOOD],
                tally.ratings [IMI_RATING_MEDIUM], tally.ratings [IMI_RATING_POOR]);
    }
    imi_kpi_query_t query = { S_START_MS, S_END_MS, S_END_MS, NULL, NULL, true };
    int64_t start = s_now_ns ();
    json_t *result;
    int rc = imi_kpi_data (store, &query, &result);
    printf ("imi_kpi_data per state, 8 years: %.1f ms; its first 3 rows:\n",
            (double) (s_now_ns () - start) / 1e6);
    for (size_t index = 0; rc == 0 && index < 3; index++) {
        json_t *row = json_array_get (json_object_get (result, "rows"), index);
        char *text = row? json_dumps (row, JSON_COMPACT | JSON_PRESERVE_ORDER): NULL;
        if (text)
            printf ("  %s\n", text);
        free (text);
    }
    json_decref (result);
    return rc;
}


//  ---------------------------------------------------------------------------

static int
s_parse (int argc, char *argv [], s_options_t *options)
{
    static const struct option long_options [] = {
        { "cases", required_argument, NULL, 'n' },
        { "runs", required_argument, NULL, 'r' },
        { "keep", no_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    *options = (s_options_t) { 600000, 5, false };
    int option;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        char *end;
        long value;
        switch (option) {
            case 'k': options->keep = true; break;
            case 'n':
                value = strtol (optarg, &end, 10);
                if (*end || value < 1 || value > 100000000)
                    return -1;
                options->cases = value;
                break;
            case 'r':
                value = strtol (optarg, &end, 10);
                if (*end || value < 1 || value > S_RUNS_MAX)
                    return -1;
                options->runs = (int) value;
                break;
            default: return -1;
        }
    }
    return optind == argc? 0: -1;
}

int
main (int argc, char *argv [])
{
    s_options_t options;
    if (s_parse (argc, argv, &options)) {
        fprintf (stderr, "usage: bench_kpi [--cases N (600000)] [--runs R (5, up to %d)] "
                 "[--keep]\n", S_RUNS_MAX);
        return 2;
    }
    char folder [] = "/tmp/imi-bench-kpi-XXXXXX";
    if (!mkdtemp (folder)) {
        perror ("mkdtemp");
        return 1;
    }
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    s_loaded_t loaded = { 0, 0 };
    int rc = store? s_load (store, &options, &loaded): -1;
    if (rc == 0) {
        struct stat status;
        stat (path, &status);
        printf ("sqlite %s, %ld closed cases, %d authorities in %d states, 2018-2025\n",
                sqlite3_libversion (), options.cases, S_AUTHORITY_COUNT, S_STATE_COUNT);
        printf ("insert: %.2f s (%.0f cases/s, one transaction), checkpoint %.2f s, "
                "database %.1f MB\n", loaded.insert_seconds,
                (double) options.cases / loaded.insert_seconds, loaded.checkpoint_seconds,
                (double) status.st_size / 1e6);
        printf ("%d runs each after a warm-up; now = end of period\n", options.runs);
        rc = s_run (store, &options);
    }
    if (rc)
        fprintf (stderr, "bench_kpi: %s\n", imi_error_last ());
    imi_store_destroy (&store);
    if (options.keep)
        printf ("database kept in %s\n", path);
    else {
        static const char *suffixes [] = { "", "-wal", "-shm" };
        for (size_t index = 0; index < 3; index++) {
            char file [80];
            snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
            unlink (file);
        }
        rmdir (folder);
    }
    return rc? 1: 0;
}

/*  Unit test: imi_kpi on a real SQLite file, against figures worked out by hand.

    The fixture is a quarter (2025-01-01 to 2025-04-01, "now" 2025-04-03)
    of cases answered by two authorities of DE (DE:a, DE:b) and one of FR
    (FR:c), written as rows of `cases` with explicit times. It puts a case
    on each side of every boundary a user could argue about: received one
    millisecond before the period and exactly at its end, accepted exactly
    at 7 days and 1 ms later, pending for exactly 7 days and 1 ms more,
    answered at the last millisecond of the agreed day and 1 ms later, an
    agreed date passed without an answer and one not reached yet, withdrawn
    before acceptance, rated and unrated, and cases of procedures that do not
    count (kpi = 0) whose times would spoil every figure if they were read.
    Each assertion states the arithmetic beside it.
*/
#include "imi_error.h"
#include "imi_kpi.h"
#include "imi_schema.h"

#include <assert.h>
#include <czmq.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define D           86400000LL                  //  one day in ms
#define W           (7 * D)
#define FROM        1735689600000LL             //  2025-01-01 00:00 UTC
#define TO          1743465600000LL             //  2025-04-01 00:00 UTC
#define NOW         1743638400000LL             //  2025-04-03 00:00 UTC
#define R           (FROM + 10 * D)             //  2025-01-11 00:00 UTC: most cases arrive
#define S_NULL      INT64_MIN                   //  column not set
#define S_ROWS_MAX  8

typedef struct {
    const char *id;
    const char *responder;                      //  its state: the first two letters
    int kpi;
    int64_t received, accepted, answered, closed;
    const char *agreed_date;                    //  NULL: none
    int timely, effort;                         //  ratings; -1: unrated
} s_case_t;

static const s_case_t s_cases [] = {
    //  DE:a
    { "DE-00000000000000a1", "DE:a", 1, R, R + W, R + 21 * D - 1, R + 22 * D, "2025-01-31", 1, 1 },
        //  accepted at exactly 7 days; answered at 2025-01-31 23:59:59.999
    { "DE-00000000000000a2", "DE:a", 1, R, R + W + 1, R + 21 * D, R + 22 * D, "2025-01-31", 0, 1 },
        //  accepted 7 days + 1 ms; answered 2025-02-01 00:00:00.000
    { "DE-00000000000000a3", "DE:a", 1, R, R + D, R + 5 * D, S_NULL, "2025-01-31", -1, -1 },
    { "DE-00000000000000a4", "DE:a", 1, R, S_NULL, S_NULL, R + 2 * D, NULL, -1, -1 },
        //  withdrawn before acceptance
    { "DE-00000000000000a5", "DE:a", 1, NOW - 4 * D, S_NULL, S_NULL, S_NULL, NULL, -1, -1 },
        //  pending for 4 days: may still be accepted in time
    { "DE-00000000000000a6", "DE:a", 1, NOW - 14 * D, S_NULL, S_NULL, S_NULL, NULL, -1, -1 },
        //  pending for 14 days: late
    { "DE-00000000000000a7", "DE:a", 1, FROM - 1, FROM - 1 + D, FROM - 1 + 2 * D, FROM + 3 * D,
      "2025-01-05", 0, 0 },
        //  received 1 ms before the period
    { "DE-00000000000000a8", "DE:a", 0, R, R + 20 * D, R + 60 * D, R + 61 * D, "2025-01-20", 0, 0 },
        //  a procedure outside the indicators
    { "DE-00000000000000a9", "DE:a", 1, TO, TO + D, S_NULL, S_NULL, "2025-05-01", -1, -1 },
        //  received at the end of the period: outside it
    { "DE-0000000000000a10", "DE:a", 1, FROM, FROM + 2 * D, S_NULL, S_NULL, "2025-02-10", -1, -1 },
        //  received at the first ms; agreed date passed, unanswered
    //  DE:b
    { "DE-00000000000000b1", "DE:b", 1, R, R + D, R + 12 * D, R + 13 * D, "2025-02-10", 1, 0 },
    { "DE-00000000000000b2", "DE:b", 1, R, R + 2 * D, R + 16 * D, R + 17 * D, "2025-02-10", 1, 1 },
    { "DE-00000000000000b3", "DE:b", 1, R, R + 3 * D, R + 20 * D, S_NULL, "2025-02-10", -1, -1 },
    { "DE-00000000000000b5", "DE:b", 1, NOW - W - 1, S_NULL, S_NULL, S_NULL, NULL, -1, -1 },
        //  pending for 7 days + 1 ms: late
    { "DE-00000000000000b6", "DE:b", 1, NOW - W, S_NULL, S_NULL, S_NULL, NULL, -1, -1 },
        //  pending for exactly 7 days: not late yet
    { "DE-00000000000000b7", "DE:b", 1, NOW - 9 * D, NOW - 8 * D, S_NULL, S_NULL, "2025-04-20",
      -1, -1 },
        //  agreed date not reached, unanswered
    //  FR:c
    { "FR-00000000000000c1", "FR:c", 1, R, R + 3 * D, R + 24 * D, R + 25 * D, "2025-02-28", -1, -1 },
    { "FR-00000000000000c2", "FR:c", 1, R, R + 6 * D, R + 26 * D, S_NULL, "2025-02-28", -1, -1 },
    { "FR-00000000000000c4", "FR:c", 1, NOW - 5 * D, NOW - 4 * D, S_NULL, S_NULL, "2025-04-02",
      -1, -1 },
        //  unanswered, its agreed day ended 1 ms before now
    { "FR-00000000000000c5", "FR:c", 1, NOW - 5 * D, NOW - 4 * D, S_NULL, S_NULL, "2025-04-03",
      -1, -1 },
        //  unanswered, its agreed day is today
    { "FR-00000000000000c3", "FR:c", 0, R, R + 30 * D, R + 90 * D, R + 91 * D, "2025-01-15", 0, 0 },
};
#define S_CASE_COUNT (sizeof s_cases / sizeof s_cases [0])

static const char *s_insert =
    "INSERT INTO cases (id, procedure, requester, responder, requester_state, responder_state,"
    "  side, state, lang, agreed_date, created_ms, sent_ms, received_ms, accepted_ms,"
    "  answered_ms, closed_ms, rating_timely, rating_effort, kpi, updated_ms) "
    "VALUES (?1, 'pq-information-request', 'IT:req', ?2, 'IT', substr (?2, 1, 2), 1, ?3, 'it',"
    "  ?4, ?5 - 3600000, ?5 - 60000, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?5)";

static imi_store_t *s_store;
static int64_t s_now = NOW;                     //  "as of" for s_compute

static void
s_bind_optional (sqlite3_stmt *statement, int column, int64_t value)
{
    if (value != S_NULL)
        sqlite3_bind_int64 (statement, column, value);
}

static void
s_load (void)
{
    assert (imi_store_begin (s_store) == 0);
    for (size_t index = 0; index < S_CASE_COUNT; index++) {
        const s_case_t *fixture = &s_cases [index];
        sqlite3_stmt *statement = imi_store_statement (s_store, s_insert);
        assert (statement);
        sqlite3_bind_text (statement, 1, fixture->id, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 2, fixture->responder, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, fixture->closed == S_NULL? "open": "closed", -1,
                           SQLITE_STATIC);
        if (fixture->agreed_date)
            sqlite3_bind_text (statement, 4, fixture->agreed_date, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 5, fixture->received);
        s_bind_optional (statement, 6, fixture->accepted);
        s_bind_optional (statement, 7, fixture->answered);
        s_bind_optional (statement, 8, fixture->closed);
        if (fixture->timely >= 0)
            sqlite3_bind_int (statement, 9, fixture->timely);
        if (fixture->effort >= 0)
            sqlite3_bind_int (statement, 10, fixture->effort);
        sqlite3_bind_int (statement, 11, fixture->kpi);
        assert (imi_store_step_done (s_store, statement, "fixture") == 0);
    }
    assert (imi_store_commit (s_store) == 0);
}

typedef struct {
    imi_kpi_row_t rows [S_ROWS_MAX];
    size_t count;
} s_result_t;

static void
s_collect (void *context, const imi_kpi_row_t *row)
{
    s_result_t *result = (s_result_t *) context;
    assert (result->count < S_ROWS_MAX);
    result->rows [result->count++] = *row;
}

//  Compute into result; the number of rows.
static size_t
s_compute (s_result_t *result, int64_t from_ms, int64_t to_ms, const char *state,
           const char *authority, bool by_state)
{
    imi_kpi_query_t query = { from_ms, to_ms, s_now, state, authority, by_state };
    memset (result, 0, sizeof *result);
    assert (imi_kpi_compute (s_store, &query, s_collect, result) == 0);
    return result->count;
}

//  One indicator of a row: numerator, denominator, value (to 1e-9), rating.
static void
s_check (const imi_kpi_row_t *row, int indicator, int64_t numerator, int64_t denominator,
         double value, imi_rating_t rating)
{
    assert (row->numerator [indicator] == numerator);
    assert (row->denominator [indicator] == denominator);
    assert (fabs (row->value [indicator] - value) < 1e-9);
    assert (row->rating [indicator] == rating);
}

//  The figures of DE:a, DE:b and FR:c over the quarter, wherever they appear.
static void
s_check_a (const imi_kpi_row_t *row)
{
    assert (streq (row->scope, "DE:a"));
    //  in the period: a1 a2 a3 a4 a5 a6 a10 (a7 before it, a9 at its end, a8 kpi = 0)
    assert (row->requests == 7);
    //  accepted: a1 (7 d exactly, within), a2 (7 d + 1 ms, late), a3 (1 d), a10 (2 d);
    //  pending: a6 (14 d, late) counts, a5 (4 d) not yet; a4 withdrawn: out.
    //  5 decided, 3 within 7 days (a1 a3 a10) -> 60.0 % medium (threshold)
    s_check (row, 0, 3, 5, 60.0, IMI_RATING_MEDIUM);
    //  answered: a1 21 d - 1 ms, a2 21 d, a3 5 d -> (47 d - 1 ms) / 3 = 15.67 d good
    s_check (row, 1, 47 * D - 1, 3, (47.0 * D - 1) / 3 / D, IMI_RATING_GOOD);
    //  agreed: a1 (answered at the day's last ms: on time), a2 (1 ms after: late),
    //  a3 (on time), a10 (2025-02-10 passed, unanswered) -> 2 / 4 = 50.0 % poor
    s_check (row, 2, 2, 4, 50.0, IMI_RATING_POOR);
    //  rated: a1 (timely, effort), a2 (not timely, effort) -> timely 1 / 2 = 50 % poor
    s_check (row, 3, 1, 2, 50.0, IMI_RATING_POOR);
    //  effort 0 / 2 = 0 % good
    s_check (row, 4, 0, 2, 0.0, IMI_RATING_GOOD);
    //  medium 1 + good 2 + poor 0 + poor 0 + good 2 = 5 / 5 = 1.0 -> medium
    assert (row->overall == IMI_RATING_MEDIUM);
}

static void
s_check_b (const imi_kpi_row_t *row)
{
    assert (streq (row->scope, "DE:b"));
    //  b1 b2 b3 b5 b6 b7
    assert (row->requests == 6);
    //  accepted within: b1 1 d, b2 2 d, b3 3 d, b7 1 d; pending: b5 (7 d + 1 ms) late,
    //  b6 (exactly 7 d) not yet -> 4 / 5 = 80.0 % good (threshold)
    s_check (row, 0, 4, 5, 80.0, IMI_RATING_GOOD);
    //  answered: 12 d + 16 d + 20 d = 48 d / 3 = 16.0 d medium (threshold)
    s_check (row, 1, 48 * D, 3, 16.0, IMI_RATING_MEDIUM);
    //  agreed 2025-02-10: b1 b2 b3 answered before it; b7 (2025-04-20) neither
    //  answered nor passed: out -> 3 / 3 = 100 % good
    s_check (row, 2, 3, 3, 100.0, IMI_RATING_GOOD);
    //  rated: b1 (timely, effort negative), b2 (both positive)
    s_check (row, 3, 0, 2, 0.0, IMI_RATING_GOOD);           //  0 / 2
    s_check (row, 4, 1, 2, 50.0, IMI_RATING_POOR);          //  1 / 2
    //  good 2 + medium 1 + good 2 + good 2 + poor 0 = 7 / 5 = 1.4 -> medium
    assert (row->overall == IMI_RATING_MEDIUM);
}

static void
s_check_c (const imi_kpi_row_t *row, const char *scope)
{
    assert (streq (row->scope, scope));
    assert (row->requests == 4);                            //  c1 c2 c4 c5 (c3 kpi = 0)
    s_check (row, 0, 4, 4, 100.0, IMI_RATING_GOOD);         //  3 d, 6 d, 1 d, 1 d: 4 / 4
    //  c1 c2 answered: 24 d + 26 d = 50 d / 2 = 25.0 d medium (threshold)
    s_check (row, 1, 50 * D, 2, 25.0, IMI_RATING_MEDIUM);
    //  c1 c2 answered before 2025-02-28 ended; c4's 2025-04-02 has passed (by 1 ms),
    //  c5's 2025-04-03 has not -> 2 / 3 = 66.7 % medium
    s_check (row, 2, 2, 3, 200.0 / 3, IMI_RATING_MEDIUM);
    s_check (row, 3, 0, 0, 0.0, IMI_RATING_NONE);           //  nobody rated: n/a
    s_check (row, 4, 0, 0, 0.0, IMI_RATING_NONE);
    //  good 2 + medium 1 + medium 1 = 4 / 3 = 1.33 -> medium
    assert (row->overall == IMI_RATING_MEDIUM);
}

//  DE = DE:a + DE:b.
static void
s_check_de (const imi_kpi_row_t *row)
{
    assert (streq (row->scope, "DE"));
    assert (row->requests == 13);                           //  7 + 6
    s_check (row, 0, 7, 10, 70.0, IMI_RATING_MEDIUM);       //  (3 + 4) / (5 + 5)
    //  (47 d - 1 ms + 48 d) / 6 = 15.83 d good
    s_check (row, 1, 95 * D - 1, 6, (95.0 * D - 1) / 6 / D, IMI_RATING_GOOD);
    s_check (row, 2, 5, 7, 500.0 / 7, IMI_RATING_MEDIUM);   //  (2 + 3) / (4 + 3) = 71.4 %
    s_check (row, 3, 1, 4, 25.0, IMI_RATING_POOR);          //  (1 + 0) / (2 + 2)
    s_check (row, 4, 1, 4, 25.0, IMI_RATING_POOR);          //  (0 + 1) / (2 + 2)
    //  medium 1 + good 2 + medium 1 + poor 0 + poor 0 = 4 / 5 = 0.8 -> medium
    assert (row->overall == IMI_RATING_MEDIUM);
}

static void
s_test_compute (void)
{
    s_result_t result;
    //  Per authority, the quarter: ordered by scope.
    assert (s_compute (&result, FROM, TO, NULL, NULL, false) == 3);
    s_check_a (&result.rows [0]);
    s_check_b (&result.rows [1]);
    s_check_c (&result.rows [2], "FR:c");

    //  Per state.
    assert (s_compute (&result, FROM, TO, NULL, NULL, true) == 2);
    s_check_de (&result.rows [0]);
    s_check_c (&result.rows [1], "FR");

    //  Filters: by state, by authority, both, and a state's row from one authority.
    assert (s_compute (&result, FROM, TO, "DE", NULL, false) == 2);
    s_check_a (&result.rows [0]);
    s_check_b (&result.rows [1]);
    assert (s_compute (&result, FROM, TO, "FR", NULL, false) == 1);
    s_check_c (&result.rows [0], "FR:c");
    assert (s_compute (&result, FROM, TO, NULL, "DE:b", false) == 1);
    s_check_b (&result.rows [0]);
    assert (s_compute (&result, FROM, TO, "DE", NULL, true) == 1);
    s_check_de (&result.rows [0]);
    assert (s_compute (&result, FROM, TO, NULL, "FR:c", true) == 1);
    s_check_c (&result.rows [0], "FR");
    //  One ms earlier, at the last ms of 2025-04-02, c4's date has not passed
    //  yet: 2 / 2 on time.
    s_now = NOW - 1;
    assert (s_compute (&result, FROM, TO, NULL, "FR:c", false) == 1);
    s_check (&result.rows [0], 2, 2, 2, 100.0, IMI_RATING_GOOD);
    s_now = NOW;
    assert (s_compute (&result, FROM, TO, "DE", "FR:c", false) == 0);
    assert (s_compute (&result, FROM, TO, NULL, "DE:nobody", false) == 0);
    assert (s_compute (&result, FROM, TO, "SE", NULL, true) == 0);

    //  The month before: a7 alone (received 1 ms before the quarter).
    assert (s_compute (&result, FROM - 31 * D, FROM, NULL, NULL, false) == 1);
    const imi_kpi_row_t *row = &result.rows [0];
    assert (streq (row->scope, "DE:a") && row->requests == 1);
    s_check (row, 0, 1, 1, 100.0, IMI_RATING_GOOD);         //  accepted in 1 d
    s_check (row, 1, 2 * D, 1, 2.0, IMI_RATING_GOOD);       //  answered in 2 d
    s_check (row, 2, 1, 1, 100.0, IMI_RATING_GOOD);         //  before 2025-01-05 ended
    s_check (row, 3, 1, 1, 100.0, IMI_RATING_POOR);         //  rated negative twice
    s_check (row, 4, 1, 1, 100.0, IMI_RATING_POOR);
    assert (row->overall == IMI_RATING_MEDIUM);             //  2+2+2+0+0 = 6 / 5 = 1.2

    //  From the end of the quarter: a9 alone, accepted, nothing else to count.
    assert (s_compute (&result, TO, TO + 31 * D, NULL, NULL, false) == 1);
    row = &result.rows [0];
    assert (streq (row->scope, "DE:a") && row->requests == 1);
    s_check (row, 0, 1, 1, 100.0, IMI_RATING_GOOD);
    for (int indicator = 1; indicator < IMI_KPI_COUNT; indicator++)
        s_check (row, indicator, 0, 0, 0.0, IMI_RATING_NONE);
    assert (row->overall == IMI_RATING_GOOD);               //  over indicator 1 alone

    //  An empty period has no rows.
    assert (s_compute (&result, FROM, FROM, NULL, NULL, false) == 0);
}

//  The rows of imi_kpi_data as lines: the header, then per row the scope,
//  requests, each value to one decimal with its rating (or n/a), overall.
static void
s_table (const imi_kpi_query_t *query, zlist_t *lines)
{
    json_t *result;
    assert (imi_kpi_data (s_store, query, &result) == 0);
    json_t *titles = json_object_get (result, "indicators");
    assert (json_array_size (titles) == IMI_KPI_COUNT);
    char *header = zsys_sprintf ("%s\trequests",
                                 json_string_value (json_object_get (result, "by")));
    for (size_t index = 0; index < IMI_KPI_COUNT; index++) {
        char *longer = zsys_sprintf ("%s\t%s", header,
                                     json_string_value (json_array_get (titles, index)));
        zstr_free (&header);
        header = longer;
    }
    char *full = zsys_sprintf ("%s\toverall", header);
    zlist_append (lines, full);
    zstr_free (&full);
    zstr_free (&header);
    size_t index;
    json_t *row;
    json_array_foreach (json_object_get (result, "rows"), index, row) {
        char *line = zsys_sprintf ("%s\t%lld", json_string_value (json_object_get (row, "scope")),
                                   (long long) json_integer_value (json_object_get (row,
                                                                                    "requests")));
        size_t each;
        json_t *value;
        json_array_foreach (json_object_get (row, "values"), each, value) {
            const char *rating = json_string_value (json_object_get (value, "rating"));
            json_t *number = json_object_get (value, "value");
            char *longer = json_is_null (number)? zsys_sprintf ("%s\t%s", line, rating)
                         : zsys_sprintf ("%s\t%.1f (%s)", line, json_real_value (number), rating);
            zstr_free (&line);
            line = longer;
        }
        char *longer = zsys_sprintf ("%s\t%s", line,
                                     json_string_value (json_object_get (row, "overall")));
        zlist_append (lines, longer);
        zstr_free (&line);
        zstr_free (&longer);
    }
    json_decref (result);
}

static void
s_test_table (void)
{
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    imi_kpi_query_t query = { FROM, TO, NOW, NULL, NULL, false };
    s_table (&query, lines);
    assert (zlist_size (lines) == 4);
    assert (streq ((char *) zlist_first (lines),
                   "authority\trequests\taccepted within 7 days (%)\taverage days to answer\t"
                   "answered by agreed date (%)\ttimeliness rated negative (%)\t"
                   "effort rated negative (%)\toverall"));
    assert (streq ((char *) zlist_next (lines),
                   "DE:a\t7\t60.0 (medium)\t15.7 (good)\t50.0 (poor)\t50.0 (poor)\t0.0 (good)\t"
                   "medium"));
    assert (streq ((char *) zlist_next (lines),
                   "DE:b\t6\t80.0 (good)\t16.0 (medium)\t100.0 (good)\t0.0 (good)\t50.0 (poor)\t"
                   "medium"));
    assert (streq ((char *) zlist_next (lines),
                   "FR:c\t4\t100.0 (good)\t25.0 (medium)\t66.7 (medium)\tn/a\tn/a\tmedium"));

    zlist_purge (lines);
    query.by_state = true;
    query.state = "DE";
    s_table (&query, lines);
    assert (zlist_size (lines) == 2);
    assert (strncmp ((char *) zlist_first (lines), "state\trequests\t", 15) == 0);
    assert (streq ((char *) zlist_next (lines),
                   "DE\t13\t70.0 (medium)\t15.8 (good)\t71.4 (medium)\t25.0 (poor)\t25.0 (poor)\t"
                   "medium"));

    //  Nothing in the period: the header alone.
    zlist_purge (lines);
    query.from_ms = query.to_ms = FROM;
    s_table (&query, lines);
    assert (zlist_size (lines) == 1);
    zlist_destroy (&lines);
}

static void
s_test_rate (void)
{
    //  1 and 3: good >= 80, medium >= 60, poor below.
    for (int indicator = 0; indicator <= 2; indicator += 2) {
        assert (imi_kpi_rate (indicator, 100.0) == IMI_RATING_GOOD);
        assert (imi_kpi_rate (indicator, 80.0) == IMI_RATING_GOOD);
        assert (imi_kpi_rate (indicator, nextafter (80.0, 0)) == IMI_RATING_MEDIUM);
        assert (imi_kpi_rate (indicator, 60.0) == IMI_RATING_MEDIUM);
        assert (imi_kpi_rate (indicator, nextafter (60.0, 0)) == IMI_RATING_POOR);
        assert (imi_kpi_rate (indicator, 0.0) == IMI_RATING_POOR);
    }
    //  2 (days): good < 16, medium 16-25, poor > 25.
    assert (imi_kpi_rate (1, 0.0) == IMI_RATING_GOOD);
    assert (imi_kpi_rate (1, nextafter (16.0, 0)) == IMI_RATING_GOOD);
    assert (imi_kpi_rate (1, 16.0) == IMI_RATING_MEDIUM);
    assert (imi_kpi_rate (1, 25.0) == IMI_RATING_MEDIUM);
    assert (imi_kpi_rate (1, nextafter (25.0, 100)) == IMI_RATING_POOR);
    assert (imi_kpi_rate (1, 400.0) == IMI_RATING_POOR);
    //  4 and 5: good < 5, medium 5 up to 15, poor >= 15.
    for (int indicator = 3; indicator <= 4; indicator++) {
        assert (imi_kpi_rate (indicator, 0.0) == IMI_RATING_GOOD);
        assert (imi_kpi_rate (indicator, nextafter (5.0, 0)) == IMI_RATING_GOOD);
        assert (imi_kpi_rate (indicator, 5.0) == IMI_RATING_MEDIUM);
        assert (imi_kpi_rate (indicator, nextafter (15.0, 0)) == IMI_RATING_MEDIUM);
        assert (imi_kpi_rate (indicator, 15.0) == IMI_RATING_POOR);
        assert (imi_kpi_rate (indicator, 100.0) == IMI_RATING_POOR);
    }
    for (int indicator = 0; indicator < IMI_KPI_COUNT; indicator++)
        assert (imi_kpi_rate (indicator, NAN) == IMI_RATING_NONE);

    assert (streq (imi_rating_name (IMI_RATING_GOOD), "good"));
    assert (streq (imi_rating_name (IMI_RATING_MEDIUM), "medium"));
    assert (streq (imi_rating_name (IMI_RATING_POOR), "poor"));
    assert (streq (imi_rating_name (IMI_RATING_NONE), "n/a"));
}

static void
s_test_overall (void)
{
#define N IMI_RATING_NONE
#define P IMI_RATING_POOR
#define M IMI_RATING_MEDIUM
#define G IMI_RATING_GOOD
    static const struct {
        imi_rating_t ratings [IMI_KPI_COUNT];
        imi_rating_t overall;
    } s_overall_cases [] = {
        { { N, N, N, N, N }, N },                   //  nothing rated
        { { G, G, G, G, G }, G },                   //  10 / 5 = 2
        { { P, P, P, P, P }, P },                   //  0
        { { M, M, M, M, M }, M },                   //  1
        { { G, M, N, N, N }, G },                   //  3 / 2 = 1.5 (threshold)
        { { G, G, M, M, P }, M },                   //  6 / 5 = 1.2
        { { G, G, G, M, P }, M },                   //  7 / 5 = 1.4
        { { G, G, G, M, M }, G },                   //  8 / 5 = 1.6
        { { G, M, P, P, N }, M },                   //  3 / 4 = 0.75 (threshold)
        { { G, P, P, N, N }, P },                   //  2 / 3 = 0.67
        { { M, P, N, N, N }, P },                   //  1 / 2 = 0.5
        { { N, N, P, N, N }, P },                   //  0 / 1
        { { N, G, N, N, N }, G },                   //  2 / 1
        { { M, G, M, P, P }, M },                   //  4 / 5 = 0.8
        { { M, M, M, P, P }, P },                   //  3 / 5 = 0.6
    };
    for (size_t index = 0; index < sizeof s_overall_cases / sizeof s_overall_cases [0]; index++)
        assert (imi_kpi_overall (s_overall_cases [index].ratings)
                == s_overall_cases [index].overall);
#undef N
#undef P
#undef M
#undef G
}

//  Delete a database file and its WAL companions.
static void
s_remove (const char *path)
{
    static const char *suffixes [] = { "", "-wal", "-shm" };
    for (size_t index = 0; index < 3; index++) {
        char file [80];
        snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
        unlink (file);
    }
}

//  A database without the cases table: -1, and the reason names the step.
static void
s_test_error (const char *folder)
{
    char path [64];
    snprintf (path, sizeof path, "%s/empty.db", folder);
    imi_store_t *empty = imi_store_open (path, NULL, 0);
    assert (empty);
    imi_kpi_query_t query = { FROM, TO, NOW, NULL, NULL, false };
    json_t *result;
    assert (imi_kpi_data (empty, &query, &result) == -1 && !result);
    assert (strstr (imi_error_last (), "cases"));
    imi_store_destroy (&empty);
    s_remove (path);
}

int
main (void)
{
    char folder [] = "/tmp/imi-test-kpi-XXXXXX";
    assert (mkdtemp (folder));
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    s_store = imi_schema_open (path);
    assert (s_store);
    s_load ();

    s_test_compute ();
    s_test_table ();
    s_test_rate ();
    s_test_overall ();
    s_test_error (folder);

    imi_store_destroy (&s_store);
    s_remove (path);
    assert (rmdir (folder) == 0);
    printf ("test_kpi: OK\n");
    return 0;
}

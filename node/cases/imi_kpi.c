/*  imi_kpi: the five performance indicators, as one SQL aggregate.

    Every figure is a count or a sum over the cases of a period, so one
    aggregate query over `cases` yields a row's numerators and denominators;
    C only divides and rates. The query reads only the covering index
    cases_for_kpi, in responder order (see s_compute); the period, state and
    authority are conditions on its entries.

    Times are integer milliseconds. "Within 7 days" is a difference of at
    most 7 * 86400000 ms; the end of an agreed day is the last millisecond
    of that UTC day, (unixepoch (agreed_date) + 86400) * 1000 - 1. A case
    with no accepted_ms but a closed_ms was withdrawn before acceptance (the
    only way a request closes unaccepted).

    Percentages are 100.0 * numerator / denominator, computed in that order
    so that a whole result (80, 60, ...) is exact and rates as the threshold
    it equals; days are the sum of milliseconds over the count, / 86400000.
*/
#include "imi_kpi.h"
#include "imi_error.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define S_DAY_MS 86400000.0

//  Per scope: requests, then numerator and denominator of indicators 1-5.
//  ?1 ?2 period [from, to), ?3 now, ?4 state or NULL, ?5 authority or NULL,
//  ?6 1 for one row per state. 604800000 ms = 7 days.
//
//  Two levels: the inner GROUP BY responder walks cases_for_kpi (kpi,
//  responder, received_ms, ...), which covers every column read, in its
//  own order, so SQLite neither sorts the period's rows nor reads the table;
//  the outer level sums its few hundred rows per scope (an authority, or
//  its state). Counts and sums add up, so both levels give the same figures.
static const char *s_compute =
    "SELECT CASE WHEN ?6 THEN state ELSE responder END AS scope, sum(requests),"
    "  sum(within), sum(decided), sum(answer_ms), sum(answered),"
    "  sum(on_time), sum(due), sum(timely_negative), sum(timely_rated),"
    "  sum(effort_negative), sum(effort_rated) "
    "FROM (SELECT responder, min(responder_state) AS state, count(*) AS requests,"
    "        count(*) FILTER (WHERE accepted_ms - received_ms <= 604800000) AS within,"
    "        count(*) FILTER (WHERE accepted_ms IS NOT NULL"
    "          OR (closed_ms IS NULL AND ?3 - received_ms > 604800000)) AS decided,"
    "        coalesce(sum(answered_ms - received_ms), 0) AS answer_ms,"
    "        count(answered_ms) AS answered,"
    "        count(*) FILTER (WHERE answered_ms <= agreed_end) AS on_time,"
    "        count(*) FILTER (WHERE answered_ms IS NOT NULL OR agreed_end < ?3) AS due,"
    "        count(*) FILTER (WHERE rating_timely = 0) AS timely_negative,"
    "        count(rating_timely) AS timely_rated,"
    "        count(*) FILTER (WHERE rating_effort = 0) AS effort_negative,"
    "        count(rating_effort) AS effort_rated"
    "      FROM (SELECT responder, responder_state, received_ms, accepted_ms, answered_ms,"
    "              closed_ms, rating_timely, rating_effort,"
    "              (unixepoch (agreed_date) + 86400) * 1000 - 1 AS agreed_end"
    "            FROM cases"
    "            WHERE kpi = 1 AND received_ms >= ?1 AND received_ms < ?2"
    "              AND (?4 IS NULL OR responder_state = ?4)"
    "              AND (?5 IS NULL OR responder = ?5))"
    "      GROUP BY responder) "
    "GROUP BY scope ORDER BY scope";

//  Each indicator's scale. More is better: good from `good` up, poor below
//  `poor`. Less is better: good below `good`, poor above `poor` (or from
//  `poor` up when poor_at_threshold).
static const struct {
    bool more_is_better;
    double good;
    double poor;
    bool poor_at_threshold;
} s_scales [IMI_KPI_COUNT] = {
    { true, 80, 60, false },            //  1 accepted within 7 days (%)
    { false, 16, 25, false },           //  2 average days taken to answer
    { true, 80, 60, false },            //  3 answered by the date agreed (%)
    { false, 5, 15, true },             //  4 timeliness rated negative (%)
    { false, 5, 15, true },             //  5 effort rated negative (%)
};

static const char *s_titles [IMI_KPI_COUNT] = {
    "accepted within 7 days (%)", "average days to answer", "answered by agreed date (%)",
    "timeliness rated negative (%)", "effort rated negative (%)",
};

imi_rating_t
imi_kpi_rate (int indicator, double value)
{
    assert (indicator >= 0 && indicator < IMI_KPI_COUNT);
    if (isnan (value))
        return IMI_RATING_NONE;
    double good = s_scales [indicator].good, poor = s_scales [indicator].poor;
    if (s_scales [indicator].more_is_better)
        return value >= good? IMI_RATING_GOOD: value >= poor? IMI_RATING_MEDIUM: IMI_RATING_POOR;
    if (value < good)
        return IMI_RATING_GOOD;
    bool is_poor = s_scales [indicator].poor_at_threshold? value >= poor: value > poor;
    return is_poor? IMI_RATING_POOR: IMI_RATING_MEDIUM;
}

//  In whole numbers: points / rated >= 1.5 is 2 * points >= 3 * rated, and
//  >= 0.75 is 4 * points >= 3 * rated.
imi_rating_t
imi_kpi_overall (const imi_rating_t ratings [IMI_KPI_COUNT])
{
    int points = 0, rated = 0;
    for (int indicator = 0; indicator < IMI_KPI_COUNT; indicator++)
        if (ratings [indicator] != IMI_RATING_NONE) {
            points += ratings [indicator] == IMI_RATING_GOOD? 2:
                      ratings [indicator] == IMI_RATING_MEDIUM? 1: 0;
            rated++;
        }
    if (rated == 0)
        return IMI_RATING_NONE;
    return 2 * points >= 3 * rated? IMI_RATING_GOOD:
           4 * points >= 3 * rated? IMI_RATING_MEDIUM: IMI_RATING_POOR;
}

const char *
imi_rating_name (imi_rating_t rating)
{
    switch (rating) {
        case IMI_RATING_GOOD: return "good";
        case IMI_RATING_MEDIUM: return "medium";
        case IMI_RATING_POOR: return "poor";
        case IMI_RATING_NONE: break;
    }
    return "n/a";
}

//  One result row of s_compute into row: counts, then values and ratings.
static void
s_fill_row (imi_kpi_row_t *row, sqlite3_stmt *statement)
{
    memset (row, 0, sizeof *row);
    const char *scope = (const char *) sqlite3_column_text (statement, 0);
    size_t length = scope? strnlen (scope, sizeof row->scope - 1): 0;
    memcpy (row->scope, scope? scope: "", length);
    row->requests = sqlite3_column_int64 (statement, 1);
    for (int indicator = 0; indicator < IMI_KPI_COUNT; indicator++) {
        row->numerator [indicator] = sqlite3_column_int64 (statement, 2 + 2 * indicator);
        row->denominator [indicator] = sqlite3_column_int64 (statement, 3 + 2 * indicator);
        if (row->denominator [indicator] == 0)
            continue;               //  value 0, rating n/a
        double numerator = (double) row->numerator [indicator];
        double denominator = (double) row->denominator [indicator];
        row->value [indicator] = indicator == 1? numerator / denominator / S_DAY_MS
                                               : 100.0 * numerator / denominator;
        row->rating [indicator] = imi_kpi_rate (indicator, row->value [indicator]);
    }
    row->overall = imi_kpi_overall (row->rating);
}

int
imi_kpi_compute (imi_store_t *store, const imi_kpi_query_t *query, imi_kpi_row_fn *each,
                 void *context)
{
    assert (query && each);
    sqlite3_stmt *statement = imi_store_statement (store, s_compute);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, query->from_ms);
    sqlite3_bind_int64 (statement, 2, query->to_ms);
    sqlite3_bind_int64 (statement, 3, query->now_ms);
    if (query->state)
        sqlite3_bind_text (statement, 4, query->state, -1, SQLITE_STATIC);
    if (query->authority)
        sqlite3_bind_text (statement, 5, query->authority, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 6, query->by_state);
    int rc;
    imi_kpi_row_t row;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        s_fill_row (&row, statement);
        each (context, &row);
    }
    sqlite3_reset (statement);
    return rc == SQLITE_DONE? 0: imi_store_error (store, "computing indicators");
}

//  imi_kpi_data's row callback: the row as data onto the array of rows.
typedef struct {
    json_t *rows;
    bool failed;                        //  out of memory
} s_rows_t;

static void
s_append_row (void *context, const imi_kpi_row_t *row)
{
    s_rows_t *rows = (s_rows_t *) context;
    json_t *values = json_array ();
    for (int indicator = 0; values && indicator < IMI_KPI_COUNT; indicator++) {
        bool rated = row->rating [indicator] != IMI_RATING_NONE;
        if (json_array_append_new (values, json_pack ("{s:o, s:s, s:I, s:I}",
                "value", rated? json_real (row->value [indicator]): json_null (),
                "rating", imi_rating_name (row->rating [indicator]),
                "numerator", (json_int_t) row->numerator [indicator],
                "denominator", (json_int_t) row->denominator [indicator])))
            json_decref (values), values = NULL;
    }
    if (!values || json_array_append_new (rows->rows, json_pack ("{s:s, s:I, s:o, s:s}",
                                          "scope", row->scope,
                                          "requests", (json_int_t) row->requests,
                                          "values", values,
                                          "overall", imi_rating_name (row->overall))))
        rows->failed = true;
}

int
imi_kpi_data (imi_store_t *store, const imi_kpi_query_t *query, json_t **result)
{
    *result = NULL;
    s_rows_t rows = { json_array (), false };
    json_t *titles = json_array ();
    for (int indicator = 0; titles && indicator < IMI_KPI_COUNT; indicator++)
        if (json_array_append_new (titles, json_string (s_titles [indicator])))
            json_decref (titles), titles = NULL;
    int rc = rows.rows && titles? imi_kpi_compute (store, query, s_append_row, &rows): 0;
    if (rc == 0 && !rows.failed && rows.rows && titles)
        *result = json_pack ("{s:s, s:O, s:O}", "by", query->by_state? "state": "authority",
                             "indicators", titles, "rows", rows.rows);
    json_decref (titles);
    json_decref (rows.rows);
    if (rc == 0 && !*result)
        rc = imi_error_set ("out of memory");
    return rc;
}

/*  imi_kpi: the five IMI performance indicators, from the cases table.

    Indicators measure the responding side: for each responding authority
    (and each responding state) over a period, counting the information
    requests whose procedure counts towards the indicators (cases.kpi = 1,
    set from the catalogue) and that reached their current responder within
    the period (cases.received_ms in [from_ms, to_ms)). Times are the signed
    times of the events (imi_workflow folds them into the cases columns),
    in integer milliseconds; 7 days = 7 * 86400000 ms.

      1 accepted within 7 days (%)      accepted_ms - received_ms <= 7 days,
                                        over requests accepted, or still not
                                        accepted more than 7 days after
                                        received_ms (as of now_ms); withdrawn
                                        before acceptance (closed_ms set,
                                        accepted_ms not): excluded
      2 average days taken to answer    (answered_ms - received_ms) / 1 day,
                                        over answered requests; numerator:
                                        the sum of those differences in ms
      3 answered by the date agreed (%) answered_ms <= end of agreed_date
                                        (23:59:59.999 UTC), over requests with
                                        an agreed date that are answered or
                                        whose date has passed (its end before
                                        now_ms)
      4 timeliness rated negative (%)   rating_timely = 0, over rated requests
      5 effort rated negative (%)       rating_effort = 0, over rated requests

    Ratings (DOMAIN.md), of the unrounded value: 1 and 3: good >= 80, medium
    60-79.99.., poor < 60; 2: good < 16, medium 16-25, poor > 25; 4 and 5:
    good < 5, medium 5-14.99.., poor >= 15. An indicator with nothing to
    count (denominator 0) is "n/a", with value 0. Overall rating: good = 2,
    medium = 1, poor = 0 points, averaged over the indicators that have a
    rating: >= 1.5 good, >= 0.75 medium, else poor; n/a if none has.
*/
#ifndef IMI_KPI_H
#define IMI_KPI_H

#include "imi_body_case.h"
#include "imi_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define IMI_KPI_COUNT 5

typedef enum {
    IMI_RATING_NONE,            //  nothing to count: "n/a"
    IMI_RATING_POOR,
    IMI_RATING_MEDIUM,
    IMI_RATING_GOOD
} imi_rating_t;

typedef struct {
    char scope [IMI_CASE_AUTHORITY_MAX + 1];    //  "DE:x" or "DE"
    int64_t requests;                   //  requests in the period
    int64_t numerator [IMI_KPI_COUNT];  //  what each indicator counts (2: sum of ms)
    int64_t denominator [IMI_KPI_COUNT];
    double value [IMI_KPI_COUNT];       //  percent, or days for indicator 2
    imi_rating_t rating [IMI_KPI_COUNT];
    imi_rating_t overall;
} imi_kpi_row_t;

typedef struct {
    int64_t from_ms, to_ms;             //  period [from, to)
    int64_t now_ms;                     //  "as of" for pending requests
    const char *state;                  //  only responders of this state, or NULL
    const char *authority;              //  only this responding authority, or NULL
    bool by_state;                      //  one row per state instead of per authority
} imi_kpi_query_t;

//  Compute the rows (one per responding authority or state that has
//  requests in the period, ordered by scope, bytewise) with one SQL query
//  and call each for every row; row is valid only during the call, and each
//  must not use store. 0, or -1 on a database error (some rows may have
//  been passed already).
typedef void (imi_kpi_row_fn) (void *context, const imi_kpi_row_t *row);
int imi_kpi_compute (imi_store_t *store, const imi_kpi_query_t *query, imi_kpi_row_fn *each,
                     void *context);

//  Rating of indicator (0-based, asserted) for value (n/a if NaN); and the
//  overall rating of a row's five ratings.
imi_rating_t imi_kpi_rate (int indicator, double value);
imi_rating_t imi_kpi_overall (const imi_rating_t ratings [IMI_KPI_COUNT]);
const char *imi_rating_name (imi_rating_t rating);     //  "good" "medium" "poor" "n/a"

//  The rows as data (*result the caller's):
//      {by: "authority" | "state", indicators: [the five titles],
//       rows: [{scope, requests, values: [{value (percent or days; null
//       for n/a), rating, numerator, denominator} x 5], overall}]}
//  0 or -1.
int imi_kpi_data (imi_store_t *store, const imi_kpi_query_t *query, json_t **result);

#endif

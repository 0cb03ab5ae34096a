/*  imi_body_case: case events and attachment pieces, encoded and checked. */
#include "imi_body_case.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <stdio.h>
#include <string.h>

bool
imi_case_id_valid (const char *id)
{
    if (strlen (id) != 19 || id [2] != '-')
        return false;
    char state [3] = { id [0], id [1], 0 };
    if (!imi_state_code_valid (state))
        return false;
    for (const char *digit = id + 3; *digit; digit++)
        if (!((*digit >= '0' && *digit <= '9') || (*digit >= 'a' && *digit <= 'f')))
            return false;
    return true;
}

//  Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
//  days_from_civil algorithm).
static int64_t
s_days_from_civil (int64_t year, int64_t month, int64_t day)
{
    year -= month <= 2;
    int64_t era = (year >= 0? year: year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2? -3: 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool
imi_case_date_parse (const char *text, int64_t *days)
{
    if (strlen (text) != IMI_CASE_DATE_BYTES || text [4] != '-' || text [7] != '-')
        return false;
    for (int index = 0; index < IMI_CASE_DATE_BYTES; index++)
        if (index != 4 && index != 7 && (text [index] < '0' || text [index] > '9'))
            return false;
    int year = (text [0] - '0') * 1000 + (text [1] - '0') * 100 + (text [2] - '0') * 10
             + (text [3] - '0');
    int month = (text [5] - '0') * 10 + (text [6] - '0');
    int day = (text [8] - '0') * 10 + (text [9] - '0');
    static const int month_days [12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 2000 || year > 2999 || month < 1 || month > 12 || day < 1
    ||  day > month_days [month - 1] || (month == 2 && day == 29 && !leap))
        return false;
    *days = s_days_from_civil (year, month, day);
    return true;
}

void
imi_case_date_format (int64_t days, char text [IMI_CASE_DATE_BYTES + 1])
{
    //  civil_from_days, the inverse of the above
    days += 719468;
    int64_t era = (days >= 0? days: days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                           - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
    int64_t month = mp + (mp < 10? 3: -9);
    int64_t year = year_of_era + era * 400 + (month <= 2);
    int fields [3] = { (int) (year % 10000), (int) month, (int) day };
    int widths [3] = { 4, 2, 2 };
    char *cursor = text;
    for (int field = 0; field < 3; field++) {
        for (int digit = widths [field] - 1; digit >= 0; digit--) {
            cursor [digit] = (char) ('0' + fields [field] % 10);
            fields [field] /= 10;
        }
        cursor += widths [field];
        *cursor++ = field < 2? '-': 0;
    }
}

/*  imi_error: the reason the last call on this thread failed.

    Functions that fail return -1 (or -2 for malformed input from outside, or
    NULL) and set a readable reason here, naming what is wrong: the file, the
    field, the peer. Callers print or log imi_error_last(). One buffer per
    thread, overwritten by the next failure; never holds secrets.
*/
#ifndef IMI_ERROR_H
#define IMI_ERROR_H

#include <stddef.h>

#define IMI_ERROR_MAX 512

//  Set the reason for the current failure (printf-style). Returns -1 so
//  callers can write `return imi_error_set (...)`.
int imi_error_set (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  Like imi_error_set but returns -2: the input came from outside and is malformed.
int imi_error_malformed (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  What kind of refusal the last failure was.
typedef enum {
    IMI_ERROR_INVALID,          //  bad input, or any failure not marked otherwise
    IMI_ERROR_FORBIDDEN,        //  the user may not do this
    IMI_ERROR_NOT_FOUND,        //  no such thing (among those the user may see)
    IMI_ERROR_CONFLICT          //  not in the thing's present state
} imi_error_kind_t;

//  Like imi_error_malformed, and the refusal is of kind. Returns -2.
int imi_error_refuse (imi_error_kind_t kind, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Mark the current reason (a refusal already set, perhaps wrapped) as
//  of kind. Returns -2.
int imi_error_refused (imi_error_kind_t kind);

//  The kind of the last failure on this thread.
imi_error_kind_t imi_error_kind (void);

//  Prefix the current reason with context ("loading manifest: <reason>"). Returns -1.
int imi_error_wrap (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  The reason of the last failure on this thread ("" if none).
const char *imi_error_last (void);

void imi_error_test (void);

#endif

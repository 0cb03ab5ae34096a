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

//  What kind of failure the last one was: the caller's own (set, wrap),
//  or, for input from outside (-2), what is wrong with it. A client maps
//  the kind to its answer (the control reply's status, an HTTP code).
typedef enum {
    IMI_ERROR_FAILED,           //  -1: it failed here (the database, memory, ...)
    IMI_ERROR_MALFORMED,        //  -2: the input is wrong
    IMI_ERROR_NOT_FOUND,        //  -2: no such thing (among what the asker may see)
    IMI_ERROR_FORBIDDEN,        //  -2: the asker may see it but not do this
    IMI_ERROR_CONFLICT,         //  -2: not allowed in the thing's current state
    IMI_ERROR_WRITER            //  -2: it would write, and this connection only reads:
                                //  the node's loop, which writes, must do it
} imi_error_kind_t;

//  Like imi_error_malformed (returns -2), of the given kind.
int imi_error_refuse (imi_error_kind_t kind, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  The kind of the last failure on this thread.
imi_error_kind_t imi_error_kind (void);

//  Prefix the current reason with context ("loading manifest: <reason>"). Returns -1
//  (the kind is kept).
int imi_error_wrap (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  The reason of the last failure on this thread ("" if none).
const char *imi_error_last (void);

void imi_error_test (void);

#endif

/*  imi_config: a node's configuration file.

    Format: one "key = value" per line; '#' starts a comment line; blank lines
    ignored; keys are [a-z0-9_]+; values run to the end of the line with
    surrounding spaces trimmed; a key may repeat (e.g. governance_key), in
    which case every value is kept in order. Anything else is an error that
    names the file and the line.
*/
#ifndef IMI_CONFIG_H
#define IMI_CONFIG_H

#include <stddef.h>

typedef struct _imi_config_t imi_config_t;

//  Parse path. NULL on failure, with "path:line: reason".
imi_config_t *imi_config_load (const char *path);

//  Parse text held in memory (name is used in error messages).
imi_config_t *imi_config_parse (const char *text, const char *name);

void imi_config_destroy (imi_config_t **self_p);

//  Fail (-1, naming the key and line) if any key is not in the NULL-terminated
//  list known: catches typos that would otherwise be silently ignored.
int imi_config_check_keys (imi_config_t *self, const char *const *known);

//  Last value of key, or default_value if absent.
const char *imi_config_get (imi_config_t *self, const char *key, const char *default_value);

//  Integer value of key within [minimum, maximum], or default_value if
//  absent. Returns 0, or -1 if present but not an integer in range.
int imi_config_get_int (imi_config_t *self, const char *key, long default_value,
                        long minimum, long maximum, long *value);

//  How many times key appears, and its n-th value (0-based; NULL if none).
size_t imi_config_count (imi_config_t *self, const char *key);
const char *imi_config_get_nth (imi_config_t *self, const char *key, size_t n);

//  Value of key as a path: a relative value is resolved against the folder
//  of the config file (not the working directory). default_value (may be
//  NULL) is resolved the same way. The string lives as long as the config.
const char *imi_config_get_path (imi_config_t *self, const char *key, const char *default_value);

//  Parse text as a whole decimal number within [minimum, maximum] (for
//  settings, command-line options, control arguments). 0, or -2 with
//  "NAME 'TEXT' must be a whole number from MIN to MAX".
int imi_parse_number (const char *text, const char *name, long minimum, long maximum,
                      long *value);

void imi_config_test (void);

#endif

/*  imi_repository: registers fed by notifications (see imi_repository.h).

    Data: the two catalogue files, read once at start into small arrays
    (a few dozen rows); the entries in repository_entries (one row per
    entry, its fields as 'field<TAB>value' lines in register order, which
    the checks guarantee hold no tab or line break) and the FTS5 table
    repository_fts (one row per entry, same rowid: every value, folded).
    An entry changes only inside the transaction of the notification event
    that carries it, so the index and the rows never disagree.
*/
#include "imi_repository.h"
#include "imi_page.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_lines.h"
#include "imi_search.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ROWS_MAX      256
#define S_COLUMNS_MAX   8
#define S_LINE_MAX      2048

typedef enum { S_CODE, S_TEXT, S_DATE, S_DATE_FROM, S_DATE_TO, S_STATE, S_CHOICE } s_type_t;

static const char *s_type_names [] = {
    "code", "text", "date", "date-from", "date-to", "state", "choice"
};

typedef struct {
    char register_code [IMI_CASE_CODE_MAX + 1];
    char field [IMI_CASE_CODE_MAX + 1];
    s_type_t type;
    bool key;
    bool required;
    char values [256];              //  choice: '|'-separated
    char label [128];               //  English
} s_field_t;

typedef struct {
    char procedure [IMI_CASE_CODE_MAX + 1];
    char register_code [IMI_CASE_CODE_MAX + 1];     //  "" = none
} s_procedure_t;

struct _imi_repository_t {
    s_field_t fields [S_ROWS_MAX];
    size_t field_count;
    s_procedure_t procedures [S_ROWS_MAX];
    size_t procedure_count;
    imi_catalogue_t *catalogue;     //  while loading: the procedures' catalogue
};

//  ---------------------------------------------------------------------------
//  SQL, one place

static const char *s_entry_get =
    "SELECT id, notification_id, fields FROM repository_entries WHERE register = ?1 AND key = ?2";
static const char *s_entry_insert =
    "INSERT INTO repository_entries (register, key, state, status, fields, notification_id,"
    " version, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char *s_entry_update =
    "UPDATE repository_entries SET status = ?2, fields = ?3, version = ?4, updated_ms = ?5"
    " WHERE id = ?1";
static const char *s_fts_delete = "DELETE FROM repository_fts WHERE rowid = ?1";
static const char *s_fts_insert = "INSERT INTO repository_fts (rowid, text) VALUES (?1, ?2)";
//  Reading: each row is an entry's register, key, state, status, fields,
//  notification_id, version, updated_ms (s_entry_value). A search or a
//  listing reads a page of ?4 rows from offset ?5.
static const char *s_search =
    "SELECT e.register, e.key, e.state, e.status, e.fields, e.notification_id, e.version,"
    " e.updated_ms FROM repository_fts f JOIN repository_entries e ON e.id = f.rowid"
    " WHERE repository_fts MATCH ?1 AND (?2 IS NULL OR e.register = ?2)"
    " AND (?3 IS NULL OR e.state = ?3) ORDER BY rank, e.id LIMIT ?4 OFFSET ?5";
static const char *s_list =
    "SELECT register, key, state, status, fields, notification_id, version, updated_ms"
    " FROM repository_entries WHERE (?2 IS NULL OR register = ?2) AND (?3 IS NULL OR state = ?3)"
    " ORDER BY register, key LIMIT ?4 OFFSET ?5";
static const char *s_show =
    "SELECT register, key, state, status, fields, notification_id, version, updated_ms"
    " FROM repository_entries WHERE key = ?1 AND (?2 IS NULL OR register = ?2)"
    " ORDER BY register";

//  ---------------------------------------------------------------------------
//  Loading

//  Split line at tabs into at most S_COLUMNS_MAX columns; the count.
static size_t
s_split (char *line, char *columns [S_COLUMNS_MAX])
{
    size_t count = 0;
    for (char *cursor = line; count < S_COLUMNS_MAX; ) {
        columns [count++] = cursor;
        cursor = strchr (cursor, '\t');
        if (!cursor)
            break;
        *cursor++ = 0;
    }
    return count;
}

//  Read the rows of path (after its header, which must be header) into
//  row (count columns each, called per row). 0, or -1 with "file:line:".
static int
s_read (const char *dir, const char *name, const char *header, size_t columns,
        int (*row) (imi_repository_t *self, char **values), imi_repository_t *self)
{
    char path [1024];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen (path, "r");
    if (!file)
        return imi_error_set ("%s: cannot be read", path);
    char line [S_LINE_MAX];
    int number = 0, rc = 0;
    bool headed = false;
    while (rc == 0 && fgets (line, sizeof line, file)) {
        number++;
        line [strcspn (line, "\r\n")] = 0;
        if (*line == '#' || *line == 0)
            continue;
        if (!headed) {
            headed = true;
            if (strcmp (line, header) != 0)
                rc = imi_error_set ("%s:%d: the header is not '%s'", path, number, header);
            continue;
        }
        char *values [S_COLUMNS_MAX];
        if (s_split (line, values) != columns)
            rc = imi_error_set ("%s:%d: expected %zu tab-separated columns", path, number,
                                columns);
        else
        if (row (self, values))
            rc = imi_error_wrap ("%s:%d", path, number);
    }
    fclose (file);
    return rc;
}

static int
s_register_row (imi_repository_t *self, char **values)
{
    if (self->field_count == S_ROWS_MAX)
        return imi_error_set ("more than %d fields", S_ROWS_MAX);
    s_field_t *field = &self->fields [self->field_count];
    if (!imi_directory_code_valid (values [0], IMI_CASE_CODE_MAX)
    ||  !imi_directory_code_valid (values [1], IMI_CASE_CODE_MAX))
        return imi_error_set ("register and field are codes");
    snprintf (field->register_code, sizeof field->register_code, "%s", values [0]);
    snprintf (field->field, sizeof field->field, "%s", values [1]);
    size_t type = 0;
    while (type < sizeof s_type_names / sizeof s_type_names [0]
       &&  strcmp (s_type_names [type], values [2]) != 0)
        type++;
    if (type == sizeof s_type_names / sizeof s_type_names [0])
        return imi_error_set ("unknown type '%s'", values [2]);
    field->type = (s_type_t) type;
    if ((strcmp (values [3], "yes") && strcmp (values [3], "no"))
    ||  (strcmp (values [4], "yes") && strcmp (values [4], "no")))
        return imi_error_set ("key and required are yes or no");
    field->key = strcmp (values [3], "yes") == 0;
    field->required = strcmp (values [4], "yes") == 0 || field->key;
    if ((field->type == S_CHOICE) != (strcmp (values [5], "-") != 0)
    ||  strlen (values [5]) >= sizeof field->values || strlen (values [6]) >= sizeof field->label
    ||  !*values [6])
        return imi_error_set ("values are given for a choice only, and a label for every field");
    snprintf (field->values, sizeof field->values, "%s", values [5]);
    snprintf (field->label, sizeof field->label, "%s", values [6]);
    for (size_t index = 0; index < self->field_count; index++)
        if (strcmp (self->fields [index].register_code, field->register_code) == 0
        &&  strcmp (self->fields [index].field, field->field) == 0)
            return imi_error_set ("field %s twice", field->field);
    self->field_count++;
    return 0;
}

static int
s_procedure_row (imi_repository_t *self, char **values)
{
    if (self->procedure_count == S_ROWS_MAX)
        return imi_error_set ("more than %d procedures", S_ROWS_MAX);
    if (!imi_catalogue_procedure_area (self->catalogue, values [0]))
        return imi_error_set ("procedure '%s' is not in procedures.tsv", values [0]);
    s_procedure_t *procedure = &self->procedures [self->procedure_count++];
    snprintf (procedure->procedure, sizeof procedure->procedure, "%s", values [0]);
    if (strcmp (values [1], "-") != 0) {
        bool known = false;
        for (size_t index = 0; index < self->field_count; index++)
            known |= strcmp (self->fields [index].register_code, values [1]) == 0;
        if (!known)
            return imi_error_set ("register '%s' is not in registers.tsv", values [1]);
        snprintf (procedure->register_code, sizeof procedure->register_code, "%s", values [1]);
    }
    return 0;
}

imi_repository_t *
imi_repository_load (const char *dir, imi_catalogue_t *catalogue)
{
    imi_repository_t *self = calloc (1, sizeof *self);
    assert (self);
    self->catalogue = catalogue;
    if (s_read (dir, "registers.tsv", "register\tfield\ttype\tkey\trequired\tvalues\ten", 7,
                s_register_row, self)
    ||  s_read (dir, "notifications.tsv", "procedure\tregister", 2, s_procedure_row, self))
        imi_repository_destroy (&self);
    else
        self->catalogue = NULL;
    return self;
}

void
imi_repository_destroy (imi_repository_t **self_p)
{
    free (*self_p);
    *self_p = NULL;
}

bool
imi_repository_procedure (imi_repository_t *self, const char *procedure,
                          const char **register_code)
{
    for (size_t index = 0; index < self->procedure_count; index++)
        if (strcmp (self->procedures [index].procedure, procedure) == 0) {
            *register_code = *self->procedures [index].register_code
                           ? self->procedures [index].register_code: NULL;
            return true;
        }
    return false;
}

json_t *
imi_repository_fields_data (imi_repository_t *self, const char *register_code)
{
    json_t *fields = json_array ();
    for (size_t index = 0; fields && index < self->field_count; index++) {
        const s_field_t *field = &self->fields [index];
        if (strcmp (field->register_code, register_code) != 0)
            continue;
        json_t *values = json_array ();
        for (const char *value = field->values; values && field->type == S_CHOICE && *value;
             value += strcspn (value, "|") + (value [strcspn (value, "|")] == '|'))
            if (json_array_append_new (values, json_stringn (value, strcspn (value, "|"))))
                json_decref (values), values = NULL;
        if (!values || json_array_append_new (fields, json_pack (
                "{s:s, s:s, s:s, s:b, s:b, s:o}", "field", field->field, "label", field->label,
                "type", s_type_names [field->type], "key", field->key,
                "required", field->required, "values", values)))
            json_decref (fields), fields = NULL;
    }
    return fields;
}

//  ---------------------------------------------------------------------------
//  Checks

static bool
s_register_known (imi_repository_t *self, const char *register_code)
{
    for (size_t index = 0; index < self->field_count; index++)
        if (strcmp (self->fields [index].register_code, register_code) == 0)
            return true;
    return false;
}

static const char *
s_value_of (const imi_notification_pair_t *entry, size_t count, const char *field)
{
    for (size_t index = 0; index < count; index++)
        if (strcmp (entry [index].field, field) == 0)
            return entry [index].value;
    return NULL;
}

static bool
s_choice_has (const char *values, const char *value)
{
    size_t size = strlen (value);
    for (const char *cursor = values; cursor; cursor = strchr (cursor, '|')) {
        if (*cursor == '|')
            cursor++;
        if (strncmp (cursor, value, size) == 0 && (cursor [size] == '|' || cursor [size] == 0))
            return true;
    }
    return false;
}

static int
s_value_check (const s_field_t *field, const char *value, const char *state)
{
    int64_t days;
    switch (field->type) {
        case S_CODE: {
            size_t size = strlen (value);
            bool valid = size >= 1 && size <= IMI_CASE_CODE_MAX;
            for (size_t index = 0; valid && index < size; index++)
                valid = (value [index] >= 'a' && value [index] <= 'z')
                     || (value [index] >= 'A' && value [index] <= 'Z')
                     || (value [index] >= '0' && value [index] <= '9')
                     || strchr ("._-", value [index]);
            if (!valid)
                return imi_error_malformed ("field %s: '%s' is not 1 to %d of A-Z a-z 0-9 . _ -",
                                            field->field, value, IMI_CASE_CODE_MAX);
            return 0;
        }
        case S_TEXT:
            if (!value [strspn (value, " ")])
                return imi_error_malformed ("field %s: blank", field->field);
            return 0;
        case S_DATE:
        case S_DATE_FROM:
        case S_DATE_TO:
            if (!imi_case_date_parse (value, &days))
                return imi_error_malformed ("field %s: '%s' is not a date (YYYY-MM-DD, 2000 to "
                                            "2999)", field->field, value);
            return 0;
        case S_STATE:
            if (strlen (value) != 2 || !imi_state_code_valid (value))
                return imi_error_malformed ("field %s: '%s' is not a state code", field->field,
                                            value);
            if (field->key && strcmp (value, state) != 0)
                return imi_error_malformed ("field %s: %s registers its own entries, not %s's",
                                            field->field, state, value);
            return 0;
        case S_CHOICE:
            if (!s_choice_has (field->values, value))
                return imi_error_malformed ("field %s: '%s' is not one of %s", field->field,
                                            value, field->values);
            return 0;
    }
    return 0;
}

int
imi_repository_check (imi_repository_t *self, const char *register_code, const char *state,
                      const imi_notification_pair_t *entry, size_t count,
                      char key [IMI_REPOSITORY_KEY_MAX + 1])
{
    if (!s_register_known (self, register_code))
        return imi_error_malformed ("unknown register '%s'", register_code);
    for (size_t index = 0; index < count; index++) {
        const s_field_t *field = NULL;
        for (size_t each = 0; each < self->field_count && !field; each++)
            if (strcmp (self->fields [each].register_code, register_code) == 0
            &&  strcmp (self->fields [each].field, entry [index].field) == 0)
                field = &self->fields [each];
        if (!field)
            return imi_error_malformed ("register %s has no field '%s'", register_code,
                                        entry [index].field);
        if (s_value_check (field, entry [index].value, state))
            return -2;
    }
    *key = 0;
    const char *from = NULL, *to = NULL;
    for (size_t each = 0; each < self->field_count; each++) {
        const s_field_t *field = &self->fields [each];
        if (strcmp (field->register_code, register_code) != 0)
            continue;
        const char *value = s_value_of (entry, count, field->field);
        if (!value && field->required)
            return imi_error_malformed ("register %s needs field %s (%s)", register_code,
                                        field->field, field->label);
        if (field->type == S_DATE_FROM)
            from = value;
        if (field->type == S_DATE_TO)
            to = value;
        if (field->key) {
            size_t used = strlen (key);
            if (used + strlen (value) + 2 > IMI_REPOSITORY_KEY_MAX)
                return imi_error_malformed ("the key of this entry is too long");
            snprintf (key + used, IMI_REPOSITORY_KEY_MAX + 1 - used, "%s%s", used? "/": "",
                      value);
        }
    }
    if (from && to && strcmp (to, from) < 0)
        return imi_error_malformed ("the entry is valid to %s, before it is valid from %s", to,
                                    from);
    return 0;
}

//  ---------------------------------------------------------------------------
//  Applying

//  entry as stored: 'field<TAB>value' lines in register order, into *text
//  (malloc'd); the status field's value into status; folded values into
//  *index (malloc'd).
static int
s_entry_text (imi_repository_t *self, const char *register_code,
              const imi_notification_pair_t *entry, size_t count, char **text,
              const char **status, char **index)
{
    size_t size = 1;
    for (size_t each = 0; each < count; each++)
        size += strlen (entry [each].field) + strlen (entry [each].value) + 2;
    *text = malloc (size);
    char *values = malloc (size);
    assert (*text && values);
    **text = 0;
    *values = 0;
    *status = "";
    for (size_t each = 0; each < self->field_count; each++) {
        const s_field_t *field = &self->fields [each];
        const char *value = strcmp (field->register_code, register_code) == 0
                          ? s_value_of (entry, count, field->field): NULL;
        if (!value)
            continue;
        strcat (strcat (strcat (strcat (*text, field->field), "\t"), value), "\n");
        strcat (strcat (values, value), " ");
        if (strcmp (field->field, "status") == 0)
            *status = value;
    }
    *index = imi_search_fold (values);
    free (values);
    return *index? 0: imi_error_set ("repository: out of memory");
}

//  Parse stored fields text into pairs. The count.
static size_t
s_entry_parse (const char *text, imi_notification_pair_t *entry)
{
    size_t count = 0;
    while (*text && count < IMI_NOTIFICATION_ENTRY_MAX) {
        const char *tab = strchr (text, '\t'), *end = strchr (text, '\n');
        if (!tab || !end || tab > end)
            break;
        imi_notification_pair_t *pair = &entry [count++];
        snprintf (pair->field, sizeof pair->field, "%.*s", (int) (tab - text), text);
        snprintf (pair->value, sizeof pair->value, "%.*s", (int) (end - tab - 1), tab + 1);
        text = end + 1;
    }
    return count;
}

int
imi_repository_entry (imi_repository_t *self, imi_store_t *store, const char *register_code,
                      const char *key, imi_notification_pair_t *entry, size_t *count)
{
    (void) self;
    sqlite3_stmt *statement = imi_store_statement (store, s_entry_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, register_code, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        *count = s_entry_parse ((const char *) sqlite3_column_text (statement, 2), entry);
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW)
        return 0;
    return rc == SQLITE_DONE? 1: imi_store_error (store, "reading a register entry");
}

int
imi_repository_apply (imi_repository_t *self, imi_store_t *store, const char *state,
                      const imi_notification_event_t *event, const char *notification_id,
                      uint64_t version, const char *key)
{
    const char *register_code = event->register_code;
    imi_notification_pair_t stored [IMI_NOTIFICATION_ENTRY_MAX];
    const imi_notification_pair_t *entry = event->entry;
    size_t count = event->entry_count;
    char entry_key [IMI_REPOSITORY_KEY_MAX + 1];
    bool withdraw = strcmp (event->register_op, "withdraw") == 0;
    if (withdraw)
        snprintf (entry_key, sizeof entry_key, "%s", key? key: "");
    else
    if (imi_repository_check (self, register_code, state, entry, count, entry_key))
        return -2;
    //  The row as it is
    sqlite3_stmt *statement = imi_store_statement (store, s_entry_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, register_code, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, entry_key, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    sqlite3_int64 id = 0;
    bool ours = false;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64 (statement, 0);
        ours = strcmp ((const char *) sqlite3_column_text (statement, 1), notification_id) == 0;
        if (withdraw)
            count = s_entry_parse ((const char *) sqlite3_column_text (statement, 2), stored);
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading a register entry");
    bool add = strcmp (event->register_op, "add") == 0;
    if (add && id)
        return imi_error_malformed ("register %s already has entry %s", register_code,
                                    entry_key);
    if (!add && (!id || !ours))
        return imi_error_malformed ("register %s has no entry %s of notification %s",
                                    register_code, entry_key, notification_id);
    if (withdraw) {
        for (size_t index = 0; index < count; index++)
            if (strcmp (stored [index].field, "status") == 0)
                snprintf (stored [index].value, sizeof stored [index].value, "withdrawn");
        entry = stored;
    }
    char *text, *index;
    const char *status;
    if (s_entry_text (self, register_code, entry, count, &text, &status, &index))
        return -1;
    statement = imi_store_statement (store, add? s_entry_insert: s_entry_update);
    rc = statement? 0: -1;
    if (statement && add) {
        sqlite3_bind_text (statement, 1, register_code, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 2, entry_key, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, state, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 5, text, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 6, notification_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 7, (sqlite3_int64) version);
        sqlite3_bind_int64 (statement, 8, (sqlite3_int64) event->at_ms);
    }
    else
    if (statement) {
        sqlite3_bind_int64 (statement, 1, id);
        sqlite3_bind_text (statement, 2, status, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, text, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 4, (sqlite3_int64) version);
        sqlite3_bind_int64 (statement, 5, (sqlite3_int64) event->at_ms);
    }
    if (statement)
        rc = imi_store_step_done (store, statement, "writing a register entry");
    if (rc == 0 && add)
        id = sqlite3_last_insert_rowid (imi_store_db (store));
    for (int step = 0; rc == 0 && step < 2; step++) {
        statement = imi_store_statement (store, step? s_fts_insert: s_fts_delete);
        rc = statement? 0: -1;
        if (statement) {
            sqlite3_bind_int64 (statement, 1, id);
            if (step)
                sqlite3_bind_text (statement, 2, index, -1, SQLITE_STATIC);
            rc = imi_store_step_done (store, statement, "indexing a register entry");
        }
    }
    free (text);
    free (index);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Reading

//  An entry of the row statement is on (the columns of s_show): {register,
//  key, state, status, fields [{field, label, type, value}] in the
//  register's order, notification, version, updated (RFC 3339)}. NULL out
//  of memory.
static json_t *
s_entry_value (imi_repository_t *self, sqlite3_stmt *statement)
{
    const char *register_code = (const char *) sqlite3_column_text (statement, 0);
    imi_notification_pair_t entry [IMI_NOTIFICATION_ENTRY_MAX];
    size_t count = s_entry_parse ((const char *) sqlite3_column_text (statement, 4), entry);
    json_t *fields = json_array ();
    for (size_t each = 0; fields && each < self->field_count; each++) {
        const s_field_t *field = &self->fields [each];
        const char *value = strcmp (field->register_code, register_code) == 0
                          ? s_value_of (entry, count, field->field): NULL;
        if (value && json_array_append_new (fields, json_pack (
                "{s:s, s:s, s:s, s:s}", "field", field->field, "label", field->label,
                "type", s_type_names [field->type], "value", value)))
            json_decref (fields), fields = NULL;
    }
    char updated [32];
    imi_lines_time_data (sqlite3_column_int64 (statement, 7), updated);
    return json_pack ("{s:s, s:s, s:s, s:s, s:o*, s:s, s:I, s:s}", "register", register_code,
                      "key", (const char *) sqlite3_column_text (statement, 1),
                      "state", (const char *) sqlite3_column_text (statement, 2),
                      "status", (const char *) sqlite3_column_text (statement, 3),
                      "fields", fields,
                      "notification", (const char *) sqlite3_column_text (statement, 5),
                      "version", (json_int_t) sqlite3_column_int64 (statement, 6),
                      "updated", updated);
}

//  Append the entries statement finds to items, limit of them at most (0:
//  all) and say whether there are more. 0, -1.
static int
s_entries (imi_repository_t *self, imi_store_t *store, sqlite3_stmt *statement, long limit,
           json_t *items, bool *more)
{
    int rc = 0, step = SQLITE_DONE;
    *more = false;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        if (limit && (long) json_array_size (items) == limit) {
            *more = true;
            break;
        }
        if (json_array_append_new (items, s_entry_value (self, statement)))
            rc = imi_error_set ("out of memory");
    }
    if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = imi_store_error (store, "reading the repository");
    sqlite3_reset (statement);
    return rc;
}

int
imi_repository_search (imi_repository_t *self, imi_store_t *store, const char *text,
                       const char *register_code, const char *state, const char *cursor,
                       long limit, json_t *page)
{
    long offset = 0;
    if (cursor && imi_page_offset (cursor, &offset))
        return -2;
    if (register_code && !s_register_known (self, register_code))
        return imi_error_malformed ("unknown register '%s'", register_code);
    if (state && (strlen (state) != 2 || !imi_state_code_valid (state)))
        return imi_error_malformed ("'%s' is not a state code", state);
    char *expression = NULL;
    if (!text)
        text = "";
    int rc = imi_search_expression (store, text, &expression);
    if (rc)
        return rc;
    bool listing = !*expression;
    if (listing && !register_code && !state) {
        free (expression);
        return imi_error_malformed ("search for some words, or give --register or --state");
    }
    if (listing && text [strspn (text, " \t\n\r\f\v")]) {
        free (expression);
        return 0;                   //  words, but none searchable: nothing matches
    }
    sqlite3_stmt *statement = imi_store_statement (store, listing? s_list: s_search);
    if (!statement) {
        free (expression);
        return -1;
    }
    if (!listing)
        sqlite3_bind_text (statement, 1, expression, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, register_code, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 4, limit + 1);
    sqlite3_bind_int64 (statement, 5, offset);
    bool more;
    rc = s_entries (self, store, statement, limit, json_object_get (page, "items"), &more);
    free (expression);
    if (rc == 0 && more)
        rc = imi_page_next_offset (page, offset + limit);
    return rc;
}

int
imi_repository_show (imi_repository_t *self, imi_store_t *store, const char *key,
                     const char *register_code, json_t **result)
{
    *result = NULL;
    sqlite3_stmt *statement = imi_store_statement (store, s_show);
    json_t *entries = json_array ();
    if (!statement || !entries) {
        json_decref (entries);
        return statement? imi_error_set ("out of memory"): -1;
    }
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, register_code, -1, SQLITE_STATIC);
    bool more;
    int rc = s_entries (self, store, statement, 0, entries, &more);
    if (rc == 0 && json_array_size (entries) == 0)
        rc = imi_error_refuse (IMI_ERROR_NOT_FOUND, "no entry '%s' in the repository%s%s", key,
                               register_code? " register ": "",
                               register_code? register_code: "");
    if (rc == 0 && !(*result = json_pack ("{s:O}", "entries", entries)))
        rc = imi_error_set ("out of memory");
    json_decref (entries);
    return rc;
}

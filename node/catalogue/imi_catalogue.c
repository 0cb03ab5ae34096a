/*  imi_catalogue: legal areas, procedures and information request question
    sets, read from data files. See imi_catalogue.h for the contract and
    data/catalogue/README.md for the format an editor of the files sees.

    Six files, one table each, read in this order because each may refer
    to the ones before it:
        legal_areas.tsv     code  <languages>
        procedures.tsv      code  legal_area  <languages>       (area exists)
        questions.tsv       set  id  part  type  <languages>
        answer_options.tsv  question  option  <languages>       (choice question exists)
        requests.tsv        procedure  question_set  reply_within  accept_within
                            kpi  block_months                   (procedure, set exist)
        alerts.tsv          procedure  field_set  decision_field  send_within
                                                                (procedure, date field exist)

    One reader serves them all, driven by a table of file specifications
    (s_specs): the fixed columns, which of them is the row's code, whether
    language columns follow, and a function that checks a row's fixed
    fields and fills its typed record (imi_question_t, imi_request_rules_t),
    then an optional one that checks across rows once the file is read.

    Each file is read once into memory and cut in place: tabs and line ends
    become NULs, and every code and name is a pointer into that copy, so a
    table is its text, one row array, one array of name pointers (row_count
    x language_count, row-major) and one array of typed records. The
    catalogue is small (a few hundred rows) and read-only after loading, so
    lookups are linear scans; there is nothing to keep in sync.

    The loader is strict because the files are edited by hand and a mistake
    would otherwise surface far away, as an authority refused by a peer, a
    search that finds nothing or a question an official cannot read. Every
    rule failure stops the load with "path:line: reason". Invariants after a
    successful load: every row has valid codes, unique within their scope,
    and a non-empty name in every language of its file; every file with
    languages has "en"; answer_options.tsv has the languages of
    questions.tsv; every reference (procedure to area, option to choice
    question, request to procedure and question set) resolves; every choice
    question has at least two options and no other question has any.
*/
#include "imi_catalogue.h"
#include "imi_error.h"
#include "imi_node_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  The catalogue is a few tens of kilobytes; anything this big is a mistake.
#define S_FILE_MAX          (1024 * 1024)
#define S_LANGUAGES_MAX     32
#define S_FIXED_MAX         6       //  most columns before the languages (requests.tsv)
#define S_NAME_MAX          IMI_DIRECTORY_NAME_MAX
#define S_QUESTION_TEXT_MAX 512     //  a question is a sentence, not a heading
#define S_DAYS_MAX          365     //  longest reply or acceptance period
#define S_BLOCK_MONTHS_MAX  18      //  IMI Regulation Art. 14: 6, or 18 by a sector act
#define S_OPTIONS_MIN       2
#define S_SHOWN_MAX         60      //  bytes of an answer quoted in a reason
#define S_CODE_CHARACTERS   "abcdefghijklmnopqrstuvwxyz0123456789._-"
#define S_TEXT              SIZE_MAX
#define S_AREAS_FILE        "legal_areas.tsv"
#define S_PROCEDURES_FILE   "procedures.tsv"
#define S_QUESTIONS_FILE    "questions.tsv"
#define S_OPTIONS_FILE      "answer_options.tsv"
#define S_REQUESTS_FILE     "requests.tsv"
#define S_ALERTS_FILE       "alerts.tsv"

//  The tables, in loading order.
typedef enum {
    S_AREAS,
    S_PROCEDURES,
    S_QUESTIONS,
    S_OPTIONS,
    S_REQUESTS,
    S_ALERTS,
    S_TABLE_COUNT,
    S_NO_TABLE = S_TABLE_COUNT
} s_table_id_t;

//  The answer types as questions.tsv spells them, and what each accepts.
static const struct {
    const char *name;
    const char *accepts;            //  completes "question 'x' takes ..."
} s_answer_types [] = {
    [IMI_ANSWER_YES_NO] = { "yes-no", "yes or no" },
    [IMI_ANSWER_CHOICE] = { "choice", "one of its options" },
    [IMI_ANSWER_DATE]   = { "date", "a date (YYYY-MM-DD, 1900 to 2999)" },
    [IMI_ANSWER_TEXT]   = { "text", "a text" },
};
#define S_ANSWER_TYPE_COUNT (sizeof s_answer_types / sizeof s_answer_types [0])

typedef struct {
    const char *code;               //  the row's code (the spec's key column), into text
    const char *fields [S_FIXED_MAX];   //  the columns before the languages, into text
    int line;                       //  1-based line number, for messages
} s_row_t;

typedef struct _s_spec_t s_spec_t;

typedef struct {
    const s_spec_t *spec;           //  what the file holds
    char *path;                     //  file path, for messages
    char *text;                     //  copy of the file, cut into fields
    const char *languages [S_LANGUAGES_MAX];    //  header's language codes, into text
    size_t language_count;
    size_t english;                 //  index of "en" in languages
    size_t fixed_count;             //  columns before the languages
    s_row_t *rows;                  //  in file order
    size_t row_count;
    const char **names;             //  row_count x language_count, into text
    void *items;                    //  one spec->item_size record per row, or NULL
} s_table_t;

struct _imi_catalogue_t {
    s_table_t tables [S_TABLE_COUNT];   //  indexed by s_table_id_t
};

//  Checks the fixed fields of a row (after the field count, before the
//  names) and fills its record item, if the spec has one. The row is not yet
//  counted in table->row_count. 0 or -1 with "path:line: reason".
typedef int (s_row_check_fn) (imi_catalogue_t *self, const s_table_t *table,
                              const s_row_t *row, void *item);

//  Checks across the rows of a file once it is read; derives data. 0 or -1.
typedef int (s_finish_fn) (imi_catalogue_t *self, s_table_t *table);

struct _s_spec_t {
    const char *file;
    const char *columns [S_FIXED_MAX + 1];  //  fixed columns, NULL-terminated
    size_t key;                     //  index of the column holding the row's code
    bool languages;                 //  language columns follow the fixed ones
    s_table_id_t languages_of;      //  table whose languages these must be, or S_NO_TABLE
    const char *noun;               //  what a language column holds: "name", "text"
    size_t name_max;                //  longest name, bytes
    size_t item_size;               //  size of a row's typed record, 0 for none
    s_row_check_fn *check;
    s_finish_fn *finish;            //  or NULL
    bool may_be_empty;              //  a header and no rows is a valid file
};

static const s_spec_t s_specs [S_TABLE_COUNT];

static void
s_table_free (s_table_t *table)
{
    free (table->items);
    free (table->names);
    free (table->rows);
    free (table->text);
    free (table->path);
}

//  Row index of code in table, or -1.
static long
s_find (const s_table_t *table, const char *code)
{
    if (!code)
        return -1;
    for (size_t index = 0; index < table->row_count; index++)
        if (strcmp (table->rows [index].code, code) == 0)
            return (long) index;
    return -1;
}

//  Typed record of row index of table.
static void *
s_item (const s_table_t *table, size_t index)
{
    return (char *) table->items + index * table->spec->item_size;
}

//  True if code is 1..IMI_DIRECTORY_CODE_MAX characters of S_CODE_CHARACTERS.
static bool
s_code_valid (const char *code)
{
    size_t length = strlen (code);
    return length >= 1 && length <= IMI_DIRECTORY_CODE_MAX
        && strspn (code, S_CODE_CHARACTERS) == length;
}

//  Check that column of row holds a valid code; what names it in the
//  reason ("code", "question id"). 0 or -1.
static int
s_check_code (const s_table_t *table, const s_row_t *row, size_t column, const char *what)
{
    if (s_code_valid (row->fields [column]))
        return 0;
    return imi_error_set ("%s:%d: invalid %s '%.80s' (1 to %d of a-z, 0-9, '.', '_', '-')",
                          table->path, row->line, what, row->fields [column],
                          IMI_DIRECTORY_CODE_MAX);
}

//  Check that the row's code is valid and not on an earlier row. 0 or -1.
static int
s_check_unique_code (const s_table_t *table, const s_row_t *row, const char *what)
{
    if (s_check_code (table, row, table->spec->key, what))
        return -1;
    long previous = s_find (table, row->code);
    if (previous >= 0)
        return imi_error_set ("%s:%d: duplicate %s '%s' (first on line %d)", table->path,
                              row->line, what, row->code, table->rows [previous].line);
    return 0;
}

//  True if the line holds a control character other than tab (the
//  separator). The line is already known to be valid UTF-8.
static bool
s_has_control (const char *line)
{
    for (const unsigned char *scan = (const unsigned char *) line; *scan; scan++)
        if ((*scan < 0x20 && *scan != '\t') || *scan == 0x7F)
            return true;
    return false;
}

//  Split line at tabs in place into at most maximum fields. Returns the
//  number of fields the line has (which may be more than maximum).
static size_t
s_split (char *line, char **fields, size_t maximum)
{
    size_t count = 0;
    char *field = line;
    while (true) {
        char *tab = strchr (field, '\t');
        if (tab)
            *tab = 0;
        if (count < maximum)
            fields [count] = field;
        count++;
        if (!tab)
            return count;
        field = tab + 1;
    }
}

//  True if lang is one of the table's language columns.
static bool
s_has_language (const s_table_t *table, const char *lang)
{
    for (size_t index = 0; lang && index < table->language_count; index++)
        if (strcmp (table->languages [index], lang) == 0)
            return true;
    return false;
}

//  Check that the table has the same language columns as like, in any
//  order. 0 or -1 naming the first difference.
static int
s_check_same_languages (const s_table_t *table, const s_table_t *like, int line)
{
    for (size_t index = 0; index < table->language_count; index++)
        if (!s_has_language (like, table->languages [index]))
            return imi_error_set ("%s:%d: header: language '%s' is not a column of %s "
                                  "(the two files have the same languages)", table->path,
                                  line, table->languages [index], like->spec->file);
    for (size_t index = 0; index < like->language_count; index++)
        if (!s_has_language (table, like->languages [index]))
            return imi_error_set ("%s:%d: header: no '%s' column, which %s has "
                                  "(the two files have the same languages)", table->path,
                                  line, like->languages [index], like->spec->file);
    return 0;
}

//  Check the header line against the fixed columns, then read the language
//  columns. 0 or -1 with the reason set.
static int
s_parse_header (imi_catalogue_t *self, s_table_t *table, char **fields, size_t field_count,
                int line)
{
    const s_spec_t *spec = table->spec;
    for (size_t index = 0; index < table->fixed_count; index++)
        if (index >= field_count || strcmp (fields [index], spec->columns [index]) != 0)
            return imi_error_set ("%s:%d: header: column %zu must be '%s'%s%s%s", table->path,
                                  line, index + 1, spec->columns [index],
                                  index < field_count? ", not '": "",
                                  index < field_count? fields [index]: "",
                                  index < field_count? "'": "");
    if (!spec->languages) {
        if (field_count > table->fixed_count)
            return imi_error_set ("%s:%d: header: unexpected column %zu '%s' (this file has "
                                  "no language columns)", table->path, line,
                                  table->fixed_count + 1, fields [table->fixed_count]);
        return 0;
    }
    if (field_count - table->fixed_count > S_LANGUAGES_MAX)
        return imi_error_set ("%s:%d: header: more than %d languages", table->path, line,
                              S_LANGUAGES_MAX);
    table->english = S_LANGUAGES_MAX;
    for (size_t index = table->fixed_count; index < field_count; index++) {
        const char *lang = fields [index];
        if (strlen (lang) != 2 || strspn (lang, "abcdefghijklmnopqrstuvwxyz") != 2)
            return imi_error_set ("%s:%d: header: column %zu '%s' is not a language code "
                                  "(ISO 639-1, two lower-case letters)",
                                  table->path, line, index + 1, lang);
        if (s_has_language (table, lang))
            return imi_error_set ("%s:%d: header: language '%s' appears twice",
                                  table->path, line, lang);
        if (strcmp (lang, "en") == 0)
            table->english = table->language_count;
        table->languages [table->language_count++] = lang;
    }
    if (table->english == S_LANGUAGES_MAX)
        return imi_error_set ("%s:%d: header: no 'en' column (English is the fallback name)",
                              table->path, line);
    if (spec->languages_of != S_NO_TABLE)
        return s_check_same_languages (table, &self->tables [spec->languages_of], line);
    return 0;
}

//  Check and store one data row.
static int
s_parse_row (imi_catalogue_t *self, s_table_t *table, char **fields, size_t field_count,
             int line)
{
    const s_spec_t *spec = table->spec;
    size_t expected = table->fixed_count + table->language_count;
    if (field_count != expected)
        return imi_error_set ("%s:%d: expected %zu tab-separated fields, found %zu",
                              table->path, line, expected, field_count);
    s_row_t *row = &table->rows [table->row_count];
    for (size_t index = 0; index < table->fixed_count; index++)
        row->fields [index] = fields [index];
    row->code = fields [spec->key];
    row->line = line;
    void *item = spec->item_size? s_item (table, table->row_count): NULL;
    if (spec->check (self, table, row, item))
        return -1;
    const char **names = table->names + table->row_count * table->language_count;
    for (size_t index = 0; index < table->language_count; index++) {
        const char *name = fields [table->fixed_count + index];
        const char *lang = table->languages [index];
        size_t length = strlen (name);
        if (length == 0)
            return imi_error_set ("%s:%d: '%s' has no '%s' %s", table->path, line, row->code,
                                  lang, spec->noun);
        if (name [0] == ' ' || name [length - 1] == ' ')
            return imi_error_set ("%s:%d: '%s' %s of '%s' has leading or trailing spaces",
                                  table->path, line, lang, spec->noun, row->code);
        if (length > spec->name_max)
            return imi_error_set ("%s:%d: '%s' %s of '%s' is longer than %zu bytes",
                                  table->path, line, lang, spec->noun, row->code,
                                  spec->name_max);
        names [index] = name;
    }
    table->row_count++;
    return 0;
}

//  Parse size bytes of text into table. 0 or -1 with "path:line: reason".
static int
s_table_parse (imi_catalogue_t *self, s_table_t *table, const char *text, size_t size)
{
    const s_spec_t *spec = table->spec;
    while (spec->columns [table->fixed_count])
        table->fixed_count++;
    size_t line_count = 1;
    for (size_t index = 0; index < size; index++)
        line_count += text [index] == '\n';
    table->text = malloc (size + 1);
    table->rows = calloc (line_count, sizeof *table->rows);
    //  Language count is not known yet: reserve for the most we accept.
    table->names = calloc (line_count * S_LANGUAGES_MAX, sizeof *table->names);
    table->items = spec->item_size? calloc (line_count, spec->item_size): NULL;
    if (!table->text || !table->rows || !table->names || (spec->item_size && !table->items))
        return imi_error_set ("out of memory");
    memcpy (table->text, text, size);
    table->text [size] = 0;

    char *fields [S_FIXED_MAX + S_LANGUAGES_MAX + 1];
    size_t field_max = sizeof fields / sizeof fields [0];
    bool have_header = false;
    char *next = table->text;
    for (int line = 1; next; line++) {
        char *start = next;
        next = strchr (start, '\n');
        if (next)
            *next++ = 0;
        size_t length = (next? (size_t) (next - 1 - start): (size_t) (table->text + size - start));
        if (strlen (start) != length)
            return imi_error_set ("%s:%d: line contains a NUL byte", table->path, line);
        if (length && start [length - 1] == '\r')
            start [--length] = 0;
        if (!imi_utf8_valid ((const uint8_t *) start, length))
            return imi_error_set ("%s:%d: not valid UTF-8", table->path, line);
        if (s_has_control (start))
            return imi_error_set ("%s:%d: line contains a control character", table->path, line);
        if (length == 0 || start [0] == '#')
            continue;
        size_t field_count = s_split (start, fields, field_max);
        int rc = have_header
            ? s_parse_row (self, table, fields, field_count, line)
            : s_parse_header (self, table, fields, field_count, line);
        if (rc)
            return rc;
        have_header = true;
    }
    if (!have_header)
        return imi_error_set ("%s: no header line", table->path);
    if (table->row_count == 0 && !table->spec->may_be_empty)
        return imi_error_set ("%s: no rows after the header", table->path);
    return spec->finish? spec->finish (self, table): 0;
}

//  Read dir/<spec file> into table. 0 or -1.
static int
s_table_load (imi_catalogue_t *self, s_table_t *table, const char *dir)
{
    if (asprintf (&table->path, "%s/%s", dir, table->spec->file) == -1) {
        table->path = NULL;
        return imi_error_set ("out of memory");
    }
    FILE *handle = fopen (table->path, "rb");
    if (!handle) {
        if (errno == ENOENT)
            return imi_error_set ("%s does not exist", table->path);
        return imi_error_set ("cannot open %s: %s", table->path, strerror (errno));
    }
    char *text = malloc (S_FILE_MAX + 1);
    size_t size = text? fread (text, 1, S_FILE_MAX + 1, handle): 0;
    bool failed = !text || ferror (handle);
    fclose (handle);
    int rc;
    if (failed)
        rc = imi_error_set ("cannot read %s", table->path);
    else
    if (size > S_FILE_MAX)
        rc = imi_error_set ("%s is larger than %d bytes", table->path, S_FILE_MAX);
    else
        rc = s_table_parse (self, table, text, size);
    free (text);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The files: what each row must satisfy.

static int
s_area_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row, void *item)
{
    (void) self;
    (void) item;
    return s_check_unique_code (table, row, "code");
}

static int
s_procedure_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row,
                   void *item)
{
    (void) item;
    if (s_check_unique_code (table, row, "code"))
        return -1;
    const char *legal_area = row->fields [1];
    if (s_find (&self->tables [S_AREAS], legal_area) < 0)
        return imi_error_set ("%s:%d: legal area '%.80s' of '%s' is not in %s", table->path,
                              row->line, legal_area, row->code, S_AREAS_FILE);
    return 0;
}

//  questions.tsv: set  id  part  type. The id starts with "<set>." so that
//  ids stay unique as sets are added and say where they belong.
static int
s_question_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row,
                  void *item)
{
    (void) self;
    imi_question_t *question = item;
    const char *set = row->fields [0];
    const char *part = row->fields [2];
    const char *type = row->fields [3];
    if (s_check_code (table, row, 0, "question set")
    ||  s_check_unique_code (table, row, "question id"))
        return -1;
    size_t set_length = strlen (set);
    if (strncmp (row->code, set, set_length) != 0 || row->code [set_length] != '.'
    ||  row->code [set_length + 1] == 0)
        return imi_error_set ("%s:%d: question id '%s' must start with its set and a dot "
                              "('%s.')", table->path, row->line, row->code, set);
    if (strcmp (part, "subject") != 0 && strcmp (part, "question") != 0)
        return imi_error_set ("%s:%d: part of '%s' must be subject or question, not '%.80s'",
                              table->path, row->line, row->code, part);
    size_t index = 0;
    while (index < S_ANSWER_TYPE_COUNT && strcmp (s_answer_types [index].name, type) != 0)
        index++;
    if (index == S_ANSWER_TYPE_COUNT)
        return imi_error_set ("%s:%d: type of '%s' must be yes-no, choice, date or text, "
                              "not '%.80s'", table->path, row->line, row->code, type);
    question->id = row->code;
    question->set = set;
    question->subject = strcmp (part, "subject") == 0;
    question->type = (imi_answer_type_t) index;
    return 0;
}

//  Row index in the options table of option of question, or -1.
static long
s_find_option (const s_table_t *options, const char *question, const char *option)
{
    for (size_t index = 0; question && option && index < options->row_count; index++)
        if (strcmp (options->rows [index].fields [0], question) == 0
        &&  strcmp (options->rows [index].code, option) == 0)
            return (long) index;
    return -1;
}

//  answer_options.tsv: question  option. Options belong to choice questions;
//  an option code is unique within its question. The reserved question
//  IMI_CATALOGUE_YES_NO names the answers "yes" and "no" of every yes-no
//  question in each language.
static int
s_option_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row,
                void *item)
{
    (void) item;
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    const char *id = row->fields [0];
    if (strcmp (id, IMI_CATALOGUE_YES_NO) == 0) {
        if (strcmp (row->fields [1], "yes") != 0 && strcmp (row->fields [1], "no") != 0)
            return imi_error_set ("%s:%d: the options of '%s' are yes and no, not '%.80s'",
                                  table->path, row->line, id, row->fields [1]);
        return s_find_option (table, id, row->fields [1]) >= 0
             ? imi_error_set ("%s:%d: duplicate option '%s' of '%s'", table->path, row->line,
                              row->fields [1], id)
             : 0;
    }
    long index = s_find (questions, id);
    if (index < 0)
        return imi_error_set ("%s:%d: question '%.80s' is not in %s", table->path, row->line,
                              id, S_QUESTIONS_FILE);
    const imi_question_t *question = s_item (questions, (size_t) index);
    if (question->type != IMI_ANSWER_CHOICE)
        return imi_error_set ("%s:%d: question '%s' is of type %s: only choice questions "
                              "have options", table->path, row->line, id,
                              s_answer_types [question->type].name);
    if (s_check_code (table, row, 1, "option code"))
        return -1;
    long previous = s_find_option (table, id, row->code);
    if (previous >= 0)
        return imi_error_set ("%s:%d: duplicate option '%s' of '%s' (first on line %d)",
                              table->path, row->line, row->code, id,
                              table->rows [previous].line);
    return 0;
}

//  Count each question's options; a choice question needs S_OPTIONS_MIN.
static int
s_option_finish (imi_catalogue_t *self, s_table_t *table)
{
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    for (size_t index = 0; index < questions->row_count; index++) {
        imi_question_t *question = s_item (questions, index);
        for (size_t option = 0; option < table->row_count; option++)
            question->option_count += strcmp (table->rows [option].fields [0],
                                              question->id) == 0;
        if (question->type == IMI_ANSWER_CHOICE && question->option_count < S_OPTIONS_MIN)
            return imi_error_set ("%s:%d: choice question '%s' needs at least %d options "
                                  "in %s, has %zu", questions->path,
                                  questions->rows [index].line, question->id, S_OPTIONS_MIN,
                                  S_OPTIONS_FILE, question->option_count);
    }
    return 0;
}

//  Parse "<count><unit>": count 1..S_DAYS_MAX in decimal without a leading
//  zero, then exactly unit. True and *count set if it matches.
static bool
s_parse_days (const char *text, const char *unit, int *count)
{
    size_t digits = strspn (text, "0123456789");
    if (digits == 0 || digits > 3 || text [0] == '0' || strcmp (text + digits, unit) != 0)
        return false;
    *count = atoi (text);
    return *count <= S_DAYS_MAX;
}

//  requests.tsv: procedure  question_set  reply_within  accept_within  kpi
//  block_months.
static int
s_request_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row,
                 void *item)
{
    imi_request_rules_t *rules = item;
    const char *set = row->fields [1];
    const char *reply = row->fields [2];
    const char *accept = row->fields [3];
    const char *kpi = row->fields [4];
    const char *months = row->fields [5];
    if (s_find (&self->tables [S_PROCEDURES], row->code) < 0)
        return imi_error_set ("%s:%d: procedure '%.80s' is not in %s", table->path, row->line,
                              row->code, S_PROCEDURES_FILE);
    if (s_check_unique_code (table, row, "procedure"))
        return -1;
    bool has_question = false;
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    for (size_t index = 0; index < questions->row_count && !has_question; index++) {
        const imi_question_t *question = s_item (questions, index);
        has_question = !question->subject && strcmp (question->set, set) == 0;
    }
    if (!has_question)
        return imi_error_set ("%s:%d: question set '%.80s' of '%s' has no questions in %s",
                              table->path, row->line, set, row->code, S_QUESTIONS_FILE);
    rules->reply_working_days = s_parse_days (reply, "wd", &rules->reply_days);
    if (!rules->reply_working_days && !s_parse_days (reply, "d", &rules->reply_days))
        return imi_error_set ("%s:%d: reply_within of '%s' must be 1 to %d days, as 30d "
                              "(calendar days) or 25wd (working days), not '%.80s'",
                              table->path, row->line, row->code, S_DAYS_MAX, reply);
    if (!s_parse_days (accept, "d", &rules->accept_days))
        return imi_error_set ("%s:%d: accept_within of '%s' must be 1 to %d calendar days, "
                              "as 7d, not '%.80s'", table->path, row->line, row->code,
                              S_DAYS_MAX, accept);
    if (strcmp (kpi, "yes") != 0 && strcmp (kpi, "no") != 0)
        return imi_error_set ("%s:%d: kpi of '%s' must be yes or no, not '%.80s'", table->path,
                              row->line, row->code, kpi);
    size_t digits = strspn (months, "0123456789");
    rules->block_months = digits == strlen (months) && digits >= 1 && digits <= 2
                        && months [0] != '0'? atoi (months): 0;
    if (rules->block_months < 1 || rules->block_months > S_BLOCK_MONTHS_MAX)
        return imi_error_set ("%s:%d: block_months of '%s' must be 1 to %d, not '%.80s'",
                              table->path, row->line, row->code, S_BLOCK_MONTHS_MAX, months);
    rules->procedure = row->code;
    rules->question_set = set;
    rules->kpi = strcmp (kpi, "yes") == 0;
    return 0;
}

//  alerts.tsv: procedure  field_set  decision_field  send_within.
static int
s_alert_check (imi_catalogue_t *self, const s_table_t *table, const s_row_t *row, void *item)
{
    imi_alert_rules_t *rules = item;
    const char *set = row->fields [1];
    const char *decision = row->fields [2];
    const char *within = row->fields [3];
    if (s_find (&self->tables [S_PROCEDURES], row->code) < 0)
        return imi_error_set ("%s:%d: procedure '%.80s' is not in %s", table->path, row->line,
                              row->code, S_PROCEDURES_FILE);
    if (s_check_unique_code (table, row, "procedure"))
        return -1;
    if (s_find (&self->tables [S_REQUESTS], row->code) >= 0)
        return imi_error_set ("%s:%d: '%s' is already an information request procedure in %s",
                              table->path, row->line, row->code, S_REQUESTS_FILE);
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    bool has_field = false;
    for (size_t index = 0; index < questions->row_count && !has_field; index++) {
        const imi_question_t *question = s_item (questions, index);
        has_field = question->subject && strcmp (question->set, set) == 0;
    }
    if (!has_field)
        return imi_error_set ("%s:%d: field set '%.80s' of '%s' has no subject fields in %s",
                              table->path, row->line, set, row->code, S_QUESTIONS_FILE);
    long found = s_find (questions, decision);
    const imi_question_t *field = found < 0? NULL: s_item (questions, (size_t) found);
    if (!field || strcmp (field->set, set) != 0 || !field->subject
    ||  field->type != IMI_ANSWER_DATE)
        return imi_error_set ("%s:%d: decision_field '%.80s' of '%s' is not a date field of "
                              "set '%s'", table->path, row->line, decision, row->code, set);
    rules->send_days = 0;
    if (strcmp (within, "-") != 0 && !s_parse_days (within, "d", &rules->send_days))
        return imi_error_set ("%s:%d: send_within of '%s' must be 1 to %d calendar days, as "
                              "3d, or -, not '%.80s'", table->path, row->line, row->code,
                              S_DAYS_MAX, within);
    rules->procedure = row->code;
    rules->field_set = set;
    rules->decision_field = decision;
    return 0;
}

static const s_spec_t s_specs [S_TABLE_COUNT] = {
    [S_AREAS] = {
        S_AREAS_FILE, { "code", NULL }, 0, true, S_NO_TABLE, "name", S_NAME_MAX, 0,
        s_area_check, NULL },
    [S_PROCEDURES] = {
        S_PROCEDURES_FILE, { "code", "legal_area", NULL }, 0, true, S_NO_TABLE, "name",
        S_NAME_MAX, 0, s_procedure_check, NULL },
    [S_QUESTIONS] = {
        S_QUESTIONS_FILE, { "set", "id", "part", "type", NULL }, 1, true, S_NO_TABLE, "text",
        S_QUESTION_TEXT_MAX, sizeof (imi_question_t), s_question_check, NULL },
    [S_OPTIONS] = {
        S_OPTIONS_FILE, { "question", "option", NULL }, 1, true, S_QUESTIONS, "text",
        S_NAME_MAX, 0, s_option_check, s_option_finish },
    [S_REQUESTS] = {
        S_REQUESTS_FILE, { "procedure", "question_set", "reply_within", "accept_within", "kpi",
                           "block_months", NULL }, 0, false, S_NO_TABLE, "name", 0,
        sizeof (imi_request_rules_t), s_request_check, NULL },
    [S_ALERTS] = {
        S_ALERTS_FILE, { "procedure", "field_set", "decision_field", "send_within", NULL }, 0,
        false, S_NO_TABLE, "name", 0, sizeof (imi_alert_rules_t), s_alert_check, NULL, true },
};

//  ---------------------------------------------------------------------------

imi_catalogue_t *
imi_catalogue_load (const char *dir)
{
    imi_catalogue_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    for (size_t index = 0; index < S_TABLE_COUNT; index++)
        self->tables [index].spec = &s_specs [index];
    for (size_t index = 0; self && index < S_TABLE_COUNT; index++)
        if (s_table_load (self, &self->tables [index], dir))
            imi_catalogue_destroy (&self);
    return self;
}

void
imi_catalogue_destroy (imi_catalogue_t **self_p)
{
    assert (self_p);
    imi_catalogue_t *self = *self_p;
    if (self) {
        for (size_t index = 0; index < S_TABLE_COUNT; index++)
            s_table_free (&self->tables [index]);
        free (self);
        *self_p = NULL;
    }
}

bool
imi_catalogue_has_area (imi_catalogue_t *self, const char *code)
{
    return s_find (&self->tables [S_AREAS], code) >= 0;
}

const char *
imi_catalogue_procedure_area (imi_catalogue_t *self, const char *code)
{
    const s_table_t *procedures = &self->tables [S_PROCEDURES];
    long index = s_find (procedures, code);
    return index < 0? NULL: procedures->rows [index].fields [1];
}

//  Name of row index of table in lang, or in English.
static const char *
s_row_name (const s_table_t *table, long row, const char *lang)
{
    if (row < 0)
        return NULL;
    size_t column = table->english;
    for (size_t index = 0; lang && index < table->language_count; index++)
        if (strcmp (table->languages [index], lang) == 0)
            column = index;
    return table->names [(size_t) row * table->language_count + column];
}

const char *
imi_catalogue_area_name (imi_catalogue_t *self, const char *code, const char *lang)
{
    const s_table_t *areas = &self->tables [S_AREAS];
    return s_row_name (areas, s_find (areas, code), lang);
}

const char *
imi_catalogue_procedure_name (imi_catalogue_t *self, const char *code, const char *lang)
{
    const s_table_t *procedures = &self->tables [S_PROCEDURES];
    return s_row_name (procedures, s_find (procedures, code), lang);
}

size_t
imi_catalogue_language_count (imi_catalogue_t *self)
{
    return self->tables [S_AREAS].language_count;
}

const char *
imi_catalogue_language_at (imi_catalogue_t *self, size_t index)
{
    const s_table_t *areas = &self->tables [S_AREAS];
    return index < areas->language_count? areas->languages [index]: NULL;
}

size_t
imi_catalogue_area_count (imi_catalogue_t *self)
{
    return self->tables [S_AREAS].row_count;
}

const char *
imi_catalogue_area_at (imi_catalogue_t *self, size_t index)
{
    const s_table_t *areas = &self->tables [S_AREAS];
    return index < areas->row_count? areas->rows [index].code: NULL;
}

size_t
imi_catalogue_procedure_count (imi_catalogue_t *self)
{
    return self->tables [S_PROCEDURES].row_count;
}

const char *
imi_catalogue_procedure_at (imi_catalogue_t *self, size_t index)
{
    const s_table_t *procedures = &self->tables [S_PROCEDURES];
    return index < procedures->row_count? procedures->rows [index].code: NULL;
}

int
imi_catalogue_check (imi_catalogue_t *self, const imi_authority_t *authority)
{
    if (authority->competence_count > IMI_DIRECTORY_COMPETENCES_MAX)
        return imi_error_malformed ("authority '%s': %zu competences (at most %d)",
                                    authority->id, authority->competence_count,
                                    IMI_DIRECTORY_COMPETENCES_MAX);
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        if (!imi_catalogue_has_area (self, competence->legal_area))
            return imi_error_malformed ("authority '%s': unknown legal area '%s'",
                                        authority->id, competence->legal_area);
        if (competence->procedure_count > IMI_DIRECTORY_PROCEDURES_MAX)
            return imi_error_malformed ("authority '%s': %zu procedures in '%s' (at most %d)",
                                        authority->id, competence->procedure_count,
                                        competence->legal_area, IMI_DIRECTORY_PROCEDURES_MAX);
        for (size_t other = 0; other < competence->procedure_count; other++) {
            const char *procedure = competence->procedures [other];
            const char *area = imi_catalogue_procedure_area (self, procedure);
            if (!area)
                return imi_error_malformed ("authority '%s': unknown procedure '%s'",
                                            authority->id, procedure);
            if (strcmp (area, competence->legal_area) != 0)
                return imi_error_malformed ("authority '%s': procedure '%s' belongs to legal "
                                            "area '%s', not '%s'", authority->id, procedure,
                                            area, competence->legal_area);
        }
    }
    return 0;
}

bool
imi_catalogue_handles (imi_catalogue_t *self, const imi_authority_t *authority,
                       const char *procedure)
{
    const char *area = imi_catalogue_procedure_area (self, procedure);
    for (size_t index = 0; area && index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        if (strcmp (competence->legal_area, area) != 0)
            continue;
        if (competence->procedure_count == 0)
            return true;
        for (size_t each = 0; each < competence->procedure_count; each++)
            if (strcmp (competence->procedures [each], procedure) == 0)
                return true;
    }
    return false;
}

//  ---------------------------------------------------------------------------
//  Information requests

const char *
imi_catalogue_answer_type_name (imi_answer_type_t type)
{
    return (size_t) type < S_ANSWER_TYPE_COUNT? s_answer_types [type].name: NULL;
}

int64_t
imi_catalogue_reply_day (const imi_request_rules_t *rules, int64_t today)
{
    int64_t day = today;
    for (int left = rules->reply_days; left > 0; ) {
        day++;
        int weekday = (int) ((day + 3) % 7);        //  1970-01-01 was a Thursday; 0 = Monday
        if (!rules->reply_working_days || weekday < 5)
            left--;
    }
    return day;
}

const imi_alert_rules_t *
imi_catalogue_alert_rules (imi_catalogue_t *self, const char *procedure)
{
    const s_table_t *alerts = &self->tables [S_ALERTS];
    long index = s_find (alerts, procedure);
    return index < 0? NULL: s_item (alerts, (size_t) index);
}

const imi_request_rules_t *
imi_catalogue_request_rules (imi_catalogue_t *self, const char *procedure)
{
    const s_table_t *requests = &self->tables [S_REQUESTS];
    long index = s_find (requests, procedure);
    return index < 0? NULL: s_item (requests, (size_t) index);
}

const imi_question_t *
imi_catalogue_question (imi_catalogue_t *self, const char *id)
{
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    long index = s_find (questions, id);
    return index < 0? NULL: s_item (questions, (size_t) index);
}

size_t
imi_catalogue_question_count (imi_catalogue_t *self, const char *set)
{
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    size_t count = 0;
    for (size_t index = 0; set && index < questions->row_count; index++)
        count += strcmp (questions->rows [index].fields [0], set) == 0;
    return count;
}

const imi_question_t *
imi_catalogue_question_at (imi_catalogue_t *self, const char *set, size_t index)
{
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    for (size_t row = 0; set && row < questions->row_count; row++)
        if (strcmp (questions->rows [row].fields [0], set) == 0 && index-- == 0)
            return s_item (questions, row);
    return NULL;
}

const char *
imi_catalogue_question_text (imi_catalogue_t *self, const char *id, const char *lang)
{
    const s_table_t *questions = &self->tables [S_QUESTIONS];
    return s_row_name (questions, s_find (questions, id), lang);
}

const char *
imi_catalogue_option_at (imi_catalogue_t *self, const char *question, size_t index)
{
    const s_table_t *options = &self->tables [S_OPTIONS];
    for (size_t row = 0; question && row < options->row_count; row++)
        if (strcmp (options->rows [row].fields [0], question) == 0 && index-- == 0)
            return options->rows [row].code;
    return NULL;
}

const char *
imi_catalogue_option_text (imi_catalogue_t *self, const char *question, const char *option,
                           const char *lang)
{
    const s_table_t *options = &self->tables [S_OPTIONS];
    return s_row_name (options, s_find_option (options, question, option), lang);
}

//  True if value is a real date from 1900 to 2999. imi_case_date_parse
//  takes case dates (2000 to 2999), but answers also hold dates of birth
//  and of diplomas. The Gregorian calendar repeats every 400 years, so
//  19yy-mm-dd is a real date exactly when 23yy-mm-dd is.
static bool
s_date_valid (const char *value)
{
    char shifted [IMI_CASE_DATE_BYTES + 1];
    if (strlen (value) == IMI_CASE_DATE_BYTES && value [0] == '1' && value [1] == '9') {
        memcpy (shifted, value, sizeof shifted);
        shifted [0] = '2';
        shifted [1] = '3';
        value = shifted;
    }
    int64_t days;
    return imi_case_date_parse (value, &days);
}

//  Copy at most S_SHOWN_MAX bytes of value into shown, cut at a character
//  boundary and marked "..." if cut: an answer quoted in a reason.
static void
s_shown (const char *value, char shown [S_SHOWN_MAX + 4])
{
    size_t length = strlen (value);
    size_t cut = length;
    if (length > S_SHOWN_MAX) {
        cut = S_SHOWN_MAX;
        while (cut > 0 && ((unsigned char) value [cut] & 0xC0) == 0x80)
            cut--;
    }
    memcpy (shown, value, cut);
    strcpy (shown + cut, cut < length? "...": "");
}

int
imi_catalogue_answer_check (imi_catalogue_t *self, const char *id, const char *value)
{
    const imi_question_t *question = imi_catalogue_question (self, id);
    if (!question)
        return imi_error_malformed ("unknown question '%.80s'", id? id: "");
    if (!value)
        value = "";
    const char *noun = question->subject? "field": "question";
    char shown [S_SHOWN_MAX + 4];
    s_shown (value, shown);
    size_t length = strlen (value);
    switch (question->type) {
        case IMI_ANSWER_YES_NO:
            if (strcmp (value, "yes") == 0 || strcmp (value, "no") == 0)
                return 0;
            break;
        case IMI_ANSWER_CHOICE: {
            if (s_find_option (&self->tables [S_OPTIONS], id, value) >= 0)
                return 0;
            char list [IMI_ERROR_MAX] = "";
            size_t used = 0;
            const char *option;
            for (size_t index = 0; (option = imi_catalogue_option_at (self, id, index)); index++)
                if (used < sizeof list)
                    used += (size_t) snprintf (list + used, sizeof list - used, "%s%s",
                                               index? ", ": "", option);
            return imi_error_malformed ("%s '%s' takes one of: %s; not '%s'", noun, id, list,
                                        shown);
        }
        case IMI_ANSWER_DATE:
            if (s_date_valid (value))
                return 0;
            break;
        case IMI_ANSWER_TEXT:
            if (length > IMI_CASE_VALUE_MAX)
                return imi_error_malformed ("%s '%s' takes a text of at most %d bytes, not %zu",
                                            noun, id, IMI_CASE_VALUE_MAX, length);
            if (!imi_utf8_valid ((const uint8_t *) value, length))
                return imi_error_malformed ("%s '%s' takes a text in UTF-8", noun, id);
            if (strspn (value, " \t\r\n") < length)
                return 0;
            return imi_error_malformed ("%s '%s' takes a text, not an empty one", noun, id);
    }
    return imi_error_malformed ("%s '%s' takes %s, not '%s'", noun, id,
                                s_answer_types [question->type].accepts, shown);
}

bool
imi_catalogue_has_language (imi_catalogue_t *self, const char *lang)
{
    return s_has_language (&self->tables [S_QUESTIONS], lang);
}

//  Test helper: true if both strings are present and equal.
static bool
s_streq (const char *left, const char *right)
{
    return left && right && strcmp (left, right) == 0;
}

//  Test helper: write text to dir/file.
static void
s_test_write (const char *dir, const char *file, const char *text, size_t size)
{
    char path [1024];
    snprintf (path, sizeof path, "%s/%s", dir, file);
    FILE *handle = fopen (path, "wb");
    assert (handle);
    assert (fwrite (text, 1, size, handle) == size);
    assert (fclose (handle) == 0);
}

//  Test helper: loading the catalogue in dir fails with dir/reason.
static void
s_test_expect_failure (const char *dir, const char *reason)
{
    imi_catalogue_t *catalogue = imi_catalogue_load (dir);
    char expected [1024];
    snprintf (expected, sizeof expected, "%s/%s", dir, reason);
    if (catalogue || strcmp (imi_error_last (), expected) != 0) {
        fprintf (stderr, "expected '%s', got '%s'\n", expected,
                 catalogue? "success": imi_error_last ());
        assert (0);
    }
}

//  Test helper: with these two files in dir (and the information request
//  files already there), loading fails with dir/reason. areas_size is
//  S_TEXT for a NUL-terminated text.
static void
s_test_load_fails (const char *dir, const char *areas, size_t areas_size,
                   const char *procedures, const char *reason)
{
    s_test_write (dir, S_AREAS_FILE, areas, areas_size == S_TEXT? strlen (areas): areas_size);
    s_test_write (dir, S_PROCEDURES_FILE, procedures, strlen (procedures));
    s_test_expect_failure (dir, reason);
}

//  Test helper: write the three information request files to dir, and an
//  alerts file with no alert procedures.
static void
s_test_write_requests (const char *dir, const char *questions, const char *options,
                       const char *requests)
{
    static const char alerts [] = "procedure\tfield_set\tdecision_field\tsend_within\n";
    s_test_write (dir, S_QUESTIONS_FILE, questions, strlen (questions));
    s_test_write (dir, S_OPTIONS_FILE, options, strlen (options));
    s_test_write (dir, S_REQUESTS_FILE, requests, strlen (requests));
    s_test_write (dir, S_ALERTS_FILE, alerts, strlen (alerts));
}

//  Test helper: with these three files in dir (and good legal areas and
//  procedures there), loading fails with dir/reason.
static void
s_test_requests_fail (const char *dir, const char *questions, const char *options,
                      const char *requests, const char *reason)
{
    s_test_write_requests (dir, questions, options, requests);
    s_test_expect_failure (dir, reason);
}

//  Test helper: value is refused as an answer to id with reason.
static void
s_test_answer_fails (imi_catalogue_t *catalogue, const char *id, const char *value,
                     const char *reason)
{
    int rc = imi_catalogue_answer_check (catalogue, id, value);
    if (rc != -2 || strcmp (imi_error_last (), reason) != 0) {
        fprintf (stderr, "answer '%s' to '%s': expected '%s', got %d '%s'\n", value, id,
                 reason, rc, rc? imi_error_last (): "");
        assert (0);
    }
}

//  Test helper: an authority with one competence in area listing procedure
//  (or none if NULL). Caller frees.
static imi_authority_t *
s_test_authority (const char *area, const char *procedure)
{
    imi_authority_t *authority = calloc (1, sizeof *authority);
    assert (authority);
    strcpy (authority->id, "de-0001");
    authority->competence_count = 1;
    strcpy (authority->competences [0].legal_area, area);
    if (procedure) {
        strcpy (authority->competences [0].procedures [0], procedure);
        authority->competences [0].procedure_count = 1;
    }
    return authority;
}

void
imi_catalogue_test (const char *dir)
{
    //  The real catalogue: every legal area of the seed list, with a
    //  procedure each, and the procedures the directory data uses.
    imi_catalogue_t *catalogue = imi_catalogue_load (dir);
    if (!catalogue)
        fprintf (stderr, "%s\n", imi_error_last ());
    assert (catalogue);
    static const char *const seed_areas [] = {
        "professional-qualifications", "services", "posted-workers", "euro-cash-transport",
        "solvit", "solvit-mutual-recognition", "patients-rights", "e-commerce",
        "train-driving-licences", "cultural-objects", "european-professional-card",
        "non-road-mobile-machinery", "gdpr", "public-documents", "firearms",
        "consumer-protection-cooperation", "ejn-civil-commercial", "road-transport",
        "single-digital-gateway", NULL
    };
    for (const char *const *area = seed_areas; *area; area++)
        assert (imi_catalogue_has_area (catalogue, *area));
    assert (imi_catalogue_area_count (catalogue) >= 19);
    for (size_t area = 0; area < imi_catalogue_area_count (catalogue); area++) {
        const char *code = imi_catalogue_area_at (catalogue, area);
        size_t procedures = 0;
        for (size_t index = 0; index < imi_catalogue_procedure_count (catalogue); index++) {
            const char *procedure = imi_catalogue_procedure_at (catalogue, index);
            procedures += strcmp (imi_catalogue_procedure_area (catalogue, procedure),
                                  code) == 0;
        }
        if (procedures == 0)
            fprintf (stderr, "legal area '%s' has no procedure\n", code);
        assert (procedures > 0);
    }
    static const char *const procedures [][2] = {
        { "pq-information-request", "professional-qualifications" },
        { "pq-alert", "professional-qualifications" },
        { "services-information-request", "services" },
        { "services-alert", "services" },
        { "posting-information-request", "posted-workers" },
        { "posting-urgent-information-request", "posted-workers" },
        { "patients-rights-information-request", "patients-rights" },
        { "euro-cash-licence-notification", "euro-cash-transport" },
        { "epc-application", "european-professional-card" },
        { "solvit-case", "solvit" },
        { "road-transport-posting-declaration", "road-transport" },
    };
    for (size_t index = 0; index < sizeof procedures / sizeof procedures [0]; index++)
        assert (s_streq (imi_catalogue_procedure_area (catalogue, procedures [index][0]),
                       procedures [index][1]));
    assert (s_streq (imi_catalogue_area_at (catalogue, 0), "professional-qualifications"));
    assert (imi_catalogue_area_at (catalogue, imi_catalogue_area_count (catalogue)) == NULL);
    assert (imi_catalogue_procedure_at (catalogue, 1000) == NULL);

    //  Names: the reader's language, else English; unknown codes are NULL.
    assert (s_streq (imi_catalogue_area_name (catalogue, "professional-qualifications", "de"),
                   "Berufsqualifikationen"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "professional-qualifications", "pl"),
                   "Kwalifikacje zawodowe"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "professional-qualifications", "ga"),
                   "Professional qualifications"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "services", NULL), "Services"));
    assert (imi_catalogue_area_name (catalogue, "no-such-area", "en") == NULL);
    assert (s_streq (imi_catalogue_procedure_name (catalogue, "solvit-case", "de"), "SOLVIT-Fall"));
    assert (s_streq (imi_catalogue_procedure_name (catalogue, "solvit-case", "is"), "SOLVIT case"));
    assert (imi_catalogue_procedure_name (catalogue, "professional-qualifications", "en") == NULL);
    assert (imi_catalogue_procedure_area (catalogue, "no-such-procedure") == NULL);
    assert (imi_catalogue_procedure_area (catalogue, NULL) == NULL);
    assert (!imi_catalogue_has_area (catalogue, "pq-alert"));

    //  The languages of the names, in the order of legal_areas.tsv's columns.
    assert (imi_catalogue_language_count (catalogue) >= 7);
    assert (s_streq (imi_catalogue_language_at (catalogue, 0), "en"));
    assert (imi_catalogue_language_at (catalogue, imi_catalogue_language_count (catalogue))
            == NULL);

    //  Competences: known areas, known procedures of that area.
    imi_authority_t *authority = s_test_authority ("professional-qualifications",
                                                   "pq-information-request");
    assert (imi_catalogue_check (catalogue, authority) == 0);
    strcpy (authority->competences [0].procedures [1], "pq-alert");
    authority->competences [0].procedure_count = 2;
    authority->competence_count = 2;
    strcpy (authority->competences [1].legal_area, "posted-workers");
    assert (imi_catalogue_check (catalogue, authority) == 0);
    strcpy (authority->competences [1].procedures [0], "services-alert");
    authority->competences [1].procedure_count = 1;
    assert (imi_catalogue_check (catalogue, authority) == -2);
    assert (s_streq (imi_error_last (), "authority 'de-0001': procedure 'services-alert' belongs "
                   "to legal area 'services', not 'posted-workers'"));
    strcpy (authority->competences [1].procedures [0], "posting-alert");
    assert (imi_catalogue_check (catalogue, authority) == -2);
    assert (s_streq (imi_error_last (), "authority 'de-0001': unknown procedure 'posting-alert'"));
    authority->competences [1].procedure_count = IMI_DIRECTORY_PROCEDURES_MAX + 1;
    assert (imi_catalogue_check (catalogue, authority) == -2);
    free (authority);
    authority = s_test_authority ("professional-qualification", NULL);
    assert (imi_catalogue_check (catalogue, authority) == -2);
    assert (s_streq (imi_error_last (),
                   "authority 'de-0001': unknown legal area 'professional-qualification'"));
    authority->competence_count = 0;
    assert (imi_catalogue_check (catalogue, authority) == 0);
    authority->competence_count = IMI_DIRECTORY_COMPETENCES_MAX + 1;
    assert (imi_catalogue_check (catalogue, authority) == -2);
    free (authority);

    //  Who handles what: a competence naming the procedure, or its whole area
    authority = s_test_authority ("professional-qualifications", "pq-alert");
    assert (imi_catalogue_handles (catalogue, authority, "pq-alert"));
    assert (!imi_catalogue_handles (catalogue, authority, "pq-information-request"));
    authority->competences [0].procedure_count = 0;
    assert (imi_catalogue_handles (catalogue, authority, "pq-information-request"));
    assert (!imi_catalogue_handles (catalogue, authority, "services-information-request"));
    assert (!imi_catalogue_handles (catalogue, authority, "no-such-procedure"));
    free (authority);

    //  Information requests: the procedures the indicators count, each
    //  with its rules and a question set in every language we ship.
    static const char *const request_procedures [][2] = {
        { "pq-information-request", "pq" },
        { "services-information-request", "services" },
        { "posting-information-request", "posting" },
        { "posting-urgent-information-request", "posting" },
        { "patients-rights-information-request", "patients" },
    };
    static const char *const languages [] = { "en", "de", "fr", "es", "it", "pl", NULL };
    for (size_t index = 0; index < sizeof request_procedures / sizeof request_procedures [0];
         index++) {
        const char *procedure = request_procedures [index][0];
        const imi_request_rules_t *rules = imi_catalogue_request_rules (catalogue, procedure);
        assert (rules && s_streq (rules->procedure, procedure));
        assert (s_streq (rules->question_set, request_procedures [index][1]));
        assert (rules->kpi);
        assert (rules->block_months == 6 || rules->block_months == 18);
        assert (rules->accept_days >= 1 && rules->accept_days <= 7);
        assert (rules->reply_days >= 1);
    }
    //  Directive 2014/67/EU, Art. 6(6): 2 working days if urgent, else 25.
    const imi_request_rules_t *rules = imi_catalogue_request_rules (catalogue,
                                                                    "posting-information-request");
    assert (rules->reply_days == 25 && rules->reply_working_days);
    rules = imi_catalogue_request_rules (catalogue, "posting-urgent-information-request");
    assert (rules->reply_days == 2 && rules->reply_working_days);
    assert (imi_catalogue_request_rules (catalogue, "pq-alert") == NULL);
    //  Default reply dates: 2 working days from Friday 2026-12-04 is Tuesday
    //  2026-12-08; 25 calendar days from it, 2026-12-29.
    int64_t friday, day;
    assert (imi_case_date_parse ("2026-12-04", &friday));
    assert (imi_case_date_parse ("2026-12-08", &day)
         && imi_catalogue_reply_day (rules, friday) == day);
    assert (imi_case_date_parse ("2026-12-29", &day)
         && imi_catalogue_reply_day (imi_catalogue_request_rules (catalogue, "pq-information-request"),
                                     friday) == day);
    //  Alerts: professional-qualification alerts go out within 3 days of the decision
    const imi_alert_rules_t *alert = imi_catalogue_alert_rules (catalogue, "pq-alert");
    assert (alert && alert->send_days == 3 && strcmp (alert->field_set, "pq-alert") == 0);
    assert (strcmp (alert->decision_field, "pq-alert.decision-date") == 0);
    alert = imi_catalogue_alert_rules (catalogue, "services-alert");
    assert (alert && alert->send_days == 0);
    assert (imi_catalogue_alert_rules (catalogue, "pq-information-request") == NULL);
    assert (imi_catalogue_request_rules (catalogue, "no-such-procedure") == NULL);
    assert (imi_catalogue_request_rules (catalogue, NULL) == NULL);
    for (const char *const *lang = languages; *lang; lang++)
        assert (imi_catalogue_has_language (catalogue, *lang));
    assert (!imi_catalogue_has_language (catalogue, "ga"));

    //  The catalogue as data: the procedures two authorities both handle,
    //  and one procedure's questions and subject fields, in German.
    {
        imi_authority_t *both [2] = {
            s_test_authority ("professional-qualifications", NULL),
            s_test_authority ("professional-qualifications", "pq-information-request")
        };
        json_t *value = imi_catalogue_requests_value (catalogue, "de",
                                                      (const imi_authority_t *const *) both, 2);
        char *text = json_dumps (value, JSON_COMPACT);
        assert (s_streq (text, "{\"lang\":\"de\",\"procedures\":[{\"code\":"
                         "\"pq-information-request\",\"name\":\"Auskunftsersuchen zu "
                         "Berufsqualifikationen\",\"legal_area\":{\"code\":"
                         "\"professional-qualifications\",\"name\":\"Berufsqualifikationen\"}}]}"));
        free (text);
        json_decref (value);
        free (both [0]);
        free (both [1]);
        //  No authority given: every information request procedure, in
        //  English for a language the catalogue lacks
        value = imi_catalogue_requests_value (catalogue, "ga", NULL, 0);
        assert (s_streq (json_string_value (json_object_get (value, "lang")), "en"));
        size_t requests = 0;
        for (size_t index = 0; index < imi_catalogue_procedure_count (catalogue); index++)
            requests += imi_catalogue_request_rules (catalogue, imi_catalogue_procedure_at
                                                                    (catalogue, index)) != NULL;
        assert (requests >= 5);
        assert (json_array_size (json_object_get (value, "procedures")) == requests);
        json_decref (value);

        rules = imi_catalogue_request_rules (catalogue, "pq-information-request");
        value = imi_catalogue_request_value (catalogue, rules, "de", friday);
        assert (s_streq (json_string_value (json_object_get (value, "default_reply_by")),
                         "2026-12-29"));
        text = json_dumps (json_array_get (json_object_get (value, "questions"), 0),
                           JSON_COMPACT);
        assert (s_streq (text, "{\"id\":\"pq.diploma-authentic\",\"type\":\"yes-no\",\"text\":"
                         "\"Ist der beigefügte Ausbildungsnachweis echt?\",\"options\":"
                         "[{\"code\":\"yes\",\"text\":\"Ja\"},{\"code\":\"no\",\"text\":"
                         "\"Nein\"}],\"personal_data\":false}"));
        free (text);
        text = json_dumps (json_array_get (json_object_get (value, "subject_fields"), 2),
                           JSON_COMPACT);
        assert (s_streq (text, "{\"id\":\"pq.date-of-birth\",\"type\":\"date\",\"text\":"
                         "\"Geburtsdatum\",\"options\":[],\"personal_data\":true}"));
        free (text);
        assert (json_array_size (json_object_get (value, "questions"))
              + json_array_size (json_object_get (value, "subject_fields"))
             == imi_catalogue_question_count (catalogue, "pq"));
        json_decref (value);
    }
    assert (!imi_catalogue_has_language (catalogue, NULL));

    static const char *const sets [] = { "pq", "services", "posting", "patients", NULL };
    for (const char *const *set = sets; *set; set++) {
        size_t count = imi_catalogue_question_count (catalogue, *set);
        size_t questions = 0, subjects = 0, choices = 0;
        for (size_t index = 0; index < count; index++) {
            const imi_question_t *question = imi_catalogue_question_at (catalogue, *set, index);
            assert (question && s_streq (question->set, *set));
            assert (imi_catalogue_question (catalogue, question->id) == question);
            assert (strncmp (question->id, *set, strlen (*set)) == 0);
            questions += !question->subject;
            subjects += question->subject;
            choices += question->type == IMI_ANSWER_CHOICE;
            const char *english = imi_catalogue_question_text (catalogue, question->id, "en");
            for (const char *const *lang = languages; *lang; lang++) {
                const char *text = imi_catalogue_question_text (catalogue, question->id, *lang);
                assert (text && *text);
                //  A translation, not the English copied: every language
                //  column of questions.tsv is written out.
                if (strcmp (*lang, "en") != 0 && s_streq (text, english))
                    fprintf (stderr, "question '%s': '%s' text is the English\n",
                             question->id, *lang);
                assert (strcmp (*lang, "en") == 0 || !s_streq (text, english));
            }
            assert ((question->type == IMI_ANSWER_CHOICE) == (question->option_count >= 2));
            assert (question->type == IMI_ANSWER_CHOICE || question->option_count == 0);
            for (size_t option = 0; option < question->option_count; option++) {
                const char *code = imi_catalogue_option_at (catalogue, question->id, option);
                assert (code);
                assert (imi_catalogue_answer_check (catalogue, question->id, code) == 0);
                for (const char *const *lang = languages; *lang; lang++) {
                    const char *text = imi_catalogue_option_text (catalogue, question->id,
                                                                  code, *lang);
                    assert (text && *text);
                }
            }
            assert (imi_catalogue_option_at (catalogue, question->id,
                                             question->option_count) == NULL);
        }
        if (questions < 8 || subjects < 2 || choices < 1)
            fprintf (stderr, "set '%s': %zu questions, %zu subject fields, %zu choices\n",
                     *set, questions, subjects, choices);
        assert (questions >= 8 && subjects >= 2 && choices >= 1);
        assert (imi_catalogue_question_at (catalogue, *set, count) == NULL);
    }
    assert (imi_catalogue_question_count (catalogue, "no-such-set") == 0);
    assert (imi_catalogue_question_count (catalogue, NULL) == 0);
    assert (imi_catalogue_question_at (catalogue, NULL, 0) == NULL);
    assert (imi_catalogue_question (catalogue, "pq.no-such-question") == NULL);
    assert (imi_catalogue_question (catalogue, NULL) == NULL);

    //  The questions the examples below use, and their texts.
    const imi_question_t *question = imi_catalogue_question (catalogue, "pq.training-duration");
    assert (question && !question->subject && question->type == IMI_ANSWER_YES_NO);
    question = imi_catalogue_question (catalogue, "pq.date-of-birth");
    assert (question && question->subject && question->type == IMI_ANSWER_DATE);
    question = imi_catalogue_question (catalogue, "pq.restriction");
    assert (question && question->type == IMI_ANSWER_CHOICE && question->option_count == 4);
    assert (s_streq (imi_catalogue_option_at (catalogue, "pq.restriction", 0), "none"));
    assert (s_streq (imi_catalogue_question_text (catalogue, "pq.diploma-authentic", "de"),
                   "Ist der beigefügte Ausbildungsnachweis echt?"));
    assert (s_streq (imi_catalogue_question_text (catalogue, "pq.diploma-authentic", "ga"),
                   imi_catalogue_question_text (catalogue, "pq.diploma-authentic", "en")));
    assert (s_streq (imi_catalogue_question_text (catalogue, "pq.diploma-authentic", NULL),
                   imi_catalogue_question_text (catalogue, "pq.diploma-authentic", "en")));
    assert (imi_catalogue_question_text (catalogue, "pq-information-request", "en") == NULL);
    assert (s_streq (imi_catalogue_option_text (catalogue, "pq.restriction", "suspended", "fr"),
                   "Suspendu temporairement"));
    assert (imi_catalogue_option_text (catalogue, "pq.restriction", "yes", "en") == NULL);
    assert (imi_catalogue_option_text (catalogue, "pq.diploma-authentic", "yes", "en") == NULL);
    assert (imi_catalogue_option_text (catalogue, NULL, "none", "en") == NULL);
    assert (imi_catalogue_option_at (catalogue, "pq.diploma-authentic", 0) == NULL);
    assert (imi_catalogue_option_at (catalogue, NULL, 0) == NULL);

    //  Answers: accepted as the type says, refused with what it takes.
    assert (imi_catalogue_answer_check (catalogue, "pq.training-duration", "yes") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.training-duration", "no") == 0);
    s_test_answer_fails (catalogue, "pq.training-duration", "maybe",
                         "question 'pq.training-duration' takes yes or no, not 'maybe'");
    s_test_answer_fails (catalogue, "pq.training-duration", "Yes",
                         "question 'pq.training-duration' takes yes or no, not 'Yes'");
    s_test_answer_fails (catalogue, "pq.training-duration", "",
                         "question 'pq.training-duration' takes yes or no, not ''");
    s_test_answer_fails (catalogue, "pq.training-duration", NULL,
                         "question 'pq.training-duration' takes yes or no, not ''");
    assert (imi_catalogue_answer_check (catalogue, "pq.restriction", "prohibited") == 0);
    s_test_answer_fails (catalogue, "pq.restriction", "banned",
                         "question 'pq.restriction' takes one of: none, conditions, "
                         "suspended, prohibited; not 'banned'");
    s_test_answer_fails (catalogue, "pq.restriction", "yes",
                         "question 'pq.restriction' takes one of: none, conditions, "
                         "suspended, prohibited; not 'yes'");
    //  Dates: real ones from 1900 (dates of birth, of diplomas) to 2999.
    assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", "1975-02-28") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", "1976-02-29") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", "1900-01-01") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", "2000-02-29") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", "1999-12-31") == 0);
    assert (imi_catalogue_answer_check (catalogue, "posting.period-end", "2999-12-31") == 0);
    s_test_answer_fails (catalogue, "pq.date-of-birth", "1975-02-29",
                         "field 'pq.date-of-birth' takes a date (YYYY-MM-DD, 1900 to 2999), "
                         "not '1975-02-29'");
    static const char *const bad_dates [] = {
        "1900-02-29", "1899-12-31", "3000-01-01", "2023-13-01", "2023-04-31", "2023-00-10",
        "2023-1-01", "2023-01-01 ", "01.02.1975", "", "1975-02-2x", NULL
    };
    for (const char *const *date = bad_dates; *date; date++)
        assert (imi_catalogue_answer_check (catalogue, "pq.date-of-birth", *date) == -2);
    //  Text: not blank, UTF-8, at most IMI_CASE_VALUE_MAX bytes.
    assert (imi_catalogue_answer_check (catalogue, "pq.family-name", "Kowalska") == 0);
    assert (imi_catalogue_answer_check (catalogue, "pq.family-name", "Wiśniewska-Müller") == 0);
    s_test_answer_fails (catalogue, "pq.family-name", "",
                         "field 'pq.family-name' takes a text, not an empty one");
    s_test_answer_fails (catalogue, "pq.family-name", " \t\n",
                         "field 'pq.family-name' takes a text, not an empty one");
    s_test_answer_fails (catalogue, "pq.family-name", "Dienst\xC3\x28",
                         "field 'pq.family-name' takes a text in UTF-8");
    char *value = malloc (IMI_CASE_VALUE_MAX + 2);
    assert (value);
    memset (value, 'x', IMI_CASE_VALUE_MAX);
    value [IMI_CASE_VALUE_MAX] = 0;
    assert (imi_catalogue_answer_check (catalogue, "pq.further-information", value) == 0);
    strcat (value, "x");
    s_test_answer_fails (catalogue, "pq.further-information", value,
                         "question 'pq.further-information' takes a text of at most 4096 "
                         "bytes, not 4097");
    //  A long answer is quoted in part, cut between characters.
    s_test_answer_fails (catalogue, "pq.training-duration", value,
                         "question 'pq.training-duration' takes yes or no, not "
                         "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
    memcpy (value + 59, "\xC5\x9B", 2);
    s_test_answer_fails (catalogue, "pq.training-duration", value,
                         "question 'pq.training-duration' takes yes or no, not "
                         "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
    free (value);
    s_test_answer_fails (catalogue, "pq.no-such-question", "yes",
                         "unknown question 'pq.no-such-question'");
    s_test_answer_fails (catalogue, NULL, "yes", "unknown question ''");
    imi_catalogue_destroy (&catalogue);
    imi_catalogue_destroy (&catalogue);
    assert (catalogue == NULL);

    //  A small catalogue with every allowed liberty: comments, blank lines,
    //  CR LF, languages in any order, different languages per file.
    char folder [] = "/tmp/imi-catalogue-XXXXXX";
    assert (mkdtemp (folder));
    const char *areas =
        "# Legal areas\r\n"
        "code\tde\ten\r\n"
        "\r\n"
        "services\tDienstleistungen\tServices\r\n"
        "posted-workers\tEntsendung von Arbeitnehmern\tPosting of workers";
    const char *good_procedures =
        "code\tlegal_area\ten\n"
        "services-alert\tservices\tAlert on services\n"
        "# a comment with\ttabs\n"
        "services-information-request\tservices\tInformation request on services\n";
    //  Question files in other languages than the area names; options in
    //  another order of the same languages.
    const char *good_questions =
        "set\tid\tpart\ttype\ten\tde\n"
        "t\tt.name\tsubject\ttext\tName\tName\n"
        "t\tt.ok\tquestion\tyes-no\tIs it in order?\tIst es in Ordnung?\n"
        "t\tt.colour\tquestion\tchoice\tWhich colour?\tWelche Farbe?\n"
        "s\ts.name\tsubject\ttext\tName\tName\n";
    const char *good_options =
        "question\toption\tde\ten\r\n"
        "t.colour\tred\tRot\tRed\r\n"
        "# blue and green\r\n"
        "t.colour\tblue\tBlau\tBlue\r\n";
    const char *good_requests =
        "# no language columns here\n"
        "procedure\tquestion_set\treply_within\taccept_within\tkpi\tblock_months\n"
        "services-information-request\tt\t25wd\t7d\tyes\t6\n"
        "services-alert\tt\t30d\t1d\tno\t18\n";
    s_test_write (folder, S_AREAS_FILE, areas, strlen (areas));
    s_test_write (folder, S_PROCEDURES_FILE, good_procedures, strlen (good_procedures));
    s_test_write_requests (folder, good_questions, good_options, good_requests);
    catalogue = imi_catalogue_load (folder);
    assert (catalogue);
    assert (imi_catalogue_area_count (catalogue) == 2);
    assert (s_streq (imi_catalogue_area_at (catalogue, 1), "posted-workers"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "posted-workers", "de"),
                   "Entsendung von Arbeitnehmern"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "posted-workers", "fr"),
                   "Posting of workers"));
    assert (imi_catalogue_language_count (catalogue) == 2);
    assert (imi_catalogue_procedure_count (catalogue) == 2);
    assert (s_streq (imi_catalogue_procedure_name (catalogue, "services-alert", "de"),
                   "Alert on services"));
    rules = imi_catalogue_request_rules (catalogue, "services-information-request");
    assert (rules && s_streq (rules->question_set, "t") && rules->reply_days == 25
            && rules->reply_working_days && rules->accept_days == 7 && rules->kpi
            && rules->block_months == 6);
    rules = imi_catalogue_request_rules (catalogue, "services-alert");
    assert (rules && rules->reply_days == 30 && !rules->reply_working_days
            && rules->accept_days == 1 && !rules->kpi && rules->block_months == 18);
    assert (imi_catalogue_question_count (catalogue, "t") == 3);
    assert (imi_catalogue_question_count (catalogue, "s") == 1);
    assert (s_streq (imi_catalogue_question_at (catalogue, "t", 2)->id, "t.colour"));
    assert (imi_catalogue_question ((catalogue), "t.colour")->option_count == 2);
    assert (s_streq (imi_catalogue_option_at (catalogue, "t.colour", 1), "blue"));
    assert (s_streq (imi_catalogue_option_text (catalogue, "t.colour", "blue", "de"), "Blau"));
    assert (s_streq (imi_catalogue_option_text (catalogue, "t.colour", "blue", "fr"), "Blue"));
    assert (s_streq (imi_catalogue_question_text (catalogue, "t.ok", "fr"), "Is it in order?"));
    assert (imi_catalogue_has_language (catalogue, "de"));
    assert (!imi_catalogue_has_language (catalogue, "fr"));
    s_test_answer_fails (catalogue, "t.colour", "green",
                         "question 't.colour' takes one of: red, blue; not 'green'");
    imi_catalogue_destroy (&catalogue);

    //  Broken information request files: each refused, naming the file
    //  and the line.
    const char *options = good_options;
    const char *requests = good_requests;
    char questions [1024];
#define S_QUESTIONS_WITH(row) \
    (snprintf (questions, sizeof questions, "%s%s", good_questions, row), questions)
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.more\tanswer\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: part of 't.more' must be subject or question, "
                          "not 'answer'");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.more\tquestion\tbool\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: type of 't.more' must be yes-no, choice, date or "
                          "text, not 'bool'");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tu.more\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: question id 'u.more' must start with its set and "
                          "a dot ('t.')");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\ttt.more\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: question id 'tt.more' must start with its set and "
                          "a dot ('t.')");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: question id 't.' must start with its set and a "
                          "dot ('t.')");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("T\tT.more\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: invalid question set 'T' (1 to 64 of a-z, 0-9, "
                          "'.', '_', '-')");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.Ok\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: invalid question id 't.Ok' (1 to 64 of a-z, 0-9, "
                          "'.', '_', '-')");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.ok\tquestion\ttext\tMore\tMehr\n"),
                          options, requests,
                          "questions.tsv:6: duplicate question id 't.ok' (first on line 3)");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.more\tquestion\ttext\tMore\t\n"),
                          options, requests, "questions.tsv:6: 't.more' has no 'de' text");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.more\tquestion\ttext\tMore\n"),
                          options, requests,
                          "questions.tsv:6: expected 6 tab-separated fields, found 5");
    char long_text [S_QUESTION_TEXT_MAX + 64];
    size_t prefix = (size_t) snprintf (long_text, sizeof long_text,
                                       "t\tt.more\tquestion\ttext\tMore\t");
    memset (long_text + prefix, 'x', S_QUESTION_TEXT_MAX + 1);
    long_text [prefix + S_QUESTION_TEXT_MAX + 1] = 0;
    s_test_requests_fail (folder, S_QUESTIONS_WITH (long_text), options, requests,
                          "questions.tsv:6: 'de' text of 't.more' is longer than 512 bytes");
    s_test_requests_fail (folder, "set\tid\tkind\ttype\ten\n", options, requests,
                          "questions.tsv:1: header: column 3 must be 'part', not 'kind'");
    s_test_requests_fail (folder, S_QUESTIONS_WITH ("t\tt.size\tquestion\tchoice\tSize\tGröße\n"),
                          options, requests,
                          "questions.tsv:6: choice question 't.size' needs at least 2 options "
                          "in answer_options.tsv, has 0");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.colour\tred\tRed\tRot\n", requests,
                          "questions.tsv:4: choice question 't.colour' needs at least 2 "
                          "options in answer_options.tsv, has 1");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.color\tred\tRed\tRot\n", requests,
                          "answer_options.tsv:2: question 't.color' is not in questions.tsv");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.ok\tyes\tYes\tJa\n", requests,
                          "answer_options.tsv:2: question 't.ok' is of type yes-no: only "
                          "choice questions have options");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.colour\tRed\tRed\tRot\n", requests,
                          "answer_options.tsv:2: invalid option code 'Red' (1 to 64 of a-z, "
                          "0-9, '.', '_', '-')");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.colour\tred\tRed\tRot\n"
                          "t.colour\tred\tRed\tRot\n", requests,
                          "answer_options.tsv:3: duplicate option 'red' of 't.colour' (first "
                          "on line 2)");
    s_test_requests_fail (folder, good_questions,
                          "question\toption\ten\tde\nt.colour\tred\tRed\t\n", requests,
                          "answer_options.tsv:2: 'red' has no 'de' text");
    s_test_requests_fail (folder, good_questions, "question\toption\ten\n", requests,
                          "answer_options.tsv:1: header: no 'de' column, which questions.tsv "
                          "has (the two files have the same languages)");
    s_test_requests_fail (folder, good_questions, "question\toption\ten\tde\tfr\n", requests,
                          "answer_options.tsv:1: header: language 'fr' is not a column of "
                          "questions.tsv (the two files have the same languages)");
    s_test_requests_fail (folder, good_questions, "question\toption\ten\tde\n", requests,
                          "answer_options.tsv: no rows after the header");
    char request_text [1024];
#define S_REQUESTS_WITH(row) (snprintf (request_text, sizeof request_text, "%s%s", \
                                        "procedure\tquestion_set\treply_within\t" \
                                        "accept_within\tkpi\tblock_months\n", row), request_text)
    static const char *const broken_requests [][2] = {
        { "services-request\tt\t25wd\t7d\tyes\t6\n",
          "requests.tsv:2: procedure 'services-request' is not in procedures.tsv" },
        { "\tt\t25wd\t7d\tyes\t6\n",
          "requests.tsv:2: procedure '' is not in procedures.tsv" },
        { "services-alert\tt\t25wd\t7d\tyes\t6\nservices-alert\tt\t25wd\t7d\tyes\t6\n",
          "requests.tsv:3: duplicate procedure 'services-alert' (first on line 2)" },
        { "services-alert\tu\t25wd\t7d\tyes\t6\n",
          "requests.tsv:2: question set 'u' of 'services-alert' has no questions in "
          "questions.tsv" },
        { "services-alert\ts\t25wd\t7d\tyes\t6\n",
          "requests.tsv:2: question set 's' of 'services-alert' has no questions in "
          "questions.tsv" },
        { "services-alert\tt\t25\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '25'" },
        { "services-alert\tt\t0d\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '0d'" },
        { "services-alert\tt\t366d\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '366d'" },
        { "services-alert\tt\t025wd\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '025wd'" },
        { "services-alert\tt\t25 wd\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '25 wd'" },
        { "services-alert\tt\t2w\t7d\tyes\t6\n",
          "requests.tsv:2: reply_within of 'services-alert' must be 1 to 365 days, as 30d "
          "(calendar days) or 25wd (working days), not '2w'" },
        { "services-alert\tt\t25wd\t7wd\tyes\t6\n",
          "requests.tsv:2: accept_within of 'services-alert' must be 1 to 365 calendar days, "
          "as 7d, not '7wd'" },
        { "services-alert\tt\t25wd\t\tyes\t6\n",
          "requests.tsv:2: accept_within of 'services-alert' must be 1 to 365 calendar days, "
          "as 7d, not ''" },
        { "services-alert\tt\t25wd\t7d\ttrue\t6\n",
          "requests.tsv:2: kpi of 'services-alert' must be yes or no, not 'true'" },
        { "services-alert\tt\t25wd\t7d\tyes\t24\n",
          "requests.tsv:2: block_months of 'services-alert' must be 1 to 18, not '24'" },
        { "services-alert\tt\t25wd\t7d\tyes\t0\n",
          "requests.tsv:2: block_months of 'services-alert' must be 1 to 18, not '0'" },
        { "services-alert\tt\t25wd\t7d\tyes\t06\n",
          "requests.tsv:2: block_months of 'services-alert' must be 1 to 18, not '06'" },
        { "services-alert\tt\t25wd\t7d\tyes\t6m\n",
          "requests.tsv:2: block_months of 'services-alert' must be 1 to 18, not '6m'" },
        { "services-alert\tt\t25wd\t7d\tyes\n",
          "requests.tsv:2: expected 6 tab-separated fields, found 5" },
        { "services-alert\tt\t25wd\t7d\tyes\t6\tServices\n",
          "requests.tsv:2: expected 6 tab-separated fields, found 7" },
        { "", "requests.tsv: no rows after the header" },
    };
    for (size_t index = 0; index < sizeof broken_requests / sizeof broken_requests [0]; index++)
        s_test_requests_fail (folder, good_questions, options,
                              S_REQUESTS_WITH (broken_requests [index][0]),
                              broken_requests [index][1]);
    s_test_requests_fail (folder, good_questions, options,
                          "procedure\tquestion_set\treply_within\taccept_within\tkpi\t"
                          "block_months\ten\n",
                          "requests.tsv:1: header: unexpected column 7 'en' (this file has no "
                          "language columns)");
    s_test_requests_fail (folder, good_questions, options,
                          "procedure\tset\treply_within\taccept_within\tkpi\tblock_months\n",
                          "requests.tsv:1: header: column 2 must be 'question_set', not 'set'");
#undef S_REQUESTS_WITH
#undef S_QUESTIONS_WITH
    s_test_write_requests (folder, good_questions, good_options, good_requests);

    //  Broken files: each refused, naming the file and the line.
    const char *header = "code\ten\tde\n";
    char text [512];
#define S_AREAS_WITH(row) (snprintf (text, sizeof text, "%s%s", header, row), text)
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\tDienst\xC3\x28\n"),
                       S_TEXT, good_procedures, "legal_areas.tsv:2: not valid UTF-8");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\t\xE2\x82\n"),
                       S_TEXT, good_procedures, "legal_areas.tsv:2: not valid UTF-8");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tSer\x01vices\tDienste\n"),
                       S_TEXT, good_procedures,
                       "legal_areas.tsv:2: line contains a control character");
    static const char with_nul [] = "code\ten\nservices\tSer\0vices\n";
    s_test_load_fails (folder, with_nul, sizeof with_nul - 1, good_procedures,
                       "legal_areas.tsv:2: line contains a NUL byte");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\n"), S_TEXT,
                       good_procedures,
                       "legal_areas.tsv:2: expected 3 tab-separated fields, found 2");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\tDienste\t\n"), S_TEXT,
                       good_procedures,
                       "legal_areas.tsv:2: expected 3 tab-separated fields, found 4");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\t\n"), S_TEXT,
                       good_procedures, "legal_areas.tsv:2: 'services' has no 'de' name");
    s_test_load_fails (folder, S_AREAS_WITH ("services\t Services\tDienste\n"), S_TEXT,
                       good_procedures,
                       "legal_areas.tsv:2: 'en' name of 'services' has leading or trailing spaces");
    s_test_load_fails (folder, S_AREAS_WITH ("Services\tServices\tDienste\n"), S_TEXT,
                       good_procedures, "legal_areas.tsv:2: invalid code 'Services' "
                       "(1 to 64 of a-z, 0-9, '.', '_', '-')");
    s_test_load_fails (folder, S_AREAS_WITH ("posted workers\tPosting\tEntsendung\n"),
                       S_TEXT, good_procedures, "legal_areas.tsv:2: invalid code "
                       "'posted workers' (1 to 64 of a-z, 0-9, '.', '_', '-')");
    s_test_load_fails (folder, S_AREAS_WITH ("\tServices\tDienste\n"), S_TEXT,
                       good_procedures, "legal_areas.tsv:2: invalid code '' "
                       "(1 to 64 of a-z, 0-9, '.', '_', '-')");
    char long_code [IMI_DIRECTORY_CODE_MAX + 2];
    memset (long_code, 'a', sizeof long_code - 1);
    long_code [sizeof long_code - 1] = 0;
    char row [256];
    snprintf (row, sizeof row, "%s\tA\tB\n", long_code);
    s_test_load_fails (folder, S_AREAS_WITH (row), S_TEXT, good_procedures,
                       "legal_areas.tsv:2: invalid code 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaa' (1 to 64 of a-z, 0-9, '.', '_', '-')");
    s_test_load_fails (folder, S_AREAS_WITH ("services\tServices\tDienste\n# x\n"
                                             "services\tServices\tDienstleistungen\n"),
                       S_TEXT, good_procedures,
                       "legal_areas.tsv:4: duplicate code 'services' (first on line 2)");
    s_test_load_fails (folder, "code\tde\nservices\tDienste\n", S_TEXT, good_procedures,
                       "legal_areas.tsv:1: header: no 'en' column (English is the fallback name)");
    s_test_load_fails (folder, "code\ten\tEN\nservices\tServices\tServices\n", S_TEXT,
                       good_procedures, "legal_areas.tsv:1: header: column 3 'EN' is not a "
                       "language code (ISO 639-1, two lower-case letters)");
    s_test_load_fails (folder, "code\ten\tdeu\n", S_TEXT, good_procedures,
                       "legal_areas.tsv:1: header: column 3 'deu' is not a language code "
                       "(ISO 639-1, two lower-case letters)");
    s_test_load_fails (folder, "code\ten\tde\ten\n", S_TEXT, good_procedures,
                       "legal_areas.tsv:1: header: language 'en' appears twice");
    s_test_load_fails (folder, "area\ten\nservices\tServices\n", S_TEXT, good_procedures,
                       "legal_areas.tsv:1: header: column 1 must be 'code', not 'area'");
    s_test_load_fails (folder, "# only a comment\n\n", S_TEXT, good_procedures,
                       "legal_areas.tsv: no header line");
    s_test_load_fails (folder, "", S_TEXT, good_procedures, "legal_areas.tsv: no header line");
    s_test_load_fails (folder, header, S_TEXT, good_procedures,
                       "legal_areas.tsv: no rows after the header");
    char many [512] = "code";
    for (int index = 0; index <= S_LANGUAGES_MAX; index++)
        snprintf (many + strlen (many), sizeof many - strlen (many), "\t%c%c",
                  'a' + index / 26, 'a' + index % 26);
    s_test_load_fails (folder, many, S_TEXT, good_procedures,
                       "legal_areas.tsv:1: header: more than 32 languages");
    char long_name [S_NAME_MAX + 32];
    memset (long_name, 'x', sizeof long_name);
    memcpy (long_name, "services\tServices\t", 18);
    long_name [18 + S_NAME_MAX + 1] = 0;
    snprintf (text, sizeof text, "%s%s", header, long_name);
    s_test_load_fails (folder, text, S_TEXT, good_procedures,
                       "legal_areas.tsv:2: 'de' name of 'services' is longer than 256 bytes");
    s_test_load_fails (folder, areas, S_TEXT,
                       "code\tlegal_area\ten\nservices-alert\tservice\tAlert on services\n",
                       "procedures.tsv:2: legal area 'service' of 'services-alert' is not in "
                       "legal_areas.tsv");
    s_test_load_fails (folder, areas, S_TEXT,
                       "code\ten\nservices-alert\tAlert on services\n",
                       "procedures.tsv:1: header: column 2 must be 'legal_area', not 'en'");
    s_test_load_fails (folder, areas, S_TEXT, "code\n",
                       "procedures.tsv:1: header: column 2 must be 'legal_area'");
    s_test_load_fails (folder, areas, S_TEXT,
                       "code\tlegal_area\ten\na\tservices\tA\nb\tservices\n",
                       "procedures.tsv:3: expected 3 tab-separated fields, found 2");
#undef S_AREAS_WITH

    //  A missing file is named: each is required.
    s_test_write (folder, S_AREAS_FILE, areas, strlen (areas));
    s_test_write (folder, S_PROCEDURES_FILE, good_procedures, strlen (good_procedures));
    catalogue = imi_catalogue_load (folder);
    assert (catalogue);
    imi_catalogue_destroy (&catalogue);
    for (size_t index = S_TABLE_COUNT; index-- > 0;) {
        char path [1024];
        snprintf (path, sizeof path, "%s/%s", folder, s_specs [index].file);
        assert (unlink (path) == 0);
        assert (imi_catalogue_load (folder) == NULL);
        assert (strstr (imi_error_last (), path) && strstr (imi_error_last (), "does not exist"));
    }
    assert (rmdir (folder) == 0);
}

//  ---------------------------------------------------------------------------
//  The catalogue module (imi_module.h)

static int
s_start (imi_node_t *node)
{
    node->catalogue = imi_catalogue_load (node->settings.catalogue_dir);
    if (!node->catalogue)
        return imi_error_wrap ("catalogue (setting catalogue_dir)");
    return 0;
}

static void
s_stop (imi_node_t *node)
{
    imi_catalogue_destroy (&node->catalogue);
}

//  Loaded once at start and never changed: shared with the readers.
static int
s_reader_open (imi_node_t *node, imi_node_t *reader)
{
    reader->catalogue = node->catalogue;
    return 0;
}

const imi_module_t imi_catalogue_module = {
    .name = "catalogue", .start = s_start, .stop = s_stop, .reader_open = s_reader_open
};

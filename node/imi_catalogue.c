/*  imi_catalogue: legal areas and procedures, read from data files. See
    imi_catalogue.h for the contract and data/catalogue/README.md for the
    format an editor of the files sees.

    Each file is read once into memory and cut in place: tabs and line ends
    become NULs, and every code and name is a pointer into that copy, so a
    table is its text, one row array and one array of name pointers
    (row_count x language_count, row-major). The catalogue is small (tens of
    rows) and read-only after loading, so lookups are linear scans; there is
    nothing to keep in sync.

    The loader is strict because the files are edited by hand and a mistake
    would otherwise surface far away, as an authority refused by a peer or a
    search that finds nothing. Every rule failure stops the load with
    "path:line: reason". Invariants after a successful load: every row has a
    valid, unique code and a non-empty name in every language of its file;
    every language set includes "en"; every procedure's legal area is a row
    of the legal areas table.
*/
#include "imi_catalogue.h"
#include "imi_error.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  The catalogue is a few kilobytes; anything this big is a mistake.
#define S_FILE_MAX          (1024 * 1024)
#define S_LANGUAGES_MAX     32
#define S_NAME_MAX          IMI_DIRECTORY_NAME_MAX
#define S_CODE_CHARACTERS   "abcdefghijklmnopqrstuvwxyz0123456789._-"
#define S_TEXT              SIZE_MAX
#define S_AREAS_FILE        "legal_areas.tsv"
#define S_PROCEDURES_FILE   "procedures.tsv"

typedef struct {
    const char *code;               //  points into text
    const char *legal_area;         //  procedures: points into text; areas: NULL
    int line;                       //  1-based line number, for messages
} s_row_t;

typedef struct {
    char *path;                     //  file path, for messages
    char *text;                     //  copy of the file, cut into fields
    const char *languages [S_LANGUAGES_MAX];    //  header's language codes, into text
    size_t language_count;
    size_t english;                 //  index of "en" in languages
    size_t fixed_count;             //  columns before the languages (1 or 2)
    s_row_t *rows;                  //  in file order
    size_t row_count;
    const char **names;             //  row_count x language_count, into text
    char **all_names;               //  per row: distinct names joined (areas only)
} s_table_t;

struct _imi_catalogue_t {
    s_table_t areas;                //  legal_areas.tsv
    s_table_t procedures;           //  procedures.tsv
};

static void
s_table_free (s_table_t *table)
{
    if (table->all_names)
        for (size_t index = 0; index < table->row_count; index++)
            free (table->all_names [index]);
    free (table->all_names);
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

//  True if code is 1..IMI_DIRECTORY_CODE_MAX characters of S_CODE_CHARACTERS.
static bool
s_code_valid (const char *code)
{
    size_t length = strlen (code);
    return length >= 1 && length <= IMI_DIRECTORY_CODE_MAX
        && strspn (code, S_CODE_CHARACTERS) == length;
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

//  Check the header line against the fixed columns, then read the language
//  columns. 0 or -1 with the reason set.
static int
s_parse_header (s_table_t *table, char **fields, size_t field_count,
                const char *const *fixed, int line)
{
    for (size_t index = 0; index < table->fixed_count; index++)
        if (index >= field_count || strcmp (fields [index], fixed [index]) != 0)
            return imi_error_set ("%s:%d: header: column %zu must be '%s'%s%s%s", table->path,
                                  line, index + 1, fixed [index],
                                  index < field_count? ", not '": "",
                                  index < field_count? fields [index]: "",
                                  index < field_count? "'": "");
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
        for (size_t other = 0; other < table->language_count; other++)
            if (strcmp (table->languages [other], lang) == 0)
                return imi_error_set ("%s:%d: header: language '%s' appears twice",
                                      table->path, line, lang);
        if (strcmp (lang, "en") == 0)
            table->english = table->language_count;
        table->languages [table->language_count++] = lang;
    }
    if (table->english == S_LANGUAGES_MAX)
        return imi_error_set ("%s:%d: header: no 'en' column (English is the fallback name)",
                              table->path, line);
    return 0;
}

//  Check and store one data row. areas is the legal areas table when
//  parsing procedures, NULL when parsing the areas themselves.
static int
s_parse_row (s_table_t *table, char **fields, size_t field_count, int line,
             const s_table_t *areas)
{
    size_t expected = table->fixed_count + table->language_count;
    if (field_count != expected)
        return imi_error_set ("%s:%d: expected %zu tab-separated fields, found %zu",
                              table->path, line, expected, field_count);
    const char *code = fields [0];
    if (!s_code_valid (code))
        return imi_error_set ("%s:%d: invalid code '%.80s' (1 to %d of a-z, 0-9, '.', '_', '-')",
                              table->path, line, code, IMI_DIRECTORY_CODE_MAX);
    long previous = s_find (table, code);
    if (previous >= 0)
        return imi_error_set ("%s:%d: duplicate code '%s' (first on line %d)", table->path,
                              line, code, table->rows [previous].line);
    const char *legal_area = NULL;
    if (areas) {
        legal_area = fields [1];
        if (s_find (areas, legal_area) < 0)
            return imi_error_set ("%s:%d: legal area '%.80s' of '%s' is not in %s", table->path,
                                  line, legal_area, code, S_AREAS_FILE);
    }
    const char **names = table->names + table->row_count * table->language_count;
    for (size_t index = 0; index < table->language_count; index++) {
        const char *name = fields [table->fixed_count + index];
        const char *lang = table->languages [index];
        size_t length = strlen (name);
        if (length == 0)
            return imi_error_set ("%s:%d: '%s' has no '%s' name", table->path, line, code, lang);
        if (name [0] == ' ' || name [length - 1] == ' ')
            return imi_error_set ("%s:%d: '%s' name of '%s' has leading or trailing spaces",
                                  table->path, line, lang, code);
        if (length > S_NAME_MAX)
            return imi_error_set ("%s:%d: '%s' name of '%s' is longer than %d bytes",
                                  table->path, line, lang, code, S_NAME_MAX);
        names [index] = name;
    }
    s_row_t *row = &table->rows [table->row_count++];
    row->code = code;
    row->legal_area = legal_area;
    row->line = line;
    return 0;
}

//  Parse size bytes of text into table (fixed: the column names before the
//  languages, NULL-terminated). 0 or -1 with "path:line: reason".
static int
s_table_parse (s_table_t *table, const char *text, size_t size, const char *const *fixed,
               const s_table_t *areas)
{
    while (fixed [table->fixed_count])
        table->fixed_count++;
    size_t line_count = 1;
    for (size_t index = 0; index < size; index++)
        line_count += text [index] == '\n';
    table->text = malloc (size + 1);
    table->rows = calloc (line_count, sizeof *table->rows);
    //  Language count is not known yet: reserve for the most we accept.
    table->names = calloc (line_count * S_LANGUAGES_MAX, sizeof *table->names);
    if (!table->text || !table->rows || !table->names)
        return imi_error_set ("out of memory");
    memcpy (table->text, text, size);
    table->text [size] = 0;

    char *fields [S_LANGUAGES_MAX + 3];
    size_t field_max = table->fixed_count + S_LANGUAGES_MAX + 1;
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
            ? s_parse_row (table, fields, field_count, line, areas)
            : s_parse_header (table, fields, field_count, fixed, line);
        if (rc)
            return rc;
        have_header = true;
    }
    if (!have_header)
        return imi_error_set ("%s: no header line", table->path);
    if (table->row_count == 0)
        return imi_error_set ("%s: no rows after the header", table->path);
    return 0;
}

//  Read dir/file into table. 0 or -1.
static int
s_table_load (s_table_t *table, const char *dir, const char *file, const char *const *fixed,
              const s_table_t *areas)
{
    if (asprintf (&table->path, "%s/%s", dir, file) == -1) {
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
        rc = s_table_parse (table, text, size, fixed, areas);
    free (text);
    return rc;
}

//  For each row, its distinct names joined by spaces: what the search index
//  holds for the row. "SOLVIT" is the same in every language and goes in
//  once, so it does not weigh more in ranking than a translated name.
static int
s_table_join_names (s_table_t *table)
{
    table->all_names = calloc (table->row_count, sizeof *table->all_names);
    if (!table->all_names)
        return imi_error_set ("out of memory");
    for (size_t row = 0; row < table->row_count; row++) {
        const char **names = table->names + row * table->language_count;
        size_t size = 1;
        for (size_t index = 0; index < table->language_count; index++)
            size += strlen (names [index]) + 1;
        char *joined = malloc (size);
        if (!joined)
            return imi_error_set ("out of memory");
        joined [0] = 0;
        char *end = joined;
        for (size_t index = 0; index < table->language_count; index++) {
            bool seen = false;
            for (size_t other = 0; other < index && !seen; other++)
                seen = strcmp (names [other], names [index]) == 0;
            if (!seen)
                end += sprintf (end, "%s%s", end == joined? "": " ", names [index]);
        }
        table->all_names [row] = joined;
    }
    return 0;
}

imi_catalogue_t *
imi_catalogue_load (const char *dir)
{
    static const char *const area_columns [] = { "code", NULL };
    static const char *const procedure_columns [] = { "code", "legal_area", NULL };
    imi_catalogue_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    if (s_table_load (&self->areas, dir, S_AREAS_FILE, area_columns, NULL)
    ||  s_table_join_names (&self->areas)
    ||  s_table_load (&self->procedures, dir, S_PROCEDURES_FILE, procedure_columns,
                      &self->areas))
        imi_catalogue_destroy (&self);
    return self;
}

void
imi_catalogue_destroy (imi_catalogue_t **self_p)
{
    assert (self_p);
    imi_catalogue_t *self = *self_p;
    if (self) {
        s_table_free (&self->procedures);
        s_table_free (&self->areas);
        free (self);
        *self_p = NULL;
    }
}

bool
imi_catalogue_has_area (imi_catalogue_t *self, const char *code)
{
    return s_find (&self->areas, code) >= 0;
}

const char *
imi_catalogue_procedure_area (imi_catalogue_t *self, const char *code)
{
    long index = s_find (&self->procedures, code);
    return index < 0? NULL: self->procedures.rows [index].legal_area;
}

//  Name of code in lang (or English) from table; NULL if code is unknown.
static const char *
s_name (const s_table_t *table, const char *code, const char *lang)
{
    long row = s_find (table, code);
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
    return s_name (&self->areas, code, lang);
}

const char *
imi_catalogue_procedure_name (imi_catalogue_t *self, const char *code, const char *lang)
{
    return s_name (&self->procedures, code, lang);
}

const char *
imi_catalogue_area_all_names (imi_catalogue_t *self, const char *code)
{
    long row = s_find (&self->areas, code);
    return row < 0? NULL: self->areas.all_names [row];
}

size_t
imi_catalogue_area_count (imi_catalogue_t *self)
{
    return self->areas.row_count;
}

const char *
imi_catalogue_area_at (imi_catalogue_t *self, size_t index)
{
    return index < self->areas.row_count? self->areas.rows [index].code: NULL;
}

size_t
imi_catalogue_procedure_count (imi_catalogue_t *self)
{
    return self->procedures.row_count;
}

const char *
imi_catalogue_procedure_at (imi_catalogue_t *self, size_t index)
{
    return index < self->procedures.row_count? self->procedures.rows [index].code: NULL;
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

//  Test helper: true if both strings are present and equal.
static bool
s_streq (const char *left, const char *right)
{
    return left && right && strcmp (left, right) == 0;
}

//  Test helper: how often needle occurs in haystack.
static size_t
s_count (const char *haystack, const char *needle)
{
    size_t count = 0;
    for (const char *scan = strstr (haystack, needle); scan; scan = strstr (scan + 1, needle))
        count++;
    return count;
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

//  Test helper: with these two files in dir, loading fails with dir/reason.
//  areas_size is S_TEXT for a NUL-terminated text.
static void
s_test_load_fails (const char *dir, const char *areas, size_t areas_size,
                   const char *procedures, const char *reason)
{
    s_test_write (dir, S_AREAS_FILE, areas, areas_size == S_TEXT? strlen (areas): areas_size);
    s_test_write (dir, S_PROCEDURES_FILE, procedures, strlen (procedures));
    imi_catalogue_t *catalogue = imi_catalogue_load (dir);
    char expected [1024];
    snprintf (expected, sizeof expected, "%s/%s", dir, reason);
    if (catalogue || strcmp (imi_error_last (), expected) != 0) {
        fprintf (stderr, "expected '%s', got '%s'\n", expected,
                 catalogue? "success": imi_error_last ());
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

    //  What the search index holds: every language, the same name once.
    const char *all = imi_catalogue_area_all_names (catalogue, "professional-qualifications");
    assert (all && strstr (all, "Professional qualifications")
            && strstr (all, "Berufsqualifikationen") && strstr (all, "Kwalifikacje zawodowe")
            && strstr (all, "Qualifications professionnelles"));
    assert (s_streq (imi_catalogue_area_all_names (catalogue, "solvit"), "SOLVIT"));
    all = imi_catalogue_area_all_names (catalogue, "services");
    assert (s_count (all, "Services") == 1);
    assert (strstr (all, "Dienstleistungen") && strstr (all, "Usługi"));
    assert (imi_catalogue_area_all_names (catalogue, "nothing") == NULL);

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
        "# a comment with\ttabs\n";
    s_test_write (folder, S_AREAS_FILE, areas, strlen (areas));
    s_test_write (folder, S_PROCEDURES_FILE, good_procedures, strlen (good_procedures));
    catalogue = imi_catalogue_load (folder);
    assert (catalogue);
    assert (imi_catalogue_area_count (catalogue) == 2);
    assert (s_streq (imi_catalogue_area_at (catalogue, 1), "posted-workers"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "posted-workers", "de"),
                   "Entsendung von Arbeitnehmern"));
    assert (s_streq (imi_catalogue_area_name (catalogue, "posted-workers", "fr"),
                   "Posting of workers"));
    assert (s_streq (imi_catalogue_area_all_names (catalogue, "services"),
                   "Dienstleistungen Services"));
    assert (imi_catalogue_procedure_count (catalogue) == 1);
    assert (s_streq (imi_catalogue_procedure_name (catalogue, "services-alert", "de"),
                   "Alert on services"));
    imi_catalogue_destroy (&catalogue);

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

    //  A missing file is named.
    char path [1024];
    snprintf (path, sizeof path, "%s/%s", folder, S_PROCEDURES_FILE);
    assert (unlink (path) == 0);
    assert (imi_catalogue_load (folder) == NULL);
    assert (strstr (imi_error_last (), path) && strstr (imi_error_last (), "does not exist"));
    snprintf (path, sizeof path, "%s/%s", folder, S_AREAS_FILE);
    assert (unlink (path) == 0);
    assert (rmdir (folder) == 0);
}

/*  bench_search: how long a directory search takes, beside a bare FTS5
    MATCH on the same table in the same run.

    Input is the generator's output (tests/tools/imi_gen_directory): folder
    DIR with one DIR/<STATE>.jsonl per member state, one authority per line
    as JSON {"id", "names": [{"lang", "text"}], "acronym", "address",
    "postcode", "city", "contacts": [{"kind", "value"}], "competences":
    [{"legal_area", "procedures": [...], "keywords": [{"lang", "text"}]}]}.
    Lines are taken from the files in turn until --count authorities are
    loaded, so a smaller count still spans every state.

    The authorities go through imi_search_index into a fresh database under
    /tmp, 1000 per transaction, then imi_search_optimize (index build time
    and rate, database size).
    Then a fixed mix of queries, drawn with a fixed seed from the loaded
    names so that they hit: whole words, prefixes of 2, 3 and 4 letters, two
    words of one name, a word with a state filter, a word with a legal-area
    filter, listings by legal area and by state (no text), the names of
    legal areas in French (another language than the authority's), a word
    with one letter changed (at its start, middle or end: typos), the last
    5 or 6 letters of a long word (compounds), and the name of a procedure
    in English, German, French or Polish. Each is
    timed through imi_search_run (limit 20, display language "en") and, for
    the text queries, as the bare ranked match
        SELECT rowid FROM authority_fts WHERE authority_fts MATCH ?
        ORDER BY rank LIMIT 20
    with the same words: p50, p99 and max per kind, the p50 and p99 of the
    search's CPU time (this thread's: what a query costs, without the time
    other processes of a shared machine had the core), and the ratio of the
    p50s (what filtering, decorating and folding cost above FTS5 itself).

    Not a test: prints figures, checks no timing.

    With --index PATH the database is PATH, built there and kept if it does
    not exist, else searched as it is (the input still gives the query
    words: give the same --dir and --count): to time queries again, or to
    profile them, without building 125,000 authorities each time.

    Usage: bench_search --dir DIR [--count N (12500)] [--queries Q (200 per kind)]
                        [--catalogue DIR] [--keep] [--index PATH]
*/
#include "imi_error.h"
#include "imi_schema.h"
#include "imi_search.h"

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_STATES_MAX    64
#define S_SAMPLE_NAMES  4096                //  names kept to draw query words from
#define S_LIMIT         20

static const char *s_bare_match =
    "SELECT rowid FROM authority_fts WHERE authority_fts MATCH ?1 ORDER BY rank LIMIT ?2";

typedef struct {
    const char *dir;
    const char *catalogue;
    long count;
    long queries;
    bool keep;
    const char *index;                      //  the database to build or reuse, or NULL
} s_options_t;

static int64_t
s_clock_ns (clockid_t clock)
{
    struct timespec now;
    clock_gettime (clock, &now);
    return (int64_t) now.tv_sec * 1000000000 + now.tv_nsec;
}

static int64_t
s_now_ns (void)
{
    return s_clock_ns (CLOCK_MONOTONIC);
}

//  This thread's CPU time: on a machine shared with other work, a query's
//  wall time includes the time others had the core; its CPU time does not.
static int64_t
s_cpu_ns (void)
{
    return s_clock_ns (CLOCK_THREAD_CPUTIME_ID);
}

//  Copy a JSON string member into out (truncated to size); "" if absent.
static void
s_string (char *out, size_t size, json_t *object, const char *member)
{
    const char *value = json_string_value (json_object_get (object, member));
    snprintf (out, size, "%s", value? value: "");
}

//  One JSON line into authority. 0, or -1 if it is not an authority object.
static int
s_parse_authority (imi_authority_t *authority, const char *line)
{
    json_error_t error;
    json_t *root = json_loads (line, 0, &error);
    if (!json_is_object (root)) {
        json_decref (root);
        return -1;
    }
    memset (authority, 0, sizeof *authority);
    s_string (authority->id, sizeof authority->id, root, "id");
    s_string (authority->acronym, sizeof authority->acronym, root, "acronym");
    s_string (authority->address, sizeof authority->address, root, "address");
    s_string (authority->postcode, sizeof authority->postcode, root, "postcode");
    s_string (authority->city, sizeof authority->city, root, "city");
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (root, "names"), index, item) {
        if (authority->name_count == IMI_DIRECTORY_NAMES_MAX)
            break;
        imi_text_t *name = &authority->names [authority->name_count++];
        s_string (name->lang, sizeof name->lang, item, "lang");
        s_string (name->text, sizeof name->text, item, "text");
    }
    json_array_foreach (json_object_get (root, "contacts"), index, item) {
        if (authority->contact_count == IMI_DIRECTORY_CONTACTS_MAX)
            break;
        imi_contact_t *contact = &authority->contacts [authority->contact_count++];
        s_string (contact->kind, sizeof contact->kind, item, "kind");
        s_string (contact->value, sizeof contact->value, item, "value");
    }
    json_array_foreach (json_object_get (root, "competences"), index, item) {
        if (authority->competence_count == IMI_DIRECTORY_COMPETENCES_MAX)
            break;
        imi_competence_t *competence = &authority->competences [authority->competence_count++];
        s_string (competence->legal_area, sizeof competence->legal_area, item, "legal_area");
        size_t inner;
        json_t *value;
        json_array_foreach (json_object_get (item, "procedures"), inner, value)
            if (json_is_string (value)
            &&  competence->procedure_count < IMI_DIRECTORY_PROCEDURES_MAX)
                snprintf (competence->procedures [competence->procedure_count++],
                          IMI_DIRECTORY_CODE_MAX + 1, "%s", json_string_value (value));
        json_array_foreach (json_object_get (item, "keywords"), inner, value) {
            if (competence->keyword_count == IMI_DIRECTORY_KEYWORDS_MAX)
                break;
            imi_keyword_t *keyword = &competence->keywords [competence->keyword_count++];
            s_string (keyword->lang, sizeof keyword->lang, value, "lang");
            s_string (keyword->text, sizeof keyword->text, value, "text");
        }
    }
    json_decref (root);
    return 0;
}


//  ---------------------------------------------------------------------------
//  Loading

typedef struct {
    char state [3];
    FILE *file;                             //  NULL once read to the end
} s_input_t;

typedef struct {
    char *names [S_SAMPLE_NAMES];           //  a sample of first names, to draw words from
    char states [S_SAMPLE_NAMES][3];        //  and their states
    size_t name_count;
    long loaded;
    double build_seconds;
} s_loaded_t;

//  Open DIR/<STATE>.jsonl for every state code. Number of inputs, -1 if none.
static int
s_open_inputs (const char *dir, s_input_t *inputs)
{
    int count = 0;
    for (char first = 'A'; first <= 'Z'; first++)
        for (char second = 'A'; second <= 'Z' && count < S_STATES_MAX; second++) {
            char path [1024];
            snprintf (path, sizeof path, "%s/%c%c.jsonl", dir, first, second);
            FILE *file = fopen (path, "r");
            if (file) {
                inputs [count].state [0] = first;
                inputs [count].state [1] = second;
                inputs [count].state [2] = 0;
                inputs [count++].file = file;
            }
        }
    return count? count: -1;
}

//  Read the input for the query words, indexing it unless reuse (the
//  database holds it already).
static int
s_load (imi_store_t *store, imi_catalogue_t *catalogue, const s_options_t *options,
        bool reuse, s_loaded_t *loaded)
{
    s_input_t inputs [S_STATES_MAX];
    int input_count = s_open_inputs (options->dir, inputs);
    if (input_count < 0)
        return imi_error_set ("no <STATE>.jsonl files in %s", options->dir);
    imi_authority_t *authority = (imi_authority_t *) malloc (sizeof *authority);
    char *line = NULL;
    size_t line_size = 0;
    int rc = 0, open = input_count;
    int64_t start = s_now_ns ();
    rc = imi_store_begin (store);
    if (rc == 0 && imi_search_prepare (store, catalogue) < 0)
        rc = -1;
    while (rc == 0 && open > 0 && loaded->loaded < options->count)
        for (int index = 0; index < input_count && loaded->loaded < options->count && rc == 0;
             index++) {
            if (!inputs [index].file)
                continue;
            if (getline (&line, &line_size, inputs [index].file) < 0) {
                fclose (inputs [index].file);
                inputs [index].file = NULL;
                open--;
                continue;
            }
            if (s_parse_authority (authority, line)) {
                fprintf (stderr, "skipping a line of %s.jsonl that is not an authority\n",
                         inputs [index].state);
                continue;
            }
            char key [IMI_DIRECTORY_ID_MAX + 4];
            snprintf (key, sizeof key, "%.2s:%.64s", inputs [index].state, authority->id);
            rc = reuse? 0: imi_search_index (store, key, inputs [index].state, authority);
            if (loaded->name_count < S_SAMPLE_NAMES && authority->name_count) {
                loaded->names [loaded->name_count] =
                    strdup (authority->names [authority->name_count - 1].text);
                memcpy (loaded->states [loaded->name_count++], inputs [index].state, 3);
            }
            if (rc == 0 && ++loaded->loaded % 1000 == 0)
                rc = imi_store_commit (store) || imi_store_begin (store);
        }
    //  As the node does after indexing every authority (imi_search_prepare).
    if (rc == 0 && !reuse)
        rc = imi_search_optimize (store);
    rc = rc? rc: imi_store_commit (store);
    loaded->build_seconds = (double) (s_now_ns () - start) / 1e9;
    for (int index = 0; index < input_count; index++)
        if (inputs [index].file)
            fclose (inputs [index].file);
    free (line);
    free (authority);
    return rc;
}


//  ---------------------------------------------------------------------------
//  Queries

typedef enum {
    S_WORD, S_PREFIX_2, S_PREFIX_3, S_PREFIX_4, S_TWO_WORDS, S_WORD_STATE, S_WORD_AREA,
    S_LIST_AREA, S_LIST_STATE, S_OTHER_LANGUAGE, S_TYPO, S_COMPOUND, S_PROCEDURE,
    S_KIND_COUNT
} s_kind_t;

static const char *s_kind_names [S_KIND_COUNT] = {
    "word", "prefix 2", "prefix 3", "prefix 4", "two words", "word + state",
    "word + legal area", "list legal area", "list state", "area name (fr)", "typo",
    "compound", "procedure name",
};

typedef struct {
    char text [IMI_SEARCH_QUERY_MAX + 1];
    const char *state;
    const char *legal_area;
} s_query_t;

//  Word number `which` (modulo the count) of text, at least 3 bytes long if
//  any is, into word. Number of words in text.
static size_t
s_word (const char *text, size_t which, char *word, size_t size)
{
    char copy [IMI_DIRECTORY_NAME_MAX + 1];
    snprintf (copy, sizeof copy, "%s", text);
    char *words [64];
    size_t count = 0;
    char *save;
    for (char *token = strtok_r (copy, " ", &save); token && count < 64;
         token = strtok_r (NULL, " ", &save))
        if (strlen (token) >= 3)
            words [count++] = token;
    if (count)
        snprintf (word, size, "%s", words [which % count]);
    else
        snprintf (word, size, "%s", text);
    return count;
}

//  Length in bytes of the first `letters` UTF-8 characters of word.
static size_t
s_prefix_bytes (const char *word, size_t letters)
{
    size_t bytes = 0;
    for (; word [bytes] && letters; letters--)
        for (bytes++; ((unsigned char) word [bytes] & 0xC0) == 0x80; bytes++)
            ;
    return bytes;
}

static void
s_make_query (s_query_t *query, s_kind_t kind, const s_loaded_t *loaded,
              imi_catalogue_t *catalogue, unsigned *seed)
{
    size_t pick = (size_t) rand_r (seed) % loaded->name_count;
    const char *name = loaded->names [pick];
    const char *area = imi_catalogue_area_at (catalogue,
                                              (size_t) rand_r (seed)
                                              % imi_catalogue_area_count (catalogue));
    char word [IMI_DIRECTORY_NAME_MAX + 1];
    size_t words = s_word (name, (size_t) rand_r (seed), word, sizeof word);
    memset (query, 0, sizeof *query);
    switch (kind) {
        case S_WORD:
        case S_WORD_STATE:
        case S_WORD_AREA:
            snprintf (query->text, sizeof query->text, "%s", word);
            query->state = kind == S_WORD_STATE? loaded->states [pick]: NULL;
            query->legal_area = kind == S_WORD_AREA? area: NULL;
            break;
        case S_PREFIX_2:
        case S_PREFIX_3:
        case S_PREFIX_4:
            snprintf (query->text, sizeof query->text, "%.*s",
                      (int) s_prefix_bytes (word, (size_t) (kind - S_PREFIX_2 + 2)), word);
            break;
        case S_TWO_WORDS: {
            char second [IMI_DIRECTORY_NAME_MAX + 1];
            s_word (name, (size_t) rand_r (seed) % (words? words: 1), second, sizeof second);
            snprintf (query->text, sizeof query->text, "%.200s %.200s", word, second);
            break;
        }
        case S_LIST_AREA:
            query->legal_area = area;
            break;
        case S_LIST_STATE:
            query->state = loaded->states [pick];
            break;
        case S_OTHER_LANGUAGE:
            snprintf (query->text, sizeof query->text, "%s",
                      imi_catalogue_area_name (catalogue, area, "fr"));
            break;
        case S_TYPO: {
            //  One ASCII letter changed, at the start, middle or end in
            //  turn (a word without one is searched as it is).
            snprintf (query->text, sizeof query->text, "%s", word);
            size_t size = strlen (query->text);
            size_t at = (size_t) rand_r (seed) % 3 == 0? 0
                      : (size_t) rand_r (seed) % 2? size / 2: size - 1;
            for (size_t tried = 0; tried < size; tried++, at = (at + 1) % size) {
                char letter = query->text [at];
                if (letter >= 'a' && letter <= 'z') {
                    query->text [at] = letter == 'z'? 'a': letter + 1;
                    break;
                }
            }
            break;
        }
        case S_COMPOUND: {
            //  The last 5 or 6 letters of the word, if it has 9 or more.
            size_t letters = 0;
            for (const char *cursor = word; *cursor; cursor++)
                letters += ((unsigned char) *cursor & 0xC0) != 0x80;
            size_t tail = 5 + (size_t) rand_r (seed) % 2;
            const char *text = word;
            if (letters >= 9)
                text += s_prefix_bytes (word, letters - tail);
            snprintf (query->text, sizeof query->text, "%s", text);
            break;
        }
        case S_PROCEDURE: {
            static const char *const languages [] = { "en", "de", "fr", "pl" };
            const char *code = imi_catalogue_procedure_at (
                catalogue, (size_t) rand_r (seed) % imi_catalogue_procedure_count (catalogue));
            snprintf (query->text, sizeof query->text, "%s",
                      imi_catalogue_procedure_name (catalogue, code,
                                                    languages [rand_r (seed) % 4]));
            break;
        }
        case S_KIND_COUNT:
            break;
    }
}

//  The bare FTS5 expression for text: words quoted, as prefixes (the bench's
//  words come from the data, so no hostile input to guard against here).
static void
s_bare_expression (const char *text, char *out, size_t size)
{
    char copy [IMI_SEARCH_QUERY_MAX + 1];
    snprintf (copy, sizeof copy, "%s", text);
    out [0] = 0;
    char *save;
    for (char *token = strtok_r (copy, " ", &save); token; token = strtok_r (NULL, " ", &save)) {
        size_t used = strlen (out);
        snprintf (out + used, size - used, "%s\"", used? " ": "");
        for (; *token; token++) {
            used = strlen (out);
            snprintf (out + used, size - used, *token == '"'? "\"\"": "%c", *token);
        }
        used = strlen (out);
        snprintf (out + used, size - used, "\"*");
    }
}

static int
s_compare (const void *left, const void *right)
{
    int64_t a = *(const int64_t *) left, b = *(const int64_t *) right;
    return (a > b) - (a < b);
}

typedef struct {
    int64_t p50, p99, max;
} s_figures_t;

static s_figures_t
s_figures (int64_t *times, long count)
{
    qsort (times, (size_t) count, sizeof *times, s_compare);
    s_figures_t figures = { times [count / 2], times [(count * 99) / 100], times [count - 1] };
    return figures;
}

static int
s_run_queries (imi_store_t *store, imi_catalogue_t *catalogue, const s_loaded_t *loaded,
               const s_options_t *options)
{
    int64_t *search_times = (int64_t *) calloc ((size_t) options->queries, sizeof (int64_t));
    int64_t *bare_times = (int64_t *) calloc ((size_t) options->queries, sizeof (int64_t));
    int64_t *cpu_times = (int64_t *) calloc ((size_t) options->queries, sizeof (int64_t));
    json_t *page = json_object ();
    unsigned seed = 12500;
    int rc = 0;
    printf ("%-18s %9s %9s %9s %8s %8s %8s | %9s %9s %9s | %6s\n", "query (ms)", "p50", "p99",
            "max", "cpu p50", "cpu p99", "results", "bare p50", "bare p99", "bare max", "ratio");
    for (int kind = 0; kind < S_KIND_COUNT && rc == 0; kind++) {
        bool bare = kind != S_LIST_AREA && kind != S_LIST_STATE;
        long results = 0;
        for (long index = 0; index < options->queries && rc == 0; index++) {
            s_query_t query;
            s_make_query (&query, (s_kind_t) kind, loaded, catalogue, &seed);
            imi_search_query_t search = { query.state, query.legal_area, NULL, "en", S_LIMIT, 0 };
            json_object_clear (page);
            int64_t start = s_now_ns (), cpu_start = s_cpu_ns ();
            int count = imi_search_run (store, catalogue, query.text, &search, page);
            search_times [index] = s_now_ns () - start;
            cpu_times [index] = s_cpu_ns () - cpu_start;
            if (count < 0) {
                fprintf (stderr, "search '%s': %s\n", query.text, imi_error_last ());
                rc = -1;
                break;
            }
            results += count;
            if (!bare)
                continue;
            char expression [IMI_SEARCH_QUERY_MAX * 3];
            s_bare_expression (query.text, expression, sizeof expression);
            sqlite3_stmt *statement = imi_store_statement (store, s_bare_match);
            if (!statement) {
                rc = -1;
                break;
            }
            sqlite3_bind_text (statement, 1, expression, -1, SQLITE_STATIC);
            sqlite3_bind_int (statement, 2, S_LIMIT);
            start = s_now_ns ();
            while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
                ;
            bare_times [index] = s_now_ns () - start;
            sqlite3_reset (statement);
            rc = rc == SQLITE_DONE? 0: imi_store_error (store, "bare match");
        }
        if (rc)
            break;
        s_figures_t figures = s_figures (search_times, options->queries);
        s_figures_t cpu = s_figures (cpu_times, options->queries);
        printf ("%-18s %9.3f %9.3f %9.3f %8.3f %8.3f %8.1f", s_kind_names [kind],
                figures.p50 / 1e6, figures.p99 / 1e6, figures.max / 1e6, cpu.p50 / 1e6,
                cpu.p99 / 1e6, (double) results / (double) options->queries);
        if (bare) {
            s_figures_t bare_figures = s_figures (bare_times, options->queries);
            printf (" | %9.3f %9.3f %9.3f | %6.2f\n", bare_figures.p50 / 1e6,
                    bare_figures.p99 / 1e6, bare_figures.max / 1e6,
                    (double) figures.p50 / (double) (bare_figures.p50? bare_figures.p50: 1));
        }
        else
            printf (" | %9s %9s %9s | %6s\n", "-", "-", "-", "-");
    }
    json_decref (page);
    free (search_times);
    free (bare_times);
    free (cpu_times);
    return rc;
}


//  ---------------------------------------------------------------------------

static int
s_parse (int argc, char *argv [], s_options_t *options)
{
    static const struct option long_options [] = {
        { "dir", required_argument, NULL, 'd' },
        { "count", required_argument, NULL, 'n' },
        { "queries", required_argument, NULL, 'q' },
        { "catalogue", required_argument, NULL, 'c' },
        { "keep", no_argument, NULL, 'k' },
        { "index", required_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    *options = (s_options_t) { NULL, IMI_SOURCE_CATALOGUE_DIR, 12500, 200, false, NULL };
    int option;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        char *end;
        switch (option) {
            case 'd': options->dir = optarg; break;
            case 'c': options->catalogue = optarg; break;
            case 'k': options->keep = true; break;
            case 'i': options->index = optarg; options->keep = true; break;
            case 'n':
            case 'q': {
                long value = strtol (optarg, &end, 10);
                if (*end || value < 1 || value > 10000000)
                    return -1;
                *(option == 'n'? &options->count: &options->queries) = value;
                break;
            }
            default: return -1;
        }
    }
    return options->dir && optind == argc? 0: -1;
}

int
main (int argc, char *argv [])
{
    s_options_t options;
    if (s_parse (argc, argv, &options)) {
        fprintf (stderr, "usage: bench_search --dir DIR [--count N (12500)] "
                 "[--queries Q (200 per kind)] [--catalogue DIR] [--keep] [--index PATH]\n"
                 "DIR holds <STATE>.jsonl files, e.g. from imi_gen_directory\n");
        return 2;
    }
    imi_catalogue_t *catalogue = imi_catalogue_load (options.catalogue);
    if (!catalogue) {
        fprintf (stderr, "catalogue: %s\n", imi_error_last ());
        return 1;
    }
    char folder [] = "/tmp/imi-bench-search-XXXXXX";
    if (!mkdtemp (folder)) {
        perror ("mkdtemp");
        return 1;
    }
    char path [1024];
    snprintf (path, sizeof path, "%s/node.db", folder);
    if (options.index) {
        rmdir (folder);
        snprintf (path, sizeof path, "%s", options.index);
    }
    struct stat status;
    bool reuse = options.index && stat (path, &status) == 0;
    imi_store_t *store = imi_schema_open (path);
    s_loaded_t loaded;
    memset (&loaded, 0, sizeof loaded);
    int rc = store? s_load (store, catalogue, &options, reuse, &loaded): -1;
    if (rc == 0) {
        stat (path, &status);
        printf ("sqlite %s, %ld authorities from %s\n", sqlite3_libversion (), loaded.loaded,
                options.dir);
        if (reuse)
            printf ("index reused: %s, database %.1f MB\n", path,
                    (double) status.st_size / 1e6);
        else
            printf ("index build: %.2f s (%.0f authorities/s, 1000 per transaction), "
                    "database %.1f MB\n", loaded.build_seconds,
                    (double) loaded.loaded / loaded.build_seconds,
                    (double) status.st_size / 1e6);
        printf ("%ld queries per kind, limit %d, display language en\n", options.queries,
                S_LIMIT);
        rc = s_run_queries (store, catalogue, &loaded, &options);
    }
    if (rc)
        fprintf (stderr, "bench_search: %s\n", imi_error_last ());
    for (size_t index = 0; index < loaded.name_count; index++)
        free (loaded.names [index]);
    imi_store_destroy (&store);
    imi_catalogue_destroy (&catalogue);
    if (options.keep)
        printf ("database kept in %s\n", path);
    else {
        static const char *suffixes [] = { "", "-wal", "-shm" };
        for (size_t index = 0; index < 3; index++) {
            char file [sizeof path + 8];
            snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
            unlink (file);
        }
        rmdir (folder);
    }
    return rc? 1: 0;
}

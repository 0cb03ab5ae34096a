/*  imi_search: the multilingual search over the directory. See imi_search.h.

    Representation. Each indexed authority has one authority_index row (its
    key, state and city as written) whose id is the rowid of its one
    authority_fts row, so that unindexing and joining results cost an index
    lookup, never a scan of the FTS content. authority_names holds every name
    with a sort key; authority_areas one row per legal area (procedure '')
    and one per procedure, for the filters.

    Folding. unicode61 remove_diacritics 2 folds letters that Unicode
    decomposes (Ä, é, ó, ę) but not those that are letters of their own
    (ł, ø, æ, ß, đ, þ, ...): "Lodz" would not find "Łódź", nor "Tromso"
    "Tromsø". In 3.40 it folds no Greek accent either ("Σύλλογος" would
    need the accent typed), and a Greek final ς is not σ. s_folds spells
    those out; the text is folded with it before it enters the FTS table
    and every query word is folded the same way, so the two sides always
    agree. The FTS copy of the text is therefore not for display: names and
    city are shown from authority_names / authority_index.

    Queries. A word becomes the quoted prefix term "tokens"* (quotes
    doubled), so nothing the user types is FTS5 syntax. The tokens are those
    of the table's own tokenizer (unicode61 with the same options, called
    through the fts5_api), which also decides whether a word can match at
    all: a word that yields no token (punctuation, emoji; see
    s_collect_query_token) would make an empty phrase, which FTS5 treats as
    matching nothing and would empty the whole AND, so such words are
    dropped. The same tokenizer makes the names' sort keys (tokens joined by
    spaces), so a listing orders "Ärztekammer" among the A's.

    Ranking: bm25 with column weights (names highest), in a materialized
    subquery that keeps only the LIMIT best rowids; the display name and area
    list are then looked up for those rows only. Ranking is most of a
    query's cost (FTS5 reads every hit's positions and column sizes: 40 ms
    for 70,000 hits of a 2-letter prefix, where counting them takes 2 ms),
    so hits that ranking would tell apart by little are not ranked: the
    search runs in tiers (direct matches ranked; for a prefix of up to three
    letters, first the names whose first word starts with it, ranked; then
    the rest, and the matches through legal-area names, unranked in index
    order, so the scan stops at the limit). Filters by legal area and
    procedure are FTS terms too (hashed code tokens), and listings walk an
    index in name order: bench_search measures each of these.
*/
#include "imi_search.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

//  Must be the tokenize options of authority_fts (schema migration 2).
static const char *s_tokenizer_name = "unicode61";
static const char *s_tokenizer_arguments [] = { "remove_diacritics", "2" };

//  Letters unicode61 does not fold, with what to fold them to. Upper and
//  lower case both listed: this runs before the tokenizer lowercases.
static const struct {
    const char *letter;
    const char *folded;             //  never longer than letter (folding in place is safe)
} s_folds [] = {
    { "ł", "l" }, { "Ł", "l" }, { "ø", "o" }, { "Ø", "o" }, { "æ", "ae" }, { "Æ", "ae" },
    { "œ", "oe" }, { "Œ", "oe" }, { "ß", "ss" }, { "ẞ", "ss" }, { "đ", "d" }, { "Đ", "d" },
    { "ð", "d" }, { "Ð", "d" }, { "þ", "th" }, { "Þ", "th" }, { "ħ", "h" }, { "Ħ", "h" },
    { "ı", "i" }, { "ŧ", "t" }, { "Ŧ", "t" }, { "ĳ", "ij" }, { "Ĳ", "ij" },
    //  Greek: unicode61 keeps tonos and dialytika (3.40 folds only Latin),
    //  and "ΙΑΤΡΙΚΟΣ" lowercases to σ where the word ends in ς.
    { "ά", "α" }, { "έ", "ε" }, { "ή", "η" }, { "ί", "ι" }, { "ό", "ο" }, { "ύ", "υ" },
    { "ώ", "ω" }, { "ϊ", "ι" }, { "ϋ", "υ" }, { "ΐ", "ι" }, { "ΰ", "υ" }, { "Ά", "α" },
    { "Έ", "ε" }, { "Ή", "η" }, { "Ί", "ι" }, { "Ό", "ο" }, { "Ύ", "υ" }, { "Ώ", "ω" },
    { "Ϊ", "ι" }, { "Ϋ", "υ" }, { "ς", "σ" },
};

static const char *s_fts5_api_get =
    "SELECT fts5 (?1)";
static const char *s_index_delete_fts =
    "DELETE FROM authority_fts WHERE rowid = (SELECT id FROM authority_index WHERE key = ?1)";
static const char *s_index_delete =
    "DELETE FROM authority_index WHERE key = ?1";
static const char *s_names_delete =
    "DELETE FROM authority_names WHERE key = ?1";
static const char *s_areas_delete =
    "DELETE FROM authority_areas WHERE key = ?1";
static const char *s_index_insert =
    "INSERT INTO authority_index (key, state, city, sort_key) VALUES (?1, ?2, ?3, ?4)";
static const char *s_name_insert =
    "INSERT INTO authority_names (key, position, lang, name, sort_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_area_insert =
    "INSERT OR IGNORE INTO authority_areas (key, legal_area, procedure, sort_key) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char *s_fts_insert =
    "INSERT INTO authority_fts (rowid, names, acronym, keywords, areas, city, codes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

//  Parameters of every search: ?1 match expression, ?2 state, ?3 legal area,
//  ?4 procedure ('' = the area as a whole), ?5 display language, ?6 limit.
//  hits keeps the best ?6 ids; the outer query decorates only those.
#define S_FILTERS \
    "(?2 IS NULL OR i.state = ?2) AND (?3 IS NULL OR EXISTS (" \
    "  SELECT 1 FROM authority_areas a " \
    "  WHERE a.key = i.key AND a.legal_area = ?3 AND a.procedure = ?4))"
#define S_DISPLAY_POSITION \
    "(SELECT position FROM authority_names " \
    " WHERE key = i.key AND (lang = ?5 OR position = 0) " \
    " ORDER BY lang IS ?5 DESC, position LIMIT 1)"
#define S_DECORATE \
    "SELECT i.key, i.state, n.name, n.lang, i.city, " \
    "       (SELECT group_concat (legal_area, ',') FROM authority_areas " \
    "        WHERE key = i.key AND procedure = '') " \
    "FROM hits JOIN authority_index i ON i.id = hits.id " \
    "JOIN authority_names n ON n.key = i.key AND n.position = " S_DISPLAY_POSITION " " \
    "ORDER BY hits.score, i.key"

static const char *s_search_text =
    "WITH hits AS MATERIALIZED ("
    "  SELECT f.rowid AS id, bm25 (authority_fts, 10.0, 6.0, 3.0, 2.0, 1.0, 0.0) AS score "
    "  FROM authority_fts f JOIN authority_index i ON i.id = f.rowid "
    "  WHERE authority_fts MATCH ?1 AND " S_FILTERS " "
    "  ORDER BY score, i.key LIMIT ?6) "
    S_DECORATE;
//  A later tier: what matches ?1 but not ?7 (an earlier tier's expression),
//  unranked: the first hits in index order (so the scan stops at the limit),
//  shown in key order. Used where hits are too many to rank fast and
//  ranking would tell them apart by little: the authorities that match only
//  through their legal areas' names (shared by thousands of rows), and the
//  rest of a short prefix's matches.
static const char *s_search_unranked =
    "WITH hits AS MATERIALIZED ("
    "  SELECT f.rowid AS id, 0 AS score "
    "  FROM authority_fts f JOIN authority_index i ON i.id = f.rowid "
    "  WHERE authority_fts MATCH ?1 AND " S_FILTERS " "
    "  AND f.rowid NOT IN (SELECT rowid FROM authority_fts WHERE authority_fts MATCH ?7) "
    "  ORDER BY f.rowid LIMIT ?6) "
    S_DECORATE;
//  The columns a direct match may be in: all but areas.
#define S_DIRECT_COLUMNS "{names acronym keywords city} : "
//  A prefix of up to three letters matches thousands of rows, and ranking
//  them all costs milliseconds: such a query first takes the names whose
//  first word starts with it (what a person typing a name expects), ranked.
#define S_INITIAL_NAMES "{names} : ^"
#define S_SHORT_PREFIX_MAX 3            //  characters

//  Listings without text walk an index in the order of the authorities' own-language
//  names (authority_areas_listing, authority_index_listing), so they cost
//  the rows shown, not the size of the area or state.
static const char *s_list_area =
    "WITH hits AS MATERIALIZED ("
    "  SELECT i.id AS id, a.sort_key AS score "
    "  FROM authority_areas a JOIN authority_index i ON i.key = a.key "
    "  WHERE a.legal_area = ?3 AND a.procedure = ?4 AND (?2 IS NULL OR i.state = ?2) "
    "  ORDER BY a.sort_key, a.key LIMIT ?6) "
    S_DECORATE;
static const char *s_list_state =
    "WITH hits AS MATERIALIZED ("
    "  SELECT i.id AS id, i.sort_key AS score FROM authority_index i "
    "  WHERE i.state = ?2 ORDER BY i.sort_key, i.key LIMIT ?6) "
    S_DECORATE;



//  --------------------------------------------------------------------------
//  Growing text with a sticky failure flag: append freely, check once.

typedef struct {
    char *data;                     //  NUL-terminated once anything is appended
    size_t size;                    //  bytes used, without the NUL
    size_t limit;                   //  bytes allocated
    bool failed;                    //  an allocation failed; data is incomplete
} s_text_t;

static void
s_text_append (s_text_t *self, const char *bytes, size_t size)
{
    if (self->failed)
        return;
    if (self->size + size + 1 > self->limit) {
        size_t limit = self->limit? self->limit: 256;
        while (self->size + size + 1 > limit)
            limit *= 2;
        char *data = realloc (self->data, limit);
        if (!data) {
            self->failed = true;
            return;
        }
        self->data = data;
        self->limit = limit;
    }
    memcpy (self->data + self->size, bytes, size);
    self->size += size;
    self->data [self->size] = 0;
}

//  Append source folded with s_folds, after a space if text is not empty.
static void
s_text_append_folded (s_text_t *self, const char *source)
{
    if (self->size)
        s_text_append (self, " ", 1);
    while (*source) {
        const char *folded = NULL;
        size_t letter_size = 0;
        //  Only a lead byte (>= 0xC0) can start a letter of s_folds.
        for (size_t index = 0; (unsigned char) *source >= 0xC0
                               && index < sizeof s_folds / sizeof s_folds [0]; index++) {
            letter_size = strlen (s_folds [index].letter);
            if (strncmp (source, s_folds [index].letter, letter_size) == 0) {
                folded = s_folds [index].folded;
                break;
            }
        }
        if (folded) {
            s_text_append (self, folded, strlen (folded));
            source += letter_size;
        }
        else {
            size_t run = 1;         //  up to the next lead byte
            while (source [run] && (unsigned char) source [run] < 0xC0)
                run++;
            s_text_append (self, source, run);
            source += run;
        }
    }
}

static void
s_text_reset (s_text_t *self)
{
    self->size = 0;
    if (self->data)
        self->data [0] = 0;
}

static const char *
s_text_get (s_text_t *self)
{
    return self->data? self->data: "";
}


//  --------------------------------------------------------------------------
//  The FTS table's tokenizer, for sort keys and to tell searchable words.

typedef struct {
    fts5_tokenizer methods;
    Fts5Tokenizer *instance;
} s_tokenizer_t;

//  0, or -1 if FTS5 or its unicode61 tokenizer is missing.
static int
s_tokenizer_open (s_tokenizer_t *self, imi_store_t *store)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_fts5_api_get);
    if (!statement)
        return -1;
    fts5_api *api = NULL;
    sqlite3_bind_pointer (statement, 1, (void *) &api, "fts5_api_ptr", NULL);
    sqlite3_step (statement);
    sqlite3_reset (statement);
    sqlite3_clear_bindings (statement);
    void *context;
    if (!api || api->xFindTokenizer (api, s_tokenizer_name, &context, &self->methods) != SQLITE_OK
    ||  self->methods.xCreate (context, s_tokenizer_arguments,
                               sizeof s_tokenizer_arguments / sizeof s_tokenizer_arguments [0],
                               &self->instance) != SQLITE_OK)
        return imi_error_set ("search: SQLite has no FTS5 %s tokenizer", s_tokenizer_name);
    return 0;
}

static void
s_tokenizer_close (s_tokenizer_t *self)
{
    self->methods.xDelete (self->instance);
}

static int
s_collect_token (void *context, int flags, const char *token, int size, int start, int end)
{
    (void) flags, (void) start, (void) end;
    s_text_t *tokens = (s_text_t *) context;
    if (tokens->size)
        s_text_append (tokens, " ", 1);
    s_text_append (tokens, token, (size_t) size);
    return SQLITE_OK;
}

//  Like s_collect_token, but drop a token made only of code points
//  U+1F000..U+1FFFF (UTF-8 F0 9F xx xx): unicode61 in 3.40 takes some emoji
//  for token characters, and a query word that is an emoji should not make
//  the whole query match nothing.
static int
s_collect_query_token (void *context, int flags, const char *token, int size, int start,
                       int end)
{
    int offset = 0;
    while (offset + 4 <= size && (unsigned char) token [offset] == 0xF0
                              && (unsigned char) token [offset + 1] == 0x9F)
        offset += 4;
    if (offset == size)
        return SQLITE_OK;
    return s_collect_token (context, flags, token, size, start, end);
}

//  Replace tokens with the tokens of text (already folded), space-separated.
static void
s_tokenize (s_tokenizer_t *self, const char *text, int flags, s_text_t *tokens)
{
    s_text_reset (tokens);
    self->methods.xTokenize (self->instance, tokens, flags, text, (int) strlen (text),
                             flags == FTS5_TOKENIZE_QUERY? s_collect_query_token
                                                         : s_collect_token);
}


//  --------------------------------------------------------------------------
//  Indexing

//  Bind key as ?1 and step statement. 0 or -1.
static int
s_by_key (imi_store_t *store, const char *sql, const char *key, const char *what)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, what);
}

int
imi_search_unindex (imi_store_t *store, const char *key)
{
    if (s_by_key (store, s_index_delete_fts, key, "unindexing authority")
    ||  s_by_key (store, s_index_delete, key, "unindexing authority")
    ||  s_by_key (store, s_names_delete, key, "unindexing authority names")
    ||  s_by_key (store, s_areas_delete, key, "unindexing authority areas"))
        return -1;
    return 0;
}

static int
s_insert_area (imi_store_t *store, const char *key, const char *legal_area, const char *procedure,
               const char *sort_key)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_area_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, legal_area, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, sort_key, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "indexing authority areas");
}

//  Is competence the first of authority's competences in its legal area?
static bool
s_first_in_area (const imi_authority_t *authority, size_t competence)
{
    for (size_t earlier = 0; earlier < competence; earlier++)
        if (strcmp (authority->competences [earlier].legal_area,
                    authority->competences [competence].legal_area) == 0)
            return false;
    return true;
}

//  The FTS columns of one authority, folded.
typedef struct {
    s_text_t names;
    s_text_t acronym;
    s_text_t keywords;
    s_text_t areas;
    s_text_t city;
    s_text_t codes;             //  one token per legal area and procedure (s_code_token)
} s_columns_t;

//  The index token of a legal area ('a') or procedure ('p') code: letters
//  and digits only, so the tokenizer keeps it whole, and no word a person
//  types: kind followed by 16 hex digits of SHA-256 (code). With it a filter
//  is one more term of the MATCH, intersected inside FTS5, instead of a
//  lookup per hit.
static void
s_code_token (char token [18], char kind, const char *code)
{
    uint8_t hash [IMI_HASH_BYTES];
    imi_hash (hash, code, strlen (code));
    token [0] = kind;
    imi_hex_encode (token + 1, hash, 8);
}

static int
s_index_rows (imi_store_t *store, imi_catalogue_t *catalogue, const char *key,
              const char *state, const imi_authority_t *authority, s_tokenizer_t *tokenizer,
              s_columns_t *columns, s_text_t *sort_key, s_text_t *own_sort_key)
{
    for (size_t position = 0; position < authority->name_count; position++) {
        const imi_text_t *name = &authority->names [position];
        s_text_append_folded (&columns->names, name->text);
        s_text_t folded = { 0 };
        s_text_append_folded (&folded, name->text);
        s_tokenize (tokenizer, s_text_get (&folded), FTS5_TOKENIZE_DOCUMENT, sort_key);
        free (folded.data);
        if (folded.failed || sort_key->failed)
            return imi_error_set ("indexing %s: out of memory", key);
        sqlite3_stmt *statement = imi_store_statement (store, s_name_insert);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) position);
        sqlite3_bind_text (statement, 3, name->lang, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 4, name->text, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 5, s_text_get (sort_key), -1, SQLITE_STATIC);
        if (imi_store_step_done (store, statement, "indexing authority names"))
            return -1;
        if (position == 0)
            s_text_append (own_sort_key, s_text_get (sort_key), sort_key->size);
    }
    const char *own = s_text_get (own_sort_key);
    if (own_sort_key->failed)
        return imi_error_set ("indexing %s: out of memory", key);
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        for (size_t keyword = 0; keyword < competence->keyword_count; keyword++)
            s_text_append_folded (&columns->keywords, competence->keywords [keyword].text);
        if (s_insert_area (store, key, competence->legal_area, "", own))
            return -1;
        char token [18];
        s_code_token (token, 'a', competence->legal_area);
        s_text_append (&columns->codes, " ", 1);
        s_text_append (&columns->codes, token, strlen (token));
        for (size_t procedure = 0; procedure < competence->procedure_count; procedure++) {
            s_code_token (token, 'p', competence->procedures [procedure]);
            s_text_append (&columns->codes, " ", 1);
            s_text_append (&columns->codes, token, strlen (token));
        }
        for (size_t procedure = 0; procedure < competence->procedure_count; procedure++)
            if (s_insert_area (store, key, competence->legal_area,
                               competence->procedures [procedure], own))
                return -1;
        //  An area the catalogue does not know still filters; it has no names.
        const char *area_names = imi_catalogue_area_all_names (catalogue,
                                                               competence->legal_area);
        if (area_names && s_first_in_area (authority, index))
            s_text_append_folded (&columns->areas, area_names);
    }
    s_text_append_folded (&columns->acronym, authority->acronym);
    s_text_append_folded (&columns->city, authority->city);
    if (columns->names.failed || columns->acronym.failed || columns->keywords.failed
    ||  columns->areas.failed || columns->city.failed || columns->codes.failed)
        return imi_error_set ("indexing %s: out of memory", key);

    sqlite3_stmt *statement = imi_store_statement (store, s_index_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, authority->city, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, own, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "indexing authority"))
        return -1;
    sqlite3_int64 id = sqlite3_last_insert_rowid (imi_store_db (store));

    if (!(statement = imi_store_statement (store, s_fts_insert)))
        return -1;
    sqlite3_bind_int64 (statement, 1, id);
    sqlite3_bind_text (statement, 2, s_text_get (&columns->names), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, s_text_get (&columns->acronym), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, s_text_get (&columns->keywords), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, s_text_get (&columns->areas), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, s_text_get (&columns->city), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 7, s_text_get (&columns->codes), -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "indexing authority text");
}

int
imi_search_index (imi_store_t *store, imi_catalogue_t *catalogue, const char *key,
                  const char *state, const imi_authority_t *authority)
{
    if (imi_search_unindex (store, key))
        return -1;
    s_tokenizer_t tokenizer;
    if (s_tokenizer_open (&tokenizer, store))
        return -1;
    s_columns_t columns;
    memset (&columns, 0, sizeof columns);
    s_text_t sort_key = { 0 }, own_sort_key = { 0 };
    int rc = s_index_rows (store, catalogue, key, state, authority, &tokenizer, &columns,
                           &sort_key, &own_sort_key);
    s_tokenizer_close (&tokenizer);
    free (columns.names.data);
    free (columns.acronym.data);
    free (columns.keywords.data);
    free (columns.areas.data);
    free (columns.city.data);
    free (columns.codes.data);
    free (sort_key.data);
    free (own_sort_key.data);
    return rc;
}


//  --------------------------------------------------------------------------
//  Searching

//  Does expression already hold term (between spaces or ends)? Terms never
//  hold an ASCII space, so this finds whole terms only.
static bool
s_has_term (const char *expression, const char *term)
{
    size_t size = strlen (term);
    for (const char *found = strstr (expression, term); found;
         found = strstr (found + 1, term))
        if ((found == expression || found [-1] == ' ')
        &&  (found [size] == 0 || found [size] == ' '))
            return true;
    return false;
}

//  True if text is one UTF-8 character.
static bool
s_one_character (const char *text)
{
    if (!*text)
        return false;
    for (text++; ((unsigned char) *text & 0xC0) == 0x80; text++)
        ;
    return *text == 0;
}

//  Append to expression the FTS5 query for text: each whitespace-separated
//  word that yields a token, as its tokens (folded, lower case, space
//  separated: a phrase), quoted (quotes doubled, though the tokenizer never
//  keeps one), as a prefix unless it is a single character. Repeated words count once, and words
//  after the S_WORDS_MAX-th are ignored: each term costs a doclist merge
//  (a one-letter prefix, a scan of every term with that letter), so 512
//  bytes of "a b c ..." must not cost seconds.
#define S_WORDS_MAX 16

static void
s_expression (s_tokenizer_t *tokenizer, const char *text, s_text_t *expression)
{
    static const char *spaces = " \t\n\r\f\v";
    s_text_t word = { 0 };
    s_text_t tokens = { 0 };
    s_text_t term = { 0 };
    size_t words = 0;
    for (text += strspn (text, spaces); *text && words < S_WORDS_MAX;
         text += strspn (text, spaces)) {
        size_t size = strcspn (text, spaces);
        char raw [IMI_SEARCH_QUERY_MAX + 1];
        assert (size <= IMI_SEARCH_QUERY_MAX);      //  the caller bounds text
        memcpy (raw, text, size);
        raw [size] = 0;
        text += size;
        s_text_reset (&word);
        s_text_append_folded (&word, raw);
        s_tokenize (tokenizer, s_text_get (&word), FTS5_TOKENIZE_QUERY, &tokens);
        if (tokens.size == 0)
            continue;               //  no letter or digit: would match nothing
        s_text_reset (&term);
        s_text_append (&term, "\"", 1);
        for (const char *cursor = s_text_get (&tokens); *cursor; cursor++)
            if (*cursor == '"')
                s_text_append (&term, "\"\"", 2);
            else
                s_text_append (&term, cursor, 1);
        //  A one-letter prefix would match most of the directory, slowly.
        const char *end = s_one_character (s_text_get (&tokens))? "\"": "\"*";
        s_text_append (&term, end, strlen (end));
        if (term.failed || s_has_term (s_text_get (expression), s_text_get (&term)))
            continue;
        if (expression->size)
            s_text_append (expression, " ", 1);
        s_text_append (expression, s_text_get (&term), term.size);
        words++;
    }
    expression->failed |= word.failed || tokens.failed || term.failed;
    free (word.data);
    free (tokens.data);
    free (term.data);
}

static int
s_check_query (imi_catalogue_t *catalogue, const char *text, const imi_search_query_t *query,
               const char **area)
{
    if (strlen (text) > IMI_SEARCH_QUERY_MAX)
        return imi_error_malformed ("search text is longer than %d bytes", IMI_SEARCH_QUERY_MAX);
    if (query->limit < 1 || query->limit > IMI_SEARCH_LIMIT_MAX)
        return imi_error_malformed ("search limit %ld is not in 1..%d", query->limit,
                                    IMI_SEARCH_LIMIT_MAX);
    if (query->offset < 0 || query->offset > IMI_SEARCH_OFFSET_MAX)
        return imi_error_malformed ("search offset %ld is not in 0..%d", query->offset,
                                    IMI_SEARCH_OFFSET_MAX);
    if (query->state && !imi_state_code_valid (query->state))
        return imi_error_malformed ("'%s' is not a member state code", query->state);
    if (query->legal_area && !imi_catalogue_has_area (catalogue, query->legal_area))
        return imi_error_malformed ("unknown legal area '%s'", query->legal_area);
    *area = query->legal_area;
    if (query->procedure) {
        const char *procedure_area = imi_catalogue_procedure_area (catalogue, query->procedure);
        if (!procedure_area)
            return imi_error_malformed ("unknown procedure '%s'", query->procedure);
        if (query->legal_area && strcmp (query->legal_area, procedure_area) != 0)
            return imi_error_malformed ("procedure '%s' is not in legal area '%s'",
                                        query->procedure, query->legal_area);
        *area = procedure_area;
    }
    if (text [strspn (text, " \t\n\r\f\v")] == 0 && !query->state && !*area)
        return imi_error_malformed ("empty search: give words, a state or a legal area");
    return 0;
}

//  out = before || expression || after || filter.
static void
s_compose (s_text_t *out, const char *before, s_text_t *expression, const char *after,
           const char *filter)
{
    s_text_append (out, before, strlen (before));
    s_text_append (out, s_text_get (expression), expression->size);
    s_text_append (out, after, strlen (after));
    s_text_append (out, filter, strlen (filter));
}

//  True if expression is one prefix term of at most S_SHORT_PREFIX_MAX
//  characters ("co"*).
static bool
s_short_prefix (const char *expression)
{
    size_t size = strlen (expression);
    if (size < 4 || expression [0] != '"' || strcmp (expression + size - 2, "\"*") != 0)
        return false;
    size_t characters = 0;
    for (size_t index = 1; index < size - 2; index++) {
        if (expression [index] == '"' || expression [index] == ' ')
            return false;
        if (((unsigned char) expression [index] & 0xC0) != 0x80)
            characters++;
    }
    return characters <= S_SHORT_PREFIX_MAX;
}

//  The columns of a result, as the search statements select them.
static const char *const s_columns [] = { "key", "state", "name", "name_lang", "city",
                                          "legal_areas" };
#define S_COLUMNS (sizeof s_columns / sizeof s_columns [0])

//  A result row as an object: legal_areas (comma-separated codes in the
//  statement) as an array of codes. NULL out of memory or if a text is not
//  UTF-8.
static json_t *
s_row (sqlite3_stmt *statement)
{
    json_t *row = json_object ();
    for (size_t column = 0; row && column < S_COLUMNS; column++) {
        const char *text = (const char *) sqlite3_column_text (statement, (int) column);
        json_t *value = NULL;
        if (column + 1 < S_COLUMNS)
            value = json_string (text? text: "");
        else {
            value = json_array ();
            for (const char *code = text; value && code && *code; ) {
                size_t size = strcspn (code, ",");
                if (size && json_array_append_new (value, json_stringn (code, size)))
                    json_decref (value), value = NULL;
                code += size + (code [size] == ',');
            }
        }
        if (!value || json_object_set_new (row, s_columns [column], value))
            json_decref (row), row = NULL;
    }
    return row;
}

//  Run one of the search statements and append its rows to results (an
//  array). match and direct bind ?1 and ?7 (when given). Returns the row
//  count or -1.
static int
s_run (imi_store_t *store, const char *sql, const char *match, const char *direct,
       const char *area, const imi_search_query_t *query, long limit, json_t *results)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    if (match)
        sqlite3_bind_text (statement, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, query->state, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, area, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, query->procedure? query->procedure: "", -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, query->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, limit);
    if (direct)
        sqlite3_bind_text (statement, 7, direct, -1, SQLITE_STATIC);
    int count = 0, rc;
    bool failed = false;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        json_t *row = s_row (statement);
        if (!row || json_array_append_new (results, row)) {
            failed = true;
            break;
        }
        count++;
    }
    if (rc != SQLITE_DONE)
        count = failed? imi_error_set ("search: out of memory, or a result not in UTF-8")
                      : imi_store_error (store, "searching");
    sqlite3_reset (statement);
    return count;
}

//  The page of found (every row up to offset + limit + 1) that query asks
//  for, into page: its results, offset, limit and next_offset (null on the
//  last page). Returns the count of results in the page, or -1.
static int
s_page (json_t *found, const imi_search_query_t *query, json_t *page)
{
    json_t *results = json_array ();
    size_t total = json_array_size (found);
    for (size_t index = (size_t) query->offset;
         results && index < total && index < (size_t) (query->offset + query->limit); index++)
        if (json_array_append (results, json_array_get (found, index)))
            json_decref (results), results = NULL;
    bool more = total > (size_t) (query->offset + query->limit);
    if (!results
    ||  json_object_set_new (page, "results", results)
    ||  json_object_set_new (page, "offset", json_integer (query->offset))
    ||  json_object_set_new (page, "limit", json_integer (query->limit))
    ||  json_object_set_new (page, "next_offset",
                             more? json_integer (query->offset + query->limit): json_null ()))
        return imi_error_set ("search: out of memory");
    return (int) json_array_size (results);
}

int
imi_search_run (imi_store_t *store, imi_catalogue_t *catalogue, const char *text,
                const imi_search_query_t *query, json_t *page)
{
    const char *area = NULL;
    if (!text)
        text = "";
    int rc = s_check_query (catalogue, text, query, &area);
    if (rc)
        return rc;
    s_tokenizer_t tokenizer;
    if (s_tokenizer_open (&tokenizer, store))
        return -1;
    s_text_t expression = { 0 };
    s_expression (&tokenizer, text, &expression);
    s_tokenizer_close (&tokenizer);
    if (expression.failed) {
        free (expression.data);
        return imi_error_set ("search: out of memory");
    }
    //  Every row up to the page's end, and one more to tell if there is a
    //  next page; the page is cut from them (s_page).
    long want = query->offset + query->limit + 1;
    json_t *found = json_array ();
    if (!found) {
        free (expression.data);
        return imi_error_set ("search: out of memory");
    }
    //  Words given but none searchable (only punctuation): nothing matches.
    bool listing = expression.size == 0;
    bool unsearchable = listing && text [strspn (text, " \t\n\r\f\v")] != 0;
    int count = 0;
    if (listing && !unsearchable)
        count = s_run (store, area? s_list_area: s_list_state, NULL, NULL, area, query,
                       want, found);
    else
    if (!listing) {
        //  A legal area or procedure filter is a term of the expression too,
        //  so FTS5 intersects it (the SQL filter stays, exact and now cheap).
        char filter [64] = "";
        if (area) {
            char token [18];
            s_code_token (token, query->procedure? 'p': 'a',
                          query->procedure? query->procedure: area);
            snprintf (filter, sizeof filter, " AND {codes} : \"%s\"", token);
        }
        //  Direct matches first, ranked; then area-name matches, if room is left.
        s_text_t direct = { 0 }, full = { 0 }, initial = { 0 };
        s_compose (&direct, S_DIRECT_COLUMNS "(", &expression, ")", filter);
        s_compose (&full, "(", &expression, ")", filter);
        if (s_short_prefix (s_text_get (&expression)))
            s_compose (&initial, S_INITIAL_NAMES, &expression, "", filter);
        const char *direct_text = s_text_get (&direct);
        if (direct.failed || full.failed || initial.failed)
            count = imi_error_set ("search: out of memory");
        else
        if (initial.size) {
            const char *initial_text = s_text_get (&initial);
            count = s_run (store, s_search_text, initial_text, NULL, area, query, want,
                           found);
            if (count >= 0 && count < want) {
                int more = s_run (store, s_search_unranked, direct_text, initial_text,
                                  area, query, want - count, found);
                count = more < 0? more: count + more;
            }
        }
        else
            count = s_run (store, s_search_text, direct_text, NULL, area, query, want,
                           found);
        if (count >= 0 && count < want) {
            int more = s_run (store, s_search_unranked, s_text_get (&full), direct_text, area,
                              query, want - count, found);
            count = more < 0? more: count + more;
        }
        free (initial.data);
        free (full.data);
        free (direct.data);
    }
    free (expression.data);
    if (count >= 0)
        count = s_page (found, query, page);
    json_decref (found);
    return count;
}

char *
imi_search_fold (const char *text)
{
    s_text_t folded = { 0 };
    s_text_append (&folded, "", 0);
    s_text_append_folded (&folded, text);
    if (folded.failed) {
        free (folded.data);
        return NULL;
    }
    return folded.data;
}

int
imi_search_expression (imi_store_t *store, const char *text, char **expression)
{
    *expression = NULL;
    if (strlen (text) > IMI_SEARCH_QUERY_MAX)
        return imi_error_malformed ("search text is longer than %d bytes", IMI_SEARCH_QUERY_MAX);
    s_tokenizer_t tokenizer;
    if (s_tokenizer_open (&tokenizer, store))
        return -1;
    s_text_t built = { 0 };
    s_text_append (&built, "", 0);
    s_expression (&tokenizer, text, &built);
    s_tokenizer_close (&tokenizer);
    if (built.failed) {
        free (built.data);
        return imi_error_set ("search: out of memory");
    }
    *expression = built.data;
    return 0;
}

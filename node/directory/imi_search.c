/*  imi_search: the multilingual search over the directory. See imi_search.h,
    and docs/directory.md "Search" for the design and what each part costs.

    Representation. Each indexed authority has one authority_index row (its
    key, state and city as written) whose id is the rowid of its one
    authority_fts row, so that unindexing and joining results cost an index
    lookup, never a scan of the FTS content. authority_names holds every name
    with a sort key; authority_areas one row per legal area (procedure '')
    and one per procedure, for the filters. The FTS row holds the folded
    names, acronym, keywords and city, the Snowball stems of the names and
    keywords (stems), and one hashed token per legal area and procedure
    (codes), and per legal area and procedure within each of its other
    areas (s_pair_token: what a word's areas are within a filter area).
    The names of legal areas and procedures are not in it: they are in
    search_catalogue_fts, one row per area or procedure with its names in
    every catalogue language and their stems, built at start from the
    catalogue (imi_search_prepare). A query word that matches there becomes
    the code tokens of those areas and procedures, one more alternative of
    the word. search_terms is the vocabulary of the authorities' words, with
    a trigram index (search_terms_fts): where the candidates of typos and
    compounds come from.

    Folding. unicode61 remove_diacritics 2 folds letters that Unicode
    decomposes (Ä, é, ó, ę) but not those that are letters of their own
    (ł, ø, æ, ß, đ, þ, ...), nor Greek accents in 3.40. s_fold spells those
    out, and for the directory also transliterates: Greek to Latin letters
    (ELOT 743), Cyrillic to Latin (the Bulgarian official system), and then
    the spellings of umlauts and of å as vowel pairs: ae oe ue and aa become
    a o u and a, so "aerztekammer", "arztekammer" and "Ärztekammer" are one
    word to the index. The text is folded before it enters the FTS table and
    every query word the same way, so the two sides always agree. The FTS
    copy of the text is therefore not for display: names and city are shown
    from authority_names / authority_index.

    Queries. A query is parsed (s_parse), never handed to FTS5: words,
    "quoted phrases", OR between two words, a leading - (or NOT) to exclude;
    anything else is text. Each word becomes the quoted prefix term
    "tokens"* (quotes doubled). The tokens are those of the table's own
    tokenizer (unicode61 with the same options, called through the
    fts5_api), which also decides whether a word can match at all: a word
    that yields no token (punctuation, emoji; see s_collect_query_token)
    would make an empty phrase, which FTS5 treats as matching nothing and
    would empty the whole AND, so such words are dropped. The same tokenizer
    makes the names' sort keys (tokens joined by spaces), so a listing orders
    "Ärztekammer" among the A's.

    Ranking: imi_rank (bm25 without IDF: s_rank) with column weights (names
    highest), of the first S_RANKED hits in index order only, ranked as
    they are read (s_search_ranked), in a materialized subquery that keeps
    only the LIMIT best rowids; the display name and area list are then
    looked up for those rows only. Ranking is
    most of a query's cost (FTS5 reads every hit's positions and column
    sizes), so hits that ranking would tell apart by little are not ranked:
    the search runs in tiers, each only if the earlier ones left room in the
    page.
      1. direct matches (names, acronym, keywords, city), ranked; for a
         prefix of up to three letters, first the names whose first word
         starts with it, ranked, then its other direct matches, unranked;
         for one word of more than four letters, the whole word first,
         ranked, then its other prefix matches, unranked;
      2. matches through a word form (stems of keywords) or through the
         names of legal areas and procedures (code tokens), unranked;
      3. only if tiers 1 and 2 found fewer than S_FEW_HITS: compounds (the
         word inside a longer word of the vocabulary) and typos (words of
         the vocabulary within one edit, two from eight letters), unranked.
    Unranked tiers take hits in index order, so the scan stops at the limit,
    and leave out the keys the earlier tiers found (not their expressions'
    hits: a second reading of those doclists).
    Filters by legal area and procedure are FTS terms too (hashed code
    tokens), and listings walk an index in name order: bench_search
    measures each of these. After a rebuild the index is merged into one
    segment (imi_search_optimize).

    Threads. Searches may run at the same time on several connections (one
    per reader thread), so nothing here is shared between calls but
    constants: each search, indexing or preparation makes the Snowball
    stemmers it uses (s_stemmers_t) and frees them, and imi_rank is
    registered on each connection by imi_search_prepare.
*/
#include "imi_search.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <jansson.h>
#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  Must be the tokenize options of authority_fts (schema migration 20).
static const char *s_tokenizer_name = "unicode61";
static const char *s_tokenizer_arguments [] = { "remove_diacritics", "2" };

//  Letters unicode61 does not fold, with what to fold them to. Upper and
//  lower case both listed: this runs before the tokenizer lowercases.
static const struct {
    const char *letter;
    const char *folded;
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

//  Greek small letters α (U+03B1) to ω (U+03C9), ς included, in Latin
//  letters as ELOT 743 writes them.
static const char *const s_greek [] = {
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r",
    "s", "s", "t", "y", "f", "ch", "ps", "o",
};

//  Cyrillic small letters а (U+0430) to џ (U+045F) in Latin letters: the
//  Bulgarian official system (2009) for its 30 letters, what people type;
//  the others (Russian, Serbian, Macedonian, Ukrainian) as usually typed.
static const char *const s_cyrillic [] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "y", "e", "yu", "ya",
    "e", "e", "dj", "g", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "k", "i", "u", "dz",
};

//  The EEA's languages (and the CH's Romansh), the codes a search may ask
//  names in; with their Snowball stemmer where libstemmer has one.
static const struct {
    const char *lang;
    const char *algorithm;          //  or NULL
} s_languages [] = {
    { "bg", NULL }, { "cs", NULL }, { "da", "danish" }, { "de", "german" }, { "el", NULL },
    { "en", "english" }, { "es", "spanish" }, { "et", NULL }, { "fi", "finnish" },
    { "fr", "french" }, { "ga", "irish" }, { "hr", NULL }, { "hu", "hungarian" },
    { "is", NULL }, { "it", "italian" }, { "lb", NULL }, { "lt", "lithuanian" }, { "lv", NULL },
    { "mt", NULL }, { "nb", "norwegian" }, { "nl", "dutch" }, { "nn", "norwegian" },
    { "no", "norwegian" }, { "pl", NULL }, { "pt", "portuguese" }, { "rm", NULL },
    { "ro", "romanian" }, { "sk", NULL }, { "sl", NULL }, { "sv", "swedish" },
};
#define S_LANGUAGES (sizeof s_languages / sizeof s_languages [0])

//  The Snowball stemmers of one search, one indexing or one preparation,
//  each made on first use (s_stemmer) and freed with it (s_stemmers_free).
//  An sb_stemmer is not reentrant (it stems into its own buffer): the
//  reader threads each search on their own connection at the same time,
//  so no stemmer is shared between calls. Making one costs a few hundred
//  nanoseconds.
typedef struct {
    struct sb_stemmer *stemmers [S_LANGUAGES];
    bool tried [S_LANGUAGES];
} s_stemmers_t;

#define S_WORDS_MAX         16      //  words of a query; the rest are ignored
#define S_CODES_MAX         16      //  areas and procedures one word may stand for
#define S_CANDIDATES_MAX    24      //  compound and typo candidates of one word
#define S_FORGIVE_MIN       4       //  characters a word needs for compounds and typos
#define S_TERM_MIN          3       //  characters a vocabulary term needs
#define S_FEW_HITS          5       //  fewer direct and related hits: try compounds, typos
#define S_SHORT_PREFIX_MAX  3       //  characters: a prefix this short ranks first names
#define S_SCAN_MAX          2000    //  vocabulary terms read for one candidate lookup
#define S_PREFIX_INDEXED    4       //  characters: the longest prefix index (prefix = '2 3 4')
#define S_RANKED            64      //  hits ranked, at most (or the page's rows, if more):
                                    //  each costs ~10 us (its positions, its column sizes),
                                    //  a common word within an area 1.5-2.4 ms with 128
#define S_EXPANSION_MAX     16      //  vocabulary words a long prefix is spelled out as

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
    "INSERT INTO authority_fts (rowid, names, acronym, keywords, city, stems, codes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char *s_term_insert =
    "INSERT OR IGNORE INTO search_terms (term) VALUES (?1)";
static const char *s_term_trigrams_insert =
    "INSERT INTO search_terms_fts (rowid, term) VALUES (?1, ?2)";
static const char *s_unindexed =
    "SELECT a.key, a.state, a.record FROM authorities a "
    "WHERE NOT EXISTS (SELECT 1 FROM authority_index i WHERE i.key = a.key)";
static const char *s_optimize =
    "INSERT INTO authority_fts (authority_fts) VALUES ('optimize')";
static const char *s_meta_get =
    "SELECT value FROM search_meta WHERE name = ?1";
static const char *s_meta_set =
    "INSERT INTO search_meta (name, value) VALUES (?1, ?2) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value";
static const char *s_index_clear =
    "DELETE FROM authority_fts; DELETE FROM authority_index; "
    "DELETE FROM authority_names; DELETE FROM authority_areas";
static const char *s_catalogue_clear =
    "DELETE FROM search_catalogue";
static const char *s_catalogue_fts_clear =
    "DELETE FROM search_catalogue_fts";
static const char *s_catalogue_insert =
    "INSERT INTO search_catalogue (kind, code) VALUES (?1, ?2)";
static const char *s_catalogue_fts_insert =
    "INSERT INTO search_catalogue_fts (rowid, names, stems) VALUES (?1, ?2, ?3)";
//  Areas and procedures a word stands for: one more than S_CODES_MAX tells
//  a word too common to narrow anything ("de", "of").
static const char *s_catalogue_match =
    "SELECT c.kind, c.code FROM search_catalogue_fts f "
    "JOIN search_catalogue c ON c.id = f.rowid "
    "WHERE search_catalogue_fts MATCH ?1 LIMIT 17";
//  Terms starting with ?1 (?2 is ?1 with its last byte one higher).
static const char *s_terms_from =
    "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 "
    "AND length (term) BETWEEN ?3 AND ?4";
//  Terms holding any of the substrings of ?1 (trigram phrases ORed).
static const char *s_terms_holding =
    "SELECT t.term FROM search_terms_fts f JOIN search_terms t ON t.id = f.rowid "
    "WHERE search_terms_fts MATCH ?1 AND length (t.term) BETWEEN ?2 AND ?3";

//  Parameters of every search: ?1 match expression, ?2 state, ?3 legal area,
//  ?4 procedure ('' = the area as a whole), ?5 display language, ?6 limit;
//  ?7 and ?8 are a tier's (s_search_ranked, s_search_unranked).
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

//  The ranked tier: the first ?8 hits in index order, ranked as they are
//  read (one pass: the doclists are read up to the ?8-th hit, never to
//  their end; bm25 would read every hit's positions: 40 ms for 70,000
//  hits), the best ?6 kept. It is always the first tier: nothing to
//  exclude. Filters are terms of ?1 too, so the ?8 hits pass them.
static const char *s_search_ranked =
    "WITH hits AS MATERIALIZED ("
    "  SELECT r.id AS id, r.score AS score FROM ("
    "    SELECT f.rowid AS id, "
    "           imi_rank (authority_fts, 10.0, 6.0, 3.0, 1.0, 0.0, 0.0) AS score "
    "    FROM authority_fts f WHERE authority_fts MATCH ?1 ORDER BY f.rowid LIMIT ?8) r "
    "  JOIN authority_index i ON i.id = r.id WHERE " S_FILTERS " "
    "  ORDER BY r.score, i.key LIMIT ?6) "
    S_DECORATE;
//  A later tier: what matches ?1 but is not among the keys ?7 (a JSON
//  array: the earlier tiers' results), unranked: the first hits in index
//  order (so the scan stops at the limit), shown in key order. A later
//  tier runs only when the earlier ones left the page room, so they
//  returned every hit they had: their results are all that their
//  expressions match, and excluding them costs no second reading of
//  those expressions' doclists.
static const char *s_search_unranked =
    "WITH hits AS MATERIALIZED ("
    "  SELECT f.rowid AS id, 0 AS score "
    "  FROM authority_fts f JOIN authority_index i ON i.id = f.rowid "
    "  WHERE authority_fts MATCH ?1 AND " S_FILTERS " "
    "  AND i.key NOT IN (SELECT value FROM json_each (?7)) "
    "  ORDER BY f.rowid LIMIT ?6) "
    S_DECORATE;
//  The columns a direct match may be in.
#define S_DIRECT_COLUMNS "{names acronym keywords city} : "
//  Word forms: a query word's stems, among names, keywords and their stems.
#define S_STEM_COLUMNS "{names keywords stems} : "
//  Code tokens (areas, procedures) without a column: a hashed token is in
//  no other column but by a freak, and a column filter makes FTS5 read
//  each hit's positions (an area's codes AND a filter area at 125,000
//  authorities: 1.3 ms with it, 0.7 without).
#define S_CODE_COLUMNS ""
//  A prefix of up to three letters matches thousands of rows, and ranking
//  them all costs milliseconds: such a query first takes the names whose
//  first word starts with it (what a person typing a name expects), ranked.
#define S_INITIAL_NAMES "{names} : ^"

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

static void
s_text_add (s_text_t *self, const char *string)
{
    s_text_append (self, string, strlen (string));
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

//  Where terms holds term (between spaces or ends), or NULL. Terms never
//  hold an ASCII space, so this finds whole terms only.
static const char *
s_find_term (const char *terms, const char *term)
{
    size_t size = strlen (term);
    for (const char *found = strstr (terms, term); found; found = strstr (found + 1, term))
        if ((found == terms || found [-1] == ' ')
        &&  (found [size] == 0 || found [size] == ' '))
            return found;
    return NULL;
}

static bool
s_has_term (const char *terms, const char *term)
{
    return s_find_term (terms, term) != NULL;
}

//  Remove term from terms (space-separated) if it holds it, with a space.
static void
s_remove_term (s_text_t *terms, const char *term)
{
    const char *found = terms->data? s_find_term (terms->data, term): NULL;
    if (!found)
        return;
    size_t from = (size_t) (found - terms->data), to = from + strlen (term);
    if (terms->data [to] == ' ')
        to++;
    else
    if (from > 0)
        from--;
    memmove (terms->data + from, terms->data + to, terms->size - to + 1);
    terms->size -= to - from;
}

//  Add term to terms (space-separated) unless it holds it already.
static void
s_add_distinct (s_text_t *terms, const char *term)
{
    if (s_has_term (s_text_get (terms), term))
        return;
    if (terms->size)
        s_text_append (terms, " ", 1);
    s_text_add (terms, term);
}

//  Append term as an FTS5 string: quoted, quotes doubled.
static void
s_text_add_quoted (s_text_t *self, const char *term)
{
    s_text_append (self, "\"", 1);
    for (const char *cursor = term; *cursor; cursor++)
        s_text_append (self, cursor, *cursor == '"'? 2: 1);
    s_text_append (self, "\"", 1);
}


//  --------------------------------------------------------------------------
//  Folding

//  The code point UTF-8 text starts with, and its size; size 1 and point
//  0xFFFD for a byte that starts no valid sequence.
static uint32_t
s_decode (const char *text, size_t *size)
{
    const unsigned char *bytes = (const unsigned char *) text;
    size_t length = bytes [0] < 0x80? 1: bytes [0] < 0xC2? 0: bytes [0] < 0xE0? 2
                  : bytes [0] < 0xF0? 3: bytes [0] < 0xF5? 4: 0;
    uint32_t point = length == 1? bytes [0]: length == 2? bytes [0] & 0x1Fu
                   : length == 3? bytes [0] & 0x0Fu: bytes [0] & 0x07u;
    for (size_t index = 1; index < length; index++) {
        if ((bytes [index] & 0xC0) != 0x80) {
            length = 0;
            break;
        }
        point = (point << 6) | (bytes [index] & 0x3Fu);
    }
    if (length == 0) {
        *size = 1;
        return 0xFFFD;
    }
    *size = length;
    return point;
}

//  The small unaccented Greek letter (U+03B1..U+03C9) of point, or 0;
//  *separate is set when a dialytika says it starts no diphthong.
static uint32_t
s_greek_base (uint32_t point, bool *separate)
{
    static const struct {
        uint32_t accented, base;
        bool separate;
    } accented [] = {
        { 0x386, 0x3B1, false }, { 0x388, 0x3B5, false }, { 0x389, 0x3B7, false },
        { 0x38A, 0x3B9, false }, { 0x38C, 0x3BF, false }, { 0x38E, 0x3C5, false },
        { 0x38F, 0x3C9, false }, { 0x390, 0x3B9, true }, { 0x3AA, 0x3B9, true },
        { 0x3AB, 0x3C5, true }, { 0x3AC, 0x3B1, false }, { 0x3AD, 0x3B5, false },
        { 0x3AE, 0x3B7, false }, { 0x3AF, 0x3B9, false }, { 0x3B0, 0x3C5, true },
        { 0x3CA, 0x3B9, true }, { 0x3CB, 0x3C5, true }, { 0x3CC, 0x3BF, false },
        { 0x3CD, 0x3C5, false }, { 0x3CE, 0x3C9, false },
    };
    *separate = false;
    if (point >= 0x391 && point <= 0x3A9 && point != 0x3A2)
        return point + 0x20;
    if (point >= 0x3B1 && point <= 0x3C9)
        return point;
    for (size_t index = 0; index < sizeof accented / sizeof accented [0]; index++)
        if (accented [index].accented == point) {
            *separate = accented [index].separate;
            return accented [index].base;
        }
    return 0;
}

//  Latin letters for the Greek or Cyrillic letter text starts with (point,
//  size bytes), or NULL; may take the next letter too (αυ ευ ηυ ου γγ),
//  growing *size.
static const char *
s_transliteration (const char *text, uint32_t point, size_t *size)
{
    bool separate;
    uint32_t base = s_greek_base (point, &separate);
    if (base) {
        size_t next_size;
        bool next_separate;
        uint32_t next = s_greek_base (s_decode (text + *size, &next_size), &next_separate);
        static const struct {
            uint32_t first, second;
            const char *latin;
        } pairs [] = {
            { 0x3B1, 0x3C5, "av" }, { 0x3B5, 0x3C5, "ev" }, { 0x3B7, 0x3C5, "iv" },
            { 0x3BF, 0x3C5, "ou" }, { 0x3B3, 0x3B3, "ng" },
        };
        for (size_t index = 0; index < sizeof pairs / sizeof pairs [0]; index++)
            if (pairs [index].first == base && pairs [index].second == next && !next_separate) {
                *size += next_size;
                return pairs [index].latin;
            }
        return s_greek [base - 0x3B1];
    }
    if (point >= 0x400 && point < 0x410)
        point += 0x50;
    else
    if (point >= 0x410 && point < 0x430)
        point += 0x20;
    if (point >= 0x430 && point < 0x460)
        return s_cyrillic [point - 0x430];
    return NULL;
}

//  ae oe ue become a o u, and aa a (any case), in text from start on.
static void
s_fold_vowel_pairs (s_text_t *self, size_t start)
{
    if (self->failed || !self->data)
        return;
    size_t write = start;
    for (size_t read = start; read < self->size; read++) {
        char letter = self->data [read] | 0x20, next = self->data [read + 1] | 0x20;
        self->data [write++] = self->data [read];
        if (((letter == 'a' || letter == 'o' || letter == 'u') && next == 'e')
        ||  (letter == 'a' && next == 'a'))
            read++;
    }
    self->size = write;
    self->data [write] = 0;
}

//  Append source folded, after a space if text is not empty: the letters
//  unicode61 leaves alone (s_folds), and with transliterate Greek and
//  Cyrillic letters and vowel pairs too (the directory's folding).
static void
s_text_append_folded (s_text_t *self, const char *source, bool transliterate)
{
    if (self->size)
        s_text_append (self, " ", 1);
    size_t start = self->size;
    while (*source) {
        if ((unsigned char) *source < 0xC0) {
            size_t run = 1;         //  up to the next lead byte
            while (source [run] && (unsigned char) source [run] < 0xC0)
                run++;
            s_text_append (self, source, run);
            source += run;
            continue;
        }
        size_t size;
        uint32_t point = s_decode (source, &size);
        const char *folded = transliterate? s_transliteration (source, point, &size): NULL;
        for (size_t index = 0; !folded && index < sizeof s_folds / sizeof s_folds [0];
             index++)
            if (strncmp (source, s_folds [index].letter, size) == 0
            &&  s_folds [index].letter [size] == 0)
                folded = s_folds [index].folded;
        if (folded)
            s_text_add (self, folded);
        else
            s_text_append (self, source, size);
        source += size;
    }
    if (transliterate)
        s_fold_vowel_pairs (self, start);
}


//  --------------------------------------------------------------------------
//  Edit distance

#define S_DISTANCE_LETTERS 64

//  The code points of text into points (at most S_DISTANCE_LETTERS); the
//  count, or S_DISTANCE_LETTERS + 1 if text is longer.
static size_t
s_letters (const char *text, uint32_t *points)
{
    size_t count = 0, size;
    for (; *text; text += size) {
        if (count == S_DISTANCE_LETTERS)
            return count + 1;
        points [count++] = s_decode (text, &size);
    }
    return count;
}

int
imi_search_distance (const char *left, const char *right, int maximum)
{
    uint32_t a [S_DISTANCE_LETTERS], b [S_DISTANCE_LETTERS];
    size_t m = s_letters (left, a), n = s_letters (right, b);
    if (m > S_DISTANCE_LETTERS || n > S_DISTANCE_LETTERS)
        return strcmp (left, right) == 0? 0: maximum + 1;
    if ((m > n? m - n: n - m) > (size_t) maximum)
        return maximum + 1;
    //  Optimal string alignment: Levenshtein plus the transposition of two
    //  neighbours, each one edit. Three rows; a row whose least cost is
    //  above maximum ends it.
    int rows [3][S_DISTANCE_LETTERS + 1];
    int *before = rows [0], *previous = rows [1], *current = rows [2];
    for (size_t j = 0; j <= n; j++)
        previous [j] = (int) j;
    for (size_t i = 1; i <= m; i++) {
        current [0] = (int) i;
        int least = current [0];
        for (size_t j = 1; j <= n; j++) {
            int cost = a [i - 1] == b [j - 1]? 0: 1;
            int best = previous [j - 1] + cost;
            if (previous [j] + 1 < best)
                best = previous [j] + 1;
            if (current [j - 1] + 1 < best)
                best = current [j - 1] + 1;
            if (i > 1 && j > 1 && a [i - 1] == b [j - 2] && a [i - 2] == b [j - 1]
            &&  before [j - 2] + 1 < best)
                best = before [j - 2] + 1;
            current [j] = best;
            if (best < least)
                least = best;
        }
        if (least > maximum)
            return maximum + 1;
        int *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous [n] > maximum? maximum + 1: previous [n];
}


//  --------------------------------------------------------------------------
//  The FTS table's tokenizer, for sort keys and to tell searchable words.

typedef struct {
    fts5_tokenizer methods;
    Fts5Tokenizer *instance;
} s_tokenizer_t;

//  0, or -1 if FTS5 or its unicode61 tokenizer is missing.
static fts5_api *s_fts5_api (imi_store_t *store);

static int
s_tokenizer_open (s_tokenizer_t *self, imi_store_t *store)
{
    fts5_api *api = s_fts5_api (store);
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
//  Ranking: imi_rank, bm25 without its inverse document frequencies

//  imi_rank (authority_fts, weight of column 0, weight of column 1, ...):
//  bm25's term saturation and length normalisation (k1 1.2, b 0.75), the
//  hits of every phrase in every column weighted by the column's weight,
//  negated (best first in ascending order, as bm25). What it leaves out is
//  bm25's IDF: to weigh a phrase by how rare it is, bm25 counts the rows
//  that match it, a scan of its whole doclist on the first row ranked
//  (2.5 ms for a prefix of 45,000 hits), while the ranked tier only reads
//  the first S_RANKED hits. With one word, the IDF orders nothing.
static void
s_rank (const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result, int argc,
        sqlite3_value **argv)
{
    int columns = api->xColumnCount (fts);
    int phrases = api->xPhraseCount (fts);
    int instances = 0;
    sqlite3_int64 rows = 0;
    if (api->xInstCount (fts, &instances) != SQLITE_OK
    ||  api->xRowCount (fts, &rows) != SQLITE_OK || rows < 1 || columns > 16) {
        sqlite3_result_error (result, "imi_rank: no hit information", -1);
        return;
    }
    int hits [16] = { 0 };
    for (int index = 0; index < instances; index++) {
        int phrase, column, offset;
        if (api->xInst (fts, index, &phrase, &column, &offset) == SQLITE_OK
        &&  column >= 0 && column < columns && phrase >= 0 && phrase < phrases)
            hits [column]++;
    }
    double score = 0;
    for (int column = 0; column < columns && column < argc; column++) {
        double weight = sqlite3_value_double (argv [column]);
        sqlite3_int64 total = 0;
        int size = 0;
        if (weight == 0 || hits [column] == 0
        ||  api->xColumnTotalSize (fts, column, &total) != SQLITE_OK
        ||  api->xColumnSize (fts, column, &size) != SQLITE_OK)
            continue;
        double average = total > 0? (double) total / (double) rows: 1.0;
        double frequency = hits [column];
        score += weight * frequency * 2.2
               / (frequency + 1.2 * (0.25 + 0.75 * (double) size / average));
    }
    sqlite3_result_double (result, -score);
}

//  The fts5_api of store's connection, or NULL.
static fts5_api *
s_fts5_api (imi_store_t *store)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_fts5_api_get);
    if (!statement)
        return NULL;
    fts5_api *api = NULL;
    sqlite3_bind_pointer (statement, 1, (void *) &api, "fts5_api_ptr", NULL);
    sqlite3_step (statement);
    sqlite3_reset (statement);
    sqlite3_clear_bindings (statement);
    return api;
}

//  Register imi_rank on store's connection (each connection that searches:
//  imi_search_prepare). 0 or -1.
static int
s_register_rank (imi_store_t *store)
{
    fts5_api *api = s_fts5_api (store);
    if (!api || api->xCreateFunction (api, "imi_rank", NULL, s_rank, NULL) != SQLITE_OK)
        return imi_error_set ("search: cannot register imi_rank");
    return 0;
}


//  --------------------------------------------------------------------------
//  Word forms: Snowball stemmers

//  The index of lang in s_languages, or -1.
static int
s_language (const char *lang)
{
    for (size_t index = 0; lang && index < S_LANGUAGES; index++)
        if (strcmp (s_languages [index].lang, lang) == 0)
            return (int) index;
    return -1;
}

//  The stemmer of s_languages [index] in self, or NULL if it has none (or
//  libstemmer could not make it: then words are not stemmed).
static struct sb_stemmer *
s_stemmer (s_stemmers_t *self, int index)
{
    if (index < 0 || !s_languages [index].algorithm)
        return NULL;
    if (!self->tried [index]) {
        self->tried [index] = true;
        //  Languages that share an algorithm share its stemmer.
        for (int other = 0; other < index && !self->stemmers [index]; other++)
            if (s_languages [other].algorithm
            &&  strcmp (s_languages [other].algorithm, s_languages [index].algorithm) == 0)
                self->stemmers [index] = s_stemmer (self, other);
        if (!self->stemmers [index])
            self->stemmers [index] = sb_stemmer_new (s_languages [index].algorithm, "UTF_8");
    }
    return self->stemmers [index];
}

//  Is self's stemmer of index also that of an earlier language?
static bool
s_stemmer_shared (s_stemmers_t *self, size_t index)
{
    for (size_t other = 0; other < index; other++)
        if (self->stemmers [other] == self->stemmers [index])
            return true;
    return false;
}

static void
s_stemmers_free (s_stemmers_t *self)
{
    for (size_t index = S_LANGUAGES; index-- > 0; )
        if (self->stemmers [index] && !s_stemmer_shared (self, index))
            sb_stemmer_delete (self->stemmers [index]);
    memset (self, 0, sizeof *self);
}

//  Append to stems, space-separated, the stem of each token of tokens (space
//  separated) that stemmer changes and that stems does not hold yet.
static void
s_stem_tokens (struct sb_stemmer *stemmer, const char *tokens, s_text_t *stems)
{
    char token [IMI_SEARCH_QUERY_MAX + 1];
    for (tokens += strspn (tokens, " "); *tokens; tokens += strspn (tokens, " ")) {
        size_t size = strcspn (tokens, " ");
        if (size < sizeof token) {
            memcpy (token, tokens, size);
            token [size] = 0;
            const sb_symbol *stem = sb_stemmer_stem (stemmer, (const sb_symbol *) token,
                                                     (int) size);
            int length = stem? sb_stemmer_length (stemmer): 0;
            char stemmed [sizeof token];
            if (length > 0 && (size_t) length < sizeof stemmed) {
                memcpy (stemmed, stem, (size_t) length);
                stemmed [length] = 0;
                if (strcmp (stemmed, token) != 0)
                    s_add_distinct (stems, stemmed);
            }
        }
        tokens += size;
    }
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

//  The FTS columns of one authority, folded, and what else indexing it
//  collects.
typedef struct {
    s_text_t names;
    s_text_t acronym;
    s_text_t keywords;
    s_text_t city;
    s_text_t stems;             //  stems of the names' and keywords' words, where they
                                //  differ
    s_text_t codes;             //  one token per state, legal area and procedure
                                //  (s_code_token), and per code within another area
                                //  (s_pair_token)
    s_text_t terms;             //  distinct tokens, for the vocabulary
    s_text_t folded;            //  one text folded ...
    s_text_t tokens;            //  ... and its tokens
    s_stemmers_t stemmers;      //  of the keywords' (or names') languages
} s_columns_t;

//  The index token of a state ('s'), legal area ('a') or procedure ('p') code: letters
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

//  The index token of code ("a:area" or "p:procedure") among the
//  authorities of legal area within: for each area an authority has, one
//  token per other code it has. An area filter then intersects the codes
//  a word stands for with the area in one short doclist, not two long ones
//  (an area's 15,000 authorities AND another's at 125,000: 1 ms).
static void
s_pair_token (char token [18], const char *code, const char *within)
{
    char pair [2 * IMI_SEARCH_QUERY_MAX + 2];
    snprintf (pair, sizeof pair, "%s %s", code, within);
    s_code_token (token, 'x', pair);
}

//  The token that stands for code ("kind:code") within legal area within
//  (NULL: among all): the code's own, or the area's if it is the area,
//  else the pair's.
static void
s_code_token_within (char token [18], const char *code, const char *within)
{
    if (!within || (code [0] == 'a' && strcmp (code + 2, within) == 0))
        s_code_token (token, within? 'a': code [0], within? within: code + 2);
    else
        s_pair_token (token, code, within);
}

//  Add to codes the token of code (kind, code) within legal area within.
static void
s_add_pair (s_text_t *codes, char kind, const char *code, const char *within)
{
    char pair [IMI_DIRECTORY_CODE_MAX + 3], token [18];
    snprintf (pair, sizeof pair, "%c:%s", kind, code);
    s_pair_token (token, pair, within);
    s_text_append (codes, " ", 1);
    s_text_add (codes, token);
}

//  Add to codes the pair tokens of authority (s_pair_token): each of its
//  legal areas and procedures within each of its other areas (a procedure
//  within its own area too, whatever the catalogue says of it).
static void
s_add_pairs (s_text_t *codes, const imi_authority_t *authority)
{
    for (size_t area = 0; area < authority->competence_count; area++) {
        const char *within = authority->competences [area].legal_area;
        for (size_t index = 0; index < authority->competence_count; index++) {
            const imi_competence_t *competence = &authority->competences [index];
            if (strcmp (competence->legal_area, within) != 0)
                s_add_pair (codes, 'a', competence->legal_area, within);
            for (size_t procedure = 0; procedure < competence->procedure_count; procedure++)
                s_add_pair (codes, 'p', competence->procedures [procedure], within);
        }
    }
}

//  Add each token of tokens (space-separated) to terms, once.
static void
s_collect_terms (s_text_t *terms, const char *tokens)
{
    char token [IMI_SEARCH_QUERY_MAX + 1];
    for (tokens += strspn (tokens, " "); *tokens; tokens += strspn (tokens, " ")) {
        size_t size = strcspn (tokens, " ");
        if (size >= S_TERM_MIN && size < sizeof token) {
            memcpy (token, tokens, size);
            token [size] = 0;
            s_add_distinct (terms, token);
        }
        tokens += size;
    }
}

//  Fold text into column and its tokens into the vocabulary; the tokens
//  stay in columns->tokens.
static void
s_add_text (s_columns_t *columns, s_text_t *column, s_tokenizer_t *tokenizer, const char *text)
{
    s_text_reset (&columns->folded);
    s_text_append_folded (&columns->folded, text, true);
    if (column->size)
        s_text_append (column, " ", 1);
    s_text_append (column, s_text_get (&columns->folded), columns->folded.size);
    s_tokenize (tokenizer, s_text_get (&columns->folded), FTS5_TOKENIZE_DOCUMENT,
                &columns->tokens);
    s_collect_terms (&columns->terms, s_text_get (&columns->tokens));
}

//  Words new to the vocabulary go in, with their trigrams. 0 or -1.
static int
s_add_terms (imi_store_t *store, const char *terms)
{
    char term [IMI_SEARCH_QUERY_MAX + 1];
    for (terms += strspn (terms, " "); *terms; terms += strspn (terms, " ")) {
        size_t size = strcspn (terms, " ");
        memcpy (term, terms, size);
        term [size] = 0;
        terms += size;
        if (strspn (term, "0123456789") == size)
            continue;               //  numbers have no typos worth guessing
        sqlite3_stmt *statement = imi_store_statement (store, s_term_insert);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, term, -1, SQLITE_STATIC);
        if (imi_store_step_done (store, statement, "indexing search terms"))
            return -1;
        if (sqlite3_changes (imi_store_db (store)) == 0)
            continue;
        sqlite3_int64 id = sqlite3_last_insert_rowid (imi_store_db (store));
        if (!(statement = imi_store_statement (store, s_term_trigrams_insert)))
            return -1;
        sqlite3_bind_int64 (statement, 1, id);
        sqlite3_bind_text (statement, 2, term, -1, SQLITE_STATIC);
        if (imi_store_step_done (store, statement, "indexing search terms"))
            return -1;
    }
    return 0;
}

//  The stems of columns->tokens in lang, into columns->stems.
static void
s_add_stems (s_columns_t *columns, const char *lang)
{
    struct sb_stemmer *stemmer = s_stemmer (&columns->stemmers, s_language (lang));
    if (stemmer)
        s_stem_tokens (stemmer, s_text_get (&columns->tokens), &columns->stems);
}

static int
s_index_rows (imi_store_t *store, const char *key, const char *state,
              const imi_authority_t *authority, s_tokenizer_t *tokenizer,
              s_columns_t *columns, s_text_t *sort_key, s_text_t *own_sort_key)
{
    for (size_t position = 0; position < authority->name_count; position++) {
        const imi_text_t *name = &authority->names [position];
        s_add_text (columns, &columns->names, tokenizer, name->text);
        s_add_stems (columns, name->lang);
        s_text_reset (sort_key);
        s_text_add (sort_key, s_text_get (&columns->tokens));
        if (columns->tokens.failed || columns->folded.failed || sort_key->failed)
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
    char token [18];
    s_code_token (token, 's', state);
    s_text_add (&columns->codes, token);
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        for (size_t keyword = 0; keyword < competence->keyword_count; keyword++) {
            const imi_keyword_t *text = &competence->keywords [keyword];
            s_add_text (columns, &columns->keywords, tokenizer, text->text);
            s_add_stems (columns, text->lang);
        }
        if (s_insert_area (store, key, competence->legal_area, "", own))
            return -1;
        s_code_token (token, 'a', competence->legal_area);
        s_text_append (&columns->codes, " ", 1);
        s_text_add (&columns->codes, token);
        for (size_t procedure = 0; procedure < competence->procedure_count; procedure++) {
            s_code_token (token, 'p', competence->procedures [procedure]);
            s_text_append (&columns->codes, " ", 1);
            s_text_add (&columns->codes, token);
            if (s_insert_area (store, key, competence->legal_area,
                               competence->procedures [procedure], own))
                return -1;
        }
    }
    s_add_pairs (&columns->codes, authority);
    s_add_text (columns, &columns->acronym, tokenizer, authority->acronym);
    s_add_text (columns, &columns->city, tokenizer, authority->city);
    if (columns->names.failed || columns->acronym.failed || columns->keywords.failed
    ||  columns->city.failed || columns->stems.failed || columns->codes.failed
    ||  columns->terms.failed || columns->folded.failed || columns->tokens.failed)
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
    sqlite3_bind_text (statement, 5, s_text_get (&columns->city), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, s_text_get (&columns->stems), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 7, s_text_get (&columns->codes), -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "indexing authority text"))
        return -1;
    return s_add_terms (store, s_text_get (&columns->terms));
}

int
imi_search_index (imi_store_t *store, const char *key, const char *state,
                  const imi_authority_t *authority)
{
    if (imi_search_unindex (store, key))
        return -1;
    s_tokenizer_t tokenizer;
    if (s_tokenizer_open (&tokenizer, store))
        return -1;
    s_columns_t columns;
    memset (&columns, 0, sizeof columns);
    s_text_t sort_key = { 0 }, own_sort_key = { 0 };
    int rc = s_index_rows (store, key, state, authority, &tokenizer, &columns, &sort_key,
                           &own_sort_key);
    s_tokenizer_close (&tokenizer);
    s_text_t *texts [] = { &columns.names, &columns.acronym, &columns.keywords, &columns.city,
                           &columns.stems, &columns.codes, &columns.terms, &columns.folded,
                           &columns.tokens,
                           &sort_key, &own_sort_key };
    for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++)
        free (texts [index]->data);
    s_stemmers_free (&columns.stemmers);
    return rc;
}


//  --------------------------------------------------------------------------
//  The catalogue's names, and rebuilding the index

//  Append to names (folded) and stems each distinct name of an area ('a')
//  or procedure ('p') code in the catalogue's languages, and to digest
//  what was read. The tokens of the names join terms.
static void
s_catalogue_row (imi_catalogue_t *catalogue, s_tokenizer_t *tokenizer, char kind,
                 const char *code, s_columns_t *row, s_text_t *digest)
{
    s_text_reset (&row->names);
    s_text_reset (&row->stems);
    for (size_t index = 0; index < imi_catalogue_language_count (catalogue); index++) {
        const char *lang = imi_catalogue_language_at (catalogue, index);
        const char *name = kind == 'a'? imi_catalogue_area_name (catalogue, code, lang)
                                      : imi_catalogue_procedure_name (catalogue, code, lang);
        if (!name)
            continue;
        s_text_append (digest, &kind, 1);
        s_text_add (digest, code);
        s_text_add (digest, lang);
        s_text_add (digest, name);
        s_text_reset (&row->folded);
        s_text_append_folded (&row->folded, name, true);
        s_tokenize (tokenizer, s_text_get (&row->folded), FTS5_TOKENIZE_DOCUMENT, &row->tokens);
        if (!s_has_term (s_text_get (&row->codes), s_text_get (&row->tokens))) {
            //  codes: here the names seen, tokenized, one per line
            s_text_add (&row->codes, s_text_get (&row->tokens));
            s_text_append (&row->codes, "\n", 1);
            if (row->names.size)
                s_text_append (&row->names, " ", 1);
            s_text_add (&row->names, s_text_get (&row->folded));
        }
        s_collect_terms (&row->terms, s_text_get (&row->tokens));
        struct sb_stemmer *stemmer = s_stemmer (&row->stemmers, s_language (lang));
        if (stemmer)
            s_stem_tokens (stemmer, s_text_get (&row->tokens), &row->stems);
    }
}

//  Does search_meta hold value under name? 1, 0, or -1.
static int
s_meta_is (imi_store_t *store, const char *name, const char *value)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_meta_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    bool same = rc == SQLITE_ROW
             && strcmp ((const char *) sqlite3_column_text (statement, 0), value) == 0;
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading search_meta");
    return same;
}

//  Set search_meta's name to value. 0 or -1.
static int
s_meta_set_to (imi_store_t *store, const char *name, const char *value)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_meta_set);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, value, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "writing search_meta");
}

//  Rebuild search_catalogue(_fts) from catalogue if its names changed since
//  the last build (or this build folds differently: S_FOLDING). 0 or -1.
#define S_FOLDING "folding 2"

static int
s_prepare_catalogue (imi_store_t *store, imi_catalogue_t *catalogue, s_tokenizer_t *tokenizer)
{
    s_columns_t row;
    memset (&row, 0, sizeof row);
    s_text_t digest = { 0 };
    s_text_add (&digest, S_FOLDING);
    size_t areas = imi_catalogue_area_count (catalogue);
    size_t total = areas + imi_catalogue_procedure_count (catalogue);
    for (size_t index = 0; index < total; index++) {
        char kind = index < areas? 'a': 'p';
        const char *code = index < areas? imi_catalogue_area_at (catalogue, index)
                                        : imi_catalogue_procedure_at (catalogue, index - areas);
        s_text_reset (&row.codes);
        s_catalogue_row (catalogue, tokenizer, kind, code, &row, &digest);
    }
    int rc = 0;
    char hex [2 * IMI_HASH_BYTES + 1] = "";
    if (digest.failed || row.names.failed || row.stems.failed || row.terms.failed
    ||  row.codes.failed || row.folded.failed || row.tokens.failed)
        rc = imi_error_set ("search: out of memory");
    else {
        uint8_t hash [IMI_HASH_BYTES];
        imi_hash (hash, s_text_get (&digest), digest.size);
        imi_hex_encode (hex, hash, IMI_HASH_BYTES);
        int same = s_meta_is (store, "catalogue", hex);
        if (same < 0)
            rc = -1;
        else
        if (same)
            hex [0] = 0;            //  nothing to do
    }
    if (rc == 0 && hex [0]) {
        rc = imi_store_exec (store, s_catalogue_clear)
          || imi_store_exec (store, s_catalogue_fts_clear)? -1: 0;
        for (size_t index = 0; rc == 0 && index < total; index++) {
            char kind [2] = { index < areas? 'a': 'p', 0 };
            const char *code = index < areas? imi_catalogue_area_at (catalogue, index)
                                            : imi_catalogue_procedure_at (catalogue,
                                                                          index - areas);
            s_text_reset (&row.codes);
            s_text_reset (&digest);
            s_catalogue_row (catalogue, tokenizer, kind [0], code, &row, &digest);
            sqlite3_stmt *statement = imi_store_statement (store, s_catalogue_insert);
            if (!statement) {
                rc = -1;
                break;
            }
            sqlite3_bind_text (statement, 1, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 2, code, -1, SQLITE_STATIC);
            if ((rc = imi_store_step_done (store, statement, "indexing search catalogue")))
                break;
            sqlite3_int64 id = sqlite3_last_insert_rowid (imi_store_db (store));
            if (!(statement = imi_store_statement (store, s_catalogue_fts_insert))) {
                rc = -1;
                break;
            }
            sqlite3_bind_int64 (statement, 1, id);
            sqlite3_bind_text (statement, 2, s_text_get (&row.names), -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 3, s_text_get (&row.stems), -1, SQLITE_STATIC);
            rc = imi_store_step_done (store, statement, "indexing search catalogue");
        }
        if (rc == 0)
            rc = s_add_terms (store, s_text_get (&row.terms));
        if (rc == 0)
            rc = s_meta_set_to (store, "catalogue", hex);
    }
    s_text_t *texts [] = { &row.names, &row.stems, &row.codes, &row.terms, &row.folded,
                           &row.tokens, &digest };
    for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++)
        free (texts [index]->data);
    s_stemmers_free (&row.stemmers);
    return rc;
}

//  What an authority's rows are made of: a build that makes them otherwise
//  says so here, and the index is emptied at start and made again
//  (imi_search_prepare), as after a migration that rebuilds it.
#define S_INDEXING "names stemmed, codes within areas"

int
imi_search_prepare (imi_store_t *store, imi_catalogue_t *catalogue)
{
    s_tokenizer_t tokenizer;
    if (s_register_rank (store) || s_tokenizer_open (&tokenizer, store))
        return -1;
    int rc = s_prepare_catalogue (store, catalogue, &tokenizer);
    s_tokenizer_close (&tokenizer);
    int same = rc? rc: s_meta_is (store, "index", S_INDEXING);
    if (same == 0)
        rc = imi_store_exec (store, s_index_clear)? -1
           : s_meta_set_to (store, "index", S_INDEXING);
    if (rc || same < 0)
        return -1;
    //  Authorities not in the index: all of them after a migration that
    //  rebuilds it (20) or a build that indexes otherwise, else none.
    imi_authority_t *authority = (imi_authority_t *) malloc (sizeof *authority);
    sqlite3_stmt *statement = authority? imi_store_statement (store, s_unindexed): NULL;
    if (!authority)
        rc = imi_error_set ("search: out of memory");
    else
    if (!statement)
        rc = -1;
    int count = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        const char *key = (const char *) sqlite3_column_text (statement, 0);
        const char *state = (const char *) sqlite3_column_text (statement, 1);
        const uint8_t *record = (const uint8_t *) sqlite3_column_blob (statement, 2);
        size_t size = (size_t) sqlite3_column_bytes (statement, 2);
        if (imi_authority_decode (authority, record, size))
            rc = imi_error_wrap ("reindexing %s", key? key: "?");
        else
            rc = imi_search_index (store, key, state, authority);
        count++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (store, "reindexing authorities");
    if (statement)
        sqlite3_reset (statement);
    free (authority);
    if (rc == 0 && count > 0)
        rc = imi_search_optimize (store);
    return rc? rc: count;
}

int
imi_search_optimize (imi_store_t *store)
{
    return imi_store_exec (store, s_optimize);
}


//  --------------------------------------------------------------------------
//  Parsing a query

//  One word (or quoted phrase) of a query.
typedef struct {
    const char *raw;                //  as typed, without quotes or '-' (into s_query_t)
    s_text_t tokens;                //  folded tokens, space-separated
    bool phrase;                    //  quoted: these words in this order, no prefix
    bool negated;                   //  '-' or NOT: results must not have it
    bool joined;                    //  OR: an alternative to the word before
    s_text_t stems;                 //  its stems in every language, space-separated
    s_text_t codes;                 //  "kind:code" of the areas and procedures it names
    bool common;                    //  it names too many of them to narrow anything
    s_text_t related;               //  FTS5 alternatives: stems, areas and procedures
    s_text_t forgiving;             //  FTS5 alternatives: compounds and typos
    s_text_t corrected;             //  the typo's likeliest meaning, if used
    s_text_t expansion;             //  its prefix as the words it starts, ORed, if few
    s_text_t longer;                //  ... but itself: what its prefix adds to it
} s_word_t;

typedef struct {
    char raw [IMI_SEARCH_QUERY_MAX + S_WORDS_MAX];  //  the words as typed, each ended by NUL
    size_t raw_size;                //  bytes of raw used
    s_word_t words [S_WORDS_MAX];
    size_t count;
    bool failed;                    //  out of memory
    s_stemmers_t stemmers;          //  for the words' stems in every language
    bool narrowed;                  //  every word's related is the same codes
                                    //  (s_relate_all)
    const char *within;             //  the legal area filter, if no procedure's: codes
                                    //  are written as their tokens within it
} s_query_t;

#define S_SPACES " \t\n\r\f\v"
#define S_SEPARATORS S_SPACES "()"

//  The number of characters of text (UTF-8).
static size_t
s_characters (const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += ((unsigned char) *text & 0xC0) != 0x80;
    return count;
}

static void
s_query_free (s_query_t *self)
{
    for (size_t index = 0; index < self->count; index++) {
        s_word_t *word = &self->words [index];
        free (word->tokens.data);
        free (word->stems.data);
        free (word->codes.data);
        free (word->related.data);
        free (word->forgiving.data);
        free (word->corrected.data);
        free (word->expansion.data);
        free (word->longer.data);
    }
    self->count = 0;
    s_stemmers_free (&self->stemmers);
}

//  Parse text (at most IMI_SEARCH_QUERY_MAX bytes) into words, folded as
//  the index folds (transliterate: the directory's folding). What is
//  syntax: "quoted phrases" (a quote without its pair is text), OR between
//  two words, a leading '-' or a NOT before a word to exclude it (if every
//  word is excluded, they are searched instead), AND and NEAR (skipped:
//  words are ANDed anyway), parentheses (spaces). Everything else is text.
//  Repeated words count once, and words after the S_WORDS_MAX-th are
//  ignored: each costs a doclist merge (a one-letter word, a scan of every
//  term with that letter), so 512 bytes of "a b c ..." must not cost
//  seconds.
static void
s_parse (s_tokenizer_t *tokenizer, const char *text, bool transliterate, s_query_t *self)
{
    memset (self, 0, sizeof *self);
    s_text_t folded = { 0 };
    bool either = false, exclude = false;
    const char *cursor = text;
    while (self->count < S_WORDS_MAX) {
        cursor += strspn (cursor, S_SEPARATORS);
        if (!*cursor)
            break;
        bool negated = exclude;
        exclude = false;
        if ((*cursor == '-' || *cursor == '+') && cursor [1]
        &&  !strchr (S_SEPARATORS, cursor [1])) {
            negated |= *cursor == '-';
            cursor++;
        }
        bool phrase = *cursor == '"' && strchr (cursor + 1, '"');
        if (*cursor == '"' && !phrase) {
            cursor++;               //  a quote alone is punctuation
            continue;
        }
        const char *start = cursor + phrase;
        const char *end = phrase? strchr (start, '"'): start + strcspn (start, S_SEPARATORS "\"");
        cursor = end + phrase;
        //  text is at most IMI_SEARCH_QUERY_MAX bytes, so its words fit
        assert (self->raw_size + (size_t) (end - start) < sizeof self->raw);
        char *word_text = self->raw + self->raw_size;
        memcpy (word_text, start, (size_t) (end - start));
        word_text [end - start] = 0;
        start = word_text;
        if (!phrase && !negated) {
            if (strcmp (start, "OR") == 0) {
                either = true;
                continue;
            }
            if (strcmp (start, "NOT") == 0) {
                exclude = true;
                continue;
            }
            if (strcmp (start, "AND") == 0 || strcmp (start, "NEAR") == 0)
                continue;
        }
        s_word_t *word = &self->words [self->count];
        s_text_reset (&folded);
        s_text_append_folded (&folded, start, transliterate);
        s_tokenize (tokenizer, s_text_get (&folded), FTS5_TOKENIZE_QUERY, &word->tokens);
        if (word->tokens.size == 0)
            continue;               //  no letter or digit: would match nothing
        s_word_t *before = self->count? &self->words [self->count - 1]: NULL;
        word->raw = start;
        self->raw_size += strlen (start) + 1;
        word->phrase = phrase;
        word->negated = negated;
        word->joined = either && before && !negated && !before->negated;
        either = false;
        bool repeated = false;
        for (size_t index = 0; index < self->count && !word->joined; index++)
            repeated |= !self->words [index].joined
                     && self->words [index].phrase == phrase
                     && self->words [index].negated == negated
                     && strcmp (s_text_get (&self->words [index].tokens),
                                s_text_get (&word->tokens)) == 0;
        if (repeated)
            s_text_reset (&word->tokens);
        else
            self->count++;
    }
    bool positive = false;
    for (size_t index = 0; index < self->count; index++) {
        positive |= !self->words [index].negated;
        self->failed |= self->words [index].tokens.failed;
    }
    for (size_t index = 0; index < self->count && !positive; index++)
        self->words [index].negated = false;
    self->failed |= folded.failed;
    free (folded.data);
    //  A word not kept may still hold a buffer (repeated, or no token).
    if (self->count < S_WORDS_MAX) {
        free (self->words [self->count].tokens.data);
        memset (&self->words [self->count], 0, sizeof self->words [0]);
    }
}

//  The word's own term: its tokens quoted, as a prefix unless a phrase or
//  one character (a one-letter prefix would match most of the directory,
//  slowly), or unless whole and its last token longer than the prefix
//  indexes.
static void
s_add_term_as (s_text_t *out, s_word_t *word, bool whole)
{
    const char *tokens = s_text_get (&word->tokens);
    const char *last = strrchr (tokens, ' ');
    s_text_add_quoted (out, tokens);
    if (!word->phrase && s_characters (tokens) > 1
    &&  !(whole && s_characters (last? last + 1: tokens) > S_PREFIX_INDEXED))
        s_text_append (out, "*", 1);
}

static void
s_add_term (s_text_t *out, s_word_t *word)
{
    s_add_term_as (out, word, false);
}

//  The one positive word of query (there may be excluded ones), or NULL.
static s_word_t *
s_alone (s_query_t *query)
{
    s_word_t *single = NULL;
    for (size_t index = 0; index < query->count; index++)
        if (!query->words [index].negated) {
            if (single)
                return NULL;
            single = &query->words [index];
        }
    return single;
}

//  Is query one positive word (and perhaps excluded ones) whose prefix is
//  longer than the prefix indexes, so that its whole-word term differs?
//  With more words, their intersection is what costs; with one, the merge
//  of every word it starts (s_tiers).
static bool
s_long_word (s_query_t *query)
{
    s_word_t *single = s_alone (query);
    const char *tokens = single? s_text_get (&single->tokens): "";
    const char *last = strrchr (tokens, ' ');
    return single && !single->phrase
        && s_characters (last? last + 1: tokens) > S_PREFIX_INDEXED;
}

typedef enum {
    S_PLAIN,                        //  the term, no column (imi_search_expression)
    S_EXACT,                        //  the term in the direct columns, a word longer
                                    //  than S_PREFIX_INDEXED whole, not a prefix
    S_LONGER,                       //  ... the longer words it starts (after S_EXACT)
    S_DIRECT,                       //  the term in the direct columns
    S_RELATED,                      //  ... or a word form, area or procedure
    S_FORGIVING                     //  ... or a compound or typo candidate
} s_level_t;

//  Write word at level. alone: it is the query's one positive word, and
//  the earlier tiers found all its matches of the lower levels (a later
//  tier runs only if they left the page room): only what the level adds
//  is read, not those doclists again.
static void
s_add_word (s_text_t *out, s_word_t *word, s_level_t level, bool alone)
{
    if (level == S_PLAIN) {
        s_add_term (out, word);
        return;
    }
    if (alone && level == S_RELATED && word->related.size) {
        s_text_append (out, s_text_get (&word->related), word->related.size);
        return;
    }
    if (alone && level == S_FORGIVING && word->forgiving.size) {
        s_text_append (out, s_text_get (&word->forgiving), word->forgiving.size);
        return;
    }
    if (level == S_LONGER) {
        s_text_add (out, S_DIRECT_COLUMNS);
        s_text_append (out, s_text_get (&word->longer), word->longer.size);
        return;
    }
    bool related = level >= S_RELATED && word->related.size;
    bool forgiving = level == S_FORGIVING && word->forgiving.size;
    if (related || forgiving)
        s_text_append (out, "(", 1);
    s_text_add (out, S_DIRECT_COLUMNS);
    if (level != S_EXACT && word->expansion.size)
        s_text_append (out, s_text_get (&word->expansion), word->expansion.size);
    else
        s_add_term_as (out, word, level == S_EXACT);
    if (related) {
        s_text_add (out, " OR ");
        s_text_append (out, s_text_get (&word->related), word->related.size);
    }
    if (forgiving) {
        s_text_add (out, " OR ");
        s_text_append (out, s_text_get (&word->forgiving), word->forgiving.size);
    }
    if (related || forgiving)
        s_text_append (out, ")", 1);
}

//  The FTS5 expression of the query at level, then filter (an AND term or
//  ""): groups of words joined by OR, ANDed, then NOT any excluded word.
//  "" if it has no word.
static void
s_compose (s_text_t *out, s_query_t *query, s_level_t level, const char *filter)
{
    s_text_reset (out);
    s_text_add (out, "");
    //  Words common in the catalogue's names match anything through them:
    //  from S_RELATED on they narrow nothing, unless every word is one.
    bool skip_common = false;
    for (size_t index = 0; level >= S_RELATED && index < query->count; index++)
        skip_common |= !query->words [index].negated && !query->words [index].common;
    if (query->count == 0)
        return;
    s_text_append (out, "(", 1);
    //  Narrowed, every word's alternative is the same codes c: (a OR c) AND
    //  (b OR c) is written c OR (a AND b). FTS5 reads it hit by hit, and
    //  skips in each doclist to the next row that can match; the first,
    //  every row of c matches every word, and is read once per word.
    bool alone = s_alone (query) != NULL;
    bool factored = level == S_RELATED && query->narrowed && !alone;
    for (size_t index = 0; factored && index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (!word->negated && !(skip_common && word->common)) {
            s_text_append (out, "(", 1);
            s_text_append (out, s_text_get (&word->related), word->related.size);
            s_text_add (out, " OR (");
            level = S_DIRECT;
            break;
        }
    }
    bool first = true;
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (word->negated || (skip_common && word->common))
            continue;
        size_t next = index + 1;
        while (next < query->count && (query->words [next].negated
                                       || (skip_common && query->words [next].common)))
            next++;
        bool opens = next < query->count && query->words [next].joined && !word->joined;
        bool closes = word->joined && !(next < query->count && query->words [next].joined);
        if (!first)
            s_text_add (out, word->joined? " OR ": " AND ");
        if (opens)
            s_text_append (out, "(", 1);
        s_add_word (out, word, level, alone);
        if (closes)
            s_text_append (out, ")", 1);
        first = false;
    }
    if (factored)
        s_text_add (out, "))");
    first = true;
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (!word->negated)
            continue;
        s_text_add (out, first? " NOT (": " OR ");
        s_add_word (out, word, level == S_PLAIN? S_PLAIN: S_DIRECT, false);
        //  (excluded as prefixes at every level: what is excluded stays so)
        first = false;
    }
    if (!first)
        s_text_append (out, ")", 1);
    s_text_append (out, ")", 1);
    s_text_add (out, filter);
}


//  --------------------------------------------------------------------------
//  What a word may also mean

//  Run statement (already bound) and add each first column to terms
//  (space-separated) once; stops after maximum + 1 rows. The count of rows,
//  or -1.
static int
s_terms_of (imi_store_t *store, sqlite3_stmt *statement, s_text_t *terms, int maximum)
{
    int rows = 0, rc = SQLITE_DONE;
    while (rows <= maximum && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        const char *term = (const char *) sqlite3_column_text (statement, 0);
        rows++;
        if (term)
            s_add_distinct (terms, term);
    }
    if (rows <= maximum && rc != SQLITE_DONE)
        rows = imi_store_error (store, "searching");
    sqlite3_reset (statement);
    return rows;
}

//  Append to out "prefix (t1 OR t2 ...)" for the space-separated terms,
//  each quoted, after " OR " if out is not empty. With kind, the terms are
//  "kind:code" pairs, written as their index tokens within legal area
//  within (NULL: among all; s_code_token_within).
static void
s_add_alternatives (s_text_t *out, const char *prefix, const char *terms, char kind,
                    const char *within)
{
    if (!*terms)
        return;
    if (out->size)
        s_text_add (out, " OR ");
    s_text_add (out, prefix);
    s_text_append (out, "(", 1);
    bool first = true;
    char term [IMI_SEARCH_QUERY_MAX + 1];
    for (; *terms; terms += strspn (terms, " ")) {
        size_t size = strcspn (terms, " ");
        if (size < sizeof term) {
            memcpy (term, terms, size);
            term [size] = 0;
            if (!first)
                s_text_add (out, " OR ");
            if (kind) {             //  "kind:code" pairs: the code's index token
                char token [18];
                s_code_token_within (token, term, within);
                s_text_add_quoted (out, token);
            }
            else
                s_text_add_quoted (out, term);
            first = false;
        }
        terms += size;
    }
    s_text_append (out, ")", 1);
}

//  The areas and procedures whose names match expression (a catalogue
//  FTS5 expression), as "kind:code" pairs, space-separated, into codes.
//  Returns their count, S_CODES_MAX + 1 if there are more (then codes
//  holds none: such a word, "de" or "of", narrows nothing), or -1.
static int
s_catalogue_codes (imi_store_t *store, const char *expression, s_text_t *codes)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_catalogue_match);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, expression, -1, SQLITE_STATIC);
    int rows = 0, rc;
    size_t start = codes->size;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW && ++rows <= S_CODES_MAX) {
        //  Codes hold no space ([a-z0-9._-]).
        if (codes->size)
            s_text_append (codes, " ", 1);
        s_text_add (codes, (const char *) sqlite3_column_text (statement, 0));
        s_text_append (codes, ":", 1);
        s_text_add (codes, (const char *) sqlite3_column_text (statement, 1));
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "searching the catalogue");
    if (rows > S_CODES_MAX) {
        codes->size = start;
        if (codes->data)
            codes->data [start] = 0;
    }
    return rows;
}

//  word's stems in every language that has a stemmer, other than its own
//  token, into stems (space-separated).
static void
s_query_stems (s_stemmers_t *stemmers, s_word_t *word, s_text_t *stems)
{
    const char *token = s_text_get (&word->tokens);
    for (size_t index = 0; index < S_LANGUAGES; index++) {
        struct sb_stemmer *stemmer = s_stemmer (stemmers, (int) index);
        if (stemmer && !s_stemmer_shared (stemmers, index))
            s_stem_tokens (stemmer, token, stems);
    }
}

//  A single word of at least this many characters, not a phrase: what
//  word forms, compounds and typos apply to.
static bool
s_single (s_word_t *word, size_t characters)
{
    return !word->phrase && !strchr (s_text_get (&word->tokens), ' ')
        && s_characters (s_text_get (&word->tokens)) >= characters;
}

//  Find word->stems (its stems in every language) and word->codes (the
//  areas and procedures whose names, or their stems, it matches); a word
//  that matches too many of them is common. 0 or -1.
static int
s_relate (imi_store_t *store, s_stemmers_t *stemmers, s_word_t *word)
{
    s_text_t expression = { 0 };
    if (s_single (word, S_FORGIVE_MIN))
        s_query_stems (stemmers, word, &word->stems);
    s_text_add (&expression, "{names} : ");
    s_add_term (&expression, word);
    s_add_alternatives (&expression, "{stems} : ", s_text_get (&word->stems), 0, NULL);
    int rc = expression.failed || word->stems.failed? imi_error_set ("search: out of memory")
           : s_catalogue_codes (store, s_text_get (&expression), &word->codes);
    word->common = rc > S_CODES_MAX && !word->joined;
    free (expression.data);
    return rc < 0? rc: 0;
}

//  Relate each positive word (s_relate) and write its alternatives into
//  word->related: stems among keywords, and code tokens. When every word
//  that is not common stands for some areas or procedures, each keeps only
//  those all of them stand for, and no stems: a procedure's name, word by
//  word, stands for that procedure (and each word alone for many). 0 or -1.
static int
s_relate_all (imi_store_t *store, s_query_t *query)
{
    bool all = true;
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (word->negated)
            continue;
        if (s_relate (store, &query->stemmers, word))
            return -1;
        //  Not within an OR group: skipping it would change the group.
        word->common &= !(index + 1 < query->count && query->words [index + 1].joined);
        all &= word->common || word->codes.size > 0;
    }
    s_text_t shared = { 0 };
    char code [IMI_SEARCH_QUERY_MAX + 1];
    for (size_t index = 0; all && index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (word->negated || word->common)
            continue;
        if (!shared.data) {
            s_text_add (&shared, s_text_get (&word->codes));
            continue;
        }
        s_text_t kept = { 0 };
        s_text_add (&kept, "");
        for (const char *cursor = s_text_get (&shared); *cursor;
             cursor += strspn (cursor, " ")) {
            size_t size = strcspn (cursor, " ");
            memcpy (code, cursor, size);
            code [size] = 0;
            cursor += size;
            if (s_has_term (s_text_get (&word->codes), code)) {
                if (kept.size)
                    s_text_append (&kept, " ", 1);
                s_text_add (&kept, code);
            }
        }
        free (shared.data);
        shared = kept;
    }
    bool narrowed = all && shared.data && shared.size > 0;
    query->narrowed = narrowed;
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (word->negated)
            continue;
        //  Narrowed, the words stand for what they name together: their
        //  stems would only add FTS5 terms (a procedure's name has ten
        //  words, each with up to fifteen stems).
        if (!narrowed)
            s_add_alternatives (&word->related, S_STEM_COLUMNS, s_text_get (&word->stems), 0,
                                NULL);
        s_add_alternatives (&word->related, S_CODE_COLUMNS,
                            narrowed? s_text_get (&shared): s_text_get (&word->codes), 'c',
                            query->within);
    }
    int rc = shared.failed? imi_error_set ("search: out of memory"): 0;
    free (shared.data);
    return rc;
}

//  The terms of the vocabulary that start with the first size bytes of
//  token, of length minimum..maximum, into terms, up to rows + 1 of them.
//  Their count, or -1.
static int
s_terms_starting (imi_store_t *store, const char *token, size_t size, long minimum,
                  long maximum, int rows, s_text_t *terms)
{
    char from [IMI_SEARCH_QUERY_MAX + 1], to [IMI_SEARCH_QUERY_MAX + 1];
    memcpy (from, token, size);
    from [size] = 0;
    memcpy (to, from, size + 1);
    while (size > 0 && (unsigned char) to [size - 1] == 0xFF)
        to [--size] = 0;
    if (size == 0)
        return 0;
    to [size - 1]++;
    sqlite3_stmt *statement = imi_store_statement (store, s_terms_from);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (statement, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (statement, 3, minimum);
    sqlite3_bind_int64 (statement, 4, maximum);
    return s_terms_of (store, statement, terms, rows);
}

//  The terms of the vocabulary that hold any of the substrings of pieces
//  (an FTS5 expression of the trigram table), of length minimum..maximum.
static int
s_terms_with (imi_store_t *store, const char *pieces, long minimum, long maximum,
              s_text_t *terms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_terms_holding);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, pieces, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, minimum);
    sqlite3_bind_int64 (statement, 3, maximum);
    return s_terms_of (store, statement, terms, S_SCAN_MAX) < 0? -1: 0;
}

//  The first character of piece (1 ..) of a token of count characters cut
//  into pieces, and its end (*last): at least three characters (what the
//  trigram index can find), so the piece may start earlier.
static size_t
s_piece (size_t piece, size_t pieces, size_t count, size_t *last)
{
    size_t first = piece * count / pieces;
    *last = (piece + 1) * count / pieces;
    if (*last - first < 3)
        first = *last >= 3? *last - 3: 0;
    return first;
}

//  Typo candidates of token (n characters, at most edits edits away): by
//  the pigeonhole principle, edits edits leave one of edits + 1 pieces of
//  it whole. The first piece is a prefix (a range of the vocabulary's
//  B-tree) up to where the second starts (a four-letter word: its first
//  letter, as the second piece is its last three), the others substrings
//  of at least three characters (the trigram index). A transposition is
//  one edit but changes two letters: across the prefix's end it leaves no
//  piece whole, so the prefix with those two letters swapped is looked up
//  too. What they find is checked by imi_search_distance.
static int
s_typo_terms (imi_store_t *store, const char *token, int edits, s_text_t *terms)
{
    size_t offsets [S_DISTANCE_LETTERS + 2], count = 0, size;
    for (const char *cursor = token; *cursor && count <= S_DISTANCE_LETTERS; cursor += size) {
        offsets [count++] = (size_t) (cursor - token);
        s_decode (cursor, &size);
    }
    if (count > S_DISTANCE_LETTERS)
        return 0;
    offsets [count] = strlen (token);
    long minimum = (long) count - edits, maximum = (long) count + edits;
    size_t pieces = (size_t) edits + 1, last;
    size_t prefix = s_piece (1, pieces, count, &last);
    if (prefix > count / pieces)
        prefix = count / pieces;
    int rc = s_terms_starting (store, token, offsets [prefix], minimum, maximum, S_SCAN_MAX,
                               terms) < 0? -1: 0;
    if (rc == 0 && prefix >= 1 && prefix < count) {
        char swapped [IMI_SEARCH_QUERY_MAX + 1];
        size_t before = offsets [prefix - 1], at = offsets [prefix], after = offsets [prefix + 1];
        memcpy (swapped, token, before);
        memcpy (swapped + before, token + at, after - at);
        memcpy (swapped + before + (after - at), token + before, at - before);
        rc = s_terms_starting (store, swapped, after, minimum, maximum, S_SCAN_MAX,
                               terms) < 0? -1: 0;
    }
    s_text_t expression = { 0 };
    for (size_t piece = 1; rc == 0 && piece < pieces; piece++) {
        size_t first = s_piece (piece, pieces, count, &last);
        char substring [IMI_SEARCH_QUERY_MAX + 1];
        size_t bytes = offsets [last] - offsets [first];
        memcpy (substring, token + offsets [first], bytes);
        substring [bytes] = 0;
        if (expression.size)
            s_text_add (&expression, " OR ");
        s_text_add_quoted (&expression, substring);
    }
    if (rc == 0 && expression.size)
        rc = s_terms_with (store, s_text_get (&expression), minimum, maximum, terms);
    free (expression.data);
    return rc;
}

//  Spell out the prefix of each single word of query longer than the
//  prefix indexes as the words of the vocabulary it starts, if there are
//  at most S_EXPANSION_MAX: word->expansion, ("health" OR "healthcare").
//  The vocabulary holds every token of the direct columns (but numbers,
//  left as prefixes), so the two match the same rows; but FTS5 reads a
//  prefix that no prefix index holds by merging the doclists of all the
//  words it starts, to their ends, before the first hit (1.8 ms for
//  "health"* at 125,000 authorities), while words ORed are read hit by
//  hit, as far as the page needs. 0 or -1.
static int
s_expand_all (imi_store_t *store, s_query_t *query)
{
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        const char *token = s_text_get (&word->tokens);
        if (word->phrase || strchr (token, ' ') || s_characters (token) <= S_PREFIX_INDEXED
        ||  token [strspn (token, "0123456789")] == 0)
            continue;
        s_text_t terms = { 0 };
        int rows = s_terms_starting (store, token, strlen (token), 0, IMI_SEARCH_QUERY_MAX,
                                     S_EXPANSION_MAX, &terms);
        if (rows > 0 && rows <= S_EXPANSION_MAX) {
            s_add_alternatives (&word->expansion, "", s_text_get (&terms), 0, NULL);
            s_remove_term (&terms, token);
            s_add_alternatives (&word->longer, "", s_text_get (&terms), 0, NULL);
        }
        bool failed = terms.failed || word->expansion.failed || word->longer.failed;
        free (terms.data);
        if (rows < 0)
            return -1;
        if (failed)
            return imi_error_set ("search: out of memory");
    }
    return 0;
}

//  Does the vocabulary hold a term that starts with token?
static bool
s_known (imi_store_t *store, const char *token)
{
    s_text_t terms = { 0 };
    int rc = s_terms_starting (store, token, strlen (token), 0, S_DISTANCE_LETTERS * 8, 0,
                               &terms);
    bool known = rc > 0;
    free (terms.data);
    return known;
}

//  Fill word->forgiving: the longer words of the vocabulary it is part of
//  (compounds), and with typos the words within one edit (two from eight
//  characters) when the word itself is not in the vocabulary; the
//  likeliest of those goes to word->corrected. Their areas and procedures
//  are written within legal area within (NULL: among all). 0 or -1.
static int
s_forgive (imi_store_t *store, s_word_t *word, bool typos, const char *within)
{
    if (word->negated || !s_single (word, S_FORGIVE_MIN))
        return 0;
    const char *token = s_text_get (&word->tokens);
    size_t characters = s_characters (token);
    s_text_t found = { 0 }, candidates = { 0 }, piece = { 0 };
    s_text_add_quoted (&piece, token);
    int rc = s_terms_with (store, s_text_get (&piece), (long) characters + 1,
                           S_DISTANCE_LETTERS, &found);
    //  A compound has the word inside, not at its start (a prefix, found
    //  already).
    int kept = 0;
    for (const char *cursor = s_text_get (&found); rc == 0 && *cursor && kept < S_CANDIDATES_MAX;
         cursor += strspn (cursor, " ")) {
        size_t size = strcspn (cursor, " ");
        if (strncmp (cursor, token, strlen (token)) != 0) {
            if (candidates.size)
                s_text_append (&candidates, " ", 1);
            s_text_append (&candidates, cursor, size);
            kept++;
        }
        cursor += size;
    }
    if (rc == 0 && typos && !s_known (store, token)) {
        int edits = characters >= 8? 2: 1;
        s_text_reset (&found);
        rc = s_typo_terms (store, token, edits, &found);
        int best = edits + 1;
        char term [IMI_SEARCH_QUERY_MAX + 1];
        for (const char *cursor = s_text_get (&found); rc == 0 && *cursor;
             cursor += strspn (cursor, " ")) {
            size_t size = strcspn (cursor, " ");
            memcpy (term, cursor, size);
            term [size] = 0;
            cursor += size;
            int distance = imi_search_distance (token, term, edits);
            if (distance > edits || distance == 0 || kept >= S_CANDIDATES_MAX
            ||  s_has_term (s_text_get (&candidates), term))
                continue;
            if (candidates.size)
                s_text_append (&candidates, " ", 1);
            s_text_add (&candidates, term);
            kept++;
            if (distance < best) {
                best = distance;
                s_text_reset (&word->corrected);
                s_text_add (&word->corrected, term);
            }
        }
    }
    if (rc == 0 && candidates.size) {
        s_add_alternatives (&word->forgiving, S_DIRECT_COLUMNS, s_text_get (&candidates), 0,
                            NULL);
        s_text_reset (&piece);
        s_add_alternatives (&piece, "{names} : ", s_text_get (&candidates), 0, NULL);
        s_text_reset (&found);
        rc = s_catalogue_codes (store, s_text_get (&piece), &found) < 0? -1: 0;
        s_add_alternatives (&word->forgiving, S_CODE_COLUMNS, s_text_get (&found), 'c',
                            within);
    }
    if (rc == 0 && (found.failed || candidates.failed || piece.failed))
        rc = imi_error_set ("search: out of memory");
    free (found.data);
    free (candidates.data);
    free (piece.data);
    return rc;
}

//  The query as typed, with each corrected word replaced: what "showing
//  results for" shows.
static void
s_corrected_text (s_query_t *query, s_text_t *out)
{
    for (size_t index = 0; index < query->count; index++) {
        s_word_t *word = &query->words [index];
        if (index)
            s_text_add (out, word->joined? " OR ": " ");
        if (word->negated)
            s_text_append (out, "-", 1);
        if (word->phrase)
            s_text_append (out, "\"", 1);
        s_text_add (out, word->corrected.size? s_text_get (&word->corrected): word->raw);
        if (word->phrase)
            s_text_append (out, "\"", 1);
    }
}


//  --------------------------------------------------------------------------
//  Searching

static int
s_check_query (imi_catalogue_t *catalogue, const char *text, const imi_search_query_t *query,
               const char **area)
{
    if (strlen (text) > IMI_SEARCH_QUERY_MAX)
        return imi_error_malformed ("search text is longer than %d bytes", IMI_SEARCH_QUERY_MAX);
    //  The messages of imi_parse_number, which the control endpoint uses
    //  on the same numbers: one message per limit.
    if (query->limit < 1 || query->limit > IMI_SEARCH_LIMIT_MAX)
        return imi_error_malformed ("limit '%ld' must be a whole number from 1 to %d",
                                    query->limit, IMI_SEARCH_LIMIT_MAX);
    if (query->offset < 0 || query->offset > IMI_SEARCH_OFFSET_MAX)
        return imi_error_malformed ("offset '%ld' must be a whole number from 0 to %d",
                                    query->offset, IMI_SEARCH_OFFSET_MAX);
    if (query->state && !imi_state_code_valid (query->state))
        return imi_error_malformed ("unknown state '%s'", query->state);
    if (query->lang && s_language (query->lang) < 0)
        return imi_error_malformed ("unknown language '%s'", query->lang);
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
    if (text [strspn (text, S_SPACES)] == 0 && !query->state && !*area)
        return imi_error_malformed ("empty search: give words, a state or a legal area");
    return 0;
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

//  The keys of results (rows of s_row), as a JSON array; NULL out of memory.
static char *
s_keys (json_t *results)
{
    json_t *keys = json_array ();
    size_t index;
    json_t *row;
    json_array_foreach (results, index, row)
        if (keys && json_array_append (keys, json_object_get (row, "key")))
            json_decref (keys), keys = NULL;
    char *text = keys? json_dumps (keys, JSON_COMPACT): NULL;
    json_decref (keys);
    return text;
}

//  Run one of the search statements and append its rows to results (an
//  array). match binds ?1 (when given); ranked ?8 (s_search_ranked); the
//  keys of results ?7 (s_search_unranked). Returns the row count or -1.
static int
s_run (imi_store_t *store, const char *sql, const char *match, long ranked, const char *area,
       const imi_search_query_t *query, long limit, json_t *results)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    char *keys = NULL;
    if (sql == s_search_unranked && !(keys = s_keys (results)))
        return imi_error_set ("search: out of memory");
    if (match)
        sqlite3_bind_text (statement, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, query->state, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, area, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, query->procedure? query->procedure: "", -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, query->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, limit);
    if (keys)
        sqlite3_bind_text (statement, 7, keys, -1, SQLITE_STATIC);
    if (sql == s_search_ranked)
        sqlite3_bind_int64 (statement, 8, ranked);
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
    free (keys);
    return count;
}

//  The page of found (every row up to offset + limit + 1) that query asks
//  for, into page: its results, offset, limit, next_offset (null on the
//  last page) and corrected (or null). Returns the count of results in the
//  page, or -1.
static int
s_page (json_t *found, const imi_search_query_t *query, const char *corrected, json_t *page)
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
                             more? json_integer (query->offset + query->limit): json_null ())
    ||  json_object_set_new (page, "corrected", corrected? json_string (corrected): json_null ()))
        return imi_error_set ("search: out of memory");
    return (int) json_array_size (results);
}

//  The ranked tier: the best want hits of expression among its first max
//  (ranked, want) in index order (all of them if there are no more). A
//  word in thousands of names is told apart by little in its ranking, and
//  ranking thousands costs milliseconds. Returns the count of rows
//  appended to found, or -1.
static int
s_ranked (imi_store_t *store, const char *expression, long ranked, const char *area,
          const imi_search_query_t *query, long want, json_t *found)
{
    return s_run (store, s_search_ranked, expression, want > ranked? want: ranked, area, query,
                  want, found);
}

//  The hits of first, at most ranked of them ranked (s_ranked), then, while
//  the page is not full, the other hits of rest unranked (none if rest is
//  ""): a narrow expression's best rows before a wide one's rest. Rows
//  appended, or -1.
static int
s_ranked_then_rest (imi_store_t *store, const char *first, long ranked, const char *rest,
                    const char *area, const imi_search_query_t *query, long want, json_t *found)
{
    int count = s_ranked (store, first, ranked, area, query, want, found);
    if (count >= 0 && count < want && *rest) {
        int more = s_run (store, s_search_unranked, rest, 0, area, query, want - count, found);
        count = more < 0? more: count + more;
    }
    return count;
}

//  The single positive word of query if it is a prefix of at most
//  S_SHORT_PREFIX_MAX characters ("co"), else NULL.
static s_word_t *
s_short_prefix (s_query_t *query)
{
    if (query->count != 1 || query->words [0].phrase || query->words [0].negated)
        return NULL;
    const char *tokens = s_text_get (&query->words [0].tokens);
    size_t characters = s_characters (tokens);
    return !strchr (tokens, ' ') && characters > 1 && characters <= S_SHORT_PREFIX_MAX
         ? &query->words [0]: NULL;
}

//  The tiers of a text search (see the header comment), each run while
//  found has fewer than want rows. *corrected is set (malloc'd) when a
//  typo's candidates found something. Returns the count of rows or -1.
static int
s_tiers (imi_store_t *store, s_query_t *parsed, const char *area,
         const imi_search_query_t *query, long want, json_t *found, char **corrected)
{
    //  The state, legal area and procedure filters are terms of the
    //  expression too, so FTS5 intersects them (the SQL filters stay,
    //  exact and now cheap). Without a column: a code's token is in no
    //  other column but by a freak, which the SQL filters drop, and FTS5
    //  then need not check each hit's column.
    char filter [96] = "";
    char token [18];
    if (query->state) {
        s_code_token (token, 's', query->state);
        snprintf (filter, sizeof filter, " AND \"%s\"", token);
    }
    if (area) {
        size_t used = strlen (filter);
        s_code_token (token, query->procedure? 'p': 'a',
                      query->procedure? query->procedure: area);
        snprintf (filter + used, sizeof filter - used, " AND \"%s\"", token);
    }
    //  Codes within the filter area: one short doclist each (s_pair_token).
    parsed->within = query->procedure? NULL: area;
    if (s_expand_all (store, parsed))
        return -1;
    s_text_t direct = { 0 }, related = { 0 }, forgiving = { 0 }, initial = { 0 }, exact = { 0 },
             longer = { 0 };
    s_compose (&direct, parsed, S_DIRECT, filter);
    if (s_long_word (parsed)) {
        s_compose (&exact, parsed, S_EXACT, filter);
        //  The whole word's other prefix matches: the longer words it
        //  starts, or its prefix if they were too many to spell out.
        s_word_t *word = s_alone (parsed);
        if (!word->expansion.size)
            s_compose (&longer, parsed, S_DIRECT, filter);
        else
        if (word->longer.size)
            s_compose (&longer, parsed, S_LONGER, filter);
    }
    s_word_t *short_prefix = s_short_prefix (parsed);
    int count = 0;
    if (short_prefix) {
        s_text_add (&initial, S_INITIAL_NAMES);
        s_add_term (&initial, short_prefix);
        s_text_add (&initial, filter);
    }
    if (direct.failed || initial.failed || exact.failed || longer.failed)
        count = imi_error_set ("search: out of memory");
    else
    if (short_prefix) {
        //  The names that start with a prefix of two or three letters are
        //  told apart by their length alone: the page's rows are enough.
        count = s_ranked_then_rest (store, s_text_get (&initial), want, s_text_get (&direct),
                                    area, query, want, found);
    }
    else
    if (exact.size) {
        //  The whole word first, ranked; its other prefix matches
        //  ("healthcare") follow unranked.
        count = s_ranked_then_rest (store, s_text_get (&exact), S_RANKED, s_text_get (&longer),
                                    area, query, want, found);
    }
    else
        count = s_ranked (store, s_text_get (&direct), S_RANKED, area, query, want, found);
    //  Word forms, areas and procedures: each word's alternatives are
    //  looked up only now that the page has room for them.
    if (count >= 0 && count < want && s_relate_all (store, parsed))
        count = -1;
    bool related_words = false;
    for (size_t index = 0; index < parsed->count; index++)
        related_words |= parsed->words [index].related.size > 0
                      || parsed->words [index].common;
    //  (with no word related to anything, tier 2 would be tier 1 again)
    if (count >= 0 && count < want && related_words) {
        s_compose (&related, parsed, S_RELATED, filter);
        int more = related.failed? imi_error_set ("search: out of memory")
                 : s_run (store, s_search_unranked, s_text_get (&related), 0, area, query,
                          want - count, found);
        count = more < 0? more: count + more;
    }
    //  Cheap first: compounds and typos only where little was found.
    bool forgiving_words = false;
    bool typos = count < S_FEW_HITS;
    for (size_t index = 0; count >= 0 && count < S_FEW_HITS && index < parsed->count; index++) {
        if (s_forgive (store, &parsed->words [index], typos, parsed->within))
            count = -1;
        forgiving_words |= parsed->words [index].forgiving.size > 0;
    }
    if (count >= 0 && count < want && forgiving_words) {
        s_compose (&forgiving, parsed, S_FORGIVING, filter);
        int more = forgiving.failed? imi_error_set ("search: out of memory")
                 : s_run (store, s_search_unranked, s_text_get (&forgiving), 0, area, query,
                          want - count, found);
        bool used = false;
        for (size_t index = 0; index < parsed->count; index++)
            used |= parsed->words [index].corrected.size > 0;
        if (more > 0 && used) {
            s_text_t text = { 0 };
            s_corrected_text (parsed, &text);
            if (text.failed) {
                free (text.data);
                more = imi_error_set ("search: out of memory");
            }
            else
                *corrected = text.data;
        }
        count = more < 0? more: count + more;
    }
    free (direct.data);
    free (related.data);
    free (forgiving.data);
    free (initial.data);
    free (exact.data);
    free (longer.data);
    return count;
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
    s_query_t *parsed = (s_query_t *) malloc (sizeof *parsed);
    if (parsed)
        s_parse (&tokenizer, text, true, parsed);
    s_tokenizer_close (&tokenizer);
    //  Every row up to the page's end, and one more to tell if there is a
    //  next page; the page is cut from them (s_page).
    long want = query->offset + query->limit + 1;
    json_t *found = json_array ();
    char *corrected = NULL;
    int count = 0;
    if (!parsed || parsed->failed || !found)
        count = imi_error_set ("search: out of memory");
    else
    if (parsed->count)
        count = s_tiers (store, parsed, area, query, want, found, &corrected);
    else
    //  Words given but none searchable (only punctuation): nothing matches.
    if (text [strspn (text, S_SPACES)] == 0)
        count = s_run (store, area? s_list_area: s_list_state, NULL, 0, area, query, want,
                       found);
    if (count >= 0)
        count = s_page (found, query, corrected, page);
    if (parsed)
        s_query_free (parsed);
    free (parsed);
    free (corrected);
    json_decref (found);
    return count;
}

char *
imi_search_fold (const char *text)
{
    s_text_t folded = { 0 };
    s_text_add (&folded, "");
    s_text_append_folded (&folded, text, false);
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
    s_query_t *parsed = (s_query_t *) malloc (sizeof *parsed);
    s_text_t built = { 0 };
    if (parsed) {
        s_parse (&tokenizer, text, false, parsed);
        s_compose (&built, parsed, S_PLAIN, "");
    }
    s_tokenizer_close (&tokenizer);
    int rc = 0;
    if (!parsed || parsed->failed || built.failed) {
        free (built.data);
        rc = imi_error_set ("search: out of memory");
    }
    else
        *expression = built.data;
    if (parsed)
        s_query_free (parsed);
    free (parsed);
    return rc;
}

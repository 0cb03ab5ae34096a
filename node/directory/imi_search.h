/*  imi_search: the multilingual search over the directory of authorities,
    forgiving the ways people type (docs/directory.md "Search").

    The index is the FTS5 table authority_fts (schema migration 20), with
    SQLite's unicode61 tokenizer folding diacritics (remove_diacritics 2:
    "Arztekammer" matches "Ärztekammer") and prefix indexes of 2, 3 and 4
    characters. imi_search folds the rest itself, on the indexed text and on
    the query alike: ł→l, ø→o, æ→ae, œ→oe, ß→ss, đ/ð→d, þ→th, ħ→h, ı→i,
    ŧ→t, ĳ→ij; Greek (ELOT 743) and Cyrillic (the Bulgarian official
    system) letters to Latin ones, so "Iatrikos" finds "Ιατρικός" and
    "Sofia" "София"; then ae oe ue to a o u and aa to a, so "aerztekammer"
    finds "Ärztekammer" and "Alborg" "Aalborg". Each authority has one row:
    its names in every language, acronym, keywords in every language (with
    their Snowball stems), city, and a token per legal area and procedure.
    The names of legal areas and procedures in every catalogue language
    (and their stems) are a small index of their own: a word that matches
    them stands for those areas and procedures, so "posted workers" or
    "qualifications professionnelles" finds the authorities competent for
    them, in any language.

    A query is text typed by a person, never FTS5 syntax. Words are ANDed,
    each a prefix; "a quoted phrase" matches those words in that order; OR
    between two words takes either; a leading - (or NOT before a word)
    excludes it (a query of excluded words only searches them instead);
    AND, NEAR and parentheses are skipped; everything else is text (quotes
    inside doubled). A word with nothing to search in it (punctuation, an
    emoji) is ignored, a one-letter word matches that letter as a word, not
    as a prefix (which would match most of the directory, slowly), a
    repeated word counts once and words after the 16th are ignored (each
    costs a doclist merge). A hyphenated or apostrophed word is a phrase:
    "Baden-Württemberg" finds the two words next to each other, as does
    "baden württemberg".
    Results come in tiers, each only while the page has room: authorities
    that match in their names, acronym, keywords or city, ranked (bm25
    without IDF, names weighted highest; the first 128 hits in index order
    only; for a prefix of up to three letters, first those whose name's
    first word starts with it, ranked, then its other matches; for one word
    of five letters or more, first the whole word, ranked, then its other
    prefix matches); then those that match through a word form (stem) or through
    the names of their legal areas and procedures; then, only when those
    found fewer than five, compounds ("kammer" inside "Ärztekammer", for
    words of four letters or more) and typos (a word not in the index's
    vocabulary, within one edit of a word that is, two from eight letters,
    a transposition one edit), with the corrected query in the page's
    "corrected". Hits after the ranked tier are taken unranked, in index
    order, and shown in key order: ranking thousands of rows costs
    milliseconds and tells them apart by little.
    Filters: state, legal area and procedure. Listings without text are in
    the order of the authorities' own-language names. Each result shows the
    authority's name in the searcher's language if it has one, else its
    first listed name (its own language).
*/
#ifndef IMI_SEARCH_H
#define IMI_SEARCH_H

#include "imi_body_directory.h"
#include "imi_catalogue.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>

#define IMI_SEARCH_LIMIT_MAX    500
#define IMI_SEARCH_QUERY_MAX    512             //  bytes of query text
#define IMI_SEARCH_OFFSET_MAX   100000          //  results skipped, at most (a page costs
                                                //  the rows before it)

//  Within a transaction: (re)index the authority key ("DE:aek-berlin") of
//  state: names, areas, the FTS row and the vocabulary. 0 or -1.
int imi_search_index (imi_store_t *store, const char *key, const char *state,
                      const imi_authority_t *authority);

//  At start, on every connection that searches (before its first
//  imi_search_run): register the search's ranking function on it, index
//  the catalogue's names of legal areas and procedures if they changed,
//  and every authority not indexed (all of them after a migration that
//  rebuilt the index). Within a transaction, unless the connection is
//  read-only (then the writer's connection must have done it: nothing is
//  written). The number of authorities indexed, or -1.
int imi_search_prepare (imi_store_t *store, imi_catalogue_t *catalogue);

//  Within a transaction, after indexing many authorities at once: merge the
//  index's segments into one, which every search then reads faster (a
//  third less CPU at 125,000 authorities). imi_search_prepare does it after
//  a rebuild. 0 or -1.
int imi_search_optimize (imi_store_t *store);

//  Within a transaction: drop key from the index. 0 or -1.
int imi_search_unindex (imi_store_t *store, const char *key);

typedef struct {
    const char *state;                  //  filter, or NULL
    const char *legal_area;             //  filter, or NULL
    const char *procedure;              //  filter, or NULL
    const char *lang;                   //  display language ("en"); NULL = own language
    long limit;                         //  1 .. IMI_SEARCH_LIMIT_MAX
    long offset;                        //  results skipped: 0 .. IMI_SEARCH_OFFSET_MAX
} imi_search_query_t;

//  Search for text (may be empty or NULL when a filter is given): one page
//  of results, best first (filter-only: in name order, accents folded), set
//  into page (an object, the caller's) as
//      results      [{key, state, name, name_lang, city, legal_areas: [codes]}]
//      offset, limit  as asked
//      next_offset  where the next page starts, or null on the last page
//      corrected    the query with its typos corrected when results came
//                   through a correction ("showing results for ..."), or null
//  Returns the number of results in the page, -2 for a bad query (blank
//  text and no filter, text too long, limit or offset out of range, state
//  not a state code, unknown language, legal area or procedure, procedure
//  of another legal area; reason set), -1 on a database error. Never fails
//  because of what the text contains: text with no searchable word finds
//  nothing. Several threads may search at once, each on its own connection.
int imi_search_run (imi_store_t *store, imi_catalogue_t *catalogue, const char *text,
                    const imi_search_query_t *query, json_t *page);

//  For other indexes (imi_repository): text with the letters unicode61
//  leaves alone folded (not transliterated: the repository's index was
//  built so), malloc'd; the caller indexes it in an FTS5 table made with
//  the same tokenizer ('unicode61 remove_diacritics 2'). NULL if memory
//  runs out.
char *imi_search_fold (const char *text);

//  The FTS5 MATCH expression for text typed by a person, parsed as the
//  directory search parses it (each word a quoted, folded prefix term,
//  folded as imi_search_fold folds; phrases, OR, exclusions), on all
//  columns. 0 with *expression malloc'd ("" if text has no searchable
//  word), -2 if text is longer than IMI_SEARCH_QUERY_MAX, -1 on error.
int imi_search_expression (imi_store_t *store, const char *text, char **expression);

//  The edit distance between two words (UTF-8; an insertion, deletion,
//  substitution or transposition of two neighbours is one edit), or
//  maximum + 1 if it is more than maximum.
int imi_search_distance (const char *left, const char *right, int maximum);

#endif

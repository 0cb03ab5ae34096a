/*  imi_search: the multilingual search over the directory of authorities.

    The index is the FTS5 table authority_fts (schema migration 2), with
    SQLite's unicode61 tokenizer folding diacritics (remove_diacritics 2:
    "Arztekammer" matches "Ärztekammer") and prefix indexes of 2, 3 and 4
    characters. Letters unicode61 leaves alone are folded by imi_search
    itself, on the indexed text and on the query alike: ł→l, ø→o, æ→ae,
    œ→oe, ß→ss, đ/ð→d, þ→th, ħ→h, ı→i, ŧ→t, ĳ→ij, Greek accents (ά→α ...)
    and final ς→σ; so "Lodz" finds "Łódź", "Tromso" "Tromsø", "Embaetti"
    "Embætti", "ΙΑΤΡΙΚΟΣ" "Ιατρικός".
    Known limits: Cyrillic й/ё are not folded (they are letters of their own
    in Bulgarian); a word matches only at its start ("kammer" does not find
    "Ärztekammer"); ß is "ss", so "Strase" finds nothing. Each authority
    has one row: its names in every language, acronym, keywords in every
    language, the names of its legal areas in every catalogue language (so an
    English or French query finds a Polish authority by its field), and city.

    A query is text typed by a person, never FTS5 syntax: each word becomes a
    quoted prefix term ("word"*), quotes inside doubled, so operators, column
    filters and unbalanced quotes are searched as plain text. Words are ANDed;
    a word with nothing to search in it (punctuation, an emoji) is ignored,
    a one-letter word matches that letter as a word, not as a prefix (which
    would match most of the directory, slowly), a repeated word counts once
    and words after the 16th are ignored (each costs a doclist merge).
    A hyphenated or apostrophed word is a phrase: "Baden-Württemberg" finds
    the two words next to each other, as does "baden württemberg".
    Results come in tiers: authorities that match in their names, acronym,
    keywords or city, ranked by bm25 with names weighted highest (for a
    prefix of up to three letters, first those whose name's first word
    starts with it, ranked, then its other matches); then those that match
    only through their legal areas' names. Hits after the ranked tier are
    taken unranked, in index order, and shown in key order: ranking
    thousands of rows costs milliseconds and tells them apart by little.
    Filters: state, legal area and procedure. Listings without text are in
    the order of the authorities' own-language names. Each result shows the authority's name
    in the searcher's language if it has one, else its first listed name
    (its own language).
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
//  state: names, areas and the FTS row. 0 or -1.
int imi_search_index (imi_store_t *store, imi_catalogue_t *catalogue, const char *key,
                      const char *state, const imi_authority_t *authority);

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
//  Returns the number of results in the page, -2 for a bad query (blank
//  text and no filter, text too long, limit or offset out of range, state
//  not a state code, unknown legal area or procedure, procedure of another
//  legal area; reason set), -1 on a database error. Never fails because of
//  what the text contains: text with no searchable word finds nothing.
int imi_search_run (imi_store_t *store, imi_catalogue_t *catalogue, const char *text,
                    const imi_search_query_t *query, json_t *page);

//  For other indexes with the same folding (imi_repository): text folded
//  as the directory's index folds it (the letters unicode61 leaves alone),
//  malloc'd; the caller indexes it in an FTS5 table made with the same
//  tokenizer ('unicode61 remove_diacritics 2'). NULL if memory runs out.
char *imi_search_fold (const char *text);

//  The FTS5 MATCH expression for text typed by a person, built as the
//  directory search builds it (each word a quoted, folded prefix term;
//  words ANDed). 0 with *expression malloc'd ("" if text has no searchable
//  word), -2 if text is longer than IMI_SEARCH_QUERY_MAX, -1 on error.
int imi_search_expression (imi_store_t *store, const char *text, char **expression);

#endif

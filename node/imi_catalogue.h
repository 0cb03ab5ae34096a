/*  imi_catalogue: legal areas and procedures, read from data files.

    The catalogue is data, not code (DESIGN §7): data/catalogue/legal_areas.tsv
    and data/catalogue/procedures.tsv, UTF-8, tab-separated, a header line
    naming the columns, '#' comment lines allowed:
        legal_areas.tsv   code  en  de  fr  es  it  pl  [more language columns]
        procedures.tsv    code  legal_area  en  de  fr  es  it  pl  [...]
    Language columns are ISO 639-1 codes; every row must have every column,
    names non-empty. The node validates authorities against it and indexes
    the names of each authority's legal areas in every language, so a search
    in any language finds authorities by their field of competence.
*/
#ifndef IMI_CATALOGUE_H
#define IMI_CATALOGUE_H

#include "imi_body_directory.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct _imi_catalogue_t imi_catalogue_t;

//  Load both files from folder dir. NULL with "file:line: reason" on failure.
imi_catalogue_t *imi_catalogue_load (const char *dir);

void imi_catalogue_destroy (imi_catalogue_t **self_p);

//  True if code is a legal area of the catalogue.
bool imi_catalogue_has_area (imi_catalogue_t *self, const char *code);

//  Legal area of procedure code, or NULL if there is no such procedure.
const char *imi_catalogue_procedure_area (imi_catalogue_t *self, const char *code);

//  Name of a legal area / procedure in lang, falling back to English;
//  NULL if the code is unknown.
const char *imi_catalogue_area_name (imi_catalogue_t *self, const char *code, const char *lang);
const char *imi_catalogue_procedure_name (imi_catalogue_t *self, const char *code,
                                          const char *lang);

//  The names of a legal area in every language of the catalogue, joined by
//  spaces (what the search index holds for it); NULL if unknown.
const char *imi_catalogue_area_all_names (imi_catalogue_t *self, const char *code);

//  Legal areas, in file order.
size_t imi_catalogue_area_count (imi_catalogue_t *self);
const char *imi_catalogue_area_at (imi_catalogue_t *self, size_t index);

//  Procedures, in file order.
size_t imi_catalogue_procedure_count (imi_catalogue_t *self);
const char *imi_catalogue_procedure_at (imi_catalogue_t *self, size_t index);

//  Check an authority's competences: every legal area known, every procedure
//  known and belonging to that area. 0 or -2 naming the unknown code.
int imi_catalogue_check (imi_catalogue_t *self, const imi_authority_t *authority);

void imi_catalogue_test (const char *dir);

#endif

/*  imi_authority_json: authorities as JSON, the form operators write and read.

    One authority is one JSON object (imictl authority add FILE; one per line
    in an import file):
      { "id": "aek-berlin",
        "names": [ { "lang": "de", "text": "Ärztekammer Berlin" },
                   { "lang": "en", "text": "Berlin Chamber of Physicians" } ],
        "acronym": "ÄKB", "address": "Friedrichstraße 16", "postcode": "10969",
        "city": "Berlin",
        "contacts": [ { "kind": "email", "value": "info@example.de" } ],
        "competences": [ { "legal_area": "professional-qualifications",
                           "procedures": [ "pq-information-request" ],
                           "keywords": [ { "lang": "de", "text": "Ärzte" } ] } ] }
    "id" and "names" are required; the rest may be left out. The first name
    is the authority's own-language name. Unknown members are an error (a
    typo must not pass silently). Field rules are imi_body_directory's.
*/
#ifndef IMI_AUTHORITY_JSON_H
#define IMI_AUTHORITY_JSON_H

#include "imi_body_directory.h"

#include <jansson.h>

//  Parse text (size bytes) into *authority (caller allocates; it is
//  cleared first) and validate it. 0, or -2 with a reason naming the member.
int imi_authority_from_json (imi_authority_t *authority, const char *text, size_t size);

//  The authority as a JSON object (the caller's), in the members' order of
//  the input format; NULL out of memory. Written as one line with
//  IMI_AUTHORITY_JSON_FLAGS (imictl authority show).
json_t *imi_authority_to_value (const imi_authority_t *authority);
#define IMI_AUTHORITY_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

void imi_authority_json_test (void);

#endif

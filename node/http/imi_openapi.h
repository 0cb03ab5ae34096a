/*  imi_openapi: the OpenAPI 3.1 document of the HTTP API (docs/http.md,
    "The OpenAPI document"), served at GET /api/v1/openapi.json.

    docs/openapi.json is the one copy: CMake builds its bytes into the node
    (cmake/imi_embed.cmake writes imi_openapi.c into the build folder), so
    the node serves the file as it is in the source tree, and imi_http_test
    checks that its routes and the document's operations are the same.
*/
#ifndef IMI_OPENAPI_H
#define IMI_OPENAPI_H

#include <stddef.h>

//  The bytes of docs/openapi.json, NUL-ended; imi_openapi_json_size of
//  them without the NUL.
extern const char imi_openapi_json [];
extern const size_t imi_openapi_json_size;

#endif

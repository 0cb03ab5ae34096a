#!/usr/bin/python3
"""openapi_check.py OPENAPI.json EXCHANGES.jsonl [--document OAS-SCHEMA.json]

Checks the answers an integration test received from the HTTP API against
the API's OpenAPI document (docs/openapi.json). EXCHANGES.jsonl has one line
per exchange, as lib.sh's HTTP client records them: {method, path (as sent,
with its query), status, content_type, body (the JSON body, or null)}.

Each exchange's operation is found by its path (a template's "{name}"
matches one segment; a template without values wins over one with, as
OpenAPI says) and method. A path that no template matches must be answered
as components/responses/NotFound, a method the path does not take as
components/responses/MethodNotAllowed: hostile requests are documented
too. Otherwise the status must be one of the operation's responses, the
Content-Type one of that response's media types (none if it has no
content), and a JSON body must be valid against that media type's schema.

With --document, first validates the document itself against the official
OpenAPI 3.1 JSON Schema (tests/data/openapi/schema.json).

Prints every exchange that does not conform and exits 1 if there is one.
Run by /usr/bin/python3: jsonschema is Debian's python3-jsonschema.
"""
import json
import sys

import jsonschema


def templates (document):
    """(segments, path) of each path of the document, those with fewer
    {values} first."""
    found = [(path.split ("/"), path) for path in document ["paths"]]
    return sorted (found, key = lambda item: sum (segment.startswith ("{")
                                                  for segment in item [0]))


def operation_of (document, ordered, method, path):
    """The documented response table for an exchange: (responses, where),
    responses a dict of status -> response object."""
    segments = path.split ("?") [0].split ("/")
    for template, name in ordered:
        if len (template) == len (segments) and all (
                part == segment or (part.startswith ("{") and segment)
                for part, segment in zip (template, segments)):
            operation = document ["paths"][name].get (method.lower ())
            if operation:
                return operation ["responses"], "%s %s" % (method, name)
            return {"405": {"$ref": "#/components/responses/MethodNotAllowed"}}, \
                   "%s %s (a method the path does not take)" % (method, name)
    return {"404": {"$ref": "#/components/responses/NotFound"}}, \
           "%s %s (no such path)" % (method, path)


def resolve (document, item):
    while "$ref" in item:
        where = document
        for part in item ["$ref"].lstrip ("#/").split ("/"):
            where = where [part]
        item = where
    return item


def check (document, exchange, ordered, resolver):
    """A list of what is wrong with one exchange (empty: it conforms)."""
    responses, where = operation_of (document, ordered, exchange ["method"], exchange ["path"])
    status = str (exchange ["status"])
    if status not in responses:
        return ["%s answered %s, which is not documented (documented: %s)"
                % (where, status, ", ".join (sorted (responses)))]
    response = resolve (document, responses [status])
    content = response.get ("content", {})
    media_type = exchange ["content_type"] or None
    if not content:
        return [] if media_type is None else \
               ["%s %s: documented without a body, answered %s" % (where, status, media_type)]
    if media_type not in content:
        return ["%s %s: Content-Type %s, documented: %s"
                % (where, status, media_type, ", ".join (content))]
    schema = content [media_type].get ("schema")
    if exchange.get ("body") is None or schema is None:
        return []
    validator = jsonschema.Draft202012Validator (schema, resolver = resolver)
    return ["%s %s: %s at %s (%s)" % (where, status, error.message,
                                      "/".join (str (part) for part in error.absolute_path) or "the top",
                                      "/".join (str (part) for part in error.absolute_schema_path))
            for error in sorted (validator.iter_errors (exchange ["body"]), key = str)]


def main (arguments):
    if len (arguments) not in (2, 4) or (len (arguments) == 4 and arguments [2] != "--document"):
        sys.exit (__doc__.split ("\n") [0])
    with open (arguments [0], encoding = "utf-8") as file:
        document = json.load (file)
    failures = []
    if len (arguments) == 4:
        with open (arguments [3], encoding = "utf-8") as file:
            specification = json.load (file)
        failures += ["the document: %s at %s" % (error.message,
                                                  "/".join (str (part) for part in error.absolute_path))
                     for error in jsonschema.Draft202012Validator (specification).iter_errors (document)]
    ordered = templates (document)
    resolver = jsonschema.RefResolver.from_schema (document)
    count = wrong = 0
    with open (arguments [1], encoding = "utf-8") as file:
        for number, line in enumerate (file, 1):
            count += 1
            try:
                exchange = json.loads (line)
            except ValueError as error:
                failures.append ("exchange %d is not JSON (a body that is not?): %s: %s"
                                 % (number, error, line [:300]))
                wrong += 1
                continue
            found = check (document, exchange, ordered, resolver)
            wrong += bool (found)
            failures += ["%s (exchange %d, %s)" % (failure, number, exchange ["path"])
                         for failure in found]
    for failure in failures:
        print ("openapi_check: " + failure, file = sys.stderr)
    print ("openapi_check: %d exchanges, %d not as documented" % (count, wrong))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit (main (sys.argv [1:]))

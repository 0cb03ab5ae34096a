/*  imi_authority_json: JSON <-> imi_authority_t, with jansson. */
#include "imi_authority_json.h"
#include "imi_error.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

//  Copy string member name of object into out (size bytes incl. NUL).
//  required: absent is an error. 0 or -2.
static int
s_string (json_t *object, const char *name, const char *path, char *out, size_t size,
          int required)
{
    json_t *value = json_object_get (object, name);
    if (!value) {
        *out = 0;
        return required? imi_error_malformed ("%s%s: missing", path, name): 0;
    }
    if (!json_is_string (value))
        return imi_error_malformed ("%s%s: expected a string", path, name);
    size_t length = json_string_length (value);
    if (length >= size)
        return imi_error_malformed ("%s%s: longer than %zu bytes", path, name, size - 1);
    if (strlen (json_string_value (value)) != length)
        return imi_error_malformed ("%s%s: contains a NUL character", path, name);
    memcpy (out, json_string_value (value), length + 1);
    return 0;
}

//  Fail on members not in the NULL-terminated list known.
static int
s_known (json_t *object, const char *path, const char *const *known)
{
    const char *key;
    json_t *value;
    json_object_foreach (object, key, value) {
        size_t index = 0;
        while (known [index] && strcmp (known [index], key) != 0)
            index++;
        if (!known [index])
            return imi_error_malformed ("%s%s: unknown member", path, key);
    }
    return 0;
}

//  The array member name (may be absent: *count 0). 0 or -2.
static int
s_array (json_t *object, const char *name, const char *path, size_t maximum, json_t **array)
{
    *array = json_object_get (object, name);
    if (!*array)
        return 0;
    if (!json_is_array (*array))
        return imi_error_malformed ("%s%s: expected an array", path, name);
    if (json_array_size (*array) > maximum)
        return imi_error_malformed ("%s%s: more than %zu items", path, name, maximum);
    return 0;
}

//  A { "lang", "text" } object into lang/text buffers.
static int
s_text (json_t *item, const char *path, char *lang, char *text, size_t text_size)
{
    static const char *const known [] = { "lang", "text", NULL };
    if (!json_is_object (item))
        return imi_error_malformed ("%s: expected an object", path);
    char prefix [200];
    snprintf (prefix, sizeof prefix, "%s.", path);
    int rc = s_known (item, prefix, known);
    if (rc == 0)
        rc = s_string (item, "lang", prefix, lang, 4, 1);
    if (rc == 0)
        rc = s_string (item, "text", prefix, text, text_size, 1);
    return rc;
}

static int
s_competence (json_t *item, const char *path, imi_competence_t *competence)
{
    static const char *const known [] = { "legal_area", "procedures", "keywords", NULL };
    if (!json_is_object (item))
        return imi_error_malformed ("%s: expected an object", path);
    char prefix [112], item_path [160];
    snprintf (prefix, sizeof prefix, "%s.", path);
    int rc = s_known (item, prefix, known);
    if (rc == 0)
        rc = s_string (item, "legal_area", prefix, competence->legal_area,
                       sizeof competence->legal_area, 1);
    json_t *array = NULL;
    if (rc == 0)
        rc = s_array (item, "procedures", prefix, IMI_DIRECTORY_PROCEDURES_MAX, &array);
    for (size_t index = 0; rc == 0 && array && index < json_array_size (array); index++) {
        json_t *value = json_array_get (array, index);
        snprintf (item_path, sizeof item_path, "%sprocedures[%zu]", prefix, index);
        if (!json_is_string (value) || json_string_length (value) > IMI_DIRECTORY_CODE_MAX)
            rc = imi_error_malformed ("%s: expected a procedure code", item_path);
        else
            snprintf (competence->procedures [competence->procedure_count++],
                      IMI_DIRECTORY_CODE_MAX + 1, "%s", json_string_value (value));
    }
    if (rc == 0)
        rc = s_array (item, "keywords", prefix, IMI_DIRECTORY_KEYWORDS_MAX, &array);
    for (size_t index = 0; rc == 0 && array && index < json_array_size (array); index++) {
        imi_keyword_t *keyword = &competence->keywords [competence->keyword_count++];
        snprintf (item_path, sizeof item_path, "%skeywords[%zu]", prefix, index);
        rc = s_text (json_array_get (array, index), item_path, keyword->lang, keyword->text,
                     sizeof keyword->text);
    }
    return rc;
}

int
imi_authority_from_json (imi_authority_t *authority, const char *text, size_t size)
{
    static const char *const known [] = {
        "id", "names", "acronym", "address", "postcode", "city", "contacts", "competences", NULL
    };
    memset (authority, 0, sizeof *authority);
    json_error_t error;
    json_t *root = json_loadb (text, size, JSON_REJECT_DUPLICATES, &error);
    if (!root)
        return imi_error_malformed ("not valid JSON: %s (line %d, column %d)", error.text,
                                    error.line, error.column);
    int rc = json_is_object (root)? 0: imi_error_malformed ("expected a JSON object");
    if (rc == 0)
        rc = s_known (root, "", known);
    if (rc == 0)
        rc = s_string (root, "id", "", authority->id, sizeof authority->id, 1);
    if (rc == 0)
        rc = s_string (root, "acronym", "", authority->acronym, sizeof authority->acronym, 0);
    if (rc == 0)
        rc = s_string (root, "address", "", authority->address, sizeof authority->address, 0);
    if (rc == 0)
        rc = s_string (root, "postcode", "", authority->postcode, sizeof authority->postcode, 0);
    if (rc == 0)
        rc = s_string (root, "city", "", authority->city, sizeof authority->city, 0);
    json_t *array = NULL;
    char path [64];
    if (rc == 0)
        rc = s_array (root, "names", "", IMI_DIRECTORY_NAMES_MAX, &array);
    if (rc == 0 && (!array || json_array_size (array) == 0))
        rc = imi_error_malformed ("names: at least one name is needed");
    for (size_t index = 0; rc == 0 && index < json_array_size (array); index++) {
        imi_text_t *name = &authority->names [authority->name_count++];
        snprintf (path, sizeof path, "names[%zu]", index);
        rc = s_text (json_array_get (array, index), path, name->lang, name->text,
                     sizeof name->text);
    }
    if (rc == 0)
        rc = s_array (root, "contacts", "", IMI_DIRECTORY_CONTACTS_MAX, &array);
    for (size_t index = 0; rc == 0 && array && index < json_array_size (array); index++) {
        static const char *const contact_known [] = { "kind", "value", NULL };
        json_t *item = json_array_get (array, index);
        imi_contact_t *contact = &authority->contacts [authority->contact_count++];
        snprintf (path, sizeof path, "contacts[%zu].", index);
        if (!json_is_object (item))
            rc = imi_error_malformed ("%s: expected an object", path);
        if (rc == 0)
            rc = s_known (item, path, contact_known);
        if (rc == 0)
            rc = s_string (item, "kind", path, contact->kind, sizeof contact->kind, 1);
        if (rc == 0)
            rc = s_string (item, "value", path, contact->value, sizeof contact->value, 1);
    }
    if (rc == 0)
        rc = s_array (root, "competences", "", IMI_DIRECTORY_COMPETENCES_MAX, &array);
    for (size_t index = 0; rc == 0 && array && index < json_array_size (array); index++) {
        snprintf (path, sizeof path, "competences[%zu]", index);
        rc = s_competence (json_array_get (array, index), path,
                           &authority->competences [authority->competence_count++]);
    }
    json_decref (root);
    if (rc == 0)
        rc = imi_authority_validate (authority);
    return rc;
}

//  [ { "lang", "text" } ... ] from count items of stride bytes.
static json_t *
s_texts (const char *first_lang, const char *first_text, size_t stride, size_t count)
{
    json_t *array = json_array ();
    for (size_t index = 0; index < count; index++)
        json_array_append_new (array, json_pack ("{s:s, s:s}",
                               "lang", first_lang + index * stride,
                               "text", first_text + index * stride));
    return array;
}

json_t *
imi_authority_to_value (const imi_authority_t *authority)
{
    json_t *root = json_object ();
    json_object_set_new (root, "id", json_string (authority->id));
    json_object_set_new (root, "names", s_texts (authority->names [0].lang,
                                                 authority->names [0].text,
                                                 sizeof (imi_text_t), authority->name_count));
    const struct { const char *name; const char *value; } strings [] = {
        { "acronym", authority->acronym }, { "address", authority->address },
        { "postcode", authority->postcode }, { "city", authority->city },
    };
    for (size_t index = 0; index < sizeof strings / sizeof strings [0]; index++)
        if (*strings [index].value)
            json_object_set_new (root, strings [index].name, json_string (strings [index].value));
    json_t *contacts = json_array ();
    for (size_t index = 0; index < authority->contact_count; index++)
        json_array_append_new (contacts, json_pack ("{s:s, s:s}",
                               "kind", authority->contacts [index].kind,
                               "value", authority->contacts [index].value));
    json_object_set_new (root, "contacts", contacts);
    json_t *competences = json_array ();
    for (size_t index = 0; index < authority->competence_count; index++) {
        const imi_competence_t *competence = &authority->competences [index];
        json_t *procedures = json_array ();
        for (size_t procedure = 0; procedure < competence->procedure_count; procedure++)
            json_array_append_new (procedures, json_string (competence->procedures [procedure]));
        json_array_append_new (competences, json_pack ("{s:s, s:o, s:o}",
            "legal_area", competence->legal_area, "procedures", procedures,
            "keywords", s_texts (competence->keywords [0].lang, competence->keywords [0].text,
                                 sizeof (imi_keyword_t), competence->keyword_count)));
    }
    json_object_set_new (root, "competences", competences);
    return root;
}

void
imi_authority_json_test (void)
{
    imi_authority_t *authority = malloc (sizeof *authority);
    imi_authority_t *again = malloc (sizeof *again);
    assert (authority && again);
    static const char *good =
        "{\"id\":\"aek-berlin\",\"names\":[{\"lang\":\"de\",\"text\":\"Ärztekammer Berlin\"},"
        "{\"lang\":\"en\",\"text\":\"Berlin Chamber of Physicians\"}],\"acronym\":\"ÄKB\","
        "\"city\":\"Berlin\",\"contacts\":[{\"kind\":\"email\",\"value\":\"info@example.de\"}],"
        "\"competences\":[{\"legal_area\":\"professional-qualifications\","
        "\"procedures\":[\"pq-information-request\"],"
        "\"keywords\":[{\"lang\":\"de\",\"text\":\"Ärzte\"}]}]}";
    assert (imi_authority_from_json (authority, good, strlen (good)) == 0);
    assert (authority->name_count == 2 && strcmp (authority->names [0].text, "Ärztekammer Berlin") == 0);
    assert (authority->competence_count == 1 && authority->competences [0].keyword_count == 1);
    json_t *value = imi_authority_to_value (authority);
    char *text = json_dumps (value, IMI_AUTHORITY_JSON_FLAGS);
    json_decref (value);
    assert (text);
    assert (strcmp (text, good) == 0);
    assert (imi_authority_from_json (again, text, strlen (text)) == 0);
    assert (memcmp (authority, again, sizeof *authority) == 0);
    free (text);

    struct { const char *json; const char *reason; } bad [] = {
        { "", "not valid JSON" },
        { "[1]", "expected a JSON object" },
        { "{\"names\":[{\"lang\":\"de\",\"text\":\"x\"}]}", "id: missing" },
        { "{\"id\":\"a\"}", "at least one name" },
        { "{\"id\":\"a\",\"names\":[]}", "at least one name" },
        { "{\"id\":\"a\",\"nmes\":[]}", "nmes: unknown member" },
        { "{\"id\":\"a\",\"names\":[{\"lang\":\"de\",\"text\":\"x\",\"x\":1}]}", "names[0].x: unknown" },
        { "{\"id\":\"a\",\"names\":[{\"lang\":\"deutsch\",\"text\":\"x\"}]}", "names[0].lang" },
        { "{\"id\":\"a\",\"id\":\"b\",\"names\":[]}", "not valid JSON" },
        { "{\"id\":7,\"names\":[]}", "id: expected a string" },
        { "{\"id\":\"a\",\"names\":[{\"lang\":\"de\",\"text\":\"x\\u0000y\"}]}", "NUL" },
    };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        assert (imi_authority_from_json (authority, bad [index].json, strlen (bad [index].json)) == -2);
        assert (strstr (imi_error_last (), bad [index].reason));
    }
    free (authority);
    free (again);
}

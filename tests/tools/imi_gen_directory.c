/*  imi_gen_directory: realistic, deterministic data for the shared directory.

    Usage:
        imi_gen_directory --out DIR [--seed N] [--count N] [--states DE,FR,...]
                          [--catalogue DIR]
        imi_gen_directory --out DIR --fixtures [--catalogue DIR]
        imi_gen_directory --out DIR --check [--catalogue DIR]

    Generating writes DIR/<STATE>.jsonl, one authority per line, as the JSON
    form of imi_authority_t (protocol/imi_body_directory.h):
        {"id":"de-0001","names":[{"lang":"de","text":"..."},...],"acronym":"...",
         "address":"...","postcode":"...","city":"...",
         "contacts":[{"kind":"email","value":"..."},...],
         "competences":[{"legal_area":"...","procedures":["..."],
                         "keywords":[{"lang":"de","text":"..."},...]},...]}
    Every key is always present (acronym may be ""). The first name is in
    the authority's own language; most authorities also have an English name.

    How the data is made. Each state (the 27 EU states plus IS, LI and NO;
    Greece is EL) has a table of real place names with their postcodes, and a
    table of authority templates in its own language(s): the kind of body
    (ministry, chamber of physicians, labour inspectorate, registry office),
    its names per language with placeholders for the place, its acronym, its
    keywords and its legal areas. A template is national (one authority), or
    made once per city or once per region. The state's (template, place)
    pairs are shuffled and the first ones taken, national bodies first, so
    names do not repeat until a state's pairs run out (reported at the end).
    Procedures of each legal area are drawn from the catalogue at run time
    (--catalogue, default the source tree's data/catalogue), so the data follows the
    catalogue; a template naming a legal area the catalogue lacks is an error.

    Counts: --count is shared among the chosen states in proportion to
    population (2023), at least 5 each, largest remainders rounding up. The
    output lists per state how many distinct (template, place) pairs its data
    offers; a state asked for more repeats names, counted in the summary.

    Determinism: one splitmix64 stream per state, seeded from --seed and the
    state code, so the same seed gives the same file for a state whichever
    other states are generated with it.

    Limits: every field stays within the IMI_DIRECTORY_* limits by
    construction (names are short templates). --check re-reads every *.jsonl
    in DIR with jansson and verifies those rules itself (lengths, language
    tags, id characters, non-empty texts, contact kinds, catalogue codes and
    procedure areas, unknown keys), printing "file:line: reason"; it does not
    use imi_authority_validate, which lives in another change.

    --fixtures writes DIR/fixtures.jsonl: see s_fixtures below.

    Exit: 0 success, 1 usage or error (reason on stderr), 2 --check found
    invalid records.
*/
#include "imi_body_directory.h"
#include "imi_catalogue.h"
#include "imi_error.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define S_EXIT_OK           0
#define S_EXIT_ERROR        1
#define S_EXIT_INVALID      2
#define S_MINIMUM_PER_STATE 5
#define S_ENGLISH_PERCENT   85          //  authorities with an English name
#define S_WEB_PERCENT       60          //  authorities listing a web site
#define S_FIELDS_MAX        16          //  parts of a data string split at a separator
#define S_TEXT_MAX          512

//  ---------------------------------------------------------------------------
//  Data: places, templates, streets, states

/*  A place: "name;form;english;postcode;lang;seat"; trailing parts may be
    left out. A leading '*' makes it a region (its authorities sit in seat).
        form     the name as templates of its language need it after a
                 preposition or in a case: fr "de l'Hérault", pl "w Łodzi",
                 cs "Brna" (genitive); default: name
        english  the English (or Latin-script) name; default: name
        lang     the language of the place in a multilingual state; default:
                 the state's first language; "-" for a capital that hosts
                 national bodies only (its local bodies have other names)
    A template: "scope|names|acronym|keywords|areas".
        scope    n national, c once per city, r once per region
        names    lang=text;lang=text  (first is the body's own language)
                 placeholders: {c} place name, {f} form, {e} English name,
                 {C} first letter of the place name (for acronyms)
        keywords lang=word,word;lang=word  (go to the first competence)
        areas    legal area codes, comma-separated
*/
typedef struct {
    const char *code;               //  ISO 3166 alpha-2, EL for Greece
    double population;              //  millions, 2023
    const char *languages;          //  comma-separated, own language first
    const char *calling_code;       //  "49"
    const char *phone;              //  shape of the national number, # = digit
    const char *tld;                //  country top-level domain
    const char *const *places;
    const char *const *templates;
} s_state_t;

typedef struct {
    const char *key;                //  "lang" or "STATE-lang"
    const char *mailbox;            //  local part of the e-mail address
    const char *streets;            //  street shapes, ';'-separated, {n} = number
} s_streets_t;

#include "imi_gen_directory_data.h"

//  ---------------------------------------------------------------------------
//  Deterministic random numbers: splitmix64

typedef struct {
    uint64_t state;
} s_random_t;

static uint64_t
s_random_next (s_random_t *random)
{
    uint64_t value = (random->state += 0x9E3779B97F4A7C15ULL);
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
}

//  Uniform in 0 .. limit - 1 (limit >= 1; the bias is negligible here).
static size_t
s_random_below (s_random_t *random, size_t limit)
{
    return (size_t) (s_random_next (random) % limit);
}

static bool
s_random_percent (s_random_t *random, unsigned percent)
{
    return s_random_below (random, 100) < percent;
}

//  ---------------------------------------------------------------------------
//  Small string helpers

//  Split text (modified in place) at separator into at most S_FIELDS_MAX
//  parts. Returns the number of parts.
static size_t
s_split (char *text, char separator, char **parts)
{
    size_t count = 0;
    while (count < S_FIELDS_MAX) {
        parts [count++] = text;
        char *next = strchr (text, separator);
        if (!next)
            break;
        *next = 0;
        text = next + 1;
    }
    return count;
}

//  Bytes of the UTF-8 character at text.
static size_t
s_utf8_length (const char *text)
{
    unsigned char byte = (unsigned char) *text;
    return byte < 0x80? 1: byte < 0xE0? 2: byte < 0xF0? 3: 4;
}

//  Latin letters with diacritics and their ASCII spelling, for e-mail and
//  web addresses ("Ärztekammer" -> "aerztekammer").
static const char *const s_folding [] = {
    "ä", "ae", "Ä", "ae", "ö", "oe", "Ö", "oe", "ü", "ue", "Ü", "ue", "ß", "ss",
    "å", "aa", "Å", "aa", "æ", "ae", "Æ", "ae", "ø", "oe", "Ø", "oe", "þ", "th", "Þ", "th",
    "ð", "d", "Ð", "d", "é", "e", "É", "e", "è", "e", "ê", "e", "ë", "e", "ě", "e", "ę", "e",
    "ė", "e", "ē", "e", "á", "a", "Á", "a", "à", "a", "â", "a", "ã", "a", "ă", "a", "ą", "a",
    "ā", "a", "í", "i", "Í", "i", "ì", "i", "î", "i", "ï", "i", "ī", "i", "į", "i", "ó", "o",
    "Ó", "o", "ò", "o", "ô", "o", "õ", "o", "ő", "o", "ú", "u", "Ú", "u", "ù", "u", "û", "u",
    "ů", "u", "ű", "u", "ū", "u", "ų", "u", "ç", "c", "č", "c", "Č", "c", "ć", "c", "ċ", "c",
    "ł", "l", "Ł", "l", "ľ", "l", "ļ", "l", "ĺ", "l", "ń", "n", "ň", "n", "ñ", "n", "ņ", "n",
    "ś", "s", "Ś", "s", "š", "s", "Š", "s", "ş", "s", "ș", "s", "Ș", "s", "ź", "z", "ż", "z",
    "Ż", "z", "ž", "z", "Ž", "z", "ř", "r", "Ř", "r", "ď", "d", "đ", "d", "Đ", "d", "ť", "t",
    "ţ", "t", "ț", "t", "ý", "y", "ġ", "g", "Ġ", "g", "ģ", "g", "ħ", "h", "Ħ", "h", "ķ", "k",
    NULL
};

//  Lower-case ASCII letters and digits of text, diacritics folded, other
//  characters dropped, at most size - 1 bytes. Returns out.
static char *
s_fold (const char *text, char *out, size_t size)
{
    size_t used = 0;
    while (*text && used + 3 < size) {
        size_t length = s_utf8_length (text);
        if (length == 1) {
            char letter = *text;
            if (letter >= 'A' && letter <= 'Z')
                letter = (char) (letter - 'A' + 'a');
            if ((letter >= 'a' && letter <= 'z') || (letter >= '0' && letter <= '9'))
                out [used++] = letter;
        }
        else
            for (const char *const *pair = s_folding; *pair; pair += 2)
                if (strncmp (text, pair [0], length) == 0 && strlen (pair [0]) == length) {
                    used += (size_t) snprintf (out + used, size - used, "%s", pair [1]);
                    break;
                }
        text += strnlen (text, length);
    }
    out [used] = 0;
    return out;
}

//  ---------------------------------------------------------------------------
//  Places and templates, parsed from the data strings

typedef struct {
    bool region;
    char *name;
    char *form;
    char *english;
    char *postcode;
    char *lang;
    char *seat;
    char *text;                     //  owns the strings above
} s_place_t;

typedef struct {
    char scope;                     //  'n', 'c' or 'r'
    char *names [S_FIELDS_MAX];     //  "lang=pattern"
    size_t name_count;
    char *acronym;
    char *keywords [S_FIELDS_MAX];  //  "lang=word,word"
    size_t keyword_count;
    char *areas [S_FIELDS_MAX];
    size_t area_count;
    char lang [4];                  //  language of the first name
    char *text;                     //  owns the strings above
} s_template_t;

static int
s_place_parse (s_place_t *place, const char *spec, const char *state_lang)
{
    memset (place, 0, sizeof *place);
    place->region = spec [0] == '*';
    place->text = strdup (spec + place->region);
    if (!place->text)
        return imi_error_set ("out of memory");
    char *parts [S_FIELDS_MAX];
    size_t count = s_split (place->text, ';', parts);
    place->name = parts [0];
    place->form = count > 1 && *parts [1]? parts [1]: place->name;
    place->english = count > 2 && *parts [2]? parts [2]: place->name;
    place->postcode = count > 3? parts [3]: "";
    place->lang = count > 4 && *parts [4]? parts [4]: (char *) state_lang;
    place->seat = count > 5 && *parts [5]? parts [5]: place->name;
    if (!*place->name || !*place->postcode)
        return imi_error_set ("place '%s': needs a name and a postcode", spec);
    return 0;
}

static int
s_template_parse (s_template_t *template, const char *spec)
{
    memset (template, 0, sizeof *template);
    template->text = strdup (spec);
    if (!template->text)
        return imi_error_set ("out of memory");
    char *parts [S_FIELDS_MAX];
    if (s_split (template->text, '|', parts) != 5 || strlen (parts [0]) != 1
    ||  !strchr ("ncr", parts [0][0]))
        return imi_error_set ("template '%.60s': expected scope|names|acronym|keywords|areas",
                              spec);
    template->scope = parts [0][0];
    template->name_count = s_split (parts [1], ';', template->names);
    template->acronym = parts [2];
    template->keyword_count = *parts [3]? s_split (parts [3], ';', template->keywords): 0;
    template->area_count = s_split (parts [4], ',', template->areas);
    const char *equals = strchr (template->names [0], '=');
    if (!equals || equals - template->names [0] > 3)
        return imi_error_set ("template '%.60s': names must be lang=text", spec);
    snprintf (template->lang, sizeof template->lang, "%.*s",
              (int) (equals - template->names [0]), template->names [0]);
    return 0;
}

//  Expand a pattern's placeholders for place (NULL for national bodies).
static void
s_expand (const char *pattern, const s_place_t *place, char *out, size_t size)
{
    size_t used = 0;
    out [0] = 0;
    while (*pattern && used + 1 < size) {
        const char *value = NULL;
        size_t value_length = 0;
        if (place && pattern [0] == '{' && pattern [1] && pattern [2] == '}') {
            switch (pattern [1]) {
                case 'c': value = place->name; break;
                case 'f': value = place->form; break;
                case 'e': value = place->english; break;
                case 'C': value = place->name; value_length = s_utf8_length (value); break;
            }
        }
        if (value) {
            if (!value_length)
                value_length = strlen (value);
            used += (size_t) snprintf (out + used, size - used, "%.*s", (int) value_length, value);
            pattern += 3;
        }
        else
            out [used++] = *pattern++;
        out [used < size? used: size - 1] = 0;
    }
}

//  ---------------------------------------------------------------------------
//  Building one authority as JSON

typedef struct {
    imi_catalogue_t *catalogue;
    const s_state_t *state;
    char languages [8][4];          //  the state's languages
    size_t language_count;
    s_place_t *places;
    size_t place_count;
    s_template_t *templates;
    size_t template_count;
    s_random_t random;
} s_generator_t;

static bool
s_state_speaks (const s_generator_t *self, const char *lang)
{
    for (size_t index = 0; index < self->language_count; index++)
        if (strcmp (self->languages [index], lang) == 0)
            return true;
    return false;
}

static json_t *
s_text (const char *lang, const char *text)
{
    return json_pack ("{s:s, s:s}", "lang", lang, "text", text);
}

//  Street shapes for lang in this state.
static const s_streets_t *
s_streets (const s_generator_t *self, const char *lang)
{
    char key [16];
    snprintf (key, sizeof key, "%s-%s", self->state->code, lang);
    for (const s_streets_t *streets = s_streets_table; streets->key; streets++)
        if (strcmp (streets->key, key) == 0)
            return streets;
    for (const s_streets_t *streets = s_streets_table; streets->key; streets++)
        if (strcmp (streets->key, lang) == 0)
            return streets;
    return NULL;
}

//  An address in the body's own language.
static void
s_address (s_generator_t *self, const char *lang, char *out, size_t size)
{
    const s_streets_t *streets = s_streets (self, lang);
    char shapes [S_TEXT_MAX];
    snprintf (shapes, sizeof shapes, "%s", streets->streets);
    char *parts [S_FIELDS_MAX];
    size_t count = s_split (shapes, ';', parts);
    const char *shape = parts [s_random_below (&self->random, count)];
    char number [8];
    snprintf (number, sizeof number, "%zu", 1 + s_random_below (&self->random, 120));
    const char *mark = strstr (shape, "{n}");
    snprintf (out, size, "%.*s%s%s", (int) (mark - shape), shape, number, mark + 3);
}

//  Postcode near the place's own: five-digit codes vary in the last two
//  digits, as the offices of one city do; others are kept.
static void
s_postcode (s_generator_t *self, const char *base, char *out, size_t size)
{
    if (strlen (base) == 5 && strspn (base, "0123456789") == 5)
        snprintf (out, size, "%.3s%02zu", base, 1 + s_random_below (&self->random, 98));
    else
        snprintf (out, size, "%s", base);
}

static void
s_phone (s_generator_t *self, char *out, size_t size)
{
    size_t used = (size_t) snprintf (out, size, "+%s ", self->state->calling_code);
    for (const char *shape = self->state->phone; *shape && used + 1 < size; shape++)
        out [used++] = *shape == '#'? (char) ('0' + s_random_below (&self->random, 10)): *shape;
    out [used] = 0;
}

//  Keywords of a template in the languages the authority uses.
static json_t *
s_keywords (const s_generator_t *self, const s_template_t *template)
{
    json_t *keywords = json_array ();
    for (size_t index = 0; index < template->keyword_count; index++) {
        char entry [S_TEXT_MAX];
        snprintf (entry, sizeof entry, "%s", template->keywords [index]);
        char *equals = strchr (entry, '=');
        if (!equals)
            continue;
        *equals = 0;
        if (strcmp (entry, "en") != 0 && !s_state_speaks (self, entry))
            continue;
        char *words [S_FIELDS_MAX];
        size_t count = s_split (equals + 1, ',', words);
        for (size_t word = 0; word < count; word++)
            json_array_append_new (keywords, s_text (entry, words [word]));
    }
    return keywords;
}

//  Competences: each legal area of the template with a random non-empty
//  subset of its procedures (catalogue order), keywords on the first.
static json_t *
s_competences (s_generator_t *self, const s_template_t *template)
{
    json_t *competences = json_array ();
    for (size_t area = 0; area < template->area_count; area++) {
        const char *code = template->areas [area];
        json_t *procedures = json_array ();
        //  The first procedure of an area (its information request, where
        //  it has one) always; each other one with even odds.
        size_t seen = 0;
        for (size_t index = 0; index < imi_catalogue_procedure_count (self->catalogue); index++) {
            const char *procedure = imi_catalogue_procedure_at (self->catalogue, index);
            if (strcmp (imi_catalogue_procedure_area (self->catalogue, procedure), code) != 0)
                continue;
            if (seen++ == 0 || s_random_percent (&self->random, 50))
                json_array_append_new (procedures, json_string (procedure));
        }
        json_t *keywords = area == 0? s_keywords (self, template): json_array ();
        json_array_append_new (competences, json_pack ("{s:s, s:o, s:o}", "legal_area", code,
                                                       "procedures", procedures,
                                                       "keywords", keywords));
    }
    return competences;
}

//  The authority made from template at place (NULL: national, sits in the
//  state's first place).
static json_t *
s_authority (s_generator_t *self, size_t number, const s_template_t *template,
             const s_place_t *place)
{
    const s_place_t *where = place? place: &self->places [0];
    bool english = s_state_speaks (self, "en")
                || s_random_percent (&self->random, S_ENGLISH_PERCENT);
    json_t *names = json_array ();
    for (size_t index = 0; index < template->name_count; index++) {
        char lang [4];
        const char *equals = strchr (template->names [index], '=');
        snprintf (lang, sizeof lang, "%.*s", (int) (equals - template->names [index]),
                  template->names [index]);
        if (strcmp (lang, "en") == 0? !english: !s_state_speaks (self, lang))
            continue;
        char text [S_TEXT_MAX];
        s_expand (equals + 1, place, text, sizeof text);
        json_array_append_new (names, s_text (lang, text));
    }
    char id [IMI_DIRECTORY_ID_MAX + 1], acronym [S_TEXT_MAX], address [S_TEXT_MAX];
    char postcode [32], phone [64], slug [64], email [160], web [160];
    snprintf (id, sizeof id, "%c%c-%04zu", self->state->code [0] + 'a' - 'A',
              self->state->code [1] + 'a' - 'A', number);
    s_expand (template->acronym, place, acronym, sizeof acronym);
    s_address (self, template->lang, address, sizeof address);
    s_postcode (self, where->postcode, postcode, sizeof postcode);
    s_phone (self, phone, sizeof phone);
    //  Addresses from the acronym, and the place for local bodies (Greek
    //  and Cyrillic acronyms fold to nothing; their places have a Latin name).
    s_fold (acronym, slug, sizeof slug);
    if (!*slug || place) {
        char place_slug [32];
        s_fold (where->english, place_slug, sizeof place_slug);
        size_t used = strlen (slug);
        snprintf (slug + used, sizeof slug - used, "%s%s", used? "-": "", place_slug);
    }
    const s_streets_t *streets = s_streets (self, template->lang);
    snprintf (email, sizeof email, "%s@%s.example.%s", streets->mailbox, slug, self->state->tld);
    snprintf (web, sizeof web, "https://www.%s.example.%s", slug, self->state->tld);
    json_t *contacts = json_pack ("[{s:s, s:s}, {s:s, s:s}]", "kind", "email", "value", email,
                                  "kind", "phone", "value", phone);
    if (s_random_percent (&self->random, S_WEB_PERCENT))
        json_array_append_new (contacts, json_pack ("{s:s, s:s}", "kind", "web", "value", web));
    return json_pack ("{s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o}",
                      "id", id, "names", names, "acronym", acronym, "address", address,
                      "postcode", postcode, "city", where->seat,
                      "contacts", contacts, "competences", s_competences (self, template));
}

//  ---------------------------------------------------------------------------
//  Generating a state's file

typedef struct {
    size_t template;                //  index in templates
    size_t place;                   //  index in places, SIZE_MAX for national bodies
} s_pair_t;

static void
s_generator_free (s_generator_t *self)
{
    for (size_t index = 0; index < self->place_count; index++)
        free (self->places [index].text);
    for (size_t index = 0; index < self->template_count; index++)
        free (self->templates [index].text);
    free (self->places);
    free (self->templates);
}

//  Parse a state's data and check it against the catalogue. 0 or -1.
static int
s_generator_init (s_generator_t *self, imi_catalogue_t *catalogue, const s_state_t *state,
                  uint64_t seed)
{
    memset (self, 0, sizeof *self);
    self->catalogue = catalogue;
    self->state = state;
    char languages [64];
    snprintf (languages, sizeof languages, "%s", state->languages);
    char *parts [S_FIELDS_MAX];
    size_t count = s_split (languages, ',', parts);
    for (size_t index = 0; index < count && index < 8; index++)
        snprintf (self->languages [self->language_count++], 4, "%s", parts [index]);
    while (state->places [self->place_count])
        self->place_count++;
    while (state->templates [self->template_count])
        self->template_count++;
    self->places = calloc (self->place_count, sizeof *self->places);
    self->templates = calloc (self->template_count, sizeof *self->templates);
    if (!self->places || !self->templates)
        return imi_error_set ("out of memory");
    for (size_t index = 0; index < self->place_count; index++)
        if (s_place_parse (&self->places [index], state->places [index], self->languages [0]))
            return imi_error_wrap ("%s", state->code);
    if (self->places [0].region)
        return imi_error_set ("%s: the first place (the capital) must be a city", state->code);
    for (size_t index = 0; index < self->template_count; index++) {
        s_template_t *template = &self->templates [index];
        if (s_template_parse (template, state->templates [index]))
            return imi_error_wrap ("%s", state->code);
        if (!s_state_speaks (self, template->lang) || !s_streets (self, template->lang))
            return imi_error_set ("%s: template '%.60s' is in '%s', not a language of the "
                                  "state with streets", state->code, state->templates [index],
                                  template->lang);
        for (size_t area = 0; area < template->area_count; area++)
            if (!imi_catalogue_has_area (catalogue, template->areas [area]))
                return imi_error_set ("%s: template '%.60s' names legal area '%s', which the "
                                      "catalogue does not have", state->code,
                                      state->templates [index], template->areas [area]);
    }
    //  One stream per state: the seed and the state code, mixed.
    self->random.state = seed;
    for (const char *letter = state->code; *letter; letter++)
        self->random.state = self->random.state * 31 + (uint64_t) *letter;
    s_random_next (&self->random);
    return 0;
}

//  Every (template, place) pair: national bodies first in template order,
//  then local ones shuffled. Caller frees.
static s_pair_t *
s_pairs (s_generator_t *self, size_t *count)
{
    size_t total = 0;
    for (size_t pass = 0; pass < 2; pass++) {
        s_pair_t *pairs = pass? calloc (total? total: 1, sizeof *pairs): NULL;
        if (pass && !pairs)
            return NULL;
        size_t used = 0;
        for (size_t index = 0; index < self->template_count; index++)
            if (self->templates [index].scope == 'n') {
                if (pass)
                    pairs [used] = (s_pair_t) { index, SIZE_MAX };
                used++;
            }
        size_t national = used;
        for (size_t index = 0; index < self->template_count; index++) {
            const s_template_t *template = &self->templates [index];
            for (size_t place = 0; place < self->place_count && template->scope != 'n'; place++) {
                const s_place_t *where = &self->places [place];
                if (where->region != (template->scope == 'r')
                ||  strcmp (where->lang, template->lang) != 0)
                    continue;
                if (pass)
                    pairs [used] = (s_pair_t) { index, place };
                used++;
            }
        }
        if (pass) {
            for (size_t index = used? used - 1: 0; index > national; index--) {
                size_t other = national + s_random_below (&self->random, index - national + 1);
                s_pair_t swap = pairs [index];
                pairs [index] = pairs [other];
                pairs [other] = swap;
            }
            *count = used;
            return pairs;
        }
        total = used;
    }
    return NULL;
}

//  Write count authorities of state to dir/<STATE>.jsonl. Sets *distinct to
//  the number of (template, place) pairs the state's data offers: beyond it,
//  names repeat. 0 or -1.
static int
s_generate_state (imi_catalogue_t *catalogue, const s_state_t *state, uint64_t seed,
                  size_t count, const char *dir, size_t *distinct)
{
    s_generator_t generator;
    int rc = s_generator_init (&generator, catalogue, state, seed);
    size_t pair_count = 0;
    s_pair_t *pairs = rc? NULL: s_pairs (&generator, &pair_count);
    if (!rc && !pairs)
        rc = imi_error_set ("out of memory");
    if (!rc && pair_count == 0)
        rc = imi_error_set ("%s: no templates match its places", state->code);
    char path [4096];
    snprintf (path, sizeof path, "%s/%s.jsonl", dir, state->code);
    FILE *file = rc? NULL: fopen (path, "w");
    if (!rc && !file)
        rc = imi_error_set ("cannot create %s: %s", path, strerror (errno));
    *distinct = pair_count;
    for (size_t index = 0; !rc && index < count; index++) {
        const s_pair_t *pair = &pairs [index % pair_count];
        json_t *authority = s_authority (&generator, index + 1,
                                         &generator.templates [pair->template],
                                         pair->place == SIZE_MAX? NULL:
                                         &generator.places [pair->place]);
        if (!authority || json_dumpf (authority, file, JSON_COMPACT) || fputc ('\n', file) == EOF)
            rc = imi_error_set ("cannot write %s", path);
        json_decref (authority);
    }
    if (file && fclose (file) && !rc)
        rc = imi_error_set ("cannot write %s: %s", path, strerror (errno));
    free (pairs);
    s_generator_free (&generator);
    return rc;
}

//  Share total among the chosen states by population, at least
//  S_MINIMUM_PER_STATE each, largest remainders rounding up.
static int
s_shares (const s_state_t **states, size_t state_count, size_t total, size_t *shares)
{
    if (total < state_count * S_MINIMUM_PER_STATE)
        return imi_error_set ("--count %zu is less than %d per state", total,
                              S_MINIMUM_PER_STATE);
    bool fixed [64] = { false };
    size_t left = total;
    for (bool changed = true; changed; ) {
        changed = false;
        double weight = 0;
        for (size_t index = 0; index < state_count; index++)
            if (!fixed [index])
                weight += states [index]->population;
        for (size_t index = 0; index < state_count; index++)
            if (!fixed [index]
            &&  left * states [index]->population / weight < S_MINIMUM_PER_STATE) {
                fixed [index] = changed = true;
                shares [index] = S_MINIMUM_PER_STATE;
                left -= S_MINIMUM_PER_STATE;
            }
    }
    double weight = 0;
    for (size_t index = 0; index < state_count; index++)
        if (!fixed [index])
            weight += states [index]->population;
    double remainder [64] = { 0 };
    size_t given = 0;
    for (size_t index = 0; index < state_count; index++)
        if (!fixed [index]) {
            double exact = left * states [index]->population / weight;
            shares [index] = (size_t) exact;
            remainder [index] = exact - (double) shares [index];
            given += shares [index];
        }
    for (; given < left; given++) {
        size_t best = SIZE_MAX;
        for (size_t index = 0; index < state_count; index++)
            if (!fixed [index] && (best == SIZE_MAX || remainder [index] > remainder [best]))
                best = index;
        shares [best]++;
        remainder [best] = -1;
    }
    return 0;
}

static const s_state_t *
s_state_find (const char *code)
{
    for (const s_state_t *state = s_states; state->code; state++)
        if (strcmp (state->code, code) == 0)
            return state;
    return NULL;
}

//  ---------------------------------------------------------------------------
//  --check: the rules of imi_body_directory.h, verified on the JSON

typedef struct {
    imi_catalogue_t *catalogue;
    const char *file;               //  for messages
    size_t line;
    size_t errors;                  //  records found invalid
    char reason [S_TEXT_MAX];       //  first problem of the current record
} s_checker_t;

//  Note the first problem of the current record; returns false.
static bool
s_fail (s_checker_t *self, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static bool
s_fail (s_checker_t *self, const char *format, ...)
{
    if (!*self->reason) {
        va_list args;
        va_start (args, format);
        vsnprintf (self->reason, sizeof self->reason, format, args);
        va_end (args);
    }
    return false;
}

//  True if value is a string of at most maximum bytes without control
//  characters, and (if required) not empty or blank. jansson has already
//  checked that it is UTF-8 without NUL.
static bool
s_check_text (s_checker_t *self, json_t *value, const char *field, size_t maximum,
              bool required)
{
    if (!json_is_string (value))
        return s_fail (self, "%s: missing or not a string", field);
    const char *text = json_string_value (value);
    size_t length = json_string_length (value);
    if (length > maximum)
        return s_fail (self, "%s: %zu bytes, at most %zu", field, length, maximum);
    for (size_t index = 0; index < length; index++)
        if ((unsigned char) text [index] < 0x20 || text [index] == 0x7F)
            return s_fail (self, "%s: control character", field);
    if (required && strspn (text, " ") == length)
        return s_fail (self, "%s: empty or blank", field);
    return true;
}

static bool
s_check_code (s_checker_t *self, json_t *value, const char *field)
{
    if (!s_check_text (self, value, field, IMI_DIRECTORY_CODE_MAX, true))
        return false;
    const char *code = json_string_value (value);
    if (strspn (code, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen (code))
        return s_fail (self, "%s: '%s' is not 1..64 of [a-z0-9._-]", field, code);
    return true;
}

//  Only the keys listed (NULL-terminated) are allowed in object.
static bool
s_check_keys (s_checker_t *self, json_t *object, const char *field, const char *const *keys)
{
    if (!json_is_object (object))
        return s_fail (self, "%s: not an object", field);
    const char *key;
    json_t *value;
    json_object_foreach (object, key, value) {
        const char *const *scan = keys;
        while (*scan && strcmp (*scan, key) != 0)
            scan++;
        if (!*scan)
            return s_fail (self, "%s: unknown key '%s'", field, key);
    }
    return true;
}

//  An array of {lang, text} of 0..maximum (1..maximum if required) items.
static bool
s_check_texts (s_checker_t *self, json_t *array, const char *field, size_t maximum,
               size_t text_maximum, bool required)
{
    static const char *const keys [] = { "lang", "text", NULL };
    if (!json_is_array (array))
        return s_fail (self, "%s: missing or not an array", field);
    if (json_array_size (array) > maximum || (required && json_array_size (array) == 0))
        return s_fail (self, "%s: %zu items, %s..%zu allowed", field, json_array_size (array),
                       required? "1": "0", maximum);
    size_t index;
    json_t *item;
    json_array_foreach (array, index, item) {
        char name [64];
        snprintf (name, sizeof name, "%s[%zu]", field, index);
        if (!s_check_keys (self, item, name, keys)
        ||  !s_check_text (self, json_object_get (item, "text"), name, text_maximum, true)
        ||  !s_check_text (self, json_object_get (item, "lang"), name, 3, true))
            return false;
        const char *lang = json_string_value (json_object_get (item, "lang"));
        size_t length = strlen (lang);
        if (length < 2 || strspn (lang, "abcdefghijklmnopqrstuvwxyz") != length)
            return s_fail (self, "%s: lang '%s' is not 2 or 3 lower-case letters", name, lang);
    }
    return true;
}

static bool
s_check_competence (s_checker_t *self, json_t *competence, size_t number)
{
    static const char *const keys [] = { "legal_area", "procedures", "keywords", NULL };
    char field [64];
    snprintf (field, sizeof field, "competences[%zu]", number);
    if (!s_check_keys (self, competence, field, keys)
    ||  !s_check_code (self, json_object_get (competence, "legal_area"), field))
        return false;
    const char *area = json_string_value (json_object_get (competence, "legal_area"));
    if (!imi_catalogue_has_area (self->catalogue, area))
        return s_fail (self, "%s: legal area '%s' is not in the catalogue", field, area);
    json_t *procedures = json_object_get (competence, "procedures");
    if (!json_is_array (procedures) || json_array_size (procedures) > IMI_DIRECTORY_PROCEDURES_MAX)
        return s_fail (self, "%s: procedures: not an array of at most %d", field,
                       IMI_DIRECTORY_PROCEDURES_MAX);
    size_t index;
    json_t *procedure;
    json_array_foreach (procedures, index, procedure) {
        if (!s_check_code (self, procedure, field))
            return false;
        const char *code = json_string_value (procedure);
        const char *owner = imi_catalogue_procedure_area (self->catalogue, code);
        if (!owner)
            return s_fail (self, "%s: procedure '%s' is not in the catalogue", field, code);
        if (strcmp (owner, area) != 0)
            return s_fail (self, "%s: procedure '%s' belongs to '%s', not '%s'", field, code,
                           owner, area);
    }
    snprintf (field, sizeof field, "competences[%zu].keywords", number);
    return s_check_texts (self, json_object_get (competence, "keywords"), field,
                          IMI_DIRECTORY_KEYWORDS_MAX, IMI_DIRECTORY_KEYWORD_MAX, false);
}

//  One record; ids holds the ids seen so far in the file.
static bool
s_check_record (s_checker_t *self, json_t *record, json_t *ids)
{
    static const char *const keys [] = {
        "id", "names", "acronym", "address", "postcode", "city", "contacts", "competences",
        "state", NULL
    };
    static const char *const contact_keys [] = { "kind", "value", NULL };
    if (!s_check_keys (self, record, "record", keys)
    ||  !s_check_code (self, json_object_get (record, "id"), "id")
    ||  !s_check_texts (self, json_object_get (record, "names"), "names",
                        IMI_DIRECTORY_NAMES_MAX, IMI_DIRECTORY_NAME_MAX, true)
    ||  !s_check_text (self, json_object_get (record, "acronym"), "acronym",
                       IMI_DIRECTORY_ACRONYM_MAX, false)
    ||  !s_check_text (self, json_object_get (record, "address"), "address",
                       IMI_DIRECTORY_ADDRESS_MAX, false)
    ||  !s_check_text (self, json_object_get (record, "postcode"), "postcode",
                       IMI_DIRECTORY_POSTCODE_MAX, false)
    ||  !s_check_text (self, json_object_get (record, "city"), "city",
                       IMI_DIRECTORY_CITY_MAX, false))
        return false;
    const char *id = json_string_value (json_object_get (record, "id"));
    if (json_object_get (ids, id))
        return s_fail (self, "id '%s' appears twice", id);
    json_object_set_new (ids, id, json_true ());
    json_t *state = json_object_get (record, "state");
    if (state && (!json_is_string (state) || json_string_length (state) != 2
              ||  strspn (json_string_value (state), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2))
        return s_fail (self, "state: not two capital letters");
    json_t *contacts = json_object_get (record, "contacts");
    if (!json_is_array (contacts) || json_array_size (contacts) > IMI_DIRECTORY_CONTACTS_MAX)
        return s_fail (self, "contacts: not an array of at most %d", IMI_DIRECTORY_CONTACTS_MAX);
    size_t index;
    json_t *item;
    json_array_foreach (contacts, index, item) {
        if (!s_check_keys (self, item, "contacts", contact_keys)
        ||  !s_check_text (self, json_object_get (item, "value"), "contacts.value",
                           IMI_DIRECTORY_CONTACT_MAX, true)
        ||  !s_check_text (self, json_object_get (item, "kind"), "contacts.kind", 7, true))
            return false;
        const char *kind = json_string_value (json_object_get (item, "kind"));
        if (strcmp (kind, "email") && strcmp (kind, "phone") && strcmp (kind, "fax")
        &&  strcmp (kind, "web"))
            return s_fail (self, "contacts: kind '%s' is not email, phone, fax or web", kind);
    }
    json_t *competences = json_object_get (record, "competences");
    if (!json_is_array (competences)
    ||  json_array_size (competences) > IMI_DIRECTORY_COMPETENCES_MAX)
        return s_fail (self, "competences: not an array of at most %d",
                       IMI_DIRECTORY_COMPETENCES_MAX);
    json_array_foreach (competences, index, item)
        if (!s_check_competence (self, item, index))
            return false;
    return true;
}

//  Check one JSONL file; returns the number of records read, -1 on I/O error.
static long
s_check_file (s_checker_t *self, const char *path)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return imi_error_set ("cannot open %s: %s", path, strerror (errno));
    self->file = path;
    json_t *ids = json_object ();
    long records = 0;
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    for (self->line = 1; (length = getline (&line, &capacity, file)) != -1; self->line++) {
        self->reason [0] = 0;
        json_error_t error;
        json_t *record = json_loadb (line, (size_t) length, JSON_REJECT_DUPLICATES, &error);
        if (!record)
            s_fail (self, "not JSON: %s", error.text);
        else
            s_check_record (self, record, ids);
        json_decref (record);
        records++;
        if (*self->reason && self->errors++ < 20)
            fprintf (stderr, "%s:%zu: %s\n", path, self->line, self->reason);
    }
    free (line);
    json_decref (ids);
    fclose (file);
    return records;
}

static int
s_compare_strings (const void *left, const void *right)
{
    return strcmp (*(char *const *) left, *(char *const *) right);
}

//  Check every *.jsonl in dir. Exit code.
static int
s_check (imi_catalogue_t *catalogue, const char *dir)
{
    DIR *folder = opendir (dir);
    if (!folder) {
        fprintf (stderr, "cannot open %s: %s\n", dir, strerror (errno));
        return S_EXIT_ERROR;
    }
    char *names [256];
    size_t name_count = 0;
    struct dirent *entry;
    while ((entry = readdir (folder)) && name_count < 256) {
        size_t length = strlen (entry->d_name);
        if (length > 6 && strcmp (entry->d_name + length - 6, ".jsonl") == 0)
            names [name_count++] = strdup (entry->d_name);
    }
    closedir (folder);
    qsort (names, name_count, sizeof names [0], s_compare_strings);
    s_checker_t checker = { .catalogue = catalogue };
    long total = 0;
    int code = name_count? S_EXIT_OK: S_EXIT_ERROR;
    if (!name_count)
        fprintf (stderr, "no .jsonl files in %s\n", dir);
    for (size_t index = 0; index < name_count; index++) {
        char path [4096];
        snprintf (path, sizeof path, "%s/%s", dir, names [index]);
        long records = s_check_file (&checker, path);
        if (records < 0) {
            fprintf (stderr, "%s\n", imi_error_last ());
            code = S_EXIT_ERROR;
        }
        else
            total += records;
        free (names [index]);
    }
    printf ("checked %ld records in %zu files: %zu invalid\n", total, name_count,
            checker.errors);
    return code? code: checker.errors? S_EXIT_INVALID: S_EXIT_OK;
}

//  ---------------------------------------------------------------------------
//  --fixtures: DIR/fixtures.jsonl from s_fixtures (imi_gen_directory_data.h)
//
//  The fixtures are for search tests that must know the answer: about forty
//  hand-written authorities whose names have the shapes real ones have and
//  search must cope with. Umlauts, ß, ł, ø, þ and Greek script (found by their
//  folded spelling: "Arztekammer", "Lodz"); apostrophes (l'Hérault,
//  's-Hertogenbosch, L'Aquila), hyphens and parentheses (Baden-Württemberg,
//  Frankfurt (Oder)); a Catalan middle dot; one body with names in two or
//  three languages (Belgium, Luxembourg, Finland, Ireland), or an English
//  name sharing no word with the local one (Naczelna Izba Lekarska, Supreme
//  Medical Chamber); one name in two grammatical cases (Łódź, w Łodzi); the
//  same name in two states (Datatilsynet, DK and NO) for the state filter.
//  Competences are in professional qualifications, services, patients'
//  rights and posted workers (the areas of the performance indicators) with
//  a few others, so area and procedure filters have something to cut.
//  Each line carries its "state" (the file holds many states); ids are
//  meaningful ("pl-oil-lodz") so a test can name what it expects. The data
//  is fixed: change it only together with the tests that use it.

//  One fixture line as JSON: "STATE|id|names|acronym|address|postcode|city|
//  keywords|competences", competences "area=procedure+procedure,area=...".
static json_t *
s_fixture (imi_catalogue_t *catalogue, const char *spec, s_random_t *random)
{
    char text [2048];
    snprintf (text, sizeof text, "%s", spec);
    char *parts [S_FIELDS_MAX];
    if (s_split (text, '|', parts) != 9) {
        imi_error_set ("fixture '%.60s': expected 9 fields", spec);
        return NULL;
    }
    const s_state_t *state = s_state_find (parts [0]);
    if (!state) {
        imi_error_set ("fixture '%.60s': unknown state", spec);
        return NULL;
    }
    //  Every "lang=text" and "area=codes" item needs its '='.
    char *items [S_FIELDS_MAX];
    char *groups [] = { parts [2], parts [7], parts [8] };
    const char separators [] = { ';', ';', ',' };
    for (size_t group = 0; group < 3; group++) {
        char copy [2048];
        snprintf (copy, sizeof copy, "%s", groups [group]);
        size_t count = *copy? s_split (copy, separators [group], items): 0;
        for (size_t index = 0; index < count; index++)
            if (!strchr (items [index], '=')) {
                imi_error_set ("fixture '%.60s': '%s' has no '='", spec, items [index]);
                return NULL;
            }
    }
    json_t *names = json_array ();
    size_t count = s_split (parts [2], ';', items);
    for (size_t index = 0; index < count; index++) {
        char *equals = strchr (items [index], '=');
        *equals = 0;
        json_array_append_new (names, s_text (items [index], equals + 1));
    }
    json_t *keywords = json_array ();
    count = *parts [7]? s_split (parts [7], ';', items): 0;
    for (size_t index = 0; index < count; index++) {
        char *equals = strchr (items [index], '=');
        *equals = 0;
        char *words [S_FIELDS_MAX];
        size_t word_count = s_split (equals + 1, ',', words);
        for (size_t word = 0; word < word_count; word++)
            json_array_append_new (keywords, s_text (items [index], words [word]));
    }
    json_t *competences = json_array ();
    count = s_split (parts [8], ',', items);
    bool known = true;
    for (size_t index = 0; index < count; index++) {
        char *equals = strchr (items [index], '=');
        *equals = 0;
        json_t *procedures = json_array ();
        char *codes [S_FIELDS_MAX];
        size_t code_count = s_split (equals + 1, '+', codes);
        for (size_t code = 0; code < code_count; code++) {
            const char *area = imi_catalogue_procedure_area (catalogue, codes [code]);
            if (!area || strcmp (area, items [index]) != 0) {
                imi_error_set ("fixture '%.60s': '%s' is not a procedure of '%s' in the "
                               "catalogue", spec, codes [code], items [index]);
                known = false;
            }
            json_array_append_new (procedures, json_string (codes [code]));
        }
        json_array_append_new (competences, json_pack ("{s:s, s:o, s:o}",
                               "legal_area", items [index], "procedures", procedures,
                               "keywords", index == 0? json_incref (keywords): json_array ()));
    }
    if (!known) {
        json_decref (names);
        json_decref (keywords);
        json_decref (competences);
        return NULL;
    }
    json_decref (keywords);
    char email [160], phone [64];
    snprintf (email, sizeof email, "info@%s.example.%s", parts [1], state->tld);
    size_t used = (size_t) snprintf (phone, sizeof phone, "+%s ", state->calling_code);
    for (const char *shape = state->phone; *shape && used + 1 < sizeof phone; shape++)
        phone [used++] = *shape == '#'? (char) ('0' + s_random_below (random, 10)): *shape;
    phone [used] = 0;
    return json_pack ("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], s:o}",
                      "state", parts [0], "id", parts [1], "names", names, "acronym", parts [3],
                      "address", parts [4], "postcode", parts [5], "city", parts [6],
                      "contacts", "kind", "email", "value", email, "kind", "phone",
                      "value", phone, "competences", competences);
}

static int
s_write_fixtures (imi_catalogue_t *catalogue, const char *dir)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/fixtures.jsonl", dir);
    FILE *file = fopen (path, "w");
    if (!file)
        return imi_error_set ("cannot create %s: %s", path, strerror (errno));
    s_random_t random = { 1 };
    int rc = 0;
    size_t count = 0;
    for (const char *const *spec = s_fixtures; *spec && rc == 0; spec++, count++) {
        json_t *record = s_fixture (catalogue, *spec, &random);
        if (!record)
            rc = -1;
        else
        if (json_dumpf (record, file, JSON_COMPACT) || fputc ('\n', file) == EOF)
            rc = imi_error_set ("cannot write %s", path);
        json_decref (record);
    }
    if (fclose (file) && !rc)
        rc = imi_error_set ("cannot write %s", path);
    if (!rc)
        printf ("wrote %zu fixtures to %s\n", count, path);
    return rc;
}

//  ---------------------------------------------------------------------------

static void
s_usage (void)
{
    fprintf (stderr,
        "usage: imi_gen_directory --out DIR [--seed N] [--count N] [--states DE,FR,...]\n"
        "                         [--catalogue DIR]\n"
        "       imi_gen_directory --out DIR --fixtures [--catalogue DIR]\n"
        "       imi_gen_directory --out DIR --check [--catalogue DIR]\n");
}

int
main (int argc, char *argv [])
{
    static const struct option options [] = {
        { "seed", required_argument, NULL, 's' },
        { "count", required_argument, NULL, 'n' },
        { "out", required_argument, NULL, 'o' },
        { "states", required_argument, NULL, 'S' },
        { "catalogue", required_argument, NULL, 'c' },
        { "check", no_argument, NULL, 'k' },
        { "fixtures", no_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 }
    };
    uint64_t seed = 1;
    size_t total = 12500;
    const char *out = NULL, *states_list = NULL, *catalogue_dir = IMI_SOURCE_CATALOGUE_DIR;
    bool check = false, fixtures = false;
    int option;
    while ((option = getopt_long (argc, argv, "", options, NULL)) != -1) {
        char *end = NULL;
        switch (option) {
            case 's': seed = strtoull (optarg, &end, 10); break;
            case 'n': total = strtoull (optarg, &end, 10); break;
            case 'o': out = optarg; break;
            case 'S': states_list = optarg; break;
            case 'c': catalogue_dir = optarg; break;
            case 'k': check = true; break;
            case 'f': fixtures = true; break;
            default: s_usage (); return S_EXIT_ERROR;
        }
        if (end && (*end || end == optarg)) {
            fprintf (stderr, "not a number: %s\n", optarg);
            return S_EXIT_ERROR;
        }
    }
    if (!out || optind != argc || (check && fixtures)) {
        s_usage ();
        return S_EXIT_ERROR;
    }
    imi_catalogue_t *catalogue = imi_catalogue_load (catalogue_dir);
    if (!catalogue) {
        fprintf (stderr, "%s\n", imi_error_last ());
        return S_EXIT_ERROR;
    }
    if (check) {
        int code = s_check (catalogue, out);
        imi_catalogue_destroy (&catalogue);
        return code;
    }
    if (mkdir (out, 0755) && errno != EEXIST) {
        fprintf (stderr, "cannot create %s: %s\n", out, strerror (errno));
        imi_catalogue_destroy (&catalogue);
        return S_EXIT_ERROR;
    }
    int rc = 0;
    if (fixtures)
        rc = s_write_fixtures (catalogue, out);
    else {
        const s_state_t *states [64];
        size_t state_count = 0;
        if (states_list) {
            char list [256];
            snprintf (list, sizeof list, "%s", states_list);
            char *codes [S_FIELDS_MAX * 4];
            size_t count = 0;
            for (char *code = strtok (list, ","); code && count < 64; code = strtok (NULL, ","))
                codes [count++] = code;
            for (size_t index = 0; index < count && rc == 0; index++) {
                states [state_count] = s_state_find (codes [index]);
                if (!states [state_count++])
                    rc = imi_error_set ("unknown state '%s' (EU, IS, LI, NO; Greece is EL)",
                                        codes [index]);
            }
        }
        else
            for (const s_state_t *state = s_states; state->code; state++)
                states [state_count++] = state;
        size_t shares [64];
        if (rc == 0)
            rc = s_shares (states, state_count, total, shares);
        struct timespec start, end;
        clock_gettime (CLOCK_MONOTONIC, &start);
        size_t repeated_total = 0;
        if (rc == 0)
            printf ("state\tauthorities\tdistinct\tlanguages\n");
        for (size_t index = 0; index < state_count && rc == 0; index++) {
            size_t distinct;
            rc = s_generate_state (catalogue, states [index], seed, shares [index], out, &distinct);
            repeated_total += shares [index] > distinct? shares [index] - distinct: 0;
            if (rc == 0)
                printf ("%s\t%zu\t%zu\t%s\n", states [index]->code, shares [index], distinct,
                        states [index]->languages);
        }
        clock_gettime (CLOCK_MONOTONIC, &end);
        if (rc == 0)
            printf ("wrote %zu authorities of %zu states to %s in %.3f s (seed %llu); "
                    "%zu with a repeated name\n", total, state_count, out,
                    (double) (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9,
                    (unsigned long long) seed, repeated_total);
    }
    if (rc)
        fprintf (stderr, "%s\n", imi_error_last ());
    imi_catalogue_destroy (&catalogue);
    return rc? S_EXIT_ERROR: S_EXIT_OK;
}

/*  Unit test: imi_search on a real SQLite file with the real catalogue.

    The fixture is a small directory of real-world name shapes (umlauts,
    Polish ł, Norwegian ø, Icelandic æ, Greek, hyphens, apostrophes, names in
    two or three languages). The assertions are what a user relies on: the
    accent-free spelling finds the accented name, a prefix finds the word, a
    query in English or French finds a Polish or German authority, filters
    narrow, the name comes in the searcher's language, a name match ranks
    above a keyword match, nothing typed into the box is ever an error, and
    readers searching at once on their own connections get what one gets.
*/
#include "imi_error.h"
#include "imi_schema.h"
#include "imi_search.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *legal_area;
    const char *procedures [2];
    const char *keywords [2][2];                     //  { lang, text }
} s_competence_t;

typedef struct {
    const char *key;                                //  state:id
    const char *names [3][2];                       //  { lang, text }, first = own language
    const char *acronym;
    const char *city;
    s_competence_t competences [2];
} s_fixture_t;

static const s_fixture_t s_fixtures [] = {
    { "DE:aek-berlin", { { "de", "Ärztekammer Berlin" }, { "en", "Berlin Chamber of Physicians" } },
      "ÄKB", "Berlin", { { "professional-qualifications", { "pq-information-request" },
                           { { "de", "Arzt" }, { "en", "doctor" } } } } },
    { "DE:lageso", { { "de", "Landesamt für Gesundheit und Soziales" } },
      "LAGeSo", "Berlin", { { "patients-rights", { "patients-rights-information-request" },
                              { { "de", "Gesundheit" } } } } },
    { "DE:zab", { { "de", "Zentralstelle für ausländisches Bildungswesen" } },
      "ZAB", "Bonn", { { "professional-qualifications", { "" },
                         { { "de", "Ärztekammer" }, { "de", "Anerkennung" } } } } },
    { "DE:lak-bw", { { "de", "Landesärztekammer Baden-Württemberg" } },
      "", "Stuttgart", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "DE:lsbv", { { "de", "Landesamt für Straßenbau und Verkehr" } },
      "", "Dresden", { { "road-transport", { "" }, { { NULL } } } } },
    { "FR:cnom", { { "fr", "Conseil national de l'Ordre des médecins" } },
      "CNOM", "Paris", { { "professional-qualifications", { "pq-information-request" },
                           { { "fr", "médecin" } } } } },
    { "PL:nil", { { "pl", "Naczelna Izba Lekarska" }, { "en", "Supreme Medical Chamber" } },
      "NIL", "Warszawa", { { "professional-qualifications", { "pq-information-request", "pq-alert" },
                             { { "pl", "lekarz" } } } } },
    { "PL:oil-lodz", { { "pl", "Okręgowa Izba Lekarska w Łodzi" } },
      "OIL", "Łódź", { { "professional-qualifications", { "pq-information-request" },
                         { { NULL } } } } },
    { "NO:helsedir", { { "nb", "Helsedirektoratet" }, { "en", "Norwegian Directorate of Health" } },
      "", "Oslo", { { "patients-rights", { "" }, { { NULL } } } } },
    { "NO:sf-troms", { { "nb", "Statsforvalteren i Troms og Finnmark" } },
      "", "Tromsø", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "DK:stps", { { "da", "Styrelsen for Patientsikkerhed" },
                   { "en", "Danish Patient Safety Authority" } },
      "STPS", "København", { { "professional-qualifications", { "" },
                               { { "da", "autorisation" }, { "en", "authorisation" } } } } },
    { "IS:landlaeknir", { { "is", "Embætti landlæknis" }, { "en", "Directorate of Health" } },
      "", "Reykjavík", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "BE:afmps", { { "fr", "Agence fédérale des médicaments et des produits de santé" },
                    { "nl", "Federaal agentschap voor geneesmiddelen en gezondheidsproducten" },
                    { "de", "Föderalagentur für Arzneimittel und Gesundheitsprodukte" } },
      "AFMPS", "Bruxelles", { { "patients-rights", { "" }, { { NULL } } } } },
    { "IE:mci", { { "ga", "Comhairle na nDochtúirí Leighis" }, { "en", "Medical Council" } },
      "", "Dublin", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "EL:isa", { { "el", "Ιατρικός Σύλλογος Αθηνών" } },
      "ΙΣΑ", "Αθήνα", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "IT:omceo-aq", { { "it", "Ordine dei Medici Chirurghi e degli Odontoiatri dell'Aquila" } },
      "OMCeO", "L'Aquila", { { "professional-qualifications", { "" }, { { NULL } } },
                             { "services", { "" }, { { NULL } } } } },
    //  Issue 16's examples: compounds, umlauts typed as vowel pairs, typos,
    //  Cyrillic and Greek typed in Latin letters, word forms, procedures
    { "AT:oeak", { { "de", "Österreichische Ärztekammer" } },
      "ÖÄK", "Wien", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "SE:av", { { "sv", "Arbetsmiljöverket" }, { "en", "Swedish Work Environment Authority" } },
      "", "Stockholm", { { "posted-workers", { "posting-information-request" },
                           { { "sv", "utstationering" } } } } },
    { "SE:sos", { { "sv", "Socialstyrelsen" },
                  { "en", "National Board of Health and Welfare" } },
      "", "Stockholm", { { "professional-qualifications", { "" }, { { NULL } } } } },
    { "PL:pip", { { "pl", "Państwowa Inspekcja Pracy" },
                  { "en", "National Labour Inspectorate" } },
      "PIP", "Warszawa", { { "posted-workers", { "posting-information-request" },
                             { { "pl", "delegowanie" } } } } },
    { "BG:az", { { "bg", "Агенция по заетостта" }, { "en", "Employment Agency" } },
      "АЗ", "София", { { "services", { "" }, { { NULL } } } } },
    { "FI:valvira", { { "fi", "Sosiaali- ja terveysalan lupa- ja valvontavirasto" } },
      "Valvira", "Helsinki", { { "professional-qualifications", { "" },
                                 { { "fi", "terveydenhuollon ammattihenkilöt" } } } } },
    { "HU:orfk", { { "hu", "Országos Rendőr-főkapitányság" } },
      "ORFK", "Budapest", { { "firearms", { "firearms-transfer-notification",
                                            "firearms-refusal-notification" },
                              { { "hu", "lőfegyverek" } } } } },
};
#define S_FIXTURE_COUNT (sizeof s_fixtures / sizeof s_fixtures [0])

static imi_store_t *s_store;
static imi_catalogue_t *s_catalogue;
static json_t *s_page;                  //  the last search's page

static void
s_fill (imi_authority_t *authority, const s_fixture_t *fixture)
{
    memset (authority, 0, sizeof *authority);
    snprintf (authority->id, sizeof authority->id, "%s", strchr (fixture->key, ':') + 1);
    for (size_t name = 0; name < 3 && fixture->names [name][0]; name++) {
        snprintf (authority->names [name].lang, 4, "%s", fixture->names [name][0]);
        snprintf (authority->names [name].text, sizeof authority->names [name].text, "%s",
                  fixture->names [name][1]);
        authority->name_count++;
    }
    snprintf (authority->acronym, sizeof authority->acronym, "%s", fixture->acronym);
    snprintf (authority->city, sizeof authority->city, "%s", fixture->city);
    for (size_t index = 0; index < 2 && fixture->competences [index].legal_area; index++) {
        const s_competence_t *source = &fixture->competences [index];
        imi_competence_t *competence = &authority->competences [authority->competence_count++];
        snprintf (competence->legal_area, sizeof competence->legal_area, "%s", source->legal_area);
        for (size_t procedure = 0; procedure < 2 && source->procedures [procedure]
                                   && *source->procedures [procedure]; procedure++)
            snprintf (competence->procedures [competence->procedure_count++],
                      IMI_DIRECTORY_CODE_MAX + 1, "%s", source->procedures [procedure]);
        for (size_t keyword = 0; keyword < 2 && source->keywords [keyword][0]; keyword++) {
            imi_keyword_t *target = &competence->keywords [competence->keyword_count++];
            snprintf (target->lang, sizeof target->lang, "%s", source->keywords [keyword][0]);
            snprintf (target->text, sizeof target->text, "%s", source->keywords [keyword][1]);
        }
    }
}

static void
s_index (const char *key, const imi_authority_t *authority)
{
    char state [3] = { key [0], key [1], 0 };
    assert (imi_store_begin (s_store) == 0);
    assert (imi_search_index (s_store, key, state, authority) == 0);
    assert (imi_store_commit (s_store) == 0);
}

//  Run a search; returns imi_search_run's result, the page in s_page.
static int
s_search_in (const char *text, const char *state, const char *legal_area,
             const char *procedure, const char *lang)
{
    imi_search_query_t query = { state, legal_area, procedure, lang, 50, 0 };
    json_object_clear (s_page);
    int rc = imi_search_run (s_store, s_catalogue, text, &query, s_page);
    if (rc >= 0)
        assert (json_array_size (json_object_get (s_page, "results")) == (size_t) rc);
    return rc;
}

static int
s_search (const char *text)
{
    return s_search_in (text, NULL, NULL, NULL, NULL);
}

//  Field column (0 = key) of result row (0 = first result), or NULL; the
//  legal areas joined by commas, as imictl prints them.
static const char *
s_field (size_t row, int column)
{
    static const char *columns [] = { "key", "state", "name", "name_lang", "city",
                                      "legal_areas" };
    static char field [1024];
    json_t *result = json_array_get (json_object_get (s_page, "results"), row);
    if (!result)
        return NULL;
    json_t *value = json_object_get (result, columns [column]);
    assert (value);
    if (json_is_string (value))
        return json_string_value (value);
    size_t used = 0, index;
    json_t *code;
    field [0] = 0;
    json_array_foreach (value, index, code)
        used += (size_t) snprintf (field + used, sizeof field - used, "%s%s", index? ",": "",
                                   json_string_value (code));
    return field;
}

//  Is key among the results?
static bool
s_found (const char *key)
{
    for (size_t row = 0; s_field (row, 0); row++)
        if (streq (s_field (row, 0), key))
            return true;
    return false;
}

//  The text finds exactly this one authority.
static void
s_finds_only (const char *text, const char *key)
{
    int count = s_search (text);
    if (count != 1 || !streq (s_field (0, 0), key)) {
        fprintf (stderr, "'%s': %d results, expected only %s\n", text, count, key);
        assert (false);
    }
}

static void
s_test_folding (void)
{
    s_finds_only ("Arztekammer Berlin", "DE:aek-berlin");
    s_finds_only ("ärztekammer berlin", "DE:aek-berlin");
    assert (s_search ("arzte") >= 1 && s_found ("DE:aek-berlin"));
    //  Three direct matches, then the compound (Landesärztekammer), below them
    assert (s_search ("Arztekammer") == 4 && s_found ("DE:aek-berlin") && s_found ("DE:zab"));
    assert (streq (s_field (3, 0), "DE:lak-bw"));
    s_finds_only ("landesarztekammer", "DE:lak-bw");
    //  Letters Unicode does not decompose, folded by imi_search on both sides
    s_finds_only ("Lodz", "PL:oil-lodz");
    s_finds_only ("łódź", "PL:oil-lodz");
    s_finds_only ("LODZI", "PL:oil-lodz");
    s_finds_only ("Tromso", "NO:sf-troms");
    s_finds_only ("tromsø", "NO:sf-troms");
    s_finds_only ("Embaetti", "IS:landlaeknir");
    s_finds_only ("landlaeknis", "IS:landlaeknir");
    s_finds_only ("strassenbau", "DE:lsbv");
    s_finds_only ("Straßenbau", "DE:lsbv");
    s_finds_only ("Reykjavik", "IS:landlaeknir");
    s_finds_only ("kobenhavn", "DK:stps");
    //  Greek: accents fold, and a capital final sigma finds the small final ς
    s_finds_only ("ιατρικος", "EL:isa");
    s_finds_only ("ΙΑΤΡΙΚΟΣ", "EL:isa");
    s_finds_only ("Σύλλογος Αθηνών", "EL:isa");
    s_finds_only ("αθην", "EL:isa");
    //  Hyphens and apostrophes: either spelling, or the part alone
    s_finds_only ("Baden-Württemberg", "DE:lak-bw");
    s_finds_only ("baden wurttemberg", "DE:lak-bw");
    s_finds_only ("württ", "DE:lak-bw");
    s_finds_only ("dell'Aquila", "IT:omceo-aq");
    s_finds_only ("aquila", "IT:omceo-aq");
    s_finds_only ("l'ordre des medecins", "FR:cnom");
    s_finds_only ("ordre", "FR:cnom");
    s_finds_only ("nDochtúirí", "IE:mci");
    s_finds_only ("AFMPS", "BE:afmps");
    //  One letter matches that word only, not every word starting with it
    assert (s_search ("w") >= 1 && s_found ("PL:oil-lodz") && !s_found ("PL:nil"));
    s_finds_only ("Izba w", "PL:oil-lodz");
    s_finds_only ("i troms", "NO:sf-troms");
    //  A prefix longer than the prefix indexes, spelled out as the words it
    //  starts: in several words, excluded, and with a state
    s_finds_only ("oesterr aerztek", "AT:oeak");
    assert (s_search ("izba -lodzi") == 1 && s_found ("PL:nil"));
    s_finds_only ("helsedir", "NO:helsedir");
    assert (s_search_in ("gesundhe", "DE", NULL, NULL, NULL) == 1 && s_found ("DE:lageso"));
}

static void
s_test_languages (void)
{
    //  By the English name of a Polish authority
    s_finds_only ("medical chamber", "PL:nil");
    //  The names with the word first, then those with a form of it
    //  ("Medici": names are stemmed too)
    assert (s_search ("medical") >= 3 && s_found ("IT:omceo-aq"));
    assert ((streq (s_field (0, 0), "PL:nil") && streq (s_field (1, 0), "IE:mci"))
         || (streq (s_field (0, 0), "IE:mci") && streq (s_field (1, 0), "PL:nil")));
    //  By the French, German or Polish name of a legal area
    int qualified = 0;
    for (size_t index = 0; index < S_FIXTURE_COUNT; index++)
        for (size_t competence = 0; competence < 2; competence++)
            if (s_fixtures [index].competences [competence].legal_area
            &&  streq (s_fixtures [index].competences [competence].legal_area,
                       "professional-qualifications"))
                qualified++;
    assert (qualified >= 10);
    assert (s_search ("qualifications professionnelles") == qualified);
    assert (s_search ("Berufsqualifikationen") == qualified);
    assert (s_search ("kwalifikacje zawodowe") == qualified);
    assert (s_search ("qualifications professionnelles lekarska") == 2);
    //  By a keyword in any language
    //  (and after it, through a procedure's name, a firearms authority)
    assert (s_search ("authorisation") == 2 && streq (s_field (0, 0), "DK:stps"));
    assert (streq (s_field (1, 0), "HU:orfk"));
    s_finds_only ("Gesundheit berlin", "DE:lageso");

    //  Display name: the searcher's language, else the authority's own
    assert (s_search_in ("afmps", NULL, NULL, NULL, "nl") == 1);
    assert (streq (s_field (0, 2),
                   "Federaal agentschap voor geneesmiddelen en gezondheidsproducten"));
    assert (streq (s_field (0, 3), "nl"));
    assert (s_search_in ("afmps", NULL, NULL, NULL, "pl") == 1);
    assert (streq (s_field (0, 2), "Agence fédérale des médicaments et des produits de santé"));
    assert (streq (s_field (0, 3), "fr"));
    assert (s_search_in ("izba", "PL", NULL, NULL, "en") == 2);
    assert (streq (s_field (0, 2), "Supreme Medical Chamber")
         || streq (s_field (1, 2), "Supreme Medical Chamber"));
    assert (s_search_in ("Łodzi", NULL, NULL, NULL, "en") == 1);
    assert (streq (s_field (0, 2), "Okręgowa Izba Lekarska w Łodzi"));
    assert (streq (s_field (0, 3), "pl"));
    //  The other fields: state, city as written, legal areas
    assert (s_search ("aquila") == 1);
    assert (streq (s_field (0, 1), "IT"));
    assert (streq (s_field (0, 4), "L'Aquila"));
    assert (streq (s_field (0, 5), "professional-qualifications,services"));
    assert (s_search ("lodz") == 1 && streq (s_field (0, 4), "Łódź"));
}

static void
s_test_filters (void)
{
    assert (s_search_in ("izba", "PL", NULL, NULL, NULL) == 2);
    assert (s_search_in ("izba", "DE", NULL, NULL, NULL) == 0);
    assert (s_search_in ("berlin", NULL, "patients-rights", NULL, NULL) == 1);
    assert (streq (s_field (0, 0), "DE:lageso"));
    assert (s_search_in ("lekarska", NULL, NULL, "pq-alert", NULL) == 1);
    assert (streq (s_field (0, 0), "PL:nil"));
    assert (s_search_in ("lekarska", NULL, "professional-qualifications", "pq-information-request",
                         NULL) == 2);
    //  A word that names a legal area, within another area: the authorities
    //  that have both (IT:omceo-aq: services and professional qualifications)
    assert (s_search_in ("dienstleistungen", NULL, "professional-qualifications", NULL, NULL) == 1);
    assert (streq (s_field (0, 0), "IT:omceo-aq"));
    assert (s_search_in ("dienstleistungen", NULL, "services", NULL, NULL) == 2);
    assert (s_search_in ("dienstleistungen", NULL, "patients-rights", NULL, NULL) == 0);
    assert (s_search_in ("dienstleistungen", "BG", "professional-qualifications", NULL, NULL) == 0);

    //  Filter-only listings, in name order (folded: Ä among the A's)
    assert (s_search_in ("", "PL", NULL, NULL, NULL) == 3);
    assert (streq (s_field (0, 0), "PL:nil") && streq (s_field (1, 0), "PL:oil-lodz"));
    assert (streq (s_field (2, 0), "PL:pip"));
    assert (s_search_in ("  ", NULL, "patients-rights", NULL, NULL) == 3);
    assert (streq (s_field (0, 0), "BE:afmps"));
    assert (streq (s_field (1, 0), "NO:helsedir"));
    assert (streq (s_field (2, 0), "DE:lageso"));
    assert (json_is_null (json_object_get (s_page, "next_offset")));
    //  Pages of that listing: each says where the next starts, the last null
    imi_search_query_t page = { NULL, "patients-rights", NULL, NULL, 1, 1 };
    json_object_clear (s_page);
    assert (imi_search_run (s_store, s_catalogue, "", &page, s_page) == 1);
    assert (streq (s_field (0, 0), "NO:helsedir"));
    assert (json_integer_value (json_object_get (s_page, "next_offset")) == 2);
    page.offset = 2;
    page.limit = 5;
    json_object_clear (s_page);
    assert (imi_search_run (s_store, s_catalogue, "", &page, s_page) == 1);
    assert (streq (s_field (0, 0), "DE:lageso"));
    assert (json_is_null (json_object_get (s_page, "next_offset")));
    page.offset = 3;
    json_object_clear (s_page);
    assert (imi_search_run (s_store, s_catalogue, "", &page, s_page) == 0);
    assert (s_search_in ("", NULL, "patients-rights", NULL, "de") == 3);
    assert (streq (s_field (0, 2), "Föderalagentur für Arzneimittel und Gesundheitsprodukte"));
    assert (s_search_in (NULL, "DE", "professional-qualifications", NULL, NULL) == 3);
    assert (streq (s_field (0, 0), "DE:aek-berlin"));
    assert (streq (s_field (1, 0), "DE:lak-bw"));
    assert (streq (s_field (2, 0), "DE:zab"));
    assert (s_search_in ("", NULL, NULL, "pq-alert", NULL) == 1);
    assert (s_search_in ("", NULL, "services", NULL, NULL) == 2);
    assert (s_search_in ("", NULL, "gdpr", NULL, NULL) == 0);

    //  Bad queries: -2 with a reason
    assert (s_search_in ("x", NULL, "no-such-area", NULL, NULL) == -2);
    assert (streq (imi_error_last (), "unknown legal area 'no-such-area'"));
    assert (s_search_in ("x", NULL, NULL, "no-such-procedure", NULL) == -2);
    assert (strstr (imi_error_last (), "no-such-procedure"));
    assert (s_search_in ("x", NULL, "services", "pq-alert", NULL) == -2);
    assert (s_search_in ("x", "germany", NULL, NULL, NULL) == -2);
    assert (s_search ("") == -2);
    assert (s_search (" \t ") == -2);
    assert (s_search (NULL) == -2);
    char longest [IMI_SEARCH_QUERY_MAX + 2];
    memset (longest, 'a', sizeof longest - 1);
    longest [sizeof longest - 1] = 0;
    assert (s_search (longest) == -2);
    longest [IMI_SEARCH_QUERY_MAX] = 0;
    assert (s_search (longest) == 0);
    imi_search_query_t query = { NULL, NULL, NULL, NULL, 0, 0 };
    assert (imi_search_run (s_store, s_catalogue, "berlin", &query, s_page) == -2);
    query.limit = IMI_SEARCH_LIMIT_MAX + 1;
    assert (imi_search_run (s_store, s_catalogue, "berlin", &query, s_page) == -2);
    query.limit = 1;
    query.offset = -1;
    assert (imi_search_run (s_store, s_catalogue, "berlin", &query, s_page) == -2);
    query.offset = IMI_SEARCH_OFFSET_MAX + 1;
    assert (imi_search_run (s_store, s_catalogue, "berlin", &query, s_page) == -2);
    query.offset = 0;
    json_object_clear (s_page);
    assert (imi_search_run (s_store, s_catalogue, "berlin", &query, s_page) == 1);
}

static void
s_test_ranking (void)
{
    //  Name matches above a keyword-only match, above a compound
    assert (s_search ("Ärztekammer") == 4);
    assert (s_found ("DE:aek-berlin") && !streq (s_field (2, 0), "DE:aek-berlin"));
    assert (s_found ("AT:oeak") && !streq (s_field (2, 0), "AT:oeak"));
    assert (streq (s_field (2, 0), "DE:zab"));
    assert (streq (s_field (3, 0), "DE:lak-bw"));
    //  Names above area names: "Gesundheit" is in LAGeSo's name and keywords,
    //  in AFMPS's German name, and in the German name of patients' rights,
    //  Helsedirektoratet's only link to it.
    assert (s_search ("Gesundheit") == 3);
    assert (streq (s_field (0, 0), "DE:lageso"));
    assert (streq (s_field (1, 0), "BE:afmps"));
    assert (streq (s_field (2, 0), "NO:helsedir"));
    //  A short prefix: names whose first word starts with it come first
    //  (Landesamt, Landesamt, Landesärztekammer), then its other matches
    //  (a later word: Embætti landlæknis).
    assert (s_search ("Lan") == 4);
    for (size_t row = 0; row < 3; row++)
        assert (strncmp (s_field (row, 0), "DE:", 3) == 0);
    assert (streq (s_field (3, 0), "IS:landlaeknir"));
}

static void
s_test_hostile (void)
{
    static const char *queries [] = {
        "\"", "\"\"", "\"\"\"", "'", "''", "(", ")", "()", "(berlin", "berlin)", "\"berlin",
        "berlin\"", "\"berlin\"", "NEAR(berlin izba)", "NEAR(berlin, 2)", "berlin AND izba",
        "berlin OR izba", "NOT berlin", "berlin NOT izba", "AND", "OR", "NOT", "NEAR",
        "names:foo", "names:berlin", "{names city}: berlin", "-names:berlin", "city:berlin",
        "^berlin", "^", "*", "**", "berlin*", "*berlin", "-", "--", "-berlin", "+", "+berlin",
        "berlin + izba", ":", "::", "{", "}", "[", "]", "\\", "\\\"", "%", "_", "%_%",
        "🙂", "🙂 berlin", "berlin 🙂", "👨‍⚕️", "🇩🇪", "מועצה רפואית", "مجلس طبي",
        "‏berlin‎", "\xE2\x80\x8B", "\xC2\xA0", "berlin\xC2\xA0izba", "ˆ", "´", "¨",
        "ℌ", "ﬁ", "Ⅻ", "١٢٣", "\xEF\xBB\xBF" "berlin", "a", "0", "x\ty", "\x01\x02",
        "\xFF\xFE", "\xC3", "\xE2\x82", "\xF0\x9F\x99", "\xC0\x80", "\xED\xA0\x80",
        "'; DROP TABLE authority_fts; --", "rank:1", "rowid", "bm25(", "ärztekammer\"*",
        "\"a\" \"b\" \"c\"", "a\"b", "a\"\"b", "Ärzte\"kammer",
    };
    for (size_t index = 0; index < sizeof queries / sizeof queries [0]; index++) {
        int count = s_search (queries [index]);
        if (count < 0) {
            fprintf (stderr, "hostile query '%s': %d %s\n", queries [index], count,
                     imi_error_last ());
            assert (false);
        }
    }
    //  Punctuation and FTS5's syntax are text, not syntax
    assert (s_search ("berlin AND izba") == 0);
    assert (s_search ("\"Ärztekammer") == 4);
    assert (s_search ("(Ärztekammer)") == 4);
    assert (s_search ("-berlin") >= 2);
    assert (s_search ("Ärztekammer 🙂 *") == 4);
    assert (s_search ("names:berlin") == 0);
    //  Repeated words count once; words after the 16th are ignored
    assert (s_search ("berlin berlin BERLIN Berlin") == s_search ("berlin"));
    s_finds_only ("är ärz ärzt ärzte ärztek ärzteka ärztekam ärztekamm ärztekamme "
                  "ärztekammer be ber berl berli berlin cham nomatch", "DE:aek-berlin");
    assert (s_search ("är ärz ärzt ärzte ärztek ärzteka ärztekam ärztekamm ärztekamme "
                      "ärztekammer be ber berl berli nomatch berlin") == 0);

    //  512 bytes of junk, random bytes and random valid UTF-8
    static const char *pieces [] = {
        "\"", "'", "(", ")", "*", "^", "-", "+", ":", "{", "}", " ", " ", "AND", "OR", "NOT",
        "NEAR", "a", "ä", "ł", "ß", "é", "Ω", "ς", "ж", "中", "🙂", "\xE2\x80\x8F", "0", ",",
    };
    unsigned seed = 20240601;
    char text [IMI_SEARCH_QUERY_MAX + 1];
    for (int round = 0; round < 3000; round++) {
        size_t size = 0;
        size_t target = (size_t) (rand_r (&seed) % IMI_SEARCH_QUERY_MAX) + 1;
        if (round % 3 == 0)                         //  NUL-free random bytes
            for (; size < target; size++)
                text [size] = (char) (rand_r (&seed) % 255 + 1);
        else if (round % 3 == 1)                    //  junk from FTS5's syntax and letters
            while (true) {
                const char *piece = pieces [rand_r (&seed) % (sizeof pieces / sizeof pieces [0])];
                if (size + strlen (piece) > target)
                    break;
                memcpy (text + size, piece, strlen (piece));
                size += strlen (piece);
            }
        else                                        //  random valid UTF-8
            while (true) {
                unsigned code = (unsigned) rand_r (&seed) % 0x2FFFF + 1;
                if (code >= 0xD800 && code < 0xE000)
                    continue;
                char encoded [4];
                size_t length = code < 0x80? 1: code < 0x800? 2: code < 0x10000? 3: 4;
                if (length == 1)
                    encoded [0] = (char) code;
                else {
                    for (size_t byte = length - 1; byte > 0; byte--, code >>= 6)
                        encoded [byte] = (char) (0x80 | (code & 0x3F));
                    encoded [0] = (char) ((0xF00 >> length) | code);
                }
                if (size + length > target)
                    break;
                memcpy (text + size, encoded, length);
                size += length;
            }
        text [size] = 0;
        int count = s_search_in (text, round % 5 == 0? "DE": NULL, NULL, NULL, "en");
        if (count < 0 && !(count == -2 && text [strspn (text, " \t\n\r\f\v")] == 0)) {
            fprintf (stderr, "junk query round %d: %d %s\n", round, count, imi_error_last ());
            assert (false);
        }
    }
}

//  Rank 1: the key comes first; 3: among the first three; 0: the text
//  finds nothing at all (a forgiving search must not find everything).
static const struct {
    const char *kind;
    const char *text;
    const char *key;
    int rank;
} s_forgiving [] = {
    { "typo at the start", "zocialstyrelsen", "SE:sos", 1 },
    { "typo in the middle", "arztekamer", "DE:aek-berlin", 3 },
    { "typo in the middle", "inspekcia", "PL:pip", 1 },
    { "typo at the end", "socialstyrelson", "SE:sos", 1 },
    { "typo at the end", "arbetsmiljoverkat", "SE:av", 1 },
    { "typo at the end", "helsedirektorated", "NO:helsedir", 1 },
    { "typo, transposed", "Socailstyrelsen", "SE:sos", 1 },
    { "typo in a four-letter word's second letter", "iuba", "PL:nil", 3 },
    { "typo in a four-letter word, first two letters transposed", "ziba", "PL:nil", 3 },
    { "typo in a four-letter word, transposed", "olso", "NO:helsedir", 1 },
    { "typo in one of two words", "berlni chamber", "DE:aek-berlin", 1 },
    { "compound", "kammer", "AT:oeak", 3 },
    { "compound", "kammer", "DE:aek-berlin", 3 },
    { "compound", "verket", "SE:av", 1 },
    { "compound", "virasto", "FI:valvira", 1 },
    { "compound", "kapitanysag", "HU:orfk", 1 },
    { "umlaut as a vowel pair", "aerztekammer", "DE:aek-berlin", 3 },
    { "umlaut as a vowel pair", "oesterreichische", "AT:oeak", 1 },
    { "umlaut as a vowel pair", "Oesterreichische Aerztekammer", "AT:oeak", 1 },
    { "umlaut without its dots", "osterreichische", "AT:oeak", 1 },
    { "umlaut as typed", "Österreichische", "AT:oeak", 1 },
    { "ø typed as o", "tromso", "NO:sf-troms", 1 },
    { "Cyrillic in Latin letters", "agentsiya po zaetostta", "BG:az", 1 },
    { "Cyrillic in Latin letters", "Sofiya", "BG:az", 1 },
    { "Cyrillic as typed", "заетостта", "BG:az", 1 },
    { "Greek in Latin letters", "Iatrikos Syllogos Athinon", "EL:isa", 1 },
    { "Greek in Latin letters", "athina", "EL:isa", 1 },
    { "Greek as typed", "Ιατρικός", "EL:isa", 1 },
    { "word form", "posted workers", "SE:av", 3 },
    { "word form", "posted workers", "PL:pip", 3 },
    { "word form", "doctors", "DE:aek-berlin", 1 },
    { "word form of a name", "working", "SE:av", 1 },
    { "word form of a name", "agencies", "BG:az", 3 },
    { "operator OR", "inspekcja OR medecins", "PL:pip", 3 },
    { "operator OR", "inspekcja OR medecins", "FR:cnom", 3 },
    { "operator AND", "inspekcja AND pracy", "PL:pip", 1 },
    { "operator NEAR", "NEAR(inspekcja pracy)", "PL:pip", 1 },
    { "quoted phrase", "\"inspekcja pracy\"", "PL:pip", 1 },
    { "exclusion", "izba -lodz", "PL:nil", 1 },
    { "procedure name (en)", "Information request on posting of workers", "PL:pip", 3 },
    { "procedure name (de)", "Waffenerlaubnis", "HU:orfk", 1 },
    { "procedure name (en)", "firearms transfer authorisation", "HU:orfk", 1 },
    { "nothing like it", "xyzzyq", NULL, 0 },
    { "nothing like it", "qwertzuiop", NULL, 0 },
    { "nothing like it", "kammerx", NULL, 0 },
    { "nothing like it", "\"pracy inspekcja\"", NULL, 0 },
};

static void
s_test_forgiving (void)
{
    for (size_t row = 0; row < sizeof s_forgiving / sizeof s_forgiving [0]; row++) {
        int count = s_search (s_forgiving [row].text);
        bool good = count >= 0;
        if (s_forgiving [row].rank == 0)
            good &= count == 0;
        else {
            int rank = 0;
            for (int index = 0; index < count && !rank; index++)
                if (streq (s_field ((size_t) index, 0), s_forgiving [row].key))
                    rank = index + 1;
            good &= rank >= 1 && rank <= s_forgiving [row].rank;
        }
        if (!good) {
            fprintf (stderr, "%s: '%s' gave %d results:", s_forgiving [row].kind,
                     s_forgiving [row].text, count);
            for (int index = 0; index < count; index++)
                fprintf (stderr, " %s", s_field ((size_t) index, 0));
            fprintf (stderr, "\n");
            assert (false);
        }
    }
    //  A typo is not a license to find everything: the likeliest reading
    //  is said, and a correct query says nothing
    assert (s_search ("inspekcia") >= 1 && s_search ("inspekcia") <= 3);
    assert (streq (json_string_value (json_object_get (s_page, "corrected")), "inspekcja"));
    assert (s_search ("arbetsmiljoverkat") == 1);
    assert (streq (json_string_value (json_object_get (s_page, "corrected")),
                   "arbetsmiljoverket"));
    assert (s_search ("inspekcja") == 1);
    assert (json_is_null (json_object_get (s_page, "corrected")));
    assert (s_search ("kammer") >= 3);
    assert (json_is_null (json_object_get (s_page, "corrected")));
    //  Exclusion and OR: only what is asked
    assert (s_search ("izba -lodz") == 1);
    assert (s_search ("inspekcja OR medecins") == 2);
    assert (s_search ("izba -lodz -nil") == 0);         //  NIL: the other one's acronym
    //  A query of exclusions only searches its words instead
    assert (s_search ("-inspekcja") == 1 && streq (s_field (0, 0), "PL:pip"));
}

//  Readers search at the same time, each on its own read-only connection
//  (the HTTP API's reader threads): every row of s_forgiving, with and
//  without filters, in 2 threads, must give what it gives alone.
#define S_THREAD_ROUNDS 4
#define S_THREAD_QUERIES (2 * sizeof s_forgiving / sizeof s_forgiving [0])

typedef struct {
    const char *path;
    char **expected;                    //  S_THREAD_QUERIES pages, as JSON
    bool good;
} s_reader_t;

//  The page of query number index (s_forgiving's rows, then the same
//  filtered by a legal area), as compact JSON (freed by the caller), or
//  NULL if the search failed.
static char *
s_thread_page (imi_store_t *store, size_t index)
{
    size_t rows = sizeof s_forgiving / sizeof s_forgiving [0];
    imi_search_query_t query = { NULL, index < rows? NULL: "professional-qualifications",
                                 NULL, "en", 20, 0 };
    json_t *page = json_object ();
    char *dump = NULL;
    if (imi_search_run (store, s_catalogue, s_forgiving [index % rows].text, &query, page) >= 0)
        dump = json_dumps (page, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref (page);
    return dump;
}

static void *
s_reader (void *argument)
{
    s_reader_t *self = (s_reader_t *) argument;
    imi_store_t *store = imi_store_open_readonly (self->path);
    self->good = store && imi_search_prepare (store, s_catalogue) == 0;
    for (size_t round = 0; self->good && round < S_THREAD_ROUNDS; round++)
        for (size_t index = 0; self->good && index < S_THREAD_QUERIES; index++) {
            char *page = s_thread_page (store, index);
            self->good = page && streq (page, self->expected [index]);
            if (!self->good)
                fprintf (stderr, "thread: '%s' gave %s\n", s_forgiving [index
                         % (sizeof s_forgiving / sizeof s_forgiving [0])].text, page);
            free (page);
        }
    imi_store_destroy (&store);
    return NULL;
}

static void
s_test_threads (const char *path)
{
    char *expected [S_THREAD_QUERIES];
    for (size_t index = 0; index < S_THREAD_QUERIES; index++) {
        expected [index] = s_thread_page (s_store, index);
        assert (expected [index]);
    }
    s_reader_t readers [2];
    pthread_t threads [2];
    for (size_t index = 0; index < 2; index++) {
        readers [index] = (s_reader_t) { path, expected, false };
        assert (pthread_create (&threads [index], NULL, s_reader, &readers [index]) == 0);
    }
    for (size_t index = 0; index < 2; index++) {
        assert (pthread_join (threads [index], NULL) == 0);
        assert (readers [index].good);
    }
    for (size_t index = 0; index < S_THREAD_QUERIES; index++)
        free (expected [index]);
}

static void
s_test_distance (void)
{
    assert (imi_search_distance ("kammer", "kammer", 0) == 0);
    assert (imi_search_distance ("kamer", "kammer", 1) == 1);
    assert (imi_search_distance ("arztekamer", "arztekammer", 2) == 1);
    assert (imi_search_distance ("inspekcia", "inspekcja", 2) == 1);
    assert (imi_search_distance ("socailstyrelsen", "socialstyrelsen", 2) == 1);
    assert (imi_search_distance ("ab", "ba", 1) == 1);
    assert (imi_search_distance ("abc", "xyz", 1) == 2);
    assert (imi_search_distance ("abc", "xyz", 3) == 3);
    assert (imi_search_distance ("", "abc", 2) == 3);
    assert (imi_search_distance ("", "", 0) == 0);
    assert (imi_search_distance ("arzte", "ärzte", 1) == 1);          //  letters, not bytes
    assert (imi_search_distance ("łodz", "lodz", 2) == 1);
    assert (imi_search_distance ("a", "abcdef", 2) == 3);             //  lengths alone tell
    assert (imi_search_distance ("helsedirektorated", "helsedirektoratet", 2) == 1);
}

//  The expression parsed from text, as the repository's search builds it.
static void
s_expression_is (const char *text, const char *expected)
{
    char *expression = NULL;
    assert (imi_search_expression (s_store, text, &expression) == 0);
    if (!streq (expression, expected)) {
        fprintf (stderr, "'%s' parsed to '%s', expected '%s'\n", text, expression, expected);
        assert (false);
    }
    free (expression);
}

static void
s_test_parsing (void)
{
    s_expression_is ("Ärztekammer berlin", "(\"arztekammer\"* AND \"berlin\"*)");
    s_expression_is ("inspekcja OR medecins", "((\"inspekcja\"* OR \"medecins\"*))");
    s_expression_is ("a OR b OR c d", "((\"a\" OR \"b\" OR \"c\") AND \"d\")");
    s_expression_is ("izba -lodz", "(\"izba\"* NOT (\"lodz\"*))");
    s_expression_is ("izba NOT lodz", "(\"izba\"* NOT (\"lodz\"*))");
    s_expression_is ("-lodz", "(\"lodz\"*)");
    s_expression_is ("\"inspekcja pracy\" 2024", "(\"inspekcja pracy\" AND \"2024\"*)");
    s_expression_is ("NEAR(inspekcja pracy)", "(\"inspekcja\"* AND \"pracy\"*)");
    s_expression_is ("inspekcja AND pracy", "(\"inspekcja\"* AND \"pracy\"*)");
    //  What is no syntax is text
    s_expression_is ("OR", "");
    s_expression_is ("a OR", "(\"a\")");
    s_expression_is ("OR a", "(\"a\")");
    s_expression_is ("\"unbalanced", "(\"unbalanced\"*)");
    s_expression_is ("a\"b", "(\"a\" AND \"b\")");
    s_expression_is ("or and not", "(\"or\"* AND \"and\"* AND \"not\"*)");
    s_expression_is ("names:berlin", "(\"names berlin\"*)");
    s_expression_is ("--", "");
    s_expression_is ("- x", "(\"x\")");
    s_expression_is ("Baden-Württemberg", "(\"baden wurttemberg\"*)");
    //  The repository's folding: letters, no transliteration
    s_expression_is ("Łódź Ιατρικός", "(\"lodz\"* AND \"ιατρικοσ\"*)");
    char *folded = imi_search_fold ("Łódź Straße Tromsø Embætti");
    assert (streq (folded, "lódź Strasse Tromso Embaetti"));     //  ó ź: unicode61 folds them
    free (folded);
}

static void
s_test_updates (imi_authority_t *authority)
{
    //  Unindex removes it from every kind of result
    assert (imi_store_begin (s_store) == 0);
    assert (imi_search_unindex (s_store, "DE:aek-berlin") == 0);
    assert (imi_search_unindex (s_store, "DE:never-indexed") == 0);
    assert (imi_store_commit (s_store) == 0);
    assert (s_search ("Arztekammer") == 3 && streq (s_field (0, 0), "AT:oeak"));
    assert (!s_found ("DE:aek-berlin"));
    assert (s_search_in ("", "DE", "professional-qualifications", NULL, NULL) == 2);
    assert (!s_found ("DE:aek-berlin"));

    //  Re-indexing replaces: old name, area and procedure gone, new ones found
    s_fill (authority, &s_fixtures [1]);
    snprintf (authority->names [0].text, sizeof authority->names [0].text,
              "Landesamt für Gesundheit und Technische Sicherheit");
    snprintf (authority->acronym, sizeof authority->acronym, "LAGetSi");
    snprintf (authority->competences [0].legal_area, IMI_DIRECTORY_CODE_MAX + 1, "services");
    authority->competences [0].procedure_count = 0;
    s_index ("DE:lageso", authority);
    s_index ("DE:lageso", authority);               //  twice: still one row
    assert (s_search ("Soziales") == 0);
    s_finds_only ("technische sicherheit", "DE:lageso");
    s_finds_only ("lagetsi", "DE:lageso");
    assert (s_search_in ("", NULL, NULL, "patients-rights-information-request", NULL) == 0);
    assert (s_search_in ("berlin", NULL, "services", NULL, NULL) == 1);
    assert (s_search_in ("", NULL, "patients-rights", NULL, NULL) == 2);
    assert (!s_found ("DE:lageso"));
    assert (s_search ("Landesamt für Gesundheit") == 1);
}

//  An index made otherwise by an earlier build (search_meta's 'index') is
//  emptied at start, to be made again from the authorities table (empty
//  here: the fixtures were indexed directly).
static void
s_test_reindex (void)
{
    assert (s_search ("berlin") >= 1);
    assert (imi_store_begin (s_store) == 0);
    assert (imi_search_prepare (s_store, s_catalogue) == 0);
    assert (imi_store_commit (s_store) == 0);
    assert (s_search ("berlin") >= 1);
    assert (imi_store_exec (s_store, "UPDATE search_meta SET value = 'keywords stemmed' "
                                     "WHERE name = 'index'") == 0);
    assert (imi_store_begin (s_store) == 0);
    assert (imi_search_prepare (s_store, s_catalogue) == 0);
    assert (imi_store_commit (s_store) == 0);
    assert (s_search ("berlin") == 0);
}

int
main (void)
{
    char folder [] = "/tmp/imi-search-XXXXXX";
    assert (mkdtemp (folder));
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    s_store = imi_schema_open (path);
    assert (s_store);
    s_catalogue = imi_catalogue_load (IMI_SOURCE_CATALOGUE_DIR);
    if (!s_catalogue)
        fprintf (stderr, "%s\n", imi_error_last ());
    assert (s_catalogue);
    s_page = json_object ();
    assert (imi_store_begin (s_store) == 0);
    assert (imi_search_prepare (s_store, s_catalogue) == 0);
    assert (imi_store_commit (s_store) == 0);

    imi_authority_t *authority = (imi_authority_t *) malloc (sizeof *authority);
    assert (authority);
    for (size_t index = 0; index < S_FIXTURE_COUNT; index++) {
        s_fill (authority, &s_fixtures [index]);
        s_index (s_fixtures [index].key, authority);
    }
    s_test_folding ();
    s_test_languages ();
    s_test_filters ();
    s_test_ranking ();
    s_test_hostile ();
    s_test_forgiving ();
    s_test_threads (path);
    s_test_distance ();
    s_test_parsing ();
    s_test_updates (authority);
    s_test_reindex ();

    free (authority);
    json_decref (s_page);
    imi_catalogue_destroy (&s_catalogue);
    imi_store_destroy (&s_store);
    unlink (path);
    char wal [80];
    snprintf (wal, sizeof wal, "%s-wal", path);
    unlink (wal);
    snprintf (wal, sizeof wal, "%s-shm", path);
    unlink (wal);
    rmdir (folder);
    printf ("test_search: OK\n");
    return 0;
}

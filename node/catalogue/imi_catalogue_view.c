/*  imi_catalogue_view: the catalogue as data for whoever starts an
    information request (imictl procedure list|show, GET /api/v1/procedures
    and /api/v1/procedures/{code}; the web application's new-request
    wizard). See imi_catalogue.h.

    The values name everything in one language, the reader's where the
    question files have it, else English, and say which ("lang"): a client
    shows them as they come and never holds a translation of its own. The
    answer options of yes-no questions are the reserved question
    IMI_CATALOGUE_YES_NO's, listed with each such question so that every
    question that takes a choice carries its options the same way.
*/
#include "imi_catalogue.h"
#include "imi_body_case.h"

#include <string.h>

//  lang if the question files have it, else English: the language every
//  text of a value is in (procedures.tsv and legal_areas.tsv have at
//  least the languages of questions.tsv: the files are edited together).
static const char *
s_language (imi_catalogue_t *self, const char *lang)
{
    return lang && imi_catalogue_has_language (self, lang)? lang: "en";
}

//  {code, name} of a legal area.
static json_t *
s_area_value (imi_catalogue_t *self, const char *area, const char *lang)
{
    return json_pack ("{s:s, s:s*}", "code", area,
                      "name", imi_catalogue_area_name (self, area, lang));
}

json_t *
imi_catalogue_options_value (imi_catalogue_t *self, const imi_question_t *question,
                             const char *lang)
{
    json_t *options = json_array ();
    const char *options_of = question->type == IMI_ANSWER_YES_NO? IMI_CATALOGUE_YES_NO
                           : question->type == IMI_ANSWER_CHOICE? question->id: NULL;
    const char *option;
    for (size_t index = 0; options && options_of
                        && (option = imi_catalogue_option_at (self, options_of, index)); index++)
        if (json_array_append_new (options, json_pack ("{s:s, s:s*}", "code", option, "text",
                                                       imi_catalogue_option_text (self, options_of,
                                                                                  option, lang))))
            json_decref (options), options = NULL;
    return options;
}

json_t *
imi_catalogue_index_value (imi_catalogue_t *self, const char *lang)
{
    lang = s_language (self, lang);
    json_t *areas = json_array (), *procedures = json_array ();
    const char *code;
    for (size_t index = 0; areas && (code = imi_catalogue_area_at (self, index)); index++)
        if (json_array_append_new (areas, s_area_value (self, code, lang)))
            json_decref (areas), areas = NULL;
    for (size_t index = 0; procedures && (code = imi_catalogue_procedure_at (self, index));
         index++)
        if (json_array_append_new (procedures, json_pack ("{s:s, s:s*, s:s}", "code", code,
                                   "name", imi_catalogue_procedure_name (self, code, lang),
                                   "legal_area", imi_catalogue_procedure_area (self, code))))
            json_decref (procedures), procedures = NULL;
    json_t *value = areas && procedures
        ? json_pack ("{s:s, s:O, s:O}", "lang", lang, "legal_areas", areas,
                     "procedures", procedures): NULL;
    json_decref (areas);
    json_decref (procedures);
    return value;
}

json_t *
imi_catalogue_requests_value (imi_catalogue_t *self, const char *lang,
                              const imi_authority_t *const authorities [], size_t count)
{
    lang = s_language (self, lang);
    json_t *procedures = json_array ();
    const char *code;
    for (size_t index = 0; procedures && (code = imi_catalogue_procedure_at (self, index));
         index++) {
        bool handled = imi_catalogue_request_rules (self, code) != NULL;
        for (size_t each = 0; handled && each < count; each++)
            handled = imi_catalogue_handles (self, authorities [each], code);
        if (handled
        &&  json_array_append_new (procedures, json_pack ("{s:s, s:s*, s:o}", "code", code,
                                   "name", imi_catalogue_procedure_name (self, code, lang),
                                   "legal_area", s_area_value (self, imi_catalogue_procedure_area
                                                                         (self, code), lang))))
            json_decref (procedures), procedures = NULL;
    }
    return procedures? json_pack ("{s:s, s:o}", "lang", lang, "procedures", procedures): NULL;
}

json_t *
imi_catalogue_request_value (imi_catalogue_t *self, const imi_request_rules_t *rules,
                             const char *lang, int64_t today)
{
    lang = s_language (self, lang);
    json_t *questions = json_array (), *fields = json_array ();
    const imi_question_t *question;
    for (size_t index = 0; questions && fields
                        && (question = imi_catalogue_question_at (self, rules->question_set,
                                                                  index)); index++) {
        json_t *item = json_pack ("{s:s, s:s, s:s*, s:o, s:b}", "id", question->id,
                                  "type", imi_catalogue_answer_type_name (question->type),
                                  "text", imi_catalogue_question_text (self, question->id, lang),
                                  "options", imi_catalogue_options_value (self, question, lang),
                                  "personal_data", question->subject);
        if (json_array_append_new (question->subject? fields: questions, item))
            json_decref (questions), questions = NULL;
    }
    char reply_by [IMI_CASE_DATE_BYTES + 1];
    imi_case_date_format (imi_catalogue_reply_day (rules, today), reply_by);
    const char *area = imi_catalogue_procedure_area (self, rules->procedure);
    json_t *value = questions && fields
        ? json_pack ("{s:s, s:s*, s:s, s:o, s:{s:i, s:b}, s:i, s:s, s:O, s:O}",
                     "code", rules->procedure,
                     "name", imi_catalogue_procedure_name (self, rules->procedure, lang),
                     "lang", lang, "legal_area", s_area_value (self, area, lang),
                     "reply_within", "days", rules->reply_days,
                                     "working_days", rules->reply_working_days,
                     "accept_within_days", rules->accept_days, "default_reply_by", reply_by,
                     "questions", questions, "subject_fields", fields)
        : NULL;
    json_decref (questions);
    json_decref (fields);
    return value;
}

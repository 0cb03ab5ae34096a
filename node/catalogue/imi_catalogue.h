/*  imi_catalogue: legal areas, procedures and the question sets of
    information requests, read from data files.

    The catalogue is data, not code (DESIGN §7): six files in
    data/catalogue/, UTF-8, tab-separated, a header line naming the columns,
    '#' comment lines allowed (data/catalogue/README.md):
        legal_areas.tsv     code  en  de  fr  es  it  pl  [more language columns]
        procedures.tsv      code  legal_area  en  de  fr  es  it  pl  [...]
        questions.tsv       set  id  part  type  en  de  ...
        answer_options.tsv  question  option  en  de  ...  (the languages of questions.tsv)
        requests.tsv        procedure  question_set  reply_within  accept_within  kpi
                            block_months                  (no language columns)
        alerts.tsv          procedure  field_set  decision_field  send_within
                                                          (no language columns)
    Language columns are ISO 639-1 codes; every row must have every column,
    names non-empty. The node validates authorities against it and indexes
    the names of each authority's legal areas in every language, so a search
    in any language finds authorities by their field of competence; case
    workflows take their deadlines, questions and answer rules from it.
    Every string it returns is owned by the catalogue and lives until
    imi_catalogue_destroy.
*/
#ifndef IMI_CATALOGUE_H
#define IMI_CATALOGUE_H

#include "imi_body_case.h"
#include "imi_body_directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _imi_catalogue_t imi_catalogue_t;

//  Load the six files from folder dir (all are required). NULL with
//  "file:line: reason" on the first error.
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

//  The languages the catalogue names its legal areas and procedures in (the
//  language columns of legal_areas.tsv, in order); NULL past the end.
size_t imi_catalogue_language_count (imi_catalogue_t *self);
const char *imi_catalogue_language_at (imi_catalogue_t *self, size_t index);

//  Legal areas, in file order.
size_t imi_catalogue_area_count (imi_catalogue_t *self);
const char *imi_catalogue_area_at (imi_catalogue_t *self, size_t index);

//  Procedures, in file order.
size_t imi_catalogue_procedure_count (imi_catalogue_t *self);
const char *imi_catalogue_procedure_at (imi_catalogue_t *self, size_t index);

//  Check an authority's competences: every legal area known, every procedure
//  known and belonging to that area. 0 or -2 naming the unknown code.
int imi_catalogue_check (imi_catalogue_t *self, const imi_authority_t *authority);

//  True if authority handles procedure: it has a competence in the
//  procedure's legal area that names the procedure or names none (the
//  whole area).
bool imi_catalogue_handles (imi_catalogue_t *self, const imi_authority_t *authority,
                            const char *procedure);

//  ---------------------------------------------------------------------------
//  Information requests (requests.tsv, questions.tsv, answer_options.tsv;
//  see data/catalogue/README.md). A procedure is an information request
//  procedure if requests.tsv has a row for it.

typedef enum {
    IMI_ANSWER_YES_NO,          //  "yes" or "no"
    IMI_ANSWER_CHOICE,          //  one option code of answer_options.tsv
    IMI_ANSWER_DATE,            //  YYYY-MM-DD
    IMI_ANSWER_TEXT             //  free text, written in the author's language
} imi_answer_type_t;

//  The type's name as questions.tsv spells it ("yes-no", "choice", ...).
const char *imi_catalogue_answer_type_name (imi_answer_type_t type);

typedef struct {
    const char *procedure;
    const char *question_set;   //  set of questions.tsv
    int reply_days;             //  default reply deadline after sending...
    bool reply_working_days;    //  ...counted in working days (Mon-Fri) if true
    int accept_days;            //  acceptance expected within this many days
    bool kpi;                   //  counts towards the performance indicators
    int block_months;           //  personal data blocked this long after closure (6 or 18)
} imi_request_rules_t;

typedef struct {
    const char *id;             //  e.g. "pq.diploma-authentic"
    const char *set;
    bool subject;               //  a personal-data field about the data subject,
                                //  filled by the requester; else a question
    imi_answer_type_t type;
    size_t option_count;        //  choice: how many options
} imi_question_t;

//  Rules of an information request procedure, or NULL if procedure is not one.
const imi_request_rules_t *imi_catalogue_request_rules (imi_catalogue_t *self,
                                                        const char *procedure);

//  The default reply date of a request under rules sent on day today (days
//  since 1970-01-01, UTC): reply_days later, counting Monday to Friday only
//  if reply_working_days. In days since 1970-01-01.
int64_t imi_catalogue_reply_day (const imi_request_rules_t *rules, int64_t today);

//  An alert procedure (alerts.tsv): the fields the sender fills (the
//  subject fields of field_set), the date field of the decision, and how
//  many calendar days after it the alert must go out (0: no deadline).
typedef struct {
    const char *procedure;
    const char *field_set;
    const char *decision_field;
    int send_days;
} imi_alert_rules_t;

//  Rules of an alert procedure, or NULL if procedure is not one.
const imi_alert_rules_t *imi_catalogue_alert_rules (imi_catalogue_t *self,
                                                    const char *procedure);

//  A question or subject field by id, or NULL.
const imi_question_t *imi_catalogue_question (imi_catalogue_t *self, const char *id);

//  The questions and subject fields of a set, in file order; NULL past the end.
size_t imi_catalogue_question_count (imi_catalogue_t *self, const char *set);
const imi_question_t *imi_catalogue_question_at (imi_catalogue_t *self, const char *set,
                                                 size_t index);

//  The reserved question of answer_options.tsv whose options "yes" and "no"
//  name the answers of yes-no questions in each language.
#define IMI_CATALOGUE_YES_NO "yes-no"

//  Text of a question / option in lang, falling back to English; NULL if
//  unknown. Options of a choice question are in file order; NULL past the
//  end (and for any other question).
const char *imi_catalogue_question_text (imi_catalogue_t *self, const char *id,
                                         const char *lang);
const char *imi_catalogue_option_at (imi_catalogue_t *self, const char *question,
                                     size_t index);
const char *imi_catalogue_option_text (imi_catalogue_t *self, const char *question,
                                       const char *option, const char *lang);

//  Check value as an answer to (or subject field) id: yes-no is "yes"/"no",
//  choice one of its option codes, date a real YYYY-MM-DD from 1900 to 2999
//  (dates of birth and of diplomas, unlike case dates), text valid UTF-8,
//  not blank and at most IMI_CASE_VALUE_MAX bytes. 0 or -2 with a reason
//  naming the question (or field) and what it accepts, e.g. "question
//  'pq.training-duration' takes yes or no, not 'maybe'". A NULL value is
//  checked as "".
int imi_catalogue_answer_check (imi_catalogue_t *self, const char *id, const char *value)
    IMI_WARN_UNUSED;

//  True if lang has a column in the question files (questions are shown in
//  the reader's language; others read English).
bool imi_catalogue_has_language (imi_catalogue_t *self, const char *lang);

//  ---------------------------------------------------------------------------
//  The catalogue as data, for the clients that start requests (imictl
//  procedure, GET /api/v1/procedures; imi_catalogue_view.c). Texts are in
//  lang where the question files have it, else in English: the value's
//  "lang" says which. Each returns a new value (the caller's), or NULL when
//  out of memory.

//  The information request procedures that every one of the count
//  authorities handles (all of them for count 0), in file order:
//  {lang, procedures: [{code, name, legal_area: {code, name}}]}.
json_t *imi_catalogue_requests_value (imi_catalogue_t *self, const char *lang,
                                      const imi_authority_t *const authorities [], size_t count);

//  One information request procedure (rules, from imi_catalogue_request_rules)
//  as a requester needs it: {code, name, lang, legal_area, reply_within:
//  {days, working_days}, accept_within_days, default_reply_by (the date a
//  request sent on day today gets unless it proposes one), questions and
//  subject_fields: [{id, type, text, options: [{code, text}], personal_data}]}.
//  options: the answers of a choice or yes-no question, in order; [] for
//  the others. personal_data: true for subject fields.
//  [{code, text}] of the options of question in lang (text left out where the
//  catalogue has none): a choice's, and the reserved yes-no options for a
//  yes-no question (file order); [] for the other types. NULL if out of
//  memory. What every form of a question shows (information requests,
//  alerts).
json_t *imi_catalogue_options_value (imi_catalogue_t *self, const imi_question_t *question,
                                     const char *lang);

json_t *imi_catalogue_request_value (imi_catalogue_t *self, const imi_request_rules_t *rules,
                                     const char *lang, int64_t today);

void imi_catalogue_test (const char *dir);

//  The catalogue's module: loads it from the setting catalogue_dir into
//  node->catalogue at start (imi_module.h).
extern const struct _imi_module_t imi_catalogue_module;

#endif

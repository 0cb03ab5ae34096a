/*  imi_translate: machine translation of free text, inside the node.

    Free text (the texts of case events, alerts, notifications and their
    comments, all through the same jobs) is shown in the reader's language
    next to the original, marked as machine-translated. The engine is Apertium (child
    processes, a pivot language where no direct pair is installed) or an
    HTTP translation service (docs/operating.md, "Machine translation").
    Engines run in a worker thread (a zactor), never in the loop: a job is
    built while a command runs, its cache hits are filled at once, and the
    rest go to the worker; the control client is answered when the last one
    comes back or at the job's deadline, whichever is first. Only the loop
    touches SQLite: it reads the cache before asking and stores what the
    worker answers.
    docs/translate.md has the design.
*/
#ifndef IMI_TRANSLATE_H
#define IMI_TRANSLATE_H

#include "imi_node.h"
#include "imi_settings.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

#define IMI_TRANSLATE_MODES_MAX 256
#define IMI_TRANSLATE_MODE_MAX 63           //  an Apertium mode's name

//  One Apertium mode: translates source into target (ISO 639-1 codes).
typedef struct {
    char source [4];
    char target [4];
    char mode [IMI_TRANSLATE_MODE_MAX + 1];
} imi_translate_mode_t;

typedef struct _imi_translate_t imi_translate_t;
typedef struct _imi_translate_job_t imi_translate_job_t;

//  Parse the output of `apertium -l` into modes (at most max), keeping the
//  modes between two languages we know an ISO 639-1 code for (a regional
//  variant such as hbs_HR maps to its code; pt_BR, eng_US and the like
//  are left out). Returns how many were kept.
size_t imi_translate_modes_parse (const char *listing, imi_translate_mode_t *modes, size_t max);

//  The shortest path of at most two modes from source to target: route [0]
//  and, through a pivot, route [1]. Returns 1 or 2 (the modes used), 0 if
//  there is none.
int imi_translate_route (const imi_translate_mode_t *modes, size_t count, const char *source,
                         const char *target, const imi_translate_mode_t *route [2]);

//  Cached translation of text from source to target: 1 with *translation
//  and *engine (malloc'd, caller frees), 0 if not cached, -1 on error.
int imi_translate_cache_get (imi_store_t *store, const char *text, const char *source,
                             const char *target, char **translation, char **engine);

//  Store a translation in the cache (replacing one there). 0 or -1.
int imi_translate_cache_put (imi_store_t *store, const char *text, const char *source,
                             const char *target, const char *engine, const char *translation,
                             int64_t now_ms);

//  Drop every cached translation of text (its personal data is being
//  erased: imi_retention). 0 or -1.
int imi_translate_cache_forget (imi_store_t *store, const char *text);

//  Start the translation service with settings (the worker thread). NULL
//  on failure, reason set. Destroying it waits for the engine call in
//  progress (bounded by translate_timeout_ms).
imi_translate_t *imi_translate_new (const imi_settings_t *settings);
void imi_translate_destroy (imi_translate_t **self_p);

//  A new job whose translations go into target (ISO 639-1).
imi_translate_job_t *imi_translate_job_new (const char *target);
void imi_translate_job_destroy (imi_translate_job_t **self_p);

//  Ask job for a translation of text (written in source) shown after the
//  last line of lines so far. Texts already in target are left alone.
void imi_translate_job_add (imi_translate_job_t *job, zlist_t *lines, const char *text,
                            const char *source);

//  The same for a reply that is data: the translation of text (written in
//  source) becomes the member "machine_translation" of the object shown,
//  {lang, engine, text} or {lang, error} (the job keeps a reference).
void imi_translate_job_add_data (imi_translate_job_t *job, json_t *shown, const char *text,
                                 const char *source);

//  A free text of a reply that is data, {"lang": source, "original": text}
//  (a new reference, NULL out of memory), added to job (NULL: none asked
//  for) as imi_translate_job_add_data.
json_t *imi_translate_text (imi_translate_job_t *job, const char *text, const char *source);

//  Run job (consumed) for the lines of a reply: returns 0 when every
//  translation came from the cache (lines now hold them; *client_p is
//  untouched), 1 when the reply will be sent later (the job took *client_p
//  and a copy of lines), -1 on error (reason set).
int imi_translate_job_run (imi_node_t *node, imi_translate_job_t **job_p, zlist_t *lines,
                           zframe_t **client_p);

//  The job of a show command (case-show, alert-show, notification-show):
//  translations into lang if the reader gave one, else into reader_lang,
//  the reader's own. NULL when wanted is false: nothing to translate.
imi_translate_job_t *imi_translate_job_for (bool wanted, const char *lang,
                                            const char *reader_lang);

//  End a show command that filled lines and added texts to job (consumed;
//  NULL if none was asked for) with result rc: when rc is 0 and there is
//  a job, it runs as imi_translate_job_run (the reply may be sent later:
//  *client_p is taken then). Returns rc, or -1 if the job could not run
//  (reason set). On a read-only store (a reader's, imi_readers) a job is
//  refused with IMI_ERROR_WRITER: the loop, which owns the worker, runs the
//  command again.
int imi_translate_job_finish (imi_node_t *node, imi_translate_job_t **job_p, int rc,
                              zlist_t *lines, zframe_t **client_p);

//  The same for a show command whose reply is data: document, whose texts
//  were added with imi_translate_job_add_data; answered later as one line
//  of its JSON (the job keeps a reference), or now with the translations
//  from the cache filled in; refused on a read-only store as above.
int imi_translate_job_finish_data (imi_node_t *node, imi_translate_job_t **job_p, int rc,
                                   json_t *document, zframe_t **client_p);

//  The control command translate (from source, to target, text): *result
//  is the free text of imi_translate_text (the caller's), translated now
//  (0) or in the reply sent later (1, *client_p taken); the reply is an
//  error if the text could not be translated (invalid if no engine has
//  the languages). -2 for bad input, -1.
int imi_translate_command (imi_node_t *node, const char *source, const char *target,
                           const char *text, json_t **result, zframe_t **client_p);

void imi_translate_test (bool verbose);

//  The translation module: its worker (started and stopped with the node),
//  the worker's pipe in the loop, the deadlines (imi_module.h).
extern const imi_module_t imi_translate_module;

#endif

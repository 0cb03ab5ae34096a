/*  Unit test: imi_retention on a real SQLite file and the real catalogue
    (copied, with patients-rights-information-request set to 18 months).

    Two complete cases (send, accept, disclose with subject fields, text and
    an attachment, answer with answers and text, close with ratings) are
    written as imi_cases writes them, with their envelopes in the inbox and
    the outbox, closed at CLOSED: one of a 6-month procedure, one of the
    18-month one. The job then runs at chosen times around each limit, and
    twice at each (idempotent); one run is stopped between its steps and the
    next one finishes its work. After deletion the test checks what the
    regulation and the auditors rely on: no personal data is left in any
    table, the events still decode and fold to the same case (state, dates,
    ratings, order, nothing voided), every stored envelope keeps its signed
    header and a signature that verifies, an undelivered envelope stays
    whole until delivered, and one LOCAL audit leaf per change. The
    machine translations of a case's texts are dropped when it is blocked
    and when it is deleted; what an open case held back (case_held) goes
    with an early erasure. The step that finishes a run, and an erasure,
    leave the WAL at zero bytes (its old pages of what was erased gone);
    a run stopped between steps does not.
*/
#include "imi_audit.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_retention.h"
#include "imi_schema.h"
#include "imi_translate.h"
#include "imi_workflow.h"

#include <assert.h>
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define D           86400000LL                  //  one day in ms
#define CLOSED      1706788800000LL             //  2024-02-01 12:00 UTC
#define SIX         1722513600000LL             //  2024-08-01 12:00 UTC: CLOSED + 6 months
#define EIGHTEEN    1754049600000LL             //  2025-08-01 12:00 UTC: + 18 months
#define THREE_YEARS 1801483200000LL             //  2027-02-01 12:00 UTC: + 36 months
#define CASE_6      "DE-0000000000000006"
#define CASE_18     "DE-0000000000000018"
#define CASE_OPEN   "DE-00000000000000aa"

static imi_store_t *s_store;
static char s_wal_path [300];           //  the store's WAL file
static uint8_t s_sign_public [IMI_SIGN_PUBLIC_BYTES];
static uint8_t *s_sign_secret;
static uint8_t s_shared [IMI_BOX_SHARED_BYTES];
static uint64_t s_seq;                          //  last seq used on the FR link

static char s_family [] = "Kowalski";
static char s_text [] = "Frau Dr. Kowalski beantragt die Anerkennung.";
static char s_answer [] = "Kowalski is registered under number 4711";
static char s_answer_text [] = "Le diplome de Mme Kowalski est authentique.";

//  ---------------------------------------------------------------------------
//  Fixture: a case as imi_cases stores it

static int64_t
s_count (const char *sql)
{
    sqlite3_stmt *statement;
    assert (sqlite3_prepare_v2 (imi_store_db (s_store), sql, -1, &statement, NULL) == SQLITE_OK);
    assert (sqlite3_step (statement) == SQLITE_ROW);
    int64_t value = sqlite3_column_int64 (statement, 0);
    sqlite3_finalize (statement);
    return value;
}

static void
s_exec (const char *sql)
{
    assert (imi_store_exec (s_store, sql) == 0);
}

//  Store an envelope carrying body in the inbox or outbox, and note it.
static void
s_envelope (const char *case_id, bool inbound, bool delivered, const uint8_t *body, size_t size)
{
    imi_header_t header = { .version = IMI_PROTOCOL_VERSION, .type = IMI_TYPE_CASE_EVENT,
                            .seq = ++s_seq, .timestamp_ms = CLOSED };
    imi_random (header.message_id, sizeof header.message_id);
    memcpy (header.from, inbound? "FR": "DE", 3);
    memcpy (header.to, inbound? "DE": "FR", 3);
    uint8_t *envelope;
    size_t envelope_size;
    assert (imi_envelope_seal (&envelope, &envelope_size, &header, body, size, s_shared,
                               s_sign_secret, NULL) == 0);
    imi_envelope_view_t view;
    assert (imi_envelope_decode (&view, envelope, envelope_size) == 0);
    uint8_t header_hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (&view, header_hash);
    const char *sql = inbound
        ? "INSERT INTO inbox (peer, seq, message_id, type, header_hash, envelope, received_ms)"
          " VALUES ('FR', ?1, ?2, 9, ?3, ?4, ?5)"
        : "INSERT INTO outbox (peer, seq, message_id, type, header_hash, envelope, created_ms,"
          " delivered_ms) VALUES ('FR', ?1, ?2, 9, ?3, ?4, ?5, ?6)";
    sqlite3_stmt *statement = imi_store_statement (s_store, sql);
    sqlite3_bind_int64 (statement, 1, (sqlite3_int64) header.seq);
    sqlite3_bind_blob (statement, 2, header.message_id, IMI_MESSAGE_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 3, header_hash, IMI_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 4, envelope, (int) envelope_size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, CLOSED);
    if (!inbound && delivered)
        sqlite3_bind_int64 (statement, 6, CLOSED);
    assert (imi_store_step_done (s_store, statement, "envelope") == 0);
    assert (imi_audit_envelope (s_store, inbound? IMI_LEAF_RECEIVED: IMI_LEAF_SENT, "FR", &view,
                                NULL, CLOSED) == 0);
    free (envelope);
    statement = imi_store_statement (s_store,
        "INSERT INTO case_messages (case_id, inbound, peer, seq) VALUES (?1, ?2, 'FR', ?3)");
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 2, inbound);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) header.seq);
    assert (imi_store_step_done (s_store, statement, "case message") == 0);
}

static imi_case_event_t
s_event (const char *case_id, int side, uint64_t n, uint64_t seen, const char *kind, int64_t at)
{
    imi_case_event_t event;
    memset (&event, 0, sizeof event);
    snprintf (event.case_id, sizeof event.case_id, "%s", case_id);
    event.side = (uint32_t) side;
    event.n = n;
    event.seen = seen;
    snprintf (event.kind, sizeof event.kind, "%s", kind);
    event.at_ms = (uint64_t) at;
    snprintf (event.actor, sizeof event.actor, side? "pierre": "anna");
    snprintf (event.authority, sizeof event.authority, side? "FR:cnom": "DE:aek-berlin");
    return event;
}

static void
s_event_store (const imi_case_event_t *event, bool inbound, bool delivered)
{
    uint8_t *body;
    size_t size;
    assert (imi_case_event_encode (event, &body, &size) == 0);
    sqlite3_stmt *statement = imi_store_statement (s_store,
        "INSERT INTO case_events (case_id, side, n, seen, kind, actor, authority, at_ms, body,"
        " personal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    sqlite3_bind_text (statement, 1, event->case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 2, (int) event->side);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) event->n);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) event->seen);
    sqlite3_bind_text (statement, 5, event->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, event->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 7, event->authority, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 8, (sqlite3_int64) event->at_ms);
    sqlite3_bind_blob (statement, 9, body, (int) size, SQLITE_STATIC);
    sqlite3_bind_int (statement, 10, event->subject_count || event->text || event->answer_count
                                     || event->file_count);
    assert (imi_store_step_done (s_store, statement, "event") == 0);
    s_envelope (event->case_id, inbound, delivered, body, size);
    free (body);
}

//  A case of procedure, requested by us (DE), closed at closed (0: still
//  answered, not closed). The close travels last and is not delivered yet.
static void
s_case_add (const char *case_id, const char *procedure, int64_t closed)
{
    int64_t start = CLOSED - 30 * D;
    assert (imi_store_begin (s_store) == 0);
    sqlite3_stmt *statement = imi_store_statement (s_store,
        "INSERT INTO cases (id, procedure, requester, responder, requester_state,"
        " responder_state, side, state, lang, created_ms, closed_ms, rating_timely,"
        " rating_effort, updated_ms)"
        " VALUES (?1, ?2, 'DE:aek-berlin', 'FR:cnom', 'DE', 'FR', 0, ?3, 'de', ?4, ?5, 1, 0, ?4)");
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, closed? "closed": "answered", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 4, start);
    if (closed)
        sqlite3_bind_int64 (statement, 5, closed);
    assert (imi_store_step_done (s_store, statement, "case") == 0);

    imi_case_event_t send = s_event (case_id, 0, 1, 0, "send", start);
    snprintf (send.procedure, sizeof send.procedure, "%s", procedure);
    snprintf (send.requester, sizeof send.requester, "DE:aek-berlin");
    snprintf (send.responder, sizeof send.responder, "FR:cnom");
    snprintf (send.lang, sizeof send.lang, "de");
    snprintf (send.reply_date, sizeof send.reply_date, "2024-01-31");
    char questions [2][IMI_CASE_CODE_MAX + 1] = { "pq.diploma-authentic", "pq.registered" };
    send.questions = questions;
    send.question_count = 2;
    s_event_store (&send, false, true);

    imi_case_event_t accept = s_event (case_id, 1, 1, 1, "accept", start + D);
    snprintf (accept.reply_date, sizeof accept.reply_date, "2024-01-30");
    s_event_store (&accept, true, true);

    imi_case_event_t disclose = s_event (case_id, 0, 2, 1, "disclose", start + D + 1000);
    imi_case_pair_t subject [1] = { { "pq.family-name", s_family } };
    imi_case_file_t file = { .name = "kowalski-diploma.pdf", .size = 7 };
    imi_hash (file.hash, "diploma", 7);
    disclose.subject = subject;
    disclose.subject_count = 1;
    disclose.text = s_text;
    snprintf (disclose.text_lang, sizeof disclose.text_lang, "de");
    disclose.files = &file;
    disclose.file_count = 1;
    s_event_store (&disclose, false, true);

    imi_case_event_t answer = s_event (case_id, 1, 2, 2, "answer", start + 10 * D);
    imi_case_pair_t answers [2] = { { "pq.diploma-authentic", s_answer },
                                    { "pq.registered", s_answer } };
    answer.answers = answers;
    answer.answer_count = 2;
    answer.text = s_answer_text;
    snprintf (answer.text_lang, sizeof answer.text_lang, "fr");
    s_event_store (&answer, true, true);

    if (closed) {
        imi_case_event_t close = s_event (case_id, 0, 3, 2, "close", closed);
        close.has_timely = close.timely = true;
        close.has_effort = true;
        s_event_store (&close, false, false);
    }
    statement = imi_store_statement (s_store,
        "INSERT INTO case_attachments (case_id, hash, name, size, side, n, personal, data)"
        " VALUES (?1, ?2, 'kowalski-diploma.pdf', 7, 0, 2, 1, 'diploma')");
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 2, file.hash, IMI_HASH_BYTES, SQLITE_STATIC);
    assert (imi_store_step_done (s_store, statement, "attachment") == 0);
    statement = imi_store_statement (s_store,
        "INSERT INTO case_parts (case_id, hash, part, data) VALUES (?1, x'00', 0, 'Kowalski')");
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    assert (imi_store_step_done (s_store, statement, "piece") == 0);
    assert (imi_store_commit (s_store) == 0);
}

//  ---------------------------------------------------------------------------
//  What the test reads back

//  Fold case_id's stored events; returns the folded case.
static imi_case_folded_t
s_fold (const char *case_id, size_t order [8], char voids [8][IMI_WORKFLOW_REASON_MAX])
{
    sqlite3_stmt *statement = imi_store_statement (s_store,
        "SELECT body FROM case_events WHERE case_id = ?1 ORDER BY side, n");
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    imi_case_event_t events [8];
    size_t count = 0;
    while (sqlite3_step (statement) == SQLITE_ROW) {
        assert (count < 8);
        assert (imi_case_event_decode (&events [count++], sqlite3_column_blob (statement, 0),
                                       (size_t) sqlite3_column_bytes (statement, 0)) == 0);
    }
    sqlite3_reset (statement);
    imi_case_folded_t folded;
    assert (imi_workflow_fold (events, count, &folded, order, voids) == 0);
    for (size_t index = 0; index < count; index++)
        imi_case_event_cleanup (&events [index]);
    return folded;
}

static bool
s_blocked (const char *case_id)
{
    char sql [160];
    snprintf (sql, sizeof sql, "SELECT blocked_ms IS NOT NULL FROM cases WHERE id = '%s'",
              case_id);
    return s_count (sql) != 0;
}

static bool
s_deleted (const char *case_id)
{
    char sql [160];
    snprintf (sql, sizeof sql, "SELECT deleted_ms IS NOT NULL FROM cases WHERE id = '%s'",
              case_id);
    return s_count (sql) != 0;
}

//  The bytes of the store's WAL file (0 if there is none).
static long long
s_wal_bytes (void)
{
    struct stat info;
    return stat (s_wal_path, &info) == 0? (long long) info.st_size: 0;
}

//  A run of the job at now, step by step to the end.
static imi_retention_report_t
s_run (imi_catalogue_t *catalogue, int64_t now)
{
    imi_retention_run_t *run = imi_retention_run_new (s_store, catalogue, now);
    assert (run);
    int rc;
    while ((rc = imi_retention_run_step (run)) == 1)
        ;
    assert (rc == 0);
    imi_retention_report_t report = *imi_retention_run_report (run);
    imi_retention_run_destroy (&run);
    return report;
}

//  An erased envelope, byte by byte: msgpack [bin header, bin "", bin(64)
//  signature]. Points view's header and signature into data; 0 or -1.
static int
s_cut_parse (const uint8_t *data, size_t size, imi_envelope_view_t *view)
{
    size_t at = 1;
    if (size < 3 || data [0] != 0x93)
        return -1;
    if (data [at] == 0xc4) {
        view->header_size = data [at + 1];
        at += 2;
    }
    else
    if (data [at] == 0xc5 && size > at + 3) {
        view->header_size = (size_t) data [at + 1] << 8 | data [at + 2];
        at += 3;
    }
    else
        return -1;
    view->header_bytes = data + at;
    at += view->header_size;
    if (size != at + 2 + 2 + IMI_SIGNATURE_BYTES || data [at] != 0xc4 || data [at + 1] != 0
    ||  data [at + 2] != 0xc4 || data [at + 3] != IMI_SIGNATURE_BYTES)
        return -1;
    view->body = NULL;
    view->body_size = 0;
    view->signature = data + at + 4;
    return 0;
}

//  Every stored envelope, whole or erased, keeps the signed header it was
//  stored under (its hash) and a signature that verifies; returns how many
//  were erased.
static int64_t
s_envelopes_check (void)
{
    int64_t cut = 0;
    const char *sqls [] = { "SELECT envelope, header_hash FROM inbox",
                            "SELECT envelope, header_hash FROM outbox" };
    for (int box = 0; box < 2; box++) {
        sqlite3_stmt *statement = imi_store_statement (s_store, sqls [box]);
        while (sqlite3_step (statement) == SQLITE_ROW) {
            const uint8_t *data = sqlite3_column_blob (statement, 0);
            size_t size = (size_t) sqlite3_column_bytes (statement, 0);
            imi_envelope_view_t view;
            if (imi_envelope_decode (&view, data, size)) {
                assert (s_cut_parse (data, size, &view) == 0);
                imi_header_t header;
                assert (imi_envelope_header_decode (&header, view.header_bytes,
                                                    view.header_size) == 0);
                cut++;
            }
            uint8_t hash [IMI_HASH_BYTES];
            imi_envelope_header_hash (&view, hash);
            assert (memcmp (hash, sqlite3_column_blob (statement, 1), IMI_HASH_BYTES) == 0);
            assert (imi_verify (view.signature, IMI_ENVELOPE_SIGN_CONTEXT, view.header_bytes,
                                view.header_size, s_sign_public) == 0);
        }
        sqlite3_reset (statement);
    }
    return cut;
}

//  Bytes of personal data anywhere in the case's own tables.
static int64_t
s_personal_left (const char *case_id)
{
    char sql [1024];
    snprintf (sql, sizeof sql,
        "SELECT (SELECT count(*) FROM case_events WHERE case_id = '%1$s'"
        "        AND (instr (body, CAST ('Kowalski' AS BLOB)) OR instr (body, CAST ('4711' AS BLOB))))"
        " + (SELECT count(*) FROM case_attachments WHERE case_id = '%1$s'"
        "        AND (data IS NOT NULL OR name LIKE '%%kowalski%%'))"
        " + (SELECT count(*) FROM case_parts WHERE case_id = '%1$s')"
        " + (SELECT count(*) FROM case_drafts WHERE case_id = '%1$s')"
        " + (SELECT count(*) FROM case_held WHERE case_id = '%1$s')", case_id);
    return s_count (sql);
}

//  ---------------------------------------------------------------------------
//  The catalogue, with the patients' rights procedure blocked after 18 months

static void
s_catalogue_copy (const char *to)
{
    DIR *dir = opendir (IMI_SOURCE_CATALOGUE_DIR);
    assert (dir);
    struct dirent *entry;
    while ((entry = readdir (dir))) {
        if (entry->d_name [0] == '.')
            continue;
        char path [1024];
        snprintf (path, sizeof path, "%s/%s", IMI_SOURCE_CATALOGUE_DIR, entry->d_name);
        FILE *in = fopen (path, "r");
        assert (in);
        snprintf (path, sizeof path, "%s/%s", to, entry->d_name);
        FILE *out = fopen (path, "w");
        assert (out);
        char line [4096];
        while (fgets (line, sizeof line, in)) {
            if (strcmp (entry->d_name, "requests.tsv") == 0
            &&  strncmp (line, "patients-rights-information-request\t", 36) == 0) {
                char *last = strrchr (line, '\t');
                assert (last && strcmp (last, "\t6\n") == 0);
                strcpy (last, "\t18\n");
            }
            fputs (line, out);
        }
        fclose (in);
        assert (fclose (out) == 0);
    }
    closedir (dir);
}

//  ---------------------------------------------------------------------------

static void
s_add_months_test (void)
{
    //  Known answers: the same day, or the last day of a shorter month
    struct { const char *from; int months; const char *to; } cases [] = {
        { "2024-02-01", 6, "2024-08-01" }, { "2024-08-31", 6, "2025-02-28" },
        { "2023-08-31", 6, "2024-02-29" }, { "2024-02-29", 36, "2027-02-28" },
        { "2024-12-15", 18, "2026-06-15" }, { "2024-01-31", 1, "2024-02-29" },
        { "2024-05-05", 0, "2024-05-05" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        int64_t from, to;
        assert (imi_case_date_parse (cases [index].from, &from));
        assert (imi_case_date_parse (cases [index].to, &to));
        int64_t at = from * D + 12 * 3600000LL + 1234;
        assert (imi_retention_add_months (at, cases [index].months) == to * D + 12 * 3600000LL + 1234);
    }
    assert (imi_retention_add_months (CLOSED, 6) == SIX);
    assert (imi_retention_add_months (CLOSED, 18) == EIGHTEEN);
    assert (imi_retention_add_months (CLOSED, 36) == THREE_YEARS);
}

static void
s_redact_test (void)
{
    //  An event whose only content was a file keeps content, so it still folds
    imi_case_event_t event = s_event (CASE_6, 1, 3, 2, "message", CLOSED);
    event.files = calloc (1, sizeof (imi_case_file_t));
    assert (event.files);
    snprintf (event.files [0].name, sizeof event.files [0].name, "x.pdf");
    event.files [0].size = 1;
    event.file_count = 1;
    imi_retention_redact (&event);
    assert (event.file_count == 0 && event.files == NULL);
    assert (event.text && strcmp (event.text, IMI_RETENTION_ERASED) == 0);
    assert (strcmp (event.text_lang, "en") == 0);
    assert (imi_case_event_validate (&event) == 0);
    imi_case_event_cleanup (&event);
    //  An event without personal content stays as it was
    event = s_event (CASE_6, 1, 1, 1, "accept", CLOSED);
    snprintf (event.reply_date, sizeof event.reply_date, "2024-01-30");
    imi_retention_redact (&event);
    assert (!event.text && !event.answer_count && !event.subject_count);
}

int
main (void)
{
    printf ("test_retention: ");
    assert (imi_crypto_init () == 0);
    s_add_months_test ();
    s_redact_test ();

    char folder [] = "/tmp/imi-test-retention.XXXXXX";
    assert (mkdtemp (folder));
    char path [256];
    snprintf (path, sizeof path, "%s/catalogue", folder);
    assert (mkdir (path, 0700) == 0);
    s_catalogue_copy (path);
    imi_catalogue_t *catalogue = imi_catalogue_load (path);
    assert (catalogue);
    assert (imi_catalogue_request_rules (catalogue, "patients-rights-information-request")
            ->block_months == 18);
    snprintf (path, sizeof path, "%s/node.db", folder);
    s_store = imi_schema_open (path);
    assert (s_store);
    snprintf (s_wal_path, sizeof s_wal_path, "%s-wal", path);
    s_sign_secret = sodium_malloc (IMI_SIGN_SECRET_BYTES);
    assert (s_sign_secret);
    imi_sign_keypair (s_sign_public, s_sign_secret);
    imi_random (s_shared, sizeof s_shared);

    s_case_add (CASE_6, "pq-information-request", CLOSED);
    s_case_add (CASE_18, "patients-rights-information-request", CLOSED);
    s_case_add (CASE_OPEN, "pq-information-request", 0);
    size_t order_before [8], order_after [8];
    char voids [8][IMI_WORKFLOW_REASON_MAX];
    //  Machine translations of the texts (as readers of CASE_6 asked), and
    //  a message CASE_OPEN's node still holds back, translated too
    static char held_text [] = "Frau Kowalski wohnt in Berlin.";
    const char *texts [] = { s_text, s_answer_text, held_text };
    for (size_t index = 0; index < 3; index++)
        assert (imi_translate_cache_put (s_store, texts [index], "de", "en", "test",
                                         "IN ENGLISH", CLOSED) == 0);
    imi_case_event_t held = s_event (CASE_OPEN, 0, 3, 2, "message", CLOSED);
    held.text = held_text;
    snprintf (held.text_lang, sizeof held.text_lang, "de");
    uint8_t *body;
    size_t body_size;
    assert (imi_case_event_encode (&held, &body, &body_size) == 0);
    sqlite3_stmt *statement = imi_store_statement (s_store,
        "INSERT INTO case_held (case_id, k, body) VALUES (?1, 1, ?2)");
    sqlite3_bind_text (statement, 1, CASE_OPEN, -1, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 2, body, (int) body_size, SQLITE_STATIC);
    assert (imi_store_step_done (s_store, statement, "held") == 0);
    free (body);
    const char *translated = "SELECT count(*) FROM translations";
    imi_case_folded_t before = s_fold (CASE_6, order_before, voids);
    assert (before.state == IMI_CASE_CLOSED && before.closed_ms == CLOSED);
    int64_t leaves = s_count ("SELECT count(*) FROM audit_leaves");
    int64_t envelopes = s_count ("SELECT count(*) FROM inbox") + s_count ("SELECT count(*) FROM outbox");
    assert (envelopes == 14);
    assert (s_envelopes_check () == 0);

    //  6 months - 1 day: nothing
    imi_retention_report_t report = s_run (catalogue, SIX - D);
    assert (report.blocked == 0 && report.deleted == 0 && report.swept == 0);
    assert (!s_blocked (CASE_6) && !s_blocked (CASE_18));
    //  6 months + 1 day: the 6-month case is blocked, the 18-month one not;
    //  again: nothing more
    report = s_run (catalogue, SIX + D);
    assert (report.blocked == 1 && report.deleted == 0);
    assert (s_blocked (CASE_6) && !s_blocked (CASE_18) && !s_blocked (CASE_OPEN));
    assert (s_personal_left (CASE_6) > 0);          //  blocked is not deleted
    assert (s_count (translated) == 1);             //  but its translations are gone
    report = s_run (catalogue, SIX + D);
    assert (report.blocked == 0 && report.deleted == 0 && report.swept == 0);
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 1);
    //  18 months - 1 day, + 1 day
    report = s_run (catalogue, EIGHTEEN - D);
    assert (report.blocked == 0 && !s_blocked (CASE_18));
    report = s_run (catalogue, EIGHTEEN + D);
    assert (report.blocked == 1 && s_blocked (CASE_18));
    assert (imi_translate_cache_put (s_store, s_text, "de", "fr", "test", "EN FRANCAIS",
                                     EIGHTEEN + D) == 0);      //  a coordinator read it
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 2);
    //  3 years - 1 day: not deleted yet
    report = s_run (catalogue, THREE_YEARS - D);
    assert (report.deleted == 0 && !s_deleted (CASE_6));
    assert (s_personal_left (CASE_6) > 0);

    //  3 years + 1 day: both deleted, by a run stopped after its first case
    //  (as when the node is killed between steps) and the next run, which
    //  does the rest
    imi_retention_run_t *run = imi_retention_run_new (s_store, catalogue, THREE_YEARS + D);
    assert (run && imi_retention_run_step (run) == 1);      //  the page: both are due
    assert (imi_retention_run_report (run)->deleted == 0);
    assert (imi_retention_run_step (run) == 1);             //  the first one
    assert (imi_retention_run_report (run)->deleted == 1);
    imi_retention_run_destroy (&run);
    assert (s_deleted (CASE_6) != s_deleted (CASE_18));
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 3);
    assert (s_wal_bytes () > 0);                    //  the WAL holds the pages written
    report = s_run (catalogue, THREE_YEARS + D);
    assert (report.deleted == 1 && report.blocked == 0 && report.swept == 0);
    assert (s_wal_bytes () == 0);                   //  the run's last step truncated it
    assert (s_deleted (CASE_6) && s_deleted (CASE_18) && !s_deleted (CASE_OPEN));
    assert (s_personal_left (CASE_6) == 0 && s_personal_left (CASE_18) == 0);
    assert (s_personal_left (CASE_OPEN) > 0);
    assert (s_count (translated) == 1);             //  held_text's, of CASE_OPEN
    assert (s_count ("SELECT count(*) FROM case_events WHERE case_id = '" CASE_6 "'") == 5);
    assert (s_count ("SELECT count(*) FROM case_events WHERE case_id = '" CASE_6 "'"
                     " AND erased_ms IS NOT NULL") == 2);      //  disclose, answer
    assert (s_count ("SELECT count(*) FROM case_attachments WHERE case_id = '" CASE_6 "'"
                     " AND size = 7") == 1);                   //  that there was one stays
    //  The timeline folds to the same case
    imi_case_folded_t after = s_fold (CASE_6, order_after, voids);
    assert (after.state == IMI_CASE_CLOSED && after.closed_ms == before.closed_ms);
    assert (after.accepted_ms == before.accepted_ms && after.answered_ms == before.answered_ms);
    assert (strcmp (after.agreed_date, before.agreed_date) == 0);
    assert (after.rating_timely == 1 && after.rating_effort == 0);
    assert (after.disclosed);
    assert (memcmp (order_after, order_before, 5 * sizeof (size_t)) == 0);
    for (int index = 0; index < 5; index++)
        assert (voids [index][0] == 0);
    //  Envelopes: bodies cut but the undelivered close, headers and
    //  signatures intact; the audit log has one leaf per deletion
    assert (s_envelopes_check () == 8);
    assert (s_count ("SELECT count(*) FROM case_messages WHERE erased_ms IS NULL"
                     " AND case_id != '" CASE_OPEN "'") == 2);
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 4);
    //  Idempotent
    report = s_run (catalogue, THREE_YEARS + D);
    assert (report.blocked == 0 && report.deleted == 0 && report.swept == 0);
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 4);
    //  The close is delivered: the next run cuts it too
    s_exec ("UPDATE outbox SET delivered_ms = 1 WHERE delivered_ms IS NULL");
    report = s_run (catalogue, THREE_YEARS + 2 * D);
    assert (report.swept == 2 && report.deleted == 0);
    assert (s_envelopes_check () == 10);
    report = s_run (catalogue, THREE_YEARS + 2 * D);
    assert (report.swept == 0);

    //  Early erasure on request: any time, once
    assert (imi_retention_erase (s_store, CASE_OPEN, "", THREE_YEARS) == -2);
    assert (imi_retention_erase (s_store, CASE_OPEN, "ticket\n1", THREE_YEARS) == -2);
    assert (imi_retention_erase (s_store, "DE-00000000000000ff", "req 1", THREE_YEARS) == -2);
    assert (imi_retention_erase (s_store, CASE_OPEN, "data subject request 2027/17",
                                 THREE_YEARS) == 0);
    assert (s_wal_bytes () == 0);                   //  the erasure truncated it
    assert (s_deleted (CASE_OPEN) && s_personal_left (CASE_OPEN) == 0);
    assert (s_count (translated) == 0);
    assert (imi_retention_erase (s_store, CASE_OPEN, "again", THREE_YEARS) == -2);
    assert (strstr (imi_error_last (), "was deleted on 2027-02-01"));
    assert (s_count ("SELECT count(*) FROM audit_leaves") == leaves + 5);
    assert (s_envelopes_check () == 14);

    //  Attachment pieces no event claimed are dropped after 30 days, not before
    s_exec ("INSERT INTO case_parts (case_id, hash, part, data, received_ms) VALUES"
            " ('DE-00000000000000aa', zeroblob (32), 0, x'01', 1000),"
            " ('DE-00000000000000ab', zeroblob (32), 0, x'02', 1000 + 30 * 86400000)");
    report = s_run (catalogue, 1000 + 30LL * 86400000 - 1);
    assert (report.pieces == 0 && s_count ("SELECT count(*) FROM case_parts") == 2);
    report = s_run (catalogue, 1000 + 30LL * 86400000 + 1);
    assert (report.pieces == 1 && s_count ("SELECT count(*) FROM case_parts") == 1);
    assert (s_count ("SELECT count(*) FROM case_parts WHERE case_id = 'DE-00000000000000ab'") == 1);

    sodium_free (s_sign_secret);
    imi_store_destroy (&s_store);
    imi_catalogue_destroy (&catalogue);
    char command [512];
    snprintf (command, sizeof command, "rm -rf '%s'", folder);
    assert (system (command) == 0);
    printf ("OK\n");
    return 0;
}

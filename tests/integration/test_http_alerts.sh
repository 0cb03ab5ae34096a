#!/usr/bin/env bash
# Alerts, notifications, the repository and translation over the HTTP API
# (docs/http.md), two real nodes driven by curl on 127.0.0.1: DE issues an
# alert, FR sees and acknowledges it, DE sees who acknowledged, corrects and
# withdraws it; `imictl --json alert show` is the HTTP body byte for byte;
# refusals are problem documents with the CLI's reason and the right status
# (a role that may not issue: 403; another state's alert: 403; a withdrawn
# or closed alert acted on: 409; an alert the user cannot see: 404; a bad
# cursor: 422); an attachment uploaded as a form and downloaded as its
# bytes at FR (not by an auditor: 403); the alert list is paged (limit 1 over three alerts, every
# alert once); a notification with a comment both ways, its register entry
# searched and shown; a text translated (when Apertium is installed).
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE FR
for state in DE FR; do
    # A translation through a pivot may take seconds on a loaded machine:
    # the HTTP answer waits for it (docs/http.md, "Translation").
    http_serve "$state" "translate_timeout_ms = 15000" "http_answer_timeout_ms = 20000"
done
for state in DE FR; do node_start "$state"; done
data="$(dirname "$0")/data"
for state in DE FR; do
    ctl "$state" authority import "$data/alerts-$state.jsonl" >/dev/null || fail "$state authorities"
    ctl "$state" authority import "$data/eurocash-$state.jsonl" >/dev/null \
        || fail "$state euro-cash authority"
done
wait_until 15 connected_to DE FR || fail "DE does not see FR"

# Users, made by the operator; each then logs in over HTTP with a cookie jar.
declare -A HOME_OF
anna_token=$(user_session DE anna DE:medical handler de)        # issues alerts
user_session DE dora DE:medical auditor de >/dev/null            # may not issue
user_session FR pierre FR:medical handler fr >/dev/null         # receives
user_session DE hans DE:bundesbank-cash handler de >/dev/null   # notifies
user_session FR marie FR:bdf-cash handler fr >/dev/null         # receives
HOME_OF=([anna]=DE [dora]=DE [pierre]=FR [hans]=DE [marie]=FR)

# Each user calls the API of their node through lib.sh's HTTP client.
for user in anna dora pierre hans marie; do http_login "$user" "${HOME_OF[$user]}" "$user"; done
today=$(date -u +%F)
yesterday=$(date -u -d '-1 day' +%F)

say "an alert: issued at DE, seen and acknowledged at FR"
expect 200 anna POST /api/v1/alerts -d "{\"procedure\": \"pq-alert\", \"to\": [\"FR\"],
    \"field\": {\"pq-alert.family-name\": \"Kowalski\", \"pq-alert.decision-type\": \"prohibition\",
               \"pq-alert.decision-date\": \"$yesterday\"},
    \"text\": \"Approbation widerrufen.\"}"
id=$(field 'd ["id"]')
[[ $id =~ ^DE-[0-9a-f]{16}$ ]] || fail "alert id: $id"
[ "$(field 'd ["state"], d ["version"], d ["direction"], d ["states"]')" = "('issued', 1, 'out', ['FR'])" ] \
    || fail "the new alert: $(cat "$FED/body")"
[ "$(field 'd ["history"][0]["text"]')" = "{'lang': 'de', 'original': 'Approbation widerrufen.'}" ] \
    || fail "the text as written: $(cat "$FED/body")"
[ "$(field 'd ["in_time"]')" = "{'on_time': True, 'days': 1, 'limit': 3}" ] \
    || fail "in time: $(cat "$FED/body")"
arrived () { [ "$(api pierre GET "/api/v1/alerts/$id")" = 200 ]; }
wait_until 20 arrived || fail "the alert did not reach FR: $(cat "$FED/body")"
[ "$(field 'd ["actions"]')" = "['acknowledge']" ] || fail "a recipient's actions: $(cat "$FED/body")"
[ "$(field 'd ["direction"], d ["state"], [(a ["authority"], a ["by"]) for a in d ["acknowledgements"]]')" \
    = "('in', 'issued', [('FR:medical', None), ('FR:nursing', None)])" ] \
    || fail "FR's copy: $(cat "$FED/body")"
grep -q "Interdiction d'exercer" "$FED/body" || fail "FR does not read the choice in French"
expect 200 pierre GET /api/v1/alerts
[ "$(field '[a ["id"] for a in d ["items"]], d ["next_cursor"]')" = "(['$id'], None)" ] \
    || fail "FR's list: $(cat "$FED/body")"
[ "$(field 'd ["items"][0]["acknowledged"], d ["items"][0]["recipients"]')" = "(0, 2)" ] \
    || fail "FR's list counts: $(cat "$FED/body")"
expect 200 pierre POST "/api/v1/alerts/$id/acknowledge"
[ "$(field 'd ["acknowledgements"][0]["version"], d ["acknowledgements"][0]["by"]')" = "(1, 'pierre')" ] \
    || fail "the acknowledgement's answer: $(cat "$FED/body")"
acked () {
    api anna GET "/api/v1/alerts/$id" >/dev/null
    [ "$(field '[(a ["authority"], a ["version"], a ["by"]) for a in d ["acknowledgements"]]')" \
        = "[('FR:medical', 1, 'pierre')]" ]
}
wait_until 20 acked || fail "DE does not show who acknowledged: $(cat "$FED/body")"
[ "$(field 'd ["actions"]')" = "['correct', 'withdraw', 'close']" ] || fail "the sender's actions: $(cat "$FED/body")"
expect 200 dora GET "/api/v1/alerts/$id"
[ "$(field 'd ["actions"]')" = "[]" ] || fail "an auditor's actions: $(cat "$FED/body")"
ok "issued at DE (the answer is the alert), seen at FR in French, acknowledged there; DE shows FR:medical acknowledged version 1 by pierre; the actions offered: the sender's three, a recipient's acknowledge, none to an auditor"

say "the alert and notification procedures, for the forms"
expect 200 pierre GET /api/v1/alerts/procedures
[ "$(field '[(p ["code"], p ["may_issue"], p ["send_within"]) for p in d ["procedures"]]')" \
    = "[('pq-alert', True, 3), ('services-alert', False, None)]" ] || fail "FR:medical's alert procedures: $(cat "$FED/body")"
[ "$(field '[(f ["id"], f ["type"], [o ["code"] for o in f ["options"]][:1]) for f in d ["procedures"][0]["fields"] if f ["type"] != "text"]')" \
    = "[('pq-alert.date-of-birth', 'date', []), ('pq-alert.decision-type', 'choice', ['prohibition']), ('pq-alert.decision-date', 'date', [])]" ] \
    || fail "pq-alert's fields: $(cat "$FED/body")"
grep -q "Date de la décision" "$FED/body" || fail "the fields are not named in French: $(cat "$FED/body")"
expect 200 dora GET "/api/v1/alerts/procedures?lang=en"
[ "$(field '[p ["may_issue"] for p in d ["procedures"]]')" = "[False, False]" ] || fail "an auditor may issue: $(cat "$FED/body")"
IMI_SESSION=$anna_token "$IMICTL" -c "$FED/DE/node.conf" alert procedures > "$FED/cli.txt" || fail "imictl alert procedures"
grep -Eq "^pq-alert +yes +3d +Vorwarnung" "$FED/cli.txt" && grep -Eq "^  pq-alert.decision-date +date +required +Datum" "$FED/cli.txt" \
    || fail "imictl alert procedures: $(cat "$FED/cli.txt")"
expect 200 hans GET /api/v1/notifications/procedures
[ "$(field '[(p ["code"], p ["register"], [f ["field"] for f in p ["entry_fields"]][:2]) for p in d ["procedures"] if p ["may_send"]]')" \
    = "[('euro-cash-licence-notification', 'euro-cash-licences', ['issuing_state', 'licence'])]" ] \
    || fail "the notification procedures: $(cat "$FED/body")"
[ "$(field '[f ["values"] for f in d ["procedures"][0]["entry_fields"] if f ["field"] == "status"]')" \
    = "[['valid', 'suspended', 'withdrawn']]" ] || fail "a choice's values: $(cat "$FED/body")"
expect 200 anna GET /api/v1/notifications/procedures
[ "$(field '[p ["code"] for p in d ["procedures"] if p ["may_send"]], d ["procedures"][1]["register"]')" = "([], None)" ] \
    || fail "DE:medical may notify: $(cat "$FED/body")"
expect 400 anna GET "/api/v1/alerts/procedures?procedure=pq-alert"
ok "each procedure with its fields (names in the reader's language, a choice's options, a register's fields) and whether the user may issue or send under it; imictl alert procedures prints them"

say "imictl --json is the HTTP body"
api anna GET "/api/v1/alerts/$id" > /dev/null
IMI_SESSION=$anna_token "$IMICTL" -c "$FED/DE/node.conf" --json alert show "$id" > "$FED/cli.json" \
    || fail "imictl --json alert show"
cmp -s <(cat "$FED/body"; echo) "$FED/cli.json" \
    || fail "imictl --json differs from the HTTP body: $(cat "$FED/cli.json") / $(cat "$FED/body")"
python3 -m json.tool "$FED/cli.json" >/dev/null || fail "not JSON"
ok "imictl --json alert show equals GET /api/v1/alerts/{id}, byte for byte"

say "refusals: the CLI's reason, the right status"
expect 403 dora POST /api/v1/alerts -d "{\"procedure\": \"pq-alert\", \"to\": [\"FR\"],
    \"field\": {\"pq-alert.decision-date\": \"$today\"}, \"text\": \"x\"}"
problem "you cannot act (role auditor)"
expect 403 pierre POST "/api/v1/alerts/$id/correct" -d '{"text": "nein"}'
problem "only the sender of alert $id (DE:medical) can correct it"
expect 403 anna POST "/api/v1/alerts/$id/acknowledge"
problem "recipients acknowledge it"
expect 404 anna GET /api/v1/alerts/DE-0000000000000000
problem "no alert DE-0000000000000000"
expect 404 marie GET "/api/v1/alerts/$id"
problem "no alert $id"
expect 422 anna POST /api/v1/alerts -d '{"procedure": "no-such", "to": ["FR"], "text": "x"}'
problem "not an alert procedure"
expect 400 anna POST "/api/v1/alerts/$id/close" -d '{"text": "x"}'
problem "unknown member 'text'"
expect 422 anna GET "/api/v1/alerts?cursor=nonsense"
problem "not a cursor of this list"
expect 422 anna GET "/api/v1/alerts?limit=0"
problem "limit is a number from 1 to 1000"
ok "an auditor issuing 403, FR correcting DE's alert 403, the sender acknowledging 403, unknown or unseen alerts 404, a bad procedure, cursor or limit 422, an unknown member 400"

say "correct, withdraw; a withdrawn and a closed alert refuse actions"
expect 200 anna POST "/api/v1/alerts/$id/correct" -d '{"text": "Berichtigt: Ruhen der Approbation."}'
[ "$(field 'd ["state"], d ["version"], d ["history"][1]["kind"]')" = "('corrected', 2, 'correct')" ] \
    || fail "the correction's answer: $(cat "$FED/body")"
corrected () { api pierre GET "/api/v1/alerts/$id" >/dev/null; [ "$(field 'd ["version"]')" = 2 ]; }
wait_until 20 corrected || fail "the correction did not reach FR"
head -c 3000 /dev/urandom > "$FED/Beschluss.pdf"
expect 200 anna POST "/api/v1/alerts/$id/correct" -F 'json={"text": "Mit dem Beschluss."}' \
    -F "file=@$FED/Beschluss.pdf"
[ "$(field '[(f ["name"], f ["size"]) for f in d ["history"][2]["attachments"]]')" \
    = "[('Beschluss.pdf', 3000)]" ] || fail "the correction with a file: $(cat "$FED/body")"
has_file () { api pierre GET "/api/v1/alerts/$id" >/dev/null; [ "$(field 'd ["version"]')" = 3 ]; }
wait_until 20 has_file || fail "the correction with a file did not reach FR"
expect 200 pierre GET "/api/v1/alerts/$id/attachments/Beschluss.pdf"
cmp -s "$FED/body" "$FED/Beschluss.pdf" || fail "the attachment downloaded at FR differs"
expect 403 dora GET "/api/v1/alerts/$id/attachments/Beschluss.pdf"
problem "not shown to you (role auditor)"
expect 200 anna POST "/api/v1/alerts/$id/withdraw" -d '{"text": "Entscheidung aufgehoben."}'
[ "$(field 'd ["state"], d ["version"]')" = "('withdrawn', 4)" ] || fail "withdraw: $(cat "$FED/body")"
expect 409 anna POST "/api/v1/alerts/$id/close"
problem "cannot close alert $id: it is withdrawn"
withdrawn () { api pierre GET "/api/v1/alerts/$id" >/dev/null; [ "$(field 'd ["state"]')" = withdrawn ]; }
wait_until 20 withdrawn || fail "the withdrawal did not reach FR"
expect 409 pierre POST "/api/v1/alerts/$id/acknowledge"
problem "it is withdrawn"
expect 200 anna POST /api/v1/alerts -d "{\"procedure\": \"pq-alert\", \"to\": [\"FR\"],
    \"field\": {\"pq-alert.decision-date\": \"$today\"}, \"text\": \"Kurz.\"}"
closed=$(field 'd ["id"]')
expect 200 anna POST "/api/v1/alerts/$closed/close"
[ "$(field 'd ["state"]')" = closed ] || fail "close: $(cat "$FED/body")"
expect 409 anna POST "/api/v1/alerts/$closed/correct" -d '{"text": "doch"}'
problem "cannot correct alert $closed: it is closed"
ok "corrected (version 2), corrected with a file uploaded as a form (version 3; downloaded at FR as the same bytes, refused to an auditor: 403), withdrawn (version 4), each seen at FR; a withdrawn alert refuses close and acknowledge, a closed one correct: 409"

say "the list is paged"
expect 200 anna POST /api/v1/alerts -d "{\"procedure\": \"pq-alert\", \"to\": [\"FR\"],
    \"field\": {\"pq-alert.decision-date\": \"$today\"}, \"text\": \"Drittens.\"}"
expect 200 anna GET "/api/v1/alerts?limit=500"
all=$(field '" ".join (a ["id"] for a in d ["items"])')
[ "$(field 'len (d ["items"]), d ["next_cursor"]')" = "(3, None)" ] || fail "the whole list: $(cat "$FED/body")"
paged="" cursor="" pages=0
while :; do
    expect 200 anna GET /api/v1/alerts -G --data-urlencode limit=1 \
        ${cursor:+--data-urlencode "cursor=$cursor"}
    [ "$(field 'len (d ["items"])')" = 1 ] || fail "a page of limit 1: $(cat "$FED/body")"
    paged="$paged${paged:+ }$(field 'd ["items"][0]["id"]')"
    pages=$((pages + 1))
    cursor=$(field 'd ["next_cursor"] or ""')
    [ -z "$cursor" ] && break
    [ "$pages" -lt 5 ] || fail "more pages than alerts"
done
[ "$paged" = "$all" ] || fail "paged: $paged, whole: $all"
IMI_SESSION=$anna_token "$IMICTL" -c "$FED/DE/node.conf" --raw alert list --limit 2 \
    > "$FED/list.txt" 2> "$FED/list.err" || fail "imictl alert list --limit 2"
[ "$(wc -l < "$FED/list.txt")" = 4 ] || fail "imictl's page: $(cat "$FED/list.txt")"
grep -q "^(more: imictl alert list --cursor [0-9]*\.DE-[0-9a-f]* for the next page)$" \
    "$FED/list.txt" || fail "imictl does not say how to get the next page: $(cat "$FED/list.txt")"
ok "three alerts, newest first, in three pages of one (next_cursor null on the last), the same as one page of 500; imictl names the next cursor"

say "a notification, a comment each way, its register entry"
expect 200 hans POST /api/v1/notifications -d '{"procedure": "euro-cash-licence-notification",
    "to": ["FR"], "title": "Lizenz für Geldtransporte", "text": "Die Lizenz wurde erteilt.",
    "entry": {"issuing_state": "DE", "licence": "ECT-2024-0001",
              "company": "Geldtransporte Süd GmbH", "address": "Königstraße 5, München",
              "valid_from": "2024-01-01", "valid_to": "2028-12-31", "status": "valid"}}'
note=$(field 'd ["id"]')
[ "$(field 'd ["state"], d ["recipients"], d ["register"], d ["entry_key"]')" \
    = "('open', ['FR'], 'euro-cash-licences', 'DE/ECT-2024-0001')" ] || fail "the notification: $(cat "$FED/body")"
[ "$(field 'd ["actions"]')" = "['modify', 'comment', 'withdraw', 'close']" ] || fail "the sender's actions: $(cat "$FED/body")"
received () { [ "$(api marie GET "/api/v1/notifications/$note")" = 200 ]; }
wait_until 20 received || fail "the notification did not reach FR: $(cat "$FED/body")"
[ "$(field 'd ["actions"]')" = "['comment']" ] || fail "a recipient's actions: $(cat "$FED/body")"
expect 200 marie POST "/api/v1/notifications/$note/comment" -d '{"text": "Bien reçu."}'
[ "$(field '[(e ["kind"], e ["actor"]) for e in d ["events"]]')" \
    = "[('create', 'hans'), ('comment', 'marie')]" ] || fail "the comment's answer: $(cat "$FED/body")"
commented () {
    api hans GET "/api/v1/notifications/$note" >/dev/null
    [ "$(field '[e ["text"]["original"] for e in d ["events"] if e ["kind"] == "comment"]')" = "['Bien reçu.']" ]
}
wait_until 20 commented || fail "marie's comment did not reach DE: $(cat "$FED/body")"
expect 200 hans GET /api/v1/notifications
[ "$(field '[n ["id"] for n in d ["items"]], d ["next_cursor"]')" = "(['$note'], None)" ] \
    || fail "the notification list: $(cat "$FED/body")"
expect 403 marie POST "/api/v1/notifications/$note/modify" -d '{"title": "Autre"}'
problem "only its sender can"
expect 200 marie GET /api/v1/repository -G --data-urlencode q=munchen
[ "$(field '[(e ["key"], e ["status"]) for e in d ["items"]], d ["next_cursor"]')" \
    = "([('DE/ECT-2024-0001', 'valid')], None)" ] || fail "the repository search: $(cat "$FED/body")"
expect 200 marie GET /api/v1/repository/entry -G --data-urlencode key=DE/ECT-2024-0001
[ "$(field '{f ["field"]: f ["value"] for f in d ["entries"][0]["fields"]} ["company"]')" \
    = "Geldtransporte Süd GmbH" ] || fail "the entry: $(cat "$FED/body")"
expect 404 marie GET /api/v1/repository/entry -G --data-urlencode key=DE/NONE
problem "no entry 'DE/NONE' in the repository"
expect 200 hans POST "/api/v1/notifications/$note/withdraw" -d '{"text": "Zurückgezogen."}'
[ "$(field 'd ["state"]')" = withdrawn ] || fail "withdraw: $(cat "$FED/body")"
expect 409 hans POST "/api/v1/notifications/$note/comment" -d '{"text": "Noch etwas."}'
problem "it is withdrawn"
ok "created at DE with its entry, seen at FR, commented from FR (seen at DE), the entry found by 'munchen' and shown by key at FR; FR modifying 403, a comment on the withdrawn one 409"

say "translation"
if command -v apertium >/dev/null && apertium -l | grep -qx "[[:space:]]*fr-es"; then
    expect 200 pierre POST /api/v1/translate \
        -d '{"from": "fr", "to": "es", "text": "Le diplôme est authentique."}'
    [ "$(field 'd ["lang"], d ["original"], d ["machine_translation"]["lang"], d ["machine_translation"]["engine"]')" \
        = "('fr', 'Le diplôme est authentique.', 'es', 'apertium')" ] || fail "the translation: $(cat "$FED/body")"
    field 'd ["machine_translation"]["text"]' | grep -q "^El diploma" || fail "not Spanish: $(cat "$FED/body")"
    expect 422 pierre POST /api/v1/translate -d '{"from": "fr", "to": "pl", "text": "Bonjour."}'
    problem "no machine translation available from fr to pl"
    ok "fr→es through Apertium; fr→pl has no engine: 422 saying so"
else
    echo "   skipped: Apertium with the fr-es pair is not installed (scripts/setup.sh installs it)"
fi
expect 422 pierre POST /api/v1/translate -d '{"from": "FR", "to": "es", "text": "Bonjour."}'
problem "ISO 639-1 codes"
expect 422 pierre POST /api/v1/translate -d '{"from": "fr", "to": "es"}'
problem "translate needs from, to and text"
ok "badly written languages and a missing text: 422 with the reason"

fed_finish
ok "test_http_alerts passed"

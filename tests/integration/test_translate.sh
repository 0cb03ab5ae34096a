#!/usr/bin/env bash
# Machine translation of free text (imi_translate): a French text of a case
# shown in English and Spanish through Apertium (direct fr->es, a pivot for
# fr->en when no fr-en pair is installed), the original always kept; an
# unsupported pair said plainly; a cache hit never calls the engine; the
# same for an alert (its text, into the reader's own language without
# --lang; an engine that fails leaves the original) and a notification
# (its text and comments, one in German with no route); the
# http backend against a stand-in service: works, fails cleanly when the
# service is down, refuses, or is too slow (timeout), and the node keeps
# answering other commands while a slow translation is pending.
source "$(dirname "$0")/lib.sh" "$1"
command -v apertium >/dev/null || fail "apertium is not installed (scripts/setup.sh installs it)"

# A show with --translate answers once every text is translated, one at a
# time, each within translate_timeout_ms (Apertium's fr→es→en chain takes
# seconds on a busy machine): imictl waits longer than its usual 10 s.
SHOW_TIMEOUT_MS=60000

fed_create DE FR
standin_port=$(free_port)
node_config DE "translate_backend = http" "translate_url = http://127.0.0.1:$standin_port/translate" \
    "translate_timeout_ms = 3000"
node_start DE
node_start FR
data="$(dirname "$0")/../../scripts/demo"
ctl DE authority import "$data/DE.jsonl" >/dev/null || fail "DE authorities"
ctl FR authority import "$data/FR.jsonl" >/dev/null || fail "FR authorities"
for state in DE FR; do
    ctl "$state" authority import "$(dirname "$0")/data/eurocash-$state.jsonl" >/dev/null \
        || fail "$state euro-cash authority"
done
wait_until 20 knows FR DE:aek-berlin || fail "directories did not sync"
wait_until 20 knows FR DE:bundesbank-cash || fail "directories did not sync (euro cash)"
wait_until 20 knows DE FR:bdf-cash || fail "directories did not sync (euro cash)"
pierre=$(user_session FR pierre FR:cnom handler fr)

say "Apertium: French free text read in English and Spanish"
original="Le diplôme est authentique. Pouvez-vous confirmer la date?"
id=$(as FR "$pierre" case new --procedure pq-information-request --to DE:aek-berlin \
        --question pq.diploma-authentic --text "$original") || fail "pierre cannot write a draft"
show () { as FR "$pierre" --timeout "$SHOW_TIMEOUT_MS" case show "$id" --translate --lang "$1"; }
show en > "$FED/en.txt" || fail "case show --translate --lang en: $(cat "$FED/en.txt")"
grep -qF "    text [fr, as written]: $original" "$FED/en.txt" || fail "the original is not kept: $(cat "$FED/en.txt")"
via=" via es"
apertium -l | grep -qx "[[:space:]]*\(fr\|fra\)-\(en\|eng\)" && via=""
grep -A1 -F "text [fr, as written]" "$FED/en.txt" | grep -q "^      machine translation \[fr→en, apertium$via\]: The diploma" \
    || fail "no English translation$via: $(cat "$FED/en.txt")"
ok "fr→en: original kept, translation marked 'apertium$via' below it"
show es | grep -A1 -F "text [fr, as written]: $original" \
    | grep -q "^      machine translation \[fr→es, apertium\]: El diploma" || fail "no Spanish translation"
ok "fr→es: the direct pair"
show pl > "$FED/pl.txt"
grep -qF "text [fr, as written]: $original" "$FED/pl.txt" || fail "original missing for pl"
grep -qxF "      (no machine translation available from fr to pl)" "$FED/pl.txt" \
    || fail "fr→pl not said plainly: $(cat "$FED/pl.txt")"
grep -q "machine translation \[" "$FED/pl.txt" && fail "something shown as a translation to pl"
as FR "$pierre" --timeout "$SHOW_TIMEOUT_MS" case show "$id" --translate | grep -q "machine translation" \
    && fail "a French reader got a translation of French"
as FR "$pierre" case show "$id" --lang en | grep -q "machine translation" \
    && fail "translated without being asked"
ok "fr→pl: no translation, said so; none for a French reader or without --translate"

say "the cache: a hit never calls the engine"
db="$FED/FR/data/node.db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM translations")" = 2 ] || fail "cache rows: $(sqlite3 "$db" "SELECT source, target, engine FROM translations")"
sqlite3 "$db" "UPDATE translations SET text = 'FROM THE CACHE' WHERE target = 'en'"
show en | grep -q "machine translation \[fr→en, apertium$via\]: FROM THE CACHE" \
    || fail "the cached translation was not used"
ok "cached per (SHA-256 of the text, source, target); the engine not asked again"

say "an alert written in French"
emma=$(user_session FR emma FR:cnom handler en)             # reads in English
anna=$(user_session DE anna DE:aek-berlin handler de)
alert_text="Le diplôme est faux. L'autorisation d'exercer a été retirée."
alert=$(as FR "$pierre" alert new --procedure pq-alert --to DE \
           --field pq-alert.decision-type=falsified-diploma \
           --field "pq-alert.decision-date=$(date -u +%F)" --text "$alert_text") \
    || fail "pierre cannot issue an alert"
as FR "$emma" --timeout "$SHOW_TIMEOUT_MS" alert show "$alert" --translate > "$FED/alert-en.txt" \
    || fail "alert show --translate: $(cat "$FED/alert-en.txt")"
grep -A1 -xF "    text [fr, as written]: $alert_text" "$FED/alert-en.txt" \
    | grep -q "^      machine translation \[fr→en, apertium$via\]: The diploma" \
    || fail "no English translation of the alert: $(cat "$FED/alert-en.txt")"
grep -q "field pq-alert.decision-type: Type of decision = Use of falsified" "$FED/alert-en.txt" \
    || fail "the alert is not shown in emma's language: $(cat "$FED/alert-en.txt")"
as FR "$pierre" --timeout "$SHOW_TIMEOUT_MS" alert show "$alert" --translate --lang es \
    | grep -A1 -xF "    text [fr, as written]: $alert_text" \
    | grep -q "^      machine translation \[fr→es, apertium\]: El diploma es falso" \
    || fail "no Spanish translation of the alert"
as FR "$pierre" --timeout "$SHOW_TIMEOUT_MS" alert show "$alert" --translate --lang pl > "$FED/alert-pl.txt" || fail "alert pl"
grep -qxF "    text [fr, as written]: $alert_text" "$FED/alert-pl.txt" || fail "alert: original missing for pl"
grep -qxF "      (no machine translation available from fr to pl)" "$FED/alert-pl.txt" \
    || fail "alert fr→pl not said plainly: $(cat "$FED/alert-pl.txt")"
grep -q "machine translation \[" "$FED/alert-pl.txt" && fail "alert: something shown as a translation to pl"
as FR "$emma" alert show "$alert" | grep -q "machine translation" && fail "alert translated unasked"
arrived () { as DE "$anna" alert list | grep -q "$alert"; }
wait_until 20 arrived || fail "the alert did not reach DE"
# DE's backend is the http service, not running yet: the failure is said, the original kept
as DE "$anna" --timeout "$SHOW_TIMEOUT_MS" alert show "$alert" --translate --lang en > "$FED/alert-de.txt" \
    || fail "alert show --translate failed with the service down: $(cat "$FED/alert-de.txt")"
grep -A1 -xF "    text [fr, as written]: $alert_text" "$FED/alert-de.txt" \
    | grep -q "^      (machine translation failed: translation service .* is unreachable" \
    || fail "the failure is not shown under the original: $(cat "$FED/alert-de.txt")"
ok "alert: fr→en in the reader's own language, fr→es with --lang, fr→pl said plainly, a failure keeps the original"

say "a notification and its comments written in French (and one in German)"
marie=$(user_session FR marie FR:bdf-cash handler fr)
hans=$(user_session DE hans DE:bundesbank-cash handler de)
note_text="La licence a été accordée."
note=$(as FR "$marie" notification new --procedure euro-cash-licence-notification --to DE \
          --title "Licence de transport de fonds" --text "$note_text" \
          --entry issuing_state=FR --entry licence=ECT-FR-0001 --entry "company=Fonds Sûrs SA" \
          --entry "address=1 rue de la Paix, Paris" --entry valid_from=2024-01-01 \
          --entry valid_to=2028-12-31 --entry status=valid) || fail "marie cannot notify"
as FR "$marie" notification comment "$note" --text "Bien reçu, merci." >/dev/null \
    || fail "marie cannot comment"
received () { as DE "$hans" notification show "$note" >/dev/null; }
wait_until 20 received || fail "the notification did not reach DE"
as DE "$hans" notification comment "$note" --text "Danke." >/dev/null || fail "hans cannot comment"
answered () { as FR "$marie" notification show "$note" | grep -q "comment by hans.*Danke"; }
wait_until 20 answered || fail "hans's comment did not reach FR"
as FR "$marie" --timeout "$SHOW_TIMEOUT_MS" notification show "$note" --translate --lang en > "$FED/note-en.txt" \
    || fail "notification show --translate: $(cat "$FED/note-en.txt")"
grep -A1 -xF "text [fr, as written]: $note_text" "$FED/note-en.txt" \
    | grep -q "^  machine translation \[fr→en, apertium$via\]: The licence has been" \
    || fail "no English translation of the notification: $(cat "$FED/note-en.txt")"
grep -A1 "comment by marie (FR:bdf-cash): Bien reçu, merci\.$" "$FED/note-en.txt" \
    | grep -q "^  machine translation \[fr→en, apertium$via\]: Well received" \
    || fail "no English translation of marie's comment: $(cat "$FED/note-en.txt")"
grep -A1 "comment by hans (DE:bundesbank-cash): Danke\.$" "$FED/note-en.txt" \
    | grep -qxF "  (no machine translation available from de to en)" \
    || fail "de→en not said plainly: $(cat "$FED/note-en.txt")"
as FR "$marie" --timeout "$SHOW_TIMEOUT_MS" notification show "$note" --translate --lang es \
    | grep -A1 -xF "text [fr, as written]: $note_text" \
    | grep -q "^  machine translation \[fr→es, apertium\]: La licencia ha sido concedida" \
    || fail "no Spanish translation of the notification"
as FR "$marie" --timeout "$SHOW_TIMEOUT_MS" notification show "$note" --translate > "$FED/note-fr.txt" || fail "notification fr"
grep -q "machine translation \[" "$FED/note-fr.txt" && fail "a French reader got a translation of French"
grep -A1 "comment by hans.*Danke\.$" "$FED/note-fr.txt" \
    | grep -qxF "  (no machine translation available from de to fr)" \
    || fail "de→fr for marie not said: $(cat "$FED/note-fr.txt")"
as FR "$marie" notification show "$note" --lang en | grep -q "machine translation" \
    && fail "notification translated unasked"
ok "notification: text and comments fr→en and fr→es, originals kept; de→en and de→fr said plainly"

say "bad input: a clear error, nothing translated"
expect_error "ISO 639-1 codes" ctl FR translate FR en "Bonjour"
expect_error "ISO 639-1 codes" ctl FR translate fr english "Bonjour"
expect_error "no machine translation available from xx to en" ctl FR translate xx en "Bonjour"
expect_error "nothing to translate" ctl FR translate fr en ""
expect_error "at most" ctl FR translate fr en "$(head -c 40000 /dev/zero | tr '\0' a)"
ok "unknown or badly written languages, empty and huge texts: refused"

say "the http backend: a stand-in translation service"
"$IMI_TOOLS/imi_mt_standin" "$standin_port" > "$FED/standin.log" 2>&1 &
standin=$!
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in did not start"
out=$(ctl DE translate fr en "Bonjour le monde") || fail "http translate: $out"
echo "$out" | grep -qxF "  machine translation [fr→en, http: standin]: [fr>en] BONJOUR LE MONDE" \
    || fail "http translation: $out"
expect_error "translation service answered HTTP 400: unsupported language pair" \
    ctl DE translate fr xx "Bonjour"
ok "translated through the service; its refusal shown with its reason"
kill "$standin"; wait "$standin" 2>/dev/null
expect_error "translation service http://127.0.0.1:$standin_port/translate is unreachable" \
    ctl DE translate fr en "Au revoir"
ctl DE translate fr en "Bonjour le monde" | grep -q "BONJOUR LE MONDE" \
    || fail "a cached translation needs the service"
ok "service down: a clear error; cached translations still shown"

"$IMI_TOOLS/imi_mt_standin" "$standin_port" --fail 503 > "$FED/standin.log" 2>&1 &
standin=$!
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in did not start"
expect_error "HTTP 503: the stand-in was told to fail" ctl DE translate fr en "Merci"
kill "$standin"; wait "$standin" 2>/dev/null
ok "service failing: HTTP 503 and its message"

# The node must answer other commands while a translation waits on a slow
# service. Decided by order, not by a stopwatch: the stand-in has the request
# and holds it; health is asked and answered; the translation has not ended.
"$IMI_TOOLS/imi_mt_standin" "$standin_port" --delay-ms 8000 > "$FED/standin.log" 2>&1 &
standin=$!
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in did not start"
started=$(date +%s%N)
( ctl DE translate fr en "Lentement" > "$FED/slow.txt" 2>&1; echo $? > "$FED/slow.rc" ) &
slow=$!
wait_until 10 grep -q "request received" "$FED/standin.log" || fail "the slow translation never reached the service"
ctl DE health | grep -q "healthy" || fail "the node did not answer health while translating"
[ ! -e "$FED/slow.rc" ] || fail "health was answered only after the translation ended: $(cat "$FED/slow.txt")"
wait "$slow"
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$(cat "$FED/slow.rc")" != 0 ] || fail "a too slow service succeeded: $(cat "$FED/slow.txt")"
grep -q "translation timed out after 3000 ms" "$FED/slow.txt" || fail "slow: $(cat "$FED/slow.txt")"
kill "$standin"; wait "$standin" 2>/dev/null
ok "service too slow: 'translation timed out after 3000 ms' (in $elapsed ms); health answered meanwhile"

# The worker translates one text at a time, each within translate_timeout_ms (3000):
# three texts asked at once, 1 s each, are all translated, the last after about 3 s
# (each once shared one 1.5 s deadline, and a loaded machine timed the later out).
"$IMI_TOOLS/imi_mt_standin" "$standin_port" --delay-ms 1000 > "$FED/standin.log" 2>&1 &
standin=$!
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in did not start"
for word in Un Deux Trois; do
    ( ctl DE translate fr en "$word" > "$FED/queued-$word.txt" 2>&1; echo $? > "$FED/queued-$word.rc" ) &
done
wait_until 15 test -e "$FED/queued-Trois.rc" -a -e "$FED/queued-Deux.rc" -a -e "$FED/queued-Un.rc" \
    || fail "three queued translations did not finish"
for word in Un Deux Trois; do
    upper=$(echo "$word" | tr '[:lower:]' '[:upper:]')
    grep -q "\[fr>en\] $upper" "$FED/queued-$word.txt" \
        || fail "queued translation of $word: $(cat "$FED/queued-$word.txt")"
done
kill "$standin"; wait "$standin" 2>/dev/null
ok "three texts queued at once at the worker, each within its own time: all translated"

# Over HTTP, a translation the service holds holds its own request only:
# six of them wait (more than libmicrohttpd's 4 threads) while the API still
# answers. Decided by order: answered while none of the six has ended; the
# stand-in then stops, and they end (refused: the service is gone).
say "over HTTP, translations held by the service hold no other request"
node_stop DE
http_serve DE "translate_backend = http" "translate_url = http://127.0.0.1:$standin_port/translate" \
    "translate_timeout_ms = 120000" "http_answer_timeout_ms = 120000"
node_start DE
key=$(ctl DE --session - apikey create --authority DE:aek-berlin --role handler \
      --label "translations" | awk '$1 == "key" { print $2 }')
"$IMI_TOOLS/imi_mt_standin" "$standin_port" --delay-ms 120000 > "$FED/standin.log" 2>&1 &
standin=$!
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in did not start"
for n in 1 2 3 4 5 6; do
    ( curl -sS --max-time 150 -o "$FED/held-$n.json" -w '%{http_code}' -H "Authorization: Bearer $key" \
           -H 'Content-Type: application/json' -d "{\"from\": \"fr\", \"to\": \"en\", \"text\": \"Lent $n\"}" \
           "$BASE/api/v1/translate" > "$FED/held-$n.code" 2>&1; touch "$FED/held-$n.done" ) &
done
wait_until 10 grep -q "request received" "$FED/standin.log" || fail "no held translation reached the service"
live=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 "$BASE/health/live")
who=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $key" \
      "$BASE/api/v1/whoami")
[ "$live $who" = "200 200" ] || fail "the API did not answer while translations were held: $live $who"
ls "$FED"/held-*.done >/dev/null 2>&1 && fail "a held translation ended before the API answered"
kill "$standin"; wait "$standin" 2>/dev/null
wait_until 60 sh -c "[ \$(ls '$FED'/held-*.done | wc -l) = 6 ]" || fail "the held translations did not end"
ok "six HTTP translations held by the service; /health/live and whoami answered meanwhile"

fed_finish
ok "test_translate"

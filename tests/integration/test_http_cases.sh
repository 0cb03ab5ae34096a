#!/usr/bin/env bash
# Cases over the HTTP API (docs/http.md, "Cases"), two real nodes, curl only:
# a whole information request from DE to FR (a new request with questions,
# a subject and a file sent at once; accepted at FR; a clarification asked
# and given; answered with a file; closed with ratings), each step a call of
# the API on its node, each answer the case's new state; the files up at one
# node and down at the other, the same bytes; then both copies equal (as
# test_cases checks them through imictl, here as data), and `imictl --json
# case show` is the HTTP body byte for byte; the authorities a case and a
# list name, by their names in the reader's language; a case's timeline in
# pages, the newest first. Files go through the
# spool folder (imi_spool.h): a form's file is on disk as it comes, a download
# is sent from an open, deleted file; the folder is empty after each exchange
# and at start; a 6 MB file comes down the same through a reader and the
# loop; a spool that cannot take a file is a 503; a spool name that is not
# one is refused on the control socket. Refusals as problem documents
# with the CLI's reason: another authority's user (404), an auditor acting
# (403), what the workflow table forbids (409, the reason imictl prints),
# bad file names (422), a file over attachment_max_bytes (422) and a form
# past it and the JSON part's 16 KiB (413). The case
# list in pages of 2 (every case once), the overdue list (200 days later,
# in pages of 1), the indicators, and a coordinator's erase. DE answers reads
# on its readers (http_readers), FR in its loop: the reads the readers answered
# and handed to the loop (a state filter) counted in /metrics.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE FR
# DE answers reads on its readers (http_readers, default 2), FR in its loop
# alone: every step below runs both ways. FR takes files of 8 MB, for a
# download larger than the kernel's socket buffers.
http_serve DE "attachment_max_bytes = 2000000" "http_uploads_max_mb = 3"
http_serve FR "attachment_max_bytes = 8000000" "http_uploads_max_mb = 9" "http_readers = 0"
node_start DE
node_start FR
data="$(dirname "$0")/../../scripts/demo"
ctl DE authority import "$data/DE.jsonl" >/dev/null || fail "DE authorities"
ctl FR authority import "$data/FR.jsonl" >/dev/null || fail "FR authorities"
wait_until 20 knows DE FR:cnom && wait_until 20 knows FR DE:aek-berlin || fail "directories did not sync"

# Users are made by the operator; everything else they do goes through HTTP.
user_session DE anna DE:aek-berlin handler de >/dev/null        # requests
user_session DE bert DE:lageso handler de >/dev/null            # another authority
user_session DE dora DE:aek-berlin auditor de >/dev/null        # reads, no personal data
user_session DE kora DE:lageso coordinator de >/dev/null        # the German coordinator
user_session FR pierre FR:cnom handler fr >/dev/null            # responds

# Everything the users do goes through lib.sh's HTTP client, each on the node
# of their authority.
declare -A NODE=([anna]=DE [bert]=DE [dora]=DE [kora]=DE [pierre]=FR)
token_of () { awk '$6 == "imi_session" { print $7 }' "$FED/http/$1.jar"; }
future () { date -u -d "+$1 days" +%F; }
state_is () {   # state_is USER ID STATE
    [ "$(api "$1" GET "/api/v1/cases/$2")" = 200 ] && [ "$(field 'd ["state"]')" = "$3" ]
}
reader_requests () {    # reader_requests STATE OUTCOME: from the node's /metrics
    [ "$(BASE=${HTTP_BASE[$1]} api - GET /metrics)" = 200 ] || fail "$1 /metrics"
    awk -v outcome="$2" -F'[ "]' '$0 ~ "^imi_http_reader_requests_total" && $4 == outcome { print $NF }' "$FED/body"
}
spool_empty () { [ -d "$FED/$1/data/spool" ] && [ -z "$(ls -A "$FED/$1/data/spool")" ]; }  # spool_empty STATE
# within (seconds, condition), for the Python checks below (PYTHONPATH=$FED)
cat > "$FED/within.py" <<'PY'
import time
def within (seconds, condition):        # a bound, not a timing
    for attempt in range (seconds * 10):
        if condition ():
            return True
        time.sleep (0.1)
    return False
PY

for user in anna bert dora kora pierre; do http_login "$user" "${NODE[$user]}" "$user"; done
ok "five users logged in over HTTP on their nodes"

say "the catalogue: the requests one may start, a procedure's questions and subject fields"
expect 200 bert GET /api/v1/procedures
python3 - "$FED/body" <<'EOF' || fail "bert's procedures: $(cat "$FED/body")"
import json, sys
d = json.load (open (sys.argv [1]))
assert d ["lang"] == "de", d                    # the user's language
assert [p ["code"] for p in d ["procedures"]] == ["pq-information-request",
                                                   "patients-rights-information-request"], d
pq = d ["procedures"][0]
assert pq ["name"] == "Auskunftsersuchen zu Berufsqualifikationen", pq
assert pq ["legal_area"] == {"code": "professional-qualifications", "name": "Berufsqualifikationen"}, pq
EOF
expect 200 bert GET '/api/v1/procedures?to=FR:cnom&lang=fr'
[ "$(field 'd ["lang"], [(p ["code"], p ["name"]) for p in d ["procedures"]]')" = "('fr', [('pq-information-request', \"Demande d'informations sur les qualifications professionnelles\")])" ] \
    || fail "the procedures FR:cnom handles too, in French: $(cat "$FED/body")"
expect 404 anna GET '/api/v1/procedures?to=FR:nowhere'
problem "there is no authority FR:nowhere"
expect 200 dora GET /api/v1/procedures
[ "$(field 'd ["procedures"]')" = "[]" ] || fail "an auditor may start requests: $(cat "$FED/body")"
expect 200 anna GET /api/v1/procedures/pq-information-request
python3 - "$FED/body" "$(date -u -d "+25 days" +%F)" <<'EOF' || fail "the procedure: $(cat "$FED/body")"
import json, sys
d = json.load (open (sys.argv [1]))
assert d ["lang"] == "de" and d ["reply_within"] == {"days": 25, "working_days": False}, d
assert d ["default_reply_by"] == sys.argv [2] and d ["accept_within_days"] == 7, d
assert d ["attachments"] == {"max_bytes": 2000000, "max_files": 16}, d
questions = {q ["id"]: q for q in d ["questions"]}
fields = {f ["id"]: f for f in d ["subject_fields"]}
authentic = questions ["pq.diploma-authentic"]
assert authentic ["type"] == "yes-no" and authentic ["text"] == "Ist der beigefügte Ausbildungsnachweis echt?", authentic
assert authentic ["options"] == [{"code": "yes", "text": "Ja"}, {"code": "no", "text": "Nein"}], authentic
level = questions ["pq.training-level"]
assert level ["type"] == "choice" and len (level ["options"]) >= 2 and all (o ["text"] for o in level ["options"]), level
assert questions ["pq.established-since"]["type"] == "date" and questions ["pq.established-since"]["options"] == [], d
assert not any (q ["personal_data"] for q in d ["questions"]), d
birth = fields ["pq.date-of-birth"]
assert birth == {"id": "pq.date-of-birth", "type": "date", "text": "Geburtsdatum", "options": [], "personal_data": True}, birth
assert all (f ["personal_data"] for f in d ["subject_fields"]) and "pq.family-name" in fields, d
EOF
expect 200 dora GET '/api/v1/procedures/posting-information-request?lang=xx'
[ "$(field 'd ["lang"], d ["reply_within"], d ["name"]')" = "('en', {'days': 25, 'working_days': True}, 'Information request on posting of workers')" ] \
    || fail "a language the catalogue lacks is English; working days: $(cat "$FED/body")"
expect 404 anna GET /api/v1/procedures/pq-alert
problem "there is no information request procedure 'pq-alert'"
expect 400 anna GET '/api/v1/procedures?colour=red'
expect 401 - GET /api/v1/procedures
for command in "procedure list --to FR:cnom|/api/v1/procedures?to=FR:cnom" \
               "procedure show pq-information-request --lang fr|/api/v1/procedures/pq-information-request?lang=fr"; do
    # shellcheck disable=SC2086
    IMI_SESSION=$(token_of anna) ctl DE --json ${command%%|*} > "$FED/cli.json" || fail "imictl --json ${command%%|*}"
    expect 200 anna GET "${command#*|}"
    cmp -s <(cat "$FED/body"; echo) "$FED/cli.json" || fail "imictl --json ${command%%|*} differs from HTTP"
done
ctl DE procedure list > "$FED/cli.txt" || fail "imictl procedure list (the operator)"
catalogue="$(dirname "$0")/../../data/catalogue"
[ "$(grep -c 'information-request' "$FED/cli.txt")" = "$(grep -c '^[a-z-]*information-request' "$catalogue/requests.tsv")" ] \
    || fail "the operator's list: $(cat "$FED/cli.txt")"
ctl DE procedure show pq-information-request --lang fr > "$FED/cli.txt" || fail "imictl procedure show"
grep -q "^subject (personal data)[[:space:]]*pq.family-name[[:space:]]*text[[:space:]]*Nom de famille" "$FED/cli.txt" \
    && grep -q "^question[[:space:]]*pq.diploma-authentic[[:space:]]*yes-no.*yes=Oui, no=Non" "$FED/cli.txt" \
    || fail "imictl procedure show: $(cat "$FED/cli.txt")"
ok "procedures in the user's language (or lang), filtered by what both authorities handle, none for an auditor; a procedure's typed questions with their options, its subject fields marked personal data, its default reply date and file limit; imictl --json is the HTTP body"

say "the whole exchange, through the API"
head -c 1300000 /dev/urandom > "$FED/diploma.pdf"      # several pieces on the wire
expect 200 anna POST /api/v1/cases -F "json={\"procedure\": \"pq-information-request\",
      \"to\": \"FR:cnom\", \"reply-by\": \"$(future 20)\",
      \"question\": [\"pq.diploma-authentic\", \"pq.training-level\"],
      \"subject\": {\"pq.family-name\": \"Kowalski\", \"pq.date-of-birth\": \"1980-04-02\"},
      \"text\": \"Frau Dr. Kowalski beantragt die Anerkennung als Ärztin.\", \"send\": true};type=application/json" \
    -F "file=@$FED/diploma.pdf"
id=$(field 'd ["id"]')
[[ $id =~ ^DE-[0-9a-f]{16}$ ]] || fail "case id: $(cat "$FED/body")"
[ "$(field 'd ["state"], d ["direction"], d ["counterpart"], d ["reply_by"]')" = "('sent', 'out', 'FR:cnom', '$(future 20)')" ] \
    || fail "the new request's answer is not its state: $(cat "$FED/body")"
wait_until 15 state_is pierre "$id" sent || fail "FR did not receive $id"
grep -q "Kowalski" "$FED/body" && fail "FR sees personal data before accepting"
[ "$(field 'd ["reader"]["after_acceptance"], d ["reader"]["withheld_why"]')" = "(True, 'not_permitted')" ] \
    || fail "FR is not told why it sees no personal data: $(cat "$FED/body")"
# The actions each reader may take now, by the transition table: none for an auditor
[ "$(field 'd ["reader"]["actions"]')" = "['accept', 'forward', 'message']" ] \
    || fail "FR's actions on a request sent: $(cat "$FED/body")"
state_is anna "$id" sent && [ "$(field 'd ["reader"]["actions"]')" = "['withdraw', 'message']" ] \
    || fail "DE's actions on its request sent: $(cat "$FED/body")"
state_is dora "$id" sent && [ "$(field 'd ["reader"]["actions"]')" = "[]" ] \
    || fail "an auditor's actions: $(cat "$FED/body")"
ok "new request with questions, a subject and a file, sent at once; FR has it, without personal data"

expect 200 pierre POST "/api/v1/cases/$id/accept" "{\"reply-by\": \"$(future 25)\"}"
[ "$(field 'd ["state"], d ["reply_by"], d ["held"]')" = "('accepted', '$(future 25)', False)" ] \
    || fail "accept's answer: $(cat "$FED/body")"
disclosed () { api pierre GET "/api/v1/cases/$id?lang=en" >/dev/null && grep -q Kowalski "$FED/body"; }
wait_until 15 disclosed || fail "the personal data did not follow the acceptance"
sha=$(field '[a for e in d ["timeline"] for a in e.get ("attachments", [])][0]["sha256"]')
[ "$sha" = "$(sha256sum "$FED/diploma.pdf" | cut -d' ' -f1)" ] || fail "the attachment's sha256: $sha"
expect 200 pierre GET "/api/v1/cases/$id/attachments/diploma.pdf"
cmp -s "$FED/diploma.pdf" "$FED/body" || fail "the attachment downloaded at FR differs"
grep -qi '^Content-Type: application/octet-stream' "$FED/headers" || fail "not octet-stream: $(cat "$FED/headers")"
grep -qi '^Content-Disposition: attachment; filename="diploma.pdf"' "$FED/headers" \
    || fail "no Content-Disposition: $(cat "$FED/headers")"
grep -qi "^Content-Length: 1300000" "$FED/headers" || fail "no Content-Length: $(cat "$FED/headers")"
expect 200 pierre GET "/api/v1/cases/$id/attachments/$sha"
cmp -s "$FED/diploma.pdf" "$FED/body" || fail "the attachment by its sha256 differs"
grep -qi "^Content-Disposition: attachment; filename=\"$sha\"" "$FED/headers" || fail "by sha256: $(cat "$FED/headers")"
answered=$(reader_requests DE answered)
expect 200 anna GET "/api/v1/cases/$id/attachments/diploma.pdf"
[ "$(sha256sum < "$FED/body" | cut -d' ' -f1)" = "$sha" ] || fail "the attachment downloaded at DE differs"
[ "$(reader_requests DE answered)" = $((answered + 1)) ] || fail "DE's readers did not answer the download"
wait_until 10 spool_empty DE && wait_until 10 spool_empty FR \
    || fail "files left in the spool: $(ls -l "$FED"/??/data/spool)"
ok "accepted (the answer is the new state); the file up at DE came down at FR (its loop) and at DE (a reader), the same bytes; the spool folders empty"

expect 200 pierre POST "/api/v1/cases/$id/ask-clarification" '{"text": "Pouvez-vous joindre le relevé de notes ?"}'
[ "$(field 'd ["state"]')" = clarification ] || fail "ask-clarification's answer: $(cat "$FED/body")"
wait_until 15 state_is anna "$id" clarification || fail "DE did not see the clarification asked"
expect 200 anna POST "/api/v1/cases/$id/clarify" '{"text": "Das Notenblatt folgt."}'
[ "$(field 'd ["state"]')" = accepted ] || fail "clarify's answer: $(cat "$FED/body")"
wait_until 15 state_is pierre "$id" accepted || fail "FR did not see the clarification"
# Who may answer has the case's questions whatever page of the timeline
# they read; the requester, who may not, has none
expect 200 pierre GET "/api/v1/cases/$id?lang=en&limit=1"
[ "$(field '[q ["id"] for q in d ["questions"]], len (d ["timeline"]), d ["questions"][0]["text"]')" \
    = "(['pq.diploma-authentic', 'pq.training-level'], 1, 'Is the attached evidence of formal qualifications authentic?')" ] \
    || fail "the questions to answer: $(cat "$FED/body")"
expect 200 anna GET "/api/v1/cases/$id"
[ "$(field '"questions" in d')" = False ] || fail "the requester has questions to answer: $(cat "$FED/body")"
level=$(sed -n 's/^pq.training-level\t\([^\t]*\)\t.*/\1/p' "$(dirname "$0")/../../data/catalogue/answer_options.tsv" | head -1)
printf 'Relevé: 17/20\n%.0s' {1..2000} > "$FED/releve.txt"
expect 200 pierre POST "/api/v1/cases/$id/answer" \
    -F "json={\"answer\": {\"pq.diploma-authentic\": \"yes\", \"pq.training-level\": \"$level\"}, \"text\": \"Le diplôme est authentique.\"}" \
    -F "file=@$FED/releve.txt"
[ "$(field 'd ["state"]')" = answered ] || fail "answer's answer: $(cat "$FED/body")"
wait_until 15 state_is anna "$id" answered || fail "DE did not see the answer"
[ "$(field 'd ["reader"]["actions"]')" = "['follow-up', 'close', 'message']" ] \
    || fail "DE's actions on an answered request: $(cat "$FED/body")"
[ "$(field '[a ["value_text"] for e in d ["timeline"] for a in e.get ("answers", []) if a ["id"] == "pq.diploma-authentic"][0]')" = Ja ] \
    || fail "DE does not read the answer in German: $(cat "$FED/body")"
expect 200 anna GET "/api/v1/cases/$id/attachments/releve.txt"
cmp -s "$FED/releve.txt" "$FED/body" || fail "the answer's file downloaded at DE differs"
expect 200 anna POST "/api/v1/cases/$id/close" '{"timely": true, "effort": false}'
[ "$(field 'd ["state"]')" = closed ] || fail "close's answer: $(cat "$FED/body")"
wait_until 15 state_is pierre "$id" closed || fail "FR did not see the close"
ok "clarification asked and given, answered with a file (down at DE, the same bytes), closed"

say "both copies equal; imictl --json is the HTTP body"
# The copies as data, read in English, apart from what is about the reader
# (direction, what is overdue for them, what they see, what is held here).
copy () {
    api "$1" GET "/api/v1/cases/$id?lang=en" >/dev/null
    python3 -c 'import json, sys
doc = json.load (open (sys.argv [1]))
for key in ("direction", "overdue", "reader", "held"):
    del doc [key]
print (json.dumps (doc, sort_keys = True, ensure_ascii = False))' "$FED/body"
}
same_copies () { [ "$(copy anna)" = "$(copy pierre)" ]; }
wait_until 5 same_copies || { diff <(copy anna) <(copy pierre); fail "the copies differ"; }
[ "$(copy anna | python3 -c 'import json, sys; print (len (json.load (sys.stdin) ["timeline"]))')" -ge 7 ] \
    || fail "the timeline is short: $(copy anna)"
for user in anna pierre; do
    api "$user" GET "/api/v1/cases/$id" >/dev/null
    IMI_SESSION=$(token_of "$user") ctl "${NODE[$user]}" --json case show "$id" > "$FED/cli.json" \
        || fail "imictl --json case show as $user"
    cmp -s <(cat "$FED/body"; echo) "$FED/cli.json" || fail "imictl --json differs from HTTP for $user"
done
IMI_SESSION=$(token_of anna) ctl DE case show "$id" > "$FED/cli.txt" || fail "imictl case show"
grep -q "^state: closed" "$FED/cli.txt" && grep -q "rating: timeliness positive, effort negative" "$FED/cli.txt" \
    || fail "imictl's text: $(cat "$FED/cli.txt")"
ok "the copies at DE and FR are equal; imictl --json case show is the HTTP body byte for byte"

say "authorities by name, in the reader's language, else their own"
expect 200 anna GET "/api/v1/cases/$id?lang=fr"
[ "$(field 'd ["authority_names"]')" = "{'DE:aek-berlin': 'Ordre des médecins de Berlin', 'FR:cnom': \"Conseil national de l'Ordre des médecins\"}" ] \
    || fail "the case's authorities in French: $(field 'd ["authority_names"]')"
expect 200 anna GET "/api/v1/cases?state=closed&lang=pl"
[ "$(field 'd ["authority_names"]')" = "{'DE:aek-berlin': 'Ärztekammer Berlin', 'FR:cnom': \"Conseil national de l'Ordre des médecins\"}" ] \
    || fail "the list's authorities in Polish (none has a Polish name): $(field 'd ["authority_names"]')"
ok "a case and a list name each authority they mention: in French, and with no Polish name, in its own language"

say "refusals, as problem documents with the CLI's reason"
expect 404 bert GET "/api/v1/cases/$id"
problem "no case $id among the cases you can see"
expect 404 bert GET "/api/v1/cases/$id/attachments/diploma.pdf"
expect 404 bert POST "/api/v1/cases/$id/message" '{"text": "x"}'
expect 403 dora POST "/api/v1/cases/$id/message" '{"text": "x"}'
problem "cannot act on case $id"
reason=$(IMI_SESSION=$(token_of pierre) ctl FR case accept "$id" --reply-by "$(future 5)" 2>&1) \
    && fail "imictl accepted a closed case"
expect 409 pierre POST "/api/v1/cases/$id/accept" "{\"reply-by\": \"$(future 5)\"}"
problem "${reason#imictl: }"
problem "cannot accept case $id: it is closed"
expect 409 anna POST "/api/v1/cases/$id/discard" '{}'
problem "case $id is closed, not a draft"
expect 409 anna POST "/api/v1/cases/$id/withdraw" '{}'
expect 400 anna POST "/api/v1/cases/$id/message" '{"text": "x", "colour": "red"}'
problem "unknown member 'colour'"
expect 415 anna POST "/api/v1/cases/$id/message" -H 'Content-Type: text/plain' -d 'x'
state_is pierre "$id" closed || fail "a refused call changed the case"
ok "another authority: 404; an auditor acting: 403; the table's refusal: 409 with imictl's reason"

say "files: bad names refused, a form over the limit refused, nothing stored"
sent=$(expect 200 anna POST /api/v1/cases '{"procedure": "pq-information-request", "to": "FR:cnom", "question": "pq.registered",
    "text": "Please confirm the registration.", "text-lang": "en", "send": true}' && field 'd ["id"]')
expect 200 anna GET "/api/v1/cases/$sent"
[ "$(field '[e ["text"] for e in d ["held"]["events"] if "text" in e]')" = "[{'lang': 'en', 'original': 'Please confirm the registration.'}]" ] \
    || fail "the text's language given (text-lang) is not recorded: $(cat "$FED/body")"
expect 422 anna POST "/api/v1/cases/$sent/message" '{"text": "x", "text-lang": "english"}'
problem "text-lang is the text's language"
expect 422 anna POST "/api/v1/cases/$sent/message" '{"text-lang": "en"}'
problem "text-lang names the language of a text"
echo "evidence" > "$FED/evidence.txt"
for name in "../evidence.txt" "a/b.txt" 'a\b.txt' ".." $'bell\a.txt'; do
    expect 422 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' \
        -F "file=@$FED/evidence.txt;filename=$name"
    grep -q '"detail"' "$FED/body" || fail "no problem document for file name '$name': $(cat "$FED/body")"
done
head -c 2000001 /dev/zero | tr '\0' x > "$FED/big.bin"       # one byte over: the node says so
expect 422 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' -F "file=@$FED/big.bin"
problem "the limit is 2000000"
head -c 2100000 /dev/zero | tr '\0' x > "$FED/big.bin"       # past the form's limit: not read
expect 413 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' -F "file=@$FED/big.bin"
expect 400 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' -F "other=@$FED/evidence.txt"
problem "unknown part 'other'"
# A spool that cannot take a file (here it is not a folder; a full disk
# alike): 503 with the reason, up and down
mv "$FED/DE/data/spool" "$FED/DE/data/spool.away" && touch "$FED/DE/data/spool"
expect 503 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' -F "file=@$FED/evidence.txt"
problem "cannot create a file in the spool folder"
expect 503 anna GET "/api/v1/cases/$id/attachments/diploma.pdf"
problem "cannot create a file in the spool folder"
rm "$FED/DE/data/spool" && mv "$FED/DE/data/spool.away" "$FED/DE/data/spool"
# A full disk (as root: a 1 MiB tmpfs over the spool): the form's file and
# the download's content, which a reader writes, do not fit: 503, saying so
if [ "$(id -u)" = 0 ]; then
    mount -t tmpfs -o size=1m,mode=0700 imi-spool "$FED/DE/data/spool" || fail "mount a tmpfs"
    trap 'umount -l "$FED/DE/data/spool" 2>/dev/null; fed_cleanup' EXIT    # if a check fails
    expect 503 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "x"}' -F "file=@$FED/diploma.pdf"
    problem "no space left on device"
    expect 503 anna GET "/api/v1/cases/$id/attachments/diploma.pdf"
    problem "no space left on device"
    wait_until 10 spool_empty DE || fail "a full spool kept files: $(ls -l "$FED/DE/data/spool")"
    umount "$FED/DE/data/spool" || fail "umount the tmpfs"
    trap fed_cleanup EXIT
else
    say "a full disk: not checked (it takes root to mount a small tmpfs)"
fi
# On the control socket, a spool file's name is 32 hex digits, nothing else
/usr/bin/python3 - "$FED/DE/data/control.sock" "$(token_of anna)" "$sent" > "$FED/spooled.out" 2>&1 <<'PY' \
    || fail "spool names on the control socket: $(cat "$FED/spooled.out")"
import sys, zmq
socket = zmq.Context.instance ().socket (zmq.DEALER)
socket.setsockopt (zmq.RCVTIMEO, 5000)
socket.connect ("ipc://" + sys.argv [1])
for name, reason in ((b"../node.db", b"is not a spool file's name"),
                     (b"0123456789abcdef/../../node.db", b"is not a spool file's name"),
                     (b"0123456789abcdef0123456789abcdef", b"cannot open spool file")):
    socket.send_multipart ([b"case-message", sys.argv [2].encode (), sys.argv [3].encode (),
                            b"text", b"x", b"file-spooled", b"a.txt", name])
    reply = socket.recv_multipart ()
    assert reply [0] in (b"invalid", b"error") and reason in reply [1], reply
print ("ok")
PY
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM case_attachments WHERE case_id = '$sent'")" = 0 ] \
    || fail "a refused file was stored"
wait_until 10 spool_empty DE || fail "refused forms left files in the spool: $(ls -l "$FED/DE/data/spool")"
expect 200 anna POST "/api/v1/cases/$sent/message" -F 'json={"text": "Anlage"}' \
    -F "file=@$FED/evidence.txt;filename=Nachweis 1.txt"
[ "$(field 'd ["held"]')" = True ] || fail "a message before acceptance is not held: $(cat "$FED/body")"
expect 200 anna GET "/api/v1/cases/$sent/attachments/Nachweis%201.txt"
cmp -s "$FED/evidence.txt" "$FED/body" || fail "the held file"
grep -qi '^Content-Disposition: attachment; filename="Nachweis_1.txt"' "$FED/headers" \
    || fail "the file name is not made safe: $(cat "$FED/headers")"
ok "../, /, \\, .., a control character: 422; a file over attachment_max_bytes: 422, a form past it: 413; a spool that cannot take a file (not a folder, full): 503; a spool name with / or .. on the control socket: refused; nothing stored, nothing left in the spool"

# Forms with files are spooled to disk as they come: at most
# http_uploads_max_mb (3 MiB here) being received at once, and only for a
# caller with a session or a key. One connection announces a 2 MB form and
# sends nothing more; a second such form is refused at its headers (503), a
# form without a session too (401); the first then sends part of its file,
# which is in the spool as it comes; once that connection is gone, its file
# is too, and a 2 MB form goes through.
session=$(awk '$6 == "imi_session" { print $7 }' "$FED/http/anna.jar")
PYTHONPATH=$FED python3 - "${HTTP_BASE[DE]#http://}" "$sent" "$session" "$(cat "$FED/http/anna.csrf")" "$FED/DE/data/spool" \
    > "$FED/uploads.out" 2>&1 <<'PY' || fail "forms held at once: $(cat "$FED/uploads.out")"
import json, os, socket, sys, time
from within import within
address, case, session, csrf, spool = sys.argv [1:6]
host, port = address.split (":")
def headers (length, cookie = True):
    return ("POST /api/v1/cases/%s/message HTTP/1.1\r\nHost: %s\r\n" % (case, address)
            + ("Cookie: imi_session=%s\r\nX-CSRF-Token: %s\r\n" % (session, csrf) if cookie else "")
            + "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %d\r\n\r\n" % length
           ).encode ()
def status (connection):
    return connection.recv (200).split (b"\r\n") [0].decode ()
# The status line the node sends at once for a form's headers, or None if
# it takes the form (waits for its body); then the connection is closed.
def at_once (length, cookie = True, wait = 0.3):
    connection = socket.create_connection ((host, int (port)), timeout = 30)
    connection.sendall (headers (length, cookie))
    connection.settimeout (wait)
    try:
        return status (connection)
    except socket.timeout:
        return None
    finally:
        connection.close ()
# Has the node answered connection (refused its form)? Never waits.
def answered (connection):
    connection.setblocking (False)
    try:
        connection.recv (1, socket.MSG_PEEK)
        return True
    except BlockingIOError:
        return False
    finally:
        connection.settimeout (30)
# A connection whose 2 MB form the node takes (it waits for the body). Retried:
# a form of the steps above may still be held for a moment (its connection
# not yet cleaned up on a busy machine), and then this one is refused at once.
def hold ():
    for attempt in range (100):
        connection = socket.create_connection ((host, int (port)), timeout = 30)
        connection.sendall (headers (2000000))
        time.sleep (0.3)
        if not answered (connection):
            return connection
        connection.close ()
    raise AssertionError ("no 2 MB form was taken in 30 s")
# Retried until the node has read the held form's headers (the order of two
# connections is not ours to fix), holding again if the held form was refused
# after all: a bound, not a timing
def refused (length):
    global held
    for attempt in range (100):
        answer = at_once (length)
        if answer:
            return answer
        if answered (held):
            held.close ()
            held = hold ()
        time.sleep (0.1)
    return "taken"
held = hold ()
answer = refused (2000000)
assert " 503 " in answer, "a second 2 MB form while one is held: " + answer
answer = at_once (1000, cookie = False, wait = 30)
assert answer and " 401 " in answer, "a form without a session: %s" % answer
# Half a file sent: on disk as it comes (but for what the form's parser
# holds back, at most its 16 KiB buffer), and gone with the connection
def spooled ():
    return [open (os.path.join (spool, name), "rb").read () for name in os.listdir (spool)]
held.sendall (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.txt\"\r\n\r\n"
              + b"z" * 300000)
assert within (10, lambda: any (len (data) >= 300000 - 20000 for data in spooled ())), \
    "the half-sent file is not in the spool: %s" % [len (data) for data in spooled ()]
assert all (data == b"z" * len (data) for data in spooled ()), "the spool file is not what was sent"
held.close ()
assert within (10, lambda: os.listdir (spool) == []), "left in the spool: %s" % os.listdir (spool)
file = b"y" * 1900000
body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"json\"\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps ({"text": "Anlage 2"}).encode ()
        + b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        + file + b"\r\n--XyZ--\r\n")
for attempt in range (100):     # until the node has let the held form go
    connection = socket.create_connection ((host, int (port)), timeout = 30)
    try:
        connection.sendall (headers (len (body)) + body)
        answer = status (connection)
    except OSError as error:            # refused at the headers, the rest not read
        answer = str (error)
    connection.close ()
    if " 503 " not in answer and "Errno" not in answer:
        break
    time.sleep (0.1)
assert " 200 " in answer, "the 2 MB form once the held one is gone: " + answer
print ("ok")
PY
wait_until 10 spool_empty DE || fail "the form left its file in the spool: $(ls -l "$FED/DE/data/spool")"
ok "forms with files: a second 2 MB form while one is held is refused at its headers (503, http_uploads_max_mb), one without a session too (401); the held one's file on disk as it comes, gone with its connection; then one goes through"

say "the list in pages, the overdue list, the indicators"
for send in true true false false; do
    expect 200 anna POST /api/v1/cases "{\"procedure\": \"pq-information-request\", \"to\": \"FR:cnom\", \"question\": \"pq.registered\", \"send\": $send}"
done
expect 200 anna GET "/api/v1/cases?total=yes"
total=$(field 'd ["total"]')
[ "$total" = 6 ] || fail "anna has 6 cases, not $total"
cursor="" pages=0
: > "$FED/ids"
while :; do
    expect 200 anna GET "/api/v1/cases?limit=2${cursor:+&cursor=$cursor}"
    field '"\n".join (item ["id"] for item in d ["items"])' >> "$FED/ids"
    [ "$(field 'len (d ["items"])')" -le 2 ] || fail "a page longer than its limit"
    pages=$((pages + 1))
    cursor=$(field 'd ["next_cursor"] or ""')
    [ -z "$cursor" ] && break
done
[ "$pages" = 3 ] && [ "$(sort -u "$FED/ids" | wc -l)" = 6 ] && [ "$(wc -l < "$FED/ids")" = 6 ] \
    || fail "pages of 2: $pages pages, $(cat "$FED/ids")"
grep -q "$id" "$FED/ids" && grep -q "$sent" "$FED/ids" || fail "a case is missing from the pages"
IMI_SESSION=$(token_of anna) ctl DE case list --limit 2 > "$FED/page.txt" || fail "imictl case list --limit 2"
[ "$(grep -c '^DE-' "$FED/page.txt")" = 2 ] && grep -q "^(more: imictl case list --cursor " "$FED/page.txt" \
    || fail "imictl's first page: $(cat "$FED/page.txt")"
# The page the last line names: the next two (imictl ignored --cursor once)
cursor=$(sed -n 's/^(more: imictl case list --cursor \([^ ]*\) for the next page)$/\1/p' "$FED/page.txt")
IMI_SESSION=$(token_of anna) ctl DE case list --limit 2 --cursor "$cursor" > "$FED/page2.txt" \
    || fail "imictl case list --cursor $cursor"
[ "$(grep -c '^DE-' "$FED/page2.txt")" = 2 ] \
    && [ -z "$(comm -12 <(grep -o '^DE-[0-9a-f]*' "$FED/page.txt" | sort) <(grep -o '^DE-[0-9a-f]*' "$FED/page2.txt" | sort))" ] \
    || fail "imictl's second page: $(cat "$FED/page.txt" "$FED/page2.txt")"
expect 200 anna GET "/api/v1/cases?state=closed&direction=out"
[ "$(field '[item ["id"] for item in d ["items"]], d ["next_cursor"]')" = "(['$id'], None)" ] \
    || fail "the filters: $(cat "$FED/body")"
expect 422 anna GET "/api/v1/cases?cursor=nonsense"
problem "is not a cursor"
expect 422 anna GET "/api/v1/cases?limit=1001"
expect 400 anna GET "/api/v1/cases?colour=red"
expect 200 anna GET /api/v1/cases/overdue
[ "$(field 'd ["items"], d ["next_cursor"]')" = "([], None)" ] || fail "overdue: $(cat "$FED/body")"
expect 200 pierre GET /api/v1/indicators
IMI_SESSION=$(token_of pierre) ctl FR --json kpi > "$FED/cli.json" || fail "imictl --json kpi"
cmp -s <(cat "$FED/body"; echo) "$FED/cli.json" || fail "imictl --json kpi differs from HTTP"
[ "$(field 'd ["rows"][0]["scope"], d ["rows"][0]["requests"], d ["by"]')" = "('FR:cnom', 4, 'authority')" ] \
    || fail "FR:cnom's indicators: $(cat "$FED/body")"
expect 403 pierre GET "/api/v1/indicators?by=state"
ok "6 cases in 3 pages of 2, each once; filters; the overdue list; indicators as imictl --json has them"

say "the timeline in pages: the newest first, then back to the request by its cursor"
# A case of 22 events: the request and 21 messages of the responder, who may
# write before accepting. At both nodes (DE's readers, FR's loop): by
# default the newest 20; pages of 3 back to the first event put together
# are the whole timeline (limit 1000), in the merged order.
long=$(expect 200 anna POST /api/v1/cases '{"procedure": "pq-information-request", "to": "FR:cnom",
    "question": "pq.registered", "send": true}' && field 'd ["id"]')
wait_until 15 state_is pierre "$long" sent || fail "FR did not receive $long"
for n in $(seq 21); do
    expect 200 pierre POST "/api/v1/cases/$long/message" "{\"text\": \"Nachricht $n\"}"
done
same_events () {    # same_events USER: the user's node has all 22 events
    api "$1" GET "/api/v1/cases/$long?limit=1000" >/dev/null && [ "$(field 'd ["timeline_events"]')" = 22 ]
}
wait_until 15 same_events anna || fail "DE did not receive the messages: $(cat "$FED/body")"
for user in anna pierre; do
    expect 200 "$user" GET "/api/v1/cases/$long?lang=en&limit=1000"
    cp "$FED/body" "$FED/whole.json"
    expect 200 "$user" GET "/api/v1/cases/$long?lang=en"
    cp "$FED/body" "$FED/default.json"
    cursor= ; : > "$FED/pages.jsonl"
    for page in $(seq 10); do
        expect 200 "$user" GET "/api/v1/cases/$long?lang=en&limit=3${cursor:+&cursor=$cursor}"
        { cat "$FED/body"; echo; } >> "$FED/pages.jsonl"
        cursor=$(field 'd ["timeline_earlier_cursor"] or ""')
        [ -n "$cursor" ] || break
    done
    python3 - "$FED/whole.json" "$FED/default.json" "$FED/pages.jsonl" <<'PY' || fail "the pages of $long as $user"
import json, sys
whole, default = (json.load (open (name)) for name in sys.argv [1:3])
pages = [json.loads (line) for line in open (sys.argv [3])]
events = whole ["timeline"]
assert whole ["timeline_events"] == len (events) == 22 and whole ["timeline_earlier_cursor"] is None, whole
assert [e ["kind"] for e in events] == ["send"] + ["message"] * 21, events
# FR's handler sees no free text before acceptance, their own included
assert [e.get ("text", {}).get ("original") for e in events [1:]] \
    in (["Nachricht %d" % n for n in range (1, 22)], [None] * 21), events
assert default ["timeline"] == events [-20:] and default ["timeline_events"] == 22, default
# A cursor names the first event of the page after (side.n): here the
# responder's second message
assert default ["timeline_earlier_cursor"] == "1.2", default ["timeline_earlier_cursor"]
assert len (pages) == 8 and all (len (p ["timeline"]) == 3 for p in pages [:7]), [len (p ["timeline"]) for p in pages]
assert [e for p in reversed (pages) for e in p ["timeline"]] == events, pages
assert [p ["timeline_earlier_cursor"] for p in pages] \
    == ["1.19", "1.16", "1.13", "1.10", "1.7", "1.4", "1.1", None], pages
assert all (p ["timeline_events"] == 22 and p ["state"] == whole ["state"] for p in pages), pages
PY
done
for cursor in x 1.0 2.1 1.2x 1.99; do
    expect 422 anna GET "/api/v1/cases/$long?cursor=$cursor"
done
problem "case $long has no event 1.99"
expect 422 anna GET "/api/v1/cases/$long?limit=0"
expect 422 anna GET "/api/v1/cases/$long?limit=1001"
IMI_SESSION=$(token_of anna) ctl DE case show "$long" > "$FED/cli.txt" || fail "imictl case show $long"
grep -q "^  (22 events in all; earlier ones: imictl case show $long --cursor 1.2)" "$FED/cli.txt" \
    && [ "$(grep -c "Nachricht" "$FED/cli.txt")" = 20 ] || fail "imictl's first page: $(cat "$FED/cli.txt")"
IMI_SESSION=$(token_of anna) ctl DE case show "$long" --limit 5 --cursor 1.2 > "$FED/cli.txt" \
    || fail "imictl case show --cursor"
[ "$(grep -c "Nachricht" "$FED/cli.txt")" = 1 ] && grep -q "sent the request" "$FED/cli.txt" \
    && ! grep -q "events in all" "$FED/cli.txt" || fail "imictl's last page: $(cat "$FED/cli.txt")"
# Withdrawn, the case is in no list the sections below count
expect 200 anna POST "/api/v1/cases/$long/withdraw" '{}'
ok "a timeline of 22 events: the newest 20 by default, pages of 3 back to the request are the whole, at both nodes and in imictl; a bad cursor or limit is a 422"

say "200 days later: the overdue list in pages"
node_stop DE
node_config DE "http_listen = ${HTTP_BASE[DE]#http://}" "attachment_max_bytes = 8000000" \
    "clock_offset_s = $(( 200 * 86400 ))"
echo "personal data" > "$FED/DE/data/spool/0123456789abcdef0123456789abcdef"  # a crash's
touch "$FED/DE/data/spool/other"
node_start DE
spool_empty DE || fail "the spool's leftovers are still there: $(ls -l "$FED/DE/data/spool")"
[ "$(stat -c %a "$FED/DE/data/spool")" = 700 ] || fail "the spool folder is not 0700"
expect 401 anna GET /api/v1/cases/overdue            # her session expired with the time
http_login anna DE anna
http_login kora DE kora
cursor="" pages=0
: > "$FED/overdue"
while :; do
    expect 200 anna GET "/api/v1/cases/overdue?limit=1${cursor:+&cursor=$cursor}"
    field '"\n".join ("%s %s" % (item ["id"], item ["overdue_days"]) for item in d ["items"])' >> "$FED/overdue"
    pages=$((pages + 1))
    cursor=$(field 'd ["next_cursor"] or ""')
    [ -z "$cursor" ] && break
done
[ "$pages" = 3 ] && [ "$(cut -d' ' -f1 "$FED/overdue" | sort -u | wc -l)" = 3 ] \
    || fail "the overdue list in pages of 1: $(cat "$FED/overdue")"
grep -q "^$sent " "$FED/overdue" || fail "$sent is not overdue: $(cat "$FED/overdue")"
sort -k2,2nr -k1,1 -s "$FED/overdue" | cmp -s - "$FED/overdue" || fail "not most overdue first: $(cat "$FED/overdue")"
IMI_SESSION=$(token_of anna) ctl DE case overdue > "$FED/overdue.txt" || fail "imictl case overdue"
[ "$(grep -c '^DE-.*acceptance overdue since' "$FED/overdue.txt")" = 3 ] || fail "imictl: $(cat "$FED/overdue.txt")"
ok "the spool emptied at start; three requests never accepted are overdue, in three pages of one, most overdue first"

say "a file of several MB, up and down through the spool: through a reader (DE) and the loop (FR)"
head -c 6000000 /dev/urandom > "$FED/scan.pdf"
sha=$(sha256sum < "$FED/scan.pdf" | cut -d' ' -f1)
answered=$(reader_requests DE answered)
for who in anna pierre; do
    to=FR:cnom; [ "$who" = pierre ] && to=DE:aek-berlin
    expect 200 "$who" POST /api/v1/cases -F "json={\"procedure\": \"pq-information-request\", \"to\": \"$to\", \"question\": \"pq.registered\"}" \
        -F "file=@$FED/scan.pdf"
    draft=$(field 'd ["id"]')
    expect 200 "$who" GET "/api/v1/cases/$draft/attachments/scan.pdf"
    [ "$(sha256sum < "$FED/body" | cut -d' ' -f1)" = "$sha" ] || fail "$who's 6 MB file came down different"
done
[ "$(reader_requests DE answered)" = $((answered + 1)) ] || fail "DE's readers did not answer the download"
wait_until 10 spool_empty DE && wait_until 10 spool_empty FR \
    || fail "files left in the spool: $(ls -l "$FED"/??/data/spool)"
ok "a 6 MB file up and down, the same bytes (sha256), through DE's readers and FR's loop; the spool folders empty"

# A download its client does not read: sent from a spool file that is open
# and already deleted, so nothing is left on disk when the client goes. The
# client's receive buffer is small and the file larger than what the
# kernel's socket buffers take (4 MiB), so most of it waits at the node.
PYTHONPATH=$FED python3 - "${HTTP_BASE[FR]#http://}" "$draft" "$(token_of pierre)" "${NODE_PID[FR]}" "$FED/FR/data/spool" \
    > "$FED/stall.out" 2>&1 <<'PY' || fail "a stalled download: $(cat "$FED/stall.out")"
import os, socket, sys
from within import within
address, case, session, pid, spool = sys.argv [1:6]
host, port = address.split (":")
def spooled ():         # the node's descriptors of files in the spool folder
    links = []
    for fd in os.listdir ("/proc/%s/fd" % pid):
        try:
            link = os.readlink ("/proc/%s/fd/%s" % (pid, fd))
        except OSError:
            continue
        if link.startswith (spool + "/"):
            links.append (link)
    return links
connection = socket.socket ()
connection.setsockopt (socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
connection.connect ((host, int (port)))
connection.sendall (("GET /api/v1/cases/%s/attachments/scan.pdf HTTP/1.1\r\nHost: %s\r\n"
                     "Cookie: imi_session=%s\r\n\r\n" % (case, address, session)).encode ())
assert b" 200 " in connection.recv (64), "no 200"
assert within (10, lambda: any (link.endswith (" (deleted)") for link in spooled ())), \
    "no open, deleted spool file: %s" % spooled ()
assert os.listdir (spool) == [], "the spool folder holds %s" % os.listdir (spool)
connection.close ()
assert within (10, lambda: spooled () == []), "still open: %s" % spooled ()
print ("ok")
PY
ok "a download its client does not read: sent from an open, deleted spool file, closed when the client goes"

say "erase: the coordinator's"
expect 403 anna POST "/api/v1/cases/$id/erase" '{"reason": "Art. 17"}'
expect 200 kora POST "/api/v1/cases/$id/erase" '{"reason": "Antrag der betroffenen Person vom 1.12."}'
[ "$(field 'd ["id"], d ["personal_data"]')" = "('$id', 'deleted')" ] || fail "erase's answer: $(cat "$FED/body")"
expect 200 anna GET "/api/v1/cases/$id"
[ "$(field 'd ["retention"]["deleted_on"] is not None, d ["reader"]["withheld"], d ["reader"]["withheld_why"]')" \
  = "(True, '(personal data deleted)', 'deleted')" ] \
    || fail "the erased case: $(cat "$FED/body")"
grep -q Kowalski "$FED/body" && fail "the erased case still shows personal data"
expect 404 anna GET "/api/v1/cases/$id/attachments/diploma.pdf"
ok "erased by the coordinator: the case says so, its personal data and files are gone"

say "reads beside the loop: DE's readers answer them, and hand over what needs the loop"
answered=$(reader_requests DE answered) handed=$(reader_requests DE handed)
expect 200 anna GET "/api/v1/cases?limit=5"
expect 200 anna GET "/api/v1/search?q=ordre"
field '[item ["key"] for item in d ["results"]]' | grep -q "FR:cnom" || fail "search: $(cat "$FED/body")"
[ "$(reader_requests DE answered)" = $((answered + 2)) ] \
    || fail "DE's readers did not answer the two reads ($answered before, $(reader_requests DE answered) after)"
# A state filter is checked against the manifest, which the loop holds.
expect 200 anna GET "/api/v1/search?q=ordre&state=FR"
field '[item ["key"] for item in d ["results"]]' | grep -q "FR:cnom" || fail "search in FR: $(cat "$FED/body")"
expect 422 anna GET "/api/v1/search?q=ordre&state=XX"
grep -q "unknown state 'XX'" "$FED/body" || fail "search in XX: $(cat "$FED/body")"
[ "$(reader_requests DE handed)" = $((handed + 2)) ] || fail "the readers did not hand over the two searches"
# A case page with its texts machine-translated: the translation worker is
# the loop's.
expect 200 anna GET "/api/v1/cases/$sent?translate=yes"
[ "$(field 'd ["id"]')" = "$sent" ] || fail "the translated page: $(cat "$FED/body")"
[ "$(reader_requests DE handed)" = $((handed + 3)) ] || fail "the readers did not hand over translate=yes"
[ -z "$(reader_requests FR answered)" ] || fail "FR (http_readers = 0) has readers"
ok "DE's readers answered the reads; the two searches with a state filter and a translated case page went on to the loop; FR has no readers"

# A signal the node handles (SIGHUP: logrotate) may land on any of its
# threads; sent to each reader and to the login worker (tgkill), they must go
# on answering (imi_thread.h).
for task in /proc/${NODE_PID[DE]}/task/*; do
    case $(cat "$task/comm") in imi-reader|imi-login) ;; *) continue ;; esac
    perl -e 'syscall (234, $ARGV [0] + 0, $ARGV [1] + 0, 1) == 0 or die "tgkill: $!"' \
        "${NODE_PID[DE]}" "${task##*/}" || fail "SIGHUP to thread ${task##*/}"
    hups=$((${hups:-0} + 1))
done
[ "${hups:-0}" = 3 ] || fail "DE has ${hups:-0} threads named imi-reader or imi-login, not 3"
for read in 1 2 3 4; do expect 200 anna GET "/api/v1/cases?limit=1"; done
http_login anna DE anna
ok "a SIGHUP to each reader thread and to the login worker: four reads answered, a login made"

fed_finish

#!/usr/bin/env bash
# The event stream (docs/http.md, "Events"): GET /api/v1/events as
# Server-Sent Events. A request DE sends reaches FR's responder's open
# stream as it is stored, and not the stream of a handler of another
# authority; the responder's own action follows; Last-Event-ID resumes
# after an event; the same events as one JSON page (?cursor=) are what
# `imictl --json events` prints, byte for byte; a logout ends the stream
# with "event: end"; no session or a malformed Last-Event-ID is refused; a
# node stops cleanly with a stream open, right after a load of 200 clients,
# and under one.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE FR
# The load's 200 clients all come from 127.0.0.1: no limit per address (as
# behind a proxy). With the default 64, libmicrohttpd closed the others at
# once, and bench_http, reconnecting as fast as it could, gave up after
# 100,000 closures on a machine quick enough to make them in its 2 s.
http_serve FR "http_connections_per_ip = 0"
node_start DE
node_start FR
demo_directories DE FR
anna=$(user_session DE anna DE:aek-berlin handler de)
pierre=$(user_session FR pierre FR:cnom handler fr)
claire=$(user_session FR claire FR:ars-idf handler fr)

# stream NAME TOKEN [curl options...]: NAME's event stream into $FED/NAME.sse
stream () {
    local name=$1 token=$2; shift 2
    curl -sS -N -b "imi_session=$token" -H 'Accept: text/event-stream' "$@" \
        "$BASE/api/v1/events" > "$FED/$name.sse" 2>"$FED/$name.err" &
}
has () { grep -q -- "$2" "$FED/$1.sse"; }

say "a stream per user; a request sent from DE reaches the responder's"
stream pierre "$pierre"
pierre_curl=$!
stream claire "$claire"
claire_curl=$!
wait_until 10 has pierre "the events of your reach follow" && wait_until 10 has claire "follow" \
    || fail "the streams did not open: $(cat "$FED/pierre.sse" "$FED/pierre.err")"
grep -q "^retry: 3000" "$FED/pierre.sse" || fail "no retry field"
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(date -u -d '+20 days' +%F)" --question pq.diploma-authentic \
        --text "Bitte um Auskunft." --send) || fail "anna cannot send a request"
wait_until 20 has pierre "\"ref\":\"$id\"" || fail "the request did not reach pierre's stream: $(cat "$FED/pierre.sse")"
grep -q "^event: case$" "$FED/pierre.sse" || fail "no 'event: case' line: $(cat "$FED/pierre.sse")"
first=$(sed -n 's/^id: //p' "$FED/pierre.sse" | head -n 1)
[[ $first =~ ^[0-9]+$ ]] || fail "no event id: $(cat "$FED/pierre.sse")"
ok "pierre's stream says case $id changed (id $first), as it was stored"

say "the responder acts: the stream follows; another authority's handler sees nothing"
as FR "$pierre" case accept "$id" --reply-by "$(date -u -d "+25 days" +%F)" >/dev/null || fail "pierre cannot accept"
wait_until 20 has pierre '"event":"accept"' || fail "the acceptance is not in the stream: $(cat "$FED/pierre.sse")"
has claire "$id" && fail "claire (another authority) was told of $id: $(cat "$FED/claire.sse")"
ok "the stream follows the case; claire's stream has nothing of it"

say "one page as JSON is imictl --json events, byte for byte; Last-Event-ID resumes"
expect 200 - GET '/api/v1/events?cursor=0&limit=50' -b "imi_session=$pierre"
cp "$FED/body" "$FED/page.json"
IMI_SESSION=$pierre ctl FR --json events 0 --limit 50 > "$FED/page.cli" || fail "imictl events"
cmp -s <(tr -d '\n' < "$FED/page.json") <(tr -d '\n' < "$FED/page.cli") \
    || fail "HTTP and imictl differ: $(cat "$FED/page.json") / $(cat "$FED/page.cli")"
python3 -c 'import json, sys
page = json.load (open (sys.argv [1]))
kinds = [(event ["kind"], event ["ref"]) for event in page ["events"]]
assert ("case", sys.argv [2]) in kinds and page ["next_cursor"] >= int (sys.argv [3]) and not page ["gap"], page' \
    "$FED/page.json" "$id" "$first" || fail "the JSON page: $(cat "$FED/page.json")"
expect 200 - GET '/api/v1/events?cursor=0' -b "imi_session=$claire"
cp "$FED/body" "$FED/claire.json"
python3 -c 'import json, sys; page = json.load (open (sys.argv [1])); assert page ["events"] == [], page' \
    "$FED/claire.json" || fail "claire's page: $(cat "$FED/claire.json")"
curl -sS -N -m 3 -b "imi_session=$pierre" -H 'Accept: text/event-stream' \
    -H "Last-Event-ID: $first" "$BASE/api/v1/events" > "$FED/resumed.sse" 2>/dev/null
grep -q '"event":"accept"' "$FED/resumed.sse" || fail "resuming after $first lost the acceptance: $(cat "$FED/resumed.sse")"
grep -q "^id: $first$" "$FED/resumed.sse" && fail "resuming after $first sent $first again"
ok "the page is the CLI's answer; claire's page is empty; Last-Event-ID $first resumes after it"

say "refusals; a logout ends the stream"
expect 401 - GET /api/v1/events -H 'Accept: text/event-stream'
expect 400 - GET /api/v1/events -b "imi_session=$pierre" -H 'Accept: text/event-stream' \
    -H 'Last-Event-ID: 12x'
IMI_SESSION=$pierre ctl FR logout >/dev/null || fail "logout"
as FR "$claire" case list >/dev/null      # an event-free request: the stream wakes on the next head change
as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
    --reply-by "$(date -u -d '+20 days' +%F)" --question pq.diploma-authentic --send >/dev/null \
    || fail "a second request"
wait_until 20 has pierre "^event: end" || fail "the stream did not end after logout: $(tail -n 5 "$FED/pierre.sse")"
wait_until 10 eval "! kill -0 $pierre_curl" || fail "the stream's connection stayed open after its end"
ok "no session 401, a bad Last-Event-ID 400; after logout the stream says why and closes"

say "the node stops with a stream open, just after 200 clients' requests"
# A SIGTERM right after a load found HTTP threads waiting out their answer
# time-out, one request after another, for a loop that had stopped: the
# node did not stop (bench_http, the first time it ran).
IMI_HTTP_SESSION=$claire "$IMI_TOOLS/bench_http" --port "$HTTP_PORT" --connections 200 \
    --duration 2 --warmup 0 --kind "events 1 GET /api/v1/events?cursor=0" > "$FED/load.txt" 2>&1 \
    || fail "the load: $(tail -n 3 "$FED/load.txt")"
node_stop FR
wait "$claire_curl" 2>/dev/null
grep -q "node.stopped" "$FED/FR/node.log" || fail "FR did not stop cleanly"
ok "FR stopped at once with claire's stream open after $(awk '$1 == "all" { print $4 }' "$FED/load.txt") requests"

say "the node stops while 200 clients read"
# Reads wait in the readers' queue, each with its connection suspended; the
# reader that answers one resumes it. The HTTP server's stop waits for
# those (libmicrohttpd must not stop with a connection suspended), and
# the readers' stop ends the reads still queued unanswered.
node_start FR
IMI_HTTP_SESSION=$claire "$IMI_TOOLS/bench_http" --port "$HTTP_PORT" --connections 200 \
    --duration 6 --warmup 0 --kind "cases 1 GET /api/v1/cases?limit=20" \
    --kind "search 1 GET /api/v1/search?q=berlin" > "$FED/load2.txt" 2>&1 &
load=$!
reads () {
    curl -sS "$BASE/metrics" | awk '/^imi_http_reader_requests_total.*outcome="answered"/ { print $2 }'
}
wait_until 10 eval '[ "$(reads)" -gt 1000 ]' || fail "the reads did not start: $(tail -n 3 "$FED/load2.txt")"
node_stop FR
wait "$load" 2>/dev/null
[ "$(grep -c "node.stopped" "$FED/FR/node.log")" = 2 ] || fail "FR did not stop cleanly under the load"
ok "FR stopped at once under 200 clients' reads"

fed_finish
ok "test_http_events"

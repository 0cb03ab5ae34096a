#!/usr/bin/env bash
# bench-web.sh [BUILD_DIR]: the web application's quality bar (issue 15):
# the bytes of the first page and the time to draw a case with 200
# timeline entries, in Debian's chromium, beside the goals (300 KB,
# 100 ms). Prints figures; asserts nothing (a benchmark, not a test: the
# machine is shared). docs/benchmarks.md, "Web application benchmark".
#
# Builds a throw-away federation of DE and FR (tests/integration/lib.sh)
# with the demo authorities; DE serves the API and the application from
# the source tree's web/. A handler at DE:aek-berlin sends a request to
# FR:cnom (imictl), a handler there accepts it, and the two exchange
# messages until the case has ENTRIES timeline entries at DE, each with a
# text (FR's in French: each shows "translate"). Then
# tests/browser/bench.mjs measures, as the DE handler: a cold load of /
# signed in, and the case page, median of LOADS loads.
#
# Settings (environment): ENTRIES (200), LOADS (7); PROFILE=FILE writes a
# trace of one more load of the case page (bench.mjs); FED_KEEP=1
# keeps the federation's folder.
set -u
build=${1:-build}
entries=${ENTRIES:-200}
loads=${LOADS:-7}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/integration/lib.sh" "$build"
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || fail "chromium is needed (scripts/setup.sh installs it)"
[ -d "$IMI_SOURCE/tests/browser/node_modules/playwright-core" ] \
    || fail "playwright-core is needed: scripts/setup.sh runs npm ci in tests/browser"

fed_create DE FR
http_serve DE "http_web_root = $IMI_SOURCE/web"
node_start DE
node_start FR
demo_directories DE FR          # each waits for the other's: DE and FR are linked
de_token=$(user_session DE hanna DE:aek-berlin handler de)
fr_token=$(user_session FR pierre FR:cnom handler fr)

say "a case of $entries timeline entries: a request, its acceptance, messages both ways"
case_id=$(as DE "$de_token" case new --procedure pq-information-request --to FR:cnom \
          --question pq.registered --question pq.diploma-authentic --subject pq.family-name=Kowalski \
          --text "Frau Dr. Kowalski beantragt die Anerkennung als Ärztin." --send) \
    || fail "case new"
wait_until 15 as FR "$fr_token" case show "$case_id" || fail "FR did not receive $case_id"
as FR "$fr_token" case accept "$case_id" --reply-by "$(date -u -d '+20 days' +%F)" >/dev/null \
    || fail "FR cannot accept $case_id"
for (( index = 4; index <= entries; index++ )); do
    if (( index % 2 )); then
        as DE "$de_token" case message "$case_id" \
            --text "Nachricht $index: Bitte senden Sie uns eine beglaubigte Kopie des Diploms." >/dev/null
    else
        as FR "$fr_token" case message "$case_id" \
            --text "Message $index : le diplôme a été vérifié auprès de l'université." >/dev/null
    fi || fail "message $index"
done
http_login hanna DE hanna
timeline () {
    expect 200 hanna GET "/api/v1/cases/$case_id" >/dev/null
    [ "$(field 'd ["timeline_events"]')" -ge "$entries" ]
}
wait_until 60 timeline || fail "DE's case has $(field 'd ["timeline_events"]') entries, not $entries"

say "in chromium: the first page, then the case page ($loads loads)"
PROFILE=${PROFILE:-} WEB=$BASE NAME=hanna CASE=$case_id ENTRIES=$entries LOADS=$loads CHROMIUM=$CHROMIUM HOME="$FED" \
    node "$IMI_SOURCE/tests/browser/bench.mjs" || fail "the browser's measurement"
echo "(load average $(cut -d ' ' -f 1-3 /proc/loadavg); $(nproc) cores; $("$CHROMIUM" --version 2>/dev/null))"
fed_finish

#!/usr/bin/env bash
# imictl health says "healthy no" and exits 3 when the node answers but is
# degraded, with one line per reason: store errors in the last minute (a
# full disk: DE's data directory is a small tmpfs, filled), peers that do
# not answer, envelopes refused for clock skew in the last minute, an outbox
# whose oldest message is older than health_outbox_max_s. Metrics count the
# store errors by kind; `imictl peers` never shows a negative age; a
# change the full disk could not keep is a 503 over HTTP. Needs root (mount).
source "$(dirname "$0")/lib.sh" "$1"
[ "$(id -u)" = 0 ] || fail "run as root: DE's data directory is a tmpfs mounted for the test"

# degraded_by STATE REASON TEXT: health exits 3, says "healthy no" and has a
# line "degraded REASON DETAIL" whose detail contains TEXT.
degraded_by () {
    local status=0 output
    output=$(ctl "$1" health 2>&1) || status=$?
    [ "$status" = 3 ] && echo "$output" | grep -q "^healthy	no$" \
        && echo "$output" | awk -F '\t' -v reason="$2" -v text="$3" \
               '$1 == "degraded" && $2 == reason && index ($3, text) { found = 1 }
                END { exit !found }'
}
show_health () { echo "   $(ctl "$1" health | grep '^degraded' | tr '\t' ' ' | tr '\n' '|')"; }

fed_create DE FR
DATA="$FED/DE/data"
mv "$DATA" "$DATA.made"
mkdir "$DATA"
mount -t tmpfs -o size=24m,mode=0700 imi-test-health "$DATA" || fail "cannot mount a tmpfs on $DATA"
cleanup () {
    local state
    for state in "${!NODE_PID[@]}"; do kill -9 "${NODE_PID[$state]}" 2>/dev/null; done
    wait 2>/dev/null
    umount -l "$DATA"
    fed_cleanup
}
trap cleanup EXIT
cp -a "$DATA.made/." "$DATA/"

# A message queued for FR, which never started; then DE restarts with its
# clock set 1200 s back: the message's age would be negative.
node_start DE
ctl DE send FR "waiting for FR" >/dev/null || fail "send"
node_stop DE
node_config DE "clock_offset_s = -1200"
node_start DE
oldest=$(ctl DE peers | awk -F '\t' '$1 == "FR" { print $7 }')
[ -n "$oldest" ] && [ "${oldest#-}" = "$oldest" ] || fail "peers shows FR's oldest message aged '$oldest'"
ok "peers shows the age of a message stamped ahead of the clock as $oldest, never negative"

wait_until 10 degraded_by DE peers_unreachable "FR (1 of 1 peers)" \
    || fail "FR is down, DE's health: $(ctl DE health)"
show_health DE
ok "no peer reachable: degraded, exit 3, FR named"

# FR starts with the right clock: to DE, 1200 s behind, its envelopes are
# from the future and refused.
node_config FR "health_outbox_max_s = 2"
node_start FR
wait_until 15 degraded_by DE clock_skew "future" || fail "DE's health: $(ctl DE health)"
show_health DE
[ "$(counter DE rejected_future)" -gt 0 ] || fail "no rejected_future counted"
ok "envelopes refused as stamped in the future: degraded with the clock skew named"

# DE's clock set right (and its HTTP API on): the link heals, the message is
# delivered, healthy.
node_stop DE
http_serve DE
node_start DE
wait_until 30 ctl DE health || fail "DE is not healthy again: $(ctl DE health)"
[ "$(ctl_value DE healthy health)" = yes ] || fail "health says: $(ctl DE health)"
ok "clock right, FR up, message delivered: healthy, exit 0"

# A handler at DE who makes requests (a case action: it runs in a batch of
# the loop, docs/http.md "Changes in batches").
demo_directories DE FR
token=$(user_session DE anna DE:aek-berlin handler de)
new_case () { as DE "$token" case new --procedure pq-information-request --to FR:cnom \
                  --question pq.registered; }
http_login anna DE anna
cases () { as DE "$token" case list --total | awk -F '\t' '$1 == "total" { print $2 }'; }
new_case >/dev/null || fail "anna cannot make a request"

# The disk full. DE was just restarted, so its WAL is small and every write
# must grow it. FR's messages reach DE, whose commits fail.
dd if=/dev/zero of="$DATA/filler" bs=64k >/dev/null 2>&1
[ "$(df --output=avail "$DATA" | tail -n 1 | tr -d ' ')" -lt 64 ] || fail "the tmpfs is not full: $(df "$DATA")"
text=$(head -c 900 /dev/zero | tr '\0' x)
ctl FR send DE "$text" --count 300 >/dev/null || fail "FR send"
wait_until 30 degraded_by DE store_errors "full" || fail "DE's health: $(ctl DE health)"
show_health DE
full=$(ctl DE metrics | awk '$1 == "imi_store_errors_total{state=\"DE\",kind=\"full\"}" { print $2 }')
[ -n "$full" ] && [ "$full" -gt 0 ] || fail "no full-disk errors in DE's metrics: $(ctl DE metrics | grep store)"
# (more may fail meanwhile: the counters, asked later, show at least as many)
[ "$(ctl_value DE store_errors_full counters)" -ge "$full" ] || fail "counters: $(ctl DE counters | grep store)"
grep -q "store.error.*full" "$FED/DE/node.log" || fail "no store.error in DE's log"
wait_until 15 degraded_by FR outbox_age "DE " || fail "FR's health: $(ctl FR health)"
show_health FR
ok "a full disk: DE degraded with $full store errors of kind full; FR's outbox to DE too old"

# A request on the full disk: refused with the reason, nothing kept, and
# the node still answers (before the batch, as after).
before=$(cases)
output=$(new_case 2>&1) && fail "a request was made on a full disk: $output"
echo "$output" | grep -q "full" || fail "the refusal does not say the disk is full: $output"
# Over HTTP: 503 and Retry-After, for a client to try again later
expect 503 anna POST /api/v1/cases '{"procedure": "pq-information-request", "to": "FR:cnom", "question": "pq.registered"}'
problem "not stored"
grep -qi "^Retry-After: [0-9]" "$FED/headers" || fail "no Retry-After: $(cat "$FED/headers")"
[ "$(cases)" = "$before" ] || fail "anna had $before cases, now $(cases)"
ok "a case action on the full disk answers an error ($output; over HTTP 503 with Retry-After), and no case is kept"

rm "$DATA/filler"
all_delivered () { ctl FR peers | awk -F '\t' '$1 == "DE" && $6 == 0 { found = 1 } END { exit !found }'; }
wait_until 60 all_delivered || fail "FR's messages were not all receipted after the disk was freed"
[ "$(ctl_value DE count message-count --from FR)" = 300 ] \
    || fail "DE holds $(ctl_value DE count message-count --from FR) messages from FR, not 300"
ok "disk freed: all 300 messages delivered, none lost"
new_case >/dev/null || fail "anna cannot make a request once the disk has room"
[ "$(cases)" = $(( before + 1 )) ] || fail "anna has $(cases) cases, not $(( before + 1 ))"
ok "disk freed: anna's request is made"

fed_finish
ok "nodes stopped cleanly"

#!/usr/bin/env bash
# test_receipts.sh: a refused message is receipted as refused, not as applied
# (issue 10, point 2; PROTOCOL.md §2.1 versions, §3 conflicts, §4.3 RECEIPT).
#
# A real DE/FR federation (PL in the manifest, played by tests/tools/imi_probe):
#  1. DE sends FR a request that FR's workflow refuses (FR's catalogue has no
#     such request procedure): DE's case shows the refusal, DE's `peers`
#     counts it, DE counts and logs it.
#  2. PL speaking version 1 gets version 1 PONGs and receipts; once it speaks
#     version 2, each in-order message whose body FR cannot open or decode
#     (wrong key, 0xc1, bad UTF-8, nesting, a text over its limit) comes back
#     in a version 2 receipt as refused, with its kind and reason.
#  3. A different message for a seq FR applied is answered with FR's stored
#     receipt for it; a real DE whose seq FR took from a forger records the
#     conflict on the link, counted and logged once, and leaves it undelivered.
#
#   bash tests/integration/test_receipts.sh BUILD_DIR
source "$(dirname "$0")/lib.sh" "${1:?usage: test_receipts.sh BUILD_DIR}"

PROBE="$IMI_BUILD/tests/imi_probe"
[ -x "$PROBE" ] || fail "build first ($PROBE)"
command -v sqlite3 >/dev/null || fail "needs sqlite3"

probe () {          # probe IDENTITY-STATE TARGET-STATE ARGS...
    local identity=$1 state=$2; shift 2
    "$PROBE" --identity "$FED/$identity/data" --target "$FED/$state/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[$state]}" "$@" >"$FED/probe.out" 2>&1 \
        || fail "probe $*: exit $?: $(cat "$FED/probe.out")"
}
replied () { grep -qx "$1" "$FED/probe.out" || fail "$2: no line '$1' in: $(cat "$FED/probe.out")"; }
peer_column () {    # peer_column STATE PEER N: column N of STATE's `peers` row for PEER
    ctl "$1" peers | awk -F '\t' -v peer="$2" -v n="$3" '$1 == peer { print $n }'
}

fed_create DE FR PL
# FR knows pq-information-request and pq-alert as procedures (its
# authorities handle them) but not as an information request or an alert:
# its workflows refuse such a request or alert.
cp -r "$(dirname "$0")/../../data/catalogue" "$FED/fr-catalogue"
sed -i '/^pq-information-request\t/d' "$FED/fr-catalogue/requests.tsv"
sed -i '/^pq-alert\t/d' "$FED/fr-catalogue/alerts.tsv"
node_config FR "catalogue_dir = $FED/fr-catalogue"
node_start DE
node_start FR

# ---- 1. Two real nodes: a request FR refuses is shown as refused at DE.
demo_directories DE FR
wait_until 10 eval '[ "$(peer_column DE FR 10)" = 2 ]' \
    || fail "DE does not know FR speaks version 2: $(peer_column DE FR 10)"
ok "DE learned that FR speaks version 2 (imictl peers: version 2)"
anna=$(user_session DE anna DE:aek-berlin handler de)
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --question pq.registered --send) || fail "request"
wait_until 15 eval '[ "$(counter DE refused_by_peer)" = 1 ]' \
    || fail "DE counted refused_by_peer $(counter DE refused_by_peer), expected 1"
as DE "$anna" case show "$id" >"$FED/show.out" || fail "case show"
grep -Eq "^refused by FR: case_event seq [0-9]+, malformed: case $id: procedure pq-information-request is not an information request procedure here \(" \
    "$FED/show.out" || fail "case show does not say FR refused it: $(cat "$FED/show.out")"
ok "DE's case show: refused by FR, with FR's reason"
[ "$(peer_column DE FR 11)" = 1 ] || fail "DE's peers: refused $(peer_column DE FR 11), expected 1"
grep -q "message.refused_by_peer state=FR seq=[0-9]* type=case_event kind=malformed owner=$id " \
    "$FED/DE/node.log" || fail "DE did not log the refusal"
[ "$(sqlite3 "$FED/FR/data/node.db" "SELECT count(*) FROM cases")" = 0 ] || fail "FR opened the case"
ok "DE's peers counts 1 refused by FR, DE logged it; FR opened no case"

# The same from a backlog: FR is down when DE sends, and on its return knows
# nothing of DE's version; DE's probe goes ahead of the backlog, so FR's
# receipt for it can still say what FR refused.
node_stop FR
id2=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --question pq.registered --send) || fail "second request"
node_start FR
wait_until 15 eval '[ "$(counter DE refused_by_peer)" = 2 ]' \
    || fail "after FR's restart: refused_by_peer $(counter DE refused_by_peer), expected 2"
as DE "$anna" case show "$id2" | grep -q "^refused by FR: case_event seq [0-9]*, malformed: case $id2: " \
    || fail "the second case does not show FR's refusal"
ok "a refused request queued while FR was down is shown as refused once FR is back"

alert=$(as DE "$anna" alert new --procedure pq-alert --to FR \
          --field "pq-alert.decision-date=$(date -u +%F)" --text "Berufsverbot.") || fail "alert"
wait_until 15 eval '[ "$(counter DE refused_by_peer)" = 3 ]' \
    || fail "alert: refused_by_peer $(counter DE refused_by_peer), expected 3"
as DE "$anna" alert show "$alert" >"$FED/show.out" || fail "alert show"
grep -q "^refused by FR: alert_event seq [0-9]*, malformed: " "$FED/show.out" \
    || fail "alert show does not say FR refused it: $(cat "$FED/show.out")"
ok "an alert FR refuses: DE's alert show says so"

# ---- 2. PL, version 1 then 2, played by the probe (PL's node never runs).
version=$(ctl_value FR manifest_version status)
probe PL FR --version 1 --wait 5000 send-ping --manifest-version "$version"
replied "version 1" "a version 1 PING"
ok "a version 1 PING gets a version 1 PONG"
probe PL FR --version 1 --wait 5000 send-text "v1 hello" --seq 1
replied 'reply receipt from=FR to=PL seq=0 first_seq=1 last_seq=1 covers_sent=yes signature=valid' "v1 text"
replied "version 1" "v1 text"
probe PL FR --version 1 --wait 5000 send-text x --seq 2 --seal-with "$FED/DE/data"
replied 'reply receipt from=FR to=PL seq=0 first_seq=2 last_seq=2 covers_sent=yes signature=valid' "v1 refused"
replied "version 1" "v1 refused"
grep -q '^refused' "$FED/probe.out" && fail "a version 1 receipt carries refusals"
ok "a version 1 peer gets version 1 receipts, a refusal only counted at FR"

probe PL FR --wait 5000 send-ping --manifest-version "$version"
replied "version 2" "a version 2 PING"
[ "$(peer_column FR PL 10)" = 2 ] || fail "FR's peers: PL version $(peer_column FR PL 10)"
ok "a version 2 PING gets a version 2 PONG; FR now writes version 2 to PL"

printf '\x91\xc1' >"$FED/c1.body"
printf '\x91\xa2\xc0\x80' >"$FED/utf8.body"
printf '\x91\x91\x91\x91\x91\x91\x91\x91\x91\xa0' >"$FED/nesting.body"
{ printf '\x91\xda\x10\x01'; head -c 4097 /dev/zero | tr '\0' x; } >"$FED/long.body"
refused_as () {     # refused_as SEQ KIND REASON WHAT PROBE-ARGS...
    local seq=$1 kind=$2 reason=$3 what=$4; shift 4
    probe PL FR --wait 5000 "$@" --seq "$seq"
    replied "reply receipt from=FR to=PL seq=0 first_seq=$seq last_seq=$seq covers_sent=yes signature=valid" "$what"
    replied "version 2" "$what"
    grep -Eq "^refused seq=$seq kind=$kind reason=$reason" "$FED/probe.out" \
        || fail "$what: not refused as $kind ($reason): $(cat "$FED/probe.out")"
    ok "$what: receipted as refused, kind $kind"
}
refused_as 3 bad_body "body does not decrypt" "sealed with DE's key" send-text x --seal-with "$FED/DE/data"
refused_as 4 malformed "reserved byte 0xc1" "a 0xc1 byte" send-body text "$FED/c1.body"
refused_as 5 malformed "text.text: not valid UTF-8" "bad UTF-8" send-body text "$FED/utf8.body"
refused_as 6 malformed "nesting deeper than 8" "nesting 10 deep" send-body text "$FED/nesting.body"
refused_as 7 malformed "text.text: 4097 bytes exceeds the maximum 4096" "a text of 4097 bytes" \
    send-body text "$FED/long.body"
# A time field of 2^64 - 1 in a body (point 5): malformed, naming the field.
corpus="$(cd "$(dirname "$0")/../fuzz/corpus/case" && pwd)"
xxd -p "$corpus/event-minimal" | tr -d '\n' | sed 's/cf0000018fcf9b0448/cfffffffffffffffff/' \
    | xxd -r -p >"$FED/late.body"
refused_as 8 malformed "case_event.at_ms: 18446744073709551615 exceeds the maximum 253402300799999" \
    "a case event at 2^64 - 1 ms" send-case "$FED/late.body"
probe PL FR --wait 5000 send-text "v2 hello" --seq 9
replied 'reply receipt from=FR to=PL seq=0 first_seq=9 last_seq=9 covers_sent=yes signature=valid' "v2 text"
grep -q '^refused' "$FED/probe.out" && fail "an applied message receipted as refused"
[ "$(ctl_value FR count message-count --from PL)" = 2 ] || fail "FR applied a refused message"
ok "the link goes on: seq 9 applied, FR holds PL's 2 good messages only"

# ---- 3. Conflicts. A different message as PL's seq 1: FR's stored receipt
# for seq 1 comes back, naming the message FR applied, not this one.
conflicts=$(counter FR rejected_sequence_conflict)
probe PL FR --wait 5000 send-text "another seq 1" --seq 1
replied 'reply receipt from=FR to=PL seq=0 first_seq=1 last_seq=1 covers_sent=no signature=valid' "conflict"
[ "$(counter FR rejected_sequence_conflict)" = $((conflicts + 1)) ] || fail "conflict not counted"
ok "a conflicting seq 1 is answered with FR's receipt for the seq 1 it applied"

# A forger with DE's keys takes DE's next seq to FR; then the real DE sends
# its own message under that seq. DE must see the conflict, not loop silently.
wait_until 10 eval '[ "$(peer_column DE FR 6)" = 0 ]' || fail "DE's outbox to FR not empty"
next=$(( $(peer_column DE FR 8) + 1 ))
probe DE FR --wait 5000 send-text "forged" --seq "$next"
replied "reply receipt from=FR to=DE seq=0 first_seq=$next last_seq=$next covers_sent=yes signature=valid" "forgery"
ctl DE send FR "the real one" >/dev/null || fail "send"
wait_until 10 eval '[ "$(peer_column DE FR 12)" = "$next" ]' \
    || fail "DE's peers: conflict_seq '$(peer_column DE FR 12)', expected $next"
[ "$(counter DE link_conflicts)" = 1 ] || fail "link_conflicts $(counter DE link_conflicts)"
# Retransmissions meet the same receipt: still one conflict, one log line.
retries=$(counter DE rejected_bad_receipt)
wait_until 10 eval '[ "$(counter DE rejected_bad_receipt)" -gt "$retries" ]' || fail "no retransmission"
[ "$(counter DE link_conflicts)" = 1 ] || fail "link_conflicts $(counter DE link_conflicts) after retries"
[ "$(grep -c "link.conflict state=FR seq=$next " "$FED/DE/node.log")" = 1 ] \
    || fail "link.conflict logged $(grep -c "link.conflict state=FR" "$FED/DE/node.log") times"
[ "$(peer_column DE FR 6)" = 1 ] || fail "DE's message marked delivered"
ok "DE records the conflict at seq $next on the link (peers, counter, one log line), undelivered"

fed_finish
ok "receipts"

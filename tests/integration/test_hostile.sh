#!/usr/bin/env bash
# test_hostile.sh: a node facing hostile input (DESIGN.md §3-5).
#
# A real DE/FR/PL federation, and tests/tools/imi_probe as the attacker: a
# stranger whose CURVE key is not in the manifest, a member signing with
# another member's key, and a member (holding DE's keys) that replays,
# tampers with, truncates, pads and misaddresses envelopes, sends stale
# pings, two-frame messages and receipts on the socket that takes none; and,
# holding DE's keys in DE's place, answers FR with a receipt for a message FR
# never sent. Every rejection must be counted under its own reason and under
# no other, nothing may be applied twice, and the node must keep serving.
#
#   bash tests/integration/test_hostile.sh BUILD_DIR
# Needs the sqlite3 and xxd commands (to take a real envelope from DE's outbox).

source "$(dirname "$0")/lib.sh" "${1:?usage: test_hostile.sh BUILD_DIR}"

PROBE="$IMI_BUILD/tests/imi_probe"
[ -x "$PROBE" ] || fail "build first ($PROBE)"
command -v sqlite3 >/dev/null && command -v xxd >/dev/null || fail "needs sqlite3 and xxd"

ok () { echo "ok - $*"; }
# wait_until runs its arguments again on each poll, but a "$(...)" in them is
# expanded once, before the call: conditions that read the nodes go through
# eval '...' so that each poll reads them afresh.

# imi_probe connecting with the identity in DIR to STATE's node.
probe () {
    local identity=$1 state=$2; shift 2
    "$PROBE" --identity "$identity" --target "$FED/$state/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[$state]}" "$@"
}

# Every rejection counter of STATE, one "name=value" per line.
rejections () {
    ctl "$1" counters | awk -F '\t' '$1 ~ /^rejected_/ { print $1 "=" $2 }'
}

# Run a probe (the rest of the arguments) against STATE and check that the
# rejection counter REASON went up by exactly one and no other one moved.
expect_rejected () {
    local state=$1 reason=$2 what=$3; shift 3
    local before expected target
    before=$(rejections "$state")
    [ -n "$before" ] || fail "$what: cannot read the counters of $state"
    expected=$(awk -F '=' -v name="rejected_$reason" \
        '$1 == name { $2 = $2 + 1 } { print $1 "=" $2 }' <<<"$before")
    target=$(awk -F '=' -v name="rejected_$reason" '$1 == name { print $2 }' <<<"$expected")
    [ -n "$target" ] || fail "$what: no counter rejected_$reason"
    "$@" >"$FED/probe.out" 2>&1 || fail "$what: probe exit $?: $(cat "$FED/probe.out")"
    grep -qx connected "$FED/probe.out" || fail "$what: probe did not connect"
    wait_until 5 eval '[ "$(counter "$state" "rejected_$reason")" -ge "$target" ]' \
        || fail "$what: rejected_$reason stayed at $(counter "$state" "rejected_$reason")," \
                "expected $target"
    sleep 0.3                       # a second count would show by now
    local after
    after=$(rejections "$state")
    [ "$after" = "$expected" ] \
        || fail "$what: rejection counters of $state: expected" \
                "$(diff <(echo "$expected") <(echo "$after") | grep '^[<>]' | tr '\n' ' ')"
    ok "$what: $state counted rejected_$reason +1, no other reason"
}

fed_create DE FR PL
# FR's envelope limit is lowered so that an oversized message still fits
# under the socket's limit (twice this) and reaches the node's own check.
node_config FR "max_message_bytes = 135168"

# ---- A stranger: a CURVE key the manifest does not list.
# Only FR runs, so nothing else can move its counters.
node_start FR
"$IMICTL" init --dir "$FED/XX" --state XX >/dev/null || fail "init XX"
before=$(rejections FR)
received=$(counter FR received)
[ "$received" = 0 ] || fail "FR received $received before anyone connected"
probe "$FED/XX" FR --wait 2000 send-text "let me in" --seq 1 >"$FED/probe.out" 2>&1
rc=$?
[ "$rc" = 3 ] || fail "stranger: probe exit $rc, expected 3 (no reply): $(cat "$FED/probe.out")"
grep -q '^refused authentication' "$FED/probe.out" \
    || fail "stranger: handshake not refused: $(cat "$FED/probe.out")"
grep -q '^connected' "$FED/probe.out" && fail "stranger: the handshake succeeded"
[ "$(counter FR received)" = 0 ] || fail "stranger: FR received $(counter FR received)"
[ "$(rejections FR)" = "$before" ] || fail "stranger: FR's rejection counters moved"
ok "a key not in the manifest is refused at the handshake; FR received and rejected nothing"

# ---- The federation, and one real message DE -> FR to replay and tamper with.
node_start DE
node_start PL
wait_until 10 connected_to DE FR || fail "DE not connected to FR"
wait_until 10 connected_to FR DE || fail "FR not connected to DE"
ctl DE send FR "hello from DE" >/dev/null || fail "send hello"
wait_until 10 eval '[ "$(ctl_value FR count message-count --from DE)" = 1 ]' \
    || fail "hello not received"
wait_until 10 eval '[ "$(counter DE delivered)" = 1 ]' || fail "hello not receipted to DE"
sqlite3 "$FED/DE/data/node.db" \
    "SELECT hex(envelope) FROM outbox WHERE peer='FR' AND seq=1" | xxd -r -p >"$FED/hello.env"
[ -s "$FED/hello.env" ] || fail "no envelope DE->FR seq 1 in DE's outbox"
ok "DE sent FR one message (seq 1), receipted"

# ---- Replay: the stored receipt comes back, nothing is applied again.
duplicates=$(counter FR duplicates)
applied=$(counter FR applied)
before=$(rejections FR)
probe "$FED/DE/data" FR --wait 3000 send-file "$FED/hello.env" >"$FED/probe.out" 2>&1 \
    || fail "replay: no reply: $(cat "$FED/probe.out")"
grep -qx 'reply receipt from=FR to=DE seq=0 first_seq=1 last_seq=1 covers_sent=yes signature=valid' \
    "$FED/probe.out" || fail "replay: not the stored receipt: $(cat "$FED/probe.out")"
ok "replay: FR answers with its signed receipt for seq 1, naming the replayed envelope"
[ "$(counter FR duplicates)" = $((duplicates + 1)) ] \
    || fail "replay: duplicates $(counter FR duplicates), expected $((duplicates + 1))"
[ "$(counter FR applied)" = "$applied" ] || fail "replay: applied moved to $(counter FR applied)"
[ "$(ctl_value FR count message-count --from DE)" = 1 ] || fail "replay: applied twice"
[ "$(rejections FR)" = "$before" ] || fail "replay: counted as a rejection"
ok "replay: duplicates +1, applied unchanged, FR still holds 1 message from DE"

# ---- Tampered, malformed, truncated, oversized: DE's keys, DE's connection.
expect_rejected FR bad_signature "tampered header (message id)" \
    probe "$FED/DE/data" FR send-file "$FED/hello.env" --mutate header
expect_rejected FR bad_body "tampered body" \
    probe "$FED/DE/data" FR send-file "$FED/hello.env" --mutate body
expect_rejected FR bad_signature "tampered signature" \
    probe "$FED/DE/data" FR send-file "$FED/hello.env" --mutate signature
expect_rejected FR malformed "truncated envelope" \
    probe "$FED/DE/data" FR send-file "$FED/hello.env" --mutate truncate
expect_rejected FR malformed "random bytes" \
    probe "$FED/DE/data" FR send-garbage 300
expect_rejected FR oversized "200000 bytes to a node with max_message_bytes 135168" \
    probe "$FED/DE/data" FR send-file "$FED/hello.env" --mutate oversize --size 200000

# ---- Validly signed by DE, but wrong in what they say.
expect_rejected FR misaddressed "addressed to PL, sent to FR" \
    probe "$FED/DE/data" FR send-text "for PL" --to PL --seq 2
expect_rejected FR sequence_conflict "a different message as seq 1" \
    probe "$FED/DE/data" FR send-text "forged seq 1" --seq 1
expect_rejected FR out_of_order "seq 5 when 2 is next" \
    probe "$FED/DE/data" FR send-text "too early" --seq 5
expect_rejected FR future "timestamp 10 minutes ahead" \
    probe "$FED/DE/data" FR send-text "from the future" --seq 2 --skew 600000
# 2^63 and 2^64 - 1 are far in the future too, not negative numbers in the past.
for stamp in 9223372036854775808 18446744073709551615; do
    expect_rejected FR future "a TEXT stamped $stamp" \
        probe "$FED/DE/data" FR send-text "from the far future" --seq 2 --timestamp "$stamp"
done

# ---- A member signing with another member's key (connection authenticated as FR).
expect_rejected DE identity_mismatch "from=PL signed by PL on FR's connection" \
    probe "$FED/FR/data" DE send-text "PL speaking" --signer "$FED/PL/data" --seq 1
expect_rejected DE bad_signature "from=FR signed by PL's key" \
    probe "$FED/FR/data" DE send-text "FR, honest" --signer "$FED/PL/data" --from FR --seq 1
[ "$(ctl_value DE count message-count)" = 0 ] || fail "DE applied a forged message"
ok "DE applied none of the forged messages"

# ---- Nothing was applied, and the nodes still serve.
[ "$(ctl_value FR count message-count --from DE)" = 1 ] \
    || fail "FR holds $(ctl_value FR count message-count --from DE) messages from DE, expected 1"
[ "$(counter FR applied)" = 1 ] || fail "FR applied $(counter FR applied), expected 1"
ctl DE send FR "after the storm" >/dev/null || fail "send after the storm"
wait_until 10 eval '[ "$(ctl_value FR count message-count --from DE)" = 2 ]' \
    || fail "the message after the hostile traffic did not arrive"
ctl FR messages --from DE | grep -q "after the storm" || fail "FR does not show the new message"
[ "$(counter FR applied)" = 2 ] || fail "FR applied $(counter FR applied), expected 2"
ok "a normal message DE -> FR still arrives (seq 2), applied once"
ctl FR ping DE >/dev/null || fail "FR cannot ping DE"
ctl DE ping FR >/dev/null || fail "DE cannot ping FR"
ok "FR and DE answer pings"

# ---- Validly signed by DE, in order, but the body is sealed for someone else:
# recorded as rejected and receipted (so the link is not blocked), not applied.
expect_rejected FR bad_body "seq 3 sealed with PL's key" \
    probe "$FED/DE/data" FR send-text x --seq 3 --seal-with "$FED/PL/data"
[ "$(counter FR applied)" = 2 ] || fail "FR applied a body it could not open"
rejected=$(sqlite3 "$FED/FR/data/node.db" "SELECT rejected FROM inbox WHERE peer = 'DE' AND seq = 3")
[ "$rejected" = "body does not decrypt" ] || fail "seq 3 not recorded as rejected: '$rejected'"
ok "an undecryptable but signed message is recorded with its reason, not applied"

# ---- Unsequenced messages expire: a PING signed by DE ten minutes ago is
# counted and left unanswered, a fresh one gets FR's PONG naming it.
# no_reply: run a probe that must get nothing back (exit 3), as a success.
no_reply () {
    "$@"
    local rc=$?
    [ "$rc" = 3 ] && return 0
    echo "probe exit $rc, expected 3 (no reply)"
    return 1
}
version=$(ctl_value FR manifest_version status)
[ -n "$version" ] || fail "cannot read FR's manifest version"
expect_rejected FR expired "a PING 10 minutes old, left unanswered" \
    no_reply probe "$FED/DE/data" FR --wait 1000 send-ping --manifest-version "$version" \
    --skew -600000
for stamp in 9223372036854775808 18446744073709551615; do
    expect_rejected FR future "a PING stamped $stamp, left unanswered" \
        no_reply probe "$FED/DE/data" FR --wait 1000 send-ping --manifest-version "$version" \
        --timestamp "$stamp"
done
[ "$(ctl_value FR count message-count --from DE)" = 2 ] || fail "FR applied a TEXT from the far future"
before=$(rejections FR)
probe "$FED/DE/data" FR --wait 3000 send-ping --manifest-version "$version" \
    >"$FED/probe.out" 2>&1 || fail "fresh ping: no reply: $(cat "$FED/probe.out")"
grep -qx "reply pong from=FR to=DE seq=0 manifest_version=$version answers_sent=yes signature=valid" \
    "$FED/probe.out" || fail "fresh ping: not FR's pong to it: $(cat "$FED/probe.out")"
[ "$(rejections FR)" = "$before" ] || fail "fresh ping: counted as a rejection"
ok "a fresh PING from DE is answered with FR's signed PONG naming it"

# ---- One message in two frames: the next of the link (seq 4) and a copy of
# it. Refused whole, before any check: neither applied nor recorded. Then a
# seq 4 in one frame is applied, so the frames were the only fault.
applied=$(counter FR applied)
expect_rejected FR malformed "seq 4 as a 2-frame message (envelope + copy)" \
    probe "$FED/DE/data" FR --frames 2 send-text "two frames" --seq 4
[ "$(counter FR applied)" = "$applied" ] || fail "2 frames: FR applied $(counter FR applied)"
recorded=$(sqlite3 "$FED/FR/data/node.db" "SELECT count(*) FROM inbox WHERE peer = 'DE' AND seq = 4")
[ "$recorded" = 0 ] || fail "2 frames: FR recorded seq 4"
ok "2 frames: nothing applied or recorded"
probe "$FED/DE/data" FR --wait 3000 send-text "one frame" --seq 4 >"$FED/probe.out" 2>&1 \
    || fail "1 frame: no reply: $(cat "$FED/probe.out")"
grep -qx 'reply receipt from=FR to=DE seq=0 first_seq=4 last_seq=4 covers_sent=yes signature=valid' \
    "$FED/probe.out" || fail "1 frame: not receipted: $(cat "$FED/probe.out")"
[ "$(counter FR applied)" = $((applied + 1)) ] || fail "1 frame: FR applied $(counter FR applied)"
ok "the same seq 4 in one frame is applied and receipted"

# ---- Receipts are answers, taken on a node's DEALER only. With DE stopped FR
# holds one undelivered message for it (FR -> DE seq 1); DE's signed receipt
# naming exactly that message, handed to FR's ROUTER, must change nothing:
# taken, it would mark the message delivered and DE would never get it.
# (FR is the sender here, not DE: DE -> FR seq 3 was forged above, so DE's own
# seq 3 would be a sequence conflict at FR and never be delivered.)
node_stop DE
ctl FR send DE "held for DE" >/dev/null || fail "send FR -> DE"
sqlite3 "$FED/FR/data/node.db" \
    "SELECT hex(envelope) FROM outbox WHERE peer='DE' AND seq=1" | xxd -r -p >"$FED/held.env"
[ -s "$FED/held.env" ] || fail "no envelope FR->DE seq 1 in FR's outbox"
link_to_de () {
    ctl FR peers | awk -F '\t' '$1 == "DE" { print "outbox=" $6 " sent_seq=" $8 " acked_seq=" $9 }'
}
held="outbox=1 sent_seq=1 acked_seq=0"
[ "$(link_to_de)" = "$held" ] || fail "FR's link to DE: $(link_to_de), expected $held"
delivered=$(counter FR delivered)
accepted=$(counter FR receipts_accepted)
expect_rejected FR unexpected "DE's receipt for FR's seq 1, sent to FR's ROUTER" \
    probe "$FED/DE/data" FR send-receipt "$FED/held.env"
[ "$(counter FR delivered)" = "$delivered" ] || fail "ROUTER receipt: delivered moved"
[ "$(counter FR receipts_accepted)" = "$accepted" ] || fail "ROUTER receipt: accepted"
[ "$(link_to_de)" = "$held" ] || fail "ROUTER receipt: FR's link to DE is now $(link_to_de)"
ok "a receipt on the ROUTER changes nothing: FR -> DE seq 1 still undelivered"

# ---- The sender checks what a receipt names. An impostor with DE's keys takes
# DE's endpoint; FR's DEALER connects and sends seq 1, and gets a receipt
# signed by DE for seq 1 whose header hash has one bit flipped.
expect_rejected FR bad_receipt "a receipt signed by DE naming a hash FR never sent" \
    "$PROBE" --identity "$FED/DE/data" --target "$FED/FR/data" \
    --listen "tcp://127.0.0.1:${NODE_PORT[DE]}" --wait 10000 serve-receipt --mutate hash
grep -qx 'received text from=FR to=DE seq=1' "$FED/probe.out" \
    || fail "impostor: did not get FR's seq 1: $(cat "$FED/probe.out")"
grep -qx 'sent receipt first_seq=1 last_seq=1 hash=flipped' "$FED/probe.out" \
    || fail "impostor: no receipt sent: $(cat "$FED/probe.out")"
grep -q 'message.rejected reason=bad_receipt from=DE .*first difference at seq 1' \
    "$FED/FR/node.log" || fail "FR did not log the hash mismatch of seq 1"
[ "$(counter FR delivered)" = "$delivered" ] || fail "bad receipt: delivered moved"
[ "$(counter FR receipts_accepted)" = "$accepted" ] || fail "bad receipt: accepted"
[ "$(link_to_de)" = "$held" ] || fail "bad receipt: FR's link to DE is now $(link_to_de)"
ok "FR kept seq 1 undelivered after the bad receipt"
node_start DE
wait_until 10 eval '[ "$(counter FR delivered)" = $((delivered + 1)) ]' \
    || fail "FR -> DE seq 1 not delivered once DE is back: $(link_to_de)"
[ "$(link_to_de)" = "outbox=0 sent_seq=1 acked_seq=1" ] \
    || fail "FR's link to DE after delivery: $(link_to_de)"
ctl DE messages --from FR | grep -q "held for DE" || fail "DE does not show FR's message"
ok "the real DE back: FR -> DE seq 1 delivered and receipted"

for state in DE FR PL; do
    kill -0 "${NODE_PID[$state]}" 2>/dev/null || fail "$state died"
done
fed_finish
ok "all nodes alive after the hostile traffic, stopped cleanly, no sanitizer reports"

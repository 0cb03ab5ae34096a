#!/usr/bin/env bash
# The auditor's tool against real exports: three nodes exchange messages in
# every direction, witness each other's checkpoints, export their logs; each
# bundle verifies offline with public keys only. Then every kind of tampering
# with DE's bundle is caught and named, a bad policy is refused, an exchange
# is proven to be in the log, and erasing message bodies (retention) leaves
# the log verifiable with the same root.
source "$(dirname "$0")/lib.sh" "$1"
IMI_AUDIT="$IMI_BUILD/imi-audit"
[ -x "$IMI_AUDIT" ] || fail "build imi-audit first ($IMI_AUDIT)"

fed_create DE FR PL
for state in DE FR PL; do node_config "$state" "audit_checkpoint_ms = 300"; done
for state in DE FR PL; do node_start "$state"; done
for pair in "DE FR" "DE PL" "FR PL" "FR DE" "PL DE" "PL FR"; do
    set -- $pair
    wait_until 15 connected_to "$1" "$2" || fail "$1 did not connect to $2"
done

for pair in "DE FR" "DE PL" "FR DE" "FR PL" "PL DE" "PL FR"; do
    set -- $pair
    ctl "$1" send "$2" "from $1 to $2" --count 20 >/dev/null || fail "send $1 -> $2"
done
all_receipted () {
    ctl "$1" peers | awk -F '\t' -v peer="$2" -v sent="$3" \
        '$1 == peer && $6 == 0 && $8 == sent && $9 == sent { found = 1 } END { exit !found }'
}
for pair in "DE FR" "DE PL" "FR DE" "FR PL" "PL DE" "PL FR"; do
    set -- $pair
    wait_until 20 all_receipted "$1" "$2" 20 || fail "$1 -> $2 not all receipted"
done
ok "20 messages on each of six links, all receipted"

ctl DE audit checkpoint >/dev/null || fail "audit checkpoint"
wait_until 20 audit_settled DE "FR PL" || fail "DE's latest checkpoint is not cosigned by FR and PL: $(ctl DE audit status)"
wait_until 20 audit_settled FR "DE PL" || fail "FR's latest checkpoint is not cosigned by DE and PL"
wait_until 20 audit_settled PL "DE FR" || fail "PL's latest checkpoint is not cosigned by DE and FR"
ok "each node's latest checkpoint covers its log and is cosigned by the two others"

for state in DE FR PL; do
    ctl "$state" audit export "$FED/bundle-$state" >/dev/null || fail "export $state"
done
# An export never lands on an earlier one (stale checkpoints would mix in)
expect_error "export into a new folder" ctl DE audit export "$FED/bundle-DE"
POLICY="$FED/policy.conf"
{
    echo "# whom the auditor trusts"
    echo "governance_key = $(cat "$FED/governance.pub")"
    echo "governance_threshold = 1"
    echo "witness = DE"
    echo "witness = FR"
    echo "witness = PL"
    echo "witness_quorum = 2"
} > "$POLICY"
for state in DE FR PL; do
    output=$("$IMI_AUDIT" verify "$FED/bundle-$state" --policy "$POLICY" 2>&1) \
        || fail "bundle of $state does not verify: $output"
    echo "$output" | grep -q "^OK: policy met" || fail "no OK line for $state: $output"
done
echo "$output" | grep -q "^origin: federated-imi/test-federation/PL$" || fail "origin: $output"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE" --policy "$POLICY")
echo "$output" | grep -q "^cosigned by: FR PL$" || fail "DE's summary does not name FR and PL as cosigners"
# The summary by kind covers what the latest checkpoint commits to, and
# says so; entries after it are counted apart.
latest_size=$(( 10#$(ls "$FED/bundle-DE/checkpoints" | sort | tail -n 1 | cut -d. -f1) ))
echo "$output" | grep -q "^committed to by the latest checkpoint: $latest_size ([0-9]* sent, " \
    || fail "no summary of the $latest_size committed entries: $output"
ok "the three exported bundles verify offline with the governance key and 2 witnesses"

# ---- tampering, each on a fresh copy of DE's bundle --------------------------

BUNDLE="$FED/bundle-DE"
COPY="$FED/tampered"
fresh () { rm -rf "$COPY"; cp -r "$BUNDLE" "$COPY"; }

# expect_fail PATTERN [POLICY]: verify exits 1 and its FAIL line matches PATTERN.
expect_fail () {
    local pattern=$1 policy=${2:-$POLICY} output status=0
    output=$("$IMI_AUDIT" verify "$COPY" --policy "$policy" 2>&1) || status=$?
    [ "$status" = 1 ] || fail "exit $status, not 1 (expected '$pattern'): $output"
    echo "$output" | grep -qE "^FAIL: $pattern" || fail "expected 'FAIL: $pattern', got: $output"
    echo "$output" | grep -qiE "Sanitizer|runtime error" && fail "sanitizer: $output"
    echo "   $(echo "$output" | grep '^FAIL')"
}

byte_at () { od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' '; }
# The record length (4 bytes, big-endian) at offset.
length_at () {
    local a b c d
    read -r a b c d < <(od -An -tu1 -j "$2" -N 4 "$1")
    echo $(( a << 24 | b << 16 | c << 8 | d ))
}
# Byte offset of record N of a leaves file.
record_offset () {
    local file=$1 wanted=$2 offset=0 index=0
    while [ "$index" -lt "$wanted" ]; do
        offset=$(( offset + 4 + $(length_at "$file" "$offset") ))
        index=$(( index + 1 ))
    done
    echo "$offset"
}
# Index of the first envelope leaf of KIND (1 sent, 2 received) with PEER,
# message TYPE and SEQ (below 128). The leaf is [kind, peer, header, ...];
# its header [1, type, id (18 bytes), from, to, seq, ...] starts at byte 7.
find_leaf () {
    local file=$1 kind=$2 peer=$3 type=$4 seq=$5 offset=0 index=0 size bytes
    size=$(stat -c %s "$file")
    while [ "$offset" -lt "$size" ]; do
        bytes=$(od -An -tu1 -j $(( offset + 4 )) -N 35 "$file" | tr -s ' \n' ' ')
        set -- $bytes
        local leaf_peer
        leaf_peer=$(printf "\\$(printf %o "$4")\\$(printf %o "$5")")
        if [ "$2" = "$kind" ] && [ "$leaf_peer" = "$peer" ] && [ "${10}" = "$type" ] \
           && [ "${35}" = "$seq" ]; then
            echo "$index"
            return
        fi
        offset=$(( offset + 4 + $(length_at "$file" "$offset") ))
        index=$(( index + 1 ))
    done
    return 1
}
# flip_byte FILE OFFSET [MASK]: XOR one byte with MASK (1).
flip_byte () {
    local value
    value=$(byte_at "$1" "$2")
    printf "\\$(printf %o $(( value ^ ${3:-1} )))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

LEAVES="$COPY/leaves"
fresh
SENT5=$(find_leaf "$LEAVES" 1 FR 4 5) || fail "no leaf for 'sent to FR: text seq 5' in DE's log"
SENT6=$(find_leaf "$LEAVES" 1 FR 4 6) || fail "no leaf for 'sent to FR: text seq 6'"
RECEIVED3=$(find_leaf "$LEAVES" 2 PL 4 3) || fail "no leaf for 'received from PL: text seq 3'"
offset=$(record_offset "$LEAVES" "$SENT5")
header_size=$(byte_at "$LEAVES" $(( offset + 4 + 6 )))

flip_byte "$LEAVES" $(( offset + 4 + 7 + 12 ))                  # the message id, in the header
expect_fail "entry $SENT5 at byte $offset: sent to FR: text seq 5: the signature does not verify with DE's key"
fresh
flip_byte "$LEAVES" $(( offset + 4 + 7 + header_size + 2 + 30 )) # the signature
expect_fail "entry $SENT5 at byte $offset: sent to FR: text seq 5: the signature does not verify"
fresh
flip_byte "$LEAVES" $(( offset + 4 + 1 )) 3                      # the kind: sent becomes received
expect_fail "entry $SENT5 at byte $offset: received from FR: text seq 5: the signed header says from DE to FR"
fresh
flip_byte "$LEAVES" $(( offset + 4 + 7 + header_size + 2 + 64 )) # the note's marker: shape breaks
expect_fail "entry $SENT5 at byte $offset: "
ok "a byte flipped in a leaf's header, signature, kind or note is named by entry and byte"

# The note is the one field no signature covers: give the leaf a note (one
# byte longer, its record length too) and only the checkpoint's root catches it.
fresh
length=$(length_at "$LEAVES" "$offset")
[ "$(byte_at "$LEAVES" $(( offset + 4 + length - 1 )))" = 160 ] || fail "the leaf's note is not empty"
{
    head -c "$offset" "$BUNDLE/leaves"
    printf "\\$(printf %o $(( (length + 1) >> 24 & 255 )))\\$(printf %o $(( (length + 1) >> 16 & 255 )))"
    printf "\\$(printf %o $(( (length + 1) >> 8 & 255 )))\\$(printf %o $(( (length + 1) & 255 )))"
    tail -c +$(( offset + 5 )) "$BUNDLE/leaves" | head -c $(( length - 1 ))
    printf '\241x'
    tail -c +$(( offset + 5 + length )) "$BUNDLE/leaves"
} > "$LEAVES"
expect_fail "checkpoints/[0-9]{20}\.note: the checkpoint at size [0-9]+ does not match the leaves: an entry before [0-9]+ was altered"
ok "an unsigned field altered: the next checkpoint does not match the leaves"

# Delete the record of "sent to FR seq 5": the next one to FR is named.
fresh
next=$(record_offset "$BUNDLE/leaves" $(( SENT5 + 1 )))
{ head -c "$offset" "$BUNDLE/leaves"; tail -c +$(( next + 1 )) "$BUNDLE/leaves"; } > "$LEAVES"
expect_fail "entry [0-9]+ at byte [0-9]+: sent to FR seq 6, expected 5"
# Swap "sent to FR seq 5" and "seq 6".
fresh
offset6=$(record_offset "$BUNDLE/leaves" "$SENT6")
after6=$(record_offset "$BUNDLE/leaves" $(( SENT6 + 1 )))
{
    head -c "$offset" "$BUNDLE/leaves"
    tail -c +$(( offset6 + 1 )) "$BUNDLE/leaves" | head -c $(( after6 - offset6 ))
    tail -c +$(( next + 1 )) "$BUNDLE/leaves" | head -c $(( offset6 - next ))
    tail -c +$(( offset + 1 )) "$BUNDLE/leaves" | head -c $(( next - offset ))
    tail -c +$(( after6 + 1 )) "$BUNDLE/leaves"
} > "$LEAVES"
expect_fail "entry $SENT5 at byte $offset: sent to FR seq 6, expected 5"
# A received message deleted: named by its link too.
fresh
offset=$(record_offset "$BUNDLE/leaves" "$RECEIVED3")
next=$(record_offset "$BUNDLE/leaves" $(( RECEIVED3 + 1 )))
{ head -c "$offset" "$BUNDLE/leaves"; tail -c +$(( next + 1 )) "$BUNDLE/leaves"; } > "$LEAVES"
expect_fail "entry [0-9]+ at byte [0-9]+: received from PL seq 4, expected 3"
ok "a deleted, a swapped and a deleted received record are named with the expected seq"

total=$(stat -c %s "$BUNDLE/leaves")
fresh
head -c $(( total - 7 )) "$BUNDLE/leaves" > "$LEAVES"
expect_fail "entry [0-9]+ at byte [0-9]+: truncated record"
fresh
head -c $(( offset + 2 )) "$BUNDLE/leaves" > "$LEAVES"
expect_fail "entry $RECEIVED3 at byte $offset: truncated record \(2 of the 4 length bytes\)"
fresh
head -c "$offset" "$BUNDLE/leaves" > "$LEAVES"
expect_fail "checkpoints/[0-9]{20}\.note: a checkpoint at size [0-9]+ but the leaves file holds $RECEIVED3 entries"
fresh
printf '\377\377\377\377' | dd of="$LEAVES" bs=1 seek="$offset" conv=notrunc 2>/dev/null
expect_fail "entry $RECEIVED3 at byte $offset: record length 4294967295"
fresh
printf '\0\0\0\0' | dd of="$LEAVES" bs=1 seek="$offset" conv=notrunc 2>/dev/null
expect_fail "entry $RECEIVED3 at byte $offset: record length 0"
ok "a leaves file cut mid-record, at a record boundary, or with a bad length is named"

# Checkpoints and cosignatures.
latest=$(ls "$BUNDLE/checkpoints" | sort | tail -n 1)
fresh
cp "$FED/bundle-FR/checkpoints/$(ls "$FED/bundle-FR/checkpoints" | sort | tail -n 1)" \
   "$COPY/checkpoints/$latest"
expect_fail "checkpoints/$latest: "
fresh
# Change one base64 character in the middle of FR's cosignature.
awk '/^— federated-imi\/test-federation\/FR / {
         position = length ($0) - 20
         character = substr ($0, position, 1)
         $0 = substr ($0, 1, position - 1) (character == "A"? "B": "A") substr ($0, position + 1)
     } { print }' "$BUNDLE/checkpoints/$latest" > "$COPY/checkpoints/$latest"
cmp -s "$BUNDLE/checkpoints/$latest" "$COPY/checkpoints/$latest" && fail "the cosignature was not altered"
expect_fail "checkpoints/$latest: invalid signature for key federated-imi/test-federation/FR\+"
# A second line under FR's name with a key id the manifest does not list (a
# witness adding, say, a post-quantum cosignature beside its Ed25519 one):
# C2SP signed-note says it MUST be ignored, so the bundle still verifies.
fresh
{
    cat "$BUNDLE/checkpoints/$latest"
    awk '/^— federated-imi\/test-federation\/FR / {
             character = substr ($3, 1, 1)
             print $1, $2, (character == "A"? "B": "A") substr ($3, 2)
         }' "$BUNDLE/checkpoints/$latest"
} > "$COPY/checkpoints/$latest"
[ "$(grep -c '^— federated-imi/test-federation/FR ' "$COPY/checkpoints/$latest")" = 2 ] \
    || fail "no second line under FR's name"
output=$("$IMI_AUDIT" verify "$COPY" --policy "$POLICY" 2>&1) \
    || fail "a line under FR's name with an unknown key id was not ignored: $output"
echo "$output" | grep -q "^cosigned by: FR PL$" || fail "FR's own cosignature no longer counts: $output"
# The unknown key's line alone: FR's cosignature is missing, nothing else.
awk '/^— federated-imi\/test-federation\/FR / { if (seen++ == 0) next } { print }' \
    "$COPY/checkpoints/$latest" > "$COPY/note" && mv "$COPY/note" "$COPY/checkpoints/$latest"
expect_fail "checkpoints/$latest: the latest checkpoint is cosigned by 1 policy witness \(PL\), the policy needs 2"
ok "a signature line under a witness's name with an unknown key id is ignored"
fresh
grep -v '^— federated-imi/test-federation/\(FR\|PL\) ' "$BUNDLE/checkpoints/$latest" \
    > "$COPY/checkpoints/$latest"
expect_fail "checkpoints/$latest: the latest checkpoint is cosigned by 0 policy witnesses \(none\), the policy needs 2"
fresh
grep -v '^— federated-imi/test-federation/PL ' "$BUNDLE/checkpoints/$latest" \
    > "$COPY/checkpoints/$latest"
expect_fail "checkpoints/$latest: the latest checkpoint is cosigned by 1 policy witness \(FR\), the policy needs 2"
fresh
cp "$COPY/checkpoints/$latest" "$COPY/checkpoints/00000000000000000001.note"
expect_fail "checkpoints/00000000000000000001.note: holds the checkpoint of size"
fresh
touch "$COPY/checkpoints/notes.txt"
expect_fail "checkpoints/notes.txt: not a checkpoint's name"
fresh
rm "$COPY"/checkpoints/*
expect_fail "checkpoints: none"
ok "a checkpoint of another node, an altered or missing cosignature, a misnamed file: caught"

fresh
sed 's/^governance_key = .*/governance_key = '"$(printf '%064d' 7)"'/' "$POLICY" > "$FED/wrong.conf"
expect_fail "manifest.imi: not signed by 1 of the policy's governance keys" "$FED/wrong.conf"
manifest_size=$(stat -c %s "$COPY/manifest.imi")
flip_byte "$COPY/manifest.imi" $(( manifest_size / 2 ))
expect_fail "manifest.imi: "
fresh
head -c 40 "$BUNDLE/manifest.imi" > "$COPY/manifest.imi"
expect_fail "manifest.imi: "
fresh
echo "federated-imi/other-federation/DE" > "$COPY/origin"
expect_fail "origin: 'federated-imi/other-federation/DE' is not the log of a state"
fresh
echo "federated-imi/test-federation/IT" > "$COPY/origin"
expect_fail "origin: IT is not a node of the manifest"
for file in origin manifest.imi leaves; do
    fresh
    rm "$COPY/$file"
    expect_fail "$file: cannot open"
done
fresh
rm -r "$COPY/checkpoints"
expect_fail "checkpoints: cannot open the folder"
rm -rf "$COPY"; mkdir "$COPY"
expect_fail "origin: cannot open"
ok "a wrong governance key, a corrupt or cut manifest, a wrong origin, missing files: caught"

# A bad policy file is refused (exit 2) and named; so is bad usage.
expect_policy_error () {
    local text=$1 output status=0; shift
    printf '%s\n' "$@" > "$FED/bad.conf"
    output=$("$IMI_AUDIT" verify "$BUNDLE" --policy "$FED/bad.conf" 2>&1) || status=$?
    [ "$status" = 2 ] || fail "bad policy ($*): exit $status, not 2: $output"
    echo "$output" | grep -q -- "$text" || fail "bad policy ($*) did not say '$text': $output"
    echo "   $output"
}
KEY="governance_key = $(cat "$FED/governance.pub")"
expect_policy_error "bad.conf:2: unknown setting 'witnes'" "$KEY" "witnes = FR"
expect_policy_error "no governance_key" "witness = FR"
expect_policy_error "governance_key 'abc' is not 64 hex digits" "governance_key = abc"
expect_policy_error "bad.conf:2" "$KEY" "governance_threshold = 2"
expect_policy_error "witness 'France' is not a state code" "$KEY" "witness = France"
expect_policy_error "witness FR is named twice" "$KEY" "witness = FR" "witness = FR"
expect_policy_error "bad.conf:4" "$KEY" "witness = FR" "witness = PL" "witness_quorum = 3"
expect_policy_error "bad.conf:1" "this is not a setting"
status=0; output=$("$IMI_AUDIT" verify "$BUNDLE" --policy "$FED/absent.conf" 2>&1) || status=$?
[ "$status" = 2 ] && echo "$output" | grep -q "absent.conf" || fail "missing policy: $status $output"
status=0; "$IMI_AUDIT" verify "$BUNDLE" >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "verify without --policy: exit $status, not 2"
status=0; "$IMI_AUDIT" frobnicate >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "unknown command: exit $status, not 2"
ok "bad policy files and bad usage exit 2, naming the setting and line"

# ---- prove -------------------------------------------------------------------

message_id=$(sqlite3 "$FED/DE/data/node.db" "SELECT hex(message_id) FROM outbox LIMIT 1")
[ ${#message_id} = 32 ] || fail "no message id from DE's outbox"
output=$("$IMI_AUDIT" prove "$BUNDLE" "$message_id" 2>&1) || fail "prove: $output"
echo "$output" | grep -q "^verified	entry [0-9]* is in the tree of" || fail "prove: $output"
echo "$output" | grep -qE "^entry	sent to (FR|PL): text seq [0-9]+$" || fail "prove: $output"
# The node computes the same proof from its own tables.
node_proof=$(ctl DE audit proof "$message_id" | sort)
tool_proof=$(echo "$output" | grep -E '^(index|size|leaf_hash|root|proof)	' | sort)
[ "$node_proof" = "$tool_proof" ] || fail "the node's proof and the tool's differ:
$node_proof
---
$tool_proof"
status=0; "$IMI_AUDIT" prove "$BUNDLE" 00112233445566778899aabbccddeeff >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "prove of an unknown message id: exit $status, not 1"
status=0; "$IMI_AUDIT" prove "$BUNDLE" xyz >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "prove of a malformed message id: exit $status, not 2"
ok "prove: the inclusion proof of a message from DE's outbox verifies, as the node's own"

# ---- retention: erase the bodies, the log stays verifiable ------------------

old_size=${latest%.note}
old_root=$(sed -n 3p "$BUNDLE/checkpoints/$latest")
node_stop DE
sqlite3 "$FED/DE/data/node.db" "UPDATE operator_messages SET text = '';
    UPDATE case_events SET body = NULL; UPDATE case_attachments SET data = NULL;" \
    || fail "erasing DE's bodies"
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM operator_messages WHERE text <> ''")" = 0 ] \
    || fail "bodies not erased"
node_start DE
wait_until 20 audit_settled DE "FR PL" || fail "DE's checkpoint did not settle after its restart: $(ctl DE audit status)"
ctl DE audit export "$FED/bundle-DE-erased" >/dev/null || fail "export after erasure"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE-erased" --policy "$POLICY" 2>&1) \
    || fail "DE's log does not verify after its bodies were erased: $output"
[ "$(sed -n 3p "$FED/bundle-DE-erased/checkpoints/$latest")" = "$old_root" ] \
    || fail "the root at size $((10#$old_size)) changed after erasure"
cmp -s -n "$(stat -c %s "$BUNDLE/leaves")" "$BUNDLE/leaves" "$FED/bundle-DE-erased/leaves" \
    || fail "the leaves changed after erasure"
ok "bodies erased on DE: the log verifies, the root at size $((10#$old_size)) is unchanged"

fed_finish
ok "nodes stopped cleanly"

#!/usr/bin/env bash
# test_directory_hostile.sh: the replicated directory facing hostile entries
# (DESIGN.md §6, PROTOCOL.md §9).
#
# A real DE/FR/PL/IT federation registers the demo authorities. Then IT's
# node stops and tests/tools/imi_probe takes its place with its stolen keys
# (serve-entries): FR's DEALER reconnects to it, sends its frontier, and gets
# back, signed by "IT", entries made by imi_probe make-entry:
#   forged     an entry of DE signed with PL's key: rejected;
#   replayed   DE's real entry seq 1 again: a duplicate, ignored;
#   reordered  DE's next-but-one entry (signed with DE's stolen key): a gap,
#              not applied;
#   forked     a second entry for a seq FR holds, signed with DE's key, and
#              (later) a next entry that does not chain to FR's head: a fork
#              each time; DE is frozen at FR, DE's real new entries are not
#              applied there until an operator resolves the fork, and then
#              FR fetches DE's feed again from its peers and holds what PL
#              (never attacked) holds.
# And with IT's keys on FR's ROUTER: DIR_ENTRIES nobody asked for (refused
# whatever they carry), and a DIR_PUSH, whose entries are judged one by one
# like pulled ones.
# Each step checks FR's directory counters (exact deltas, every other one
# unchanged), its directory status rows, and that its searches return what
# they returned before the attack: a hostile entry never changes them.
#
#   bash tests/integration/test_directory_hostile.sh BUILD_DIR
# Needs the sqlite3 and xxd commands (to take DE's real entries from its database).

source "$(dirname "$0")/lib.sh" "${1:?usage: test_directory_hostile.sh BUILD_DIR}"

PROBE="$IMI_BUILD/tests/imi_probe"
[ -x "$PROBE" ] || fail "build first ($PROBE)"
command -v sqlite3 >/dev/null && command -v xxd >/dev/null || fail "needs sqlite3 and xxd"
DEMO="$(cd "$(dirname "$0")/../../scripts/demo" && pwd)"
# wait_until runs its arguments again on each poll, but a "$(...)" in them is
# expanded once, before the call: conditions that read the nodes go through
# eval '...' so that each poll reads them afresh.

# FR's directory counters and rejection counters, one "name=value" per line.
watched () {
    ctl "$1" counters | awk -F '\t' '$1 ~ /^(directory_|rejected_)/ { print $1 "=" $2 }'
}

# FR's view of one origin: "origin last_seq head state".
origin_row () {
    directory_view "$1" | awk -v origin="$2" '$1 == origin'
}

# What FR's searches return; a hostile entry must never change this.
SEARCHES=("--state DE --limit 50" "--state PL --limit 50" "Berlin" "Ministry"
          "doctors --area professional-qualifications" "Forged Ministry" "Justiz")
searches () {
    local state=$1 words
    for words in "${SEARCHES[@]}"; do
        echo "# search $words"
        ctl "$state" search $words || echo "search failed"
    done
}
# The keys STATE's search for WORDS finds, sorted, on one line.
found () {
    local state=$1; shift
    ctl "$state" search "$@" | awk -F '\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' '
}

# DE's real entry at SEQ, as DE's node stored it, into FILE.
real_entry () {
    sqlite3 "$FED/DE/data/node.db" \
        "SELECT hex(entry) FROM dir_feed WHERE origin = 'DE' AND seq = $1" | xxd -r -p >"$2"
    [ -s "$2" ] || fail "no entry DE/$1 in DE's database"
}

# make_entry OUT SIGNER ORIGIN SEQ [make-entry options...]
make_entry () {
    local out=$1 signer=$2 origin=$3 seq=$4; shift 4
    "$PROBE" make-entry --signer "$FED/$signer/data" --origin "$origin" --seq "$seq" \
        --out "$out" "$@" >"$FED/make.out" 2>&1 || fail "make-entry $out: $(cat "$FED/make.out")"
}

# The impostor, holding IT's keys on IT's endpoint, answers FR's frontier
# with the entry FILES. Fails unless FR connected and the entries went out.
impostor () {
    "$PROBE" --identity "$FED/IT/data" --target "$FED/FR/data" \
        --listen "tcp://127.0.0.1:${NODE_PORT[IT]}" --wait 15000 serve-entries "$@" \
        >"$FED/probe.out" 2>&1 || fail "impostor: exit $?: $(cat "$FED/probe.out")"
    grep -qx connected "$FED/probe.out" || fail "impostor: FR did not connect"
    grep -q "^received dir_frontier from=FR to=IT " "$FED/probe.out" \
        || fail "impostor: no frontier from FR: $(cat "$FED/probe.out")"
    grep -qx "sent dir_entries count=$# more=false" "$FED/probe.out" \
        || fail "impostor: entries not sent: $(cat "$FED/probe.out")"
}

# expect_counts WHAT CHANGES COMMAND...: run COMMAND against FR; the
# counters in CHANGES ("name=+N ...") must move by exactly that, every
# other directory and rejection counter of FR must stay, and FR's searches
# must return what they did before.
expect_counts () {
    local what=$1 changes=$2; shift 2
    local before expected counter name delta searched
    before=$(watched FR)
    searched=$(searches FR)
    expected=$before
    for counter in $changes; do
        name=${counter%%=*} delta=${counter#*=+}
        grep -q "^$name=" <<<"$before" || fail "$what: FR has no counter $name"
        expected=$(awk -F '=' -v name="$name" -v delta="$delta" \
            '$1 == name { $2 = $2 + delta } { print $1 "=" $2 }' <<<"$expected")
    done
    "$@"
    wait_until 5 eval '[ "$(watched FR)" = "$expected" ]'
    sleep 0.3                       # a second count would show by now
    local after
    after=$(watched FR)
    [ "$after" = "$expected" ] \
        || fail "$what: counters of FR: expected" \
                "$(diff <(echo "$expected") <(echo "$after") | grep '^[<>]' | tr '\n' ' ')"
    [ "$(searches FR)" = "$searched" ] \
        || fail "$what: FR's searches changed: $(diff <(echo "$searched") <(searches FR))"
    ok "$what: FR counted $changes, nothing else; its searches return the same"
}

# attack WHAT CHANGES FILES...: the impostor hands FR the entry FILES.
attack () {
    local what=$1 changes=$2; shift 2
    expect_counts "$what" "$changes" impostor "$@"
}

# imi_probe connecting to FR's ROUTER with IT's keys (IT is stopped).
as_it () {
    "$PROBE" --identity "$FED/IT/data" --target "$FED/FR/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[FR]}" "$@" >"$FED/probe.out" 2>&1 \
        || fail "probe as IT: exit $?: $(cat "$FED/probe.out")"
    grep -qx connected "$FED/probe.out" || fail "probe as IT: not connected"
}

states="DE FR PL IT"
fed_create $states
# Frontiers every 500 ms instead of 10 s: the impostor gets one soon after
# FR's DEALER reaches it, and FR refetches soon after a resolve.
for state in $states; do node_config "$state" "directory_sync_ms = 500"; done
for state in $states; do node_start "$state"; done
for state in DE FR PL; do
    ctl "$state" authority import "$DEMO/$state.jsonl" >/dev/null || fail "$state import"
done
# Every node holds every origin's feed as its writer does.
reference () {
    local state
    for state in DE FR PL; do origin_row "$state" "$state"; done
}
all_hold () {
    local expected=$1 state; shift
    for state in "$@"; do
        [ "$(directory_view "$state" | grep -v '^IT ')" = "$expected" ] || return 1
    done
}
expected=$(reference)
[ "$(echo "$expected" | awk '{ print $1, $2, $4 }' | tr '\n' ' ')" = "DE 3 ok FR 3 ok PL 2 ok " ] \
    || fail "unexpected feeds: $expected"
wait_until 20 all_hold "$expected" $states || fail "the directory did not converge"
ok "DE, FR, PL registered 3 + 3 + 2 authorities; all four nodes hold the same feeds"

searched=$(searches FR)
grep -q 'search failed' <<<"$searched" && fail "FR's searches: $searched"
[ "$(found FR --state DE)" = "DE:aek-berlin DE:lageso DE:zoll-fks " ] \
    || fail "FR's search finds DE's $(found FR --state DE)"
[ "$(found FR Forged Ministry)" = "" ] || fail "FR finds a forged authority before any attack"
de_row=$(origin_row FR DE)

# IT stops; the impostor will take its endpoint with its keys.
node_stop IT

# ---- Forged: DE's next entry, signed with PL's key.
real_entry 3 "$FED/de3.entry"
cat >"$FED/forged.json" <<'EOF'
{"id":"lageso","names":[{"lang":"de","text":"Forged Ministry"}],"city":"Nowhere"}
EOF
make_entry "$FED/forged.entry" PL DE 4 --prev-file "$FED/de3.entry" --authority-json "$FED/forged.json"
attack "forged (DE/4 signed by PL)" "rejected_directory_entry=+1" "$FED/forged.entry"
grep -q 'reason=directory_entry from=IT .*DE/4: signature does not verify' "$FED/FR/node.log" \
    || fail "FR did not log the bad signature of DE/4"
[ "$(origin_row FR DE)" = "$de_row" ] || fail "forged: FR's DE row is $(origin_row FR DE)"
ok "forged: FR still holds DE at $de_row"

# ---- Replayed: DE's real seq 1, again.
real_entry 1 "$FED/de1.entry"
attack "replayed (DE/1 again)" "directory_duplicates=+1" "$FED/de1.entry"
[ "$(origin_row FR DE)" = "$de_row" ] || fail "replayed: FR's DE row is $(origin_row FR DE)"

# ---- Reordered: DE's seq 5 (chained to a seq 4 FR never sees) before seq 4.
cat >"$FED/next.json" <<'EOF'
{"id":"bfj-bonn","names":[{"lang":"de","text":"Bundesamt für Justiz"}],"city":"Bonn"}
EOF
make_entry "$FED/de4.entry" DE DE 4 --prev-file "$FED/de3.entry" --authority-json "$FED/next.json"
make_entry "$FED/de5.entry" DE DE 5 --prev-file "$FED/de4.entry" --remove bfj-bonn
attack "reordered (DE/5 before DE/4)" "directory_gaps=+1" "$FED/de5.entry"
[ "$(origin_row FR DE)" = "$de_row" ] || fail "reordered: FR's DE row is $(origin_row FR DE)"

# ---- Unasked for: DIR_ENTRIES on FR's ROUTER, carrying DE/4, validly signed
# by DE's key and chained to FR's head. Taken, it would be applied.
expect_counts "DIR_ENTRIES on the ROUTER (a valid DE/4)" "rejected_unexpected=+1" \
    as_it send-entries "$FED/de4.entry"
grep -q 'reason=unexpected from=IT .*dir_entries' "$FED/FR/node.log" \
    || fail "FR did not log the unexpected dir_entries"
[ "$(origin_row FR DE)" = "$de_row" ] || fail "unasked: FR's DE row is $(origin_row FR DE)"

# ---- The push path takes entries on the same terms: a DIR_PUSH from IT
# (its link's seq 1) with the forged DE/4 and the replayed DE/1. The message
# is receipted; of its entries, one is rejected and one a duplicate.
expect_counts "DIR_PUSH with a forged and a replayed entry" \
    "rejected_directory_entry=+1 directory_duplicates=+1" \
    as_it --wait 3000 send-entries --push "$FED/forged.entry" "$FED/de1.entry"
grep -qx 'reply receipt from=FR to=IT seq=0 first_seq=1 last_seq=1 covers_sent=yes signature=valid' \
    "$FED/probe.out" || fail "push: not receipted: $(cat "$FED/probe.out")"
[ "$(origin_row FR DE)" = "$de_row" ] || fail "push: FR's DE row is $(origin_row FR DE)"

# ---- Forked: a second DE/2, validly signed with DE's key (lageso renamed).
make_entry "$FED/fork2.entry" DE DE 2 --prev-file "$FED/de1.entry" --authority-json "$FED/forged.json"
attack "forked (another DE/2, signed by DE)" "directory_forks=+1" "$FED/fork2.entry"
frozen_row="${de_row% ok} frozen: fork at seq 2 (brought by IT)"
[ "$(origin_row FR DE)" = "$frozen_row" ] \
    || fail "forked: FR's DE row is '$(origin_row FR DE)', expected '$frozen_row'"
evidence=$(sqlite3 "$FED/FR/data/node.db" "SELECT seq, via, resolved_ms IS NULL FROM dir_forks \
    WHERE origin = 'DE' AND hex(other_entry) = '$(xxd -p "$FED/fork2.entry" | tr -d '\n' \
    | tr a-f A-F)' AND hex(held_entry) = '$(sqlite3 "$FED/DE/data/node.db" \
    "SELECT hex(entry) FROM dir_feed WHERE origin = 'DE' AND seq = 2")'")
[ "$evidence" = "2|IT|1" ] || fail "forked: FR's fork evidence: '$evidence'"
[ "$(found FR Forged Ministry)" = "" ] || fail "forked: FR finds $(found FR Forged Ministry)"
ctl FR authority show DE:lageso | grep -q 'Landesamt für Gesundheit' \
    || fail "forked: FR's DE:lageso is not DE's"
ok "forked: DE frozen at FR ($frozen_row), both entries kept as evidence, DE:lageso unchanged"

# DE's real next entry reaches PL, not FR: DE is frozen there.
frozen=$(counter FR directory_frozen)
applied=$(counter FR directory_applied)
ctl DE authority add "$FED/next.json" >/dev/null || fail "DE adds bfj-bonn"
de_new=$(origin_row DE DE)
[ "${de_new%% *}" = DE ] && [ "$(awk '{ print $2 }' <<<"$de_new")" = 4 ] \
    || fail "DE's own row after the add: $de_new"
wait_until 10 eval '[ "$(origin_row PL DE)" = "$de_new" ]' \
    || fail "PL did not apply DE/4: $(origin_row PL DE)"
[ "$(found PL Justiz)" = "DE:bfj-bonn " ] || fail "PL does not find DE:bfj-bonn"
wait_until 10 eval '[ "$(counter FR directory_frozen)" -gt "$frozen" ]' \
    || fail "FR did not count DE/4 as an entry of a frozen origin"
sleep 0.5
[ "$(origin_row FR DE)" = "$frozen_row" ] || fail "frozen: FR's DE row is $(origin_row FR DE)"
[ "$(counter FR directory_applied)" = "$applied" ] \
    || fail "frozen: FR applied $(( $(counter FR directory_applied) - applied )) entries"
[ "$(searches FR)" = "$searched" ] || fail "frozen: FR's searches changed"
ok "frozen: PL applied DE/4 (finds DE:bfj-bonn), FR did not (directory_frozen +$(( \
    $(counter FR directory_frozen) - frozen )), searches unchanged)"

# The operator resolves: FR forgets DE's feed and fetches it again from its peers.
# converged_with_pl ORIGIN: FR holds ORIGIN's feed as PL does, and not frozen.
converged_with_pl () {
    [ "$(origin_row FR "$1")" = "$(origin_row PL "$1")" ] && [ "$(origin_row FR "$1")" != "" ]
}
resolve_de () {
    [ "$(ctl FR directory resolve DE)" = "$(printf 'resolved\tDE\trefetching from peers')" ] \
        || fail "$1: FR cannot resolve DE"
    wait_until 10 converged_with_pl DE \
        || fail "$1: FR holds '$(origin_row FR DE)', PL '$(origin_row PL DE)'"
    [ "$(ctl FR authority list --state DE)" = "$(ctl PL authority list --state DE)" ] \
        || fail "$1: FR's DE authorities differ from PL's"
    [ "$(searches FR)" = "$(searches PL)" ] || fail "$1: FR's searches differ from PL's"
}
resolve_de "resolve after the fork of DE/2"
[ "$(origin_row FR DE)" = "$de_new" ] || fail "resolved: FR's DE row $(origin_row FR DE)"
[ "$(found FR Justiz)" = "DE:bfj-bonn " ] || fail "resolved: FR does not find DE:bfj-bonn"
[ "$(found FR Forged Ministry)" = "" ] || fail "resolved: FR finds $(found FR Forged Ministry)"
ok "resolved: FR refetched DE's feed ($de_new, as PL), finds DE:bfj-bonn, not the forgery"

# ---- Forked ahead: DE/5, signed with DE's key, chained to a hash FR never held.
searched=$(searches FR)
de_row=$(origin_row FR DE)
make_entry "$FED/fork5.entry" DE DE 5 --prev-hash "$(head -c 32 /dev/urandom | xxd -p -c 64)" \
    --authority-json "$FED/forged.json"
attack "forked ahead (DE/5 not chained to DE/4)" "directory_forks=+1" "$FED/fork5.entry"
frozen_row="${de_row% ok} frozen: fork at seq 5 (brought by IT)"
[ "$(origin_row FR DE)" = "$frozen_row" ] \
    || fail "forked ahead: FR's DE row is '$(origin_row FR DE)', expected '$frozen_row'"
[ "$(found FR Forged Ministry)" = "" ] || fail "forked ahead: FR finds the forgery"
ok "forked ahead: DE frozen at FR ($frozen_row), DE/5 not applied"
resolve_de "resolve after the fork ahead"
[ "$(found FR Forged Ministry)" = "" ] || fail "resolved: FR finds the forgery"
ok "resolved again: FR holds DE's feed as PL does"

# ---- A frontier is a claim: origins outside the manifest change nothing,
# and a claim about a real origin only moves its lag, never its feed.
rows_before=$(ctl FR directory status | awk -F '\t' 'NR > 1 { print $1, $3 }')
as_it send-frontier ZZ:7 QQ:99 PL:9999
wait_until 5 eval '[ "$(ctl FR directory status | awk -F "\t" "\$1 == \"PL\" { print \$4 }")" -gt 0 ]' \
    || fail "FR did not take PL's claimed seq as lag"
rows_after=$(ctl FR directory status | awk -F '\t' 'NR > 1 { print $1, $3 }')
[ "$rows_after" = "$rows_before" ] \
    || fail "a frontier changed FR's origins: before '$rows_before', after '$rows_after'"
ok "a frontier naming states outside the manifest adds no origin; a claim moves only lag"

# Never attacked, PL saw none of this.
for counter in directory_forks directory_frozen directory_gaps rejected_directory_entry; do
    [ "$(counter PL $counter)" = 0 ] || fail "PL counted $counter $(counter PL $counter)"
done
ok "PL counted no fork, frozen entry, gap or rejected entry"

fed_finish
ok "nodes stopped cleanly, no sanitizer reports"

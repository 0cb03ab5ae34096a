#!/usr/bin/env bash
# The shared directory, replicated by 31 real nodes (the 30 EEA states and
# Switzerland): each registers its own authorities; every node ends with the
# identical directory (same last seq and head hash per origin everywhere);
# nodes stopped while others change entries converge when they return; a
# node that joins late catches up through any one peer; a search on one
# node finds another state's authorities. Under AddressSanitizer: 11 of
# the states (lib.sh, IMI_SCALE_STATES).
source "$(dirname "$0")/lib.sh" "$1"
export FED_HEARTBEAT_MS=1000
count=${DIRECTORY_TEST_AUTHORITIES:-1550}
late=LI                                  # joins after everyone else has synced

# The generator covers the 30 EEA states; Switzerland's few authorities are
# written by hand (tests/integration/data/CH.jsonl).
"$IMI_TOOLS/imi_gen_directory" --seed 11 --count "$count" --out "$FED/generated" >/dev/null \
    || fail "generator"
cp "$(dirname "$0")/data/CH.jsonl" "$FED/generated/CH.jsonl"
states=$IMI_SCALE_STATES
others=$(( $(echo $states | wc -w) - 1 ))  # the origins but the late one's
fed_create $states
for state in $states; do
    [ "$state" = "$late" ] || node_start "$state"
done
ok "$(( $(echo $states | wc -w) - 1 )) nodes started"

for state in $states; do
    [ "$state" = "$late" ] && continue
    ctl "$state" authority import "$FED/generated/$state.jsonl" >/dev/null \
        || fail "$state could not import its authorities"
done
ok "each state registered its authorities ($count in all, from the generator)"

# The reference view: each origin's own last seq and head hash.
reference () {
    local state
    for state in "$@"; do
        directory_view "$state" | awk -v own="$state" '$1 == own { print $1, $2, $3 }'
    done | sort
}
# STATE holds exactly the reference for every origin.
converged () {
    local state=$1 expected=$2
    [ "$(directory_view "$state" | awk '{ print $1, $2, $3 }' | sort)" = "$expected" ]
}
all_converged () {
    local expected=$1 state; shift
    for state in "$@"; do converged "$state" "$expected" || return 1; done
}
running=$(echo $states | tr ' ' '\n' | grep -vx "$late" | tr '\n' ' ')
expected=$(reference $running)
[ "$(echo "$expected" | wc -l)" = "$others" ] || fail "expected $others origins (all states but the late one), got: $expected"
wait_until 120 all_converged "$expected" $running || {
    for state in $running; do converged "$state" "$expected" || echo "   $state differs" >&2; done
    fail "the directory did not converge on $others nodes"
}
ok "$others nodes hold the identical directory (same seq and head hash for every origin)"

# Stop five nodes, change entries elsewhere, restart them: they converge.
stopped="AT FI NL PT SK"
for state in $stopped; do node_stop "$state"; done
first_de=$(ctl DE authority list --state DE --limit 2 | awk -F '\t' 'NR == 2 { print $1 }')
ctl DE authority show "$first_de" | head -1 | sed 's/"city":"[^"]*"/"city":"Bonn"/' > "$FED/changed.json"
ctl DE authority update "$FED/changed.json" >/dev/null || fail "update at DE"
first_fr=$(ctl FR authority list --state FR --limit 2 | awk -F '\t' 'NR == 2 { print $1 }')
ctl FR authority remove "${first_fr#FR:}" >/dev/null || fail "remove at FR"
for state in $stopped; do node_start "$state"; done
expected=$(reference $running)
wait_until 60 all_converged "$expected" $running || fail "restarted nodes did not converge"
ctl AT authority show "$first_de" | grep -q '"city":"Bonn"' || fail "AT does not have DE's change"
ctl FI authority show "$first_fr" >/dev/null 2>&1 && fail "FI still has FR's removed authority"
ok "5 nodes stopped, entries changed at DE and FR, restarted: all converged"

# A node that lost its database, with every peer running: all of them can
# serve it (docs/directory.md, "Many servers, one asker"). Asking each for
# everything at once got every entry from each: (peers - 1) duplicates of
# each entry; each serving its own feed first and a stream stopped when it
# brings nothing new keep that to a fraction.
node_stop AT
rm -f "$FED/AT/data/node.db"*
node_start AT --recover
wait_until 60 converged AT "$expected" || fail "AT did not get the directory back from its peers"
held=$(directory_view AT | awk '{ total += $2 } END { print total }')
duplicates=$(counter AT directory_duplicates)
[ "$duplicates" -lt $(( held * (others - 1) / 4 )) ] \
    || fail "AT took $duplicates duplicate entries to get $held from $(( others - 1 )) peers"
ok "AT lost its database and got $held entries back from its peers ($duplicates duplicates)"

# A late joiner catches up through any one peer: only PL is running.
for state in $running; do [ "$state" = PL ] || node_stop "$state"; done
node_start "$late"
expected_without_late=$(directory_view PL | awk '{ print $1, $2, $3 }' | sort)
wait_until 60 converged "$late" "$expected_without_late" || fail "$late did not catch up from PL alone"
ok "$late joined late and caught up with all $others origins through PL alone"

# Disaster recovery: LI registers its authorities, loses its database, and
# gets its own feed back from PL (the only peer running); then it can
# publish again, continuing its feed.
view_of () { directory_view "$1" | awk '{ print $1, $2, $3 }' | sort; }
ctl "$late" authority import "$FED/generated/$late.jsonl" >/dev/null || fail "$late import"
wait_until 30 eval '[ "$(view_of PL)" = "$(view_of $late)" ]' || fail "PL did not get $late's feed"
node_stop "$late"
rm -f "$FED/$late/data/node.db"*
node_start "$late" --recover
wait_until 60 eval '[ "$(view_of PL)" = "$(view_of $late)" ]' \
    || fail "$late did not get its own feed back after losing its database"
first_li=$(ctl "$late" authority list --state "$late" --limit 2 | awk -F '\t' 'NR == 2 { print $1 }')
[ -n "$first_li" ] || fail "$late lists none of its own authorities after recovery"
ctl "$late" authority remove "${first_li#$late:}" >/dev/null || fail "$late cannot publish after recovery"
wait_until 30 eval '[ "$(view_of PL)" = "$(view_of $late)" ]' || fail "PL did not follow $late's new entry"
ctl PL authority show "$first_li" >/dev/null 2>&1 && fail "PL still shows $first_li"
ok "$late lost its database and got its own feed back from PL; its next change reached PL"

# Search: from PL, find authorities of other states, in the searcher's language.
ctl PL search --limit 5 --area professional-qualifications --state DE > "$FED/search.txt" \
    || fail "search at PL"
[ "$(grep -c '^DE:' "$FED/search.txt")" -ge 1 ] || fail "PL found no German authority"
ok "a search at PL finds German authorities competent for professional qualifications"

fed_finish
ok "nodes stopped cleanly"

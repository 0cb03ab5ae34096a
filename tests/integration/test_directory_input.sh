#!/usr/bin/env bash
# Bad input to the directory from the command line: invalid authorities
# (empty names, unknown legal areas, over-long fields, bad language tags,
# malformed JSON) and bad filters get a clear error and store nothing;
# a search of any content never fails with an SQL message.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
node_start DE
node_start FR
data="$(dirname "$0")/../../scripts/demo"
ctl DE authority import "$data/DE.jsonl" >/dev/null || fail "import of good authorities"

good='{"id":"x1","names":[{"lang":"de","text":"Prüfamt"}],"competences":[{"legal_area":"services","procedures":[],"keywords":[]}]}'
try () { echo "$1" > "$FED/bad.json"; expect_error "$2" ctl DE authority add "$FED/bad.json"; }
try '{"id":"x1","names":[{"lang":"de","text":""}]}' "names\[0\].text"
try '{"id":"x1","names":[{"lang":"de","text":"   "}]}' "names\[0\].text"
try '{"id":"x1","names":[{"lang":"DE","text":"Amt"}]}' "names\[0\].lang"
try '{"id":"x1","names":[{"lang":"deu-x","text":"Amt"}]}' "names\[0\].lang"
try '{"id":"X 1","names":[{"lang":"de","text":"Amt"}]}' "id"
try '{"id":"x1","names":[{"lang":"de","text":"Amt"}],"competences":[{"legal_area":"astrology","procedures":[],"keywords":[]}]}' "astrology"
try '{"id":"x1","names":[{"lang":"de","text":"Amt"}],"competences":[{"legal_area":"services","procedures":["pq-alert"],"keywords":[]}]}' "pq-alert"
try "{\"id\":\"x1\",\"names\":[{\"lang\":\"de\",\"text\":\"$(head -c 300 /dev/zero | tr '\0' a)\"}]}" "names\[0\].text"
try '{"id":"x1","names":[{"lang":"de","text":"Amt"}],"city":"Berlin' "not valid JSON"
try '{"id":"x1","names":[{"lang":"de","text":"Amt"}],"contacts":[{"kind":"pigeon","value":"x"}]}' "kind"
echo "$good" > "$FED/good.json"
ctl DE authority add "$FED/good.json" >/dev/null || fail "a good authority after the bad ones"
expect_error "exists already" ctl DE authority add "$FED/good.json"
expect_error "there is no authority" ctl DE authority remove nosuch
printf '%s\n{"id":"x2","names":[]}\n' "$good" > "$FED/bad.jsonl"
expect_error "line 2" ctl DE authority import "$FED/bad.jsonl"
after=$(ctl DE directory status | awk -F '\t' '$1 == "DE" { print $3 }')
[ "$after" = 4 ] || fail "DE's feed is at seq $after, expected 4 (3 imported + 1 added; no bad one stored)"
ok "invalid authorities are refused with the field named; nothing of them is stored"

expect_error "unknown legal area" ctl DE search amt --area astrology
expect_error "procedure" ctl DE search amt --procedure nosuch
expect_error "state" ctl DE search amt --state D3
expect_error "empty\|filter" ctl DE search
ok "bad filters are refused clearly"

for query in '"' '""' "'" 'a"b' '(' ')' 'NEAR(a b)' 'a AND' 'OR' 'NOT x' 'names:Berlin' '^Berlin' \
             '*' '-x' '+x' '{a b}' 'a:b:c' '🙂' 'שלום' 'Ärzte*' '%' '_' '\' '\"' "$(head -c 400 /dev/urandom | tr -dc 'a-zA-Z0-9 "()*:^' )"; do
    output=$(ctl DE search "$query" 2>&1) || {
        echo "$output" | grep -qi "sqlite\|fts5\|syntax" && fail "query '$query' leaked: $output"
        echo "$output" | grep -q "query\|text\|long" || fail "query '$query' failed: $output"
    }
done
ctl DE search Arzte | grep -q "DE:aek-berlin" || fail "search broken after hostile queries"
ok "hostile queries are searched as text; none fails with an SQL message"

fed_finish
ok "nodes stopped cleanly"

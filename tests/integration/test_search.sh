#!/usr/bin/env bash
# The forgiving search (issue 16) through imictl and HTTP, on real nodes of
# seven states whose authorities are in their own languages and scripts
# (German, Polish, Bulgarian in Cyrillic, Greek, French, Swedish): typos,
# compounds, umlauts typed as vowel pairs, Cyrillic and Greek typed in
# Latin letters, word forms, operators (OR, a quoted phrase, a leading -),
# procedure names, the "showing results for" line and field, and queries
# that must find nothing. imictl takes a word beginning with '-' for a
# word; every code (state, language, legal area, procedure) is checked
# the same way, and each limit has one message, from imictl and HTTP alike.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE PL BG EL FR SE AT
http_serve DE
for state in DE PL BG EL FR SE AT; do node_start "$state"; done

# One authority per line: id, names as "lang=text;lang=text", city, legal
# area, procedures (space-separated), keyword "lang=text".
authorities () {
    local state=$1; shift
    python3 - "$@" > "$FED/$state.jsonl" <<'EOF'
import json, sys
for line in sys.argv [1:]:
    id, names, city, area, procedures, keyword = line.split ("|")
    print (json.dumps ({"id": id, "city": city,
        "names": [{"lang": n.split ("=", 1)[0], "text": n.split ("=", 1)[1]}
                  for n in names.split (";")],
        "competences": [{"legal_area": area, "procedures": procedures.split (),
                         "keywords": [{"lang": keyword.split ("=", 1)[0],
                                       "text": keyword.split ("=", 1)[1]}]}]},
        ensure_ascii = False))
EOF
    ctl "$state" authority import "$FED/$state.jsonl" >/dev/null || fail "$state's authorities"
}
authorities DE "aek-berlin|de=Ärztekammer Berlin;en=Berlin Chamber of Physicians|Berlin|professional-qualifications|pq-information-request|en=doctor" \
               "lak-bw|de=Landesärztekammer Baden-Württemberg|Stuttgart|professional-qualifications||de=Arzt"
authorities PL "pip|pl=Państwowa Inspekcja Pracy;en=National Labour Inspectorate|Warszawa|posted-workers|posting-information-request|pl=delegowanie"
authorities BG "az|bg=Агенция по заетостта;en=Employment Agency|София|services||bg=заетост"
authorities EL "isa|el=Ιατρικός Σύλλογος Αθηνών|Αθήνα|professional-qualifications||el=ιατροί"
authorities FR "cnom|fr=Conseil national de l'Ordre des médecins|Paris|professional-qualifications|pq-information-request|fr=médecins"
authorities SE "av|sv=Arbetsmiljöverket;en=Swedish Work Environment Authority|Stockholm|posted-workers|posting-information-request|sv=arbetsmiljö"
authorities AT "oeak|de=Österreichische Ärztekammer|Wien|professional-qualifications||de=Ärzte"
for key in PL:pip BG:az EL:isa FR:cnom SE:av AT:oeak; do
    wait_until 30 knows DE "$key" || fail "DE does not know $key"
done
ok "seven states' authorities reached DE"

# The keys STATE's search for WORDS finds, in order, on one line.
keys () { ctl DE search "$@" | awk -F '\t' '$1 ~ /^[A-Z][A-Z]:/ { printf "%s ", $1 }'; }
# found RANK KEY WORDS...: KEY is among the first RANK results.
found () {
    local rank=$1 key=$2 list; shift 2
    list=$(keys "$@") || fail "search $*: $list"
    echo " $list" | awk -v rank="$rank" -v key="$key" \
        '{ for (i = 1; i <= rank && i <= NF; i++) if ($i == key) { ok = 1 } } END { exit !ok }' \
        || fail "search '$*': $key not among the first $rank of: $list"
}
found 3 DE:aek-berlin arztekamer
found 1 PL:pip inspekcia
found 3 DE:aek-berlin kammer
found 3 DE:lak-bw kammer
found 3 AT:oeak kammer
found 1 SE:av verket
found 3 DE:aek-berlin aerztekammer
found 1 AT:oeak oesterreichische
found 3 SE:av posted workers
found 3 PL:pip posted workers
found 1 BG:az agentsiya po zaetostta
found 1 EL:isa Iatrikos Syllogos
found 1 EL:isa athina
found 3 PL:pip Information request on posting of workers
found 3 PL:pip Entsendung von Arbeitnehmern
[ "$(keys inspekcja OR medecins)" = "PL:pip FR:cnom " ] \
    || [ "$(keys inspekcja OR medecins)" = "FR:cnom PL:pip " ] \
    || fail "inspekcja OR medecins: $(keys inspekcja OR medecins)"
[ "$(keys '"inspekcja pracy"')" = "PL:pip " ] || fail "a quoted phrase: $(keys '"inspekcja pracy"')"
[ -z "$(keys '"pracy inspekcja"')" ] || fail "a phrase in the wrong order found $(keys '"pracy inspekcja"')"
for nothing in xyzzyq qwertzuiop kammerx; do
    [ -z "$(keys "$nothing")" ] || fail "'$nothing' found $(keys "$nothing")"
done
ok "typos, compounds, vowel pairs, Cyrillic and Greek in Latin letters, word forms, OR, phrases, procedure names; nonsense finds nothing"

ctl DE search inspekcia | grep -q "^showing results for	inspekcja$" \
    || fail "no 'showing results for' line: $(ctl DE search inspekcia)"
ctl DE search inspekcja | grep -q "showing results for" && fail "a correct word was corrected"
[ "$(keys -inspekcja pracy)" = "" ] || fail "-inspekcja pracy found $(keys -inspekcja pracy)"
[ "$(keys -- -inspekcja)" = "PL:pip " ] || fail "-- -inspekcja: $(keys -- -inspekcja)"
[ "$(keys kammer -- -landes)" = "$(keys kammer -landes)" ] || fail "a '--' before '-landes' changed the words"
keys kammer -landes | grep -q "DE:lak-bw" && fail "kammer -landes found DE:lak-bw: $(keys kammer -landes)"
[ "$(keys --state PL inspekcja)" = "PL:pip " ] || fail "an option before the words"
ok "imictl: 'showing results for', a word beginning with '-' excludes it, with or without --"

expect_error "unknown state 'XX'" ctl DE search amt --state XX
expect_error "unknown state 'pl'" ctl DE search amt --state pl
expect_error "unknown state 'CH'" ctl DE search amt --state CH
expect_error "unknown language 'xx'" ctl DE search amt --lang xx
expect_error "unknown legal area 'astrology'" ctl DE search amt --area astrology
expect_error "unknown procedure 'nosuch'" ctl DE search amt --procedure nosuch
limit_message="limit '600' must be a whole number from 1 to 500"
expect_error "$limit_message" ctl DE search amt --limit 600
long=$(printf 'a%.0s' $(seq 1 513))
expect_error "search text is longer than 512 bytes" ctl DE search "$long"
ok "imictl: each code checked the same way; one message per limit"

user_session DE hanna DE:aek-berlin handler de >/dev/null
http_login hanna DE hanna
expect 200 hanna GET '/api/v1/search?q=inspekcia'
[ "$(field 'd ["corrected"]')" = inspekcja ] && [ "$(field 'd ["results"][0]["key"]')" = PL:pip ] \
    || fail "HTTP inspekcia: $(cat "$FED/body")"
expect 200 hanna GET '/api/v1/search?q=inspekcja%20OR%20medecins'
[ "$(field 'd ["corrected"]')" = None ] && [ "$(field 'len (d ["results"])')" = 2 ] \
    || fail "HTTP inspekcja OR medecins: $(cat "$FED/body")"
expect 200 hanna GET '/api/v1/search?q=Sofiya&lang=en'
[ "$(field 'd ["results"][0]["name"]')" = "Employment Agency" ] \
    || fail "HTTP Sofiya: $(cat "$FED/body")"
expect 422 hanna GET '/api/v1/search?q=amt&state=XX'
problem "unknown state 'XX'"
expect 422 hanna GET '/api/v1/search?q=amt&lang=xx'
problem "unknown language 'xx'"
expect 422 hanna GET '/api/v1/search?q=amt&limit=600'
problem "$limit_message"
expect 422 hanna GET "/api/v1/search?q=$long"
problem "search text is longer than 512 bytes"
ok "HTTP: the same results, 'corrected' when a typo was read, the same messages"

fed_finish
ok "nodes stopped cleanly"

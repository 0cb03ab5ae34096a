#!/usr/bin/env bash
# demo-federation.sh [BUILD_DIR] [--serve]: a narrated run of three
# member-state nodes (Germany, France, Poland) on 127.0.0.1, in a temporary
# folder that is removed at the end (FED_KEEP=1 keeps it, to look at the logs
# and databases). With --serve the federation stays up after the narration,
# each node serving the web application, until Ctrl-C (or SIGTERM).
source "$(dirname "$0")/../tests/integration/lib.sh" "${1:-build}"
serve=0
[ "${2:-}" = --serve ] && serve=1
WEB_ROOT=$(cd "$(dirname "$0")/../web" && pwd)

step=0
explain () {
    step=$((step + 1))
    echo
    echo "[$step] $*"
}
show () { "$IMICTL" -c "$FED/$1/node.conf" "${@:2}" | sed 's/^/      /'; }

echo "Federated IMI demo: three member-state nodes on this machine, in $FED"

explain "The federation's governance creates a signing key, and each state's IT team" \
        "creates its node's identity: an Ed25519 key that signs everything the node" \
        "sends, and a CURVE key for encrypted transport."
fed_create DE FR PL
declare -A HTTP=()      # each node serves its HTTP API on loopback (docs/http.md)
for state in DE FR PL; do
    HTTP[$state]="127.0.0.1:$(free_port)"
    node_config "$state" "http_listen = ${HTTP[$state]}" "http_web_root = $WEB_ROOT"
done
echo "      governance public key: $(cat "$FED/governance.pub")"
echo "      The signed manifest lists the three nodes and their keys:"
"$IMICTL" manifest-show "$FED/manifest.imi" | cut -c1-100 | sed 's/^/      /'

explain "Starting the nodes. Each one accepts connections only from the keys in the" \
        "manifest (ZAP authentication) and connects to every other node."
for state in DE FR PL; do node_start "$state"; done
for pair in "DE FR" "DE PL" "FR PL" "PL DE"; do
    set -- $pair
    wait_until 15 connected_to "$1" "$2" || fail "$1 did not connect to $2"
done
echo "      Germany's view of its peers:"
show DE peers

explain "Germany sends three test messages to France, France two to Poland, Poland one to" \
        "Germany. Each is signed by its sender, encrypted for its recipient, and kept in" \
        "the sender's outbox until a signed receipt comes back."
show DE send FR "Guten Tag, Frankreich" --count 3 >/dev/null
show FR send PL "Bonjour la Pologne" --count 2 >/dev/null
show PL send DE "Dzień dobry, Niemcy" >/dev/null
receipted () { ctl "$1" peers | awk -F '\t' -v p="$2" -v n="$3" '$1 == p && $9 == n { ok = 1 } END { exit !ok }'; }
wait_until 10 receipted DE FR 3 && wait_until 10 receipted FR PL 2 && wait_until 10 receipted PL DE 1 \
    || fail "messages were not receipted"
echo "      What France received:"
show FR messages
echo "      What Germany received:"
show DE messages
echo "      Germany's outbox: 3 sent to France, 3 receipted (acked), nothing waiting:"
show DE peers

explain "A signed round trip from Germany to Poland:"
show DE ping PL

explain "The shared directory of authorities. Each state registers its own authorities" \
        "(scripts/demo/*.jsonl); every change is an entry in that state's signed feed," \
        "pushed to every node and pulled by any node that missed it."
demo_data="$(cd "$(dirname "$0")" && pwd)/demo"
for state in DE FR PL; do show "$state" authority import "$demo_data/$state.jsonl"; done
has_all () { [ "$(directory_view "$1" | awk '$2 > 0' | wc -l)" = 3 ]; }
for state in DE FR PL; do wait_until 15 has_all "$state" || fail "$state did not receive every feed"; done
echo "      Germany's copy of the directory: one feed per state, all at the same head as at"
echo "      their origin:"
show DE directory status

explain "A German official looks for the French doctors' regulator, typing without" \
        "accents, and reads the result in German:"
show DE search ordre medecins --lang de
echo "      A French official searches for \"Arztekammer\" (no umlaut) and reads French names:"
show FR search Arztekammer --lang fr
echo "      Germany searches, in French, for Polish authorities competent for professional"
echo "      qualifications, and reads English names:"
show DE search qualifications professionnelles --state PL --lang en

explain "People. Each node's operator creates the users of its authorities; they log in" \
        "with a password (stored with Argon2id) and work in sessions."
anna=$(user_session DE anna DE:aek-berlin handler de)
pierre=$(user_session FR pierre FR:cnom handler fr)
echo "      anna (Ärztekammer Berlin, reads German) and pierre (Ordre des médecins, reads French)"
showas () { local state=$1 token=$2; shift 2; IMI_SESSION=$token "$IMICTL" -c "$FED/$state/node.conf" "$@" | sed 's/^/      /'; }
wait_state () { IMI_SESSION=$2 ctl "$1" case show "$3" | grep -qx "state: $4"; }

explain "An information request. anna found the French regulator above (FR:cnom); she asks" \
        "two pre-translated questions, gives the doctor's details (personal data) and a" \
        "note, proposes a reply date and sends."
id=$(IMI_SESSION=$anna ctl DE case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(date -u -d '+21 days' +%F)" \
        --question pq.diploma-authentic --question pq.legally-established \
        --subject pq.family-name=Kowalska --subject pq.given-names=Maria \
        --subject pq.date-of-birth=1981-03-14 \
        --text "Frau Kowalska beantragt die Approbation als Ärztin in Berlin." --send) \
    || fail "anna's request"
echo "      case $id"
wait_until 15 wait_state FR "$pierre" "$id" sent || fail "the request did not reach France"
echo "      What pierre sees before accepting, in French: the questions, not the personal data"
echo "      (it has not even left Germany yet):"
showas FR "$pierre" case show "$id"

explain "pierre accepts and commits to a reply date. Germany's node then sends the personal" \
        "data; pierre asks for a clarification."
showas FR "$pierre" case accept "$id" --reply-by "$(date -u -d '+14 days' +%F)" >/dev/null
wait_until 15 eval 'IMI_SESSION=$pierre ctl FR case show "$id" | grep -q Kowalska' || fail "disclosure"
showas FR "$pierre" case ask-clarification "$id" \
    --text "Merci de préciser l'université qui a délivré le diplôme." >/dev/null
wait_until 15 wait_state DE "$anna" "$id" clarification || fail "clarification"
showas DE "$anna" case clarify "$id" --text "Uniwersytet Jagielloński, Kraków, 2006." >/dev/null
wait_until 15 wait_state FR "$pierre" "$id" accepted || fail "clarified"

explain "pierre answers; anna accepts the answer, closes and rates the reply."
showas FR "$pierre" case answer "$id" --answer pq.diploma-authentic=yes \
    --answer pq.legally-established=yes --text "Le Dr Kowalska est inscrite au tableau." >/dev/null
wait_until 15 wait_state DE "$anna" "$id" answered || fail "answer"
showas DE "$anna" case close "$id" --timely yes --effort yes >/dev/null
wait_until 15 wait_state FR "$pierre" "$id" closed || fail "close"
echo "      anna's view, in German (free text shown as written, marked with its language):"
showas DE "$anna" case show "$id"
echo "      pierre's view of the same case, in French:"
showas FR "$pierre" case show "$id"

explain "The performance indicators of the French authority (signed times of the events):"
showas FR "$pierre" kpi

explain "An alert. The Berlin chamber has withdrawn a doctor's licence: it warns the" \
        "competent authorities of every other state within three days of the decision." \
        "Each state's node routes it to its authorities competent for the area."
alert=$(IMI_SESSION=$anna ctl DE alert new --procedure pq-alert --to all \
          --field pq-alert.family-name=Nowak --field pq-alert.profession=Ärztin \
          --field pq-alert.decision-type=prohibition \
          --field "pq-alert.decision-date=$(date -u -d '-1 day' +%F)" \
          --text "Approbation widerrufen; Berufsverbot ab sofort.") || fail "the alert"
alert_reached () { IMI_SESSION=$pierre ctl FR alert show "$alert" >/dev/null 2>&1; }
wait_until 15 alert_reached || fail "the alert did not reach France"
echo "      What pierre reads, the fields in French, the text as written:"
showas FR "$pierre" alert show "$alert"
showas FR "$pierre" alert ack "$alert" >/dev/null
acked () { IMI_SESSION=$anna ctl DE alert show "$alert" | grep -q "FR:cnom"; }
wait_until 15 acked || fail "the acknowledgement did not come back"
echo "      Germany sees who acknowledged:"
showas DE "$anna" alert show "$alert" | grep -i "acknowledg"

explain "A notification that feeds a register: Germany's euro-cash authority notifies a" \
        "cross-border cash transport licence; every node adds it to its copy of the register."
for state in DE FR; do
    ctl "$state" authority import "$(dirname "$0")/../tests/integration/data/eurocash-$state.jsonl" \
        >/dev/null || fail "euro-cash authorities of $state"
done
knows_cash () { ctl FR authority show DE:bundesbank-cash >/dev/null 2>&1; }
wait_until 15 knows_cash || fail "FR does not know DE's euro-cash authority"
hans=$(user_session DE hans DE:bundesbank-cash handler de)
claire=$(user_session FR claire FR:bdf-cash handler fr)
notification=$(IMI_SESSION=$hans ctl DE notification new --procedure euro-cash-licence-notification \
        --to all --title "Lizenz für grenzüberschreitende Geldtransporte" \
        --text "Die Lizenz wurde erteilt." \
        --entry issuing_state=DE --entry licence=ECT-2026-0042 \
        --entry "company=Geldtransporte Süd GmbH" --entry "address=Königstraße 5, München" \
        --entry valid_from=2026-01-01 --entry valid_to=2030-12-31 --entry status=valid) \
    || fail "the notification"
in_register () { IMI_SESSION=$claire ctl FR repository search munchen | grep -q ECT-2026-0042; }
wait_until 15 in_register || fail "the register entry did not reach France"
echo "      In Paris, a search of the register for \"munchen\" (no umlaut):"
showas FR "$claire" repository search munchen

explain "Machine translation (Apertium, inside the node; the original is always kept and" \
        "the translation marked). French to English has no direct pair: it goes through" \
        "Spanish. A pair with no route is said plainly."
showas FR "$pierre" translate fr en "Le diplôme est authentique."
showas DE "$anna" case show "$id" --translate | grep -E "as written|machine translation" | head -6

explain "France goes down. Germany keeps writing to it: the messages wait, durably, in" \
        "Germany's outbox."
node_stop FR
wait_until 10 eval '! connected_to DE FR'
show DE send FR "Sind Sie noch da?" --count 5 >/dev/null
sleep 0.5
show DE peers
echo "      France comes back and gets all five, each exactly once (3 earlier + 5 = 8 from Germany):"
node_start FR
caught_up () { ctl "$1" peers | awk -F '\t' -v p="$2" '$1 == p && $6 == 0 && $8 == $9 { ok = 1 } END { exit !ok }'; }
wait_until 20 caught_up DE FR || fail "queued messages were not delivered"
show FR message-count --from DE
show DE peers

explain "The same node through its HTTP API (http_listen; docs/http.md), as a browser or a" \
        "back-office system uses it: anna logs in (a session cookie and a CSRF token), asks" \
        "who she is and what changed in her reach; monitoring asks if the node is ready."
jar="$FED/anna.cookies"
curl -sS -c "$jar" -H 'Content-Type: application/json' \
    -d '{"name": "anna", "password": "password of anna"}' "http://${HTTP[DE]}/api/v1/login" \
    > /dev/null || fail "anna's HTTP login"
echo "      GET /api/v1/whoami"
curl -sS -b "$jar" "http://${HTTP[DE]}/api/v1/whoami" | sed 's/^/        /'; echo
echo "      GET /api/v1/events?cursor=0&limit=3"
curl -sS -b "$jar" "http://${HTTP[DE]}/api/v1/events?cursor=0&limit=3" | cut -c1-150 | sed 's/^/        /'; echo
echo "      GET /health/ready"
curl -sS "http://${HTTP[DE]}/health/ready" | cut -c1-150 | sed 's/^/        /'; echo

explain "Germany's counters (what monitoring would scrape with 'imictl metrics'):"
show DE counters | head -9

explain "Germany's log, one line per notable event:"
grep -v 'message.text' "$FED/DE/node.log" | tail -8 | cut -c1-130 | sed 's/^/      /'

if [ "$serve" = 1 ]; then
    explain "The federation stays up (--serve). Open a state's web application in a browser" \
            "(docs/web.md) and sign in as one of the demo's users; Ctrl-C stops the nodes."
    for state in DE FR PL; do echo "      $state: http://${HTTP[$state]}/"; done
    echo "      sign in at DE as anna or hans, at FR as pierre or claire;"
    echo "      each one's password is 'password of NAME' (e.g. 'password of anna')"
    echo "Serving until Ctrl-C."
    serving=1
    trap 'serving=0' INT TERM
    while [ "$serving" = 1 ]; do sleep 0.5; done
    trap - INT TERM
fi

fed_finish
echo
echo "Done: the three nodes stopped cleanly. Next: docs/operating.md."

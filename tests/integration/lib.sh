# lib.sh: shared by the integration tests and the demo. Builds a throw-away
# federation of real imi-node processes on 127.0.0.1 in a temporary folder.
#
#   source lib.sh BUILD_DIR       (sets IMI_NODE, IMICTL, FED = the folder)
#   fed_create DE FR PL           governance key, identities, configs, signed manifest
#   node_start DE / node_stop DE / node_kill DE
#   ctl DE peers                  imictl against DE's node (raw, tab-separated)
#   wait_until SECONDS CMD...     poll until CMD succeeds
#   ping_while PID FR DE          FR pings DE until process PID ends (longest, failed)
#   FED_HEARTBEAT_MS=1000         slower heartbeats for large federations
#   NODE_HOST[DE]=10.77.0.1       before fed_create: listen there, not on 127.0.0.1
#   NODE_NETNS[DE]=NAME           run DE's node in that network namespace
#   api / expect / field / http_login  the HTTP client (below): every exchange
#                                 recorded and checked against docs/openapi.json
# Every node is stopped when the shell exits.

set -u

IMI_BUILD=$(cd "${1:?usage: source lib.sh BUILD_DIR}" && pwd)
# The source tree's catalogue: the node's default is the installed one
# (docs/operating.md, "Install"), and the suite runs without an install.
IMI_CATALOGUE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../data/catalogue" && pwd)
IMI_NODE="$IMI_BUILD/imi-node"
IMICTL="$IMI_BUILD/imictl"
IMI_TOOLS="$IMI_BUILD/tests"
IMI_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ -x "$IMI_NODE" ] && [ -x "$IMICTL" ] || { echo "lib.sh: build first ($IMI_NODE)" >&2; exit 1; }

# Debian's Python, whatever comes first on PATH: the tests need its modules
# (python3-jsonschema, -zmq, -nacl, -msgpack), and a version manager's shim in
# front of it (pyenv's, on the CI machines) took 1.2 s per call instead of 0.06.
python3 () { /usr/bin/python3 "$@"; }
export -f python3

FED=$(mktemp -d "${TMPDIR:-/tmp}/imi-fed.XXXXXX")
FED_KEEP=${FED_KEEP:-0}
declare -A NODE_PID=()
declare -A NODE_PORT=()
declare -A NODE_HOST=()
declare -A NODE_NETNS=()
FED_HELPERS=()          # pids of a test's other servers (a stand-in), killed at exit

fed_cleanup () {
    local state
    for state in "${!NODE_PID[@]}"; do
        kill -9 "${NODE_PID[$state]}" 2>/dev/null
    done
    for pid in "${FED_HELPERS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    wait 2>/dev/null
    if [ "$FED_KEEP" = 1 ]; then echo "kept $FED" >&2; else rm -rf "$FED"; fi
}
trap fed_cleanup EXIT

fail () {
    echo "FAIL: $*" >&2
    local state
    for state in "${!NODE_PORT[@]}"; do
        echo "---- last log lines of $state ----" >&2
        tail -n 15 "$FED/$state/node.log" >&2 2>/dev/null
    done
    exit 1
}

say () { echo "== $*"; }
ok () { echo "ok - $*"; }

# Stop every node cleanly and fail if any of them reported a sanitizer error
# or a leak (the ASan build of the suite relies on this); then, if the test
# used the HTTP client, check every answer it received against the OpenAPI
# document (openapi_check.py).
fed_finish () {
    local state
    for state in "${!NODE_PID[@]}"; do node_stop "$state"; done
    for state in "${!NODE_PORT[@]}"; do
        if grep -qE 'Sanitizer|runtime error' "$FED/$state/stderr.log" 2>/dev/null; then
            cat "$FED/$state/stderr.log" >&2
            fail "$state reported a sanitizer error"
        fi
    done
    if [ -s "$FED/http-exchanges.jsonl" ]; then
        /usr/bin/python3 "$IMI_SOURCE/tests/integration/openapi_check.py" \
            "$IMI_SOURCE/docs/openapi.json" "$FED/http-exchanges.jsonl" \
            || fail "answers that docs/openapi.json does not document (above)"
    fi
}

# A free TCP port on 127.0.0.1, below the kernel's ephemeral range (so the
# outgoing connections of a large federation cannot be using it) and not
# given to another node of this federation already.
free_port () {
    local low=10000 high port used
    read -r high _ < /proc/sys/net/ipv4/ip_local_port_range
    while :; do
        port=$(( low + (RANDOM * 32768 + RANDOM) % (high - low) ))
        used=0
        for taken in "${NODE_PORT[@]}"; do [ "$taken" = "$port" ] && used=1; done
        [ "$used" = 1 ] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Write STATE's config file (extra settings may follow as arguments; the
# last value of a setting counts).
node_config () {
    local state=$1; shift
    mkdir -p "$FED/$state"
    {
        echo "# node of $state, made by tests/integration/lib.sh"
        echo "state = $state"
        echo "data_dir = data"
        echo "listen = tcp://${NODE_HOST[$state]:-127.0.0.1}:${NODE_PORT[$state]}"
        echo "manifest = ../manifest.imi"
        echo "log_file = node.log"
        echo "governance_key = $(cat "$FED/governance.pub")"
        echo "heartbeat_ms = ${FED_HEARTBEAT_MS:-200}"
        echo "peer_timeout_ms = $(( ${FED_HEARTBEAT_MS:-200} * 7 + 100 ))"
        echo "retry_min_ms = 300"
        echo "retry_max_ms = 3000"
        echo "catalogue_dir = $IMI_CATALOGUE"
        local setting
        for setting in "$@"; do echo "$setting"; done
    } > "$FED/$state/node.conf"
}

# New identity for STATE and its entry in the manifest (unsigned until fed_sign).
node_add () {
    local state=$1
    NODE_PORT[$state]=$(free_port)
    node_config "$state"
    "$IMICTL" -c "$FED/$state/node.conf" init >/dev/null || fail "init $state"
    "$IMICTL" manifest-add-node "$FED/manifest.imi" --identity "$FED/$state/data/identity.pub" \
        --endpoint "tcp://${NODE_HOST[$state]:-127.0.0.1}:${NODE_PORT[$state]}" >/dev/null \
        || fail "add $state"
}

fed_sign () {
    "$IMICTL" manifest-sign "$FED/manifest.imi" --key "$FED/governance.key" >/dev/null \
        || fail "sign manifest"
}

fed_create () {
    "$IMICTL" governance-keygen "$FED/governance.key" > "$FED/governance.pub" 2>/dev/null \
        || fail "governance key"
    "$IMICTL" manifest-new "$FED/manifest.imi" --federation test-federation >/dev/null \
        || fail "manifest-new"
    local state
    for state in "$@"; do node_add "$state"; done
    fed_sign
}

# node_start STATE [OPTION...]: options go to imi-node (--recover).
node_start () {
    local state=$1 wrap=()
    shift
    [ -n "${NODE_NETNS[$state]:-}" ] && wrap=(ip netns exec "${NODE_NETNS[$state]}")
    ( cd "$FED/$state" && exec "${wrap[@]}" "$IMI_NODE" "$@" node.conf 2>>"$FED/$state/stderr.log" ) &
    NODE_PID[$state]=$!
    # Wait for an answer, not for the socket file: a node killed with SIGKILL
    # leaves its file behind, and the new node replaces it when it binds.
    # (status, not health: a node whose peers are not up yet is degraded.)
    wait_until 15 "$IMICTL" -c "$FED/$state/node.conf" --timeout 1000 status \
        || fail "$state did not start: $(kill -0 "${NODE_PID[$state]}" 2>/dev/null \
                && echo "its process is running" || echo "its process ended");" \
                "stderr: $(tail -n 5 "$FED/$state/stderr.log" 2>/dev/null)"
}

node_stop () {
    local state=$1 pid=${NODE_PID[$1]}
    kill -TERM "$pid" 2>/dev/null
    if ! wait_until 15 eval "! kill -0 $pid"; then
        kill -9 "$pid" 2>/dev/null
        fail "$state did not stop within 15 s of SIGTERM"
    fi
    wait "$pid" 2>/dev/null
    unset "NODE_PID[$state]"
}

node_kill () {
    local state=$1
    kill -9 "${NODE_PID[$state]}" 2>/dev/null
    wait "${NODE_PID[$state]}" 2>/dev/null
    unset "NODE_PID[$state]"
}

# The tests run imictl thousands of times. In the sanitizer build each run's
# LeakSanitizer check at exit (stopping the process, scanning its memory)
# doubled the CPU a run costs (0.05 to 0.10 s) for a process that lives a
# fraction of a second: ctl runs it without the leak check, ASan's and UBSan's
# checks stay. The nodes, which live, keep it, and so do the direct runs of
# "$IMICTL" (test_cli's among them).
ctl () {
    local state=$1; shift
    ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0" \
        "$IMICTL" -c "$FED/$state/node.conf" --raw "$@"
}

# Value of KEY in a "key<TAB>value" reply.
ctl_value () {
    local state=$1 key=$2; shift 2
    ctl "$state" "$@" | awk -F '\t' -v key="$key" '$1 == key { print $2 }'
}

counter () {
    ctl_value "$1" "$2" counters
}

connected_to () {
    ctl "$1" peers | awk -F '\t' -v peer="$2" '$1 == peer { print $3 }' | grep -qx yes
}

# The states that use IMI: the 30 EEA states (EU-27, IS, LI, NO; EL is
# Greece, as the EU writes it) and Switzerland (CH), which takes part for
# professional qualifications. 31 in all, the count the issues speak of.
IMI_STATES="AT BE BG CH CY CZ DE DK EE EL ES FI FR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"

# Under AddressSanitizer every node is many times slower, and 31 of them on a
# 2-core machine starve each other for seconds: tests of scale run there on
# these 11 states, a federation still larger than any other test's; the
# normal build runs them on all 31 (docs/testing.md).
IMI_SANITIZED=0
grep -q '^IMI_SANITIZE:BOOL=ON' "$IMI_BUILD/CMakeCache.txt" 2>/dev/null && IMI_SANITIZED=1
IMI_SCALE_STATES=$IMI_STATES
[ "$IMI_SANITIZED" = 1 ] && IMI_SCALE_STATES="AT CH DE FI FR IT LI NL PL PT SK"

# "origin last_seq head" per origin, as STATE's node holds the directory.
directory_view () {
    ctl "$1" directory status | awk -F '\t' 'NR > 1 { print $1, $3, $6, $7 }'
}

# cpu_ticks STATE...: CPU time (user + system, all threads) of those running
# nodes together, in clock ticks (getconf CLK_TCK per second): what work cost,
# whatever else shares the machine. For benchmarks.
cpu_ticks () {
    local state total=0
    for state in "$@"; do
        total=$(( total + $(awk '{ print $14 + $15 }' "/proc/${NODE_PID[$state]}/stat") ))
    done
    echo "$total"
}

wait_until () {
    local seconds=$1; shift
    local deadline=$(( $(date +%s) + seconds ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}

# http_serve STATE [SETTING...]: STATE's config (node_config) serves the
# HTTP API on a free port of 127.0.0.1, with the settings given; sets
# HTTP_PORT and BASE (http://127.0.0.1:PORT), and HTTP_BASE[STATE] (BASE).
# Before node_start.
declare -A HTTP_BASE=()
http_serve () {
    local state=$1; shift
    HTTP_PORT=$(free_port)
    BASE="http://127.0.0.1:$HTTP_PORT"
    HTTP_BASE[$state]=$BASE
    node_config "$state" "http_listen = 127.0.0.1:$HTTP_PORT" "$@"
}

# ---------------------------------------------------------------------------
# The HTTP client of the tests: curl, as a person's browser or a back-office
# system would call the API (docs/http.md). A caller WHO is a name the test
# picks: "-" is nobody (no cookie, no key); any other has a cookie jar, and
# after http_login its node and CSRF token (sent with each of its POSTs), or
# after http_key an API key (Authorization: Bearer, no cookie). Every
# exchange is recorded as a line of $FED/http-exchanges.jsonl, {method, path
# (as sent), status, content_type, body (when JSON)}: fed_finish checks each
# against docs/openapi.json (openapi_check.py).
#
#   api WHO METHOD PATH [JSON] [curl options...]   the request: body into
#       $FED/body, headers into $FED/headers; prints the status. A JSON
#       argument (it starts with "{") is the body; a POST with a body and no
#       Content-Type or form (-F) is sent as application/json.
#   expect CODE WHO METHOD PATH [JSON] [curl options...]   api, and fail unless CODE
#   field EXPRESSION              a Python expression over the last body (d)
#   http_login WHO STATE NAME [PASSWORD]   log in on STATE's API (HTTP_BASE)
#       as NAME (password "password of NAME", as user_session makes them)
#   http_key WHO KEY [STATE]      WHO calls with API key KEY
http_login () {
    local who=$1 state=$2 name=$3 password=${4:-password of $3}
    mkdir -p "$FED/http"
    rm -f "$FED/http/$who".*
    echo "${HTTP_BASE[$state]}" > "$FED/http/$who.base"
    expect 200 "$who" POST /api/v1/login "{\"name\": \"$name\", \"password\": \"$password\"}"
    field 'd ["csrf_token"]' > "$FED/http/$who.csrf"
}
http_key () {
    local who=$1 key=$2 state=${3:-}
    mkdir -p "$FED/http"
    rm -f "$FED/http/$who".*
    [ -n "$state" ] && echo "${HTTP_BASE[$state]}" > "$FED/http/$who.base"
    echo "$key" > "$FED/http/$who.key"
}
api () {
    local who=$1 method=$2 path=$3 options=() base=$BASE data=0 typed=0 option result
    shift 3
    if [ $# -gt 0 ] && [ "${1:0:1}" = "{" ]; then options=(-d "$1"); data=1; shift; fi
    for option in "$@"; do
        case $option in
            -d|--data*|-d?*) data=1 ;;
            -F|--form|[Cc]ontent-[Tt]ype:*) typed=1 ;;
        esac
    done
    [ "$method" = POST ] && [ "$data" = 1 ] && [ "$typed" = 0 ] \
        && options+=(-H 'Content-Type: application/json')
    if [ "$who" != - ]; then
        mkdir -p "$FED/http"
        [ -s "$FED/http/$who.base" ] && base=$(cat "$FED/http/$who.base")
        if [ -s "$FED/http/$who.key" ]; then
            options+=(-H "Authorization: Bearer $(cat "$FED/http/$who.key")")
        else
            options+=(-b "$FED/http/$who.jar" -c "$FED/http/$who.jar")
            [ "$method" = POST ] && [ -s "$FED/http/$who.csrf" ] \
                && options+=(-H "X-CSRF-Token: $(cat "$FED/http/$who.csrf")")
        fi
    fi
    result=$(curl -sS -X "$method" "${options[@]}" -D "$FED/headers" -o "$FED/body" \
                  -w '%{http_code} %{content_type}' "$@" "$base$path") || fail "curl $method $path"
    http_record "$method" "$path" "${result%% *}" "${result#* }"
    echo "${result%% *}"
}
expect () {
    local code=$1 got; shift
    got=$(api "$@")
    [ "$got" = "$code" ] || fail "$2 $3 as $1 answered $got, not $code: $(head -c 2000 "$FED/body")"
}
field () {
    python3 -c 'import json, sys; d = json.load (open (sys.argv [1])); print (eval (sys.argv [2]))' \
        "$FED/body" "$1"
}
# http_record METHOD PATH STATUS CONTENT_TYPE: the exchange whose body is in
# $FED/body, as a line of $FED/http-exchanges.jsonl (a JSON body as it came,
# on one line: JSON has no raw newline inside its strings).
http_record () {
    local method=$1 path=$2 status=$3 type=${4%%;*} body=null
    case $type in
        application/json|application/problem+json) body=$(tr -d '\n' < "$FED/body") ;;
    esac
    [ -n "$body" ] || body='""'
    path=${path//\\/\\\\}
    printf '{"method":"%s","path":"%s","status":%s,"content_type":"%s","body":%s}\n' \
        "$method" "${path//\"/\\\"}" "$status" "$type" "$body" >> "$FED/http-exchanges.jsonl"
}

# berlin_authorities STATE ID...: STATE's operator adds an authority
# "Amt ID Berlin" (legal area services) for each ID.
berlin_authorities () {
    local state=$1 id; shift
    for id in "$@"; do
        echo "{\"id\":\"$id\",\"names\":[{\"lang\":\"de\",\"text\":\"Amt $id Berlin\"}],\"city\":\"Berlin\",\"competences\":[{\"legal_area\":\"services\",\"procedures\":[],\"keywords\":[]}]}" \
            > "$FED/$id.json"
        ctl "$state" authority add "$FED/$id.json" >/dev/null || fail "adding authority $id"
    done
}

# knows STATE KEY: STATE's directory has authority KEY.
knows () { ctl "$1" authority show "$2" >/dev/null 2>&1; }

# demo_directories STATE...: each node imports its state's authorities of
# scripts/demo, then every node waits until it knows every other's (the
# last of each file: a feed is applied in order).
demo_directories () {
    local data state other last
    data="$(dirname "${BASH_SOURCE[0]}")/../../scripts/demo"
    for state in "$@"; do
        ctl "$state" authority import "$data/$state.jsonl" >/dev/null || fail "$state authorities"
    done
    for state in "$@"; do
        for other in "$@"; do
            [ "$state" = "$other" ] && continue
            last=$(tail -n 1 "$data/$other.jsonl" | python3 -c 'import json, sys; print (json.load (sys.stdin) ["id"])')
            wait_until 30 knows "$state" "$other:$last" || fail "$state does not know $other's authorities"
        done
    done
}

# user_session STATE NAME AUTHORITY ROLE LANG: create a user of STATE's node
# (as the operator) with a password, log in, print the session token.
user_session () {
    local state=$1 name=$2 password="password of $2"
    echo "$password" | ctl "$state" --session - user add "$name" --authority "$3" --role "$4" \
        --lang "$5" --password-stdin >/dev/null || fail "adding user $name to $state"
    IMI_PASSWORD=$password ctl "$state" login "$name" || fail "$name cannot log in"
}

# as STATE TOKEN imictl-arguments...: run as the user of session TOKEN.
as () { local state=$1 token=$2; shift 2; IMI_SESSION=$token ctl "$state" "$@"; }

# problem TEXT: the HTTP answer in $FED/body is a problem document (RFC 9457)
# whose detail says TEXT (any case).
problem () {
    python3 -c 'import json, sys
doc = json.load (open (sys.argv [1]))
assert doc ["type"] == "about:blank" and isinstance (doc ["status"], int), doc
assert sys.argv [2].lower () in doc ["detail"].lower (), doc' "$FED/body" "$1" \
        || fail "not a problem document saying '$1': $(cat "$FED/body")"
}

# expect_error TEXT COMMAND...: COMMAND must fail and say TEXT (any case), and
# never leak an SQL message.
expect_error () {
    local text=$1 output; shift
    if output=$("$@" 2>&1); then fail "succeeded: $*"; fi
    echo "$output" | grep -qi -- "$text" || fail "'$*' did not say '$text', but: $output"
    echo "$output" | grep -qi "sqlite\|SQL logic\|fts5" && fail "'$*' leaked an SQL message: $output"
    return 0
}

# ping_while PID FROM TO: FROM's node pings TO's, one ping after another,
# until process PID ends. Sets PINGS (answered), PINGS_FAILED and
# PING_LONGEST (the longest round trip, ms); errors go to $FED/ping.err.
ping_while () {
    local pid=$1 from=$2 to=$3 rtt
    PINGS=0; PINGS_FAILED=0; PING_LONGEST=0
    # Our own job table, not kill -0: a finished job's pid may already be
    # another process's on a busy machine (pid_max 32768), and the loop
    # would never end (test_responsive timed out so).
    while jobs -pr | grep -qx "$pid"; do
        # ping's data is one line of compact JSON: {"state":..,"rtt_ms":N,..}
        if rtt=$(ctl "$from" --timeout 10000 --json ping "$to" 2>>"$FED/ping.err" \
                 | sed -n 's/.*"rtt_ms":\([0-9]*\).*/\1/p') && [ -n "$rtt" ]; then
            PINGS=$(( PINGS + 1 ))
            [ "$rtt" -gt "$PING_LONGEST" ] && PING_LONGEST=$rtt
        else
            PINGS_FAILED=$(( PINGS_FAILED + 1 ))
        fi
        sleep 0.05
    done
}

# audit_settled STATE "W1 W2": STATE's latest checkpoint covers its whole
# audit log and is cosigned by exactly those witnesses (audit status rows:
# what, name, size, root, more).
audit_settled () {
    ctl "$1" audit status | awk -F '\t' -v witnesses="$2" '
        $1 == "log" { size = $3 }
        $1 == "checkpoint" && $3 == size && $5 == witnesses { found = 1 }
        END { exit !found }'
}

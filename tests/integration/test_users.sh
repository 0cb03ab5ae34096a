#!/usr/bin/env bash
# Users, roles and sessions through imictl against a real node: the operator
# creates the first coordinator; users log in with IMI_PASSWORD and run
# commands with IMI_SESSION or --session-fd, never a token on the command
# line; a mistyped name at login is not logged as typed; an admin manages their own authority only, a
# coordinator the whole state; bad input is refused with a clear error and
# changes nothing; logout and disable end sessions.
source "$(dirname "$0")/lib.sh" "$1"

# as TOKEN imictl-arguments...: run as the user of the session TOKEN.
as () { local token=$1; shift; IMI_SESSION=$token ctl DE "$@"; }
# login NAME PASSWORD: prints the token.
login () { IMI_PASSWORD=$2 ctl DE login "$1"; }
users () { ctl DE user list --session - | awk -F '\t' 'NR > 1' | sort; }

fed_create DE FR
node_start DE
berlin_authorities DE bafa zab

# The operator (no session) creates the first coordinator, with the
# password on stdin; the command line never carries it.
echo "coordinator pass 1" | ctl DE user add carla --authority DE:bafa --role coordinator \
    --lang de --password-stdin >/dev/null || fail "the operator adds the first coordinator"
ctl DE user list | grep -q "^carla	DE:bafa	coordinator	de	yes	active	-$" \
    || fail "carla is not listed as an active coordinator with a password"
grep -q "coordinator pass 1" "$FED/DE/node.log" && fail "a password reached the log"
ok "the operator creates the first coordinator"

# The audit log names the OS user who ran an operator command, from the
# control socket's peer credentials (LOCAL leaves: event and detail).
audited () {
    local hex
    hex=$(printf '%s' "$1" | xxd -p | tr -d '\n' | tr a-f A-F)
    sqlite3 "$FED/DE/data/node.db" "SELECT hex(leaf) FROM audit_leaves" | grep -q "$hex"
}
os_user="os_user=$(id -un) uid=$(id -u) pid="
audited "name=carla authority=DE:bafa role=coordinator by=operator $os_user" \
    || fail "the audit log does not name the OS user who added carla"
audited "command=authority-add by=operator $os_user" \
    || fail "the audit log does not name the OS user who added an authority"
grep -q "user.added name=carla .* by=operator $os_user[0-9]" "$FED/DE/node.log" \
    || fail "the node's log does not name the OS user"
ok "operator actions are in the audit log with the OS user that ran them ($os_user...)"

carla=$(login carla "coordinator pass 1") || fail "carla cannot log in"
[ ${#carla} = 64 ] || fail "the token is not 64 hex digits: $carla"
[ "$(as "$carla" whoami | awk -F '\t' '{ printf "%s=%s ", $1, $2 }')" \
  = "name=carla authority=DE:bafa role=coordinator lang=de " ] || fail "whoami of carla"
token=$(echo "coordinator pass 1" | ctl DE login carla) || fail "login with the password on stdin"
[ "$(ctl DE --session-fd 3 whoami 3<<< "$token" | awk -F '\t' '$1 == "name" { print $2 }')" = carla ] \
    || fail "whoami with --session-fd"
echo "$token" > "$FED/token" && chmod 600 "$FED/token"
[ "$(ctl DE --session-fd 0 whoami < "$FED/token" | awk -F '\t' '$1 == "name" { print $2 }')" = carla ] \
    || fail "whoami with --session-fd 0 (stdin)"
grep -q "$carla\|$token" "$FED/DE/node.log" && fail "a token reached the log"
ok "login with IMI_PASSWORD or stdin prints a token; whoami with IMI_SESSION or --session-fd"

# A token on the command line is in ps for every local user: refused
# (usage error, nothing sent); --session - alone still means the operator.
output=$(ctl DE --session "$token" whoami 2>&1); status=$?
[ "$status" = 2 ] || fail "--session TOKEN was not refused as a usage error ($status): $output"
echo "$output" | grep -q "set IMI_SESSION or give --session-fd N" || fail "--session TOKEN: $output"
expect_error "no session token there" ctl DE --session-fd 0 whoami < /dev/null
expect_error "longer than 64" ctl DE --session-fd 0 whoami <<< "${token}00"
expect_error "bad file descriptor" ctl DE --session-fd 9 whoami
ctl DE --session - user list | grep -q "^carla	" || fail "--session - is no longer the operator"
ok "--session TOKEN refused (exit 2, says what to use); --session-fd empty, too long, closed refused"

# The coordinator makes an admin of each authority; admins their handlers
# and auditors.
as "$carla" user add adam --authority DE:bafa --role admin --lang de \
    >/dev/null || fail "the coordinator adds an admin of DE:bafa"
as "$carla" user add zora --authority DE:zab --role admin --lang en >/dev/null \
    || fail "the coordinator adds an admin of DE:zab"
IMI_PASSWORD="admin Z pass" as "$carla" user password zora >/dev/null \
    || fail "the coordinator sets the password of zora"
echo "admin A pass" | as "$carla" user password adam >/dev/null || fail "password from stdin"
adam=$(login adam "admin A pass") || fail "adam cannot log in"
zora=$(login zora "admin Z pass") || fail "zora cannot log in"
echo "handler pass 1" | as "$adam" user add hans --authority DE:bafa --role handler --lang de \
    --password-stdin >/dev/null || fail "an admin adds a handler of their authority"
echo "auditor pass 1" | as "$adam" user add aude --authority DE:bafa --role auditor --lang fr \
    --password-stdin >/dev/null || fail "an admin adds an auditor of their authority"
hans=$(login hans "handler pass 1") || fail "hans cannot log in"
aude=$(login aude "auditor pass 1") || fail "aude cannot log in"
[ "$(as "$aude" whoami | awk -F '\t' '$1 == "role" { print $2 }')" = auditor ] \
    || fail "whoami of an auditor"
audited "name=adam authority=DE:bafa role=admin by=carla" || fail "the audit log does not name carla"
ok "a coordinator adds admins of any authority; an admin adds handlers and auditors"

before=$(users)
expect_error "may not manage handler users of DE:zab" \
    as "$adam" user add hugo --authority DE:zab --role handler --lang de
expect_error "may not manage coordinator users of DE:bafa" \
    as "$adam" user add cora --authority DE:bafa --role coordinator --lang de
expect_error "may not manage admin users of DE:zab" as "$adam" user disable zora
IMI_PASSWORD="taken over!" expect_error "may not manage coordinator users" \
    as "$adam" user password carla
expect_error "may not manage" as "$hans" user add hugo --authority DE:bafa --role handler --lang de
expect_error "may not manage" as "$aude" user disable hans
expect_error "may not see the users of DE:zab" as "$hans" user list --authority DE:zab
[ "$(users)" = "$before" ] || fail "a refused command changed the users"
ok "an admin cannot reach another authority nor make or touch a coordinator"

as "$carla" user add hugo --authority DE:zab --role handler --lang de >/dev/null \
    || fail "the coordinator adds a handler of another authority"
as "$adam" user list | awk -F '\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ' \
    | grep -qx "adam aude carla hans " || fail "adam's list is not the users of DE:bafa"
as "$hans" user list | awk -F '\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' ' \
    | grep -qx "adam aude carla hans " || fail "hans's list is not the users of DE:bafa"
[ "$(as "$carla" user list | awk 'NR > 1' | wc -l)" = 6 ] || fail "carla does not see all 6"
[ "$(as "$zora" user list --authority DE:zab | awk 'NR > 1' | wc -l)" = 2 ] \
    || fail "zora does not see the 2 users of DE:zab"
ok "lists: an admin or handler sees their authority, the coordinator the state"

before=$(users)
expect_error "wrong user name or password" login adam "not the password"
expect_error "wrong user name or password" login nobody "admin A pass"
expect_error "wrong user name or password" login hugo "no password set yet"
# A password typed into the name field must not reach the log; a known
# name may (it names who was refused).
expect_error "wrong user name or password" login "hunter2-secret" "anything at all"
grep -q "hunter2" "$FED/DE/node.log" && fail "a mistyped user name reached the log verbatim"
grep -q "user.login_refused name=unknown name_tag=[0-9a-f]\{8\}$" "$FED/DE/node.log" \
    || fail "a refused unknown name is not logged as a tag"
grep -q "user.login_refused name=adam$" "$FED/DE/node.log" || fail "a refused known user is not named"
expect_error "unknown role 'boss'" ctl DE user add bob --authority DE:bafa --role boss --lang de
expect_error "not a language code" ctl DE user add bob --authority DE:bafa --role handler --lang DE
expect_error "not a language code" ctl DE user add bob --authority DE:bafa --role handler --lang deutsch
expect_error "user name 'Bob Smith' is not valid" \
    ctl DE user add "Bob Smith" --authority DE:bafa --role handler --lang de
expect_error "not valid" ctl DE user add system --authority DE:bafa --role handler --lang de
expect_error "no authority DE:nosuch in the directory" \
    ctl DE user add bob --authority DE:nosuch --role handler --lang de
expect_error "own authorities (DE:...), not to FR:cnom" \
    ctl DE user add bob --authority FR:cnom --role handler --lang de
expect_error "exists already" ctl DE user add hans --authority DE:bafa --role handler --lang de
expect_error "too short" sh -c "echo short | \"$IMICTL\" -c \"$FED/DE/node.conf\" user add bob \
    --authority DE:bafa --role handler --lang de --password-stdin"
expect_error "too short" env IMI_PASSWORD=short "$IMICTL" -c "$FED/DE/node.conf" user password hans
expect_error "no active user named nobody" ctl DE user disable nobody
expect_error "usage: imictl.*user add NAME" ctl DE user add bob --role handler --lang de
[ "$(users)" = "$before" ] || fail "refused input changed the users"
ok "wrong passwords, unknown users, bad role, language, name and authority are refused"

expect_error "not logged in or session expired: run imictl login" ctl DE whoami
expect_error "not logged in or session expired" ctl DE --session-fd 3 whoami 3<<< 0123
expect_error "not logged in or session expired" \
    ctl DE --session-fd 3 user list 3<<< "$(printf '%064d' 0)"
as "$hans" logout | grep -q logged_out || fail "logout"
expect_error "not logged in or session expired" as "$hans" whoami
expect_error "no session to end" ctl DE logout
as "$adam" whoami >/dev/null || fail "one user's logout ended another's session"
ok "no session, a forged token and a logged-out token are refused"

as "$carla" user disable adam >/dev/null || fail "the coordinator disables adam"
expect_error "not logged in or session expired" as "$adam" whoami
expect_error "wrong user name or password" login adam "admin A pass"
ctl DE user list --authority DE:bafa | grep -q "^adam	.*	disabled	-$" || fail "adam not disabled"
IMI_PASSWORD="new pass for zora" as "$zora" user password zora >/dev/null \
    || fail "zora changes her own password"
expect_error "not logged in or session expired" as "$zora" whoami
login zora "new pass for zora" >/dev/null || fail "zora's new password"
ok "disable and a password change end the user's sessions"

# Setting a password never holds the loop: while 24 clients add users with
# passwords at once, another reads the metrics, which show Argon2id jobs
# pending on the login worker (the loop answered while a hash ran). Each
# add is done, or refused at once past the worker's limit (retryable,
# nothing added). Of two adds of one name the second is refused when it
# writes.
pids=()
for index in $(seq 1 24); do
    echo "burst pass $index" | ctl DE user add "burst$index" --authority DE:zab --role handler \
        --lang de --password-stdin > "$FED/burst$index" 2>&1 &
    pids+=($!)
done
running () { local pid; for pid; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
seen=0 longest=0
while running "${pids[@]}"; do
    start=$(date +%s%N)
    metrics=$(ctl DE metrics) || fail "metrics while users are added"
    waited=$((($(date +%s%N) - start) / 1000000))
    [ "$waited" -gt "$longest" ] && longest=$waited
    echo "$metrics" | grep -q '^imi_password_jobs_pending{state="DE"} [1-9]' && seen=$((seen + 1))
done
wait "${pids[@]}"
[ "$seen" -gt 0 ] || fail "the loop never answered while a password was being hashed"
ok "metrics answered $seen times while 24 users were added at once (the longest wait ${longest} ms)"

added=0 busy=0 one=
ctl DE user list --authority DE:zab > "$FED/zab"
for index in $(seq 1 24); do
    if grep -q "^added	burst$index	" "$FED/burst$index"; then
        added=$((added + 1)) one=$index
        grep -q "^burst$index	" "$FED/zab" || fail "burst$index not listed"
    else
        grep -q "busy hashing passwords: nothing was changed, try again in 1 s" "$FED/burst$index" \
            || fail "burst$index: $(cat "$FED/burst$index")"
        busy=$((busy + 1))
        grep -q "^burst$index	" "$FED/zab" && fail "burst$index added"
    fi
done
pids=()
for index in 1 2; do
    echo "twin pass $index" | ctl DE user add twin --authority DE:zab --role handler \
        --lang de --password-stdin > "$FED/twin$index" 2>&1 &
    pids+=($!)
done
wait "${pids[@]}"
[ "$(cat "$FED/twin1" "$FED/twin2" | grep -c "^added	twin	")" = 1 ] \
    || fail "two adds of twin: $(cat "$FED/twin1" "$FED/twin2")"
grep -q "exists already" "$FED/twin1" "$FED/twin2" || fail "the second twin: not 'exists already'"
[ -n "$one" ] && login "burst$one" "burst pass $one" >/dev/null || fail "burst$one cannot log in"
audited "name=twin authority=DE:zab role=handler by=operator $os_user" \
    || fail "no audit leaf for a user added through the login worker"
ok "24 adds at once: $added added, $busy refused at once as busy; of two adds of a name one wins"

fed_finish
ok "node stopped cleanly"

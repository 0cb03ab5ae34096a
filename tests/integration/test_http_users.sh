#!/usr/bin/env bash
# Users, API keys and the audit log over the HTTP API (docs/http.md, "Users",
# "API keys", "Audit"), against real nodes with curl on 127.0.0.1: an admin
# creates a handler, who logs in; a handler may not create users (403, the
# CLI's reason); an admin resets a password and the user's session ends; a
# user changes their own password only with the current one; disabling a
# user ends their session at once; the user list pages with a cursor and is
# what imictl --json prints; an API key is made, used with curl (whoami,
# search, a change without a CSRF token), listed with its last use, revoked
# then refused (401); a key of a disabled creator is refused; keys make no
# keys; the keys' secrets are nowhere in the database nor in the node's log;
# an auditor reads the audit status and a message's proof (checked up to the
# root), a handler is refused.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE FR
http_serve DE
node_start DE
node_start FR
berlin_authorities DE bafa zab
ADAM=$(user_session DE adam DE:bafa admin de)
user_session DE aude DE:bafa auditor de >/dev/null

say "an admin creates a handler over HTTP, who logs in; a handler may not create users"
http_login adam DE adam "password of adam"
expect 200 adam POST /api/v1/users \
    '{"name": "hans", "authority": "DE:bafa", "role": "handler", "lang": "de", "password": "password of hans"}'
[ "$(field 'd ["name"], d ["role"], d ["authority"]')" = "('hans', 'handler', 'DE:bafa')" ] \
    || fail "user-add's answer: $(cat "$FED/body")"
http_login hans DE hans "password of hans"
expect 200 hans GET /api/v1/whoami
[ "$(field 'd ["name"]')" = hans ] || fail "hans is not logged in: $(cat "$FED/body")"
expect 403 hans POST /api/v1/users \
    '{"name": "hugo", "authority": "DE:bafa", "role": "handler", "lang": "de"}'
problem "hans (handler of DE:bafa) may not manage handler users of DE:bafa"
expect 403 adam POST /api/v1/users \
    '{"name": "cora", "authority": "DE:bafa", "role": "coordinator", "lang": "de"}'
problem "may not manage coordinator users"
expect 422 adam POST /api/v1/users '{"name": "hans", "authority": "DE:bafa", "role": "handler", "lang": "de"}'
problem "exists already"
expect 400 adam POST /api/v1/users '{"name": "x", "boss": true}'
expect 403 - POST /api/v1/users '{"name": "hugo"}' -b "$FED/http/adam.jar"
problem "X-CSRF-Token"
ok "an admin adds a handler who logs in; a handler, or a coordinator to be, is refused (403)"

say "the user list pages with a cursor; imictl --json prints the same page"
expect 200 adam GET '/api/v1/users?limit=1'
[ "$(field 'len (d ["items"]), d ["items"][0]["name"], d ["next_cursor"]')" = "(1, 'adam', 'adam')" ] \
    || fail "the first page: $(cat "$FED/body")"
cp "$FED/body" "$FED/page1"
as DE "$ADAM" --json user list --limit 1 > "$FED/cli.json" || fail "imictl --json user list"
# (imictl ends the line, HTTP sends the document alone)
[ "$(cat "$FED/cli.json")" = "$(cat "$FED/page1")" ] \
    || fail "imictl --json and HTTP differ: $(cat "$FED/cli.json") $(cat "$FED/page1")"
expect 200 adam GET '/api/v1/users?limit=2&cursor=adam'
[ "$(field '[u ["name"] for u in d ["items"]], d ["next_cursor"]')" = "(['aude', 'hans'], None)" ] \
    || fail "the second page: $(cat "$FED/body")"
expect 422 adam GET '/api/v1/users?cursor=nobody'
expect 403 hans GET '/api/v1/users?authority=DE:zab'
problem "may not see the users of DE:zab"
expect 400 adam GET '/api/v1/users?offset=1'
ok "pages of users, the last with next_cursor null; another authority's users are 403"

say "a user-add with a password answers when the login worker has hashed it; its key keeps it"
ida='{"name": "ida", "authority": "DE:bafa", "role": "handler", "lang": "de", "password": "password of ida"}'
expect 200 adam POST /api/v1/users "$ida" -H "Idempotency-Key: add-ida"
first=$(cat "$FED/body")
expect 200 adam POST /api/v1/users "$ida" -H "Idempotency-Key: add-ida"
[ "$(cat "$FED/body")" = "$first" ] || fail "the retry's answer: $(cat "$FED/body"), not $first"
http_login ida DE ida "password of ida"
ok "a retried user-add with its Idempotency-Key gets the first answer, adds nothing twice"

say "a manager resets a password: the user's session ends; own password only with the current one"
expect 200 adam POST /api/v1/users/hans/password '{"password": "reset pass of hans"}'
expect 401 hans GET /api/v1/whoami
http_login hans DE hans "reset pass of hans"
expect 403 hans POST /api/v1/users/hans/password '{"password": "my own pass"}'
problem "current one"
expect 403 hans POST /api/v1/password '{"current": "wrong password!", "new": "my own pass 1"}'
problem "the current password is wrong"
grep -q " user.password_refused name=hans" "$FED/DE/node.log" || fail "the wrong guess is not logged"
expect 200 hans GET /api/v1/whoami
expect 422 hans POST /api/v1/password '{"current": "reset pass of hans", "new": "short"}'
problem "too short"
expect 200 hans POST /api/v1/password '{"current": "reset pass of hans", "new": "my own pass 1"}'
expect 401 hans GET /api/v1/whoami
http_login hans DE hans "my own pass 1"
expect 404 adam POST /api/v1/users/nobody/password '{"password": "whatever pass"}'
ok "reset by an admin, changed by the user with the current one; sessions end either way"

# A stolen session guessing the current password: each guess is a failed
# login of the name (5 free, then the doubling waits of logins), and while
# the name waits no guess is verified, not even the right one. Guesses go on
# until the wait is 8 s or more, so that the right one follows well within it
# even on a busy machine.
wait_s=0
for attempt in $(seq 1 20); do
    code=$(api hans POST /api/v1/password "{\"current\": \"guess number $attempt\", \"new\": \"my own pass 2\"}")
    if [ "$code" = 429 ]; then
        [ "$attempt" -gt 5 ] || fail "throttled after $(( attempt - 1 )) failures: 5 are free"
        wait_s=$(sed -n 's/^Retry-After: \([0-9]*\).*/\1/ip' "$FED/headers")
        [ "${wait_s:-0}" -ge 8 ] && break
        sleep "${wait_s:-1}"
    else
        [ "$code" = 403 ] || fail "guess $attempt answered $code: $(cat "$FED/body")"
    fi
done
[ "${wait_s:-0}" -ge 8 ] || fail "guesses of the current password were not throttled"
verified=$(grep -c " user.password_refused name=hans" "$FED/DE/node.log")
[ "$verified" -ge 6 ] || fail "only $verified guesses verified before the first wait"
expect 429 hans POST /api/v1/password '{"current": "my own pass 1", "new": "my own pass 2"}'
problem "too many failed logins for hans"
[ "$(grep -c " user.password_refused name=hans" "$FED/DE/node.log")" = "$verified" ] \
    || fail "a throttled guess was verified"
IMI_PASSWORD="my own pass 1" ctl DE login hans > "$FED/throttled" 2>&1 \
    && fail "hans logged in while his name waits"
grep -q "too many failed logins for hans" "$FED/throttled" || fail "login: $(cat "$FED/throttled")"
expect 200 hans GET /api/v1/whoami
ok "guesses of the current password count as failed logins of the name: throttled (429, Retry-After), unverified, and so are its logins; the session stays"

say "API keys: made, used with curl, listed with the last use, revoked"
expect 403 hans POST /api/v1/apikeys '{"authority": "DE:bafa", "role": "handler", "label": "x"}'
expect 200 adam POST /api/v1/apikeys \
    '{"authority": "DE:bafa", "role": "handler", "label": "BAFA case system"}'
KEY=$(field 'd ["key"]')
KEY_ID=$(field 'd ["id"]')
[[ "$KEY" =~ ^imi_[A-Za-z0-9_-]{43}$ ]] || fail "not a key: $(cat "$FED/body")"
[ "$(field 'd ["name"], d ["created_by"]')" = "('apikey.$KEY_ID', 'adam')" ] \
    || fail "the key's answer: $(cat "$FED/body")"
http_key bafa-system "$KEY"           # the key's calls: Authorization: Bearer
expect 200 bafa-system GET /api/v1/whoami
[ "$(field 'd ["name"], d ["authority"], d ["role"]')" = "('apikey.$KEY_ID', 'DE:bafa', 'handler')" ] \
    || fail "whoami with the key: $(cat "$FED/body")"
expect 200 bafa-system GET '/api/v1/search?q=berlin'
[ "$(field 'len (d ["results"])')" = 2 ] || fail "search with the key: $(cat "$FED/body")"
# A change with the key needs no CSRF token (the access rule answers), the
# Origin check still applies
expect 403 bafa-system POST /api/v1/password '{"current": "a", "new": "b"}'
problem "an API key has no password"
expect 403 bafa-system POST /api/v1/password '{"current": "a", "new": "b"}' \
    -H "Origin: https://evil.example"
problem "Origin"
expect 200 adam GET /api/v1/apikeys
python3 - "$FED/body" "$KEY_ID" <<'EOF' || fail "the key's listing: $(cat "$FED/body")"
import json, sys
page = json.load (open (sys.argv [1]))
key = [k for k in page ["items"] if k ["id"] == int (sys.argv [2])][0]
assert key ["label"] == "BAFA case system" and key ["created_by"] == "adam", key
assert key ["status"] == "active" and key ["last_used_ms"] >= key ["created_ms"], key
assert "key" not in key and "hash" not in key and page ["next_cursor"] is None, page
EOF
ctl DE --session - apikey list | grep -qP "^$KEY_ID\tDE:bafa\thandler\tBAFA case system\tadam\t.*\tactive$" \
    || fail "imictl apikey list: $(ctl DE --session - apikey list)"
expect 403 hans GET /api/v1/apikeys
problem "may not see the API keys of DE:bafa"
expect 200 adam POST "/api/v1/apikeys/$KEY_ID/revoke"
expect 401 bafa-system GET /api/v1/whoami
problem "unknown or revoked API key"
expect 404 adam POST "/api/v1/apikeys/$KEY_ID/revoke"
expect 200 adam GET /api/v1/apikeys
[ "$(field 'd ["items"][0]["status"], d ["items"][0]["revoked_by"]')" = "('revoked', 'adam')" ] \
    || fail "the revoked key's listing: $(cat "$FED/body")"
ok "a key acts as apikey.$KEY_ID of DE:bafa, is listed with its last use, and is refused once revoked"

say "a key of the admin role makes users but no keys; the keys of a disabled creator are refused"
expect 200 adam POST /api/v1/apikeys \
    '{"authority": "DE:bafa", "role": "admin", "label": "BAFA register sync", "lang": "en"}'
ADMIN_KEY=$(field 'd ["key"]')
OPERATOR_KEY=$(ctl DE --session - apikey create --authority DE:zab --role handler \
    --label "ZAB system" | awk '$1 == "key" { print $2 }')
[[ "$OPERATOR_KEY" =~ ^imi_ ]] || fail "the operator's key: $OPERATOR_KEY"
http_key bafa-sync "$ADMIN_KEY"
http_key zab-system "$OPERATOR_KEY"
expect 200 bafa-sync POST /api/v1/users '{"name": "robo", "authority": "DE:bafa", "role": "handler", "lang": "de"}'
expect 403 bafa-sync POST /api/v1/apikeys '{"authority": "DE:bafa", "role": "handler", "label": "y"}'
problem "not by an API key"
expect 403 bafa-sync GET /api/v1/apikeys
ctl DE --session - user disable adam >/dev/null || fail "disabling adam"
expect 401 bafa-sync GET /api/v1/whoami
expect 200 zab-system GET /api/v1/whoami
ctl DE --session - apikey list | grep -qP "\tBAFA register sync\t.*\tcreator_disabled$" \
    || fail "the orphaned key is not listed so: $(ctl DE --session - apikey list)"
ok "an admin key adds a user, makes no key; adam disabled, his keys stop; the operator's lives"

say "disabling a user ends their session at once"
expect 401 - POST /api/v1/login '{"name": "adam", "password": "password of adam"}'
ctl DE --session - user add zoe --authority DE:bafa --role admin --lang de >/dev/null
IMI_PASSWORD="password of zoe" ctl DE --session - user password zoe >/dev/null
http_login zoe DE zoe "password of zoe"
expect 200 hans GET /api/v1/whoami
expect 200 zoe POST /api/v1/users/hans/disable
[ "$(field 'd ["status"]')" = disabled ] || fail "disable's answer: $(cat "$FED/body")"
expect 401 hans GET /api/v1/whoami
expect 404 zoe POST /api/v1/users/hans/disable
ok "hans is disabled by zoe over HTTP and his session ends"

say "the keys' secrets are nowhere in the database nor in the log"
# Where in file text is: its offsets, and for a database (or its WAL) the
# page and what dbstat says that page belongs to.
secret_where () {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys
path, text = sys.argv [1], sys.argv [2].encode ()
data = open (path, "rb").read ()
offsets, at = [], data.find (text)
while at >= 0:
    offsets.append (at)
    at = data.find (text, at + 1)
print ("offsets", offsets, end = "")
if path.endswith ((".db", ".db-wal")):
    database = sqlite3.connect (path.removesuffix ("-wal"))
    size = database.execute ("PRAGMA page_size").fetchone () [0]
    for at in offsets:
        if path.endswith ("-wal"):
            frame = (at - 32) // (size + 24)
            page = int.from_bytes (data [32 + frame * (size + 24):][:4], "big")
            print ("; WAL frame", frame, "of page", page, end = "")
        else:
            page = at // size + 1
        names = database.execute ("SELECT name, pagetype FROM dbstat WHERE pageno = ?",
                                  (page,)).fetchall ()
        print ("; page", page, "offset in page", at % size, "belongs to", names or "no table (free?)",
               end = "")
print ()
PY
}
ctl DE --session - status >/dev/null
for key in "$KEY" "$ADMIN_KEY" "$OPERATOR_KEY"; do
    for file in "$FED/DE/data/node.db" "$FED/DE/data/node.db-wal" "$FED/DE/node.log" \
                "$FED/DE/stderr.log"; do
        [ -f "$file" ] || continue
        # -e: a key's text may begin with "-" (base64url), which grep
        # would take for an option; status 2 (an error) is no "not found"
        grep -q -a -F -e "${key#imi_}" "$file" && found=0 || found=$?
        [ "$found" = 1 ] || fail "a key's secret is in $file (grep said $found): $(secret_where "$file" "${key#imi_}")"
    done
done
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count (*) FROM api_keys WHERE length (hash) = 32")" = 3 ] \
    || fail "the keys are not stored as 32-byte hashes"
grep -q " apikey.created id=1 authority=DE:bafa role=handler by=adam" "$FED/DE/node.log" || fail "no apikey.created in the log"
ok "only the BLAKE2b hashes are stored; the log names the keys by id"

say "an auditor reads the audit status and a message's proof; a handler may not"
ctl DE send FR "for the auditor" >/dev/null || fail "send"
wait_until 15 sh -c "sqlite3 '$FED/DE/data/node.db' 'SELECT 1 FROM outbox WHERE delivered_ms IS NOT NULL' | grep -q 1" \
    || fail "the message was not delivered"
ctl DE audit checkpoint >/dev/null || fail "audit checkpoint"
message_id=$(sqlite3 "$FED/DE/data/node.db" "SELECT lower (hex (message_id)) FROM outbox ORDER BY seq LIMIT 1")
http_login aude DE aude "password of aude"
expect 200 aude GET /api/v1/audit
[ "$(field 'd ["log"]["origin"], d ["log"]["size"] > 0, d ["checkpoint"]["size"] > 0')" = "('DE', True, True)" ] \
    || fail "audit status: $(cat "$FED/body")"
expect 200 aude GET "/api/v1/audit/proof?message_id=$message_id"
python3 - "$FED/body" "$message_id" <<'EOF' || fail "the proof does not lead to the root: $(cat "$FED/body")"
# RFC 9162 2.1.3.2: verify an inclusion proof up to the root
import hashlib, json, sys
p = json.load (open (sys.argv [1]))
assert p ["message_id"] == sys.argv [2], p
index, last = p ["index"], p ["size"] - 1
node = bytes.fromhex (p ["leaf_hash"])
for sibling in map (bytes.fromhex, p ["proof"]):
    if index % 2 == 1 or index == last:
        node = hashlib.sha256 (b"\x01" + sibling + node).digest ()
        if index % 2 == 0:
            while index % 2 == 0 and index != 0:
                index, last = index >> 1, last >> 1
    else:
        node = hashlib.sha256 (b"\x01" + node + sibling).digest ()
    index, last = index >> 1, last >> 1
assert last == 0 and node.hex () == p ["root"], (node.hex (), p)
EOF
ctl DE audit proof "$message_id" | grep -q "^index" || fail "imictl audit proof"
expect 404 aude GET "/api/v1/audit/proof?message_id=00112233445566778899aabbccddeeff"
problem "no message with that id"
expect 422 aude GET "/api/v1/audit/proof?message_id=xyz"
problem "32 hex digits"
expect 403 zoe GET /api/v1/audit
problem "it is for auditors"
expect 403 zoe GET "/api/v1/audit/proof?message_id=$message_id"
expect 404 aude POST /api/v1/audit/checkpoint
ok "audit status and a proof that verifies, for an auditor; 403 for an admin"

fed_finish
ok "nodes stopped cleanly"

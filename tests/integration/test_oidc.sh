#!/usr/bin/env bash
# Signing in through an OpenID Connect provider (docs/http.md, "Signing in
# through an identity provider"), against a real provider: Debian's
# glewlwyd, started here on 127.0.0.1 with an SQLite database in the test's
# folder, configured through its own admin API (its OIDC plugin with an RSA
# key, a client registered for the node, two people: anna and bert), and
# stopped at the end. Between the node and the provider, a man in the
# middle (oidc_mitm.py) is the issuer the node is given: it passes the
# provider's discovery document and ID tokens on, or changes an ID token
# when asked. Two nodes: DE, whose HTTP API is the provider's client, and
# FR, which sends DE a request for anna to work.
#
# With curl, as a browser would: anna, linked to the IMI user anna, signs in
# at the provider and lands signed in as anna, with her CSRF token from
# GET /api/v1/csrf; bert, linked to nobody, is refused (the sign-in page says so with
# his reference, the log says reason=unlinked with his subject); an admin
# links him over HTTP with that reference and he signs in; disabled, his
# session ends at once and his next sign-in is refused (reason=disabled);
# a replayed authorization code, a state that is not the browser's, and an
# answer with error=access_denied are refused, each with its page and log
# line; so is each ID token the man in the middle changes (a changed
# payload, alg none, a key not in the JWKS, a wrong aud, an expired token:
# reason=token, no session); signing out ends the node's session and sends
# the browser to the provider's logout. Then, in Debian's chromium
# (tests/browser/oidc.mjs), a person signs in at the provider's own pages,
# lands in the web application as their IMI user, opens FR's request from
# the inbox, accepts it (FR sees it accepted by anna) and signs out. Last,
# the provider stopped: a sign-in ends on the sign-in page saying so, the
# log and /health/ready say so, and password logins still work; restarted
# with password_login = no, no password signs in (HTTP, imictl). The ID
# token's checks are unit-tested too (tests/unit/node/http, test_oidc),
# with tokens Rhonabwy signs.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"
command -v glewlwyd >/dev/null || fail "glewlwyd is needed (scripts/setup.sh installs it)"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed"
started=$(date +%s)

# ---------------------------------------------------------------------------
# The provider
IDP_DIR="$FED/idp"
IDP_PORT=$(free_port)
IDP="http://127.0.0.1:$IDP_PORT"
mkdir -p "$IDP_DIR"
# The provider's signing key; the man in the middle re-signs with it too
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$IDP_DIR/key.pem" 2>/dev/null \
    && openssl pkey -in "$IDP_DIR/key.pem" -pubout -out "$IDP_DIR/public.pem" || fail "the provider's key"
# Between the node and the provider, a man in the middle (oidc_mitm.py):
# the issuer the node is given, which hands it the provider's ID tokens as
# they are, or changed as $IDP_DIR/tamper asks
/usr/bin/python3 "$IMI_SOURCE/tests/integration/oidc_mitm.py" "$IDP" "$IDP_DIR/key.pem" \
    "$IDP_DIR/tamper" "$IDP_DIR/mitm.port" > "$IDP_DIR/mitm.log" 2>&1 &
MITM_PID=$!
wait_until 30 test -s "$IDP_DIR/mitm.port" || fail "the man in the middle did not start: $(cat "$IDP_DIR/mitm.log")"
ISSUER="http://127.0.0.1:$(cat "$IDP_DIR/mitm.port")/api/oidc"
zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz | sqlite3 "$IDP_DIR/glewlwyd.db" \
    || fail "glewlwyd's schema"
# Signing in to the node (scope openid) takes the person's password
sqlite3 "$IDP_DIR/glewlwyd.db" "UPDATE g_scope SET gs_password_required = 1 WHERE gs_name = 'openid'"
# Its pages (login.html ...) from a copy of the package's, whose config.json
# points at this instance
cp -rL /usr/share/glewlwyd/webapp "$IDP_DIR/webapp"
rm -rf "$IDP_DIR/webapp/config.json"
printf '{"GlewlwydUrl": "%s/", "ProfileUrl": "profile.html", "AdminUrl": "index.html", "LoginUrl": "login.html", "defaultScheme": "", "sessionSchemes": [], "register": [], "register-complete": [], "providerMainstreamList": [], "pattern": {"user": [], "client": []}}\n' \
    "$IDP" > "$IDP_DIR/webapp/config.json"
cat > "$IDP_DIR/glewlwyd.conf" <<EOF
port=$IDP_PORT
bind_address="127.0.0.1"
external_url="$IDP"
login_url="login.html"
api_prefix="api"
static_files_path="$IDP_DIR/webapp/"
allow_origin="*"
log_mode="file"
log_level="INFO"
log_file="$IDP_DIR/glewlwyd.log"
cookie_secure=0
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "$IDP_DIR/glewlwyd.db"; };
static_files_mime_types = (
  { extension = ".html"; mime_type = "text/html"; },
  { extension = ".css"; mime_type = "text/css"; },
  { extension = ".js"; mime_type = "application/javascript"; },
  { extension = ".json"; mime_type = "application/json"; },
  { extension = ".png"; mime_type = "image/png"; },
  { extension = ".svg"; mime_type = "image/svg+xml"; },
  { extension = ".ico"; mime_type = "image/x-icon"; },
  { extension = ".woff"; mime_type = "font/woff"; },
  { extension = ".woff2"; mime_type = "font/woff2"; },
  { extension = ".ttf"; mime_type = "font/ttf"; }
);
EOF
IDP_PID=
idp_start () {
    glewlwyd --config-file="$IDP_DIR/glewlwyd.conf" > "$IDP_DIR/stdout.log" 2>&1 &
    IDP_PID=$!
    wait_until 30 curl -sf -o /dev/null "$IDP/config" || fail "glewlwyd did not start: $(tail -n 5 "$IDP_DIR/stdout.log")"
}
# idp_stop: the provider goes, and the man in the middle with it
idp_stop () {
    [ -n "$IDP_PID" ] || return 0
    kill "$IDP_PID" "$MITM_PID" 2>/dev/null
    wait "$IDP_PID" "$MITM_PID" 2>/dev/null
    IDP_PID=
}
# The node's fed_cleanup runs at exit; the provider goes too
trap 'idp_stop; fed_cleanup' EXIT
# idp_admin METHOD PATH [JSON]: the provider's admin API, as its admin
idp_admin () {
    curl -sS -b "$IDP_DIR/admin.jar" -c "$IDP_DIR/admin.jar" -X "$1" -o "$IDP_DIR/answer" \
        -w '%{http_code}' ${3:+-H 'Content-Type: application/json' -d "$3"} "$IDP/api$2"
}
idp_start

# The nodes; DE's secret readable by its user only, the provider over plain
# HTTP on 127.0.0.1 allowed (tests only)
fed_create DE FR
SECRET="secret-of-the-node-$RANDOM$RANDOM"
printf '%s\n' "$SECRET" > "$FED/DE/oidc.secret"
chmod 600 "$FED/DE/oidc.secret"
http_serve DE
NODE="$BASE"
SETTINGS=("http_listen = 127.0.0.1:$HTTP_PORT" "http_web_root = $IMI_SOURCE/web"
          "oidc_issuer = $ISSUER" "oidc_client_id = imi-de" "oidc_client_secret_file = oidc.secret"
          "oidc_redirect_uri = $NODE/api/v1/login/oidc/callback"
          "oidc_provider_name = IMI test provider" "oidc_insecure_http = yes")
node_config DE "${SETTINGS[@]}"
CALLBACK="$NODE/api/v1/login/oidc/callback"

say "the provider: its OIDC plugin, the node as its client, two people"
[ "$(idp_admin POST /auth/ '{"username": "admin", "password": "password"}')" = 200 ] \
    || fail "glewlwyd's admin login: $(cat "$IDP_DIR/answer")"
plugin=$(python3 - "$ISSUER" "$IDP_DIR/key.pem" "$IDP_DIR/public.pem" <<'EOF'
import json, sys
issuer, key, public = sys.argv [1:]
print (json.dumps ({"module": "oidc", "name": "oidc", "display_name": "IMI test provider",
    "parameters": {"iss": issuer, "jwt-type": "rsa", "jwt-key-size": "256",
        "key": open (key).read (), "cert": open (public).read (), "jwks-show": True,
        "access-token-duration": 3600, "refresh-token-duration": 3600, "code-duration": 600,
        "refresh-token-rolling": False, "allow-non-oidc": False, "auth-type-code-enabled": True,
        "auth-type-token-enabled": False, "auth-type-id-token-enabled": False,
        "auth-type-none-enabled": False, "auth-type-password-enabled": False,
        "auth-type-client-enabled": False, "auth-type-refresh-enabled": False,
        "pkce-allowed": True, "pkce-method-plain-allowed": False,
        "session-management-allowed": True, "session-cookie-name": "GLEWLWYD2_OIDC_SID",
        "session-cookie-expiration": 3600, "claims": [], "name-claim": "on-demand",
        "email-claim": "mandatory", "scope-claim": "no", "scope": []}}))
EOF
)
[ "$(idp_admin POST /mod/plugin/ "$plugin")" = 200 ] || fail "the OIDC plugin: $(cat "$IDP_DIR/answer")"
wait_until 10 curl -sf -o /dev/null "$ISSUER/.well-known/openid-configuration" \
    || fail "the provider's discovery document"
[ "$(idp_admin POST /client/ "{\"client_id\": \"imi-de\", \"name\": \"IMI Germany\",
      \"enabled\": true, \"confidential\": true, \"client_secret\": \"$SECRET\",
      \"redirect_uri\": [\"$CALLBACK\"], \"post_logout_redirect_uris\": \"$NODE/signin\",
      \"authorization_type\": [\"code\"], \"token_endpoint_auth_method\": [\"client_secret_basic\"],
      \"scope\": [\"openid\"]}")" = 200 ] || fail "the node's client: $(cat "$IDP_DIR/answer")"
for person in anna bert; do
    [ "$(idp_admin POST /user/ "{\"username\": \"$person\", \"name\": \"$person\",
          \"email\": \"$person@bafa.example\", \"password\": \"idp password of $person\",
          \"scope\": [\"openid\"], \"enabled\": true}")" = 200 ] \
        || fail "the person $person: $(cat "$IDP_DIR/answer")"
done
ok "glewlwyd on $IDP: the plugin, the client imi-de, anna and bert"

node_start DE
node_start FR
berlin_authorities DE bafa
echo '{"id":"dgccrf","names":[{"lang":"fr","text":"DGCCRF"}],"city":"Paris","competences":[{"legal_area":"services","procedures":[],"keywords":[]}]}' \
    > "$FED/dgccrf.json"
ctl FR authority add "$FED/dgccrf.json" >/dev/null || fail "adding FR:dgccrf"
ADAM=$(user_session DE adam DE:bafa admin de)
for name in anna bert; do
    echo "password of $name" | ctl DE --session - user add "$name" --authority DE:bafa \
        --role handler --lang de --password-stdin >/dev/null || fail "adding $name"
done

# location: the Location header of the last answer (api's $FED/headers)
location () { grep -i '^location:' "$FED/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
# signin_begin WHO [NEXT]: WHO's browser asks the node to sign in; the
# provider's authorization URL into $AUTHORIZE
signin_begin () {
    local who=$1 next=${2:-}
    mkdir -p "$FED/http"
    rm -f "$FED/http/$who".*
    echo "$NODE" > "$FED/http/$who.base"
    expect 303 "$who" GET "/api/v1/login/oidc${next:+?next=$next}"
    AUTHORIZE=$(location)
    [[ $AUTHORIZE == "$IDP/api/oidc/auth?"* ]] || fail "not sent to the provider: $AUTHORIZE"
}
# idp_login PERSON: PERSON signs in at the provider (their own cookie jar)
# and consents to the node's client
idp_login () {
    local person=$1 jar="$IDP_DIR/$1.jar"
    rm -f "$jar"
    [ "$(curl -sS -c "$jar" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
         -d "{\"username\": \"$person\", \"password\": \"idp password of $person\"}" \
         "$IDP/api/auth/")" = 200 ] || fail "$person cannot sign in at the provider"
    [ "$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -X PUT \
         -H 'Content-Type: application/json' -d '{"scope": "openid"}' \
         "$IDP/api/auth/grant/imi-de")" = 200 ] || fail "$person's consent"
}
# idp_authorize PERSON: the provider answers $AUTHORIZE for PERSON (signed
# in there): its redirect to the node's callback, as a path, into $BACK
idp_authorize () {
    BACK=$(curl -sS -b "$IDP_DIR/$1.jar" -o /dev/null -w '%{redirect_url}' "$AUTHORIZE&g_continue")
    [[ $BACK == "$CALLBACK?"* ]] || fail "the provider did not send $1 back: '$BACK' $(tail -n 3 "$IDP_DIR/glewlwyd.log")"
    BACK=${BACK#"$NODE"}
}
# callback WHO [PATH]: WHO's browser arrives back at the node ($BACK by
# default); the node's redirect into $LANDED
callback () {
    expect 303 "$1" GET "${2:-$BACK}"
    LANDED=$(location)
}
# signin WHO PERSON [NEXT]: the whole sign-in, $LANDED where it ended
signin () {
    signin_begin "$1" "${3:-}"
    idp_login "$2"
    idp_authorize "$2"
    callback "$1"
}
# logged REGEX: DE's log has a line matching REGEX (ERE)
logged () { grep -qE -- "$1" "$FED/DE/node.log"; }

say "how one signs in here: a password, and the provider"
expect 200 - GET /api/v1/login/methods
[ "$(field 'd ["password"], d ["oidc"]["name"], d ["oidc"]["start"]')" = \
  "(True, 'IMI test provider', '/api/v1/login/oidc')" ] || fail "login methods: $(cat "$FED/body")"
ok "login/methods: password and 'IMI test provider'"

say "anna signs in at the provider and lands at the node as the IMI user anna"
ctl DE --session - user link anna --subject "not-yet-known" >/dev/null || fail "a first link"
signin anna anna /cases
# Her subject is the provider's pseudonym: she is refused until linked to it
[[ $LANDED == /signin?oidc_error=unlinked\&reference=* ]] || fail "anna was not refused: $LANDED"
ANNA_SUB=$(python3 -c 'import sys, urllib.parse as u; print (u.parse_qs (u.urlsplit (sys.argv [1]).query) ["reference"][0])' "$LANDED")
logged "user.oidc_refused reason=unlinked subject=\"?$ANNA_SUB\"?" || fail "anna's refusal is not logged"
ctl DE --session - user link anna --subject "$ANNA_SUB" | grep -q "^linked	anna	" || fail "linking anna"
ctl DE --session - user list | grep -q "^anna	.*	$ANNA_SUB$" || fail "user list does not show anna's subject"
signin anna anna /cases
[ "$LANDED" = /cases ] || fail "anna did not land on /cases: $LANDED"
grep -qi '^set-cookie: imi_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict' "$FED/headers" \
    || fail "no session cookie: $(cat "$FED/headers")"
expect 200 anna GET /api/v1/whoami
[ "$(field 'd ["name"], d ["role"]')" = "('anna', 'handler')" ] \
    || fail "whoami after the sign-in: $(cat "$FED/body")"
expect 200 anna GET /api/v1/csrf
field 'd ["csrf_token"]' > "$FED/http/anna.csrf"
[ "$(wc -c < "$FED/http/anna.csrf")" = 33 ] || fail "the CSRF token: $(cat "$FED/body")"
expect 200 anna GET /api/v1/cases
logged "user.login name=anna method=oidc subject=\"?$ANNA_SUB\"?" || fail "anna's sign-in is not logged"
# Only the node's own HTTP server opens a session for a subject: on the
# control socket login-oidc is not found, named http: or not
/usr/bin/python3 - "$FED/DE/data/control.sock" "$ANNA_SUB" <<'EOF' || fail "the control socket opened a session for a subject"
import sys, zmq
for identity in (b"http:forged", b"operator"):
    socket = zmq.Context.instance ().socket (zmq.DEALER)
    socket.setsockopt (zmq.IDENTITY, identity)
    socket.setsockopt (zmq.RCVTIMEO, 5000)
    socket.setsockopt (zmq.LINGER, 0)
    socket.connect ("ipc://" + sys.argv [1])
    for command in (b"login-oidc", b"oidc-event"):
        socket.send_multipart ([command, b"-", sys.argv [2].encode (), b"header.claims.signature"])
        reply = socket.recv_multipart ()
        assert reply [0] in (b"not_found", b"error") and b"in-process only" in reply [1], reply
    socket.close ()
EOF
[ "$(grep -c "user.login name=anna method=oidc" "$FED/DE/node.log")" = 1 ] \
    || fail "a session was opened for anna's subject outside the HTTP server"
ok "anna: refused with her reference, linked by the operator, signed in, her session works; login-oidc is not the control socket's"

say "a replayed code, a state not the browser's, an error from the provider: refused"
USED="$BACK"
signin_begin replay
callback replay "$USED"
[ "$LANDED" = "/signin?oidc_error=state" ] || fail "a callback of another browser's state: $LANDED"
signin_begin replay
state=$(python3 -c 'import sys, urllib.parse as u; print (u.parse_qs (u.urlsplit (sys.argv [1]).query) ["state"][0])' "$AUTHORIZE")
code=$(python3 -c 'import sys, urllib.parse as u; print (u.parse_qs (u.urlsplit (sys.argv [1]).query) ["code"][0])' "$USED")
callback replay "/api/v1/login/oidc/callback?state=$state&code=$code"
[ "$LANDED" = "/signin?oidc_error=code" ] || fail "a replayed code: $LANDED"
logged "user.oidc_refused reason=code detail=\"the provider refused the code" || fail "no log line of the replayed code"
signin_begin forged
callback forged "/api/v1/login/oidc/callback?state=forged-state&code=$code"
[ "$LANDED" = "/signin?oidc_error=state" ] || fail "a forged state: $LANDED"
logged "user.oidc_refused reason=state detail=\"the state the provider sent back is not this browser's" \
    || fail "no log line of the forged state"
signin_begin denied
state=$(python3 -c 'import sys, urllib.parse as u; print (u.parse_qs (u.urlsplit (sys.argv [1]).query) ["state"][0])' "$AUTHORIZE")
callback denied "/api/v1/login/oidc/callback?state=$state&error=access_denied"
[ "$LANDED" = "/signin?oidc_error=denied" ] || fail "error=access_denied: $LANDED"
logged "user.oidc_refused reason=denied detail=\"the provider answered error=access_denied\"" \
    || fail "no log line of the provider's error"
callback denied "/api/v1/login/oidc/callback?state=$state&code=$code"
[ "$LANDED" = "/signin?oidc_error=state" ] || fail "a state used twice: $LANDED"
ok "replayed code, another browser's state, access_denied, a state used twice: each its page and log line"

say "ID tokens the provider did not issue so, through the man in the middle: refused"
logins=$(grep -c "user.login name=anna method=oidc" "$FED/DE/node.log")
# tampered CHANGE DETAIL: anna signs in (at the provider already) and the
# man in the middle changes the ID token as CHANGE asks: she lands on the
# sign-in page saying so, the log says why (DETAIL, an ERE), no session
tampered () {
    echo "$1" > "$IDP_DIR/tamper"
    signin_begin "$1"
    idp_authorize anna
    callback "$1"
    [ "$LANDED" = "/signin?oidc_error=token" ] || fail "an ID token changed ($1): $LANDED"
    expect 401 "$1" GET /api/v1/whoami
    wait_until 10 logged "user.oidc_refused reason=token detail=\"$2" \
        || fail "no log line of the ID token changed ($1)"
}
tampered payload "the ID token's signature does not verify"
tampered none "the ID token is not a signed JWT \(or its alg is none\)"
tampered otherkey "the ID token is signed with a key the provider's JWKS does not hold \(kid not-the-providers\)"
tampered aud "the ID token is not for this node \(its aud does not name imi-de\)"
tampered expired "the ID token expired [0-9]+ s ago"
rm "$IDP_DIR/tamper"
[ "$(grep -c "user.login name=anna method=oidc" "$FED/DE/node.log")" = "$logins" ] \
    || fail "a changed ID token opened a session"
ok "a changed payload, alg none, a key not in the JWKS, a wrong aud, an expired token: each /signin?oidc_error=token, its log line, no session"

say "bert: an admin links him over HTTP; disabled, his session ends and he is refused"
signin bert bert
[[ $LANDED == /signin?oidc_error=unlinked\&reference=* ]] || fail "bert was not refused: $LANDED"
BERT_SUB=$(python3 -c 'import sys, urllib.parse as u; print (u.parse_qs (u.urlsplit (sys.argv [1]).query) ["reference"][0])' "$LANDED")
http_login adam DE adam
expect 409 adam POST /api/v1/users/bert/link "{\"subject\": \"$ANNA_SUB\"}"
problem "linked to the user anna already"
expect 200 adam POST /api/v1/users/bert/link "{\"subject\": \"$BERT_SUB\"}"
[ "$(field 'd ["name"], d ["subject"] == "'"$BERT_SUB"'"')" = "('bert', True)" ] \
    || fail "user-link's answer: $(cat "$FED/body")"
signin bert bert /search
[ "$LANDED" = /search ] || fail "bert did not sign in: $LANDED"
expect 200 bert GET /api/v1/csrf
expect 403 bert POST /api/v1/users/bert/unlink -H "X-CSRF-Token: $(field 'd ["csrf_token"]')"
problem "may not manage"
expect 200 adam POST /api/v1/users/bert/disable
expect 401 bert GET /api/v1/whoami
signin bert bert
[ "$LANDED" = "/signin?oidc_error=disabled" ] || fail "disabled bert: $LANDED"
logged "user.oidc_refused reason=disabled subject=\"?$BERT_SUB\"? name=bert" || fail "no log line of disabled bert"
expect 200 adam GET /api/v1/users
[ "$(field '[u ["subject"] is None for u in d ["items"] if u ["name"] in ("adam", "bert")]')" = "[True, False]" ] \
    || fail "the user list's subjects: $(cat "$FED/body")"
ok "bert linked by an admin over HTTP (not to anna's subject), signed in, disabled: out at once, refused"

say "anna signs out: the node's session ends, the browser goes to the provider's logout"
expect 200 anna POST /api/v1/logout
redirect=$(field 'd ["redirect"]')
[[ $redirect == "$IDP/api/oidc/end_session?id_token_hint="*"&post_logout_redirect_uri="* ]] \
    || fail "the provider's logout: $redirect"
expect 401 anna GET /api/v1/whoami
# The provider takes the ID token it issued as the hint
[ "$(curl -sS -b "$IDP_DIR/anna.jar" -o /dev/null -w '%{http_code}' "$redirect")" = 302 ] \
    || fail "the provider refused the logout"
# A password's session signs out as before
expect 204 adam POST /api/v1/logout
ok "signed out of the node (401 after) and sent to $IDP/api/oidc/end_session; a password's session: 204"

say "in the browser: anna signs in at the provider, accepts a request from FR, signs out"
# The request, to anna's authority, from pierre at FR (imictl)
wait_until 30 knows FR DE:bafa || fail "FR does not know DE:bafa"
wait_until 30 knows DE FR:dgccrf || fail "DE does not know FR:dgccrf"
PIERRE=$(user_session FR pierre FR:dgccrf handler fr)
QUESTION=$(awk -F '\t' '$1 == "services" && $3 == "question" { print $2; exit }' \
    "$IMI_SOURCE/data/catalogue/questions.tsv")
CASE=$(as FR "$PIERRE" case new --procedure services-information-request --to DE:bafa \
    --question "$QUESTION" --send) || fail "pierre's request to DE:bafa"
wait_until 15 grep -q "case.applied case=$CASE" "$FED/DE/node.log" || fail "DE did not receive $CASE"
BROWSER_TESTS="$IMI_SOURCE/tests/browser"
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || fail "chromium is needed (scripts/setup.sh installs it)"
WEB_DE=$NODE PERSON=anna PERSON_PASSWORD="idp password of anna" CASE=$CASE CHROMIUM=$CHROMIUM \
    HOME="$FED" node "$BROWSER_TESTS/oidc.mjs" || fail "the browser test"
# Her acceptance reached FR
accepted_at_fr () {
    as FR "$PIERRE" case show "$CASE" --lang en > "$FED/case.txt" && grep -q "^state: accepted$" "$FED/case.txt" \
        && grep -q " responder anna (DE:bafa) accepted$" "$FED/case.txt"
}
wait_until 15 accepted_at_fr || fail "FR does not see $CASE accepted by anna: $(cat "$FED/case.txt")"
ok "$CASE: accepted at DE in the browser by anna, signed in through the provider; FR sees it accepted"

say "the provider stopped: the sign-in page says so, the log and readiness too; passwords work"
idp_stop
signin_begin_down () {
    expect 303 down GET /api/v1/login/oidc
    LANDED=$(location)
}
signin_begin_down
[ "$LANDED" = "/signin?oidc_error=provider" ] || fail "a sign-in with the provider down: $LANDED"
logged "oidc.provider_down issuer=$ISSUER detail=" || fail "the provider's going down is not logged"
logged "user.oidc_refused reason=provider" || fail "the refused sign-in is not logged"
expect 503 - GET /health/ready
[ "$(field '[c ["check"] for c in d ["degraded"]], d ["healthy"]')" = "(['oidc_provider'], False)" ] \
    || fail "readiness with the provider down: $(cat "$FED/body")"
http_login carla DE anna "password of anna"
expect 200 carla GET /api/v1/whoami
ok "provider down: /signin?oidc_error=provider, oidc.provider_down logged, /health/ready 503 oidc_provider, password login works"

say "password_login = no: no password signs in, the sign-in page offers the provider only"
node_stop DE
node_config DE "${SETTINGS[@]}" "password_login = no"
node_start DE
expect 200 - GET /api/v1/login/methods
[ "$(field 'd ["password"], d ["oidc"]["name"]')" = "(False, 'IMI test provider')" ] \
    || fail "login methods without passwords: $(cat "$FED/body")"
expect 403 - POST /api/v1/login '{"name": "adam", "password": "password of adam"}'
problem "password login is off on this node"
IMI_PASSWORD="password of adam" expect_error "password login is off" ctl DE login adam
ok "password_login = no: 403 over HTTP and imictl, login/methods says so"

fed_finish
echo "test_oidc: $(( $(date +%s) - started )) s"

#!/usr/bin/env bash
# The web application (docs/web.md), served by two real nodes: first with
# curl, what the node serves (the shell for every page's address, the files
# under /app/ with their Content-Type, ETag and 304, no-cache, the
# Content-Security-Policy of 'self' only and the other security headers; no
# folder listed, no file outside the folder reached by "..", by %2e%2e, by a
# hidden name or by a symbolic link; the API's own 404 unchanged); then the
# message files (every key in every language); then, in Debian's chromium
# driven by playwright-core (tests/browser/web.mjs), a German handler and a
# French one carry a request through the browser in their languages (and
# the German one makes another in the new-request wizard); then
# (tests/browser/pages.mjs) the pages of alerts, notifications, registers,
# users, indicators and audit, used by an admin, handlers, a coordinator and
# an auditor of both states; every page checked by axe-core and photographed
# (1920 and 360 px wide) into BUILD_DIR/screenshots/.
source "$(dirname "$0")/lib.sh" "$1"
command -v curl >/dev/null || fail "curl is needed"
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
BROWSER_TESTS="$SOURCE/tests/browser"
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || fail "chromium is needed (scripts/setup.sh installs it)"
[ -d "$BROWSER_TESTS/node_modules/playwright-core" ] \
    || fail "playwright-core is needed: scripts/setup.sh runs npm ci in tests/browser"

# The web root is a copy of web/ with two links out of it, to be refused.
WEB="$FED/web"
cp -r "$SOURCE/web" "$WEB"
fed_create DE FR
ln -s "$FED/DE/node.conf" "$WEB/secret.json"
ln -s "$FED" "$WEB/up"
# A stand-in translation service (tests/tools/imi_mt_standin: "[fr>de] TEXT
# IN UPPER CASE"): each reader gets a machine translation of the other's text.
standin_port=$(free_port)
"$IMI_TOOLS/imi_mt_standin" "$standin_port" > "$FED/standin.log" 2>&1 &
FED_HELPERS+=($!)
wait_until 5 grep -q listening "$FED/standin.log" || fail "the stand-in translation service did not start"
declare -A WEB_BASE=()
for state in DE FR; do
    http_serve "$state" "http_web_root = $WEB" "translate_backend = http" \
        "translate_url = http://127.0.0.1:$standin_port/translate"
    WEB_BASE[$state]=$BASE
    node_start "$state"
done
demo_directories DE FR

say "what the node serves: files, pages, headers, caching"
B=${WEB_BASE[DE]}
# get PATH [curl options...]: status, then the headers, into $FED/headers;
# the body into $FED/body.
get () {
    local path=$1; shift
    rm -f "$FED/body"
    curl -sS --path-as-is -D "$FED/headers" -o "$FED/body" -w '%{http_code}' "$@" "$B$path"
}
header () { grep -i "^$1:" "$FED/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
[ "$(get /)" = 200 ] || fail "GET / answered $(cat "$FED/body")"
[ "$(header Content-Type)" = "text/html; charset=utf-8" ] || fail "/ is $(header Content-Type)"
cmp -s "$FED/body" "$SOURCE/web/index.html" || fail "/ is not index.html"
csp=$(header Content-Security-Policy)
for directive in "default-src 'none'" "script-src 'self'" "style-src 'self'" "connect-src 'self'" \
                 "frame-ancestors 'none'" "base-uri 'none'"; do
    [[ $csp == *"$directive"* ]] || fail "the CSP lacks $directive: $csp"
done
[[ $csp == *unsafe* ]] && fail "the CSP allows something unsafe: $csp"
[ "$(header X-Content-Type-Options)" = nosniff ] && [ "$(header X-Frame-Options)" = DENY ] \
    && [ "$(header Referrer-Policy)" = no-referrer ] || fail "security headers: $(cat "$FED/headers")"
[ "$(header Cache-Control)" = no-cache ] || fail "Cache-Control of a file: $(header Cache-Control)"
etag=$(header ETag)
[[ $etag =~ ^\"[0-9a-f]+-[0-9a-f]+\.[0-9a-f]+\"$ ]] || fail "ETag: '$etag'"
[ "$(get / -H "If-None-Match: $etag")" = 304 ] && [ ! -s "$FED/body" ] || fail "If-None-Match did not answer 304"
[ "$(header ETag)" = "$etag" ] || fail "the 304 has another ETag"
for page in /cases/DE-0123456789abcdef /search /signin "/authorities/FR:cnom"; do
    [ "$(get "$page")" = 200 ] && cmp -s "$FED/body" "$SOURCE/web/index.html" \
        || fail "the page $page is not the shell"
done
[ "$(get / -I)" = 200 ] && [ "$(header Content-Length)" = "$(stat -c %s "$SOURCE/web/index.html")" ] \
    || fail "HEAD /: $(cat "$FED/headers")"
ok "/ and every page's address: the shell (text/html), ETag and 304, no-cache, CSP of 'self' only, nosniff, DENY"

declare -A TYPES=([main.js]="text/javascript; charset=utf-8" [style.css]="text/css; charset=utf-8"
                  [i18n/de.json]="application/json" [icon.svg]="image/svg+xml"
                  [pages/case.js]="text/javascript; charset=utf-8")
for file in "${!TYPES[@]}"; do
    [ "$(get "/app/$file")" = 200 ] && cmp -s "$FED/body" "$SOURCE/web/$file" \
        || fail "/app/$file: $(head -c 200 "$FED/body")"
    [ "$(header Content-Type)" = "${TYPES[$file]}" ] || fail "/app/$file is $(header Content-Type)"
done
ok "the files under /app/, each with its Content-Type"

for path in /app/../DE/node.conf /app/%2e%2e/DE/node.conf /app/i18n/../../DE/node.conf \
            /app/i18n/%2e%2e/%2e%2e/DE/node.conf /app/i18n /app/i18n/ /app/pages/ /app/ /app \
            /app/.hidden.js /app//main.js /app/secret.json /app/up/DE/node.conf \
            /app/nothing.js /app/..%2fDE%2fnode.conf /app/main.js%00.png /app/i18n/de.json%00; do
    code=$(get "$path")
    [ "$code" = 404 ] || fail "$path answered $code: $(head -c 300 "$FED/body")"
    problem "no such file"
    grep -q "governance_key" "$FED/body" && fail "$path showed node.conf"
done
[ "$(get /api/v1/nothing)" = 404 ] && problem "no such route"
[ "$(get / -X POST)" = 404 ] && problem "no such route"
[ "$(header Content-Security-Policy)" = "default-src 'none'; frame-ancestors 'none'" ] \
    && [ "$(header Cache-Control)" = no-store ] || fail "the API's headers changed: $(cat "$FED/headers")"
ok "no listing, no '..' (plain or %-encoded), no hidden file, no link out of the folder: 404; the API's 404 and headers unchanged"

say "the message files"
node "$BROWSER_TESTS/messages.mjs" "$SOURCE/web" || fail "the message files are incomplete"
ok "every message in every language"

say "in the browser: a German and a French handler"
user_session DE hanna DE:aek-berlin handler de >/dev/null
pierre=$(user_session FR pierre FR:cnom handler fr)
# The request to carry (the new-request wizard is not built yet): made by
# hanna through the API.
JAR="$FED/hanna.jar"
curl -sS -c "$JAR" -o "$FED/body" -H 'Content-Type: application/json' \
    -d '{"name": "hanna", "password": "password of hanna"}' "$B/api/v1/login" || fail "login"
csrf=$(python3 -c 'import json, sys; print (json.load (open (sys.argv [1])) ["csrf_token"])' "$FED/body")
REPLY_BY=$(date -u -d "+20 days" +%F)
# request TO: hanna sends a request to authority TO; prints its id.
request () {
    curl -sS -b "$JAR" -o "$FED/body" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"procedure\": \"pq-information-request\", \"to\": \"$1\", \"reply-by\": \"$REPLY_BY\",
             \"question\": [\"pq.diploma-authentic\"], \"subject\": {\"pq.family-name\": \"Kowalski\"},
             \"text\": \"Frau Dr. Kowalski beantragt die Anerkennung als Ärztin.\", \"send\": true}" \
        "$B/api/v1/cases" || fail "the request to $1"
    python3 -c 'import json, sys; print (json.load (open (sys.argv [1])) ["id"])' "$FED/body" \
        || fail "no request made: $(cat "$FED/body")"
}
CASE=$(request FR:cnom)
OTHER_CASE=$(request FR:ars-idf)            # another authority's: not pierre's to see
wait_until 15 grep -q "case.applied case=$OTHER_CASE" "$FED/FR/node.log" \
    || fail "FR did not receive $OTHER_CASE"
# A case of 22 events (the request, then 21 messages of pierre's): its page
# shows the newest 20, the earlier ones on demand
LONG_CASE=$(request FR:cnom)
wait_until 15 grep -q "case.applied case=$LONG_CASE" "$FED/FR/node.log" \
    || fail "FR did not receive $LONG_CASE"
for n in $(seq 21); do
    as FR "$pierre" case message "$LONG_CASE" --text "Message $n" >/dev/null || fail "message $n"
done
SHOTS="$IMI_BUILD/screenshots"
mkdir -p "$SHOTS"
started=$(date +%s)
WEB_DE=${WEB_BASE[DE]} WEB_FR=${WEB_BASE[FR]} CASE=$CASE OTHER_CASE=$OTHER_CASE LONG_CASE=$LONG_CASE \
REPLY_BY=$REPLY_BY SHOTS=$SHOTS \
CHROMIUM=$CHROMIUM HOME="$FED" node "$BROWSER_TESTS/web.mjs" || fail "the browser test"
ok "the browser test took $(( $(date +%s) - started )) s; screenshots in $SHOTS"

say "in the browser: alerts, notifications, registers, users, indicators, audit"
for state in DE FR; do
    ctl "$state" authority import "$SOURCE/tests/integration/data/eurocash-$state.jsonl" >/dev/null \
        || fail "$state's euro-cash authorities"
done
user_session DE adam DE:aek-berlin admin de >/dev/null
user_session DE hans DE:bundesbank-cash handler de >/dev/null
user_session DE aude DE:aek-berlin auditor de >/dev/null
user_session FR claire FR:cnom coordinator fr >/dev/null
# An exchange of DE's that its latest checkpoint covers, for the auditor
ctl DE audit checkpoint >/dev/null || fail "audit checkpoint"
MESSAGE_ID=$(sqlite3 "$FED/DE/data/node.db" "SELECT lower (hex (message_id)) FROM outbox ORDER BY seq LIMIT 1")
started=$(date +%s)
WEB_DE=${WEB_BASE[DE]} WEB_FR=${WEB_BASE[FR]} MESSAGE_ID=$MESSAGE_ID SHOTS=$SHOTS CHROMIUM=$CHROMIUM \
HOME="$FED" node "$BROWSER_TESTS/pages.mjs" || fail "the browser test of the other pages"
ok "the browser test of the other pages took $(( $(date +%s) - started )) s"
fed_finish

#!/usr/bin/env bash
# bench-spool.sh [BUILD_DIR]: what attachments cost the node's memory and how
# fast they come down through the HTTP API (docs/http.md, "Files down" and
# "The spool folder"). Prints figures; asserts nothing (a benchmark, not a
# test).
#
# A throw-away federation of DE and FR (tests/integration/lib.sh); DE serves
# http_listen with DE_READERS readers (default 2). A handler at DE uploads a
# file of SIZE bytes (default 6,000,000) into a draft, then:
#   1. downloads it DOWNLOADS times (default 20) one after another, with curl:
#      MB/s;
#   2. opens STALLED downloads (default 40) whose clients read nothing (a
#      4 KiB receive buffer) and reads DE's VmRSS before and while they are
#      held: what a slow client costs the node.
# Run it on two builds (e.g. main's and a branch's) on a quiet machine.
set -u
build=${1:-build}
size=${SIZE:-6000000}
downloads=${DOWNLOADS:-20}
stalled=${STALLED:-40}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/integration/lib.sh" "$build"
command -v curl >/dev/null || fail "curl is needed"

fed_create DE FR
http_serve DE "attachment_max_bytes = $size" "http_readers = ${DE_READERS:-2}" \
    "http_connections_max = $((stalled + 16))" "http_connections_per_ip = $((stalled + 16))"
node_start DE
node_start FR
data="$here/demo"
ctl DE authority import "$data/DE.jsonl" >/dev/null || fail "DE authorities"
ctl FR authority import "$data/FR.jsonl" >/dev/null || fail "FR authorities"
wait_until 20 knows DE FR:cnom || fail "DE does not know FR:cnom"
user_session DE anna DE:aek-berlin handler de >/dev/null
http_login anna DE anna
head -c "$size" /dev/urandom > "$FED/file.bin"
expect 200 anna POST /api/v1/cases -F 'json={"procedure": "pq-information-request", "to": "FR:cnom", "question": "pq.registered"}' \
    -F "file=@$FED/file.bin"
draft=$(field 'd ["id"]')
cookie=$(awk '$6 == "imi_session" { print $7 }' "$FED/http/anna.jar")
rss () { awk '/^VmRSS/ { print int ($2 / 1024) }' "/proc/${NODE_PID[DE]}/status"; }

started=$(date +%s.%N)
for round in $(seq "$downloads"); do
    curl -sS -o /dev/null -b "imi_session=$cookie" \
        "${HTTP_BASE[DE]}/api/v1/cases/$draft/attachments/file.bin" || fail "download $round"
done
ended=$(date +%s.%N)
echo "downloads: $downloads x $size bytes in $(echo "$ended - $started" | bc) s:" \
     "$(echo "scale=1; $downloads * $size / 1000000 / ($ended - $started)" | bc) MB/s" \
     "(load $(cut -d' ' -f1-3 /proc/loadavg))"

before=$(rss)
/usr/bin/python3 - "${HTTP_BASE[DE]#http://}" "$draft" "$cookie" "$stalled" "${NODE_PID[DE]}" <<'PY'
import socket, sys, time
address, case, cookie, count, pid = sys.argv [1], sys.argv [2], sys.argv [3], int (sys.argv [4]), sys.argv [5]
host, port = address.split (":")
held = []
for index in range (count):
    connection = socket.socket ()
    connection.setsockopt (socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection.connect ((host, int (port)))
    connection.sendall (("GET /api/v1/cases/%s/attachments/file.bin HTTP/1.1\r\nHost: %s\r\n"
                         "Cookie: imi_session=%s\r\n\r\n" % (case, address, cookie)).encode ())
    connection.recv (64)
    held.append (connection)
time.sleep (2)
rss = [line for line in open ("/proc/%s/status" % pid) if line.startswith ("VmRSS")][0]
print ("stalled: %d downloads held, the node's %s" % (count, rss.strip ()))
for connection in held:
    connection.close ()
PY
echo "stalled: VmRSS before them ${before} MiB"
fed_finish

#!/usr/bin/env bash
# Log rotation (docs/operating.md, "Log rotation"): logrotate moves DE's log
# file away and sends SIGHUP; the node keeps running, creates a new log file
# of mode 0600 at the same path and writes the next lines there, while the
# moved file holds every line from before. A path that cannot be opened
# again leaves the lines in the old file, which says why.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
node_start DE
node_start FR
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"

log="$FED/DE/node.log"
ctl DE send FR "before the rotation" >/dev/null || fail "send before"
wait_until 10 grep -q "message.queued to=FR count=1 last_seq=1" "$log" \
    || fail "DE did not log the first message"
mv "$log" "$log.1"
kill -HUP "${NODE_PID[DE]}"
wait_until 10 test -e "$log" || fail "no new log file after SIGHUP"
[ "$(stat -c %a "$log")" = 600 ] || fail "the new log file is mode $(stat -c %a "$log"), not 600"
ctl DE send FR "after the rotation" >/dev/null || fail "send after (did SIGHUP stop the node?)"
wait_until 10 grep -q "message.queued to=FR count=1 last_seq=2" "$log" \
    || fail "the next line did not go to the new file"
grep -q "log.reopened path=$log" "$log" || fail "the new file does not start with log.reopened"
grep -q "last_seq=1" "$log" && fail "the new file holds a line from before the rotation"
grep -q "last_seq=1" "$log.1" || fail "the moved file lost the line from before"
grep -q "last_seq=2\|log.reopened" "$log.1" && fail "the moved file got a line from after"
wait_until 10 eval '[ "$(ctl_value FR count message-count --from DE)" = 2 ]' \
    || fail "FR did not receive both messages"
ok "SIGHUP: a new 0600 log file takes the next lines, the moved one keeps the earlier"

# The log's folder made unwritable (as root: replaced by a file): the node
# keeps writing to the file it has, and says why there.
mkdir "$FED/DE/logs"
node_stop DE
node_config DE "log_file = logs/node.log"
node_start DE
mv "$FED/DE/logs" "$FED/DE/logs.moved"
touch "$FED/DE/logs"
kill -HUP "${NODE_PID[DE]}"
wait_until 10 grep -q "log.reopen_failed" "$FED/DE/logs.moved/node.log" \
    || fail "a failed reopen was not logged in the old file"
ctl DE send FR "still logged" >/dev/null || fail "send after a failed reopen"
wait_until 10 grep -q "message.queued to=FR count=1 last_seq=3" "$FED/DE/logs.moved/node.log" \
    || fail "the lines after a failed reopen were lost"
ok "a log file that cannot be opened again: the old one keeps the lines and the reason"

fed_finish

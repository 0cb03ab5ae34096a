#!/usr/bin/env bash
# Rotating the governance key without editing any node's config (issue 13
# item 4; docs/operating.md, "Rotating the governance keys"): version 2,
# signed by the config's key G1, names G2 for the versions after it; it
# spreads by gossip. Version 3, signed by G2 alone, installed on one node,
# spreads to the others; a version 3 signed by the retired G1 is refused.
# PL, down through both, catches up one governance change at a time; a
# restarted node keeps version 3; the auditor, trusting G1 as the root,
# verifies the chain.
source "$(dirname "$0")/lib.sh" "$1"

version_of () { ctl_value "$1" manifest_version status; }
IMI_AUDIT="$IMI_BUILD/imi-audit"

fed_create DE FR PL
for state in DE FR PL; do node_start "$state"; done
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"
wait_until 15 connected_to DE PL || fail "DE did not connect to PL"
node_stop PL

"$IMICTL" governance-keygen "$FED/governance2.key" > "$FED/governance2.pub" 2>/dev/null \
    || fail "second governance key"
g2=$(cat "$FED/governance2.pub")
"$IMICTL" manifest-set-governance "$FED/manifest.imi" --governance-key "$g2" >/dev/null \
    || fail "manifest-set-governance"
fed_sign                                    # with G1, the key every config names
"$IMICTL" --raw manifest-show "$FED/manifest.imi" | grep -q "^next_governance_key	$g2$" \
    || fail "manifest-show does not name G2"
ctl DE manifest-install "$FED/manifest.imi" | grep -q "^installed	2$" || fail "install v2 on DE"
wait_until 20 eval '[ "$(version_of FR)" = 2 ]' || fail "version 2 did not reach FR"
ok "version 2, signed by G1, names G2 for what follows; it spread from DE to FR"

"$IMICTL" manifest-set-governance "$FED/manifest.imi" --governance-key "$g2" >/dev/null \
    || fail "version 3"
cp "$FED/manifest.imi" "$FED/manifest-v3-g1.imi"
"$IMICTL" manifest-sign "$FED/manifest-v3-g1.imi" --key "$FED/governance.key" >/dev/null
output=$("$IMICTL" -c "$FED/DE/node.conf" manifest-install "$FED/manifest-v3-g1.imi" 2>&1) \
    && fail "DE took version 3 signed by the retired G1"
echo "$output" | grep -q "no signature by a trusted key" || fail "refusal of G1's v3: $output"
"$IMICTL" manifest-sign "$FED/manifest.imi" --key "$FED/governance2.key" >/dev/null
ctl FR manifest-install "$FED/manifest.imi" | grep -q "^installed	3$" || fail "install v3 on FR"
wait_until 20 eval '[ "$(version_of DE)" = 3 ]' || fail "version 3 did not reach DE"
ok "version 3 signed by G2 alone: installed on FR, spread to DE; signed by the retired G1: refused"

# PL still holds version 1 (trusting G1 from its config): it is offered
# version 2 first, then 3.
node_start PL
wait_until 30 eval '[ "$(version_of PL)" = 3 ]' || fail "PL is at version $(version_of PL), not 3"
grep -q "manifest.installed.*version=2 previous=1" "$FED/PL/node.log" || fail "PL skipped version 2"
ctl DE send PL "after the governance rotation" >/dev/null
wait_until 20 eval '[ "$(ctl_value PL count message-count --from DE)" = 1 ]' || fail "DE -> PL"
ok "PL, down meanwhile, took version 2 and then 3 by gossip"

node_stop DE
node_start DE
[ "$(version_of DE)" = 3 ] || fail "DE went back to version $(version_of DE) at start"
ok "a restarted node keeps version 3, which its config's key did not sign"

ctl DE audit checkpoint >/dev/null || fail "audit checkpoint"
wait_until 20 audit_settled DE "FR PL" || fail "DE's checkpoint not cosigned: $(ctl DE audit status)"
ctl DE audit export "$FED/bundle-DE" >/dev/null || fail "export DE"
{
    echo "governance_key = $(cat "$FED/governance.pub")"
    echo "witness = FR"
    echo "witness = PL"
} > "$FED/policy.conf"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE" --policy "$FED/policy.conf" 2>&1) \
    || fail "DE's bundle does not verify with G1 as the root: $output"
echo "$output" | grep -q "^manifests: 3 versions, 1 to 3" || fail "DE's bundle: $output"
{
    echo "governance_key = $g2"
    echo "witness = FR"
} > "$FED/policy-g2.conf"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE" --policy "$FED/policy-g2.conf" 2>&1) \
    && fail "DE's bundle verified with G2 as the root"
echo "$output" | grep -q "^FAIL: manifests/00000000000000000001.imi: not signed" \
    || fail "with G2 as the root: $output"
ok "the auditor follows the chain from G1; G2 alone is no root for version 1"

fed_finish
ok "nodes stopped cleanly"

/*  Unit test: imi_peer's heartbeat, when a PING goes to a peer. A peer
    never heard from, or silent for a heartbeat, is pinged at every
    heartbeat; one heard from within the heartbeat is not, except at every
    tenth heartbeat; nothing is counted before a heartbeat is due. The peer
    is a bare struct here: the rule needs no socket.
*/
#include "imi_peer.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define HEARTBEAT 200

int
main (void)
{
    imi_peer_t peer;
    memset (&peer, 0, sizeof peer);
    int64_t now = 1000000;

    //  Never heard from: a PING at every heartbeat, none in between
    for (int beat = 0; beat < 25; beat++, now += HEARTBEAT) {
        assert (imi_peer_heartbeat (&peer, now, HEARTBEAT));
        assert (!imi_peer_heartbeat (&peer, now + HEARTBEAT - 1, HEARTBEAT));
    }
    assert (peer.heartbeats == 25);

    //  Heard from within every heartbeat (it pings us, or sends): a PING
    //  only at each tenth heartbeat, 3 in 30
    int pings = 0;
    uint32_t first = peer.heartbeats + 1;
    for (int beat = 0; beat < 30; beat++, now += HEARTBEAT) {
        peer.last_seen_ms = now - HEARTBEAT / 2;
        if (imi_peer_heartbeat (&peer, now, HEARTBEAT)) {
            pings++;
            assert (peer.heartbeats % IMI_PEER_PING_EVERY_HEARTBEATS == 0);
        }
    }
    assert (pings == 3);
    assert (peer.heartbeats == first + 29);

    //  Heard from a whole heartbeat ago or more: pinged again
    peer.last_seen_ms = now - HEARTBEAT;
    assert (imi_peer_heartbeat (&peer, now, HEARTBEAT));
    now += HEARTBEAT;
    assert (imi_peer_heartbeat (&peer, now, HEARTBEAT));

    //  The version probe's countdown moves with the heartbeats only
    peer.probe_in = 2;
    assert (!imi_peer_heartbeat (&peer, now + 1, HEARTBEAT) && peer.probe_in == 2);
    now += HEARTBEAT;
    imi_peer_heartbeat (&peer, now, HEARTBEAT);
    now += HEARTBEAT;
    imi_peer_heartbeat (&peer, now, HEARTBEAT);
    now += HEARTBEAT;
    imi_peer_heartbeat (&peer, now, HEARTBEAT);
    assert (peer.probe_in == 0);
    printf ("test_peer: OK\n");
    return 0;
}

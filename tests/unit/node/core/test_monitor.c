/*  Unit test: imi_monitor, a socket's connection events read without a
    thread. A DEALER connects to a ROUTER on 127.0.0.1; each side's monitor
    reports the handshake, and the DEALER's its disconnection when the
    ROUTER goes.
*/
#include "imi_monitor.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

//  Wait up to 5 s for event on monitor, skipping others. 0 found, -1 not.
static int
s_expect (imi_monitor_t *monitor, int wanted, imi_monitor_event_t *event)
{
    int64_t deadline = zclock_mono () + 5000;
    while (zclock_mono () < deadline) {
        if (imi_monitor_next (monitor, event) == 0) {
            if (event->event == wanted)
                return 0;
            continue;
        }
        zmq_pollitem_t item = { zsock_resolve (imi_monitor_socket (monitor)), 0, ZMQ_POLLIN, 0 };
        zmq_poll (&item, 1, 100);
    }
    return -1;
}

int
main (void)
{
    zsys_init ();
    zsys_set_logstream (NULL);
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    assert (router && dealer);
    zsock_set_linger (router, 0);
    zsock_set_linger (dealer, 0);
    imi_monitor_t *router_monitor = imi_monitor_new (router, ZMQ_EVENT_ALL);
    imi_monitor_t *dealer_monitor = imi_monitor_new (dealer, ZMQ_EVENT_ALL);
    assert (router_monitor && dealer_monitor);
    imi_monitor_event_t event;
    assert (imi_monitor_next (dealer_monitor, &event) == -1);      //  nothing yet

    int port = zsock_bind (router, "tcp://127.0.0.1:*");
    assert (port > 0);
    assert (zsock_connect (dealer, "tcp://127.0.0.1:%d", port) == 0);
    assert (s_expect (router_monitor, ZMQ_EVENT_ACCEPTED, &event) == 0);
    assert (event.value > 0);                                       //  the fd
    assert (s_expect (router_monitor, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &event) == 0);
    assert (s_expect (dealer_monitor, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &event) == 0);

    //  The ROUTER goes: the DEALER sees the connection drop, and libzmq retries.
    imi_monitor_destroy (&router_monitor);
    imi_monitor_destroy (&router_monitor);                          //  safe twice
    zsock_destroy (&router);
    assert (s_expect (dealer_monitor, ZMQ_EVENT_DISCONNECTED, &event) == 0);
    assert (s_expect (dealer_monitor, ZMQ_EVENT_CONNECT_RETRIED, &event) == 0);

    assert (strcmp (imi_monitor_event_name (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH),
                    "handshake_failed_auth") == 0);
    assert (strcmp (imi_monitor_event_name (0), "unknown") == 0);
    imi_monitor_destroy (&dealer_monitor);
    zsock_destroy (&dealer);
    printf ("test_monitor: OK\n");
    return 0;
}

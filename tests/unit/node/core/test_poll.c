/*  Unit test: imi_poll, waiting on ZeroMQ sockets with one poll(2). A
    DEALER and a ROUTER on inproc, including the case its marking rule is
    for: input noticed by libzmq while the socket sends.
*/
#include "imi_poll.h"

#include <assert.h>
#include <stdio.h>

int
main (void)
{
    zsock_t *router = zsock_new_router ("inproc://imi-poll-test");
    zsock_t *dealer = zsock_new_dealer ("inproc://imi-poll-test");
    assert (router && dealer);
    imi_poll_t *poll_set = imi_poll_new ();
    assert (poll_set);
    int router_index = imi_poll_add (poll_set, router);
    int dealer_index = imi_poll_add (poll_set, dealer);
    assert (router_index == 0 && dealer_index == 1);

    //  Nothing to read: the wait times out.
    assert (imi_poll_wait (poll_set, 10) == 0);
    assert (!imi_poll_readable (poll_set, router_index));

    //  A message arrives: the ROUTER's descriptor fires.
    zstr_send (dealer, "hello");
    assert (imi_poll_wait (poll_set, 1000) == 1);
    assert (imi_poll_readable (poll_set, router_index));
    zmsg_t *message = zmsg_recv (router);
    assert (message && zmsg_size (message) == 2);
    zframe_t *routing_id = zmsg_pop (message);
    zmsg_destroy (&message);
    //  Not read until nothing was left: marked, asked, found empty; the next
    //  message fires the descriptor again.
    imi_poll_mark (poll_set, router_index);
    assert (imi_poll_wait (poll_set, 10) == 0);

    //  The answer arrives while the DEALER sends: libzmq may take the
    //  notice then, so the sender marks the DEALER as the rule says.
    zframe_send (&routing_id, router, ZFRAME_MORE);
    zstr_send (router, "answer");
    zclock_sleep (20);
    zstr_send (dealer, "more");
    imi_poll_mark (poll_set, dealer_index);
    assert (imi_poll_wait (poll_set, 1000) >= 1);
    assert (imi_poll_readable (poll_set, dealer_index));
    char *answer = zstr_recv (dealer);
    assert (answer && streq (answer, "answer"));
    zstr_free (&answer);

    //  The ROUTER's descriptor fired for "more"; left unread, it is marked
    //  and found at once.
    assert (imi_poll_readable (poll_set, router_index));
    imi_poll_mark (poll_set, router_index);
    assert (imi_poll_wait (poll_set, 0) >= 1 && imi_poll_readable (poll_set, router_index));
    message = zmsg_recv (router);
    zmsg_destroy (&message);
    imi_poll_mark (poll_set, router_index);
    assert (imi_poll_wait (poll_set, 10) == 0);

    imi_poll_clear (poll_set);
    assert (imi_poll_wait (poll_set, 0) == 0);
    imi_poll_destroy (&poll_set);
    imi_poll_destroy (&poll_set);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    puts ("imi_poll: ok");
    return 0;
}

/*  Unit test: imi_throttle, failures counted per key.

    5 failures free, then waits of 1, 2, 4 s, at most the cap; a success
    clears the key; failures are forgotten after a while; keys are
    independent; a full table forgets old keys and does not count new ones
    beyond its size.
*/
#include "imi_throttle.h"

#include <assert.h>
#include <stdio.h>

#define S_T0 1800000000000LL

int
main (void)
{
    imi_throttle_t *throttle = imi_throttle_new (5, 10000, 60000, 3);
    assert (throttle);
    assert (imi_throttle_wait (throttle, "hanna", S_T0) == 0);
    for (int failure = 1; failure <= 4; failure++) {
        imi_throttle_failed (throttle, "hanna", S_T0);
        assert (imi_throttle_wait (throttle, "hanna", S_T0) == 0);
    }
    imi_throttle_failed (throttle, "hanna", S_T0);
    assert (imi_throttle_wait (throttle, "hanna", S_T0) == 1000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 400) == 600);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 1000) == 0);
    imi_throttle_failed (throttle, "hanna", S_T0 + 1000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 1000) == 2000);
    imi_throttle_failed (throttle, "hanna", S_T0 + 3000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 3000) == 4000);
    imi_throttle_failed (throttle, "hanna", S_T0 + 7000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 7000) == 8000);
    imi_throttle_failed (throttle, "hanna", S_T0 + 15000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 15000) == 10000);     //  the cap
    //  Another key is not affected
    assert (imi_throttle_wait (throttle, "jonas", S_T0 + 15000) == 0);
    //  A success clears the key
    imi_throttle_succeeded (throttle, "hanna");
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 15000) == 0);
    for (int failure = 1; failure <= 5; failure++)
        imi_throttle_failed (throttle, "hanna", S_T0);
    assert (imi_throttle_wait (throttle, "hanna", S_T0) == 1000);
    //  Forgotten after forget_ms: counting starts again
    imi_throttle_failed (throttle, "hanna", S_T0 + 70000);
    assert (imi_throttle_wait (throttle, "hanna", S_T0 + 70000) == 0);
    //  Three keys at most: a fourth is not counted until old ones go
    imi_throttle_failed (throttle, "a", S_T0 + 70000);
    imi_throttle_failed (throttle, "b", S_T0 + 70000);
    for (int failure = 1; failure <= 6; failure++)
        imi_throttle_failed (throttle, "c", S_T0 + 70000);
    assert (imi_throttle_wait (throttle, "c", S_T0 + 70000) == 0);
    for (int failure = 1; failure <= 6; failure++)
        imi_throttle_failed (throttle, "c", S_T0 + 200000);     //  the others are old now
    assert (imi_throttle_wait (throttle, "c", S_T0 + 200000) == 2000);
    imi_throttle_destroy (&throttle);
    imi_throttle_destroy (&throttle);
    printf ("test_throttle: OK\n");
    return 0;
}

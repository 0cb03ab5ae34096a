/*  imi_thread: what every thread the node starts (besides the loop's)
    does first.

    The node's signals (SIGHUP reopens the log, SIGTERM and SIGINT stop it)
    are the loop's: its wait returns, and it checks. A signal the kernel
    delivers to another thread instead interrupts whatever that thread is
    blocked in: a ZeroMQ receive then returns nothing, and a worker that
    takes that for its end stops for good (a reader, the login worker, the
    translation worker did: test_http_cases sends SIGHUP to each).
*/
#ifndef IMI_THREAD_H
#define IMI_THREAD_H

//  Name this thread (at most 15 characters; shown by top -H and ps -L)
//  and block every signal in it, so that the kernel delivers the
//  process's signals to the loop's thread.
void imi_thread_start (const char *name);

//  This thread is the HTTP API's (a reader, a waiter, a libmicrohttpd
//  thread): when the cores are busy it yields them to the loop (delivery
//  to peers, every write), at nice 10. 0, or -1 (errno set; raising one's
//  own niceness is always allowed, so in practice never).
int imi_thread_lower (void);

#endif

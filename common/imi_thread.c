/*  imi_thread: what every thread the node starts does first. See imi_thread.h. */
#include "imi_thread.h"

#include <pthread.h>
#include <signal.h>

void
imi_thread_start (const char *name)
{
    pthread_setname_np (pthread_self (), name);
    sigset_t all;
    sigfillset (&all);
    pthread_sigmask (SIG_BLOCK, &all, NULL);
}

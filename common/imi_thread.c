/*  imi_thread: what every thread the node starts does first. See imi_thread.h. */
#include "imi_thread.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#define S_LOWER_NICE 10                 //  the API's threads (imi_thread_lower)

void
imi_thread_start (const char *name)
{
    pthread_setname_np (pthread_self (), name);
    sigset_t all;
    sigfillset (&all);
    pthread_sigmask (SIG_BLOCK, &all, NULL);
}

int
imi_thread_lower (void)
{
    return setpriority (PRIO_PROCESS, (id_t) gettid (), S_LOWER_NICE);
}

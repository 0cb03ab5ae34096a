/*  imi_node: a member state's node: one loop that owns every socket.

    The way a message travels, and the modules it passes through:
      transport (ROUTER, zauth) or peer (DEALER) receives bytes
      -> envelope decodes and verifies (protocol/)
      -> inbox classifies by per-link sequence; in one transaction the
         domain handler applies the message, the inbox records it, and a
         signed receipt for the batch is stored
      -> after commit the receipt goes back on the same connection
    and outwards:
      a domain change enqueues into the outbox in its own transaction
      -> the loop transmits within the peer's window
      -> a receipt marks them delivered; silence makes them go again.
    Control requests (imictl) arrive on a local ipc:// endpoint and are
    answered from the same loop (the control module, node/control/).
*/
#ifndef IMI_NODE_H
#define IMI_NODE_H

#include "imi_module.h"
#include "imi_settings.h"

//  Build a node from its settings: identity, database, the modules (a
//  NULL-terminated list, kept: each subsystem's imi_module_t, started in
//  order), manifest, sockets. NULL with a reason on failure. The settings
//  are copied.
imi_node_t *imi_node_new (const imi_settings_t *settings, const imi_module_t *const *modules);

//  Run until interrupted (SIGINT/SIGTERM) or stopped by a control request;
//  reopens the log file after SIGHUP (imi_log_reopen_pending).
//  Returns 0 on a clean stop, -1 on a fatal error.
int imi_node_run (imi_node_t *self);

void imi_node_destroy (imi_node_t **self_p);

#endif

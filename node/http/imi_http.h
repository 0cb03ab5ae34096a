/*  imi_http: the node's HTTP API (docs/http.md).

    A libmicrohttpd server with its own threads, inside imi-node, started
    when the setting http_listen names an address. Each request that needs
    the node is handed to the loop as a control request over an in-process
    ZeroMQ socket (imi_control.h: the same command table imictl reaches, with
    the rows open to HTTP) and answered with the loop's result as JSON. The
    loop never waits on a network client; an HTTP thread waits for the
    loop, at most http_answer_timeout_ms.
*/
#ifndef IMI_HTTP_H
#define IMI_HTTP_H

#include "imi_module.h"

//  The HTTP module: start opens the listening socket and the server's
//  threads, stop closes them (imi_module.h).
extern const imi_module_t imi_http_module;

void imi_http_test (void);

#endif

/*  imi_mt_standin: a stand-in for a national or the Commission's machine
    translation service, for the tests of imi_translate's http backend.

        imi_mt_standin PORT [--delay-ms N] [--fail STATUS]

    Listens on 127.0.0.1:PORT and answers the JSON protocol of docs/operating.md
    ("Machine translation"): POST {"source","target","text"} gets 200
    {"text": "[SOURCE>TARGET] TEXT IN UPPER CASE", "engine": "standin"}. A
    target of "xx" gets 400 {"error": "unsupported language pair"}. With
    --delay-ms it waits that long before answering (a slow service); with
    --fail it answers every request with that HTTP status and an error.
    It prints "request received" when a whole request has arrived.
    One connection at a time: it is a test tool, not a server.
*/
#include <arpa/inet.h>
#include <ctype.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define S_REQUEST_MAX (1024 * 1024)

static void
s_respond (int connection, int status, json_t *body)
{
    char *text = json_dumps (body, JSON_COMPACT);
    char head [256];
    int size = snprintf (head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\nConnection: close\r\n\r\n", status,
                         status == 200? "OK": "Error", text? strlen (text): 0);
    if (write (connection, head, (size_t) size) < 0 || (text && write (connection, text, strlen (text)) < 0))
        perror ("imi_mt_standin: write");
    free (text);
}

static void
s_serve (int connection, long delay_ms, int fail_status)
{
    char *request = malloc (S_REQUEST_MAX + 1);
    size_t size = 0;
    char *body = NULL;
    long length = -1;
    while (size < S_REQUEST_MAX) {
        ssize_t count = read (connection, request + size, S_REQUEST_MAX - size);
        if (count <= 0)
            break;
        size += (size_t) count;
        request [size] = 0;
        char *end = strstr (request, "\r\n\r\n");
        if (!end)
            continue;
        body = end + 4;
        if (length < 0) {
            char *header = strcasestr (request, "\r\nContent-Length:");
            length = header && header < end? atol (header + 17): 0;
        }
        if ((long) (size - (size_t) (body - request)) >= length)
            break;
    }
    //  The tests wait for this line to know a translation is in flight
    printf ("request received\n");
    fflush (stdout);
    if (delay_ms > 0)
        usleep ((useconds_t) delay_ms * 1000);
    json_t *answer = NULL;
    json_t *parsed = body? json_loads (body, 0, NULL): NULL;
    const char *source = json_string_value (json_object_get (parsed, "source"));
    const char *target = json_string_value (json_object_get (parsed, "target"));
    const char *text = json_string_value (json_object_get (parsed, "text"));
    if (fail_status) {
        answer = json_pack ("{s:s}", "error", "the stand-in was told to fail");
        s_respond (connection, fail_status, answer);
    }
    else
    if (!source || !target || !text) {
        answer = json_pack ("{s:s}", "error", "expected {\"source\", \"target\", \"text\"}");
        s_respond (connection, 400, answer);
    }
    else
    if (strcmp (target, "xx") == 0) {
        answer = json_pack ("{s:s}", "error", "unsupported language pair");
        s_respond (connection, 400, answer);
    }
    else {
        size_t prefix = strlen (source) + strlen (target) + 4;
        char *translated = malloc (prefix + strlen (text) + 1);
        sprintf (translated, "[%s>%s] %s", source, target, text);
        for (char *cursor = translated + prefix; *cursor; cursor++)
            *cursor = (char) toupper ((unsigned char) *cursor);
        answer = json_pack ("{s:s, s:s}", "text", translated, "engine", "standin");
        free (translated);
        s_respond (connection, 200, answer);
    }
    json_decref (answer);
    json_decref (parsed);
    free (request);
}

int
main (int argc, char *argv [])
{
    if (argc < 2) {
        fprintf (stderr, "usage: imi_mt_standin PORT [--delay-ms N] [--fail STATUS]\n");
        return 2;
    }
    long delay_ms = 0;
    int fail_status = 0;
    for (int index = 2; index + 1 < argc; index += 2) {
        if (strcmp (argv [index], "--delay-ms") == 0)
            delay_ms = atol (argv [index + 1]);
        else
        if (strcmp (argv [index], "--fail") == 0)
            fail_status = atoi (argv [index + 1]);
    }
    int listener = socket (AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) atoi (argv [1])) };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (bind (listener, (struct sockaddr *) &address, sizeof address) || listen (listener, 16)) {
        perror ("imi_mt_standin: bind");
        return 1;
    }
    printf ("listening on 127.0.0.1:%s\n", argv [1]);
    fflush (stdout);
    while (1) {
        int connection = accept (listener, NULL, NULL);
        if (connection < 0)
            continue;
        s_serve (connection, delay_ms, fail_status);
        close (connection);
    }
}

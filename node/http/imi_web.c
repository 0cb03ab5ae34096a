/*  imi_web: the web application's files. See imi_web.h and docs/web.md.

    A request's path is mapped to a file name relative to the folder by
    s_relative, which refuses every name that could leave it or show what
    is not meant to be served (an empty segment, one starting with a dot:
    ".", "..", hidden files; a backslash; control bytes). The name is then
    resolved (realpath) and must still lie inside the folder, so a symbolic
    link pointing out of it is refused too; the resolved path is opened
    with O_NOFOLLOW and must be a regular file. Only the file kinds of
    s_types are served. Nothing is cached in memory: libmicrohttpd sends
    the file from its descriptor, and the ETag is the file's size and
    modification time, so an edited file is served at once.
*/
#include "imi_web.h"
#include "imi_error.h"

#include <assert.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_NAME_MAX  512             //  a file's name in the folder, bytes at most
#define S_SHELL     "index.html"    //  the shell every page's URL is answered with
#define S_FILES     "/app/"         //  the prefix of the files' URLs

struct _imi_web_t {
    char *root;                     //  the folder, resolved (realpath)
    size_t root_size;
};

//  The kinds of file served, by extension; any other file is not.
static const struct {
    const char *extension;
    const char *type;
} s_types [] = {
    { "html", "text/html; charset=utf-8" },
    { "js", "text/javascript; charset=utf-8" },
    { "css", "text/css; charset=utf-8" },
    { "json", "application/json" },
    { "svg", "image/svg+xml" },
    { "png", "image/png" },
    { "ico", "image/x-icon" },
    { "woff2", "font/woff2" },
    { "txt", "text/plain; charset=utf-8" },
};

//  The first segments of the paths that are never the application's.
static const char *const s_not_pages [] = { "api", "health", "metrics", NULL };

imi_web_t *
imi_web_new (const char *root)
{
    char *resolved = realpath (root, NULL);
    struct stat info;
    if (!resolved || stat (resolved, &info) || !S_ISDIR (info.st_mode)) {
        free (resolved);
        imi_error_set ("'%s' is not a folder", root);
        return NULL;
    }
    imi_web_t *self = calloc (1, sizeof *self);
    if (!self) {
        free (resolved);
        imi_error_set ("out of memory");
        return NULL;
    }
    self->root = resolved;
    self->root_size = strlen (resolved);
    return self;
}

void
imi_web_destroy (imi_web_t **self_p)
{
    imi_web_t *self = *self_p;
    if (self) {
        free (self->root);
        free (self);
        *self_p = NULL;
    }
}

//  The length of url's first segment (after its leading '/').
static size_t
s_first_segment (const char *url)
{
    return strcspn (url + 1, "/");
}

bool
imi_web_owns (const char *url, const char *method)
{
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
        return false;
    if (*url != '/')
        return false;
    size_t size = s_first_segment (url);
    for (const char *const *prefix = s_not_pages; *prefix; prefix++)
        if (strlen (*prefix) == size && memcmp (url + 1, *prefix, size) == 0)
            return false;
    return true;
}

//  The file name in the folder that url asks for: after "/app/", or the
//  shell for a page. NULL if it is not a name the folder may serve.
static const char *
s_relative (const char *url)
{
    if (strncmp (url, S_FILES, strlen (S_FILES)) != 0)
        return strncmp (url, "/app", 4) == 0 && s_first_segment (url) == 3? NULL: S_SHELL;
    const char *name = url + strlen (S_FILES);
    if (strlen (name) > S_NAME_MAX)
        return NULL;
    for (const char *segment = name; ; ) {
        size_t size = strcspn (segment, "/");
        if (size == 0 || *segment == '.')
            return NULL;
        for (size_t index = 0; index < size; index++) {
            unsigned char byte = (unsigned char) segment [index];
            if (byte < 0x20 || byte == 0x7f || byte == '\\')
                return NULL;
        }
        if (!segment [size])
            return name;
        segment += size + 1;
    }
}

//  The Content-Type of a file name, NULL if it is not a kind served.
static const char *
s_type (const char *name)
{
    const char *dot = strrchr (name, '.');
    if (!dot || strchr (dot, '/'))
        return NULL;
    for (size_t index = 0; index < sizeof s_types / sizeof s_types [0]; index++)
        if (strcmp (dot + 1, s_types [index].extension) == 0)
            return s_types [index].type;
    return NULL;
}

//  Does the If-None-Match header name etag (or "*")?
static bool
s_unchanged (const char *if_none_match, const char *etag)
{
    return if_none_match && (strcmp (if_none_match, "*") == 0 || strstr (if_none_match, etag));
}

//  Open the regular file name of the folder. The descriptor, or -1.
static int
s_open (imi_web_t *self, const char *name, struct stat *info)
{
    char path [PATH_MAX];
    if (snprintf (path, sizeof path, "%s/%s", self->root, name) >= (int) sizeof path)
        return -1;
    char *resolved = realpath (path, NULL);
    bool inside = resolved && strncmp (resolved, self->root, self->root_size) == 0
               && resolved [self->root_size] == '/';
    int fd = inside? open (resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW): -1;
    free (resolved);
    if (fd >= 0 && (fstat (fd, info) || !S_ISREG (info->st_mode))) {
        close (fd);
        fd = -1;
    }
    return fd;
}

struct MHD_Response *
imi_web_response (imi_web_t *self, const char *url, const char *if_none_match, unsigned *code,
                  const char **reason)
{
    *code = MHD_HTTP_NOT_FOUND;
    *reason = "no such file";
    const char *name = s_relative (url);
    const char *type = name? s_type (name): NULL;
    struct stat info;
    int fd = type? s_open (self, name, &info): -1;
    if (fd < 0)
        return NULL;
    char etag [64];
    snprintf (etag, sizeof etag, "\"%llx-%llx.%lx\"", (unsigned long long) info.st_size,
              (unsigned long long) info.st_mtim.tv_sec, (unsigned long) info.st_mtim.tv_nsec);
    struct MHD_Response *response;
    if (s_unchanged (if_none_match, etag)) {
        close (fd);
        *code = MHD_HTTP_NOT_MODIFIED;
        response = MHD_create_response_from_buffer (0, (void *) "", MHD_RESPMEM_PERSISTENT);
    }
    else {
        *code = MHD_HTTP_OK;
        response = MHD_create_response_from_fd ((uint64_t) info.st_size, fd);
        if (!response)
            close (fd);
        else
            MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    }
    if (!response) {
        *code = MHD_HTTP_INTERNAL_SERVER_ERROR;
        *reason = "out of memory";
        return NULL;
    }
    MHD_add_response_header (response, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header (response, "Content-Security-Policy", IMI_WEB_CSP);
    MHD_add_response_header (response, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header (response, "Cross-Origin-Resource-Policy", "same-origin");
    return response;
}

void
imi_web_test (void)
{
    //  Which paths are the application's
    assert (imi_web_owns ("/", "GET") && imi_web_owns ("/cases/DE-1", "HEAD"));
    assert (imi_web_owns ("/app/main.js", "GET") && imi_web_owns ("/apix", "GET"));
    assert (!imi_web_owns ("/", "POST") && !imi_web_owns ("/api/v1/nothing", "GET"));
    assert (!imi_web_owns ("/api", "GET") && !imi_web_owns ("/health/x", "GET"));
    assert (!imi_web_owns ("/metrics", "GET") && !imi_web_owns ("x", "GET"));

    //  Which file a path names: pages are the shell; no name leaves the folder
    assert (strcmp (s_relative ("/"), S_SHELL) == 0);
    assert (strcmp (s_relative ("/cases/DE-1"), S_SHELL) == 0);
    assert (strcmp (s_relative ("/app/i18n/de.json"), "i18n/de.json") == 0);
    const char *refused [] = { "/app", "/app/", "/app/../node.conf", "/app/i18n/../../x.js",
                               "/app/./main.js", "/app/.hidden.js", "/app//main.js",
                               "/app/i18n/", "/app/a\\..\\b.js", "/app/a\x01.js",
                               "/app/a/.git/config" };
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++)
        assert (!s_relative (refused [index]));

    //  Kinds
    assert (strcmp (s_type ("main.js"), "text/javascript; charset=utf-8") == 0);
    assert (strcmp (s_type ("i18n/de.json"), "application/json") == 0);
    assert (!s_type ("node.conf") && !s_type ("README") && !s_type ("a.d/README"));

    //  ETags
    assert (s_unchanged ("\"1-2.3\"", "\"1-2.3\"") && s_unchanged ("*", "\"1-2.3\""));
    assert (s_unchanged ("\"0-0.0\", \"1-2.3\"", "\"1-2.3\""));
    assert (!s_unchanged (NULL, "\"1-2.3\"") && !s_unchanged ("\"1-2.4\"", "\"1-2.3\""));

    //  A folder: its files, not a folder, not a link out of it
    char folder [] = "/tmp/imi-web-XXXXXX";
    assert (mkdtemp (folder));
    char path [256], outside [256];
    snprintf (path, sizeof path, "%s/app.js", folder);
    FILE *file = fopen (path, "w");
    assert (file && fputs ("export {};\n", file) >= 0 && fclose (file) == 0);
    snprintf (path, sizeof path, "%s/sub.js", folder);
    assert (mkdir (path, 0700) == 0);
    snprintf (outside, sizeof outside, "%s.js", folder);
    file = fopen (outside, "w");
    assert (file && fclose (file) == 0);
    snprintf (path, sizeof path, "%s/link.js", folder);
    assert (symlink (outside, path) == 0);
    imi_web_t *web = imi_web_new (folder);
    assert (web);
    unsigned code;
    const char *reason;
    struct MHD_Response *response = imi_web_response (web, "/app/app.js", NULL, &code, &reason);
    assert (response && code == MHD_HTTP_OK);
    const char *etag = MHD_get_response_header (response, MHD_HTTP_HEADER_ETAG);
    char known [64];
    snprintf (known, sizeof known, "%s", etag);
    MHD_destroy_response (response);
    response = imi_web_response (web, "/app/app.js", known, &code, &reason);
    assert (response && code == MHD_HTTP_NOT_MODIFIED);
    MHD_destroy_response (response);
    const char *missing [] = { "/app/sub.js", "/app/link.js", "/app/none.js", "/" };
    for (size_t index = 0; index < sizeof missing / sizeof missing [0]; index++) {
        assert (!imi_web_response (web, missing [index], NULL, &code, &reason));
        assert (code == MHD_HTTP_NOT_FOUND && strcmp (reason, "no such file") == 0);
    }
    imi_web_destroy (&web);
    imi_web_destroy (&web);
    assert (!imi_web_new (path) && strstr (imi_error_last (), "is not a folder"));
    unlink (path);
    unlink (outside);
    snprintf (path, sizeof path, "%s/sub.js", folder);
    rmdir (path);
    snprintf (path, sizeof path, "%s/app.js", folder);
    unlink (path);
    rmdir (folder);
}

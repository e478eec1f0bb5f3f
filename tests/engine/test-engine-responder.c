/* test-engine-responder.c — the static-file responder's plans, without a socket
 *
 * Each case is a raw request against a fixed docroot; the plan must say
 * exactly which status, which body source, how many bytes, which Location,
 * and which path is logged.
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pt-conn-env.h"
#include "pt-responder.h"

#define BIG_SIZE  (PT_FILE_CACHE_SMALL + 1)   /* one byte over the in-memory bound */

typedef struct
{
  int             line;
  const char     *request;
  gboolean        serve_any_type;
  PtHttpStatus    status;
  PtResponseBody  body;
  guint64         body_length;
  const char     *location;    /* NULL: none */
  const char     *log_path;
  guint           flags;       /* CASE_* */
} PlanCase;

#define CASE_SPA       0x1u   /* env->spa */
#define CASE_PAGE_404  0x2u   /* a 404.html at the root */
#define CASE_LIST      0x4u   /* env->list_directories */

#define PAGE_404 "<h1>Not here</h1>\n"   /* 18 bytes */

#define FUTURE "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n"
#define PAST   "If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT\r\n"

static const PlanCase plan_cases[] = {
  { __LINE__, "GET / HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY, 11, NULL, "/index.html" },
  { __LINE__, "GET /index.html HTTP/1.0\r\n" FUTURE "\r\n", FALSE,
    PT_HTTP_STATUS_NOT_MODIFIED, PT_RESPONSE_BODY_NONE, 0, NULL, "/index.html" },
  { __LINE__, "GET /index.html HTTP/1.0\r\n" PAST "\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY, 11, NULL, "/index.html" },
  { __LINE__, "GET /big.txt HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_FILE, BIG_SIZE, NULL, "/big.txt" },
  { __LINE__, "HEAD /big.txt HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_FILE, BIG_SIZE, NULL, "/big.txt" },
  { __LINE__, "GET /empty.txt HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_NONE, 0, NULL, "/empty.txt" },
  { __LINE__, "GET /dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir" },
  { __LINE__, "GET /dir?x=1 HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir" },
  { __LINE__, "GET /dir/ HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/dir/index.html" },
  { __LINE__, "GET /missing.html HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/missing.html" },
  { __LINE__, "GET /data.xyz HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/data.xyz" },
  { __LINE__, "GET /data.xyz HTTP/1.0\r\n\r\n", TRUE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY, 4, NULL, "/data.xyz" },
  { __LINE__, "GET /index.html/ HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/index.html/index.html" },
  /* the folder redirect's Location is the normalised path, %-encoded: never off-host */
  { __LINE__, "GET //evil.example/%2e%2e/dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir" },
  { __LINE__, "GET //evil.example/../dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir" },
  { __LINE__, "GET ///dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir" },
  { __LINE__, "GET /\\evil.example/dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0,
    "/%5Cevil.example/dir/", "/\\evil.example/dir" },
  { __LINE__, "GET /%5Cevil.example/dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0,
    "/%5Cevil.example/dir/", "/\\evil.example/dir" },
  { __LINE__, "GET /%5C%5Cevil.example HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0,
    "/%5C%5Cevil.example/", "/\\\\evil.example" },
  { __LINE__, "GET /a%20b%3F%23%25%22%3C%C3%A9 HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0,
    "/a%20b%3F%23%25%22%3C%C3%A9/", "/a b?#%\"<\xc3\xa9" },
  { __LINE__, "GET /%2F%2Fevil/dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/%2F%2Fevil/dir" },
  { __LINE__, "GET /%2F/evil.example/dir HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/%2F/evil.example/dir" },
  /* an extensionless path that does not exist names no type: 404, not 400 */
  { __LINE__, "GET /about HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/about" },
  { __LINE__, "GET /a/b/about HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/a/b/about" },
  { __LINE__, "GET /index.py HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/index.py" },
  { __LINE__, "GET /noext HTTP/1.0\r\n\r\n", FALSE,   /* exists: still an unserved type */
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/noext" },
  { __LINE__, "GET /dir.d/about HTTP/1.0\r\n\r\n", FALSE,   /* the '.' is in a folder's name */
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/dir.d/about" },
  /* 404.html at the root: the body of every 404, and of nothing else */
  { __LINE__, "GET /about HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_FILE, 18, NULL, "/about", CASE_PAGE_404 },
  { __LINE__, "HEAD /missing.html HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_FILE, 18, NULL, "/missing.html", CASE_PAGE_404 },
  { __LINE__, "GET /.hidden.html HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_FILE, 18, NULL, "/.hidden.html", CASE_PAGE_404 },
  { __LINE__, "GET /dir/ HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_FILE, 18, NULL, "/dir/index.html", CASE_PAGE_404 },
  { __LINE__, "GET /data.xyz HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/data.xyz", CASE_PAGE_404 },
  { __LINE__, "GET /index.py HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/index.py", CASE_PAGE_404 },
  { __LINE__, "GET /pipe.txt HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_FORBIDDEN, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/pipe.txt", CASE_PAGE_404 },
  { __LINE__, "GET /%2e%2e/x HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/%2e%2e/x", CASE_PAGE_404 },
  { __LINE__, "GET /404.html HTTP/1.0\r\n\r\n", FALSE,   /* itself: an ordinary file */
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY, 18, NULL, "/404.html", CASE_PAGE_404 },
  /* --spa: a missing extensionless GET/HEAD is the root index.html; assets still 404 */
  { __LINE__, "GET /about HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_FILE, 11, NULL, "/about", CASE_SPA },
  { __LINE__, "HEAD /a/b/route HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_FILE, 11, NULL, "/a/b/route", CASE_SPA },
  { __LINE__, "GET /route/ HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_FILE, 11, NULL, "/route/index.html", CASE_SPA },
  { __LINE__, "GET /app.js HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/app.js", CASE_SPA },
  { __LINE__, "GET /logo.png HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_FILE, 18, NULL, "/logo.png", CASE_SPA | CASE_PAGE_404 },
  { __LINE__, "GET /index.py HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/index.py", CASE_SPA },
  { __LINE__, "GET /noext HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/noext", CASE_SPA },
  { __LINE__, "GET /.hidden HTTP/1.0\r\n\r\n", FALSE,   /* a dotfile is never a route */
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/.hidden", CASE_SPA },
  { __LINE__, "GET /dir HTTP/1.0\r\n\r\n", FALSE,   /* a folder still redirects */
    PT_HTTP_STATUS_MOVED_PERMANENTLY, PT_RESPONSE_BODY_ERROR_PAGE, 0, "/dir/", "/dir", CASE_SPA },
  /* --list-directories: a folder without index.html (the page's bytes: test_listing_*) */
  { __LINE__, "GET /missing/ HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/missing/index.html", CASE_LIST },
  { __LINE__, "GET / HTTP/1.0\r\n\r\n", FALSE,   /* index.html wins */
    PT_HTTP_STATUS_OK, PT_RESPONSE_BODY_MEMORY, 11, NULL, "/index.html", CASE_LIST },
  /* the path normaliser's refusals keep the raw path for the log */
  { __LINE__, "GET /%2e%2e/etc/passwd HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_BAD_REQUEST, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/%2e%2e/etc/passwd" },
  { __LINE__, "GET /.hidden.html HTTP/1.0\r\n\r\n", FALSE,
    PT_HTTP_STATUS_NOT_FOUND, PT_RESPONSE_BODY_ERROR_PAGE, 0, NULL, "/.hidden.html" },
};

/* Folders whose names look like another host, or need %-encoding. */
static const char *const extra_dirs[] = {
  "\\evil.example", "\\evil.example/dir", "\\\\evil.example", "a b?#%\"<\xc3\xa9", "dir.d",
};

typedef struct
{
  char      *root;
  int        root_fd;
  PtLimits   limits;
  PtConnEnv *env;
} Fixture;

static void
write_file (const char *root,
            const char *name,
            const char *data,
            gsize       len)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc0 (BIG_SIZE);
  g_autofree char *dir = NULL;
  g_autoptr(PtServerConfig) config = pt_server_config_new ();

  f->root = g_dir_make_tmp ("pt-responder-XXXXXX", &error);
  g_assert_no_error (error);
  write_file (f->root, "index.html", "<p>hi!</p>\n", 11);
  write_file (f->root, "big.txt", big, BIG_SIZE);
  write_file (f->root, "empty.txt", "", 0);
  write_file (f->root, "data.xyz", "abcd", 4);
  write_file (f->root, "noext", "abcd", 4);
  {
    g_autofree char *pipe_path = g_build_filename (f->root, "pipe.txt", NULL);
    g_assert_cmpint (mkfifo (pipe_path, 0644), ==, 0);
  }
  dir = g_build_filename (f->root, "dir", NULL);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (extra_dirs); i++)
    {
      g_autofree char *path = g_build_filename (f->root, extra_dirs[i], NULL);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
    }
  f->root_fd = open (f->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (f->root_fd, >=, 0);

  pt_limits_resolve (config, &f->limits);
  f->env = g_new0 (PtConnEnv, 1);
  f->env->limits = &f->limits;
  f->env->root_fd = f->root_fd;
  f->env->file_cache = pt_file_cache_new (f->root_fd, PT_FILE_CACHE_MAX_ENTRIES,
                                          PT_FILE_CACHE_MAX_BYTES);
  pt_clock_init (&f->env->clock);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  const char *names[] = { "index.html", "big.txt", "empty.txt", "data.xyz", "dir", "noext", "pipe.txt" };

  for (gsize i = G_N_ELEMENTS (extra_dirs); i-- > 0;)
    {
      g_autofree char *path = g_build_filename (f->root, extra_dirs[i], NULL);
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }

  pt_file_cache_free (f->env->file_cache);
  g_free (f->env);
  close (f->root_fd);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->root, names[i], NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->root), ==, 0);
  g_free (f->root);
}

static void
test_plan_case (Fixture       *f,
                gconstpointer  data)
{
  const PlanCase *c = data;
  g_autofree PtConnIn *in = g_new0 (PtConnIn, 1);
  PtResponsePlan plan;
  gsize len = strlen (c->request);
  ssize_t r;

  g_test_message ("case at line %d: %s", c->line, c->request);
  f->env->serve_any_type = c->serve_any_type;
  f->env->spa = (c->flags & CASE_SPA) != 0;
  f->env->list_directories = (c->flags & CASE_LIST) != 0;
  if (c->flags & CASE_PAGE_404)
    write_file (f->root, "404.html", PAGE_404, strlen (PAGE_404));
  memcpy (in->data, c->request, len);
  r = pt_http_parse_request (in->data, len, &in->req);
  g_assert_cmpint (r, ==, (ssize_t) len);
  g_assert_cmpint (pt_http_request_check (&in->req), ==, 0);
  in->log_path = in->req.path;

  pt_responder_plan (f->env, in, &plan);

  g_assert_cmpint (plan.status, ==, c->status);
  g_assert_cmpint (plan.body, ==, c->body);
  g_assert_cmpuint (plan.body_length, ==, c->body_length);
  if (c->location != NULL)
    g_assert_cmpmem (plan.location.ptr, plan.location.len, c->location, strlen (c->location));
  else
    g_assert_null (plan.location.ptr);
  g_assert_cmpmem (in->log_path.ptr, in->log_path.len, c->log_path, strlen (c->log_path));

  if (c->body == PT_RESPONSE_BODY_FILE)
    g_assert_cmpint (plan.body_fd, >=, 0);
  /* 404.html and --spa's index.html: read now, the response's own fd, not cached. */
  if (c->flags & (CASE_SPA | CASE_PAGE_404) && c->body == PT_RESPONSE_BODY_FILE)
    {
      const char *expected = c->status == PT_HTTP_STATUS_OK ? "<p>hi!</p>\n" : PAGE_404;
      char got[64];

      g_assert_true (plan.body_fd_owned);
      g_assert_null (plan.file);
      g_assert_cmpstr (plan.content_type, ==, "text/html");
      g_assert_true (plan.has_content_length);
      g_assert_cmpuint (plan.content_length, ==, strlen (expected));
      g_assert_cmpint (pread (plan.body_fd, got, sizeof got, 0), ==, (gssize) strlen (expected));
      g_assert_cmpmem (got, strlen (expected), expected, strlen (expected));
      close (plan.body_fd);
      if (c->flags & CASE_PAGE_404)
        {
          g_autofree char *page = g_build_filename (f->root, "404.html", NULL);
          g_assert_cmpint (g_remove (page), ==, 0);
        }
      return;
    }
  if (c->flags & CASE_PAGE_404)
    {
      g_autofree char *page = g_build_filename (f->root, "404.html", NULL);
      g_assert_cmpint (g_remove (page), ==, 0);
    }
  if (c->body == PT_RESPONSE_BODY_MEMORY)
    g_assert_nonnull (plan.body_mem);
  /* A file plan holds its entry (with the preformatted fields); an error plan none. */
  if (c->body == PT_RESPONSE_BODY_ERROR_PAGE)
    g_assert_null (plan.file);
  else
    {
      g_assert_nonnull (plan.file);
      g_assert_nonnull (plan.file_fields);
      g_assert_cmpuint (plan.file_fields_len, ==,
                        c->status == PT_HTTP_STATUS_NOT_MODIFIED ? plan.file->head_fields_304_len
                                                                  : plan.file->head_fields_len);
    }
  g_clear_pointer (&plan.file, pt_file_cache_entry_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (plan_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/engine/responder/plan/line-%d", plan_cases[i].line);

      g_test_add (name, Fixture, &plan_cases[i], fixture_setup, test_plan_case, fixture_teardown);
    }

  return g_test_run ();
}

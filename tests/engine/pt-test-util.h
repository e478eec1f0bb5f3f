/* pt-test-util.h — an in-process PtServer and blocking test clients */
#pragma once

#include <glib.h>

#include "pt-server.h"

G_BEGIN_DECLS

#define PT_TEST_IO_TIMEOUT_MS 5000   /* a test client never waits longer than this */
#define PT_TEST_INDEX_HTML \
  "<html>\n\n<head>\n  <link rel=\"icon\" href=\"data:,\">\n  <title>Index</title>\n</head>\n\n" \
  "<body>\n  <h1>Welcome to the index.html web page.</h1>\n" \
  "  <p>Here's a link to <a href=\"helloworld.html\">hello world</a>.</p>\n</body>\n\n</html>\n"
#define PT_TEST_PNG_SIZE  20000      /* above the small-file limit: sent with sendfile */
#define PT_TEST_BIG_SIZE  (1300 * 1024)  /* several sendfile calls */

typedef void (*PtTestConfigFunc) (PtServerConfig *config);

typedef struct
{
  PtServer   *server;
  char       *base;       /* tmp dir holding docroot/, outside.html, log.txt */
  char       *docroot;
  char       *log_path;
  guint       port;
  GMutex      lock;
  GCond       cond;
  GPtrArray  *events;     /* PtEvent, in arrival order */
} PtTestServer;

/* Builds the docroot (index.html, photo.png, big.txt, index.py, sub/index.html,
 * .hidden.html, link-in.html, link-out.html → outside, fifo.html) and starts a
 * server on 127.0.0.1 port 0, 2 threads, short timeouts; tweak may change
 * the config first. */
PtTestServer *pt_test_server_new   (PtTestConfigFunc  tweak);
/* Starts without asserting success. */
PtTestServer *pt_test_server_new_full (PtTestConfigFunc  tweak,
                                       gboolean          start,
                                       GError          **error);
void          pt_test_server_free  (PtTestServer     *ts);

/* Waits until at least n events of type arrived; returns FALSE on timeout. */
gboolean      pt_test_server_wait_events (PtTestServer *ts,
                                          PtEventType   type,
                                          guint         n);
guint         pt_test_server_count_events (PtTestServer *ts,
                                           PtEventType   type);
/* The console text of every event so far (for this connection when
 * conn_port != 0), ports masked as PORT. */
char         *pt_test_server_console (PtTestServer *ts,
                                      guint         conn_port);
/* The log file, after a stop, with dates masked as DATE. */
char         *pt_test_read_log       (PtTestServer *ts);

typedef struct
{
  int         fd;
  guint       local_port;
  GByteArray *buf;        /* received, not yet consumed */
} PtTestConn;

typedef struct
{
  int        status;
  char      *head;        /* the raw head, CRLFs, without the final empty line */
  char      *masked;      /* head with Date/Last-Modified values → DATE, our ETag → ETAG, LF line ends */
  GBytes    *body;
  gsize      content_length;
} PtTestResponse;

PtTestConn     *pt_test_conn_new       (guint port);
void            pt_test_conn_free      (PtTestConn *conn);
void            pt_test_conn_send      (PtTestConn *conn,
                                        const char *data);
void            pt_test_conn_send_len  (PtTestConn *conn,
                                        const char *data,
                                        gsize       len);
/* Reads one response; no body for HEAD/304 or when expect_body is FALSE.
 * NULL when the connection closed (or timed out) before a head arrived. */
PtTestResponse *pt_test_conn_read      (PtTestConn *conn,
                                        gboolean    expect_body);
/* TRUE when the server closes the connection (EOF or reset) within timeout_ms. */
gboolean        pt_test_conn_closed    (PtTestConn *conn,
                                        guint       timeout_ms);
void            pt_test_response_free  (PtTestResponse *resp);

/* Connect, send, read one response, close. */
PtTestResponse *pt_test_request        (guint       port,
                                        const char *request,
                                        gboolean    expect_body);

/* Polls predicate (data) every PT_TEST_POLL_MS until it returns TRUE (TRUE)
 * or timeout_ms passed (FALSE), for state that has no event to wait on. */
#define PT_TEST_POLL_MS 5
typedef gboolean (*PtTestPredicate) (gpointer data);
gboolean        pt_test_wait_until     (PtTestPredicate predicate,
                                        gpointer        data,
                                        guint           timeout_ms);

/* TRUE (and the current test marked skipped with reason) when the tests run
 * under valgrind, which refuses what the test needs. */
gboolean        pt_test_skip_under_valgrind (const char *reason);

/* The strong ETag pt_http_etag_format gives ts->docroot/rel as it is now. */
char           *pt_test_file_etag      (PtTestServer *ts,
                                        const char   *rel);
/* The value of the one field called name in a raw head (CRLF lines), or
 * NULL; a second field of that name fails the test. */
char           *pt_test_head_field     (const char *head,
                                        const char *name);
/* t as an HTTP date (pt_http_date_format). */
char           *pt_test_http_date      (gint64 t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtTestResponse, pt_test_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtTestConn, pt_test_conn_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtTestServer, pt_test_server_free)

G_END_DECLS

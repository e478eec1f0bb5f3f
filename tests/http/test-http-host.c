/* test-http-host.c — the loopback Host rule (DNS rebinding → 421)
 *
 * A table of {Host value, loopback?} with __LINE__, each value copied into
 * an exact-size heap block; the name, label and port limits at N and N+1.
 */

#include <glib.h>
#include <string.h>

#include "pt-http-host.h"

typedef struct
{
  int         line;
  const char *value;
  bool        loopback;
} HostCase;

#define YES(v) { __LINE__, (v), true }
#define NO(v)  { __LINE__, (v), false }

static const HostCase host_cases[] = {
  YES ("localhost"),
  YES ("localhost:8080"),
  YES ("LocalHost:80"),
  YES ("LOCALHOST"),
  YES ("localhost."),
  YES ("localhost.:8080"),
  YES ("localhost:"),              /* empty port: RFC 3986 */
  YES ("localhost:0"),
  YES ("localhost:65535"),         /* PT_HTTP_HOST_PORT_MAX */
  NO ("localhost:65536"),          /* N+1 */
  NO ("localhost:99999999999"),
  NO ("localhost:-1"),
  NO ("localhost:80a"),
  NO ("localhost::80"),
  NO ("localhost:80:80"),
  YES (" localhost:8080\t"),
  YES ("app.localhost"),
  YES ("a.b-c.d_e.localhost:1"),
  YES ("App.LOCALHOST."),
  NO ("localhost.."),
  NO ("app..localhost"),
  NO (".localhost"),
  NO ("applocalhost"),
  NO ("localhost.com"),
  NO ("localhost.evil.com"),
  NO ("evil.com"),
  NO ("local host"),
  NO ("a b.localhost"),
  NO ("a/b.localhost"),
  NO ("user@localhost"),
  NO ("localhos"),
  NO (""),
  NO ("   "),
  NO (":8080"),
  /* IPv4 127.0.0.0/8, canonical dotted-decimal only */
  YES ("127.0.0.1"),
  YES ("127.0.0.1:8080"),
  YES ("127.1.2.3"),
  YES ("127.255.255.255:65535"),
  YES ("127.0.0.0"),
  NO ("128.0.0.1"),
  NO ("126.255.255.255"),
  NO ("10.0.0.1"),
  NO ("0.0.0.0"),
  NO ("127.0.0.256"),
  NO ("127.0.0.01"),
  NO ("127.000.0.1"),
  NO ("0127.0.0.1"),
  NO ("127.1"),
  NO ("127.0.1"),
  NO ("127.0.0.1.1"),
  NO ("127.0.0.1."),
  NO ("127..0.1"),
  NO ("2130706433"),
  NO ("0x7f.0.0.1"),
  NO ("127.0.0.1x"),
  NO ("127.0.0.1:65536"),
  NO ("127.0.0.1 :80"),
  /* IPv6 */
  YES ("[::1]"),
  YES ("[::1]:8080"),
  YES ("[::1]:"),
  NO ("[::1]:65536"),
  NO ("::1"),
  NO ("[::1"),
  NO ("[::1]x"),
  NO ("[::2]"),
  NO ("[0:0:0:0:0:0:0:1]"),
  NO ("[::ffff:127.0.0.1]"),
  NO ("[::1%25lo]"),
  NO ("[::]"),
  NO ("["),
};

static void
test_host_case (gconstpointer data)
{
  const HostCase *c = data;
  size_t len = strlen (c->value);
  char *copy = g_malloc (len > 0 ? len : 1);

  g_test_message ("line %d: [%s]", c->line, c->value);
  memcpy (copy, c->value, len);
  g_assert_cmpint (pt_http_host_is_loopback (copy, len), ==, c->loopback);
  g_free (copy);
}

static void
check (const char *value,
       bool        expected)
{
  HostCase c = { __LINE__, value, expected };

  test_host_case (&c);
}

static void
test_limits (void)
{
  g_autofree char *label_n = g_strnfill (PT_HTTP_HOST_LABEL_MAX, 'a');
  g_autofree char *label_over = g_strnfill (PT_HTTP_HOST_LABEL_MAX + 1, 'a');
  g_autofree char *at_label = g_strdup_printf ("%s.localhost", label_n);
  g_autofree char *over_label = g_strdup_printf ("%s.localhost", label_over);
  /* 3 labels of 63 + ".", then fill + ".localhost" to exactly N bytes */
  g_autofree char *fill_n = g_strnfill (PT_HTTP_HOST_NAME_MAX - 3 * 64 - 10, 'b');
  g_autofree char *name_n = g_strdup_printf ("%s.%s.%s.%s.localhost", label_n, label_n, label_n, fill_n);
  g_autofree char *name_over = g_strdup_printf ("%s.%s.%s.%sb.localhost", label_n, label_n, label_n, fill_n);
  g_autofree char *name_n_dot = g_strdup_printf ("%s.:80", name_n);

  check (at_label, true);
  check (over_label, false);
  g_assert_cmpuint (strlen (name_n), ==, PT_HTTP_HOST_NAME_MAX);
  check (name_n, true);
  check (name_n_dot, true);
  check (name_over, false);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (host_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/http/host/line-%d", host_cases[i].line);

      g_test_add_data_func (name, &host_cases[i], test_host_case);
    }
  g_test_add_func ("/http/host/limits", test_limits);

  return g_test_run ();
}

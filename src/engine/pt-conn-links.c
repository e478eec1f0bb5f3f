/* pt-conn-links.c — a connection's places in its environment's lists (layer 1)
 *
 * Owns the links between a connection and the lists its worker walks: the
 * deadline lists (PtTimerList), the run-again list of connections with a
 * body turn pending, and the free list of connection structs.
 */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-conn-links.h"

#include "pt-conn-private.h"

#define PT_CONN_FREE_MAX  64    /* connection structs kept for reuse, per worker */

/* ---- deadlines ---------------------------------------------------------- */

void
pt_conn_timer_remove (PtConn *self)
{
  if (self->timer == PT_TIMER_NONE)
    return;
  pt_timer_list_remove (&self->env->timers[self->timer], &self->timer_link);
  self->timer = PT_TIMER_NONE;
}

void
pt_conn_timer_set (PtConn      *self,
                   PtTimerKind  kind)
{
  pt_conn_timer_remove (self);
  self->timer = kind;
  pt_timer_list_append (&self->env->timers[kind], &self->timer_link, self->env->clock.mono_ms);
}

PtConn *
pt_conn_from_timer (PtTimerLink *link)
{
  return (PtConn *) (gpointer) ((char *) link - G_STRUCT_OFFSET (PtConn, timer_link));
}

/* ---- the run-again list ------------------------------------------------ */

void
pt_conn_post (PtConn *self)
{
  PtConnEnv *env = self->env;

  if (self->posted)
    return;

  self->posted = TRUE;
  self->posted_next = NULL;
  if (env->posted_tail != NULL)
    env->posted_tail->posted_next = self;
  else
    env->posted_head = self;
  env->posted_tail = self;
}

void
pt_conn_unpost (PtConn *self)
{
  PtConnEnv *env = self->env;
  PtConn *prev = NULL;

  g_assert (self->posted);

  /* Only connections sending big files are here: a short list. */
  for (PtConn *c = env->posted_head; c != NULL; prev = c, c = c->posted_next)
    {
      if (c != self)
        continue;
      if (prev != NULL)
        prev->posted_next = c->posted_next;
      else
        env->posted_head = c->posted_next;
      if (env->posted_tail == c)
        env->posted_tail = prev;
      break;
    }
  self->posted = FALSE;
  self->posted_next = NULL;
}

PtConn *
pt_conn_take_posted (PtConnEnv *env)
{
  PtConn *conn = env->posted_head;

  if (conn != NULL)
    pt_conn_unpost (conn);
  return conn;
}

/* ---- connection structs ------------------------------------------------- */

PtConn *
pt_conn_new (PtConnEnv *env)
{
  PtConn *conn = env->free_conns;

  if (conn != NULL)
    {
      env->free_conns = conn->posted_next;
      env->n_free_conns--;
    }
  else
    {
      /* Small: buffers are borrowed from the environment only while needed. */
      conn = g_malloc (sizeof *conn);
    }

  conn->env = env;
  conn->timer_link.prev = conn->timer_link.next = NULL;
  conn->timer = PT_TIMER_NONE;
  env->n_conns++;
  return conn;
}

void
pt_conn_release (PtConn *self)
{
  PtConnEnv *env = self->env;

  g_assert (self->timer == PT_TIMER_NONE);

  env->n_conns--;
  if (env->n_free_conns >= PT_CONN_FREE_MAX)
    {
      g_free (self);
      return;
    }
  self->posted_next = env->free_conns;
  env->free_conns = self;
  env->n_free_conns++;
}

void
pt_conn_free_spare (PtConnEnv *env)
{
  while (env->free_conns != NULL)
    {
      PtConn *conn = env->free_conns;

      env->free_conns = conn->posted_next;
      g_free (conn);
    }
  env->n_free_conns = 0;
}


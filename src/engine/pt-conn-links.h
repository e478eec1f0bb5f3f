/* pt-conn-links.h — a connection's places in its environment's lists (layer 1) */
#pragma once

#include "pt-conn-env.h"

G_BEGIN_DECLS

/* A connection struct from env's free list (or a new one); counted in
 * env->n_conns until it closes. */
PtConn *pt_conn_new          (PtConnEnv    *env);
/* Frees the structs env keeps for reuse (the worker is done). */
void    pt_conn_free_spare   (PtConnEnv    *env);
/* The connection whose deadline link is on one of env->timers. */
PtConn *pt_conn_from_timer   (PtTimerLink  *link);

/* Puts the connection on env->timers[kind] (off any other), due after that
 * list's timeout from now. */
void    pt_conn_timer_set    (PtConn       *self,
                              PtTimerKind   kind);
void    pt_conn_timer_remove (PtConn       *self);
/* Puts the connection on env's run-again list (once). */
void    pt_conn_post         (PtConn       *self);
void    pt_conn_unpost       (PtConn       *self);
/* The first posted connection, off the list, or NULL. */
PtConn *pt_conn_take_posted  (PtConnEnv    *env);
/* Back to the free list (fd closed, off every list). */
void    pt_conn_release      (PtConn       *self);

G_END_DECLS

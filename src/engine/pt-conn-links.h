/* pt-conn-links.h — a connection's places in its environment's lists (layer 1) */
#pragma once

#include <sys/socket.h>

#include "pt-conn-env.h"

G_BEGIN_DECLS

#define PT_CONN_LINGER_MAX    (64 * 1024)                /* unread bytes drained before close (avoids RST) */

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

/* Sets up a struct from pt_conn_new for the accepted socket fd. */
void    pt_conn_init         (PtConn                *self,
                              int                    fd,
                              const struct sockaddr *peer);
/* The connection in state CLOSE: what it holds given back, off every list,
 * the socket drained and closed, CONN_CLOSED (or how it closed) emitted,
 * the struct back on the free list. */
void    pt_conn_teardown     (PtConn       *self);
/* Reads and drops up to PT_CONN_LINGER_MAX unread bytes, so that closing
 * fd does not turn into a reset that destroys the response on its way. */
void    pt_conn_drain_socket (int           fd);

G_END_DECLS

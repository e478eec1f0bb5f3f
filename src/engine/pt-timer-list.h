/* pt-timer-list.h — an intrusive deadline list (layer 1)
 *
 * Owns only the links: a PtTimerLink lives inside the object that waits
 * (a connection) and a PtTimerList holds the objects sharing one timeout.
 * Every member of a list has the same timeout, so appending at the tail
 * keeps the list sorted by deadline and the head is always the first due.
 * Not thread-safe: one worker thread owns its lists.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PtTimerLink PtTimerLink;
struct _PtTimerLink
{
  PtTimerLink *prev;
  PtTimerLink *next;
  gint64       deadline_ms;
};

typedef struct
{
  PtTimerLink *head;
  PtTimerLink *tail;
  gint64       timeout_ms;
} PtTimerList;

/* Unlinks link, which is on list. */
static inline void
pt_timer_list_remove (PtTimerList *list,
                      PtTimerLink *link)
{
  if (link->prev != NULL)
    link->prev->next = link->next;
  else
    list->head = link->next;
  if (link->next != NULL)
    link->next->prev = link->prev;
  else
    list->tail = link->prev;
  link->prev = link->next = NULL;
}

/* Appends link (on no list) with its deadline now_ms + list->timeout_ms. */
static inline void
pt_timer_list_append (PtTimerList *list,
                      PtTimerLink *link,
                      gint64       now_ms)
{
  link->deadline_ms = now_ms + list->timeout_ms;
  link->prev = list->tail;
  link->next = NULL;
  if (list->tail != NULL)
    list->tail->next = link;
  else
    list->head = link;
  list->tail = link;
}

G_END_DECLS

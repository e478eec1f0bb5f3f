/* pt-tsan.h — tell ThreadSanitizer about orderings it cannot see (layer 1)
 *
 * GLib is not built with TSan and its GMutex is a bare futex, so TSan does
 * not see the happens-before a GMutex gives.  Code that hands memory across
 * threads under a GMutex marks the critical section: acquire right after
 * locking, release right before unlocking (what a visible mutex records).
 * Without TSan the macros compile to nothing.
 */
#pragma once

#include <glib.h>

#if defined(__SANITIZE_THREAD__)
# define PT_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define PT_TSAN 1
# endif
#endif

#ifdef PT_TSAN
# include <sanitizer/tsan_interface.h>
# define PT_TSAN_ACQUIRE(addr) __tsan_acquire ((void *) (addr))
# define PT_TSAN_RELEASE(addr) __tsan_release ((void *) (addr))
#else
# define PT_TSAN_ACQUIRE(addr) G_STMT_START { (void) (addr); } G_STMT_END
# define PT_TSAN_RELEASE(addr) G_STMT_START { (void) (addr); } G_STMT_END
#endif

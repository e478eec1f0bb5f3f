/* openat2-shim.c — LD_PRELOAD shim for profiling Portico under valgrind
 *
 * valgrind 3.19 (Debian 12) does not know the openat2 system call and fails it
 * with ENOSYS, so every request would be a 500.  profile.sh preloads this shim
 * for the callgrind run only: syscall (SYS_openat2, dirfd, path, how, size)
 * becomes openat (dirfd, path, how->flags, how->mode).  The RESOLVE_* flags are
 * dropped, which is harmless for the benchmark's own docroot and is never done
 * outside profiling.  Every other system call goes to libc's syscall().
 *
 * Built by profile.sh: cc -shared -fPIC -O2 -o openat2-shim.so openat2-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/syscall.h>

#define SHIM_SYSCALL_ARGS 6   /* the most arguments a Linux system call takes */

typedef long (*SyscallFunc) (long number, ...);

long syscall (long number, ...);

long
syscall (long number, ...)
{
  static SyscallFunc real_syscall;   /* set once; every thread stores the same value */
  long args[SHIM_SYSCALL_ARGS];
  va_list ap;

  /* Like libc's own syscall(): always read the six argument registers. */
  va_start (ap, number);
  for (int i = 0; i < SHIM_SYSCALL_ARGS; i++)
    args[i] = va_arg (ap, long);
  va_end (ap);

  if (number == SYS_openat2)
    {
      const struct open_how *how = (const struct open_how *) args[2];

      return openat ((int) args[0], (const char *) args[1], (int) how->flags, (mode_t) how->mode);
    }

  if (real_syscall == NULL)
    real_syscall = (SyscallFunc) dlsym (RTLD_NEXT, "syscall");
  return real_syscall (number, args[0], args[1], args[2], args[3], args[4], args[5]);
}

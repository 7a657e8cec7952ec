#include "CFileOutput.h"

#include <errno.h>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int cfo_renameat2(const char *from, const char *to, unsigned int flags) {
#ifdef SYS_renameat2
  if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags) == 0) return 0;
  return errno;
#else
  (void)from;
  (void)to;
  (void)flags;
  return ENOSYS;
#endif
}

int cfo_rename_exchange(const char *a, const char *b) { return cfo_renameat2(a, b, RENAME_EXCHANGE); }

int cfo_rename_noreplace(const char *from, const char *to) {
  return cfo_renameat2(from, to, RENAME_NOREPLACE);
}

#elif defined(__APPLE__)
#include <stdio.h>

// Darwin's renamex_np (macOS 10.12+) has the same two operations: RENAME_SWAP and RENAME_EXCL.
static int cfo_renamex(const char *from, const char *to, unsigned int flags) {
  if (renamex_np(from, to, flags) == 0) return 0;
  return errno;
}

int cfo_rename_exchange(const char *a, const char *b) { return cfo_renamex(a, b, RENAME_SWAP); }

int cfo_rename_noreplace(const char *from, const char *to) { return cfo_renamex(from, to, RENAME_EXCL); }

#else

int cfo_rename_exchange(const char *a, const char *b) {
  (void)a;
  (void)b;
  return ENOSYS;
}

int cfo_rename_noreplace(const char *from, const char *to) {
  (void)from;
  (void)to;
  return ENOSYS;
}

#endif

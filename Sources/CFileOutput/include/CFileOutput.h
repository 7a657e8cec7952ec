#ifndef CFILEOUTPUT_H
#define CFILEOUTPUT_H

// Linux rename flags that Swift's Glibc module does not import (renameat2 is declared only with
// _GNU_SOURCE and `syscall` is variadic). Every function returns 0 or an errno value; ENOSYS,
// EINVAL or EOPNOTSUPP mean the kernel or file system cannot do it, so the caller falls back.

/// Exchanges the two existing paths `a` and `b` in one step: renameat2(RENAME_EXCHANGE).
int cfo_rename_exchange(const char *a, const char *b);

/// Renames `from` to `to` only when `to` does not exist (EEXIST otherwise):
/// renameat2(RENAME_NOREPLACE).
int cfo_rename_noreplace(const char *from, const char *to);

#endif

#ifndef CFILEOUTPUT_H
#define CFILEOUTPUT_H

// Rename flags that Swift's system modules do not import: on Linux renameat2 (declared only with
// _GNU_SOURCE; `syscall` is variadic), on Darwin renamex_np. Every function returns 0 or an errno
// value; ENOSYS, EINVAL, EOPNOTSUPP or ENOTSUP mean the kernel or file system cannot do it (or,
// on other systems, that there is no such call), so the caller falls back.

/// Exchanges the two existing paths `a` and `b` in one step: renameat2(RENAME_EXCHANGE) on Linux,
/// renamex_np(RENAME_SWAP) on Darwin.
int cfo_rename_exchange(const char *a, const char *b);

/// Renames `from` to `to` only when `to` does not exist (EEXIST otherwise):
/// renameat2(RENAME_NOREPLACE) on Linux, renamex_np(RENAME_EXCL) on Darwin.
int cfo_rename_noreplace(const char *from, const char *to);

#endif

#ifndef BERTH_ENGINE_FS_H
#define BERTH_ENGINE_FS_H
#include <sys/types.h>
#include <stdint.h>
#include <sys/xattr.h>

/// openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: resolves `path`
/// as if `rootfd` were `/`, so symlinks in an unpacked layer cannot lead out.
/// Returns the descriptor or -1 with errno set.
int engine_open_in_root(int rootfd, const char *path, int flags, unsigned int mode);

/// pidfd_open(2), close-on-exec: a descriptor that polls readable once
/// `pid` has exited. -1 with errno set (ESRCH: no such process).
int engine_pidfd_open(pid_t pid);

/// makedev(3) is a macro; exposed here for Swift.
uint64_t engine_makedev(unsigned int major, unsigned int minor);
unsigned int engine_major(uint64_t dev);
unsigned int engine_minor(uint64_t dev);

#endif

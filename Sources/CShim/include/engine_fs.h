#ifndef BERTH_ENGINE_FS_H
#define BERTH_ENGINE_FS_H
#include <sys/types.h>
#include <stdint.h>
#include <sys/xattr.h>

/// openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: resolves `path`
/// as if `rootfd` were `/`, so symlinks in an unpacked layer cannot lead out.
/// Returns the descriptor or -1 with errno set.
int engine_open_in_root(int rootfd, const char *path, int flags, unsigned int mode);

/// makedev(3) is a macro; exposed here for Swift.
uint64_t engine_makedev(unsigned int major, unsigned int minor);
unsigned int engine_major(uint64_t dev);
unsigned int engine_minor(uint64_t dev);

#endif

#ifndef BERTH_ENGINE_NETNS_H
#define BERTH_ENGINE_NETNS_H

/// Creates a new, empty network namespace and bind-mounts it on `path` (an
/// existing file), as `unshare --net=PATH true` does, without a process: a
/// short-lived thread unshares its own network namespace (namespaces are per
/// thread) and binds it, so the caller's threads keep theirs.
/// Returns 0, or an errno value.
int engine_netns_create(const char *path);

#endif

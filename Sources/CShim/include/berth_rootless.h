#ifndef BERTH_ROOTLESS_H
#define BERTH_ROOTLESS_H
// Rootless berth: the user namespace an ordinary user's berth runs in.
//
// A constructor (before the Swift runtime starts any thread: joining a user
// namespace needs a single-threaded process) joins the user and mount
// namespaces of the user's pause process, whose pid is in
// $XDG_RUNTIME_DIR/berth/pause.pid. It acts only in the `berth` executable,
// which defines the symbol `berth_rootless_entry`; in other programs linking
// CShim it only records who started the process.
#include <sys/types.h>

// 1 when the process was started by a non-root user (or is a child of such
// a berth inside its namespace, which passes _BERTH_ROOTLESS_UID on).
int berth_rootless_active(void);
// 1 when the constructor joined (or the process was born in) the user's namespace.
int berth_rootless_in_namespace(void);
// 1 when this executable asked for the constructor (the `berth` binary).
int berth_rootless_entry_enabled(void);
// The uid and gid as the host sees them (geteuid()/getegid() before joining).
uid_t berth_rootless_host_uid(void);
gid_t berth_rootless_host_gid(void);
// Why the constructor did not join a pause process that the pid file
// named (errno, and the step: "read pid file", "setns user", ...); 0 / NULL
// when there was none to join or it joined.
int berth_rootless_join_errno(void);
const char *berth_rootless_join_stage(void);
// Microseconds the constructor spent joining (for --log-level=debug).
long berth_rootless_join_usec(void);
// The process's arguments as glibc handed them to constructors (the Swift
// runtime's CommandLine comes back empty in a process that joined).
char **berth_startup_argv(int *argc);

// Forks the pause process: it makes a new user and mount namespace, says so
// on `*ready_fd` (one byte), then waits for one byte on `*go_fd`'s other end:
// 1 (its id maps are written) makes it pause for good, anything else or
// end-of-file makes it exit. Returns its pid, or -1 with *err set.
pid_t berth_rootless_fork_pause(int *ready_fd, int *go_fd, int *err);
#endif

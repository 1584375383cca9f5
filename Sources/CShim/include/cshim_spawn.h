#ifndef BERTH_CSHIM_SPAWN_H
#define BERTH_CSHIM_SPAWN_H
// fork/exec for Berth: safe in multithreaded processes, no inherited signal
// state, no stray fds, and an exec failure reported as an errno.
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One descriptor the child gets: `src` (in the parent) appears as `dst` in
/// the child, without close-on-exec. `src` may equal `dst`.
typedef struct cshim_fd_map {
    int src;
    int dst;
} cshim_fd_map;

/// What to run and how. Zero-initialise, then fill in what you need.
typedef struct cshim_spawn_options {
    /// Program to execute. Without a '/', it is searched in PATH.
    const char *path;
    /// NULL-terminated argument vector (argv[0] included).
    char *const *argv;
    /// NULL-terminated environment; NULL means the parent's `environ`.
    char *const *envp;
    /// Working directory for the child; NULL keeps the parent's.
    const char *cwd;
    /// Descriptors to install in the child (see cshim_fd_map).
    const cshim_fd_map *fds;
    size_t nfds;
    /// Non-zero: any of fds 0..2 not named as a `dst` is opened on /dev/null.
    int null_stdio;
    /// Non-zero: every fd >= 3 that is not a `dst` is closed before exec,
    /// whether or not it has close-on-exec.
    int close_other_fds;
    /// Non-zero: the child calls setsid().
    int new_session;
    /// Non-zero: the child asks for this signal when the parent dies
    /// (PR_SET_PDEATHSIG) and exits at once if the parent is already gone.
    int parent_death_signal;
    /// Non-zero: the child starts in the cgroup v2 directory open as
    /// `cgroup_fd` (clone3 with CLONE_INTO_CGROUP), so it never has to be
    /// moved there: a move waits for an RCU grace period, milliseconds.
    /// If the kernel refuses, the child starts where the parent is and
    /// `cshim_spawn` reports that through `placed_out`.
    int into_cgroup;
    int cgroup_fd;
} cshim_spawn_options;

/// Sets the calling thread's execution domain (personality(2)), which the
/// children it spawns inherit through their exec; 0xffffffff only reads it.
/// Returns the previous persona, or -1 with errno set.
int cshim_set_personality(unsigned long persona);

/// Starts a child process.
///
/// Signals are blocked while the child is made (vfork, or clone3 into a
/// cgroup); in the child every handler is reset to
/// SIG_DFL (ignored signals included) and the signal mask is emptied before
/// exec. If anything in the child fails (chdir, dup2, exec, ...) its errno is
/// sent over a close-on-exec pipe and the child calls _exit(127), so the
/// caller learns the reason synchronously.
///
/// Returns the child's pid, or -1 with `*error_out` set to the errno of the
/// failing step (the child has then already been reaped). `error_out` may be
/// NULL.
pid_t cshim_spawn(const cshim_spawn_options *options, int *error_out);

/// cshim_spawn, also telling whether the child started in the cgroup of
/// `options->cgroup_fd` (`*placed_out` 1) or where the parent is (0).
pid_t cshim_spawn_placed(const cshim_spawn_options *options, int *error_out, int *placed_out);

#ifdef __cplusplus
}
#endif
#endif

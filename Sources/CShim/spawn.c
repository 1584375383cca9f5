#define _GNU_SOURCE
#include "cshim_spawn.h"

#include <errno.h>
#include <linux/sched.h>
#include <stdint.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

// Only async-signal-safe calls from here on in the child.
__attribute__((noreturn))
static void child_fail(int report_fd, int err) {
    ssize_t rc;
    do {
        rc = write(report_fd, &err, sizeof err);
    } while (rc < 0 && errno == EINTR);
    _exit(127);
}

static int is_dst(const cshim_spawn_options *o, int fd) {
    for (size_t i = 0; i < o->nfds; i++)
        if (o->fds[i].dst == fd)
            return 1;
    return 0;
}

static void close_others(const cshim_spawn_options *o, int report_fd) {
    int maxdst = 2;
    for (size_t i = 0; i < o->nfds; i++)
        if (o->fds[i].dst > maxdst)
            maxdst = o->fds[i].dst;
    for (int fd = 3; fd <= maxdst; fd++)
        if (fd != report_fd && !is_dst(o, fd))
            close(fd);
    // The report pipe is close-on-exec; keep it open until exec.
    if (report_fd > maxdst) {
        if (report_fd > maxdst + 1)
            syscall(SYS_close_range, maxdst + 1, report_fd - 1, 0);
        syscall(SYS_close_range, report_fd + 1, ~0U, 0);
    } else {
        syscall(SYS_close_range, maxdst + 1, ~0U, 0);
    }
}

// Never inlined: in a vfork child its locals must live in frames of their
// own below the parent's, not share slots with the parent's variables.
__attribute__((noreturn, noinline))
static void child(const cshim_spawn_options *o, int report_fd, char *const *envp) {
    // Handlers: default for everything (SIG_IGN survives exec otherwise).
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        if (sigaction(sig, &sa, NULL) < 0) {
            // glibc refuses its internal real-time signals (32, 33); an
            // ignored one would still survive exec, so ask the kernel directly.
            struct {
                void *handler;
                unsigned long flags;
                void *restorer;
                unsigned long mask;
            } raw = {0};
            syscall(SYS_rt_sigaction, sig, &raw, NULL, sizeof raw.mask);
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (o->new_session && setsid() < 0)
        child_fail(report_fd, errno);
    if (o->parent_death_signal) {
        if (prctl(PR_SET_PDEATHSIG, (unsigned long)o->parent_death_signal, 0, 0, 0) < 0)
            child_fail(report_fd, errno);
        if (getppid() == 1)
            _exit(127);
    }

    // Move every source, and the report fd, above all destinations first, so
    // installing one mapping cannot clobber another's source.
    int maxfd = report_fd > 2 ? report_fd : 2;
    for (size_t i = 0; i < o->nfds; i++) {
        if (o->fds[i].src > maxfd) maxfd = o->fds[i].src;
        if (o->fds[i].dst > maxfd) maxfd = o->fds[i].dst;
    }
    if (report_fd <= maxfd - 1 || report_fd <= 2) {
        int high = fcntl(report_fd, F_DUPFD_CLOEXEC, maxfd + 1);
        if (high < 0)
            child_fail(report_fd, errno);
        close(report_fd);
        report_fd = high;
        maxfd = high;
    }
    int moved[o->nfds > 0 ? o->nfds : 1];
    for (size_t i = 0; i < o->nfds; i++) {
        moved[i] = fcntl(o->fds[i].src, F_DUPFD_CLOEXEC, maxfd + 1);
        if (moved[i] < 0)
            child_fail(report_fd, errno);
    }
    for (size_t i = 0; i < o->nfds; i++) {
        if (dup2(moved[i], o->fds[i].dst) < 0)
            child_fail(report_fd, errno);
    }
    for (size_t i = 0; i < o->nfds; i++)
        close(moved[i]);

    if (o->null_stdio) {
        for (int fd = 0; fd <= 2; fd++) {
            if (is_dst(o, fd))
                continue;
            int n = open("/dev/null", O_RDWR);
            if (n < 0)
                child_fail(report_fd, errno);
            if (n != fd) {
                if (dup2(n, fd) < 0)
                    child_fail(report_fd, errno);
                close(n);
            }
        }
    }
    if (o->close_other_fds)
        close_others(o, report_fd);

    if (o->cwd && chdir(o->cwd) < 0)
        child_fail(report_fd, errno);

    if (strchr(o->path, '/'))
        execve(o->path, o->argv, envp);
    else
        execvpe(o->path, o->argv, envp);
    child_fail(report_fd, errno);
}

// clone3 into a cgroup with fork's semantics (no shared memory, SIGCHLD):
// 0 in the child, as fork; -1 when the kernel refuses (old kernel, or a
// cgroup that takes no processes).
static pid_t clone_into_cgroup(int cgroup_fd) {
#ifdef CLONE_INTO_CGROUP
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (uint64_t)cgroup_fd;
    return (pid_t)syscall(SYS_clone3, &args, sizeof args);
#else
    (void)cgroup_fd;
    errno = ENOSYS;
    return -1;
#endif
}

pid_t cshim_spawn(const cshim_spawn_options *options, int *error_out) {
    int placed;
    return cshim_spawn_placed(options, error_out, &placed);
}

pid_t cshim_spawn_placed(const cshim_spawn_options *options, int *error_out, int *placed_out) {
    int report[2];
    int err = 0;
    int placed = 0;
    if (error_out)
        *error_out = 0;
    if (placed_out)
        *placed_out = 0;
    if (!options || !options->path || !options->argv) {
        if (error_out)
            *error_out = EINVAL;
        return -1;
    }
    if (pipe2(report, O_CLOEXEC) < 0) {
        if (error_out)
            *error_out = errno;
        return -1;
    }
    char *const *envp = options->envp ? options->envp : environ;

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = -1;
    if (options->into_cgroup) {
        pid = clone_into_cgroup(options->cgroup_fd);
        placed = pid >= 0;
    }
    if (pid < 0) {
        // vfork: the child borrows our memory until it execs, so a large
        // parent pays no page-table copy and no copy-on-write faults after.
        // The child only makes system calls, on its own frames below ours,
        // and never returns; every signal is blocked here, so no handler
        // of ours runs on the shared stack.
        pid = vfork();
    }
    if (pid == 0) {
        close(report[0]);
        child(options, report[1], envp);
        _exit(127);
    }
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(report[1]);

    if (pid < 0) {
        close(report[0]);
        if (error_out)
            *error_out = fork_errno;
        return -1;
    }

    ssize_t n;
    do {
        n = read(report[0], &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof err) {
        // The child never exec'd: collect it now so it cannot linger.
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        if (error_out)
            *error_out = err;
        return -1;
    }
    if (placed_out)
        *placed_out = placed;
    return pid;
}

int cshim_set_personality(unsigned long persona) {
    return personality(persona);
}

#define _GNU_SOURCE
#include "berth_rootless.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// Defined (as a function) only by the `berth` executable: the marker that
// lets the constructor join namespaces there and nowhere else.
extern void berth_rootless_entry(void) __attribute__((weak));

static int rootless_active;
static int in_namespace;
static uid_t host_uid;
static gid_t host_gid;
static int join_errno;
static const char *join_stage;
static long join_usec;
static int startup_argc;
static char **startup_argv;

int berth_rootless_active(void) { return rootless_active; }
int berth_rootless_in_namespace(void) { return in_namespace; }
int berth_rootless_entry_enabled(void) { return berth_rootless_entry != NULL; }
uid_t berth_rootless_host_uid(void) { return host_uid; }
gid_t berth_rootless_host_gid(void) { return host_gid; }
int berth_rootless_join_errno(void) { return join_errno; }
const char *berth_rootless_join_stage(void) { return join_stage; }
long berth_rootless_join_usec(void) { return join_usec; }
char **berth_startup_argv(int *argc) {
    *argc = startup_argc;
    return startup_argv;
}

static int fail(const char *stage, int err) {
    join_stage = stage;
    join_errno = err;
    return -1;
}

// Reads a small file whole; returns its length or -1.
static ssize_t read_small(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n;
    do {
        n = read(fd, buf, size - 1);
    } while (n < 0 && errno == EINTR);
    int saved = errno;
    close(fd);
    errno = saved;
    if (n < 0) return -1;
    buf[n] = 0;
    return n;
}

// Whether this process is in a user namespace other than the initial one
// (whose uid_map is the whole range mapped onto itself).
static int in_child_user_namespace(void) {
    char map[256];
    if (read_small("/proc/self/uid_map", map, sizeof map) < 0) return 0;
    unsigned long a, b, c;
    if (sscanf(map, "%lu %lu %lu", &a, &b, &c) != 3) return 0;
    return !(a == 0 && b == 0 && c == 4294967295UL);
}

// Joins the user and mount namespaces of the pause process `pid`, which
// must be this user's and be a pause process (its name says so).
static int join(pid_t pid) {
    char path[64], comm[64];
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    if (read_small(path, comm, sizeof comm) < 0) return fail("read the pause process's name", errno);
    if (strcmp(comm, "berth-pause\n") != 0) return fail("find the pause process", ESRCH);
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    struct stat st;
    if (stat(path, &st) != 0) return fail("stat the pause process", errno);
    if (st.st_uid != host_uid) return fail("check the pause process's owner", EPERM);

    snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
    int userfd = open(path, O_RDONLY | O_CLOEXEC);
    if (userfd < 0) return fail("open the pause process's user namespace", errno);
    snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)pid);
    int mntfd = open(path, O_RDONLY | O_CLOEXEC);
    if (mntfd < 0) {
        int e = errno;
        close(userfd);
        return fail("open the pause process's mount namespace", e);
    }
    // Joining a mount namespace moves the working directory to its root.
    char cwd[PATH_MAX];
    int have_cwd = getcwd(cwd, sizeof cwd) != NULL;
    int rc = 0;
    if (setns(userfd, CLONE_NEWUSER) != 0) rc = fail("setns user", errno);
    else if (setns(mntfd, CLONE_NEWNS) != 0) rc = fail("setns mnt", errno);
    close(userfd);
    close(mntfd);
    if (rc != 0) return rc;
    if (setresgid(0, 0, 0) != 0) return fail("setresgid 0", errno);
    if (setresuid(0, 0, 0) != 0) return fail("setresuid 0", errno);
    // Entering the namespace made the process undumpable, which hides
    // /proc/self (argv, fds) from itself inside it.
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (have_cwd && chdir(cwd) != 0) chdir("/");
    return 0;
}

__attribute__((constructor))
static void berth_rootless_init(int argc, char **argv, char **envp) {
    (void)envp;
    startup_argc = argc;
    startup_argv = argv;
    const char *passed = getenv("_BERTH_ROOTLESS_UID");
    if (geteuid() == 0) {
        // A child of a rootless berth (the monitor's cleanup call): already
        // inside the namespace. The variable means nothing to real root.
        if (passed && in_child_user_namespace()) {
            const char *gid = getenv("_BERTH_ROOTLESS_GID");
            rootless_active = 1;
            in_namespace = 1;
            host_uid = (uid_t)strtoul(passed, NULL, 10);
            host_gid = gid ? (gid_t)strtoul(gid, NULL, 10) : (gid_t)host_uid;
        }
        return;
    }
    rootless_active = 1;
    host_uid = geteuid();
    host_gid = getegid();
    if (berth_rootless_entry == NULL) return;
    const char *run = getenv("XDG_RUNTIME_DIR");
    if (!run || run[0] != '/') return;
    char path[PATH_MAX], text[32];
    if (snprintf(path, sizeof path, "%s/berth/pause.pid", run) >= (int)sizeof path) return;
    if (read_small(path, text, sizeof text) < 0) {
        if (errno != ENOENT) fail("read the pause pid file", errno);
        return;
    }
    char *end;
    long pid = strtol(text, &end, 10);
    if (pid <= 0 || (*end != 0 && *end != '\n')) {
        fail("parse the pause pid file", EINVAL);
        return;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (join((pid_t)pid) != 0) return;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    join_usec = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    in_namespace = 1;
    char id[16];
    snprintf(id, sizeof id, "%u", (unsigned)host_uid);
    setenv("_BERTH_ROOTLESS_UID", id, 1);
    snprintf(id, sizeof id, "%u", (unsigned)host_gid);
    setenv("_BERTH_ROOTLESS_GID", id, 1);
}

static int write_byte(int fd, char c) {
    ssize_t n;
    do {
        n = write(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -1;
}

static char read_byte(int fd) {
    char c = 0;
    ssize_t n;
    do {
        n = read(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? c : 0;
}

pid_t berth_rootless_fork_pause(int *ready_fd, int *go_fd, int *err) {
    int ready[2], go[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        *err = errno;
        return -1;
    }
    if (pipe2(go, O_CLOEXEC) != 0) {
        *err = errno;
        close(ready[0]);
        close(ready[1]);
        return -1;
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        // Only async-signal-safe calls and raw system calls from here on.
        close(ready[0]);
        close(go[1]);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        for (int s = 1; s < NSIG; s++) sigaction(s, &sa, NULL);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGHUP, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGPIPE, &sa, NULL);
        setsid();
        // Named first: the pid file is written as soon as it is released,
        // and joiners check the name.
        prctl(PR_SET_NAME, "berth-pause", 0, 0, 0);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
            write_byte(ready[1], 'E');
            _exit(1);
        }
        write_byte(ready[1], 'R');
        if (read_byte(go[0]) != '1') _exit(1);
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        syscall(SYS_close_range, 3, ~0U, 0);
        if (chdir("/") != 0) _exit(1);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (;;) pause();
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(ready[1]);
    close(go[0]);
    if (pid < 0) {
        *err = saved;
        close(ready[0]);
        close(go[1]);
        return -1;
    }
    *ready_fd = ready[0];
    *go_fd = go[1];
    return pid;
}

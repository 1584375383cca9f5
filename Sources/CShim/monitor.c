#define _GNU_SOURCE
#include "cshim_monitor.h"

#include <dlfcn.h>
#include <malloc.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

int cshim_errno(void) { return errno; }
void cshim_set_errno(int value) { errno = value; }

int cshim_open(const char *path, int flags, unsigned mode) { return open(path, flags, (mode_t)mode); }
int cshim_openat(int dirfd, const char *path, int flags, unsigned mode) {
    return openat(dirfd, path, flags, (mode_t)mode);
}
int cshim_fcntl_int(int fd, int cmd, int arg) { return fcntl(fd, cmd, arg); }
int cshim_set_nonblocking(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -1;
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int cshim_set_child_subreaper(int on) { return prctl(PR_SET_CHILD_SUBREAPER, (unsigned long)on, 0, 0, 0); }

int cshim_capability_bounded(int cap) { return prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0); }

int cshim_wait_status_code(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int cshim_epoll_wait(int epfd, cshim_epoll_event *out, int max, int timeout_ms) {
    struct epoll_event evs[32];
    if (max > 32)
        max = 32;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].events = evs[i].events;
        out[i].data = evs[i].data.u64;
    }
    return n;
}

static socklen_t fill_addr(struct sockaddr_un *sa, const char *path) {
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    size_t len = strlen(path);
    if (len >= sizeof sa->sun_path) {
        errno = ENAMETOOLONG;
        return 0;
    }
    memcpy(sa->sun_path, path, len);
    if (path[0] == '@')
        sa->sun_path[0] = '\0';
    else
        len++;
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
}

int cshim_unix_bind(int fd, const char *path) {
    struct sockaddr_un sa;
    socklen_t len = fill_addr(&sa, path);
    if (len == 0)
        return -1;
    return bind(fd, (struct sockaddr *)&sa, len);
}

int cshim_unix_sendto(int fd, const void *buf, size_t n, const char *path) {
    struct sockaddr_un sa;
    socklen_t len = fill_addr(&sa, path);
    if (len == 0)
        return -1;
    return (int)sendto(fd, buf, n, MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
}

/* A one-iovec message with room for one control message of `len` bytes. */
static void init_msg(struct msghdr *msg, struct iovec *iov, void *control, size_t len) {
    memset(msg, 0, sizeof *msg);
    msg->msg_iov = iov;
    msg->msg_iovlen = 1;
    msg->msg_control = control;
    msg->msg_controllen = len;
}

int cshim_recv_fd(int sock) {
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg;
    init_msg(&msg, &iov, u.buf, sizeof u.buf);
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
        errno = EBADMSG;
        return -1;
    }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

int cshim_send_fd(int sock, int fd) {
    char byte = 0;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr msg;
    init_msg(&msg, &iov, u.buf, sizeof u.buf);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : 0;
}

int cshim_accept(int fd, int flags) { return accept4(fd, NULL, NULL, flags); }

long cshim_recv_with_pid(int fd, void *buf, size_t len, int *pid) {
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    union {
        char buf[CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } u;
    struct msghdr msg;
    init_msg(&msg, &iov, u.buf, sizeof u.buf);
    *pid = 0;
    ssize_t n;
    do {
        n = recvmsg(fd, &msg, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred cred;
            memcpy(&cred, CMSG_DATA(c), sizeof cred);
            *pid = cred.pid;
        }
    }
    return (long)n;
}

int cshim_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;
    return ioctl(fd, TIOCSWINSZ, &ws);
}

int cshim_signalfd_for(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++)
        sigaddset(&set, signals[i]);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        return -1;
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int cshim_signalfd_read(int fd) {
    struct signalfd_siginfo si;
    ssize_t n;
    do {
        n = read(fd, &si, sizeof si);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? 0 : -1;
    if (n != (ssize_t)sizeof si)
        return 0;
    return (int)si.ssi_signo;
}

int cshim_ignore_signal(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    return sigaction(sig, &sa, NULL);
}

void cshim_local_time(int64_t seconds, int *f, long *gmtoff) {
    time_t t = (time_t)seconds;
    struct tm tm;
    localtime_r(&t, &tm);
    f[0] = tm.tm_year + 1900;
    f[1] = tm.tm_mon + 1;
    f[2] = tm.tm_mday;
    f[3] = tm.tm_hour;
    f[4] = tm.tm_min;
    f[5] = tm.tm_sec;
    *gmtoff = tm.tm_gmtoff;
}

const char *cshim_getenv(const char *name) { return getenv(name); }

void cshim_syslog(int priority, const char *message) { syslog(priority, "%s", message); }

static int saved_argc;
static char **saved_argv;

// glibc passes (argc, argv, envp) to .init_array functions.
__attribute__((constructor)) static void cshim_capture_args(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}

int cshim_argc(void) { return saved_argc; }
char **cshim_argv(void) { return saved_argv; }

typedef int (*journal_sendv_fn)(const struct iovec *iov, int n);
static journal_sendv_fn journal_sendv;

int cshim_journal_load(void) {
    if (journal_sendv)
        return 0;
    void *lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return -1;
    journal_sendv = (journal_sendv_fn)dlsym(lib, "sd_journal_sendv");
    return journal_sendv ? 0 : -1;
}

int cshim_journal_sendv(const struct iovec *iov, int n) {
    if (!journal_sendv)
        return -ENOSYS;
    return journal_sendv(iov, n);
}

void cshim_release_free_memory(void) { malloc_trim(0); }

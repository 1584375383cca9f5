#ifndef BERTH_CSHIM_MONITOR_H
#define BERTH_CSHIM_MONITOR_H
// The C surface of conmon-swift. Embedded Swift has no Glibc module, so the
// monitor imports the libc headers through this one, plus wrappers for what
// Swift cannot call: variadic functions (open, fcntl, ioctl, prctl), errno,
// wait-status and CMSG macros, and the packed epoll_event.
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

int cshim_errno(void);
void cshim_set_errno(int value);

/// open(2) with an explicit mode (open is variadic).
int cshim_open(const char *path, int flags, unsigned mode);
int cshim_openat(int dirfd, const char *path, int flags, unsigned mode);
/// fcntl(2) F_GETFL/F_SETFL/F_GETFD/F_SETFD style calls with an int argument.
int cshim_fcntl_int(int fd, int cmd, int arg);
/// Adds O_NONBLOCK to an fd's status flags.
int cshim_set_nonblocking(int fd);

/// prctl(PR_SET_CHILD_SUBREAPER, on).
int cshim_set_child_subreaper(int on);
/// prctl(PR_CAPBSET_READ, cap): 1 if this process's bounding set holds
/// the capability, 0 if not, -1 (EINVAL) for a number the kernel lacks.
int cshim_capability_bounded(int cap);

/// Exit code a shell would report: the status for a normal exit, 128+N for
/// a death by signal N; -1 if the status is neither.
int cshim_wait_status_code(int status);

/// epoll without the packed struct: `data` comes back in `out_data`.
int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
typedef struct cshim_epoll_event {
    uint32_t events;
    uint64_t data;
} cshim_epoll_event;
int cshim_epoll_wait(int epfd, cshim_epoll_event *out, int max, int timeout_ms);

/// bind/connect an AF_UNIX socket to `path` (abstract if it starts with '@').
int cshim_unix_bind(int fd, const char *path);
int cshim_unix_sendto(int fd, const void *buf, size_t len, const char *path);

/// Receives one SCM_RIGHTS descriptor over a unix socket (close-on-exec).
/// Returns the fd, or -1 with errno.
int cshim_recv_fd(int sock);
/// Sends one descriptor with a one-byte payload.
int cshim_send_fd(int sock, int fd);

/// accept4(fd, NULL, NULL, flags) (the address argument is a transparent union).
int cshim_accept(int fd, int flags);

/// recv(2) of one datagram with the sender's pid (SO_PASSCRED must be on);
/// `*pid` is 0 when no credentials came along. Returns the length or -1.
long cshim_recv_with_pid(int fd, void *buf, size_t len, int *pid);

/// TIOCSWINSZ on a terminal.
int cshim_set_winsize(int fd, unsigned short rows, unsigned short cols);

/// signalfd over the given signals (blocked by this call); NULL-free.
int cshim_signalfd_for(const int *signals, int count);
/// Reads one signalfd record; returns the signal number, 0 if none, -1 on error.
int cshim_signalfd_read(int fd);

/// Installs SIG_IGN for `sig`.
int cshim_ignore_signal(int sig);

/// Local time for `seconds`: fills y/mo/d/h/mi/s and the UTC offset in seconds.
void cshim_local_time(int64_t seconds, int *fields6, long *gmtoff);

/// syslog(3) of one preformatted message (syslog is variadic).
void cshim_syslog(int priority, const char *message);

/// sd_journal_sendv from libsystemd, loaded on first use (dlopen), so a
/// monitor that never logs to journald does not pay for libsystemd and its
/// dependencies in private memory. Returns 0, or -1 if libsystemd is missing.
int cshim_journal_load(void);
/// sd_journal_sendv; -ENOSYS when cshim_journal_load has not succeeded.
int cshim_journal_sendv(const struct iovec *iov, int n);

/// Returns freed heap memory to the kernel (malloc_trim), so start-up
/// allocations do not stay in the monitor's private memory for its lifetime.
void cshim_release_free_memory(void);

/// The process's argv, captured before main (Embedded Swift has no CommandLine).
int cshim_argc(void);
char **cshim_argv(void);

/// Environment variable or NULL.
const char *cshim_getenv(const char *name);

#ifdef __cplusplus
}
#endif
#endif

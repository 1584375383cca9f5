#define _GNU_SOURCE
#include "cshim_sigproxy.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int proxy_write_fd = -1;
static struct sigaction previous[NSIG];
static unsigned char installed[NSIG];
/// Proxied signals the calling thread had blocked (a parent's mask is
/// inherited): unblocked while proxying, as Go unblocks what Podman catches.
static sigset_t was_blocked;

static int is_fault(int sig) {
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP || sig == SIGSYS;
}

static void proxy_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;
    // Not for the container: a fault of ours (si_code > 0 is the kernel's)
    // or a signal we raised. The handler before ours sees it again.
    if ((is_fault(sig) && info->si_code > 0) || (info->si_code <= 0 && info->si_pid == getpid())) {
        sigaction(sig, &previous[sig], NULL);
        installed[sig] = 0;
        if (info->si_code <= 0) raise(sig);
        errno = saved;
        return;
    }
    unsigned char byte = (unsigned char)sig;
    if (proxy_write_fd >= 0) {
        ssize_t n;
        do {
            n = write(proxy_write_fd, &byte, 1);
        } while (n < 0 && errno == EINTR);
    }
    errno = saved;
}

int cshim_sigproxy_start(const int *signals, int count) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    proxy_write_fd = fds[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = proxy_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigset_t current, proxied;
    sigemptyset(&proxied);
    sigemptyset(&was_blocked);
    pthread_sigmask(SIG_BLOCK, NULL, &current);
    for (int i = 0; i < count; i++) {
        int sig = signals[i];
        if (sig <= 0 || sig >= NSIG || installed[sig])
            continue;
        // glibc refuses its own real-time signals (32, 33): nothing to proxy there.
        if (sigaction(sig, &sa, &previous[sig]) == 0) {
            installed[sig] = 1;
            sigaddset(&proxied, sig);
            if (sigismember(&current, sig) == 1) sigaddset(&was_blocked, sig);
        }
    }
    pthread_sigmask(SIG_UNBLOCK, &proxied, NULL);
    return fds[0];
}

int cshim_sigproxy_next(int fd) {
    unsigned char byte;
    ssize_t n;
    do {
        n = read(fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? byte : 0;
}

void cshim_sigproxy_stop(int fd) {
    pthread_sigmask(SIG_BLOCK, &was_blocked, NULL);
    sigemptyset(&was_blocked);
    for (int sig = 1; sig < NSIG; sig++) {
        if (installed[sig]) {
            sigaction(sig, &previous[sig], NULL);
            installed[sig] = 0;
        }
    }
    int write_fd = proxy_write_fd;
    proxy_write_fd = -1;
    if (write_fd >= 0) close(write_fd);
    if (fd >= 0) close(fd);
}

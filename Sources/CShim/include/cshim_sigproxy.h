#ifndef CSHIM_SIGPROXY_H
#define CSHIM_SIGPROXY_H

/// Signal proxying for attached sessions (`--sig-proxy`): handlers that
/// write each caught signal's number to a pipe, so a poll loop reads them
/// in order. Handlers, unlike a signalfd, catch a signal whichever thread
/// the kernel picks. A fault the kernel raises (SIGSEGV from a bad access)
/// or a signal this process sends itself goes to the handler that was
/// there before. One proxy at a time per process.

/// Installs handlers for `signals` (glibc's reserved ones are skipped)
/// and unblocks them in the calling thread (the mask is put back by
/// `cshim_sigproxy_stop`); returns the pipe's read end (non-blocking, close-on-exec), or -1 with errno.
int cshim_sigproxy_start(const int *signals, int count);
/// Reads one caught signal's number from the pipe: 0 if none is pending.
int cshim_sigproxy_next(int fd);
/// Puts back the handlers that were there before and closes the pipe.
void cshim_sigproxy_stop(int fd);

#endif

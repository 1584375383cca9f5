#define _GNU_SOURCE
#include "engine_netns.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

struct netns_job {
    const char *path;
    int error;
};

static void *netns_thread(void *arg) {
    struct netns_job *job = arg;
    if (unshare(CLONE_NEWNET) != 0) {
        job->error = errno;
        return NULL;
    }
    char own[64];
    snprintf(own, sizeof own, "/proc/self/task/%ld/ns/net", (long)syscall(SYS_gettid));
    if (mount(own, job->path, NULL, MS_BIND, NULL) != 0) job->error = errno;
    return NULL;
}

int engine_netns_create(const char *path) {
    struct netns_job job = { path, 0 };
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, netns_thread, &job);
    if (rc != 0) return rc;
    rc = pthread_join(thread, NULL);
    if (rc != 0) return rc;
    return job.error;
}

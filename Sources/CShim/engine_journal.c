#define _GNU_SOURCE
#include "engine_journal.h"
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static void *library;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static int (*p_open)(struct sd_journal **, int);
static void (*p_close)(struct sd_journal *);
static int (*p_add_match)(struct sd_journal *, const void *, size_t);
static int (*p_seek_head)(struct sd_journal *);
static int (*p_seek_realtime_usec)(struct sd_journal *, uint64_t);
static int (*p_next)(struct sd_journal *);
static int (*p_get_realtime_usec)(struct sd_journal *, uint64_t *);
static int (*p_get_data)(struct sd_journal *, const char *, const void **, size_t *);
static int (*p_wait)(struct sd_journal *, uint64_t);

static void load(void) {
    library = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libsystemd: %s", dlerror());
        return;
    }
    *(void **)&p_open = dlsym(library, "sd_journal_open");
    *(void **)&p_close = dlsym(library, "sd_journal_close");
    *(void **)&p_add_match = dlsym(library, "sd_journal_add_match");
    *(void **)&p_seek_head = dlsym(library, "sd_journal_seek_head");
    *(void **)&p_seek_realtime_usec = dlsym(library, "sd_journal_seek_realtime_usec");
    *(void **)&p_next = dlsym(library, "sd_journal_next");
    *(void **)&p_get_realtime_usec = dlsym(library, "sd_journal_get_realtime_usec");
    *(void **)&p_get_data = dlsym(library, "sd_journal_get_data");
    *(void **)&p_wait = dlsym(library, "sd_journal_wait");
    if (!p_open || !p_close || !p_add_match || !p_seek_head || !p_seek_realtime_usec || !p_next ||
        !p_get_realtime_usec || !p_get_data || !p_wait) {
        snprintf(load_error, sizeof load_error, "libsystemd.so.0 lacks the sd-journal functions");
        dlclose(library);
        library = NULL;
    }
}

int engine_journal_load(void) {
    pthread_once(&load_once, load);
    return library ? 0 : -1;
}

const char *engine_journal_load_error(void) {
    return load_error;
}

int engine_sd_journal_open(struct sd_journal **journal, int flags) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_open(journal, flags);
}

void engine_sd_journal_close(struct sd_journal *journal) {
    if (journal && engine_journal_load() == 0) p_close(journal);
}

int engine_sd_journal_add_match(struct sd_journal *journal, const void *data, size_t size) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_add_match(journal, data, size);
}

int engine_sd_journal_seek_head(struct sd_journal *journal) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_seek_head(journal);
}

int engine_sd_journal_seek_realtime_usec(struct sd_journal *journal, uint64_t usec) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_seek_realtime_usec(journal, usec);
}

int engine_sd_journal_next(struct sd_journal *journal) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_next(journal);
}

int engine_sd_journal_get_realtime_usec(struct sd_journal *journal, uint64_t *usec) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_get_realtime_usec(journal, usec);
}

int engine_sd_journal_get_data(struct sd_journal *journal, const char *field, const void **data, size_t *length) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_get_data(journal, field, data, length);
}

int engine_sd_journal_wait(struct sd_journal *journal, uint64_t timeout_usec) {
    if (engine_journal_load() < 0) return -ENOSYS;
    return p_wait(journal, timeout_usec);
}

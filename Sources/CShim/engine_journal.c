#define _GNU_SOURCE
#include "engine_journal.h"
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/uio.h>

// Every sd-journal function berth calls, once (as engine_archive.c lists
// libarchive's): F(return type, name after "sd_journal_", parameters,
// arguments, result when libsystemd cannot be loaded); V for the functions
// that return nothing. The pointers, their dlsym and the engine_sd_journal_*
// wrappers all come from this list.
#define ENGINE_JOURNAL_FUNCTIONS(F, V) \
    F(int, open, (struct sd_journal **a0, int a1), (a0, a1), -ENOSYS) \
    V(close, (struct sd_journal *a0), (a0)) \
    F(int, add_match, (struct sd_journal *a0, const void *a1, size_t a2), (a0, a1, a2), -ENOSYS) \
    F(int, seek_head, (struct sd_journal *a0), (a0), -ENOSYS) \
    F(int, seek_realtime_usec, (struct sd_journal *a0, uint64_t a1), (a0, a1), -ENOSYS) \
    F(int, next, (struct sd_journal *a0), (a0), -ENOSYS) \
    F(int, get_realtime_usec, (struct sd_journal *a0, uint64_t *a1), (a0, a1), -ENOSYS) \
    F(int, get_data, (struct sd_journal *a0, const char *a1, const void **a2, size_t *a3), (a0, a1, a2, a3), -ENOSYS) \
    F(int, wait, (struct sd_journal *a0, uint64_t a1), (a0, a1), -ENOSYS) \
    F(int, sendv, (const struct iovec *a0, int a1), (a0, a1), -ENOSYS)

static int loaded;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#define POINTER(ret, name, params, args, fail) static ret (*p_##name) params;
#define VOID_POINTER(name, params, args) static void (*p_##name) params;
ENGINE_JOURNAL_FUNCTIONS(POINTER, VOID_POINTER)

static void load(void) {
    void *library = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libsystemd: %s", dlerror());
        return;
    }
    int missing = 0;
#define LOOKUP(ret, name, params, args, fail) \
    *(void **)&p_##name = dlsym(library, "sd_journal_" #name); \
    missing |= !p_##name;
#define VOID_LOOKUP(name, params, args) LOOKUP(void, name, params, args, )
    ENGINE_JOURNAL_FUNCTIONS(LOOKUP, VOID_LOOKUP)
    if (missing) {
        snprintf(load_error, sizeof load_error, "libsystemd.so.0 lacks the sd-journal functions");
        dlclose(library);
        return;
    }
    loaded = 1;
}

int engine_journal_load(void) {
    pthread_once(&load_once, load);
    return loaded ? 0 : -1;
}

const char *engine_journal_load_error(void) { return load_error; }

#define WRAPPER(ret, name, params, args, fail) \
    ret engine_sd_journal_##name params { \
        if (engine_journal_load() != 0) return fail; \
        return p_##name args; \
    }
#define VOID_WRAPPER(name, params, args) \
    void engine_sd_journal_##name params { \
        if (engine_journal_load() == 0) p_##name args; \
    }
ENGINE_JOURNAL_FUNCTIONS(WRAPPER, VOID_WRAPPER)

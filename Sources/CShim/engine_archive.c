#define _GNU_SOURCE
#include "engine_archive.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Every libarchive function berth calls, once: F(return type, name after
// "archive_", parameters, arguments, result when libarchive cannot be
// loaded); V for the functions that return nothing. From this list come the
// function pointers, their dlsym, and the engine_archive_* wrappers (the
// header's prototypes make the compiler check each one).
#define ENGINE_ARCHIVE_FUNCTIONS(F, V) \
    F(struct archive *, read_new, (void), (), NULL) \
    F(int, read_free, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, read_support_filter_all, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, read_support_format_tar, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, read_support_format_raw, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, read_support_format_empty, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, read_open, (struct archive *a0, void *a1, engine_archive_open_callback *a2, engine_archive_read_callback *a3, engine_archive_close_callback *a4), (a0, a1, a2, a3, a4), ENGINE_ARCHIVE_FATAL) \
    F(int, read_open_fd, (struct archive *a0, int a1, size_t a2), (a0, a1, a2), ENGINE_ARCHIVE_FATAL) \
    F(int, read_next_header, (struct archive *a0, struct archive_entry **a1), (a0, a1), ENGINE_ARCHIVE_FATAL) \
    F(ssize_t, read_data, (struct archive *a0, void *a1, size_t a2), (a0, a1, a2), ENGINE_ARCHIVE_FATAL) \
    F(int, read_data_block, (struct archive *a0, const void **a1, size_t *a2, int64_t *a3), (a0, a1, a2, a3), ENGINE_ARCHIVE_FATAL) \
    F(int, read_data_into_fd, (struct archive *a0, int a1), (a0, a1), ENGINE_ARCHIVE_FATAL) \
    F(const char *, error_string, (struct archive *a0), (a0), NULL) \
    F(struct archive *, write_new, (void), (), NULL) \
    F(int, write_free, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, write_set_format_pax_restricted, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, write_set_format_raw, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, write_add_filter_gzip, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, write_add_filter_zstd, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, write_set_bytes_in_last_block, (struct archive *a0, int a1), (a0, a1), ENGINE_ARCHIVE_FATAL) \
    F(int, write_open_fd, (struct archive *a0, int a1), (a0, a1), ENGINE_ARCHIVE_FATAL) \
    F(int, write_header, (struct archive *a0, struct archive_entry *a1), (a0, a1), ENGINE_ARCHIVE_FATAL) \
    F(ssize_t, write_data, (struct archive *a0, const void *a1, size_t a2), (a0, a1, a2), ENGINE_ARCHIVE_FATAL) \
    F(int, write_close, (struct archive *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(struct archive_entry *, entry_new, (void), (), NULL) \
    V(entry_free, (struct archive_entry *a0), (a0)) \
    F(const char *, entry_pathname, (struct archive_entry *a0), (a0), NULL) \
    F(const char *, entry_symlink, (struct archive_entry *a0), (a0), NULL) \
    F(const char *, entry_hardlink, (struct archive_entry *a0), (a0), NULL) \
    F(mode_t, entry_filetype, (struct archive_entry *a0), (a0), 0) \
    F(mode_t, entry_perm, (struct archive_entry *a0), (a0), 0) \
    F(int64_t, entry_uid, (struct archive_entry *a0), (a0), 0) \
    F(int64_t, entry_gid, (struct archive_entry *a0), (a0), 0) \
    F(int64_t, entry_size, (struct archive_entry *a0), (a0), 0) \
    F(time_t, entry_mtime, (struct archive_entry *a0), (a0), 0) \
    F(long, entry_mtime_nsec, (struct archive_entry *a0), (a0), 0) \
    F(time_t, entry_atime, (struct archive_entry *a0), (a0), 0) \
    F(long, entry_atime_nsec, (struct archive_entry *a0), (a0), 0) \
    F(int, entry_atime_is_set, (struct archive_entry *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(dev_t, entry_rdevmajor, (struct archive_entry *a0), (a0), 0) \
    F(dev_t, entry_rdevminor, (struct archive_entry *a0), (a0), 0) \
    F(int, entry_xattr_reset, (struct archive_entry *a0), (a0), ENGINE_ARCHIVE_FATAL) \
    F(int, entry_xattr_next, (struct archive_entry *a0, const char **a1, const void **a2, size_t *a3), (a0, a1, a2, a3), ENGINE_ARCHIVE_FATAL) \
    V(entry_set_size, (struct archive_entry *a0, int64_t a1), (a0, a1)) \
    V(entry_set_perm, (struct archive_entry *a0, mode_t a1), (a0, a1)) \
    V(entry_set_pathname, (struct archive_entry *a0, const char *a1), (a0, a1)) \
    V(entry_set_mtime, (struct archive_entry *a0, time_t a1, long a2), (a0, a1, a2)) \
    V(entry_set_filetype, (struct archive_entry *a0, unsigned int a1), (a0, a1))

static int loaded;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#define POINTER(ret, name, params, args, fail) static ret (*p_##name) params;
#define VOID_POINTER(name, params, args) static void (*p_##name) params;
ENGINE_ARCHIVE_FUNCTIONS(POINTER, VOID_POINTER)

static void load(void) {
    void *library = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libarchive: %s", dlerror());
        return;
    }
    int missing = 0;
#define LOOKUP(ret, name, params, args, fail) \
    *(void **)&p_##name = dlsym(library, "archive_" #name); \
    missing |= !p_##name;
#define VOID_LOOKUP(name, params, args) LOOKUP(void, name, params, args, )
    ENGINE_ARCHIVE_FUNCTIONS(LOOKUP, VOID_LOOKUP)
    if (missing) {
        snprintf(load_error, sizeof load_error, "libarchive.so.13 lacks a function berth needs");
        return;
    }
    loaded = 1;
}

int engine_archive_load(void) {
    pthread_once(&load_once, load);
    return loaded ? 0 : -1;
}

const char *engine_archive_load_error(void) { return load_error; }

#define WRAPPER(ret, name, params, args, fail) \
    ret engine_archive_##name params { \
        if (engine_archive_load() != 0) return fail; \
        return p_##name args; \
    }
#define VOID_WRAPPER(name, params, args) \
    void engine_archive_##name params { \
        if (engine_archive_load() == 0) p_##name args; \
    }
ENGINE_ARCHIVE_FUNCTIONS(WRAPPER, VOID_WRAPPER)

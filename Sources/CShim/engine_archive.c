#define _GNU_SOURCE
#include "engine_archive.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static void *library;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static struct archive * (*p_read_new)(void);
static int (*p_read_free)(struct archive *);
static int (*p_read_support_filter_all)(struct archive *);
static int (*p_read_support_format_tar)(struct archive *);
static int (*p_read_support_format_raw)(struct archive *);
static int (*p_read_support_format_empty)(struct archive *);
static int (*p_read_open)(struct archive *, void *, engine_archive_open_callback *, engine_archive_read_callback *, engine_archive_close_callback *);
static int (*p_read_open_fd)(struct archive *, int, size_t);
static int (*p_read_next_header)(struct archive *, struct archive_entry **);
static ssize_t (*p_read_data)(struct archive *, void *, size_t);
static int (*p_read_data_block)(struct archive *, const void **, size_t *, int64_t *);
static int (*p_read_data_into_fd)(struct archive *, int);
static const char * (*p_error_string)(struct archive *);
static struct archive * (*p_write_new)(void);
static int (*p_write_free)(struct archive *);
static int (*p_write_set_format_pax_restricted)(struct archive *);
static int (*p_write_set_bytes_in_last_block)(struct archive *, int);
static int (*p_write_open_fd)(struct archive *, int);
static int (*p_write_header)(struct archive *, struct archive_entry *);
static ssize_t (*p_write_data)(struct archive *, const void *, size_t);
static int (*p_write_close)(struct archive *);
static struct archive_entry * (*p_entry_new)(void);
static void (*p_entry_free)(struct archive_entry *);
static const char * (*p_entry_pathname)(struct archive_entry *);
static const char * (*p_entry_symlink)(struct archive_entry *);
static const char * (*p_entry_hardlink)(struct archive_entry *);
static mode_t (*p_entry_filetype)(struct archive_entry *);
static mode_t (*p_entry_perm)(struct archive_entry *);
static int64_t (*p_entry_uid)(struct archive_entry *);
static int64_t (*p_entry_gid)(struct archive_entry *);
static int64_t (*p_entry_size)(struct archive_entry *);
static time_t (*p_entry_mtime)(struct archive_entry *);
static long (*p_entry_mtime_nsec)(struct archive_entry *);
static time_t (*p_entry_atime)(struct archive_entry *);
static long (*p_entry_atime_nsec)(struct archive_entry *);
static int (*p_entry_atime_is_set)(struct archive_entry *);
static dev_t (*p_entry_rdevmajor)(struct archive_entry *);
static dev_t (*p_entry_rdevminor)(struct archive_entry *);
static int (*p_entry_xattr_reset)(struct archive_entry *);
static int (*p_entry_xattr_next)(struct archive_entry *, const char **, const void **, size_t *);
static void (*p_entry_set_size)(struct archive_entry *, int64_t);
static void (*p_entry_set_perm)(struct archive_entry *, mode_t);
static void (*p_entry_set_pathname)(struct archive_entry *, const char *);
static void (*p_entry_set_mtime)(struct archive_entry *, time_t, long);
static void (*p_entry_set_filetype)(struct archive_entry *, unsigned int);

static void load(void) {
    library = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libarchive: %s", dlerror());
        return;
    }
    *(void **)&p_read_new = dlsym(library, "archive_read_new");
    *(void **)&p_read_free = dlsym(library, "archive_read_free");
    *(void **)&p_read_support_filter_all = dlsym(library, "archive_read_support_filter_all");
    *(void **)&p_read_support_format_tar = dlsym(library, "archive_read_support_format_tar");
    *(void **)&p_read_support_format_raw = dlsym(library, "archive_read_support_format_raw");
    *(void **)&p_read_support_format_empty = dlsym(library, "archive_read_support_format_empty");
    *(void **)&p_read_open = dlsym(library, "archive_read_open");
    *(void **)&p_read_open_fd = dlsym(library, "archive_read_open_fd");
    *(void **)&p_read_next_header = dlsym(library, "archive_read_next_header");
    *(void **)&p_read_data = dlsym(library, "archive_read_data");
    *(void **)&p_read_data_block = dlsym(library, "archive_read_data_block");
    *(void **)&p_read_data_into_fd = dlsym(library, "archive_read_data_into_fd");
    *(void **)&p_error_string = dlsym(library, "archive_error_string");
    *(void **)&p_write_new = dlsym(library, "archive_write_new");
    *(void **)&p_write_free = dlsym(library, "archive_write_free");
    *(void **)&p_write_set_format_pax_restricted = dlsym(library, "archive_write_set_format_pax_restricted");
    *(void **)&p_write_set_bytes_in_last_block = dlsym(library, "archive_write_set_bytes_in_last_block");
    *(void **)&p_write_open_fd = dlsym(library, "archive_write_open_fd");
    *(void **)&p_write_header = dlsym(library, "archive_write_header");
    *(void **)&p_write_data = dlsym(library, "archive_write_data");
    *(void **)&p_write_close = dlsym(library, "archive_write_close");
    *(void **)&p_entry_new = dlsym(library, "archive_entry_new");
    *(void **)&p_entry_free = dlsym(library, "archive_entry_free");
    *(void **)&p_entry_pathname = dlsym(library, "archive_entry_pathname");
    *(void **)&p_entry_symlink = dlsym(library, "archive_entry_symlink");
    *(void **)&p_entry_hardlink = dlsym(library, "archive_entry_hardlink");
    *(void **)&p_entry_filetype = dlsym(library, "archive_entry_filetype");
    *(void **)&p_entry_perm = dlsym(library, "archive_entry_perm");
    *(void **)&p_entry_uid = dlsym(library, "archive_entry_uid");
    *(void **)&p_entry_gid = dlsym(library, "archive_entry_gid");
    *(void **)&p_entry_size = dlsym(library, "archive_entry_size");
    *(void **)&p_entry_mtime = dlsym(library, "archive_entry_mtime");
    *(void **)&p_entry_mtime_nsec = dlsym(library, "archive_entry_mtime_nsec");
    *(void **)&p_entry_atime = dlsym(library, "archive_entry_atime");
    *(void **)&p_entry_atime_nsec = dlsym(library, "archive_entry_atime_nsec");
    *(void **)&p_entry_atime_is_set = dlsym(library, "archive_entry_atime_is_set");
    *(void **)&p_entry_rdevmajor = dlsym(library, "archive_entry_rdevmajor");
    *(void **)&p_entry_rdevminor = dlsym(library, "archive_entry_rdevminor");
    *(void **)&p_entry_xattr_reset = dlsym(library, "archive_entry_xattr_reset");
    *(void **)&p_entry_xattr_next = dlsym(library, "archive_entry_xattr_next");
    *(void **)&p_entry_set_size = dlsym(library, "archive_entry_set_size");
    *(void **)&p_entry_set_perm = dlsym(library, "archive_entry_set_perm");
    *(void **)&p_entry_set_pathname = dlsym(library, "archive_entry_set_pathname");
    *(void **)&p_entry_set_mtime = dlsym(library, "archive_entry_set_mtime");
    *(void **)&p_entry_set_filetype = dlsym(library, "archive_entry_set_filetype");
}

int engine_archive_load(void) {
    pthread_once(&load_once, load);
    if (!library) return -1;
    if (!(p_read_new && p_read_free && p_read_support_filter_all && p_read_support_format_tar && p_read_support_format_raw && p_read_support_format_empty && p_read_open && p_read_open_fd && p_read_next_header && p_read_data && p_read_data_block && p_read_data_into_fd && p_error_string && p_write_new && p_write_free && p_write_set_format_pax_restricted && p_write_set_bytes_in_last_block && p_write_open_fd && p_write_header && p_write_data && p_write_close && p_entry_new && p_entry_free && p_entry_pathname && p_entry_symlink && p_entry_hardlink && p_entry_filetype && p_entry_perm && p_entry_uid && p_entry_gid && p_entry_size && p_entry_mtime && p_entry_mtime_nsec && p_entry_atime && p_entry_atime_nsec && p_entry_atime_is_set && p_entry_rdevmajor && p_entry_rdevminor && p_entry_xattr_reset && p_entry_xattr_next && p_entry_set_size && p_entry_set_perm && p_entry_set_pathname && p_entry_set_mtime && p_entry_set_filetype)) {
        snprintf(load_error, sizeof load_error, "libarchive.so.13 lacks a function berth needs");
        return -1;
    }
    return 0;
}

const char *engine_archive_load_error(void) { return load_error; }

struct archive * engine_archive_read_new(void) {
    if (engine_archive_load() != 0) return NULL;
    return p_read_new();
}

int engine_archive_read_free(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_free(a0);
}

int engine_archive_read_support_filter_all(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_support_filter_all(a0);
}

int engine_archive_read_support_format_tar(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_support_format_tar(a0);
}

int engine_archive_read_support_format_raw(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_support_format_raw(a0);
}

int engine_archive_read_support_format_empty(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_support_format_empty(a0);
}

int engine_archive_read_open(struct archive *a0, void *a1, engine_archive_open_callback *a2, engine_archive_read_callback *a3, engine_archive_close_callback *a4) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_open(a0, a1, a2, a3, a4);
}

int engine_archive_read_open_fd(struct archive *a0, int a1, size_t a2) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_open_fd(a0, a1, a2);
}

int engine_archive_read_next_header(struct archive *a0, struct archive_entry **a1) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_next_header(a0, a1);
}

ssize_t engine_archive_read_data(struct archive *a0, void *a1, size_t a2) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_data(a0, a1, a2);
}

int engine_archive_read_data_block(struct archive *a0, const void **a1, size_t *a2, int64_t *a3) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_data_block(a0, a1, a2, a3);
}

int engine_archive_read_data_into_fd(struct archive *a0, int a1) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_read_data_into_fd(a0, a1);
}

const char * engine_archive_error_string(struct archive *a0) {
    if (engine_archive_load() != 0) return NULL;
    return p_error_string(a0);
}

struct archive * engine_archive_write_new(void) {
    if (engine_archive_load() != 0) return NULL;
    return p_write_new();
}

int engine_archive_write_free(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_free(a0);
}

int engine_archive_write_set_format_pax_restricted(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_set_format_pax_restricted(a0);
}

int engine_archive_write_set_bytes_in_last_block(struct archive *a0, int a1) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_set_bytes_in_last_block(a0, a1);
}

int engine_archive_write_open_fd(struct archive *a0, int a1) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_open_fd(a0, a1);
}

int engine_archive_write_header(struct archive *a0, struct archive_entry *a1) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_header(a0, a1);
}

ssize_t engine_archive_write_data(struct archive *a0, const void *a1, size_t a2) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_data(a0, a1, a2);
}

int engine_archive_write_close(struct archive *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_write_close(a0);
}

struct archive_entry * engine_archive_entry_new(void) {
    if (engine_archive_load() != 0) return NULL;
    return p_entry_new();
}

void engine_archive_entry_free(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return;
    p_entry_free(a0);
}

const char * engine_archive_entry_pathname(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return NULL;
    return p_entry_pathname(a0);
}

const char * engine_archive_entry_symlink(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return NULL;
    return p_entry_symlink(a0);
}

const char * engine_archive_entry_hardlink(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return NULL;
    return p_entry_hardlink(a0);
}

mode_t engine_archive_entry_filetype(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_filetype(a0);
}

mode_t engine_archive_entry_perm(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_perm(a0);
}

int64_t engine_archive_entry_uid(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_uid(a0);
}

int64_t engine_archive_entry_gid(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_gid(a0);
}

int64_t engine_archive_entry_size(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_size(a0);
}

time_t engine_archive_entry_mtime(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_mtime(a0);
}

long engine_archive_entry_mtime_nsec(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_mtime_nsec(a0);
}

time_t engine_archive_entry_atime(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_atime(a0);
}

long engine_archive_entry_atime_nsec(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_atime_nsec(a0);
}

int engine_archive_entry_atime_is_set(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_entry_atime_is_set(a0);
}

dev_t engine_archive_entry_rdevmajor(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_rdevmajor(a0);
}

dev_t engine_archive_entry_rdevminor(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return 0;
    return p_entry_rdevminor(a0);
}

int engine_archive_entry_xattr_reset(struct archive_entry *a0) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_entry_xattr_reset(a0);
}

int engine_archive_entry_xattr_next(struct archive_entry *a0, const char **a1, const void **a2, size_t *a3) {
    if (engine_archive_load() != 0) return ENGINE_ARCHIVE_FATAL;
    return p_entry_xattr_next(a0, a1, a2, a3);
}

void engine_archive_entry_set_size(struct archive_entry *a0, int64_t a1) {
    if (engine_archive_load() != 0) return;
    p_entry_set_size(a0, a1);
}

void engine_archive_entry_set_perm(struct archive_entry *a0, mode_t a1) {
    if (engine_archive_load() != 0) return;
    p_entry_set_perm(a0, a1);
}

void engine_archive_entry_set_pathname(struct archive_entry *a0, const char *a1) {
    if (engine_archive_load() != 0) return;
    p_entry_set_pathname(a0, a1);
}

void engine_archive_entry_set_mtime(struct archive_entry *a0, time_t a1, long a2) {
    if (engine_archive_load() != 0) return;
    p_entry_set_mtime(a0, a1, a2);
}

void engine_archive_entry_set_filetype(struct archive_entry *a0, unsigned int a1) {
    if (engine_archive_load() != 0) return;
    p_entry_set_filetype(a0, a1);
}


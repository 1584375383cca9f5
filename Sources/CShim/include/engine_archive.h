#ifndef BERTH_ENGINE_ARCHIVE_H
#define BERTH_ENGINE_ARCHIVE_H
// libarchive, loaded with dlopen on first use: most berth commands never
// touch an archive, and linking it pulls libxml2 and ICU into every start.
// Same signatures as archive.h, names prefixed with engine_.
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct archive;
struct archive_entry;

#define ENGINE_ARCHIVE_EOF 1
#define ENGINE_ARCHIVE_OK 0
#define ENGINE_ARCHIVE_RETRY (-10)
#define ENGINE_ARCHIVE_WARN (-20)
#define ENGINE_ARCHIVE_FATAL (-30)

typedef ssize_t engine_archive_read_callback(struct archive *, void *client, const void **buffer);
typedef int engine_archive_open_callback(struct archive *, void *client);
typedef int engine_archive_close_callback(struct archive *, void *client);

/// Loads libarchive.so.13; 0 on success, -1 with a message from
/// engine_archive_load_error(). Every wrapper below loads it too, and fails
/// (NULL / ENGINE_ARCHIVE_FATAL) when it cannot.
int engine_archive_load(void);
const char *engine_archive_load_error(void);

struct archive * engine_archive_read_new(void);
int engine_archive_read_free(struct archive *a0);
int engine_archive_read_support_filter_all(struct archive *a0);
int engine_archive_read_support_format_tar(struct archive *a0);
int engine_archive_read_support_format_raw(struct archive *a0);
int engine_archive_read_support_format_empty(struct archive *a0);
int engine_archive_read_open(struct archive *a0, void *a1, engine_archive_open_callback *a2, engine_archive_read_callback *a3, engine_archive_close_callback *a4);
int engine_archive_read_open_fd(struct archive *a0, int a1, size_t a2);
int engine_archive_read_next_header(struct archive *a0, struct archive_entry **a1);
ssize_t engine_archive_read_data(struct archive *a0, void *a1, size_t a2);
int engine_archive_read_data_block(struct archive *a0, const void **a1, size_t *a2, int64_t *a3);
int engine_archive_read_data_into_fd(struct archive *a0, int a1);
const char * engine_archive_error_string(struct archive *a0);
struct archive * engine_archive_write_new(void);
int engine_archive_write_free(struct archive *a0);
int engine_archive_write_set_format_pax_restricted(struct archive *a0);
int engine_archive_write_set_format_raw(struct archive *a0);
int engine_archive_write_add_filter_gzip(struct archive *a0);
int engine_archive_write_add_filter_zstd(struct archive *a0);
int engine_archive_write_set_bytes_in_last_block(struct archive *a0, int a1);
int engine_archive_write_open_fd(struct archive *a0, int a1);
int engine_archive_write_header(struct archive *a0, struct archive_entry *a1);
ssize_t engine_archive_write_data(struct archive *a0, const void *a1, size_t a2);
int engine_archive_write_close(struct archive *a0);
struct archive_entry * engine_archive_entry_new(void);
void engine_archive_entry_free(struct archive_entry *a0);
const char * engine_archive_entry_pathname(struct archive_entry *a0);
const char * engine_archive_entry_symlink(struct archive_entry *a0);
const char * engine_archive_entry_hardlink(struct archive_entry *a0);
mode_t engine_archive_entry_filetype(struct archive_entry *a0);
mode_t engine_archive_entry_perm(struct archive_entry *a0);
int64_t engine_archive_entry_uid(struct archive_entry *a0);
int64_t engine_archive_entry_gid(struct archive_entry *a0);
int64_t engine_archive_entry_size(struct archive_entry *a0);
time_t engine_archive_entry_mtime(struct archive_entry *a0);
long engine_archive_entry_mtime_nsec(struct archive_entry *a0);
time_t engine_archive_entry_atime(struct archive_entry *a0);
long engine_archive_entry_atime_nsec(struct archive_entry *a0);
int engine_archive_entry_atime_is_set(struct archive_entry *a0);
dev_t engine_archive_entry_rdevmajor(struct archive_entry *a0);
dev_t engine_archive_entry_rdevminor(struct archive_entry *a0);
int engine_archive_entry_xattr_reset(struct archive_entry *a0);
int engine_archive_entry_xattr_next(struct archive_entry *a0, const char **a1, const void **a2, size_t *a3);
void engine_archive_entry_set_size(struct archive_entry *a0, int64_t a1);
void engine_archive_entry_set_perm(struct archive_entry *a0, mode_t a1);
void engine_archive_entry_set_pathname(struct archive_entry *a0, const char *a1);
void engine_archive_entry_set_mtime(struct archive_entry *a0, time_t a1, long a2);
void engine_archive_entry_set_filetype(struct archive_entry *a0, unsigned int a1);

#endif

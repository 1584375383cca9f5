#ifndef BERTH_ENGINE_JOURNAL_H
#define BERTH_ENGINE_JOURNAL_H
// The sd-journal reader (and the events' writer), loaded from libsystemd.so.0 with dlopen on first
// use: only `berth logs` reads the journal, and linking libsystemd maps it
// and six more libraries (libgcrypt, liblzma, libzstd, ...) into every start.
// Same signatures as sd-journal.h, names prefixed with engine_.
#include <stddef.h>
#include <stdint.h>

#include <sys/uio.h>

struct sd_journal;

#define ENGINE_SD_JOURNAL_LOCAL_ONLY 1

/// Loads libsystemd.so.0; 0 on success, -1 with a message from
/// engine_journal_load_error(). Every wrapper below returns -ENOSYS when the
/// library cannot be loaded.
int engine_journal_load(void);
const char *engine_journal_load_error(void);

int engine_sd_journal_open(struct sd_journal **journal, int flags);
void engine_sd_journal_close(struct sd_journal *journal);
int engine_sd_journal_add_match(struct sd_journal *journal, const void *data, size_t size);
int engine_sd_journal_seek_head(struct sd_journal *journal);
int engine_sd_journal_seek_realtime_usec(struct sd_journal *journal, uint64_t usec);
int engine_sd_journal_next(struct sd_journal *journal);
int engine_sd_journal_get_realtime_usec(struct sd_journal *journal, uint64_t *usec);
int engine_sd_journal_get_data(struct sd_journal *journal, const char *field, const void **data, size_t *length);
int engine_sd_journal_wait(struct sd_journal *journal, uint64_t timeout_usec);
/// Writes one entry of FIELD=value items (berth's events).
int engine_sd_journal_sendv(const struct iovec *iov, int n);
#endif

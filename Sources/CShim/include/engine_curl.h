#ifndef BERTH_ENGINE_CURL_H
#define BERTH_ENGINE_CURL_H
// libcurl, loaded with dlopen on first use: only the registry verbs (pull,
// push, login) speak HTTP, and linking libcurl maps it and its TLS, HTTP/2
// and IDN libraries into every start. Option and info codes are curl.h's
// (the CCurl module); the variadic curl_easy_setopt/getinfo get one typed
// wrapper per argument type, which Swift can call.
#include <stddef.h>
#include <stdint.h>

typedef size_t engine_curl_data_callback(char *data, size_t size, size_t count, void *userdata);

/// Loads libcurl.so.4 and runs curl_global_init once; 0 on success, -1
/// with a message from engine_curl_load_error(). Every wrapper below loads
/// it too and fails (NULL / CURLE_FAILED_INIT) when it cannot.
int engine_curl_load(void);
const char *engine_curl_load_error(void);

void *engine_curl_easy_init(void);
void engine_curl_easy_cleanup(void *handle);
int engine_curl_easy_perform(void *handle);
const char *engine_curl_easy_strerror(int code);
int engine_curl_setopt_long(void *handle, int option, long value);
int engine_curl_setopt_pointer(void *handle, int option, const void *value);
int engine_curl_setopt_offset(void *handle, int option, int64_t value);
/// CURLOPT_*_BLOB options: curl copies the bytes.
int engine_curl_setopt_blob(void *handle, int option, const void *data, size_t length);
int engine_curl_setopt_callback(void *handle, int option, engine_curl_data_callback *callback);
int engine_curl_getinfo_long(void *handle, int info, long *value);
void *engine_curl_slist_append(void *list, const char *string);
void engine_curl_slist_free_all(void *list);
#endif

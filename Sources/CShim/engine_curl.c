#define _GNU_SOURCE
#include "engine_curl.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Every libcurl function berth calls, once: F(return type, name after
// "curl_", parameters, arguments, result when libcurl cannot be loaded);
// V for the functions that return nothing. setopt and getinfo are
// variadic: their pointers are declared with `...` and called from the
// typed wrappers at the end.
#define ENGINE_CURL_FUNCTIONS(F, V) \
    F(CURLcode, global_init, (long a0), (a0), CURLE_FAILED_INIT) \
    F(CURL *, easy_init, (void), (), NULL) \
    V(easy_cleanup, (CURL *a0), (a0)) \
    F(CURLcode, easy_perform, (CURL *a0), (a0), CURLE_FAILED_INIT) \
    F(const char *, easy_strerror, (CURLcode a0), (a0), "libcurl is not loaded") \
    F(CURLcode, easy_setopt, (CURL *a0, CURLoption a1, ...), (a0, a1), CURLE_FAILED_INIT) \
    F(CURLcode, easy_getinfo, (CURL *a0, CURLINFO a1, ...), (a0, a1), CURLE_FAILED_INIT) \
    F(struct curl_slist *, slist_append, (struct curl_slist *a0, const char *a1), (a0, a1), NULL) \
    V(slist_free_all, (struct curl_slist *a0), (a0))

static int loaded;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#define POINTER(ret, name, params, args, fail) static ret (*p_##name) params;
#define VOID_POINTER(name, params, args) static void (*p_##name) params;
ENGINE_CURL_FUNCTIONS(POINTER, VOID_POINTER)

static void load(void) {
    // RTLD_LAZY: libcurl brings some thirty libraries (TLS, GSSAPI, LDAP...);
    // binding only the functions a pull calls saves most of the relocation work.
    void *library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl (install libcurl4): %s", dlerror());
        return;
    }
    int missing = 0;
#define LOOKUP(ret, name, params, args, fail) \
    *(void **)&p_##name = dlsym(library, "curl_" #name); \
    missing |= !p_##name;
#define VOID_LOOKUP(name, params, args) LOOKUP(void, name, params, args, )
    ENGINE_CURL_FUNCTIONS(LOOKUP, VOID_LOOKUP)
    if (missing) {
        snprintf(load_error, sizeof load_error, "libcurl.so.4 lacks a function berth needs");
        return;
    }
    CURLcode status = p_global_init(CURL_GLOBAL_DEFAULT);
    if (status != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "cannot initialize libcurl: %s", p_easy_strerror(status));
        return;
    }
    loaded = 1;
}

int engine_curl_load(void) {
    pthread_once(&load_once, load);
    return loaded ? 0 : -1;
}

const char *engine_curl_load_error(void) { return load_error; }

void *engine_curl_easy_init(void) {
    return engine_curl_load() == 0 ? p_easy_init() : NULL;
}

void engine_curl_easy_cleanup(void *handle) {
    if (engine_curl_load() == 0) p_easy_cleanup(handle);
}

int engine_curl_easy_perform(void *handle) {
    return engine_curl_load() == 0 ? (int)p_easy_perform(handle) : CURLE_FAILED_INIT;
}

const char *engine_curl_easy_strerror(int code) {
    return engine_curl_load() == 0 ? p_easy_strerror((CURLcode)code) : load_error;
}

int engine_curl_setopt_long(void *handle, int option, long value) {
    return engine_curl_load() == 0 ? (int)p_easy_setopt(handle, (CURLoption)option, value) : CURLE_FAILED_INIT;
}

int engine_curl_setopt_pointer(void *handle, int option, const void *value) {
    return engine_curl_load() == 0 ? (int)p_easy_setopt(handle, (CURLoption)option, value) : CURLE_FAILED_INIT;
}

int engine_curl_setopt_offset(void *handle, int option, int64_t value) {
    return engine_curl_load() == 0 ? (int)p_easy_setopt(handle, (CURLoption)option, (curl_off_t)value) : CURLE_FAILED_INIT;
}

int engine_curl_setopt_blob(void *handle, int option, const void *data, size_t length) {
    if (engine_curl_load() != 0) return CURLE_FAILED_INIT;
    struct curl_blob blob = { (void *)data, length, CURL_BLOB_COPY };
    return (int)p_easy_setopt(handle, (CURLoption)option, &blob);
}

int engine_curl_setopt_callback(void *handle, int option, engine_curl_data_callback *callback) {
    return engine_curl_load() == 0 ? (int)p_easy_setopt(handle, (CURLoption)option, callback) : CURLE_FAILED_INIT;
}

int engine_curl_getinfo_long(void *handle, int info, long *value) {
    return engine_curl_load() == 0 ? (int)p_easy_getinfo(handle, (CURLINFO)info, value) : CURLE_FAILED_INIT;
}

void *engine_curl_slist_append(void *list, const char *string) {
    return engine_curl_load() == 0 ? p_slist_append(list, string) : NULL;
}

void engine_curl_slist_free_all(void *list) {
    if (engine_curl_load() == 0) p_slist_free_all(list);
}

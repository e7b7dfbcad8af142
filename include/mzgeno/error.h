/*
 * mzgeno/error.h -- status codes, error messages and the log callback.
 *
 * Every fallible library function returns an int: 0 (MZG_OK) on success,
 * a negative MZG_E* code on failure, and MZG_DONE (1) where a stream has
 * ended. On failure the function also leaves a human-readable message
 * naming the file, record and problem; mzg_errmsg() returns it. The
 * message is kept per thread, so threads never see each other's errors.
 *
 * The library never prints. Warnings (a length attribute that disagrees
 * with the data, a given design mass that disagrees with the computed one)
 * go to the log callback installed with mzg_set_logger(); by default they
 * are dropped.
 */
#ifndef MZGENO_ERROR_H
#define MZGENO_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. Negative values are errors. */
enum mzg_status {
	MZG_OK = 0,            /**< success */
	MZG_DONE = 1,          /**< end of stream (mzg_mzml_next) */
	MZG_ENOMEM = -1,       /**< out of memory, or a size overflowed */
	MZG_EINVAL = -2,       /**< invalid argument (a caller bug) */
	MZG_EIO = -3,          /**< the OS could not read or write a file */
	MZG_EFORMAT = -4,      /**< malformed input; the stream cannot go on */
	MZG_EDATA = -5,        /**< one record is bad; the stream can go on */
	MZG_EUNSUPPORTED = -6, /**< valid input that mzgeno does not handle */
	MZG_ELIMIT = -7,       /**< input exceeds a safety limit */
	MZG_EEXIST = -8,       /**< output exists and overwriting was not asked */
	MZG_ENOTFOUND = -9,    /**< a named item does not exist */
	MZG_EINTERNAL = -10,   /**< a bug or numerical failure inside mzgeno */
};

/** Log levels, most severe first. */
typedef enum mzg_log_level {
	MZG_LOG_ERROR = 0,
	MZG_LOG_WARN = 1,
	MZG_LOG_INFO = 2,
	MZG_LOG_DEBUG = 3,
} mzg_log_level;

/**
 * Log callback. @p msg is a complete message without a trailing newline;
 * it is valid only during the call. The callback may be invoked from any
 * thread that runs library code, so it must be thread-safe.
 */
typedef void (*mzg_log_fn)(void *payload, mzg_log_level level,
                           const char *msg);

/** Static description of a status code ("out of memory", ...). */
MZG_API const char *mzg_strerror(int status);

/**
 * The detailed message of the last error raised in this thread, or "" if
 * none. Managed internally: valid until the next library call in this
 * thread; do not free.
 */
MZG_API const char *mzg_errmsg(void);

/** Forget the last error of this thread. */
MZG_API void mzg_error_clear(void);

/**
 * Install the process-wide log callback; messages more verbose than
 * @p max_level are dropped. Pass fn = NULL to drop everything (the
 * default). Call it before starting threads.
 */
MZG_API void mzg_set_logger(mzg_log_fn fn, void *payload,
                            mzg_log_level max_level);

/** The version string, e.g. "0.1.0". Static storage. */
MZG_API const char *mzg_version(void);

#ifdef __cplusplus
}
#endif
#endif

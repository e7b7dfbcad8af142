/*
 * error.c -- status strings, the per-thread last error, and the logger.
 *
 * Library functions report failure by returning a negative status and
 * recording a detailed message with mzg__err(); the message lives in
 * thread-local storage so concurrent pads never mix their errors. Warnings
 * go to a process-wide callback that the CLI installs; the library itself
 * never prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "mzgeno_version.h"

#define ERRMSG_MAX 1024

static _Thread_local char errmsg[ERRMSG_MAX];

static mzg_log_fn log_fn;
static void *log_payload;
static mzg_log_level log_max = MZG_LOG_WARN;

const char *mzg_strerror(int status)
{
	switch (status) {
	case MZG_OK: return "success";
	case MZG_DONE: return "end of stream";
	case MZG_ENOMEM: return "out of memory";
	case MZG_EINVAL: return "invalid argument";
	case MZG_EIO: return "input/output error";
	case MZG_EFORMAT: return "malformed input";
	case MZG_EDATA: return "bad record";
	case MZG_EUNSUPPORTED: return "unsupported input";
	case MZG_ELIMIT: return "input exceeds a safety limit";
	case MZG_EEXIST: return "output exists";
	case MZG_ENOTFOUND: return "not found";
	case MZG_EINTERNAL: return "internal error";
	default: return "unknown status";
	}
}

const char *mzg_errmsg(void)
{
	return errmsg;
}

void mzg_error_clear(void)
{
	errmsg[0] = '\0';
}

const char *mzg_version(void)
{
	return MZG_VERSION;
}

int mzg__err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errmsg, sizeof errmsg, fmt, ap);
	va_end(ap);
	return status;
}

/* Append @p text to errmsg at *len, truncating at the buffer's end. */
static void append(size_t *len, const char *text)
{
	size_t room = sizeof errmsg - 1 - *len, tl = strlen(text);

	if (tl > room)
		tl = room;
	memcpy(errmsg + *len, text, tl);
	*len += tl;
	errmsg[*len] = '\0';
}

int mzg__err_prefix(int status, const char *fmt, ...)
{
	char old[ERRMSG_MAX];
	size_t len;
	va_list ap;

	memcpy(old, errmsg, sizeof old);
	va_start(ap, fmt);
	vsnprintf(errmsg, sizeof errmsg, fmt, ap);
	va_end(ap);
	len = strlen(errmsg);
	append(&len, ": ");
	append(&len, old[0] ? old : mzg_strerror(status));
	return status;
}

void mzg_set_logger(mzg_log_fn fn, void *payload, mzg_log_level max_level)
{
	log_fn = fn;
	log_payload = payload;
	log_max = max_level;
}

void mzg__log(mzg_log_level level, const char *fmt, ...)
{
	char msg[ERRMSG_MAX];
	va_list ap;

	if (!log_fn || level > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_fn(log_payload, level, msg);
}

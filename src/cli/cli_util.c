/*
 * cli_util.c -- messages, exit statuses, --param splitting and terminal
 * progress for the CLI.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_for(int status)
{
	switch (status) {
	case MZG_OK:
	case MZG_DONE:
		return EXIT_OK;
	case MZG_ENOMEM:
	case MZG_EINTERNAL:
		return EXIT_INTERNAL;
	default:
		return EXIT_USAGE;
	}
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	cli_progress_end();
	fputs("mzgeno: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(int status, const char *what)
{
	const char *msg = mzg_errmsg();

	if (msg && *msg)
		cli_error("%s", msg);
	else if (what)
		cli_error("%s: %s", what, mzg_strerror(status));
	else
		cli_error("%s", mzg_strerror(status));
	return cli_exit_for(status);
}

int cli_param_split(char *key, size_t cap, const char **value, const char *kv,
                    const char *cmd)
{
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || (size_t)(eq - kv) >= cap) {
		cli_error("%s: --param expects KEY=VALUE, got '%s'", cmd, kv);
		return -1;
	}
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	*value = eq + 1;
	return 0;
}

int cli_stderr_is_tty(void)
{
	static int cached = -1;

	if (cached < 0)
		cached = isatty(STDERR_FILENO) ? 1 : 0;
	return cached;
}

static int progress_open;

void cli_progress(const char *label, size_t done, size_t total)
{
	if (!cli_stderr_is_tty())
		return;
	if (total)
		fprintf(stderr, "\r%s %zu/%zu", label, done, total);
	else
		fprintf(stderr, "\r%s %zu", label, done);
	fflush(stderr);
	progress_open = 1;
}

void cli_progress_end(void)
{
	if (!progress_open)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_open = 0;
}

/*
 * cli.h -- shared pieces of the mzgeno command-line tool.
 *
 * The CLI uses only the public library API. Each subcommand lives in its
 * own cmd_*.c file and is listed in main.c's table.
 */
#ifndef MZG_CLI_H
#define MZG_CLI_H

#include <stdio.h>

#include "mzgeno/mzgeno.h"

/* Exit statuses (SPEC 5). */
#define EXIT_OK 0
#define EXIT_USAGE 1     /* bad usage or bad input */
#define EXIT_INTERNAL 2  /* internal error */
#define EXIT_STRICT 3    /* --strict and the verdict is fail */

/* Map a library status to an exit status (input errors -> 1, else 2). */
int cli_exit_for(int status);

/* Print "mzgeno: " + message + "\n" to stderr. */
void cli_error(const char *fmt, ...) MZG_PRINTF(1, 2);

/* Print "mzgeno: <what>: <mzg_errmsg() or strerror>" and return the exit
 * status for @p status. */
int cli_fail(int status, const char *what);

/* Progress on a terminal: "label  done/total" redrawn in place on stderr;
 * silent when stderr is not a terminal. cli_progress_end() ends the line. */
void cli_progress(const char *label, size_t done, size_t total);
void cli_progress_end(void);

/* Split "--param KEY=VALUE" text @p kv: the key goes into @p key (@p cap
 * bytes), *value points into @p kv. On a missing '=', an empty or too long
 * key, says so for command @p cmd and returns -1; else 0. */
int cli_param_split(char *key, size_t cap, const char **value, const char *kv,
                    const char *cmd);

/* Does stdout/stderr go to a terminal (cached). */
int cli_stderr_is_tty(void);

/* Subcommand entry points. */
typedef struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cli_cmd;

int cmd_call(int argc, char **argv);
int cmd_design(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_peaks(int argc, char **argv);
int cmd_review(int argc, char **argv);

#endif

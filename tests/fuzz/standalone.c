/*
 * standalone.c -- replay fuzz inputs without libFuzzer.
 *
 * With -Dfuzzing_engine=none every fuzz target is linked with this main
 * instead of libFuzzer's (the libgit2 standalone_driver / dav1d trick), so
 * `meson test --suite fuzz` feeds the seed corpus, the regression inputs
 * of past findings and the hostile-input corpus to LLVMFuzzerTestOneInput
 * on every run, under whatever sanitizers the build has. Arguments are
 * files or directories (walked recursively, entries in name order so runs
 * are reproducible; hidden files and README* are skipped). A crash is the
 * failure signal, as under libFuzzer; replaying no input at all is also a
 * failure, because it means the corpus path is wrong.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Inputs larger than this are not corpus files; refuse rather than OOM. */
#define REPLAY_MAX_INPUT (64u << 20)

static size_t n_run;

/* Read @p path whole and hand it to the target. 0, or -1 on I/O error. */
static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc = -1;

	if (!fp) {
		fprintf(stderr, "standalone: cannot open %s\n", path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			if (cap >= REPLAY_MAX_INPUT) {
				fprintf(stderr, "standalone: %s: over %u bytes\n",
				        path, REPLAY_MAX_INPUT);
				goto out;
			}
			cap = cap ? cap * 2 : 4096;
			if (!(nb = realloc(buf, cap)))
				goto out;
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		fprintf(stderr, "standalone: read error on %s\n", path);
		goto out;
	}
	/* An exact-size copy, so ASan sees reads past the end of the input. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact)
			goto out;
		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	n_run++;
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path);

/* Replay every entry of directory @p dir in name order. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "standalone: cannot open directory %s\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) *
			                    sizeof *names);
			if (!nn) {
				rc = -1;
				goto out;
			}
			names = nn;
		}
		if (!(names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
			rc = -1;
			goto out;
		}
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++)
		if (run_path(names[i]) < 0)
			rc = -1;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

static int run_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "standalone: no such file: %s\n", path);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return run_dir(path);
	if (!S_ISREG(st.st_mode))
		return 0;
	return run_file(path);
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (run_path(argv[i]) < 0)
			rc = 1;
	printf("%s: replayed %zu input%s\n", argv[0], n_run,
	       n_run == 1 ? "" : "s");
	if (n_run == 0) {
		fprintf(stderr, "standalone: no input replayed\n");
		rc = 1;
	}
	return rc;
}

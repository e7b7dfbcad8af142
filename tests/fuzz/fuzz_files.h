/*
 * fuzz_files.h -- files and directories for the fuzz targets whose
 * readers take paths (the report directory of `mzgeno review`).
 *
 * Each input gets a private directory made with mkdtemp() under $TMPDIR,
 * else /dev/shm when it is writable (the report writers fsync every file,
 * which costs milliseconds on a disk and nothing on tmpfs), else /tmp; it
 * is removed with everything in it after the input.
 */
#ifndef MZG_FUZZ_FILES_H
#define MZG_FUZZ_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Make a private directory; its path goes to @p buf. 0 or -1. */
static inline int fuzz_mkdtemp(char *buf, size_t size, const char *name)
{
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	if ((size_t)snprintf(buf, size, "%s/%s.XXXXXX", base, name) >= size)
		return -1;
	return mkdtemp(buf) ? 0 : -1;
}

/* "@p dir/@p name" into @p buf; a path that does not fit aborts. */
static inline const char *fuzz_path(char *buf, size_t size, const char *dir,
                                    const char *name)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size)
		abort();
	return buf;
}

/* Remove @p path and, for a directory, everything under it. */
static inline void fuzz_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path))) {
		while ((e = readdir(d))) {
			char sub[4096];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			fuzz_rmtree(fuzz_path(sub, sizeof sub, path, e->d_name));
		}
		closedir(d);
	}
	rmdir(path);
}

/* Write @p n bytes to @p path (replacing it). 0 or -1. */
static inline int fuzz_write_file(const char *path, const void *data,
                                  size_t n)
{
	FILE *fp = fopen(path, "wb");
	int rc;

	if (!fp)
		return -1;
	rc = (n && fwrite(data, 1, n, fp) != n) ? -1 : 0;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

/* The whole of @p path, malloc'ed, length in *n; NULL when unreadable. */
static inline char *fuzz_read_file(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *s = NULL;
	long len;

	*n = 0;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (s = malloc((size_t)len + 1)) &&
	    fread(s, 1, (size_t)len, fp) == (size_t)len) {
		*n = (size_t)len;
		s[len] = '\0';
	} else {
		free(s);
		s = NULL;
	}
	fclose(fp);
	return s;
}

/* 1 when both files can be read and hold the same bytes. */
static inline int fuzz_same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *sa = fuzz_read_file(a, &na), *sb = fuzz_read_file(b, &nb);
	int same = sa && sb && na == nb && !memcmp(sa, sb, na);

	free(sa);
	free(sb);
	return same;
}

#endif

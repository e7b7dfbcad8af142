/*
 * fileio.c -- atomic output files and directory helpers.
 *
 * Reports are what a facility signs off, so they are never left half
 * written: each file is written under a hidden temporary name beside its
 * final path, flushed to disk, and renamed into place. An existing file is
 * replaced only when the caller asked for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

char *mzg__path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);

	if (dl && dir[dl - 1] == '/')
		return mzg__asprintf("%s%s", dir, name);
	return mzg__asprintf("%s/%s", dir, name);
}

int mzg__mkdir_p(const char *dir)
{
	char *tmp = mzg__strdup(dir);
	char *p;
	int rc = MZG_OK;

	if (!tmp)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (p = tmp + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(tmp, 0777) < 0 && errno != EEXIST) {
				rc = mzg__err(MZG_EIO, "%s: cannot create directory: %s",
				              tmp, strerror(errno));
				break;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	if (rc == MZG_OK) {
		struct stat st;

		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			rc = mzg__err(MZG_EIO, "%s: not a directory", dir);
	}
	free(tmp);
	return rc;
}

int mzg__afile_open(mzg_afile *f, const char *path, int force)
{
	const char *base = mzg__basename(path);
	size_t dirlen = (size_t)(base - path);
	int fd;

	memset(f, 0, sizeof *f);
	if (!force && access(path, F_OK) == 0)
		return mzg__err(MZG_EEXIST,
		                "%s exists (use --force to overwrite)", path);
	f->path = mzg__strdup(path);
	f->tmp = mzg__asprintf("%.*s.%s.tmpXXXXXX", (int)dirlen, path, base);
	if (!f->path || !f->tmp) {
		mzg__afile_abort(f);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	fd = mkstemp(f->tmp);
	if (fd < 0) {
		int e = errno;

		free(f->tmp);
		f->tmp = NULL;
		mzg__afile_abort(f);
		return mzg__err(MZG_EIO, "%s: cannot create: %s", path,
		                strerror(e));
	}
	fchmod(fd, 0644);
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		close(fd);
		mzg__afile_abort(f);
		return mzg__err(MZG_EIO, "%s: cannot open stream", path);
	}
	return MZG_OK;
}

int mzg__afile_close(mzg_afile *f)
{
	int rc = MZG_OK;

	if (!f->fp)
		return mzg__err(MZG_EINVAL, "close of a file that is not open");
	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0)
		rc = mzg__err(MZG_EIO, "%s: write failed: %s", f->path,
		              strerror(errno));
	if (fclose(f->fp) != 0 && rc == MZG_OK)
		rc = mzg__err(MZG_EIO, "%s: write failed: %s", f->path,
		              strerror(errno));
	f->fp = NULL;
	if (rc != MZG_OK)
		mzg__afile_abort(f);
	return rc;
}

int mzg__afile_commit(mzg_afile *f)
{
	int rc = MZG_OK;

	if (!f->tmp)
		return mzg__err(MZG_EINVAL, "commit of a file that is not open");
	if (f->fp && (rc = mzg__afile_close(f)) < 0)
		return rc;
	if (rename(f->tmp, f->path) != 0)
		rc = mzg__err(MZG_EIO, "%s: cannot rename into place: %s",
		              f->path, strerror(errno));
	if (rc != MZG_OK)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
	return rc;
}

void mzg__afile_abort(mzg_afile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof *f);
}

/*
 * report.c -- the report set: which files a run writes, written as a unit.
 *
 * A report is what a facility signs off, so it must never be half there
 * or a mix of two runs. Every file of the set is written to a temporary
 * name in the output directory and synced; only when all of them are
 * complete are they renamed into place, one after the other. Without
 * force, any existing file of the set stops the run before anything is
 * written; if a rename fails midway, the files already renamed are
 * removed again, so no partial report is left behind. Further files
 * (report.html, review's audit.tsv) join the set through the same table
 * of writers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "report_priv.h"

static const mzg_report_file standard_files[] = {
	{ "calls.tsv", mzg_report_calls_tsv, NULL },
	{ "genotypes.tsv", mzg_report_genotypes_tsv, NULL },
	{ "qc.json", mzg_report_qc_json, NULL },
	{ "qc.tsv", mzg_report_qc_tsv, NULL },
	{ "report.html", mzg_report_html, NULL },
	{ "design.tsv", mzg_report_design_tsv, NULL },
	{ "snippets.tsv", mzg_report_snippets_tsv, NULL },
};

size_t mzg_report_standard(const mzg_report_file **files)
{
	*files = standard_files;
	return MZG_ARRAY_LEN(standard_files);
}

static int check_names(const mzg_report_file *files, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *s = files[i].name;

		if (!s || !*s || *s == '.' || strchr(s, '/') || !files[i].write)
			return mzg__err(MZG_EINVAL, "report file name '%s' is not a "
			                "plain file name", s ? s : "(null)");
		for (k = 0; k < i; k++)
			if (!strcmp(files[k].name, s))
				return mzg__err(MZG_EINVAL, "report file '%s' listed "
				                "twice", s);
	}
	return MZG_OK;
}

/* Without force: refuse when any file of the set exists (even a dangling
 * symlink), before writing anything. */
static int check_absent(char **paths, size_t n)
{
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++)
		if (lstat(paths[i], &st) == 0)
			return mzg__err(MZG_EEXIST, "%s exists (use --force to "
			                "overwrite)", paths[i]);
	return MZG_OK;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Write every file to its temporary and close it. */
static int write_all(mzg_afile *af, char **paths, const mzg_report_file *f,
                     size_t n, const mzg_run *run, const mzg_qc *qc,
                     int force)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = mzg__afile_open(&af[i], paths[i], force)) < 0)
			return rc;
	for (i = 0; i < n; i++) {
		mzg_error_clear();
		if ((rc = f[i].write(af[i].fp, run, qc, f[i].payload)) < 0)
			return *mzg_errmsg() ? mzg__err_prefix(rc, "%s", paths[i]) :
			       mzg__err(rc, "%s: %s", paths[i], mzg_strerror(rc));
		if ((rc = mzg__afile_close(&af[i])) < 0)
			return rc;
	}
	return MZG_OK;
}

/* Rename all into place; on failure remove those renamed (when they did
 * not exist before, i.e. without force). */
static int rename_all(mzg_afile *af, char **paths, size_t n, int force)
{
	size_t i, k;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = mzg__afile_commit(&af[i])) < 0) {
			for (k = 0; k < i && !force; k++)
				unlink(paths[k]);
			return rc;
		}
	return MZG_OK;
}

int mzg_report_write_files(const char *outdir, const mzg_report_file *files,
                           size_t n, const mzg_run *run, const mzg_qc *qc,
                           unsigned flags)
{
	int force = (flags & MZG_REPORT_FORCE) != 0, rc, existed;
	struct stat st;
	mzg_afile *af = NULL;
	char **paths = NULL;
	size_t i;

	if (!outdir || !*outdir || (n && !files))
		return mzg__err(MZG_EINVAL, "no output directory");
	existed = stat(outdir, &st) == 0;
	if ((rc = check_names(files, n)) < 0 || (rc = mzg__mkdir_p(outdir)) < 0)
		return rc;
	paths = mzg__calloc_array(n, sizeof *paths);
	af = mzg__calloc_array(n, sizeof *af);
	if (!paths || !af) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!(paths[i] = mzg__path_join(outdir, files[i].name))) {
			rc = mzg__err(MZG_ENOMEM, "out of memory");
			goto out;
		}
	if ((!force && (rc = check_absent(paths, n)) < 0) ||
	    (rc = write_all(af, paths, files, n, run, qc, force)) < 0 ||
	    (rc = rename_all(af, paths, n, force)) < 0)
		goto out;
	sync_dir(outdir);
out:
	for (i = 0; af && i < n; i++)
		mzg__afile_abort(&af[i]);
	if (rc < 0 && !existed)
		rmdir(outdir); /* ours and empty: leave nothing behind */
	for (i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
	free(af);
	return rc;
}

int mzg_report_write(const char *outdir, const mzg_run *run,
                     const mzg_qc *qc, const mzg_report_file *extra,
                     size_t n_extra, unsigned flags)
{
	const mzg_report_file *std;
	size_t n_std = mzg_report_standard(&std);
	mzg_report_file *all;
	int rc;

	if (n_extra > SIZE_MAX / 2 || (n_extra && !extra))
		return mzg__err(MZG_EINVAL, "bad extra report files");
	all = mzg__malloc_array(n_std + n_extra, sizeof *all);
	if (!all)
		return mzg__err(MZG_ENOMEM, "out of memory");
	memcpy(all, std, n_std * sizeof *all);
	if (n_extra)
		memcpy(all + n_std, extra, n_extra * sizeof *all);
	rc = mzg_report_write_files(outdir, all, n_std + n_extra, run, qc, flags);
	free(all);
	return rc;
}

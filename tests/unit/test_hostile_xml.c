/*
 * test_hostile_xml.c -- XML-level attacks on the mzML reader: external
 * entities (XXE) in text, attributes, parameter entities and an external
 * DTD, XInclude, and entity-expansion bombs.
 *
 * Each XXE case points at a marker file in a fresh temporary directory.
 * The test asserts that the marker text never reaches a spectrum, an error
 * message or a log message, and -- with inotify, so nothing depends on
 * timing -- that the reader never even opens the file. The committed
 * variants in testdata/hostile/mzml (relative system identifiers next to
 * xxe_secret.txt) are checked the same way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "mzgeno/error.h"
#include "mzgeno/mzml.h"
#include "runner.h"

static char marker[64];
static char logbuf[1 << 16];
static size_t loglen;

/* Collect every log message, so the test can look for the marker. */
static void capture(void *payload, mzg_log_level level, const char *msg)
{
	size_t n = strlen(msg);

	(void)payload;
	(void)level;
	if (loglen + n + 2 < sizeof logbuf) {
		memcpy(logbuf + loglen, msg, n);
		loglen += n;
		logbuf[loglen++] = '\n';
		logbuf[loglen] = '\0';
	}
}

/* What one read saw: all ids, spot ids and messages, concatenated. */
typedef struct seen {
	char text[1 << 15];
	size_t len;
	int final_rc, n_ok;
} seen;

static void see(seen *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n && w->len + n + 2 < sizeof w->text) {
		memcpy(w->text + w->len, s, n);
		w->len += n;
		w->text[w->len++] = '|';
		w->text[w->len] = '\0';
	}
}

/* Read everything from @p path (as a file, or from memory under the
 * path's name so relative references resolve next to it). */
static void read_all(seen *w, const char *path, int mem)
{
	mzg_mzml *r = NULL;
	mzg_spectrum s;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(w, 0, sizeof *w);
	mzg_spectrum_init(&s);
	if (mem) {
		buf = mzg_test_slurp(path, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		rc = mzg_mzml_open_mem(&r, buf, len, path, NULL);
	} else {
		rc = mzg_mzml_open(&r, path, NULL);
	}
	if (rc < 0)
		see(w, mzg_errmsg());
	while (rc == 0 || rc == MZG_EDATA) {
		rc = mzg_mzml_next(r, &s);
		if (rc == 0 || rc == MZG_EDATA) {
			w->n_ok += rc == 0;
			see(w, s.id);
			see(w, s.spot_id);
			see(w, s.well);
		}
		if (rc < 0)
			see(w, mzg_errmsg());
	}
	w->final_rc = rc;
	if (r)
		see(w, mzg_mzml_index_note(r));
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	free(buf);
}

/* Read @p path both ways while watching @p secret: the secret file is
 * never opened and its marker never appears. */
static void check_no_leak(const char *path, const char *secret,
                          const char *mark)
{
	int fd = inotify_init1(IN_NONBLOCK);
	char ev[4096];
	int mem;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(inotify_add_watch(fd, secret, IN_OPEN | IN_ACCESS) >= 0);
	for (mem = 0; mem < 2; mem++) {
		seen w;
		ssize_t got;

		loglen = 0;
		logbuf[0] = '\0';
		read_all(&w, path, mem);
		got = read(fd, ev, sizeof ev);
		if (got > 0 || strstr(w.text, mark) || strstr(logbuf, mark))
			printf("\n    %s%s: secret %s; saw: %.300s\n", path,
			       mem ? " (memory)" : "",
			       got > 0 ? "OPENED" : "not opened", w.text);
		CU_ASSERT(got < 0 && errno == EAGAIN);
		CU_ASSERT_PTR_NULL(strstr(w.text, mark));
		CU_ASSERT_PTR_NULL(strstr(logbuf, mark));
		/* the file either fails to parse or its spectra come through */
		CU_ASSERT(w.final_rc == MZG_DONE || w.final_rc == MZG_EFORMAT);
	}
	close(fd);
}

static const char good_spectrum[] =
	"<spectrum index=\"0\" id=\"scan=1\" defaultArrayLength=\"1\" "
	"spotID=\"A01\"><cvParam cvRef=\"MS\" accession=\"MS:1000128\" "
	"name=\"profile spectrum\"/><binaryDataArrayList count=\"2\">"
	"<binaryDataArray><cvParam cvRef=\"MS\" accession=\"MS:1000523\"/>"
	"<cvParam cvRef=\"MS\" accession=\"MS:1000514\"/>"
	"<binary>AAAAAACIs0A=</binary></binaryDataArray>"
	"<binaryDataArray><cvParam cvRef=\"MS\" accession=\"MS:1000523\"/>"
	"<cvParam cvRef=\"MS\" accession=\"MS:1000515\"/>"
	"<binary>%BINARY%</binary></binaryDataArray>"
	"</binaryDataArrayList></spectrum>";

/* Write an mzML with @p doctype and one spectrum (its id @p id, the text
 * of its intensity <binary> @p binary) to @p path. */
static void write_mzml(const char *path, const char *doctype, const char *id,
                       const char *binary, const char *run_extra)
{
	FILE *fp = fopen(path, "w");
	const char *b = strstr(good_spectrum, "%BINARY%");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fprintf(fp, "<?xml version=\"1.0\"?>\n%s\n<mzML xmlns=\"http://psi."
	        "hupo.org/ms/mzml\" version=\"1.1.0\"><run id=\"r\">%s"
	        "<spectrumList count=\"1\">", doctype, run_extra);
	fprintf(fp, "%.*s%s%s", (int)(b - good_spectrum), good_spectrum,
	        binary, b + strlen("%BINARY%"));
	fprintf(fp, "</spectrumList></run></mzML>\n");
	fclose(fp);
	if (strcmp(id, "scan=1") != 0) {  /* put the entity in the id */
		size_t len;
		char *t = mzg_test_slurp(path, &len), *at;

		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		at = strstr(t, "id=\"scan=1\"");
		fp = fopen(path, "w");
		fprintf(fp, "%.*sid=\"%s\"%s", (int)(at - t), t, id,
		        at + strlen("id=\"scan=1\""));
		fclose(fp);
		free(t);
	}
}

/* XXE variants generated against a marker file in a temporary dir. */
static void test_xxe_generated(void)
{
	const char *dir = mzg_test_tmpdir();
	char secret[600], doctype[1400], path[700];
	FILE *fp;
	int i;

	snprintf(marker, sizeof marker, "MZG-XXE-%ld-SECRET", (long)getpid());
	snprintf(secret, sizeof secret, "%s/secret.txt", dir);
	fp = fopen(secret, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fprintf(fp, "%s\n", marker);
	fclose(fp);
	for (i = 0; i < 8; i++) {
		const char *uri_fmt = i % 2 ? "%s" : "file://%s";
		char uri[700];
		const char *id = "scan=1", *bin = "AAAAAAAA8D8=", *run = "";

		snprintf(uri, sizeof uri, uri_fmt, secret);
		snprintf(doctype, sizeof doctype,
		         "<!DOCTYPE mzML [<!ENTITY xxe SYSTEM \"%s\">]>", uri);
		switch (i / 2) {
		case 0: bin = "&xxe;"; break;             /* in text */
		case 1: id = "&xxe;"; break;              /* in an attribute */
		case 2:                                   /* parameter entity */
			snprintf(doctype, sizeof doctype, "<!DOCTYPE mzML [<!ENTITY "
			         "%% p SYSTEM \"%s\"> %%p;]>", uri);
			break;
		case 3:                                   /* external DTD */
			snprintf(doctype, sizeof doctype,
			         "<!DOCTYPE mzML SYSTEM \"%s\">", uri);
			break;
		}
		snprintf(path, sizeof path, "%s/xxe%d.mzML", dir, i);
		write_mzml(path, doctype, id, bin, run);
		check_no_leak(path, secret, marker);
	}
	/* XInclude of the secret as text */
	snprintf(doctype, sizeof doctype, "<xi:include xmlns:xi=\"http://www."
	         "w3.org/2001/XInclude\" href=\"%s\" parse=\"text\"/>", secret);
	snprintf(path, sizeof path, "%s/xinclude.mzML", dir);
	write_mzml(path, "", "scan=1", "AAAAAAAA8D8=", doctype);
	check_no_leak(path, secret, marker);
}

/* The committed variants, with relative references to xxe_secret.txt. */
static void test_xxe_committed(void)
{
	static const char *const files[] = { "xxe_text.mzML", "xxe_attr.mzML",
		"xxe_id.mzML", "xxe_parameter_entity.mzML",
		"xxe_external_dtd.mzML", "xinclude.mzML" };
	char secret[600], path[600];
	size_t i;

	snprintf(secret, sizeof secret, "%s/hostile/mzml/xxe_secret.txt",
	         mzg_test_data());
	for (i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/hostile/mzml/%s",
		         mzg_test_data(), files[i]);
		check_no_leak(path, secret, "MZG-XXE-MARKER-7f3a");
	}
}

/* Entity bombs: refused (entities are not defined for the reader), in
 * bounded time, with a message naming the file. The largest would expand
 * to 3 GB ("billion laughs") or to 100 MB from a 60 kB file (quadratic). */
static void test_entity_bombs(void)
{
	static const char *const files[] = { "billion_laughs_text.mzML",
		"billion_laughs_attr.mzML", "quadratic_blowup.mzML" };
	size_t i;

	for (i = 0; i < sizeof files / sizeof *files; i++) {
		char path[600];
		seen w;

		snprintf(path, sizeof path, "%s/hostile/mzml/%s",
		         mzg_test_data(), files[i]);
		read_all(&w, path, 0);
		CU_ASSERT_EQUAL(w.final_rc, MZG_EFORMAT);
		CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "not defined"));
		CU_ASSERT_PTR_NOT_NULL(strstr(w.text, files[i]));
		CU_ASSERT_PTR_NULL(strstr(w.text, "lollollol"));
		CU_ASSERT(w.len < 4096);
	}
}

static int setup(void)
{
	mzg_set_logger(capture, NULL, MZG_LOG_DEBUG);
	return 0;
}

static int teardown(void)
{
	mzg_set_logger(NULL, NULL, MZG_LOG_ERROR);
	return 0;
}

static CU_TestInfo xml_tests[] = {
	{ "external entities (generated)", test_xxe_generated },
	{ "external entities (testdata)", test_xxe_committed },
	{ "entity expansion bombs", test_entity_bombs },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "hostile XML", setup, teardown, NULL, NULL, xml_tests },
	CU_SUITE_INFO_NULL,
};

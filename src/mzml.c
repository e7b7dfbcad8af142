/*
 * mzml.c -- the streaming mzML reader: input, parser driving, public API.
 *
 * The file (plain, read with read(2) straight into the chunk, or gzip,
 * read through zlib's gzread) or a memory buffer is fed in fixed chunks to a libxml2
 * SAX2 push parser (mzml_sax.c) with XML_PARSE_HUGE (long <binary> text),
 * XML_PARSE_NONET, no DTD loading and no entity substitution. Spectra that
 * the callbacks complete wait in a small queue; mzg_mzml_next() swaps the
 * oldest into the caller's record (no copy) and feeds more input only when
 * the queue is empty, so memory stays flat in the number of spectra. Every
 * chunk is also scanned for tag offsets to verify the index (mzml_index.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mzml_reader.h"

#define CHUNK_SIZE (128 * 1024)

void mzg_mzml_opts_init(mzg_mzml_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_points = (size_t)1 << 26;
	o->skip_arrays = 0;
}

/* Next chunk of a gzip-compressed memory buffer into r->chunk
 * (concatenated members are read one after the other, as gzread does). */
static int read_mem_gz(mzg_mzml *r, const uint8_t **buf, size_t *n)
{
	z_stream *zs = &r->memz;
	int zrc;

	zs->next_out = r->chunk;
	zs->avail_out = CHUNK_SIZE;
	while (zs->avail_out && r->memz_ready == 1) {
		if (zs->avail_in == 0 && r->mem_pos < r->mem_len) {
			size_t left = r->mem_len - r->mem_pos;

			zs->next_in = (Bytef *)(uintptr_t)(r->mem + r->mem_pos);
			zs->avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
			r->mem_pos += zs->avail_in;
		}
		zrc = inflate(zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END) {
			if (zs->avail_in == 0 && r->mem_pos >= r->mem_len)
				r->memz_ready = 2; /* all members read */
			else if (inflateReset(zs) != Z_OK)
				return mzg__err(MZG_EINTERNAL, "inflateReset");
		} else if (zrc == Z_BUF_ERROR && zs->avail_in == 0) {
			/* like gzread: hand over what there is; the XML
			 * parser then reports where the document stops */
			r->memz_ready = 3;
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			return mzg__err(MZG_EFORMAT, "%s: corrupt gzip data (%s)",
			                r->name, zs->msg ? zs->msg : "inflate");
		}
	}
	*buf = r->chunk;
	*n = CHUNK_SIZE - zs->avail_out;
	return MZG_OK;
}

/* Read the next raw chunk into (buf, n); n = 0 at the end. */
static int read_chunk(mzg_mzml *r, const uint8_t **buf, size_t *n)
{
	int got;

	if (r->memz_ready)
		return read_mem_gz(r, buf, n);
	if (r->mem) {
		size_t left = r->mem_len - r->mem_pos;

		*n = left < CHUNK_SIZE ? left : CHUNK_SIZE;
		*buf = r->mem + r->mem_pos;
		r->mem_pos += *n;
		return MZG_OK;
	}
	if (r->plain) {
		ssize_t k;

		do
			k = read(r->fd, r->chunk, CHUNK_SIZE);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			return mzg__err(MZG_EIO, "%s: read error after %lld bytes "
			                "(%s)", r->name, (long long)r->nread,
			                strerror(errno));
		*buf = r->chunk;
		*n = (size_t)k;
		return MZG_OK;
	}
	got = gzread(r->gz, r->chunk, CHUNK_SIZE);
	if (got < 0) {
		int zerr;
		const char *msg = gzerror(r->gz, &zerr);

		return mzg__err(zerr == Z_ERRNO ? MZG_EIO : MZG_EFORMAT,
		                "%s: read error after %lld bytes (%s)", r->name,
		                (long long)r->nread, msg ? msg : "gzread");
	}
	*buf = r->chunk;
	*n = (size_t)got;
	return MZG_OK;
}

/* Turn the parser's fatal error into the reader's sticky error. */
static void xml_fatal(mzg_mzml *r)
{
	char where[200];

	if (r->last_id.len)
		snprintf(where, sizeof where, "after spectrum %ld (id '%.100s')",
		         r->nspec - 1, r->last_id.s);
	else
		snprintf(where, sizeof where, "before the first spectrum");
	if (r->eof && r->root_seen && !r->root_closed && !r->xml_generic)
		mzg__mz_fatal(r, MZG_EFORMAT, "%s: the file ends inside <%s> "
		              "(truncated?), %s", r->name,
		              r->ctxt && r->ctxt->name ?
		              (const char *)r->ctxt->name : "mzML", where);
	else if (r->xml_err_line > 0)
		mzg__mz_fatal(r, MZG_EFORMAT, "%s: not well-formed XML at line "
		              "%d, %s: %s", r->name, r->xml_err_line, where,
		              r->xml_err[0] ? r->xml_err : "parse error");
	else
		mzg__mz_fatal(r, MZG_EFORMAT, "%s: not well-formed XML, %s: %s",
		              r->name, where,
		              r->xml_err[0] ? r->xml_err : "parse error");
}

/* Create the push parser on the first bytes (which set the encoding). */
static int make_parser(mzg_mzml *r, const uint8_t *buf, size_t n)
{
	static const uint8_t hdf5[8] = { 0x89, 'H', 'D', 'F', '\r', '\n',
	                                 0x1a, '\n' };
	size_t first = n < 4 ? n : 4;

	if (n >= 8 && !memcmp(buf, hdf5, 8))
		return mzg__err(MZG_EUNSUPPORTED, "%s: this is an HDF5 file "
		                "(mzMLb?); mzMLb is not supported, convert it to "
		                "mzML", r->name);
	mzg__mz_sax_init(&r->sax);
	r->ctxt = xmlCreatePushParserCtxt(&r->sax, r, (const char *)buf,
	                                  (int)first, r->name);
	if (!r->ctxt)
		return mzg__err(MZG_ENOMEM, "%s: cannot create the XML parser",
		                r->name);
	xmlCtxtUseOptions(r->ctxt, XML_PARSE_HUGE | XML_PARSE_NONET |
	                  XML_PARSE_NOCDATA);
	return (int)first;
}

/* Run libxml2 on one chunk (NULL: the end) with the reader's error
 * handler as the thread's, restoring the caller's afterwards: errors that
 * libxml2 raises outside the parser context would otherwise be printed. */
static void parse_chunk(mzg_mzml *r, const uint8_t *buf, size_t n)
{
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_gfn = xmlGenericError;
	void *old_gctx = xmlGenericErrorContext;

	xmlSetStructuredErrorFunc(r, mzg__mz_on_error);
	xmlSetGenericErrorFunc(r, mzg__mz_on_generic);
	xmlParseChunk(r->ctxt, (const char *)buf, (int)n, buf == NULL);
	xmlSetGenericErrorFunc(old_gctx, old_gfn);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
}

/* Parse @p n bytes of input. The base64 text of <binary> elements, most
 * of an mzML file, goes straight to the decoder where libxml2 would only
 * have scanned it and passed it on (mzg__mz_bypass); everything else,
 * up to and including each "<binary>" start tag, goes to libxml2. */
static void parse_text(mzg_mzml *r, const uint8_t *buf, size_t n)
{
	static const char tag[] = "<binary>";
	const size_t tl = sizeof tag - 1;
	size_t pos = 0, k;

	while (pos < n && !r->fatal) {
		const uint8_t *t = buf + pos;

		if ((k = mzg__mz_bypass(r, buf + pos, n - pos)) > 0) {
			pos += k;
			continue;
		}
		while ((t = memchr(t, '<', (size_t)(buf + n - t))) != NULL &&
		       ((size_t)(buf + n - t) < tl || memcmp(t, tag, tl) != 0))
			t++;
		k = t ? (size_t)(t - buf) + tl : n;
		parse_chunk(r, buf + pos, k - pos);
		pos = k;
	}
}

/* Feed one chunk (or the end of input) to the parser. */
static int feed(mzg_mzml *r)
{
	const uint8_t *buf = NULL;
	size_t n = 0, skip = 0;
	int rc;

	if ((rc = read_chunk(r, &buf, &n)) < 0)
		return rc;
	if (n && mzg__idx_scan(r->idx, buf, n) < 0)
		return MZG_ENOMEM;
	if (!r->ctxt) {
		if (n == 0)
			return mzg__err(MZG_EFORMAT, "%s: the file is empty",
			                r->name);
		if ((rc = make_parser(r, buf, n)) < 0)
			return rc;
		skip = (size_t)rc;
	}
	r->nread += (int64_t)n;
	if (n == 0) {
		r->eof = 1;
		parse_chunk(r, NULL, 0);
	}
	parse_text(r, buf + skip, n > skip ? n - skip : 0);
	if (r->fatal)
		return r->fatal;
	if (!r->ctxt->wellFormed || r->xml_generic ||
	    (r->eof && !r->root_closed)) {
		xml_fatal(r);
		return r->fatal;
	}
	if (r->eof && r->memz_ready == 3) {
		mzg__mz_fatal(r, MZG_EFORMAT, "%s: the gzip data is truncated",
		              r->name);
		return r->fatal;
	}
	if (r->eof) {
		r->done = 1;
		r->idx_ok = mzg__idx_finish(r->idx, &r->idx_note);
	}
	return MZG_OK;
}

/* Raise the sticky fatal error again. */
static int refatal(const mzg_mzml *r)
{
	return mzg__err(r->fatal, "%s", r->fatal_msg ? r->fatal_msg :
	                "mzML reader failed");
}

/* Feed until the header (everything before <run>) has been parsed. An
 * error after the first spectrum started is left for mzg_mzml_next(),
 * which delivers the spectra before it first. */
static int read_header(mzg_mzml *r)
{
	int rc;

	while (!r->run_seen && !r->done) {
		if ((rc = feed(r)) < 0) {
			if (!r->fatal)
				mzg__mz_fatal(r, rc, "%s", mzg_errmsg());
			break;
		}
	}
	return r->fatal && r->nspec == 0 ? refatal(r) : MZG_OK;
}

/* libxml2 must be initialised once before threads use it. */
static void xml_init(void)
{
	xmlInitParser();
}

/* Common part of open and open_mem. */
static int open_common(mzg_mzml **out, mzg_mzml *r, const char *name,
                       const mzg_mzml_opts *opts)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int rc;

	pthread_once(&once, xml_init);

	if (opts)
		r->opts = *opts;
	else
		mzg_mzml_opts_init(&r->opts);
	if (r->opts.max_points == 0)
		r->opts.max_points = (size_t)1 << 26;
	r->name = mzg__strdup(name);
	r->cur_group = -1;
	r->idx_ok = -1;
	r->idx_note = "not checked yet";
	if (!r->name || mzg__idx_new(&r->idx) < 0) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = read_header(r)) < 0)
		goto fail;
	*out = r;
	return MZG_OK;
fail:
	mzg_mzml_close(r);
	return rc;
}

/* Open @p path: a plain file is read with read(2), one starting with the
 * gzip magic (or a pipe) through zlib. 0 or MZG_EIO. */
static int open_input(mzg_mzml *r, const char *path)
{
	unsigned char magic[2];
	ssize_t k;
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return mzg__err(MZG_EIO, "%s: cannot open: %s", path,
		                strerror(errno));
	do
		k = pread(fd, magic, 2, 0);
	while (k < 0 && errno == EINTR);
	if (k < 0 && errno != ESPIPE) {
		rc = mzg__err(MZG_EIO, "%s: cannot read: %s", path,
		              strerror(errno));
		close(fd);
		return rc;
	}
	/* a pipe cannot be peeked at: zlib tells gzip from plain there */
	if (k < 0 || (k == 2 && magic[0] == 0x1f && magic[1] == 0x8b)) {
		if (!(r->gz = gzdopen(fd, "rb"))) {
			close(fd);
			return mzg__err(MZG_EIO, "%s: cannot open: %s", path,
			                strerror(errno ? errno : ENOMEM));
		}
		gzbuffer(r->gz, 256 * 1024);
		return MZG_OK;
	}
	r->fd = fd;
	r->plain = 1;
	return MZG_OK;
}

int mzg_mzml_open(mzg_mzml **out, const char *path, const mzg_mzml_opts *opts)
{
	mzg_mzml *r;
	int rc;

	*out = NULL;
	if (!path)
		return mzg__err(MZG_EINVAL, "mzg_mzml_open: no path");
	r = calloc(1, sizeof *r);
	if (!r)
		return mzg__err(MZG_ENOMEM, "out of memory");
	r->name_is_path = 1;
	r->chunk = malloc(CHUNK_SIZE);
	rc = !r->chunk ? mzg__err(MZG_ENOMEM, "out of memory") :
	     open_input(r, path);
	if (rc < 0) {
		free(r->chunk);
		free(r);
		return rc;
	}
	return open_common(out, r, path, opts);
}

int mzg_mzml_open_mem(mzg_mzml **out, const void *buf, size_t len,
                      const char *name, const mzg_mzml_opts *opts)
{
	mzg_mzml *r;

	*out = NULL;
	if (!buf && len)
		return mzg__err(MZG_EINVAL, "mzg_mzml_open_mem: no buffer");
	r = calloc(1, sizeof *r);
	if (!r)
		return mzg__err(MZG_ENOMEM, "out of memory");
	r->mem = buf ? buf : (const uint8_t *)"";
	r->mem_len = len;
	if (len >= 2 && r->mem[0] == 0x1f && r->mem[1] == 0x8b) {
		/* gzip in memory: inflate it chunk by chunk */
		r->chunk = malloc(CHUNK_SIZE);
		if (!r->chunk || inflateInit2(&r->memz, 15 + 16) != Z_OK) {
			free(r->chunk);
			free(r);
			return mzg__err(MZG_ENOMEM, "out of memory");
		}
		r->memz_ready = 1;
	}
	return open_common(out, r, name ? name : "(memory)", opts);
}

/* Hand the oldest queued spectrum to the caller by swapping records. */
static int pop(mzg_mzml *r, mzg_spectrum *s)
{
	mz_rec *rc = &r->q[r->qhead++];
	mzg_spectrum tmp = *s;
	int status = rc->status;

	*s = rc->s;
	rc->s = tmp;
	if (status < 0)
		mzg__err(status, "%s", rc->msg ? rc->msg : "bad spectrum");
	if (r->qhead == r->qn) {
		/* queue drained: move the record being built to slot 0 */
		if (r->qn && r->qn < r->qcap) {
			mz_rec t = r->q[0];

			r->q[0] = r->q[r->qn];
			r->q[r->qn] = t;
		}
		r->qhead = r->qn = 0;
	}
	return status < 0 ? status : MZG_OK;
}

int mzg_mzml_next(mzg_mzml *r, mzg_spectrum *s)
{
	int rc;

	if (!r || !s)
		return mzg__err(MZG_EINVAL, "mzg_mzml_next: NULL argument");
	for (;;) {
		if (r->qhead < r->qn)
			return pop(r, s);
		if (r->fatal)
			return refatal(r);
		if (r->done)
			return MZG_DONE;
		if ((rc = feed(r)) < 0 && !r->fatal)
			mzg__mz_fatal(r, rc, "%s", mzg_errmsg());
	}
}

const char *mzg_mzml_name(const mzg_mzml *r)
{
	return r ? r->name : "";
}

int mzg_mzml_index_ok(const mzg_mzml *r)
{
	return r ? r->idx_ok : 0;
}

const char *mzg_mzml_index_note(const mzg_mzml *r)
{
	return r ? r->idx_note : "";
}

void mzg_mzml_close(mzg_mzml *r)
{
	size_t i;

	if (!r)
		return;
	if (r->ctxt) {
		if (r->ctxt->myDoc)
			xmlFreeDoc(r->ctxt->myDoc);
		xmlFreeParserCtxt(r->ctxt);
	}
	if (r->gz)
		gzclose(r->gz);
	if (r->plain)
		close(r->fd);
	if (r->memz_ready)
		inflateEnd(&r->memz);
	for (i = 0; i < r->qcap; i++) {
		mzg_spectrum_free(&r->q[i].s);
		free(r->q[i].msg);
	}
	free(r->q);
	mzg__mz_groups_free(r);
	mzg__idx_free(r->idx);
	mzg__scratch_free(&r->sc);
	mzg__buf_free(&r->text);
	mzg__buf_free(&r->idref);
	mzg__buf_free(&r->last_id);
	free(r->raw);
	free(r->chunk);
	free(r->fatal_msg);
	free(r->name);
	free(r);
}

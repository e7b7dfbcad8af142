/*
 * mzml_write.c -- a small writer of indexedmzML 1.1 files.
 *
 * It writes what real MALDI writers write (pwiz habits: 64-bit m/z,
 * 32-bit intensity, zlib optional; or MS-Numpress) with a correct
 * <indexList> (byte offsets of every <spectrum>, with spotID), the
 * <indexListOffset>, and the SHA-1 <fileChecksum> over every byte up to and
 * including "<fileChecksum>" (mzML1.1.0_idx.xsd). Every byte goes through
 * one function that counts it and hashes it, so the offsets and checksum
 * cannot drift from the content. The file is written atomically.
 * Nothing here is shared with the reader (see mzml_write.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"
#include "mzgeno_version.h"
#include "mzml_write.h"

struct mzg_mzw {
	mzg_afile f;
	mzg_mzw_opts o;
	mzg_sha1 sha;
	uint64_t pos;          /* bytes written so far */
	int failed;            /* a write failed: the file is dropped */
	size_t n_expected, n;
	uint64_t *offsets;     /* byte offset of each <spectrum */
	char **ids, **spots;   /* id and spotID of each spectrum */
	mzg_buf x;             /* XML text being composed */
	unsigned char *raw, *packed; /* binary scratch */
	size_t raw_cap, packed_cap;
	char *b64;
	size_t b64_cap;
};

static int emit(mzg_mzw *w, const void *data, size_t n)
{
	if (w->failed)
		return MZG_EIO;
	if (n && fwrite(data, 1, n, w->f.fp) != n) {
		w->failed = 1;
		return mzg__err(MZG_EIO, "%s: write failed", w->f.path);
	}
	mzg__sha1_update(&w->sha, data, n);
	w->pos += n;
	return MZG_OK;
}

/* Emit the composed text and clear it. */
static int flush_x(mzg_mzw *w)
{
	int rc = emit(w, w->x.s, w->x.len);

	mzg__buf_reset(&w->x);
	return rc;
}

/* Append @p s to the text with XML escaping (for attribute values). */
static int put_escaped(mzg_buf *b, const char *s)
{
	int rc = MZG_OK;

	for (; *s && rc == MZG_OK; s++) {
		switch (*s) {
		case '&': rc = mzg__buf_puts(b, "&amp;"); break;
		case '<': rc = mzg__buf_puts(b, "&lt;"); break;
		case '>': rc = mzg__buf_puts(b, "&gt;"); break;
		case '"': rc = mzg__buf_puts(b, "&quot;"); break;
		case '\'': rc = mzg__buf_puts(b, "&apos;"); break;
		default: rc = mzg__buf_append(b, s, 1);
		}
	}
	return rc;
}

/* <cvParam> with an optional value and unit ("MS:1000040 m/z" style). */
static int cv(mzg_buf *b, const char *ind, const char *acc, const char *name,
              const char *value, const char *unit_acc, const char *unit_name)
{
	int rc = mzg__buf_printf(b, "%s<cvParam cvRef=\"MS\" accession=\"%s\" "
	                         "name=\"%s\" value=\"%s\"", ind, acc, name,
	                         value ? value : "");

	if (rc == MZG_OK && unit_acc)
		rc = mzg__buf_printf(b, " unitCvRef=\"%.2s\" unitAccession=\"%s\" "
		                     "unitName=\"%s\"", unit_acc, unit_acc, unit_name);
	return rc == MZG_OK ? mzg__buf_puts(b, "/>\n") : rc;
}

static int write_head(mzg_mzw *w)
{
	const mzg_mzw_opts *o = &w->o;
	mzg_buf *b = &w->x;
	const char *ns = "xmlns=\"http://psi.hupo.org/ms/mzml\" "
	                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
	int rc = mzg__buf_printf(b,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<indexedmzML %s xsi:schemaLocation=\"http://psi.hupo.org/ms/mzml "
		"http://psidev.info/files/ms/mzML/xsd/mzML1.1.2_idx.xsd\">\n"
		"  <mzML %s xsi:schemaLocation=\"http://psi.hupo.org/ms/mzml "
		"http://psidev.info/files/ms/mzML/xsd/mzML1.1.0.xsd\" id=\"%s\" "
		"version=\"1.1.0\">\n"
		"    <cvList count=\"2\">\n"
		"      <cv id=\"MS\" fullName=\"Proteomics Standards Initiative Mass "
		"Spectrometry Ontology\" version=\"4.1.33\" URI=\"https://raw."
		"githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo\"/>\n"
		"      <cv id=\"UO\" fullName=\"Unit Ontology\" URI=\"https://raw."
		"githubusercontent.com/bio-ontology-research-group/unit-ontology/"
		"master/unit.obo\"/>\n"
		"    </cvList>\n"
		"    <fileDescription>\n      <fileContent>\n",
		ns, ns, o->run_id);

	if (rc == MZG_OK)
		rc = cv(b, "        ", "MS:1000579", "MS1 spectrum", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = o->centroid
		     ? cv(b, "        ", "MS:1000127", "centroid spectrum", NULL, NULL, NULL)
		     : cv(b, "        ", "MS:1000128", "profile spectrum", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_printf(b,
			"      </fileContent>\n    </fileDescription>\n"
			"    <softwareList count=\"1\">\n"
			"      <software id=\"mzgeno\" version=\"%s\">\n", MZG_VERSION);
	if (rc == MZG_OK)
		rc = cv(b, "        ", "MS:1000799", "custom unreleased software tool",
		        "mzgeno", NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "      </software>\n    </softwareList>\n");
	return rc;
}

static int write_head2(mzg_mzw *w)
{
	mzg_buf *b = &w->x;
	int rc = mzg__buf_puts(b,
		"    <instrumentConfigurationList count=\"1\">\n"
		"      <instrumentConfiguration id=\"IC1\">\n");

	if (rc == MZG_OK)
		rc = cv(b, "        ", "MS:1000031", "instrument model", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "        <componentList count=\"3\">\n"
		                   "          <source order=\"1\">\n");
	if (rc == MZG_OK)
		rc = cv(b, "            ", "MS:1000075",
		        "matrix-assisted laser desorption ionization", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "          </source>\n"
		                   "          <analyzer order=\"2\">\n");
	if (rc == MZG_OK)
		rc = cv(b, "            ", "MS:1000084", "time-of-flight", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "          </analyzer>\n"
		                   "          <detector order=\"3\">\n");
	if (rc == MZG_OK)
		rc = cv(b, "            ", "MS:1000114", "microchannel plate detector",
		        NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "          </detector>\n        </componentList>\n"
		                   "        <softwareRef ref=\"mzgeno\"/>\n"
		                   "      </instrumentConfiguration>\n"
		                   "    </instrumentConfigurationList>\n"
		                   "    <dataProcessingList count=\"1\">\n"
		                   "      <dataProcessing id=\"mzgeno_simulate\">\n"
		                   "        <processingMethod order=\"0\" softwareRef=\"mzgeno\">\n");
	if (rc == MZG_OK)
		rc = cv(b, "          ", "MS:1000543", "data processing action",
		        NULL, NULL, NULL);
	if (rc == MZG_OK && w->o.note) {
		rc = mzg__buf_puts(b, "          <userParam name=\"mzgeno\" value=\"");
		if (rc == MZG_OK)
			rc = put_escaped(b, w->o.note);
		if (rc == MZG_OK)
			rc = mzg__buf_puts(b, "\"/>\n");
	}
	if (rc == MZG_OK)
		rc = mzg__buf_printf(b, "        </processingMethod>\n"
		                     "      </dataProcessing>\n    </dataProcessingList>\n"
		                     "    <run id=\"%s\" defaultInstrumentConfigurationRef=\"IC1\">\n"
		                     "      <spectrumList count=\"%zu\" "
		                     "defaultDataProcessingRef=\"mzgeno_simulate\">\n",
		                     w->o.run_id, w->n_expected);
	return rc;
}

int mzg__mzw_open(mzg_mzw **out, const char *path, int force,
                  size_t n_spectra, const mzg_mzw_opts *o)
{
	mzg_mzw *w = calloc(1, sizeof *w);
	int rc;

	*out = NULL;
	if (!w)
		return mzg__err(MZG_ENOMEM, "out of memory");
	w->o = *o;
	if (!w->o.run_id)
		w->o.run_id = "run";
	w->n_expected = n_spectra;
	w->offsets = mzg__calloc_array(n_spectra ? n_spectra : 1, sizeof *w->offsets);
	w->ids = mzg__calloc_array(n_spectra ? n_spectra : 1, sizeof *w->ids);
	w->spots = mzg__calloc_array(n_spectra ? n_spectra : 1, sizeof *w->spots);
	if (!w->offsets || !w->ids || !w->spots) {
		mzg__mzw_abort(w);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	mzg__sha1_init(&w->sha);
	if ((rc = mzg__afile_open(&w->f, path, force)) < 0) {
		mzg__mzw_abort(w);
		return rc;
	}
	if ((rc = write_head(w)) < 0 || (rc = write_head2(w)) < 0 ||
	    (rc = flush_x(w)) < 0) {
		mzg__mzw_abort(w);
		return rc == MZG_EIO ? rc : mzg__err(rc, "out of memory");
	}
	*out = w;
	return MZG_OK;
}

static int reserve(void **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return MZG_OK;
	return mzg__grow(p, cap, need, 1);
}

/* Pack one array into w->raw (bytes, *len) according to the encoding. */
static int pack_array(mzg_mzw *w, const double *v, size_t n, int is_mz,
                      size_t *len)
{
	size_t width = is_mz ? 8 : 4, i, need;

	if (w->o.enc == MZG_MZW_NUMPRESS) {
		need = is_mz ? mzg__np_linear_max(n) : mzg__np_slof_max(n);
		if (reserve((void **)&w->raw, &w->raw_cap, need) < 0)
			return MZG_ENOMEM;
		return is_mz ? mzg__np_linear_encode(w->raw, len, v, n)
		             : mzg__np_slof_encode(w->raw, len, v, n);
	}
	if (n > SIZE_MAX / 8 || reserve((void **)&w->raw, &w->raw_cap, n * width) < 0)
		return MZG_ENOMEM;
	for (i = 0; i < n; i++) { /* little-endian IEEE 754 */
		uint64_t u;
		int k;

		if (is_mz) {
			memcpy(&u, &v[i], 8);
		} else {
			float f = (float)v[i];
			uint32_t u32;

			memcpy(&u32, &f, 4);
			u = u32;
		}
		for (k = 0; k < (int)width; k++)
			w->raw[i * width + (size_t)k] = (unsigned char)(u >> (8 * k));
	}
	*len = n * width;
	return MZG_OK;
}

/* Base64 of the packed array (zlib first when asked) into w->b64. */
static int encode_array(mzg_mzw *w, const double *v, size_t n, int is_mz,
                        size_t *b64_len)
{
	const unsigned char *src;
	size_t len = 0;
	int rc = pack_array(w, v, n, is_mz, &len);

	if (rc < 0)
		return rc;
	src = w->raw;
	if (w->o.enc == MZG_MZW_ZLIB) {
		uLongf clen = compressBound((uLong)len);

		if ((uLong)len != len ||
		    reserve((void **)&w->packed, &w->packed_cap, clen) < 0)
			return MZG_ENOMEM;
		if (compress2(w->packed, &clen, w->raw, (uLong)len, 1) != Z_OK)
			return mzg__err(MZG_EINTERNAL, "zlib compression failed");
		src = w->packed;
		len = clen;
	}
	*b64_len = mzg__b64_len(len);
	if (reserve((void **)&w->b64, &w->b64_cap, *b64_len + 1) < 0)
		return MZG_ENOMEM;
	mzg__b64_encode(w->b64, src, len);
	return MZG_OK;
}

static int write_array(mzg_mzw *w, const double *v, size_t n, int is_mz)
{
	mzg_buf *b = &w->x;
	const char *ind = "              ";
	size_t b64_len = 0;
	int rc = encode_array(w, v, n, is_mz, &b64_len);

	if (rc < 0)
		return rc == MZG_ENOMEM ? mzg__err(rc, "out of memory") : rc;
	rc = mzg__buf_printf(b, "            <binaryDataArray encodedLength=\"%zu\">\n",
	                     b64_len);
	if (rc == MZG_OK && w->o.enc == MZG_MZW_NUMPRESS)
		rc = is_mz ? cv(b, ind, "MS:1002312",
		                "MS-Numpress linear prediction compression", NULL, NULL, NULL)
		           : cv(b, ind, "MS:1002314",
		                "MS-Numpress short logged float compression", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = is_mz || w->o.enc == MZG_MZW_NUMPRESS
		     ? cv(b, ind, "MS:1000523", "64-bit float", NULL, NULL, NULL)
		     : cv(b, ind, "MS:1000521", "32-bit float", NULL, NULL, NULL);
	if (rc == MZG_OK && w->o.enc != MZG_MZW_NUMPRESS)
		rc = w->o.enc == MZG_MZW_ZLIB
		     ? cv(b, ind, "MS:1000574", "zlib compression", NULL, NULL, NULL)
		     : cv(b, ind, "MS:1000576", "no compression", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = is_mz ? cv(b, ind, "MS:1000514", "m/z array", NULL, "MS:1000040", "m/z")
		           : cv(b, ind, "MS:1000515", "intensity array", NULL,
		                "MS:1000131", "number of detector counts");
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "              <binary>");
	if (rc < 0)
		return mzg__err(rc, "out of memory");
	if ((rc = flush_x(w)) < 0 || (rc = emit(w, w->b64, b64_len)) < 0)
		return rc;
	if (mzg__buf_puts(b, "</binary>\n            </binaryDataArray>\n") < 0)
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

/* Spectrum-level summary parameters. */
static int spectrum_params(mzg_mzw *w, const mzg_spectrum *s)
{
	mzg_buf *b = &w->x;
	const char *ind = "          ";
	double lo = 0, hi = 0, bp_mz = 0, bp_i = 0, tic = 0;
	char t[5][40];
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++) {
		if (i == 0 || s->mz[i] < lo)
			lo = s->mz[i];
		if (i == 0 || s->mz[i] > hi)
			hi = s->mz[i];
		if (i == 0 || s->intensity[i] > bp_i)
			bp_i = s->intensity[i], bp_mz = s->mz[i];
		tic += s->intensity[i];
	}
	snprintf(t[0], sizeof t[0], "%.10g", lo);
	snprintf(t[1], sizeof t[1], "%.10g", hi);
	snprintf(t[2], sizeof t[2], "%.10g", bp_mz);
	snprintf(t[3], sizeof t[3], "%.8g", bp_i);
	snprintf(t[4], sizeof t[4], "%.8g", tic);
	rc = cv(b, ind, "MS:1000579", "MS1 spectrum", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = cv(b, ind, "MS:1000511", "ms level", "1", NULL, NULL);
	if (rc == MZG_OK)
		rc = s->repr == MZG_REPR_CENTROID
		     ? cv(b, ind, "MS:1000127", "centroid spectrum", NULL, NULL, NULL)
		     : cv(b, ind, "MS:1000128", "profile spectrum", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = cv(b, ind, "MS:1000130", "positive scan", NULL, NULL, NULL);
	if (rc == MZG_OK && s->n) {
		rc = cv(b, ind, "MS:1000528", "lowest observed m/z", t[0], "MS:1000040", "m/z");
		if (rc == MZG_OK)
			rc = cv(b, ind, "MS:1000527", "highest observed m/z", t[1], "MS:1000040", "m/z");
		if (rc == MZG_OK)
			rc = cv(b, ind, "MS:1000504", "base peak m/z", t[2], "MS:1000040", "m/z");
		if (rc == MZG_OK)
			rc = cv(b, ind, "MS:1000505", "base peak intensity", t[3],
			        "MS:1000131", "number of detector counts");
		if (rc == MZG_OK)
			rc = cv(b, ind, "MS:1000285", "total ion current", t[4], NULL, NULL);
	}
	return rc;
}

static int scan_list(mzg_mzw *w)
{
	mzg_buf *b = &w->x;
	char lo[40], hi[40];
	int rc = mzg__buf_puts(b, "          <scanList count=\"1\">\n");

	if (rc == MZG_OK)
		rc = cv(b, "            ", "MS:1000795", "no combination", NULL, NULL, NULL);
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "            <scan instrumentConfigurationRef=\"IC1\">\n");
	if (rc == MZG_OK && w->o.window_hi > w->o.window_lo) {
		snprintf(lo, sizeof lo, "%.10g", w->o.window_lo);
		snprintf(hi, sizeof hi, "%.10g", w->o.window_hi);
		rc = mzg__buf_puts(b, "              <scanWindowList count=\"1\">\n"
		                   "                <scanWindow>\n");
		if (rc == MZG_OK)
			rc = cv(b, "                  ", "MS:1000501", "scan window lower limit",
			        lo, "MS:1000040", "m/z");
		if (rc == MZG_OK)
			rc = cv(b, "                  ", "MS:1000500", "scan window upper limit",
			        hi, "MS:1000040", "m/z");
		if (rc == MZG_OK)
			rc = mzg__buf_puts(b, "                </scanWindow>\n"
			                   "              </scanWindowList>\n");
	}
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "            </scan>\n          </scanList>\n"
		                   "          <binaryDataArrayList count=\"2\">\n");
	return rc;
}

static int spectrum_open(mzg_mzw *w, const mzg_spectrum *s)
{
	mzg_buf *b = &w->x;
	int rc = mzg__buf_printf(b, "        <spectrum index=\"%zu\" id=\"", w->n);

	if (rc == MZG_OK)
		rc = put_escaped(b, s->id ? s->id : "");
	if (rc == MZG_OK)
		rc = mzg__buf_printf(b, "\" defaultArrayLength=\"%zu\"", s->n);
	if (rc == MZG_OK && s->spot_id) {
		rc = mzg__buf_puts(b, " spotID=\"");
		if (rc == MZG_OK)
			rc = put_escaped(b, s->spot_id);
		if (rc == MZG_OK)
			rc = mzg__buf_puts(b, "\"");
	}
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, ">\n");
	if (rc == MZG_OK)
		rc = spectrum_params(w, s);
	if (rc == MZG_OK)
		rc = scan_list(w);
	return rc < 0 ? mzg__err(rc, "out of memory") : MZG_OK;
}

int mzg__mzw_add(mzg_mzw *w, const mzg_spectrum *s)
{
	int rc;

	if (w->n >= w->n_expected)
		return mzg__err(MZG_EINVAL, "%s: more spectra than the %zu announced",
		                w->f.path, w->n_expected);
	w->ids[w->n] = mzg__strdup(s->id ? s->id : "");
	w->spots[w->n] = s->spot_id ? mzg__strdup(s->spot_id) : NULL;
	if (!w->ids[w->n] || (s->spot_id && !w->spots[w->n]))
		return mzg__err(MZG_ENOMEM, "out of memory");
	mzg__buf_reset(&w->x);
	w->offsets[w->n] = w->pos + 8; /* after the 8 spaces of indentation */
	if ((rc = spectrum_open(w, s)) < 0 ||
	    (rc = write_array(w, s->mz, s->n, 1)) < 0 ||
	    (rc = write_array(w, s->intensity, s->n, 0)) < 0)
		return rc;
	if (mzg__buf_puts(&w->x, "          </binaryDataArrayList>\n"
	                  "        </spectrum>\n") < 0)
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = flush_x(w)) < 0)
		return rc;
	w->n++;
	return MZG_OK;
}

static int write_index(mzg_mzw *w, uint64_t *index_pos)
{
	mzg_buf *b = &w->x;
	size_t i;
	int rc = mzg__buf_puts(b, "      </spectrumList>\n    </run>\n  </mzML>\n");

	if (rc == MZG_OK && (rc = flush_x(w)) < 0)
		return rc;
	*index_pos = w->pos + 2;
	rc = mzg__buf_puts(b, "  <indexList count=\"1\">\n"
	                   "    <index name=\"spectrum\">\n");
	for (i = 0; i < w->n && rc == MZG_OK; i++) {
		rc = mzg__buf_puts(b, "      <offset idRef=\"");
		if (rc == MZG_OK)
			rc = put_escaped(b, w->ids[i]);
		if (rc == MZG_OK && w->spots[i]) {
			rc = mzg__buf_puts(b, "\" spotID=\"");
			if (rc == MZG_OK)
				rc = put_escaped(b, w->spots[i]);
		}
		if (rc == MZG_OK)
			rc = mzg__buf_printf(b, "\">%llu</offset>\n",
			                     (unsigned long long)w->offsets[i]);
	}
	if (rc == MZG_OK)
		rc = mzg__buf_puts(b, "    </index>\n  </indexList>\n");
	return rc < 0 ? mzg__err(rc, "out of memory") : flush_x(w);
}

int mzg__mzw_finish(mzg_mzw *w)
{
	char hex[41];
	uint64_t index_pos;
	int rc;

	if (w->n != w->n_expected) {
		rc = mzg__err(MZG_EINVAL, "%s: %zu spectra written, %zu announced",
		              w->f.path, w->n, w->n_expected);
		goto fail;
	}
	if ((rc = write_index(w, &index_pos)) < 0)
		goto fail;
	if (mzg__buf_printf(&w->x, "  <indexListOffset>%llu</indexListOffset>\n"
	                    "  <fileChecksum>", (unsigned long long)index_pos) < 0) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = flush_x(w)) < 0)
		goto fail;
	mzg__sha1_hex(&w->sha, hex);
	if (fprintf(w->f.fp, "%s</fileChecksum>\n</indexedmzML>\n", hex) < 0) {
		rc = mzg__err(MZG_EIO, "%s: write failed", w->f.path);
		goto fail;
	}
	rc = mzg__afile_commit(&w->f);
	mzg__mzw_abort(w); /* frees; the file is already in place */
	return rc;
fail:
	mzg__mzw_abort(w);
	return rc;
}

void mzg__mzw_abort(mzg_mzw *w)
{
	size_t i;

	if (!w)
		return;
	mzg__afile_abort(&w->f);
	for (i = 0; i < w->n_expected; i++) {
		free(w->ids[i]);
		free(w->spots[i]);
	}
	free(w->ids);
	free(w->spots);
	free(w->offsets);
	free(w->raw);
	free(w->packed);
	free(w->b64);
	mzg__buf_free(&w->x);
	free(w);
}

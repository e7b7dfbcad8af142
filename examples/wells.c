/*
 * wells.c -- the smallest program on libmzgeno: list the pads of a chip.
 *
 * Reads one mzML file (plain or .gz) with the streaming reader, one
 * spectrum at a time into a reused record (htslib style: open, read into,
 * close), and prints each pad's well, number of points and m/z range.
 * A bad spectrum is reported and skipped; a broken file stops the loop.
 *
 * Build against an installed libmzgeno:
 *   cc -o wells wells.c $(pkg-config --cflags --libs mzgeno)
 * Run:  ./wells chip.mzML
 * Exit status: 0 all spectra read, 1 a spectrum or the file was bad.
 */
#include <stdio.h>

#include <mzgeno/mzgeno.h>

int main(int argc, char **argv)
{
	mzg_mzml *r = NULL;
	mzg_spectrum s;
	int rc, status = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.mzML\n", argv[0]);
		return 1;
	}
	mzg_spectrum_init(&s);
	if (mzg_mzml_open(&r, argv[1], NULL) < 0) {
		fprintf(stderr, "%s\n", mzg_errmsg());
		return 1;
	}
	while ((rc = mzg_mzml_next(r, &s)) != MZG_DONE) {
		if (rc == MZG_EDATA) {   /* this spectrum only: go on */
			fprintf(stderr, "skipped: %s\n", mzg_errmsg());
			status = 1;
			continue;
		}
		if (rc < 0) {            /* the file cannot be read further */
			fprintf(stderr, "%s\n", mzg_errmsg());
			status = 1;
			break;
		}
		if (s.n)
			printf("%s\t%zu\t%.2f\t%.2f\n", s.well[0] ? s.well : ".", s.n,
			       s.mz[0], s.mz[s.n - 1]);
		else
			printf("%s\t0\tNA\tNA\n", s.well[0] ? s.well : ".");
	}
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	return status;
}

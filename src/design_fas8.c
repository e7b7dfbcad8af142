/*
 * design_fas8.c -- the built-in design "fas8": the eight Fas-pathway SNPs
 * of the imatinib CML response study in one iPLEX multiplex, W1.
 *
 * No public primer sequences exist for these assays, so the UEPs below are
 * a demonstration multiplex: real-looking 15-27-mers found by
 * scripts/fas8_uep_search.py (seed 20160837) such that every species of
 * the multiplex -- UEPs, allele products, their Na+/K+ adducts and 2+ ions
 * -- lies at least 30 Da from every species of any other assay within
 * 4,300-9,000 Da (the smallest such gap is 46.0 Da). They give valid iPLEX
 * masses for simulation and demonstration; they are not validated primers.
 * Alleles are as published for rs2234767 (G/A), rs1800682 (A/G), rs763110
 * (C/T) and rs13006529 (A/T); the other four are plausible choices marked
 * unverified. docs/design.md says so and shows how to use a facility's own
 * Assay Design export instead.
 */
#include <math.h>
#include <string.h>

#include "design_priv.h"

static const char FAS8_CAVEAT[] =
	"fas8 is a DEMONSTRATION multiplex: its UEP sequences were chosen by "
	"scripts/fas8_uep_search.py for well-separated masses and are NOT "
	"validated primers for these SNPs.\n"
	"The alleles of rs2229521, rs2234978, rs1439123 and rs2288713 are "
	"unverified. To genotype real chips, use your facility's Assay Design "
	"export: --design FILE (see docs/design.md).";

static const struct fas8_row {
	const char *id, *gene;
	char dir, a1, a2;
	const char *uep;
	int verified;
} FAS8[] = {
	/* scripts/fas8_uep_search.py --seed 20160837, verbatim */
	{ "rs2234767", "FAS", 'F', 'G', 'A', "CGAGTTTTAGCAGGCCGAACGTAT", 1 },
	{ "rs1800682", "FAS", 'R', 'A', 'G', "TTCTTCATCTCCGAA", 1 },
	{ "rs763110", "FASLG", 'F', 'C', 'T', "CCGCTAGCGACTAACACATACCAGT", 1 },
	{ "rs13006529", "CASP10", 'R', 'A', 'T', "CTTAAGCTTTAGGGGAGATGCATTTT", 1 },
	{ "rs2229521", "FAS", 'F', 'C', 'T', "TCCTGTGGCGTTTAACCCCATCC", 0 },
	{ "rs2234978", "FAS", 'R', 'T', 'C', "ACAGAGTTCGATAGAAGA", 0 },
	{ "rs1439123", "APAF1", 'F', 'A', 'G', "ACGATGCGCTCCATGAG", 0 },
	{ "rs2288713", "APAF1", 'R', 'C', 'T', "AGCTTCCTACGGTTTGGGCG", 0 },
};

/* EXT sequence: the UEP followed by the base actually added. */
static char *ext_sequence(const char *uep, char allele, char dir)
{
	size_t n = strlen(uep);
	char *s = mzg__strndup(uep, n + 1);

	if (!s)
		return NULL;
	s[n] = dir == 'R' ? mzg_base_complement(allele) : allele;
	s[n + 1] = '\0';
	return s;
}

static int fas8_assay(mzg_assay *a, const struct fas8_row *r)
{
	int k;

	a->id = mzg__strdup(r->id);
	a->gene = mzg__strdup(r->gene);
	a->uep_seq = mzg__strdup(r->uep);
	if (!a->id || !a->gene || !a->uep_seq)
		return mzg__err(MZG_ENOMEM, "out of memory");
	a->dir = r->dir;
	a->chem = MZG_CHEM_IPLEX;
	a->uep_mass = mzg_oligo_mass(r->uep);
	a->n_alleles = 2;
	a->allele[0] = r->a1;
	a->allele[1] = r->a2;
	a->verified = r->verified;
	for (k = 0; k < 2; k++) {
		a->ext_seq[k] = ext_sequence(r->uep, a->allele[k], r->dir);
		if (!a->ext_seq[k])
			return mzg__err(MZG_ENOMEM, "out of memory");
		a->ext_mass[k] = mzg__mass_round(
			a->uep_mass + mzg_ext_increment(a->allele[k], r->dir,
			                                MZG_CHEM_IPLEX));
	}
	return MZG_OK;
}

int mzg_design_fas8(mzg_design **out)
{
	mzg_design *d = mzg__design_new("fas8");
	mzg_plex *p;
	mzg_assay *a;
	size_t i;
	int rc = MZG_ENOMEM;

	*out = NULL;
	if (!d || !(d->caveat = mzg__strdup(FAS8_CAVEAT))) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = mzg__design_plex(d, "W1", &p)) < 0)
		goto out;
	for (i = 0; i < MZG_ARRAY_LEN(FAS8); i++) {
		if ((rc = mzg__plex_add_assay(p, &a)) < 0 ||
		    (rc = fas8_assay(a, &FAS8[i])) < 0)
			goto out;
	}
	*out = d;
	d = NULL;
	rc = MZG_OK;
out:
	mzg_design_free(d);
	return rc;
}

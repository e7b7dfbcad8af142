/*
 * mass.c -- the mass model of primer-extension products.
 *
 * Every expected peak of an iPLEX or hME spectrum is an oligonucleotide:
 * the extension primer (UEP) or the UEP extended by one terminator (iPLEX)
 * or by a few bases ending in a dideoxy terminator (hME). Their masses
 * follow from a table of nucleotide residue masses, so a design that gives
 * only sequences still yields every expected mass, and a design that gives
 * masses can be checked against its sequences. All masses are average
 * neutral masses in Da, rounded to 0.01 Da after every sum so that a
 * design written with two decimals reads back bit-identical. Sources and
 * the choice of the hME values are in docs/design.md.
 */
#include <math.h>
#include <string.h>

#include "design_priv.h"

/* dNMP residue masses of A, C, G, T (the repeating unit of DNA, Da). */
static const double RESIDUE[4] = { 313.21, 289.18, 329.21, 304.20 };
/* Oligo with 5'-OH and 3'-OH: sum of residues minus HPO3 plus H2O. */
static const double OLIGO_END = -61.96;

/* Index 0..3 of A, C, G, T in either case; -1 otherwise. */
int mzg__base_index(char b)
{
	switch (b) {
	case 'A': case 'a': return 0;
	case 'C': case 'c': return 1;
	case 'G': case 'g': return 2;
	case 'T': case 't': return 3;
	default: return -1;
	}
}

double mzg__mass_round(double m)
{
	return round(m * 100.0) / 100.0;
}

static double residue(int i)
{
	return RESIDUE[i];
}

/* Terminator increments by base index: iPLEX mass-modified acyclo
 * terminators, and unmodified ddNMP residues (dNMP residue - O) for hME. */
static double term_increment(int i, mzg_chem chem)
{
	static const double iplex[4] = { 271.2, 247.2, 287.2, 327.1 };
	static const double hme[4] = { 297.21, 273.18, 313.21, 288.20 };

	return chem == MZG_CHEM_HME ? hme[i] : iplex[i];
}

double mzg__dnmp_residue(char base)
{
	int i = mzg__base_index(base);

	return i < 0 ? NAN : residue(i);
}

double mzg_oligo_mass(const char *seq)
{
	double m = OLIGO_END;
	size_t k;

	if (!seq || !*seq)
		return NAN;
	for (k = 0; seq[k]; k++) {
		int i = mzg__base_index(seq[k]);

		if (i < 0)
			return NAN;
		m += residue(i);
	}
	return mzg__mass_round(m);
}

char mzg_base_complement(char base)
{
	static const char comp[4] = { 'T', 'G', 'C', 'A' };
	int i = mzg__base_index(base);

	return i < 0 ? 0 : comp[i];
}

double mzg_ext_increment(char allele, char dir, mzg_chem chem)
{
	char added;
	int i;

	if (dir == 'F' || dir == 'f')
		added = allele;
	else if (dir == 'R' || dir == 'r')
		added = mzg_base_complement(allele);
	else
		return NAN;
	i = mzg__base_index(added);
	if (i < 0 || (chem != MZG_CHEM_IPLEX && chem != MZG_CHEM_HME))
		return NAN;
	return term_increment(i, chem);
}

double mzg__added_mass(const char *added, size_t n, mzg_chem chem)
{
	double m = 0;
	size_t k;

	if (n == 0)
		return NAN;
	for (k = 0; k < n; k++) {
		int i = mzg__base_index(added[k]);

		if (i < 0)
			return NAN;
		m += k + 1 < n ? residue(i) : term_increment(i, chem);
	}
	return mzg__mass_round(m);
}

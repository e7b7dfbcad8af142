/*
 * fuzz.h -- what every mzgeno fuzz target shares.
 *
 * The libFuzzer entry points (defined by each fuzz_*.c, called by libFuzzer
 * or by standalone.c) and a helper that wraps fuzz input in a FILE* for the
 * parsers that read streams (design exports and plate sheets).
 */
#ifndef MZG_FUZZ_H
#define MZG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * A read-only stream over @p data (fmemopen; /dev/null when @p size is 0,
 * which fmemopen refuses). NULL when the stream cannot be made.
 */
static inline FILE *fuzz_stream(const uint8_t *data, size_t size)
{
	if (size == 0)
		return fopen("/dev/null", "rb");
	return fmemopen((void *)(uintptr_t)data, size, "rb");
}

#endif

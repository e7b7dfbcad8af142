#!/usr/bin/env Rscript
# make_expected.R -- expected peak lists from MALDIquant for mzgeno's oracle
# tests (tests/cli/test_peaks.sh, `mzgeno peaks --preset maldiquant`).
#
# Usage: Rscript make_expected.R SHARED_DIR OUT_DIR
#   SHARED_DIR  the team's shared directory (holds testdata/maldiquant and
#               testdata/mzml-external); OUT_DIR receives one TSV per input.
#
# The chain is MALDIquant's (1.22) with the parameters of mzgeno's
# "maldiquant" preset: Savitzky-Golay halfWindowSize 10 (order 3; negative
# values set to 0 by MALDIquant), SNIP 100 iterations decreasing, MAD noise,
# local maxima halfWindowSize 20, SNR 3 (MALDIquant's default is 2).
suppressPackageStartupMessages({
  library(MALDIquant)
  library(MALDIquantForeign)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2L)
  stop("usage: Rscript make_expected.R SHARED_DIR OUT_DIR")
shared <- args[1L]
outdir <- args[2L]

inputs <- c(
  fiedler2009subset_4 = "testdata/maldiquant/fiedler2009subset_4.mzML",
  IDBacApp_BrukerFlex = "testdata/mzml-external/IDBacApp_sample_BrukerFlex_MALDI_profile.mzML"
)

process <- function(s) {
  s <- smoothIntensity(s, method = "SavitzkyGolay", halfWindowSize = 10L)
  s <- removeBaseline(s, method = "SNIP", iterations = 100L)
  detectPeaks(s, method = "MAD", halfWindowSize = 20L, SNR = 3)
}

for (name in names(inputs)) {
  path <- file.path(shared, inputs[[name]])
  spectra <- importMzMl(path, centroided = FALSE, verbose = FALSE)
  rows <- list()
  for (i in seq_along(spectra)) {
    p <- process(spectra[[i]])
    if (length(p) == 0L)
      next
    rows[[i]] <- data.frame(spectrum = i - 1L,
                            mz = sprintf("%.10f", mass(p)),
                            intensity = sprintf("%.10g", intensity(p)),
                            snr = sprintf("%.10g", snr(p)))
  }
  out <- do.call(rbind, rows)
  file <- file.path(outdir, paste0(name, ".peaks.tsv"))
  write.table(out, file, sep = "\t", quote = FALSE, row.names = FALSE)
  cat(sprintf("%s: %d spectra, %d peaks -> %s\n", name, length(spectra),
              nrow(out), file))
}
cat(sprintf("MALDIquant %s, MALDIquantForeign %s, %s\n",
            packageVersion("MALDIquant"), packageVersion("MALDIquantForeign"),
            R.version.string))

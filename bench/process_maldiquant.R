#!/usr/bin/env Rscript
# process_maldiquant.R -- MALDIquant's smoothing + SNIP + peak detection on
# every spectrum of an mzML chip, timed (reading is not timed).
#
# Usage: Rscript process_maldiquant.R CHIP.mzML [PEAKS.tsv]
# The chain and parameters are those of mzgeno's "maldiquant" preset:
# Savitzky-Golay halfWindowSize 10, SNIP 100 iterations, MAD noise, local
# maxima halfWindowSize 20, SNR 3. Prints CPU (user + system) and wall
# seconds for the whole chip; PEAKS.tsv receives the peak list.
suppressPackageStartupMessages({
  library(MALDIquant)
  library(MALDIquantForeign)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1L)
  stop("usage: Rscript process_maldiquant.R CHIP.mzML [PEAKS.tsv]")
spectra <- importMzMl(args[1L], centroided = FALSE, verbose = FALSE)
points <- sum(vapply(spectra, length, 0L))

t0 <- proc.time()
s <- suppressWarnings(smoothIntensity(spectra, method = "SavitzkyGolay",
                                      halfWindowSize = 10L))
s <- removeBaseline(s, method = "SNIP", iterations = 100L)
p <- detectPeaks(s, method = "MAD", halfWindowSize = 20L, SNR = 3)
t1 <- proc.time() - t0

npeaks <- sum(vapply(p, length, 0L))
cat(sprintf(paste0("MALDIquant %s: %d spectra, %d points, %d peaks: cpu %.4f s, ",
                   "wall %.4f s per chip, %.3f ms cpu per spectrum\n"),
            packageVersion("MALDIquant"), length(spectra), points, npeaks,
            t1[["user.self"]] + t1[["sys.self"]], t1[["elapsed"]],
            1000 * (t1[["user.self"]] + t1[["sys.self"]]) / length(spectra)))
if (length(args) >= 2L) {
  rows <- lapply(seq_along(p), function(i)
    if (length(p[[i]])) data.frame(spectrum = i - 1L,
                                   mz = sprintf("%.10f", mass(p[[i]])),
                                   intensity = sprintf("%.10g", intensity(p[[i]])),
                                   snr = sprintf("%.10g", snr(p[[i]]))))
  write.table(do.call(rbind, rows), args[2L], sep = "\t", quote = FALSE,
              row.names = FALSE, col.names = TRUE)
}

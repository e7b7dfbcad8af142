# simulate_dump.R -- dump the spectra of an mzML file as MALDIquantForeign
# reads them: one row per point, "id<TAB>mass<TAB>intensity".
# Usage: Rscript simulate_dump.R FILE.mzML OUT.tsv profile|centroid
# Used by tests/cli/test_simulate.sh (compared by simulate_check.py rdump).
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(MALDIquantForeign))
s <- importMzMl(args[1], centroided = (args[3] == "centroid"), verbose = FALSE)
con <- file(args[2], "w")
for (x in s) {
  id <- metaData(x)$id
  writeLines(sprintf("%s\t%.17g\t%.17g", id, mass(x), intensity(x)), con)
}
close(con)

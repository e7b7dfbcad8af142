# exact HWE by full enumeration of heterozygote counts (Levene/Haldane formula)
hwe <- function(aa, ab, bb) {
  n <- aa+ab+bb; nA <- 2*aa+ab; nB <- 2*bb+ab
  rare <- min(nA,nB)
  hs <- seq(rare %% 2, rare, by=2)
  lp <- sapply(hs, function(h) { x <- (rare-h)/2; y <- n-h-x
     lfactorial(n)-lfactorial(x)-lfactorial(h)-lfactorial(y)+h*log(2)+lfactorial(nA)+lfactorial(nB)-lfactorial(2*n) })
  p <- exp(lp); obs <- p[hs==ab]
  min(1, sum(p[p <= obs*(1+1e-7)]))
}
cases <- list(c(10,500,5000), c(20,1000,5000), c(57,14,50), c(0,0,10), c(1,0,0), c(3,0,3), c(25,50,25), c(0,100,0), c(40,20,40), c(5,30,65), c(100,0,0), c(2,10,88), c(0,10,90), c(7,3,0))
for (c in cases) cat(sprintf("%d %d %d %.12g\n", c[1], c[2], c[3], hwe(c[1],c[2],c[3])))

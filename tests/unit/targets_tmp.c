/* TEMPORARY: stand-in for design's mzg_plex_targets until it lands. */
#include <stdlib.h>
#include "internal.h"
#include "mzgeno/design.h"
int mzg_plex_targets(mzg_target **out, size_t *n_out, const mzg_plex *p, unsigned kinds);
static int cmp(const void *a, const void *b){double x=((const mzg_target*)a)->mass,y=((const mzg_target*)b)->mass;return (x>y)-(x<y);}
static void add(mzg_target *t,size_t *n,unsigned kinds,mzg_target_kind k,double m,int a,int al){
 if(kinds&MZG_TMASK(k)){t[*n]=(mzg_target){m,k,a,al};(*n)++;}
 if(kinds&MZG_TMASK(MZG_T_NA)){t[*n]=(mzg_target){m+MZG_NA_ADDUCT,MZG_T_NA,a,al};(*n)++;}
 if(kinds&MZG_TMASK(MZG_T_K)){t[*n]=(mzg_target){m+MZG_K_ADDUCT,MZG_T_K,a,al};(*n)++;}
}
int mzg_plex_targets(mzg_target **out, size_t *n_out, const mzg_plex *p, unsigned kinds){
 mzg_target *t=malloc(sizeof *t*p->n_assays*20); size_t n=0;
 for(size_t i=0;i<p->n_assays;i++){add(t,&n,kinds,MZG_T_UEP,p->assays[i].uep_mass,(int)i,-1);
  for(int k=0;k<p->assays[i].n_alleles;k++)add(t,&n,kinds,MZG_T_ALLELE,p->assays[i].ext_mass[k],(int)i,k);}
 qsort(t,n,sizeof *t,cmp);*out=t;*n_out=n;return 0;}

/*
 * mzgeno/common.h -- export and attribute macros shared by every public header.
 */
#ifndef MZGENO_COMMON_H
#define MZGENO_COMMON_H

#if defined(__GNUC__) || defined(__clang__)
#define MZG_API __attribute__((visibility("default")))
#define MZG_WARN_UNUSED __attribute__((warn_unused_result))
#define MZG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define MZG_API
#define MZG_WARN_UNUSED
#define MZG_PRINTF(fmt, args)
#endif

#endif

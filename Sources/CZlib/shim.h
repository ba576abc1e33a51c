// The zlib calls WeightPack uses. zlib's init functions are macros that pass the library
// version and the stream size; Swift cannot import macros, so they are wrapped here.
#ifndef WEIGHTPACK_CZLIB_SHIM_H
#define WEIGHTPACK_CZLIB_SHIM_H

#include <zlib.h>

static inline int CZlib_deflateInit2(
    z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, strategy);
}

static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}

// Raw deflate (no zlib header or trailer), as ZIP members store it: windowBits -15.
static inline int CZlib_inflateInitRaw(z_streamp stream) {
  return inflateInit2(stream, -MAX_WBITS);
}

static inline int CZlib_deflateInitRaw(z_streamp stream, int level) {
  return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

#endif

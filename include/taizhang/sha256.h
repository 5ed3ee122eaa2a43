/* sha256 — SHA-256 (FIPS 180-4), for the checksum of exchange bundles. None of the libraries
 * taizhang links exports one (libcrypt keeps its SHA-2 inside crypt(); SQLite's sha3() is in
 * the shell only). */
#ifndef TAIZHANG_SHA256_H
#define TAIZHANG_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t bytes;      /* message length so far */
    uint8_t block[64];   /* the partial block */
    size_t used;         /* bytes in block */
} tz_sha256;

void tz_sha256_init(tz_sha256 *c);
void tz_sha256_update(tz_sha256 *c, const void *data, size_t n);
void tz_sha256_final(tz_sha256 *c, uint8_t digest[32]);
/* The digest of data as 64 lower-case hex digits and a NUL. */
void tz_sha256_hex(const void *data, size_t n, char hex[65]);

#endif

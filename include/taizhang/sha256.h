/* sha256 — SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), for the checksum and the
 * authentication of exchange bundles. None of the libraries
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

/* The HMAC-SHA-256 of data under key (any length). */
void tz_hmac_sha256(const void *key, size_t klen, const void *data, size_t n, uint8_t mac[32]);
/* n bytes as 2n lower-case hex digits and a NUL. */
void tz_hex(const uint8_t *bytes, size_t n, char *hex);

#endif

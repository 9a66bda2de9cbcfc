/*
 * hash.h - SHA-1, SHA-224 and SHA-256 (FIPS 180-4), for generated UUIDs,
 * generated MAC addresses and release checksums.
 */
#ifndef IOC_HASH_H
#define IOC_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SHA1_LEN	20
#define HASH_SHA224_LEN 28
#define HASH_SHA256_LEN 32

struct hash_sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

struct hash_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
	int is224;
};

/*
 * Streaming: init, any number of updates (len 0 is fine), final.  final
 * writes the digest and clears the context; init it again to reuse it.
 */
void hash_sha1_init(struct hash_sha1 *c);
void hash_sha1_update(struct hash_sha1 *c, const void *data, size_t len);
void hash_sha1_final(struct hash_sha1 *c, unsigned char out[20]);

/* SHA-224 shares the SHA-256 context, update and final. */
void hash_sha256_init(struct hash_sha256 *c);
void hash_sha224_init(struct hash_sha256 *c);
void hash_sha256_update(struct hash_sha256 *c, const void *data, size_t len);
/* Writes 32 bytes (SHA-256) or 28 bytes (SHA-224). */
void hash_sha256_final(struct hash_sha256 *c, unsigned char *out);

/* One-shot digests of len bytes. */
void hash_sha1(const void *data, size_t len, unsigned char out[HASH_SHA1_LEN]);
void hash_sha224(
    const void *data, size_t len, unsigned char out[HASH_SHA224_LEN]);
void hash_sha256(
    const void *data, size_t len, unsigned char out[HASH_SHA256_LEN]);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void hash_hex(const unsigned char *bytes, size_t n, char *out);

#endif /* IOC_HASH_H */

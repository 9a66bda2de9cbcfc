/*
 * hash.c - SHA-1, SHA-224 and SHA-256 as specified in FIPS 180-4, with a
 * streaming interface.  Big-endian word order throughout (§3.1), the
 * padding of §5.1.1 and the computations of §6.1.2 and §6.2.2.
 */
#include <string.h>

#include "hash.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* §4.1.1 and §4.1.2: Ch, Maj and Parity. */
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))
#define PARITY(x, y, z) ((x) ^ (y) ^ (z))

/* §4.1.2: the SHA-224/256 sigma functions. */
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

#define BLOCK 64

/* Compression of n consecutive 64-byte blocks into the hash state h. */
typedef void blocks_fn(uint32_t *h, const unsigned char *p, size_t n);

/* §4.2.2: the first 32 bits of the fractional parts of the cube roots of
 * the first 64 primes. */
static const uint32_t k256[64] = {
    0x428a2f98,
    0x71374491,
    0xb5c0fbcf,
    0xe9b5dba5,
    0x3956c25b,
    0x59f111f1,
    0x923f82a4,
    0xab1c5ed5,
    0xd807aa98,
    0x12835b01,
    0x243185be,
    0x550c7dc3,
    0x72be5d74,
    0x80deb1fe,
    0x9bdc06a7,
    0xc19bf174,
    0xe49b69c1,
    0xefbe4786,
    0x0fc19dc6,
    0x240ca1cc,
    0x2de92c6f,
    0x4a7484aa,
    0x5cb0a9dc,
    0x76f988da,
    0x983e5152,
    0xa831c66d,
    0xb00327c8,
    0xbf597fc7,
    0xc6e00bf3,
    0xd5a79147,
    0x06ca6351,
    0x14292967,
    0x27b70a85,
    0x2e1b2138,
    0x4d2c6dfc,
    0x53380d13,
    0x650a7354,
    0x766a0abb,
    0x81c2c92e,
    0x92722c85,
    0xa2bfe8a1,
    0xa81a664b,
    0xc24b8b70,
    0xc76c51a3,
    0xd192e819,
    0xd6990624,
    0xf40e3585,
    0x106aa070,
    0x19a4c116,
    0x1e376c08,
    0x2748774c,
    0x34b0bcb5,
    0x391c0cb3,
    0x4ed8aa4a,
    0x5b9cca4f,
    0x682e6ff3,
    0x748f82ee,
    0x78a5636f,
    0x84c87814,
    0x8cc70208,
    0x90befffa,
    0xa4506ceb,
    0xbef9a3f7,
    0xc67178f2,
};

static inline uint32_t
get_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

static inline void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* §6.1.2: SHA-1 compression, with the 16-word circular schedule. */
static void
sha1_blocks(uint32_t *h, const unsigned char *p, size_t n)
{
	uint32_t w[16], a, b, c, d, e, f, k, t;
	size_t i;

	for (; n > 0; n--, p += BLOCK) {
		for (i = 0; i < 16; i++)
			w[i] = get_be32(p + 4 * i);
		a = h[0];
		b = h[1];
		c = h[2];
		d = h[3];
		e = h[4];
		for (i = 0; i < 80; i++) {
			if (i >= 16) {
				t = w[(i + 13) & 15] ^ w[(i + 8) & 15] ^
				    w[(i + 2) & 15] ^ w[i & 15];
				w[i & 15] = ROTL(t, 1);
			}
			if (i < 20) {
				f = CH(b, c, d);
				k = 0x5a827999;
			} else if (i < 40) {
				f = PARITY(b, c, d);
				k = 0x6ed9eba1;
			} else if (i < 60) {
				f = MAJ(b, c, d);
				k = 0x8f1bbcdc;
			} else {
				f = PARITY(b, c, d);
				k = 0xca62c1d6;
			}
			t = ROTL(a, 5) + f + e + k + w[i & 15];
			e = d;
			d = c;
			c = ROTL(b, 30);
			b = a;
			a = t;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
	}
}

/* §6.2.2: SHA-256 compression (SHA-224 differs only in h0 and output). */
static void
sha256_blocks(uint32_t *h, const unsigned char *p, size_t n)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	size_t i;

	for (; n > 0; n--, p += BLOCK) {
		for (i = 0; i < 16; i++)
			w[i] = get_be32(p + 4 * i);
		for (; i < 64; i++)
			w[i] = SSIG1(w[i - 2]) + w[i - 7] + SSIG0(w[i - 15]) +
			    w[i - 16];
		a = h[0];
		b = h[1];
		c = h[2];
		d = h[3];
		e = h[4];
		f = h[5];
		g = h[6];
		hh = h[7];
		for (i = 0; i < 64; i++) {
			t1 = hh + BSIG1(e) + CH(e, f, g) + k256[i] + w[i];
			t2 = BSIG0(a) + MAJ(a, b, c);
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

/*
 * Feed len bytes: top up a partial block first, then compress whole blocks
 * straight from the input, and keep the tail for later.
 */
static void
md_update(uint32_t *h, uint64_t *total, unsigned char *buf, size_t *nbuf,
    blocks_fn *fn, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t take;

	if (len == 0)
		return;
	*total += len;
	if (*nbuf > 0) {
		take = BLOCK - *nbuf;
		if (take > len)
			take = len;
		(void)memcpy(buf + *nbuf, p, take);
		*nbuf += take;
		p += take;
		len -= take;
		if (*nbuf < BLOCK)
			return;
		fn(h, buf, 1);
		*nbuf = 0;
	}
	if (len >= BLOCK) {
		fn(h, p, len / BLOCK);
		p += len - len % BLOCK;
		len %= BLOCK;
	}
	if (len > 0) {
		(void)memcpy(buf, p, len);
		*nbuf = len;
	}
}

/* §5.1.1: append 0x80, zeros and the 64-bit message length in bits. */
static void
md_final(
    uint32_t *h, uint64_t total, unsigned char *buf, size_t nbuf, blocks_fn *fn)
{
	uint64_t bits = total << 3;

	buf[nbuf++] = 0x80;
	if (nbuf > BLOCK - 8) {
		(void)memset(buf + nbuf, 0, BLOCK - nbuf);
		fn(h, buf, 1);
		nbuf = 0;
	}
	(void)memset(buf + nbuf, 0, BLOCK - 8 - nbuf);
	put_be32(buf + BLOCK - 8, (uint32_t)(bits >> 32));
	put_be32(buf + BLOCK - 4, (uint32_t)bits);
	fn(h, buf, 1);
}

/* Start a SHA-1 computation (§5.3.1). */
void
hash_sha1_init(struct hash_sha1 *c)
{
	static const uint32_t h0[5] = {
	    0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

	(void)memset(c, 0, sizeof(*c));
	(void)memcpy(c->h, h0, sizeof(h0));
}

/* Feed len bytes of data into a SHA-1 computation. */
void
hash_sha1_update(struct hash_sha1 *c, const void *data, size_t len)
{
	md_update(c->h, &c->len, c->buf, &c->nbuf, sha1_blocks, data, len);
}

/* Finish a SHA-1 computation: 20 bytes into out; c must be re-initialised. */
void
hash_sha1_final(struct hash_sha1 *c, unsigned char out[20])
{
	size_t i;

	md_final(c->h, c->len, c->buf, c->nbuf, sha1_blocks);
	for (i = 0; i < 5; i++)
		put_be32(out + 4 * i, c->h[i]);
	(void)memset(c, 0, sizeof(*c));
}

/* Start a SHA-256 computation (§5.3.3). */
void
hash_sha256_init(struct hash_sha256 *c)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	(void)memset(c, 0, sizeof(*c));
	(void)memcpy(c->h, h0, sizeof(h0));
}

/* Start a SHA-224 computation (§5.3.2); finish with hash_sha256_final(). */
void
hash_sha224_init(struct hash_sha256 *c)
{
	static const uint32_t h0[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17,
	    0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};

	(void)memset(c, 0, sizeof(*c));
	(void)memcpy(c->h, h0, sizeof(h0));
	c->is224 = 1;
}

/* Feed len bytes of data into a SHA-224 or SHA-256 computation. */
void
hash_sha256_update(struct hash_sha256 *c, const void *data, size_t len)
{
	md_update(c->h, &c->len, c->buf, &c->nbuf, sha256_blocks, data, len);
}

/*
 * Finish a SHA-256 (32 bytes) or SHA-224 (28 bytes, the first seven words)
 * computation into out; c must be re-initialised before reuse.
 */
void
hash_sha256_final(struct hash_sha256 *c, unsigned char *out)
{
	size_t i, words = c->is224 ? 7 : 8;

	md_final(c->h, c->len, c->buf, c->nbuf, sha256_blocks);
	for (i = 0; i < words; i++)
		put_be32(out + 4 * i, c->h[i]);
	(void)memset(c, 0, sizeof(*c));
}

/* One-shot SHA-1 of len bytes into out. */
void
hash_sha1(const void *data, size_t len, unsigned char out[HASH_SHA1_LEN])
{
	struct hash_sha1 c;

	hash_sha1_init(&c);
	hash_sha1_update(&c, data, len);
	hash_sha1_final(&c, out);
}

/* One-shot SHA-224 of len bytes into out. */
void
hash_sha224(const void *data, size_t len, unsigned char out[HASH_SHA224_LEN])
{
	struct hash_sha256 c;

	hash_sha224_init(&c);
	hash_sha256_update(&c, data, len);
	hash_sha256_final(&c, out);
}

/* One-shot SHA-256 of len bytes into out. */
void
hash_sha256(const void *data, size_t len, unsigned char out[HASH_SHA256_LEN])
{
	struct hash_sha256 c;

	hash_sha256_init(&c);
	hash_sha256_update(&c, data, len);
	hash_sha256_final(&c, out);
}

/* Lower-case hex of n bytes into out, which holds 2n + 1 bytes. */
void
hash_hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * test_hash.c - SHA-1, SHA-224 and SHA-256 against the FIPS 180-4 example
 * vectors (NIST CSRC "Examples with intermediate values"), padding edges,
 * and streaming in odd-sized chunks against the one-shot digests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896                                                                 \
	"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"     \
	"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

enum algo { SHA1, SHA224, SHA256 };

static const size_t dlen[] = {HASH_SHA1_LEN, HASH_SHA224_LEN, HASH_SHA256_LEN};

/* One-shot digest of data as lower-case hex into hex (65 bytes). */
static void
digest_hex(enum algo a, const void *data, size_t len, char *hex)
{
	unsigned char out[HASH_SHA256_LEN];

	(void)memset(out, 0xee, sizeof(out));
	switch (a) {
	case SHA1:
		hash_sha1(data, len, out);
		break;
	case SHA224:
		hash_sha224(data, len, out);
		break;
	case SHA256:
		hash_sha256(data, len, out);
		break;
	}
	hash_hex(out, dlen[a], hex);
}

/* Streaming digest, fed in chunks of chunk bytes. */
static void
digest_hex_chunked(
    enum algo a, const unsigned char *data, size_t len, size_t chunk, char *hex)
{
	struct hash_sha1 c1;
	struct hash_sha256 c2;
	unsigned char out[HASH_SHA256_LEN];
	size_t off, k;

	if (a == SHA1)
		hash_sha1_init(&c1);
	else if (a == SHA224)
		hash_sha224_init(&c2);
	else
		hash_sha256_init(&c2);
	for (off = 0; off < len; off += k) {
		k = len - off < chunk ? len - off : chunk;
		if (a == SHA1)
			hash_sha1_update(&c1, data + off, k);
		else
			hash_sha256_update(&c2, data + off, k);
	}
	if (a == SHA1)
		hash_sha1_final(&c1, out);
	else
		hash_sha256_final(&c2, out);
	hash_hex(out, dlen[a], hex);
}

static void
expect(enum algo a, const char *msg, const char *want)
{
	char hex[2 * HASH_SHA256_LEN + 1];

	digest_hex(a, msg, strlen(msg), hex);
	assert_string_equal(hex, want);
}

static void
test_sha1_vectors(void **state)
{
	(void)state;
	expect(SHA1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	expect(SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	expect(SHA1, MSG448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	expect(SHA1, MSG896, "a49b2446a02c645bf419f995b67091253a04a259");
}

static void
test_sha224_vectors(void **state)
{
	(void)state;
	expect(SHA224, "",
	    "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f");
	expect(SHA224, "abc",
	    "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
	expect(SHA224, MSG448,
	    "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525");
}

static void
test_sha256_vectors(void **state)
{
	(void)state;
	expect(SHA256, "",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect(SHA256, "abc",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect(SHA256, MSG448,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	expect(SHA256, MSG896,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed one way and another. */
static void
test_million_a(void **state)
{
	static const struct {
		enum algo a;
		const char *want;
	} v[] = {
	    {SHA1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
	    {SHA224,
		"20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67"},
	    {SHA256,
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39c"
		"cc7112cd0"},
	};
	char hex[2 * HASH_SHA256_LEN + 1];
	unsigned char *m;
	size_t i;

	(void)state;
	assert_non_null(m = malloc(1000000));
	(void)memset(m, 'a', 1000000);
	for (i = 0; i < NELEM(v); i++) {
		digest_hex(v[i].a, m, 1000000, hex);
		assert_string_equal(hex, v[i].want);
		/* 1000 updates of 1000 bytes: the FIPS "a million a" loop. */
		digest_hex_chunked(v[i].a, m, 1000000, 1000, hex);
		assert_string_equal(hex, v[i].want);
	}
	free(m);
}

/* Lengths around the padding boundary (55/56 bytes) and the block size. */
static void
test_padding_edges(void **state)
{
	static const struct {
		enum algo a;
		size_t n;
		const char *want;
	} v[] = {
	    {SHA256, 55,
		"9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e"
		"910f734318"},
	    {SHA256, 56,
		"b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970"
		"686ec6738a"},
	    {SHA256, 57,
		"f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed"
		"6589dfe8c6"},
	    {SHA256, 63,
		"7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da"
		"457ddc2f34"},
	    {SHA256, 64,
		"ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337"
		"df154668eb"},
	    {SHA256, 65,
		"635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d"
		"4f17eb0ae0"},
	    {SHA256, 119,
		"31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f"
		"7ea6584dcfb"},
	    {SHA256, 120,
		"2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc"
		"55af904c21c"},
	    {SHA1, 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
	    {SHA1, 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
	    {SHA1, 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
	};
	char buf[128], hex[2 * HASH_SHA256_LEN + 1];
	size_t i;

	(void)state;
	(void)memset(buf, 'a', sizeof(buf));
	for (i = 0; i < NELEM(v); i++) {
		digest_hex(v[i].a, buf, v[i].n, hex);
		if (strcmp(hex, v[i].want) != 0)
			fail_msg("algo %d, %zu x 'a': got %s, want %s",
			    (int)v[i].a, v[i].n, hex, v[i].want);
	}
}

/* Any chunking gives the one-shot digest. */
static void
test_streaming_chunks(void **state)
{
	static const size_t chunks[] = {
	    1, 2, 3, 7, 55, 56, 63, 64, 65, 127, 128, 129, 1000};
	static const size_t lens[] = {0, 1, 55, 56, 63, 64, 65, 200, 4099};
	unsigned char *data;
	char one[2 * HASH_SHA256_LEN + 1], str[2 * HASH_SHA256_LEN + 1];
	size_t i, j, l;
	int a;

	(void)state;
	assert_non_null(data = malloc(4099));
	for (i = 0; i < 4099; i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (a = SHA1; a <= SHA256; a++)
		for (l = 0; l < NELEM(lens); l++) {
			digest_hex((enum algo)a, data, lens[l], one);
			for (j = 0; j < NELEM(chunks); j++) {
				digest_hex_chunked((enum algo)a, data, lens[l],
				    chunks[j], str);
				if (strcmp(one, str) != 0)
					fail_msg("algo %d, len %zu, chunk %zu: "
						 "%s != %s",
					    a, lens[l], chunks[j], str, one);
			}
		}
	free(data);
}

/* Zero-length updates are no-ops, also with a NULL pointer. */
static void
test_empty_updates(void **state)
{
	struct hash_sha256 c;
	unsigned char out[HASH_SHA256_LEN];
	char hex[2 * HASH_SHA256_LEN + 1];

	(void)state;
	hash_sha256_init(&c);
	hash_sha256_update(&c, NULL, 0);
	hash_sha256_update(&c, "ab", 2);
	hash_sha256_update(&c, NULL, 0);
	hash_sha256_update(&c, "c", 1);
	hash_sha256_final(&c, out);
	hash_hex(out, sizeof(out), hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* SHA-224 writes exactly 28 bytes. */
static void
test_sha224_length(void **state)
{
	struct hash_sha256 c;
	unsigned char out[HASH_SHA256_LEN];

	(void)state;
	(void)memset(out, 0xee, sizeof(out));
	hash_sha224_init(&c);
	hash_sha256_update(&c, "abc", 3);
	hash_sha256_final(&c, out);
	assert_int_equal(out[27], 0xa7);
	assert_int_equal(out[28], 0xee);
	assert_int_equal(out[31], 0xee);
}

static void
test_hex(void **state)
{
	static const unsigned char b[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	char hex[2 * sizeof(b) + 1];

	(void)state;
	hash_hex(b, sizeof(b), hex);
	assert_string_equal(hex, "00017f80abff");
	hash_hex(b, 0, hex);
	assert_string_equal(hex, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha1_vectors),
	    cmocka_unit_test(test_sha224_vectors),
	    cmocka_unit_test(test_sha256_vectors),
	    cmocka_unit_test(test_million_a),
	    cmocka_unit_test(test_padding_edges),
	    cmocka_unit_test(test_streaming_chunks),
	    cmocka_unit_test(test_empty_updates),
	    cmocka_unit_test(test_sha224_length),
	    cmocka_unit_test(test_hex),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

/* SHA-256 against the FIPS 180-4 examples and sha256sum. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "helios/sha256.h"
#include "suites.h"

static void digest_is(const char *data, size_t len, size_t piece, const char *want)
{
	struct helios_sha256 c;
	char hex[HELIOS_SHA256_HEX];

	helios_sha256_init(&c);
	for (size_t at = 0; at < len; at += piece)
		helios_sha256_update(&c, data + at, len - at < piece ? len - at : piece);
	helios_sha256_hex(&c, hex);
	ck_assert_msg(strcmp(hex, want) == 0, "%zu bytes in pieces of %zu: %s, expected %s", len, piece, hex, want);
}

START_TEST(known_digests)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	digest_is("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest_is("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	for (size_t piece = 1; piece <= 64; piece *= 3)
		digest_is(two_blocks, strlen(two_blocks), piece,
			  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(a_million_a)
{
	char *a = malloc(1000000);

	memset(a, 'a', 1000000);
	/* Pieces that straddle block boundaries as a file read would. */
	digest_is(a, 1000000, 4093, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	digest_is(a, 1000000, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}
END_TEST

/* Every length around the padding's edge (55, 56, 63, 64 bytes and two
 * blocks' worth), as sha256sum gives them for that many 'x'. */
START_TEST(padding_edges)
{
	static const struct { size_t n; const char *hex; } cases[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
	};
	char x[128];

	memset(x, 'x', sizeof(x));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		digest_is(x, cases[i].n, cases[i].n, cases[i].hex);
		digest_is(x, cases[i].n, 1, cases[i].hex);
	}
}
END_TEST

START_TEST(fields_cannot_be_read_two_ways)
{
	struct helios_sha256 c;
	char ab_c[HELIOS_SHA256_HEX], a_bc[HELIOS_SHA256_HEX];

	helios_sha256_init(&c);
	helios_sha256_field(&c, "ab", 2);
	helios_sha256_field(&c, "c", 1);
	helios_sha256_hex(&c, ab_c);
	helios_sha256_init(&c);
	helios_sha256_field(&c, "a", 1);
	helios_sha256_field(&c, "bc", 2);
	helios_sha256_hex(&c, a_bc);
	ck_assert_str_ne(ab_c, a_bc);
	ck_assert(helios_sha256_is_hex(ab_c));
	ck_assert(!helios_sha256_is_hex("abc"));
	ck_assert(!helios_sha256_is_hex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
}
END_TEST

Suite *suite_sha256(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("sha256");

	tcase_add_test(tc, known_digests);
	tcase_add_test(tc, a_million_a);
	tcase_add_test(tc, padding_edges);
	tcase_add_test(tc, fields_cannot_be_read_two_ways);
	suite_add_tcase(s, tc);
	return s;
}

/* The network policy's pure decisions: address kinds (CIDR edges, IPv6
 * forms), address literals, --allow-net parsing and matching. */
#include <check.h>
#include <string.h>

#include "helios/buf.h"
#include "helios/netpolicy.h"
#include "helios/options.h"
#include "suites.h"

static struct helios_net_address addr(const char *text)
{
	struct helios_net_address a;

	ck_assert_msg(helios_net_address_parse(text, strlen(text), &a), "'%s' does not parse", text);
	return a;
}

START_TEST(address_kinds_at_the_block_edges)
{
	static const struct {
		const char *text, *kind;	/* NULL: public */
	} cases[] = {
		{ "126.255.255.255", NULL }, { "127.0.0.0", "loopback" }, { "127.255.255.255", "loopback" },
		{ "128.0.0.0", NULL }, { "9.255.255.255", NULL }, { "10.0.0.0", "private" },
		{ "10.255.255.255", "private" }, { "11.0.0.0", NULL }, { "172.15.255.255", NULL },
		{ "172.16.0.0", "private" }, { "172.31.255.255", "private" }, { "172.32.0.0", NULL },
		{ "192.167.255.255", NULL }, { "192.168.0.0", "private" }, { "192.168.255.255", "private" },
		{ "192.169.0.0", NULL }, { "100.63.255.255", NULL }, { "100.64.0.0", "private" },
		{ "100.127.255.255", "private" }, { "100.128.0.0", NULL }, { "169.253.255.255", NULL },
		{ "169.254.0.0", "link-local" }, { "169.254.169.254", "link-local" },
		{ "169.255.0.0", NULL }, { "0.0.0.0", "reserved" }, { "0.255.255.255", "reserved" },
		{ "1.0.0.0", NULL }, { "223.255.255.255", NULL }, { "224.0.0.0", "reserved" },
		{ "239.255.255.250", "reserved" }, { "255.255.255.255", "reserved" },
		{ "::1", "loopback" }, { "::", "reserved" }, { "::2", "reserved" },
		{ "::ffff:127.0.0.1", "loopback" }, { "::ffff:7f00:1", "loopback" },
		{ "::ffff:a9fe:a9fe", "link-local" }, { "::ffff:10.0.0.1", "private" },
		{ "::ffff:8.8.8.8", NULL }, { "64:ff9b::192.168.1.1", "private" },
		{ "2002:7f00:1::", "loopback" }, { "fbff:ffff::", NULL }, { "fc00::", "private" },
		{ "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "private" }, { "fe00::", NULL },
		{ "fe80::", "link-local" }, { "febf:ffff::1", "link-local" }, { "fec0::1", "private" },
		{ "ff02::1", "reserved" }, { "2001:db8::1", "reserved" }, { "2a00:1450:4001::200e", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct helios_net_address a = addr(cases[i].text);
		const char *kind = helios_net_address_kind(&a);

		ck_assert_msg(kind == cases[i].kind || (kind && cases[i].kind && strcmp(kind, cases[i].kind) == 0),
			      "%s: %s, expected %s", cases[i].text, kind ? kind : "public",
			      cases[i].kind ? cases[i].kind : "public");
	}
}
END_TEST

START_TEST(address_literals_parse_strictly_and_print_short)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4 ", "1..3.4", "0x7f.0.0.1",
		"127.1", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", "12345::", "g::1",
		"::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "localhost", "[::1]",
	};
	static const struct {
		const char *text, *shown;
	} good[] = {
		{ "127.0.0.1", "127.0.0.1" }, { "0.0.0.0", "0.0.0.0" }, { "::1", "::1" }, { "::", "::" },
		{ "0:0:0:0:0:0:0:1", "::1" }, { "FE80::A", "fe80::a" }, { "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
		{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" }, { "1::", "1::" }, { "1:0:2::", "1:0:2::" },
		{ "::ffff:1.2.3.4", "::ffff:102:304" }, { "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" },
	};
	struct helios_net_address a;
	struct helios_buf b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!helios_net_address_parse(bad[i], strlen(bad[i]), &a), "'%s' parsed", bad[i]);
	helios_buf_init(&b);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		a = addr(good[i].text);
		helios_buf_clear(&b);
		helios_net_address_format(&a, &b);
		ck_assert_msg(strcmp(helios_buf_str(&b), good[i].shown) == 0, "%s shown as %s, expected %s",
			      good[i].text, helios_buf_str(&b), good[i].shown);
	}
	helios_buf_release(&b);
}
END_TEST

START_TEST(allow_lists_are_checked_entry_by_entry)
{
	static const char *const good[] = {
		"localhost", "localhost:18801", "127.0.0.1:1", "a.b-c_d.example:65535", "[::1]:8080",
		"::1", "fe80::1", "[::ffff:10.0.0.1]", "10.0.0.1,example.com:443,[::1]:9",
	};
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "", "an empty entry" }, { "a,,b", "'': an empty entry" }, { "a,", "'': an empty entry" },
		{ "host:", "no port after ':'" }, { "host:0", "port 0 is no port" },
		{ "host:65536", "the port is over 65535" },
		{ "host:http", "the port is not a number" },
		{ ":80", "no host before the port" },
		{ "http://x", "a URL, not a host" },
		{ "x/y", "not a host name" }, { "a b", "not a host name" },
		{ "[::1", "no ']' after the IPv6 address" },
		{ "[1.2.3.4]:80", "not an IPv6 address in the brackets" },
		{ "[::1]80", "text after ']'" }, { "1::2::3", "not an IPv6 address" },
	};
	struct helios_error err;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(helios_netpolicy_check(good[i], &err) == HELIOS_OK, "%s: %s", good[i], err.text);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(helios_netpolicy_check(bad[i].text, &err), HELIOS_EINVAL);
		ck_assert_msg(strncmp(err.text, bad[i].why, strlen(bad[i].why)) == 0, "%s: '%s'", bad[i].text,
			      err.text);
	}
}
END_TEST

static bool allows(const char *allow, bool offline, const char *host, unsigned port, const char *address,
		   const char *why_expected)
{
	struct helios_net_address a = addr(address);
	struct helios_buf why;
	bool ok;

	helios_buf_init(&why);
	ok = helios_netpolicy_allows(allow, offline, host, port, &a, &why);
	ck_assert_msg(strcmp(helios_buf_str(&why), why_expected ? why_expected : "") == 0, "%s:%u: '%s'", host,
		      port, helios_buf_str(&why));
	helios_buf_release(&why);
	return ok;
}

START_TEST(requests_are_decided_on_the_resolved_address)
{
	ck_assert(allows(NULL, false, "example.com", 443, "93.184.216.34", NULL));
	ck_assert(!allows(NULL, false, "localhost", 18801, "127.0.0.1", "127.0.0.1 is a loopback address"));
	ck_assert(!allows(NULL, false, "metadata", 80, "169.254.169.254", "169.254.169.254 is a link-local address"));
	ck_assert(!allows(NULL, false, "x", 80, "::ffff:192.168.1.1", "::ffff:c0a8:101 is a private address"));
	ck_assert(!allows("", false, "x", 80, "fd00::1", "fd00::1 is a private address"));
	/* A name a public address was given is still a public address. */
	ck_assert(allows("other:80", false, "example.com", 80, "93.184.216.34", NULL));
	/* By name, with or without the port, names without case, a trailing dot. */
	ck_assert(allows("localhost:18801", false, "localhost", 18801, "127.0.0.1", NULL));
	ck_assert(allows("LocalHost", false, "localhost.", 1, "::1", NULL));
	ck_assert(!allows("localhost:18801", false, "localhost", 18802, "127.0.0.1", "127.0.0.1 is a loopback address"));
	/* By address: as written in the URL, or as the name resolved. */
	ck_assert(allows("127.0.0.1:5", false, "127.0.0.1", 5, "127.0.0.1", NULL));
	ck_assert(allows("127.0.0.1", false, "localhost", 5, "127.0.0.1", NULL));
	ck_assert(allows("127.0.0.1", false, "::ffff:127.0.0.1", 5, "::ffff:127.0.0.1", NULL));
	ck_assert(allows("::1", false, "0:0::1", 5, "::1", NULL));
	ck_assert(allows("[::1]:5", false, "::1", 5, "::1", NULL));
	ck_assert(!allows("127.0.0.2", false, "localhost", 5, "127.0.0.1", "127.0.0.1 is a loopback address"));
	/* A name in the list is not its address: another name for it is refused. */
	ck_assert(!allows("localhost", false, "evil.example", 80, "127.0.0.1", "127.0.0.1 is a loopback address"));
	/* Offline: only what the list names. */
	ck_assert(!allows(NULL, true, "example.com", 443, "93.184.216.34", "--offline keeps the page to its own files"));
	ck_assert(allows("example.com:443", true, "example.com", 443, "93.184.216.34", NULL));

	ck_assert(helios_netpolicy_names("a,localhost:9", "LOCALHOST", 9));
	ck_assert(!helios_netpolicy_names("a,localhost:9", "localhost", 8));
	ck_assert(!helios_netpolicy_names(NULL, "a", 9));
}
END_TEST

START_TEST(allow_net_given_again_adds_to_the_list)
{
	char *const args[] = { "--allow-net", "localhost:18801", "--allow-net=[::1]:9,10.0.0.1", "--offline" };
	char *const wrong[] = { "--allow-net", "a", "--allow-net", "b:0" };
	struct helios_settings s;
	struct helios_error err;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 4, args, NULL, &err), HELIOS_OK);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_ALLOW_NET), "localhost:18801,[::1]:9,10.0.0.1");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_OFFLINE), "1");
	helios_settings_release(&s);

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 4, wrong, NULL, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--allow-net: 'b:0': port 0 is no port (use HOST[:PORT],...)");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_ALLOW_NET), "a");
	helios_settings_release(&s);
}
END_TEST

Suite *suite_netpolicy(void)
{
	Suite *s = suite_create("netpolicy");
	TCase *tc = tcase_create("netpolicy");

	tcase_add_test(tc, address_kinds_at_the_block_edges);
	tcase_add_test(tc, address_literals_parse_strictly_and_print_short);
	tcase_add_test(tc, allow_lists_are_checked_entry_by_entry);
	tcase_add_test(tc, requests_are_decided_on_the_resolved_address);
	tcase_add_test(tc, allow_net_given_again_adds_to_the_list);
	suite_add_tcase(s, tc);
	return s;
}

#include "helios/netpolicy.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "helios/number.h"

static const char *ipv4_kind(uint32_t a)
{
	static const struct {
		uint32_t net, mask;
		const char *kind;
	} blocks[] = {
		{ 0x7f000000, 0xff000000, "loopback" },	/* 127/8 */
		{ 0x0a000000, 0xff000000, "private" },		/* 10/8 */
		{ 0xac100000, 0xfff00000, "private" },		/* 172.16/12 */
		{ 0xc0a80000, 0xffff0000, "private" },		/* 192.168/16 */
		{ 0x64400000, 0xffc00000, "private" },		/* 100.64/10, carrier NAT (a metadata service lives there) */
		{ 0xa9fe0000, 0xffff0000, "link-local" },	/* 169.254/16, the cloud metadata service */
		{ 0x00000000, 0xff000000, "reserved" },	/* 0/8, "this host" */
		{ 0xc0000000, 0xffffff00, "reserved" },	/* 192.0.0/24 */
		{ 0xc0000200, 0xffffff00, "reserved" },	/* 192.0.2/24, documentation */
		{ 0xc6120000, 0xfffe0000, "reserved" },	/* 198.18/15, benchmarking */
		{ 0xc6336400, 0xffffff00, "reserved" },	/* 198.51.100/24 */
		{ 0xcb007100, 0xffffff00, "reserved" },	/* 203.0.113/24 */
		{ 0xe0000000, 0xe0000000, "reserved" },	/* 224/4 multicast, 240/4 and broadcast */
	};

	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if ((a & blocks[i].mask) == blocks[i].net)
			return blocks[i].kind;
	return NULL;
}

static uint32_t ipv4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The IPv4 address an IPv6 one carries as mapped (::ffff:a.b.c.d) or
 * NAT64 (64:ff9b::a.b.c.d), else NULL: the same host either way. */
static const unsigned char *embedded_ipv4(const struct helios_net_address *a)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };

	if (a->len == 16 && (memcmp(a->bytes, mapped, 12) == 0 || memcmp(a->bytes, nat64, 12) == 0))
		return a->bytes + 12;
	return NULL;
}

const char *helios_net_address_kind(const struct helios_net_address *a)
{
	const unsigned char *b = a->bytes, *v4 = embedded_ipv4(a);

	if (a->len == 4)
		return ipv4_kind(ipv4_at(b));
	if (a->len != 16)
		return "reserved";
	if (v4)
		return ipv4_kind(ipv4_at(v4));
	if (b[0] == 0x20 && b[1] == 0x02)	/* 6to4: 2002:V4ADDR::/48 */
		return ipv4_kind(ipv4_at(b + 2));
	if (b[0] == 0 && b[1] == 0) {
		static const unsigned char loopback[16] = { [15] = 1 };

		/* ::1, ::, and the old IPv4-compatible ::a.b.c.d */
		return memcmp(b, loopback, 16) == 0 ? "loopback" : "reserved";
	}
	if ((b[0] & 0xfe) == 0xfc)
		return "private";		/* fc00::/7, unique local (fd00:ec2::254 is a metadata service) */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return "link-local";		/* fe80::/10 */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
		return "private";		/* fec0::/10, the old site-local */
	if (b[0] == 0xff || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8))
		return "reserved";		/* multicast, 2001:db8::/32 documentation */
	return NULL;
}

static bool parse_ipv4(const char *s, size_t len, unsigned char out[4])
{
	size_t at = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t digits = 0;

		if (part > 0 && (at >= len || s[at++] != '.'))
			return false;
		for (; at < len && s[at] >= '0' && s[at] <= '9' && digits < 4; at++, digits++)
			v = v * 10 + (unsigned)(s[at] - '0');
		/* No leading zero: "010" is octal to some parsers, decimal to others. */
		if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[at - digits] == '0'))
			return false;
		out[part] = (unsigned char)v;
	}
	return at == len;
}

static bool parse_ipv6(const char *s, size_t len, unsigned char out[16])
{
	uint16_t groups[8];
	int n = 0, gap = -1;	/* groups read; where "::" stands */
	size_t at = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		at = 2;
	} else if (len >= 1 && s[0] == ':') {
		return false;
	}
	while (at < len) {
		size_t start = at;
		unsigned v = 0;

		while (at < len && at - start < 5 && helios_hex_digit(s[at]) >= 0)
			v = v * 16 + (unsigned)helios_hex_digit(s[at++]);
		if (at < len && s[at] == '.') {
			/* A trailing IPv4 address fills the last two groups. */
			unsigned char v4[4];

			if (n > 6 || !parse_ipv4(s + start, len - start, v4))
				return false;
			groups[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
			groups[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
			at = len;
			break;
		}
		if (at == start || at - start > 4 || n == 8)
			return false;
		groups[n++] = (uint16_t)v;
		if (at == len)
			break;
		if (s[at] != ':' || at + 1 == len)
			return false;
		at++;
		if (s[at] == ':') {
			if (gap >= 0)
				return false;
			gap = n;
			at++;
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return false;
	memset(out, 0, 16);
	for (int i = 0; i < n; i++) {
		int slot = gap >= 0 && i >= gap ? 8 - (n - i) : i;

		out[2 * slot] = (unsigned char)(groups[i] >> 8);
		out[2 * slot + 1] = (unsigned char)groups[i];
	}
	return true;
}

bool helios_net_address_parse(const char *text, size_t len, struct helios_net_address *out)
{
	memset(out, 0, sizeof(*out));
	if (parse_ipv4(text, len, out->bytes)) {
		out->len = 4;
		return true;
	}
	if (memchr(text, ':', len) && parse_ipv6(text, len, out->bytes)) {
		out->len = 16;
		return true;
	}
	return false;
}

void helios_net_address_format(const struct helios_net_address *a, struct helios_buf *out)
{
	const unsigned char *b = a->bytes;
	int best = -1, best_len = 1;	/* the longest run of zero groups, if over one */

	if (a->len == 4) {
		helios_buf_printf(out, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		return;
	}
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && b[2 * j] == 0 && b[2 * j + 1] == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			helios_buf_puts(out, "::");
			i += best_len - 1;
			continue;
		}
		helios_buf_printf(out, "%s%x", i > 0 && i != best + best_len ? ":" : "", b[2 * i] << 8 | b[2 * i + 1]);
	}
}

/* One entry of an allow list, split: host (without brackets) and port (0: any). */
struct entry {
	const char *host;
	size_t host_len;
	unsigned port;
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == '_';
}

/* Split s[0..len) into e; NULL when good, else why not. */
static const char *split_entry(const char *s, size_t len, struct entry *e)
{
	struct helios_net_address addr;
	const char *port = NULL, *colon = memchr(s, ':', len);
	size_t port_len = 0;

	memset(e, 0, sizeof(*e));
	if (len == 0)
		return "an empty entry";
	for (size_t i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return "a URL, not a host (name its host and port: example.com:443)";
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (!close)
			return "no ']' after the IPv6 address";
		e->host = s + 1;
		e->host_len = (size_t)(close - s - 1);
		if (!helios_net_address_parse(e->host, e->host_len, &addr) || addr.len != 16)
			return "not an IPv6 address in the brackets";
		if (close + 1 < s + len) {
			if (close[1] != ':')
				return "text after ']' (use [ADDRESS]:PORT)";
			port = close + 2;
			port_len = len - (size_t)(port - s);
		}
	} else if (colon && memchr(colon + 1, ':', len - (size_t)(colon + 1 - s))) {
		/* Two colons: an IPv6 address without a port. */
		e->host = s;
		e->host_len = len;
		if (!helios_net_address_parse(s, len, &addr))
			return "not an IPv6 address (put one with a port in brackets: [::1]:8080)";
	} else {
		e->host = s;
		e->host_len = colon ? (size_t)(colon - s) : len;
		if (colon) {
			port = colon + 1;
			port_len = len - (size_t)(port - s);
		}
		if (e->host_len == 0)
			return "no host before the port";
		if (e->host_len > 253)
			return "a host name longer than 253 characters";
		for (size_t i = 0; i < e->host_len; i++)
			if (!name_char(e->host[i]))
				return "not a host name (letters, digits, '-', '.'; no scheme or path)";
	}
	if (port) {
		unsigned v = 0;

		if (port_len == 0)
			return "no port after ':'";
		for (size_t i = 0; i < port_len; i++) {
			if (port[i] < '0' || port[i] > '9')
				return "the port is not a number";
			v = v * 10 + (unsigned)(port[i] - '0');
			if (v > 65535)
				return "the port is over 65535";
		}
		if (v == 0)
			return "port 0 is no port";
		e->port = v;
	}
	return NULL;
}

enum helios_status helios_netpolicy_check(const char *allow, struct helios_error *err)
{
	struct entry e;

	for (const char *s = allow;;) {
		size_t len = strcspn(s, ",");
		const char *why = split_entry(s, len, &e);

		/* The caller shows the whole value; an entry of a list is named. */
		if (why && strchr(allow, ','))
			return helios_error_set(err, HELIOS_EINVAL, "'%.*s': %s (use HOST[:PORT],...)", (int)len, s,
						why);
		if (why)
			return helios_error_set(err, HELIOS_EINVAL, "%s (use HOST[:PORT],...)", why);
		if (!s[len])
			return HELIOS_OK;
		s += len + 1;
	}
}

/* An address as one form: an IPv4 address inside IPv6 is that IPv4 address. */
static void canonical(struct helios_net_address *a)
{
	const unsigned char *v4 = embedded_ipv4(a);

	if (v4) {
		memmove(a->bytes, v4, 4);
		a->len = 4;
	}
}

static bool same_address(struct helios_net_address a, struct helios_net_address b)
{
	canonical(&a);
	canonical(&b);
	return a.len == b.len && memcmp(a.bytes, b.bytes, a.len) == 0;
}

/* Whether entry e stands for host (as written, brackets removed) or, when
 * a is not NULL, for the address a. */
static bool entry_matches(const struct entry *e, const char *host, const struct helios_net_address *a)
{
	struct helios_net_address entry_addr, host_addr;
	size_t host_len = strlen(host);
	bool entry_is_addr = helios_net_address_parse(e->host, e->host_len, &entry_addr);

	/* A name's trailing dot names the same host. */
	if (host_len > 1 && host[host_len - 1] == '.')
		host_len--;
	if (!entry_is_addr)
		return e->host_len == host_len && strncasecmp(e->host, host, host_len) == 0;
	if (helios_net_address_parse(host, host_len, &host_addr) && same_address(entry_addr, host_addr))
		return true;
	return a && same_address(entry_addr, *a);
}

/* Whether the list names host at port (and, when a is not NULL, the address a instead of the host). */
static bool listed(const char *allow, const char *host, unsigned port, const struct helios_net_address *a)
{
	struct entry e;

	for (const char *s = allow; s && *s;) {
		size_t len = strcspn(s, ",");

		if (!split_entry(s, len, &e) && (e.port == 0 || e.port == port) && entry_matches(&e, host, a))
			return true;
		s += len + (s[len] != '\0');
	}
	return false;
}

bool helios_netpolicy_names(const char *allow, const char *host, unsigned port)
{
	return listed(allow, host, port, NULL);
}

bool helios_netpolicy_allows(const char *allow, bool offline, const char *host, unsigned port,
			     const struct helios_net_address *a, struct helios_buf *why)
{
	const char *kind = helios_net_address_kind(a);

	if (listed(allow, host, port, a))
		return true;
	if (offline) {
		helios_buf_puts(why, "--offline keeps the page to its own files");
		return false;
	}
	if (!kind)
		return true;
	helios_net_address_format(a, why);
	helios_buf_printf(why, " is a %s address", kind);
	return false;
}

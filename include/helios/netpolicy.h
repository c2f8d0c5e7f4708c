/* The network policy of a composition, as pure decisions: what an address
 * is (loopback, private...), the --allow-net list (HOST[:PORT],...) and
 * whether a request to a host, port and resolved address may go.  The
 * renderer's proxy (src/render/proxy.c) does the resolving and the
 * connecting; the option table checks --allow-net with the same parser. */
#ifndef HELIOS_NETPOLICY_H
#define HELIOS_NETPOLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/buf.h"
#include "helios/status.h"

/* An address in network byte order: 4 bytes (IPv4) or 16 (IPv6). */
struct helios_net_address {
	unsigned char bytes[16];
	size_t len;
};

/* NULL for a public internet address, else what it is ("loopback",
 * "private", "link-local", "reserved"); an IPv4 address inside IPv6
 * (mapped, NAT64, 6to4, the old compatible form) is judged as IPv4. */
const char *helios_net_address_kind(const struct helios_net_address *a);

/* Parse a literal: dotted IPv4 ("127.0.0.1", four decimal parts) or IPv6
 * ("::1", "::ffff:10.0.0.1"), without brackets.  False when it is not one. */
bool helios_net_address_parse(const char *text, size_t len, struct helios_net_address *out);

/* The address as text: dotted IPv4, or IPv6 in its short form ("::1"). */
void helios_net_address_format(const struct helios_net_address *a, struct helios_buf *out);

/* Check an --allow-net value: a comma list of HOST[:PORT], where HOST is a
 * name, an IPv4 address or an IPv6 address (in brackets when a port
 * follows) and PORT 1-65535 (absent: every port).  err says which entry
 * is wrong and why. */
enum helios_status helios_netpolicy_check(const char *allow, struct helios_error *err);

/* Whether the allow list (NULL: empty) names host (as the request wrote
 * it; names compare without case, addresses by value) at port. */
bool helios_netpolicy_names(const char *allow, const char *host, unsigned port);

/* Whether a request to host:port may connect to the address it resolved
 * to: a public address may, unless offline; another only when the list
 * names the host, or names that address, at that port.  When it may not,
 * why says so ("127.0.0.1 is a loopback address", "--offline keeps the
 * page to its own files"). */
bool helios_netpolicy_allows(const char *allow, bool offline, const char *host, unsigned port,
			     const struct helios_net_address *a, struct helios_buf *why);

#endif

/* SHA-256 (FIPS 180-4), for the fingerprints that tie a chunk's output to
 * its plan (helios-job(5), FINGERPRINTS).  Pure: bytes in, digest out. */
#ifndef HELIOS_SHA256_H
#define HELIOS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define HELIOS_SHA256_HEX 65	/* 64 hex digits and the NUL */

struct helios_sha256 {
	uint32_t h[8];		/* the running hash */
	uint64_t bytes;		/* message length so far */
	unsigned char block[64];	/* a block not yet full */
	size_t used;		/* bytes in block */
};

void helios_sha256_init(struct helios_sha256 *c);
void helios_sha256_update(struct helios_sha256 *c, const void *data, size_t len);

/* One field of a record: its length (8 bytes, big-endian), then its bytes,
 * so that fields hashed one after another can never be read two ways
 * ("ab","c" and "a","bc" differ). */
void helios_sha256_field(struct helios_sha256 *c, const void *data, size_t len);

/* The digest as 64 lowercase hex digits; c is spent. */
void helios_sha256_hex(struct helios_sha256 *c, char out[HELIOS_SHA256_HEX]);

/* True when s is 64 lowercase hex digits and nothing else. */
int helios_sha256_is_hex(const char *s);

#endif

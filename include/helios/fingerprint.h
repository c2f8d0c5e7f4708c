/* The contract between `helios job run` and the chunk renders it starts
 * about a chunk's fingerprint (helios-job(5), FINGERPRINTS): the runner
 * computes it (run/fingerprint.h), the render writes it into the output
 * and lists the files the page loaded. */
#ifndef HELIOS_FINGERPRINT_H
#define HELIOS_FINGERPRINT_H

/* The chunk's fingerprint, 64 hex digits. */
#define HELIOS_FINGERPRINT_ENV "HELIOS_CHUNK_FINGERPRINT"
/* Where the render lists the files it served (paths, each ending in a NUL
 * byte, relative to its working directory when inside it). */
#define HELIOS_READS_ENV "HELIOS_CHUNK_READS"
/* The output's comment tag is this, then the fingerprint. */
#define HELIOS_FINGERPRINT_TAG "helios fingerprint "

#endif

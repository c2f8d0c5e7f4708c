/* Frame count, frame rate and audio codec read straight from the header
 * boxes of an MP4 or MOV file.  Starting ffprobe costs about as much as the
 * whole stream-copy merge, so `helios merge` reads these itself and asks
 * ffprobe only about other containers. */
#ifndef HELIOS_MP4_H
#define HELIOS_MP4_H

#include <stdbool.h>
#include <stddef.h>

#include "run/probe.h"

/* Parse the body of a 'moov' box (pure).  False when it lacks what we need
 * (no video track, a fragmented file, a frame rate that varies). */
bool helios_mp4_parse_moov(const unsigned char *moov, size_t len, struct helios_media *media);

/* Find and parse the 'moov' box of the file at path.  False when the file
 * is not ISO BMFF or helios_mp4_parse_moov says no: ask ffprobe then. */
bool helios_mp4_probe(const char *path, struct helios_media *media);

#endif

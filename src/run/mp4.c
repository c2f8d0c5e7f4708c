/* A minimal ISO BMFF box walker: moov/trak/mdia/{mdhd,hdlr,minf/stbl/{stsd,stts,stsz,stz2}}. */
#include "run/mp4.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MOOV_MAX (64u << 20)	/* a larger header is not a chunk's: let ffprobe read it */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* The next child box in [*pos, end): its type and body. */
static bool next_box(const unsigned char *buf, size_t end, size_t *pos, char type[5], size_t *body,
		     size_t *body_len)
{
	uint64_t size;
	size_t head = 8;

	if (end - *pos < 8)
		return false;
	size = be32(buf + *pos);
	memcpy(type, buf + *pos + 4, 4);
	type[4] = '\0';
	if (size == 1) {
		if (end - *pos < 16)
			return false;
		size = be64(buf + *pos + 8);
		head = 16;
	} else if (size == 0) {
		size = end - *pos;
	}
	if (size < head || size > end - *pos)
		return false;
	*body = *pos + head;
	*body_len = (size_t)size - head;
	*pos += (size_t)size;
	return true;
}

struct track {
	char handler[5];
	char format[5];		/* sample entry fourcc: avc1, mp4a, sowt, ... */
	uint32_t timescale;
	int64_t samples;	/* -1: not seen */
	uint32_t delta;		/* the one sample duration; 0: none or varying */
	uint32_t sample_rate;	/* an audio sample entry's; 0: none */
};

/* The rate of an audio sample entry (entry: its size and fourcc first).
 * Versions 0 and 1 hold it as 16.16 fixed point, version 2 (QuickTime)
 * as a double. */
static uint32_t audio_entry_rate(const unsigned char *entry, size_t len)
{
	uint64_t bits;
	double rate;

	if (len >= 36 && (entry[16] << 8 | entry[17]) != 2)
		return be32(entry + 32) >> 16;
	if (len < 48)
		return 0;
	bits = be64(entry + 40);
	memcpy(&rate, &bits, sizeof(rate));
	return rate >= 1 && rate < 1e7 ? (uint32_t)rate : 0;
}

static void parse_stbl(const unsigned char *b, size_t start, size_t len, struct track *t)
{
	size_t pos = start, end = start + len, body, blen;
	char type[5];

	while (next_box(b, end, &pos, type, &body, &blen)) {
		if (strcmp(type, "stsd") == 0 && blen >= 16) {
			memcpy(t->format, b + body + 12, 4);
			t->format[4] = '\0';
			t->sample_rate = audio_entry_rate(b + body + 8, blen - 8);
		} else if ((strcmp(type, "stsz") == 0 || strcmp(type, "stz2") == 0) && blen >= 12) {
			t->samples = be32(b + body + 8);
		} else if (strcmp(type, "stts") == 0 && blen >= 8) {
			uint32_t n = be32(b + body + 4);

			t->delta = 0;
			if (n >= 1 && (blen - 8) / 8 >= n) {
				t->delta = be32(b + body + 12);
				for (uint32_t i = 1; i < n; i++)
					if (be32(b + body + 8 + 8 * i + 4) != t->delta)
						t->delta = 0;
			}
		}
	}
}

/* trak/mdia/minf/stbl is three levels down; a crafted moov may nest boxes
 * millions deep, which would overflow the stack. */
#define NESTING_MAX 8

/* Descend through the boxes that only contain boxes. */
static void parse_container(const unsigned char *b, size_t start, size_t len, struct track *t,
			    int depth)
{
	size_t pos = start, end = start + len, body, blen;
	char type[5];

	while (next_box(b, end, &pos, type, &body, &blen)) {
		if (strcmp(type, "mdia") == 0 || strcmp(type, "minf") == 0) {
			if (depth < NESTING_MAX)
				parse_container(b, body, blen, t, depth + 1);
		} else if (strcmp(type, "stbl") == 0)
			parse_stbl(b, body, blen, t);
		else if (strcmp(type, "mdhd") == 0 && blen >= 24)
			t->timescale = b[body] == 1 ? (blen >= 32 ? be32(b + body + 20) : 0) : be32(b + body + 12);
		else if (strcmp(type, "hdlr") == 0 && blen >= 12) {
			memcpy(t->handler, b + body + 8, 4);
			t->handler[4] = '\0';
		}
	}
}

/* ffprobe's names for the audio sample entries a chunk may carry. */
static const char *audio_name(const char *format)
{
	static const char *const pcm[] = { "sowt", "twos", "lpcm", "ipcm", "fpcm", "in24", "in32", "fl32",
					   "fl64", "raw ", NULL };

	for (const char *const *p = pcm; *p; p++)
		if (strcmp(format, *p) == 0)
			return "pcm_s16le";	/* stands for every PCM: fits where pcm_s16le fits */
	if (strcmp(format, "mp4a") == 0)
		return "aac";
	if (strcmp(format, "Opus") == 0)
		return "opus";
	if (strcmp(format, ".mp3") == 0)
		return "mp3";
	return format;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

bool helios_mp4_parse_moov(const unsigned char *b, size_t len, struct helios_media *m)
{
	size_t pos = 0, body, blen;
	char type[5];

	memset(m, 0, sizeof(*m));
	m->frames = -1;
	while (next_box(b, len, &pos, type, &body, &blen)) {
		struct track t = { .samples = -1 };

		if (strcmp(type, "mvex") == 0)
			return false;	/* fragmented: the samples are not in moov */
		if (strcmp(type, "trak") != 0)
			continue;
		parse_container(b, body, blen, &t, 0);
		if (strcmp(t.handler, "vide") == 0 && !m->has_video) {
			uint64_t g;

			if (t.samples < 0 || !t.delta || !t.timescale)
				return false;
			g = gcd(t.timescale, t.delta);
			m->has_video = true;
			snprintf(m->video_codec, sizeof(m->video_codec), "%s", t.format);
			snprintf(m->rate, sizeof(m->rate), "%llu/%llu", (unsigned long long)(t.timescale / g),
				 (unsigned long long)(t.delta / g));
			m->frames = t.samples;
		} else if (strcmp(t.handler, "soun") == 0 && !m->has_audio) {
			m->has_audio = true;
			snprintf(m->audio_codec, sizeof(m->audio_codec), "%s", audio_name(t.format));
			/* Sound tracks count time in samples (the media timescale) unless the entry says. */
			m->sample_rate = (int)(t.sample_rate ? t.sample_rate : t.timescale);
		}
	}
	return m->has_video;
}

bool helios_mp4_probe(const char *path, struct helios_media *media)
{
	unsigned char head[16], *moov;
	bool ok = false;
	struct stat st;
	uint64_t pos = 0, file_size;
	/* O_NONBLOCK: a FIFO's open would wait for a writer; it is refused below. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
		close(fd);
		return false;
	}
	file_size = (uint64_t)st.st_size;
	/* Every box taken moves pos on by its size, at least 8 bytes, and
	 * never past the end: the walk ends within file_size / 8 boxes. */
	while (file_size - pos >= 8) {
		uint64_t size;
		size_t headlen = 8;

		if (pread(fd, head, 8, (off_t)pos) != 8)
			break;
		size = be32(head);
		if (size == 1) {
			if (file_size - pos < 16 || pread(fd, head + 8, 8, (off_t)(pos + 8)) != 8)
				break;
			size = be64(head + 8);
			headlen = 16;
		}
		/* 0 (to the end), smaller than its head, or past the end of
		 * the file (a 64-bit size can point anywhere, before the box
		 * too): no moov where we can find it. */
		if (size < headlen || size > file_size - pos)
			break;
		if (memcmp(head + 4, "moov", 4) == 0) {
			if (size - headlen > MOOV_MAX)
				break;
			moov = malloc((size_t)(size - headlen));
			if (moov && pread(fd, moov, (size_t)(size - headlen), (off_t)(pos + headlen)) ==
					    (ssize_t)(size - headlen))
				ok = helios_mp4_parse_moov(moov, (size_t)(size - headlen), media);
			free(moov);
			break;
		}
		/* ISO files start with ftyp (or a free/wide/mdat box); anything else is not one. */
		if (memcmp(head + 4, "ftyp", 4) && memcmp(head + 4, "free", 4) && memcmp(head + 4, "wide", 4) &&
		    memcmp(head + 4, "mdat", 4) && memcmp(head + 4, "skip", 4) && memcmp(head + 4, "uuid", 4))
			break;
		pos += size;
	}
	close(fd);
	return ok;
}

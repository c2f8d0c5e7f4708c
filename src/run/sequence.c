#include "run/sequence.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helios/codec.h"
#include "helios/number.h"
#include "helios/path.h"

bool run_sequence_of(const char *output, struct helios_sequence *seq)
{
	const struct helios_container *c = output ? helios_container_for_path(output) : NULL;

	return c && (c->bit & HELIOS_MUX_IMAGES) && helios_sequence_parse(output, seq);
}

bool run_sequence_stat(const struct helios_sequence *seq, const char *dir, int64_t first, int64_t count,
		       int64_t *size, char mtime[HELIOS_STATE_MTIME], struct helios_buf *missing)
{
	struct helios_buf name, path;
	struct timespec latest = { 0, 0 };
	int64_t total = 0;
	bool ok = true;

	helios_buf_init(&name);
	helios_buf_init(&path);
	for (int64_t f = first; ok && f < first + count; f++) {
		struct stat st;

		helios_buf_clear(&name);
		helios_buf_clear(&path);
		helios_sequence_name(seq, f, &name);
		helios_path_join(&path, dir, helios_buf_str(&name));
		if (name.failed || path.failed || stat(helios_buf_str(&path), &st) != 0 || !S_ISREG(st.st_mode)) {
			ok = false;
			if (missing)
				helios_buf_puts(missing, helios_buf_str(&name));
			break;
		}
		total += (int64_t)st.st_size;
		if (st.st_mtim.tv_sec > latest.tv_sec ||
		    (st.st_mtim.tv_sec == latest.tv_sec && st.st_mtim.tv_nsec > latest.tv_nsec))
			latest = st.st_mtim;
	}
	if (ok) {
		*size = total;
		snprintf(mtime, HELIOS_STATE_MTIME, "%lld.%09ld", (long long)latest.tv_sec, (long)latest.tv_nsec);
	}
	helios_buf_release(&name);
	helios_buf_release(&path);
	return ok;
}

enum helios_status run_sequence_ranges(const struct helios_sequence *seq, char *const *inputs, int count,
				       int64_t start, int64_t *last, struct helios_error *err)
{
	int64_t next = start;

	for (int i = 0; i < count; i++) {
		if (!helios_sequence_frame_of(seq, inputs[i], &last[i]))
			return helios_error_set(err, HELIOS_EUSAGE, "'%s' is not a frame of the sequence '%s'", inputs[i],
						seq->pattern);
		/* A chunk ends at or after the frame after the last one's end:
		 * no frame belongs to two chunks. */
		if (last[i] < next && i == 0)
			return helios_error_set(err, HELIOS_EUSAGE, "'%s' (frame %lld) comes before --start-frame %lld",
						inputs[i], (long long)last[i], (long long)start);
		if (last[i] < next)
			return helios_error_set(err, HELIOS_EUSAGE,
						"'%s' (frame %lld) does not come after '%s' (frame %lld): chunks overlap",
						inputs[i], (long long)last[i], inputs[i - 1], (long long)last[i - 1]);
		next = last[i] + 1;
	}
	return HELIOS_OK;
}

enum helios_status run_sequence_merge(const struct helios_merge_options *opt, const struct helios_sequence *seq,
				      struct helios_error *err)
{
	int64_t start = 0, *last, from, size;
	char mtime[HELIOS_STATE_MTIME];
	struct helios_buf missing;
	enum helios_status st;

	if (opt->video_codec || opt->audio_codec || opt->quality || opt->preset || opt->fps)
		return helios_error_set(err, HELIOS_EUSAGE,
					"'%s': an image sequence is checked, not encoded: --video-codec, --audio-codec, "
					"--quality, --preset and --fps do not apply", opt->output);
	if (opt->start_frame &&
	    helios_number_parse_int(opt->start_frame, 0, HELIOS_MAX_FRAMES, &start, err) != HELIOS_OK) {
		helios_error_prefix(err, "--start-frame: '%s'", opt->start_frame);
		return HELIOS_EUSAGE;
	}
	last = calloc((size_t)opt->input_count, sizeof(*last));
	if (!last)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	st = run_sequence_ranges(seq, opt->inputs, opt->input_count, start, last, err);
	helios_buf_init(&missing);
	from = start;
	for (int i = 0; st == HELIOS_OK && i < opt->input_count; i++) {
		if (opt->stop && *opt->stop) {
			st = helios_error_set(err, HELIOS_EINTR, "interrupted");
			break;
		}
		if (!run_sequence_stat(seq, ".", from, last[i] - from + 1, &size, mtime, &missing))
			st = missing.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
					    : helios_error_set(err, HELIOS_EFAIL, "'%s' is missing (frames %lld-%lld end in '%s')",
							       helios_buf_str(&missing), (long long)from, (long long)last[i],
							       opt->inputs[i]);
		from = last[i] + 1;
	}
	helios_buf_release(&missing);
	free(last);
	return st;
}

#include "report.h"


#include "log.h"
#include "proc/signals.h"

#define TAIL_LINES 10		/* log lines shown when a chunk fails */

const char *report_reason(const char *reason)
{
	return reason ? reason : "failed";
}

/* Show the last lines of a log under an event. */
static void show_tail(struct helios_progress *p, const char *path)
{
	char block[4096];
	const char *lines[TAIL_LINES];
	int count = run_log_tail(path, block, sizeof(block), lines, TAIL_LINES);

	for (int i = 0; i < count; i++)
		helios_progress_event(p, "  | %s", lines[i]);
}

void report_chunk_started(struct helios_progress *p, int64_t id, int64_t first, int64_t count, bool retry)
{
	if (!p->tty)
		helios_progress_event(p, "chunk %lld: started (frames %lld-%lld%s)", (long long)id, (long long)first,
				      (long long)(first + count - 1), retry ? ", retry" : "");
}

void report_chunk_done(struct helios_progress *p, int64_t id, double seconds)
{
	if (!p->tty)
		helios_progress_event(p, "chunk %lld: done in %.1f s [%lld/%lld chunks, %lld/%lld frames]",
				      (long long)id, seconds, (long long)p->chunks_done, (long long)p->chunks_total,
				      (long long)p->frames_done, (long long)p->frames_total);
}

void report_chunk_retry(struct helios_progress *p, int64_t id, const char *reason, double delay, int attempt,
			int attempts)
{
	helios_progress_event(p, "chunk %lld: %s; retrying in %.1f s (attempt %d of %d)", (long long)id,
			      report_reason(reason), delay, attempt, attempts);
}

void report_chunk_failed(struct helios_progress *p, int64_t id, const char *reason, const char *log)
{
	helios_progress_event(p, "chunk %lld: failed: %s; last lines of %s:", (long long)id, report_reason(reason),
			      log);
	show_tail(p, log);
}

void report_stopping_others(struct helios_progress *p, int running)
{
	if (running)
		helios_progress_event(p, "stopping %d running chunk%s (--keep-going lets them finish)", running,
				      running == 1 ? "" : "s");
}

void report_merge_started(struct helios_progress *p)
{
	if (!p->tty)
		helios_progress_event(p, "merge: started");
}

void report_merge_done(struct helios_progress *p, double seconds)
{
	if (!p->tty)
		helios_progress_event(p, "merge: done in %.1f s", seconds);
}

void report_merge_failed(struct helios_progress *p, const char *reason, const char *log)
{
	if (!log) {
		helios_progress_event(p, "merge: failed: %s", reason);
		return;
	}
	helios_progress_event(p, "merge: failed: %s; last lines of %s:", reason, log);
	show_tail(p, log);
}

void report_signal(struct helios_progress *p, int sig, int running)
{
	helios_progress_event(p, "%s: stopping %d running process%s (again to kill at once)",
			      helios_stop_word(sig), running, running == 1 ? "" : "es");
}

void report_resume(struct helios_progress *p, int64_t kept, int64_t count, int64_t stale, const char *why)
{
	if (stale < 0)
		helios_progress_event(p, "resume: %lld of %lld chunk%s already done", (long long)kept,
				      (long long)count, count == 1 ? "" : "s");
	else
		helios_progress_event(p, "resume: %lld of %lld chunk%s already done; chunk %lld renders again: %s",
				      (long long)kept, (long long)count, count == 1 ? "" : "s", (long long)stale, why);
}

void report_draw(struct helios_progress *p, struct helios_progress_row *rows, int n)
{
	/* Slots are reused in any order; show the chunks by id. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && rows[j - 1].id > rows[j].id; j--) {
			struct helios_progress_row tmp = rows[j];

			rows[j] = rows[j - 1];
			rows[j - 1] = tmp;
		}
	p->rows = rows;
	p->row_count = n;
	helios_progress_draw(p);
	p->rows = NULL;
	p->row_count = 0;
}

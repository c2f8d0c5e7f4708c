#include "signals.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Deep enough for every scope we nest (a probe's render, its merges). */
#define DEPTH 8

struct chain {
	struct sigaction old[DEPTH];
	int depth;
};

/* Per signal, the handlers pushes replaced.  Signals are the process's,
 * so their bookkeeping is too. */
static struct chain chains[NSIG];
static volatile sig_atomic_t stop_signal, stop_count;
static volatile sig_atomic_t wake_fd = -1;
static int stop_depth;

bool helios_signal_push(int sig, helios_signal_fn fn, int flags)
{
	struct chain *c;
	struct sigaction sa;

	if (sig <= 0 || sig >= NSIG || chains[sig].depth == DEPTH)
		return false;
	c = &chains[sig];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &c->old[c->depth]) != 0)
		return false;
	c->depth++;
	return true;
}

void helios_signal_pop(int sig)
{
	struct chain *c;

	if (sig <= 0 || sig >= NSIG || chains[sig].depth == 0)
		return;
	c = &chains[sig];
	c->depth--;
	sigaction(sig, &c->old[c->depth], NULL);
}

void helios_signal_wake(int sig)
{
	int saved = errno, fd = wake_fd;
	ssize_t n;

	(void)sig;
	if (fd >= 0)
		n = write(fd, "", 1);
	(void)n;
	errno = saved;
}

static void on_stop(int sig)
{
	stop_signal = sig;
	stop_count++;
	helios_signal_wake(sig);
}

void helios_stop_push(unsigned how)
{
	int flags = how & HELIOS_STOP_RESTART ? SA_RESTART : 0;

	if (stop_depth++ == 0) {
		stop_signal = 0;
		stop_count = 0;
	}
	helios_signal_push(SIGINT, on_stop, flags);
	helios_signal_push(SIGTERM, on_stop, flags);
	if (how & HELIOS_STOP_HANGUP)
		helios_signal_push(SIGHUP, on_stop, flags);
}

void helios_stop_pop(unsigned how)
{
	if (how & HELIOS_STOP_HANGUP)
		helios_signal_pop(SIGHUP);
	helios_signal_pop(SIGTERM);
	helios_signal_pop(SIGINT);
	if (stop_depth > 0)
		stop_depth--;
}

int helios_stop_signal(void)
{
	return stop_signal;
}

volatile sig_atomic_t *helios_stop_flag(void)
{
	return &stop_signal;
}

int helios_stop_count(void)
{
	return stop_count;
}

void helios_signal_wake_fd(int fd)
{
	wake_fd = fd;
}

const char *helios_stop_word(int sig)
{
	switch (sig) {
	case SIGINT: return "interrupted";
	case SIGTERM: return "terminated";
	case SIGHUP: return "hung up";
	default: return "stopped";
	}
}

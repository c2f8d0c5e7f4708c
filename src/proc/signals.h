/* The one place signals are caught, as git's sigchain: a scope pushes a
 * handler for a signal and pops it when done, which puts back the one it
 * replaced, so scopes nest (a render inside a probe) and every handler
 * is restored the same way.
 *
 * SIGINT and SIGTERM (and, for the planner, SIGHUP) ask a command to
 * stop.  helios_stop_push catches them with one handler that records the
 * signal; long waits poll helios_stop_flag() and give up, and the command
 * then exits with helios_exit_for_signal() (helios/status.h). */
#ifndef HELIOS_PROC_SIGNALS_H
#define HELIOS_PROC_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

typedef void (*helios_signal_fn)(int sig);

/* Catch sig with fn (or SIG_IGN, SIG_DFL) and sigaction's flags; false
 * (and nothing changed) when the signal's scopes nest too deep. */
bool helios_signal_push(int sig, helios_signal_fn fn, int flags);
/* Put back the handler the matching push replaced. */
void helios_signal_pop(int sig);

enum {
	HELIOS_STOP_HANGUP = 1,		/* SIGHUP stops too (the planner) */
	HELIOS_STOP_RESTART = 2,	/* SA_RESTART: the caller waits on a wake descriptor,
					 * not on a blocking call that EINTR ends */
};

/* Catch the stop signals.  The outermost push forgets an earlier stop.
 * Without HELIOS_STOP_RESTART a blocking call returns EINTR, so that the
 * wait it is in sees the flag at once. */
void helios_stop_push(unsigned how);
void helios_stop_pop(unsigned how);

/* The last stop signal caught since the outermost push; 0 while none.
 * The flag is what a wait polls (proc.h's `stop` arguments). */
int helios_stop_signal(void);
volatile sig_atomic_t *helios_stop_flag(void);
/* How many stop signals came since the outermost push (a second Ctrl-C
 * kills at once). */
int helios_stop_count(void);

/* The handlers also write a byte to fd (non-blocking; -1: none), so a
 * poll loop wakes; helios_signal_wake is a handler that only does that
 * (SIGCHLD for a loop that waits for children). */
void helios_signal_wake_fd(int fd);
void helios_signal_wake(int sig);

/* "interrupted", "terminated", "hung up": what the signal did. */
const char *helios_stop_word(int sig);

#endif

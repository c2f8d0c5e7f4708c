/* Child processes for the runner and the merge: fork and execvp, never a
 * shell.  Not part of the pure core: these functions create processes. */
#ifndef HELIOS_PROC_H
#define HELIOS_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "helios/buf.h"
#include "helios/status.h"

/* A growable NULL-terminated argv.  Like helios_buf, a failed allocation
 * is sticky: check ->failed once at the end. */
struct helios_argv {
	char **v;
	int n, cap;
	bool failed;
};

void helios_argv_init(struct helios_argv *a);
void helios_argv_release(struct helios_argv *a);
void helios_argv_push(struct helios_argv *a, const char *arg);
void helios_argv_printf(struct helios_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Each argument quoted for /bin/sh where needed, separated by blanks. */
void helios_argv_format(const struct helios_argv *a, struct helios_buf *out);

struct helios_proc_spec {
	char *const *argv;	/* argv[0] is looked up in PATH unless it holds a '/' */
	const char *program;	/* executed instead of argv[0] when set (argv[0] is kept) */
	const char *dir;	/* working directory of the child; NULL: ours */
	int stdout_fd;		/* -1: /dev/null */
	int stderr_fd;		/* -1: /dev/null; stdin is always /dev/null */
	bool new_group;		/* lead a process group of its own, so that the child
				 * and everything it starts can be signalled at once;
				 * and be the subreaper of its descendants, so that one
				 * that leaves the group (setsid) and is orphaned stays
				 * below it, where helios_proc_kill_tree finds it */
};

/* Start a child.  A program that cannot be executed still gives a child: it
 * writes "helios: cannot run 'X': why" to its stderr and exits with 127, so
 * the reason lands in the log where the caller looks for it. */
enum helios_status helios_proc_spawn(const struct helios_proc_spec *spec, pid_t *pid,
				     struct helios_error *err);

/* In a child between fork and exec (async-signal-safe): be killed when the
 * parent (pid `parent`, read before the fork) dies, even by SIGKILL; exit
 * at once when it died before this call could take effect. */
void helios_proc_die_with_parent(pid_t parent);

/* Send sig to pid's process group and to every process below pid, also the
 * ones that left the group or the session: a snapshot of /proc's parent
 * links (the kernel's children lists are not always built). */
void helios_proc_kill_tree(pid_t pid, int sig);

/* Send sig to every child of this process not in keep[0..n).  With
 * PR_SET_CHILD_SUBREAPER these are what ended children left behind. */
void helios_proc_kill_strays(const pid_t *keep, int n, int sig);

/* Full path of an executable: name itself when it holds a '/', else the
 * first match in PATH.  False when there is none. */
bool helios_proc_find(const char *name, struct helios_buf *out);

/* The program that runs commands named "helios": $HELIOS_BIN when set,
 * else this very executable (so a job runs from a build tree). */
void helios_proc_self(struct helios_buf *out);

/* Run argv to completion, collecting its stdout and stderr (either may be
 * NULL: discarded).  *wstatus is waitpid's status.  When *stop becomes
 * non-zero (a signal handler sets it) the child is sent SIGTERM and the
 * call returns once it has exited. */
enum helios_status helios_proc_capture(char *const *argv, struct helios_buf *out,
				       struct helios_buf *errout, int *wstatus,
				       volatile sig_atomic_t *stop, struct helios_error *err);

/* "exit status 3", "killed by signal 9 (Killed)" */
void helios_proc_describe(int wstatus, char *buf, size_t size);

#endif

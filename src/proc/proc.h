/* Child processes for the runner, the merge and the renderer: fork and
 * execvp, never a shell.  Below run/ and render/, above the pure core:
 * these functions create processes. */
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
/* The arguments as they are, separated by blanks: for messages and tests. */
void helios_argv_join(const struct helios_argv *a, struct helios_buf *out);

/* Values of helios_proc_spec's stdin_fd, stdout_fd and stderr_fd besides
 * a descriptor of ours. */
#define HELIOS_PROC_NULL (-1)	/* /dev/null */
#define HELIOS_PROC_KEEP (-2)	/* the one we have */

/* How to start one child: every fork of helios goes through this, so that
 * each child is set up the same way.  The child always dies with us (even
 * when we are killed by SIGKILL), starts with the default action for the
 * signals we catch or ignore (SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGQUIT,
 * SIGHUP) and an empty signal mask, and holds no descriptor of ours that
 * it was not given (ours are close-on-exec). */
struct helios_proc_spec {
	char *const *argv;	/* argv[0] is looked up in PATH unless it holds a '/' */
	const char *program;	/* executed instead of argv[0] when set (argv[0] is kept) */
	/* Instead of executing a program, run fn(data) in the child and exit
	 * with its return value: for a server that is a part of us. */
	int (*fn)(void *data);
	void *data;
	const char *dir;	/* working directory of the child; NULL: ours */
	int stdin_fd, stdout_fd, stderr_fd;	/* a descriptor, HELIOS_PROC_NULL or _KEEP */
	/* More descriptors: fds[i][0] of ours becomes fds[i][1] in the child. */
	const int (*fds)[2];
	int fd_count;
	bool close_others;	/* close every descriptor above the ones given */
	char *const *env;	/* "NAME=value" set in the child's environment */
	bool new_group;		/* lead a process group of its own, so that the child
				 * and everything it starts can be signalled at once */
	bool subreaper;		/* be the subreaper of its descendants, so that one
				 * that leaves the group (setsid) and is orphaned stays
				 * below it, where helios_proc_kill_tree finds it */
	bool ignore_sigpipe;	/* a peer that hangs up is an error, not a signal */
	bool ignore_sigchld;	/* its own children are reaped by the kernel */
	int nice;		/* added to the child's priority; 0: ours */
	/* Run as user uid, group gid and no other group (a root helios
	 * starting what must not hold root's rights); set before dir is
	 * entered, so the user must be able to enter it.  A switch that
	 * fails is reported as a failed exec. */
	bool switch_user;
	uid_t uid;
	gid_t gid;
	/* How a program that cannot be executed is reported.  false: it still
	 * gives a child, which writes "helios: cannot run 'X': why" to its
	 * stderr and exits with 127, so the reason lands in the log where the
	 * caller looks for it.  true: helios_proc_spawn reaps that child and
	 * fails with HELIOS_EFAIL, errno set to the child's (a close-on-exec
	 * pipe carries it back). */
	bool report_exec_failure;
};

/* A spec with no program, /dev/null as stdin, stdout and stderr, and
 * everything else off. */
void helios_proc_spec_init(struct helios_proc_spec *spec);

/* Start a child as spec says. */
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

/* Whether a process below pid (not pid itself) holds the socket whose
 * inode is given (as /proc/net/tcp lists it): a connection made by a
 * child of ours, whatever its user. */
bool helios_proc_socket_below(pid_t pid, unsigned long inode);

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

/* The same, handing the child more descriptors as helios_proc_spec's fds
 * does: fds[i][0] of ours is fds[i][1] in the child. */
enum helios_status helios_proc_capture_fds(char *const *argv, const int (*fds)[2], int fd_count,
					   struct helios_buf *out, struct helios_buf *errout, int *wstatus,
					   volatile sig_atomic_t *stop, struct helios_error *err);

/* "exit status 3", "killed by signal 9 (Killed)" */
void helios_proc_describe(int wstatus, char *buf, size_t size);

#endif

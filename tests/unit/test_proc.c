#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/proc.h"
#include "proc/signals.h"
#include "suites.h"

/* Run spec with its stdout on a pipe; the output and the wait status. */
static int run_reading(struct helios_proc_spec *spec, char *out, size_t size)
{
	struct helios_error err;
	int fds[2], status = -1;
	size_t have = 0;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	spec->stdout_fd = fds[1];
	ck_assert_int_eq(helios_proc_spawn(spec, &pid, &err), HELIOS_OK);
	close(fds[1]);
	while (have + 1 < size && (n = read(fds[0], out + have, size - 1 - have)) > 0)
		have += (size_t)n;
	out[have] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

START_TEST(argv_join_and_format)
{
	struct helios_argv a;
	struct helios_buf b;

	helios_argv_init(&a);
	helios_buf_init(&b);
	helios_argv_push(&a, "ffmpeg");
	helios_argv_printf(&a, "-r %d", 30);
	helios_argv_join(&a, &b);
	ck_assert_str_eq(helios_buf_str(&b), "ffmpeg -r 30");
	helios_buf_clear(&b);
	helios_argv_format(&a, &b);
	ck_assert_str_eq(helios_buf_str(&b), "ffmpeg '-r 30'");
	ck_assert_ptr_null(a.v[a.n]);
	helios_argv_release(&a);
	helios_buf_release(&b);
}
END_TEST

START_TEST(spawn_maps_descriptors_crosswise)
{
	char *const argv[] = { "sh", "-c", "echo a >&3; echo b >&4", NULL };
	struct helios_proc_spec spec;
	struct helios_error err;
	int p3[2], p4[2], map[2][2];
	char a[8] = "", b[8] = "";
	pid_t pid;

	/* Each pipe's write end goes where the other's number would be taken. */
	ck_assert_int_eq(pipe2(p3, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(p4, O_CLOEXEC), 0);
	map[0][0] = p3[1];
	map[0][1] = 4;
	map[1][0] = p4[1];
	map[1][1] = 3;
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.fds = (const int (*)[2])map;
	spec.fd_count = 2;
	ck_assert_int_eq(helios_proc_spawn(&spec, &pid, &err), HELIOS_OK);
	close(p3[1]);
	close(p4[1]);
	ck_assert_int_eq(read(p3[0], b, sizeof(b) - 1), 2);
	ck_assert_int_eq(read(p4[0], a, sizeof(a) - 1), 2);
	ck_assert_str_eq(a, "a\n");
	ck_assert_str_eq(b, "b\n");
	waitpid(pid, NULL, 0);
	close(p3[0]);
	close(p4[0]);
}
END_TEST

START_TEST(spawn_sets_environment_and_directory)
{
	char *const argv[] = { "sh", "-c", "printf '%s %s ' \"$HELIOS_T1\" \"$HOME\"; pwd", NULL };
	char *const env[] = { "HELIOS_T1=one", "HOME=/nowhere", NULL };
	struct helios_proc_spec spec;
	char out[256];

	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.env = env;
	spec.dir = "/";
	ck_assert_int_eq(run_reading(&spec, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "one /nowhere /\n");
}
END_TEST

START_TEST(spawn_reports_exec_failure)
{
	char *const argv[] = { "helios-no-such-program", NULL };
	struct helios_proc_spec spec;
	struct helios_error err;
	char out[256];
	pid_t pid = 0;

	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.report_exec_failure = true;
	ck_assert_int_eq(helios_proc_spawn(&spec, &pid, &err), HELIOS_EFAIL);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(err.text, "cannot run 'helios-no-such-program': No such file or directory");
	/* Without the report, the child says it on its stderr and exits 127. */
	spec.report_exec_failure = false;
	spec.stderr_fd = HELIOS_PROC_NULL;
	ck_assert_int_eq(run_reading(&spec, out, sizeof(out)), 127 << 8);
}
END_TEST

static int child_fn(void *data)
{
	const char *word = data;

	return write(STDOUT_FILENO, word, strlen(word)) < 0 ? 1 : 7;
}

START_TEST(spawn_runs_a_function)
{
	struct helios_proc_spec spec;
	char out[64];

	helios_proc_spec_init(&spec);
	spec.fn = child_fn;
	spec.data = "served";
	spec.new_group = true;
	spec.close_others = true;
	spec.report_exec_failure = true;
	ck_assert_int_eq(run_reading(&spec, out, sizeof(out)), 7 << 8);
	ck_assert_str_eq(out, "served");
}
END_TEST

static int ids_fn(void *data)
{
	char text[64];
	gid_t groups[4];
	int n = getgroups(4, groups);

	(void)data;
	snprintf(text, sizeof(text), "%ld %ld %ld %ld %d %ld", (long)getuid(), (long)geteuid(), (long)getgid(),
		 (long)getegid(), n, n > 0 ? (long)groups[0] : -1L);
	return write(STDOUT_FILENO, text, strlen(text)) < 0;
}

START_TEST(spawn_switches_user)
{
	struct helios_proc_spec spec;
	struct helios_error err;
	char out[64], closed[] = "/tmp/helios-unit.XXXXXX";
	pid_t pid;

	if (geteuid() != 0)
		return;	/* only root may switch */
	helios_proc_spec_init(&spec);
	spec.fn = ids_fn;
	spec.close_others = true;
	spec.report_exec_failure = true;
	spec.switch_user = true;
	spec.uid = 65534;
	spec.gid = 65533;
	ck_assert_int_eq(run_reading(&spec, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "65534 65534 65533 65533 1 65533");
	/* A directory the user may not enter is a failure to start. */
	ck_assert_ptr_nonnull(mkdtemp(closed));	/* mode 0700, root's */
	spec.dir = closed;
	ck_assert_int_eq(helios_proc_spawn(&spec, &pid, &err), HELIOS_EFAIL);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(rmdir(closed), 0);
}
END_TEST

static int hold_fn(void *data)
{
	char byte;

	(void)data;
	/* Holds its descriptors until the parent writes or closes its end. */
	return read(3, &byte, 1) < 0;
}

START_TEST(socket_below_finds_a_childs_socket)
{
	struct helios_proc_spec spec;
	struct helios_error err;
	struct stat st_held, st_ours;
	int pair[2], ours, give[1][2];
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	ours = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(ours, 0);
	ck_assert_int_eq(fstat(pair[1], &st_held), 0);
	ck_assert_int_eq(fstat(ours, &st_ours), 0);
	give[0][0] = pair[1];
	give[0][1] = 3;
	helios_proc_spec_init(&spec);
	spec.fn = hold_fn;
	spec.fds = (const int (*)[2])give;
	spec.fd_count = 1;
	spec.close_others = true;
	spec.report_exec_failure = true;
	ck_assert_int_eq(helios_proc_spawn(&spec, &pid, &err), HELIOS_OK);
	close(pair[1]);
	ck_assert(helios_proc_socket_below(getpid(), (unsigned long)st_held.st_ino));
	/* Ours alone is not below us. */
	ck_assert(!helios_proc_socket_below(getpid(), (unsigned long)st_ours.st_ino));
	close(pair[0]);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert(!helios_proc_socket_below(getpid(), (unsigned long)st_held.st_ino));
	close(ours);
}
END_TEST

START_TEST(describe_status)
{
	char text[64];

	helios_proc_describe(3 << 8, text, sizeof(text));
	ck_assert_str_eq(text, "exit status 3");
}
END_TEST

static volatile sig_atomic_t seen_a, seen_b;
static void handler_a(int sig) { seen_a = sig; }
static void handler_b(int sig) { seen_b = sig; }

/* Scopes nest: the inner handler runs while pushed, the outer one again
 * once it is popped, and the last pop leaves what was there before. */
START_TEST(signal_scopes_nest_and_restore)
{
	struct sigaction before, now;

	sigaction(SIGUSR1, NULL, &before);
	ck_assert(helios_signal_push(SIGUSR1, handler_a, 0));
	ck_assert(helios_signal_push(SIGUSR1, handler_b, 0));
	raise(SIGUSR1);
	ck_assert_int_eq(seen_b, SIGUSR1);
	ck_assert_int_eq(seen_a, 0);
	helios_signal_pop(SIGUSR1);
	raise(SIGUSR1);
	ck_assert_int_eq(seen_a, SIGUSR1);
	helios_signal_pop(SIGUSR1);
	sigaction(SIGUSR1, NULL, &now);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)before.sa_handler);
	helios_signal_pop(SIGUSR1);	/* one pop too many changes nothing */
	ck_assert(!helios_signal_push(0, handler_a, 0));
}
END_TEST

/* A stop signal is recorded and counted until the outermost scope begins
 * again; an inner scope keeps what the outer one saw. */
START_TEST(stop_signals_are_recorded_per_outermost_scope)
{
	int fds[2];
	char byte;

	ck_assert_int_eq(pipe(fds), 0);
	helios_stop_push(0);
	ck_assert_int_eq(helios_stop_signal(), 0);
	raise(SIGTERM);
	helios_stop_push(HELIOS_STOP_HANGUP);
	ck_assert_int_eq(helios_stop_signal(), SIGTERM);
	helios_signal_wake_fd(fds[1]);
	raise(SIGHUP);
	helios_signal_wake_fd(-1);
	ck_assert_int_eq(read(fds[0], &byte, 1), 1);
	ck_assert_int_eq(*helios_stop_flag(), SIGHUP);
	ck_assert_int_eq(helios_stop_count(), 2);
	helios_stop_pop(HELIOS_STOP_HANGUP);
	helios_stop_pop(0);
	ck_assert_int_eq(helios_stop_signal(), SIGHUP);	/* read after the scope ends */
	helios_stop_push(0);
	ck_assert_int_eq(helios_stop_signal(), 0);
	ck_assert_int_eq(helios_stop_count(), 0);
	helios_stop_pop(0);
	ck_assert_str_eq(helios_stop_word(SIGINT), "interrupted");
	ck_assert_str_eq(helios_stop_word(SIGHUP), "hung up");
	ck_assert_int_eq(helios_exit_for_signal(SIGINT), 130);
	ck_assert_int_eq(helios_exit_for_signal(SIGTERM), 143);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

Suite *suite_proc(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("spawn");

	tcase_add_test(tc, argv_join_and_format);
	tcase_add_test(tc, spawn_maps_descriptors_crosswise);
	tcase_add_test(tc, spawn_sets_environment_and_directory);
	tcase_add_test(tc, spawn_reports_exec_failure);
	tcase_add_test(tc, spawn_runs_a_function);
	tcase_add_test(tc, spawn_switches_user);
	tcase_add_test(tc, socket_below_finds_a_childs_socket);
	tcase_add_test(tc, describe_status);
	suite_add_tcase(s, tc);
	tc = tcase_create("signals");
	tcase_add_test(tc, signal_scopes_nest_and_restore);
	tcase_add_test(tc, stop_signals_are_recorded_per_outermost_scope);
	suite_add_tcase(s, tc);
	return s;
}

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void run_log_chunk_path(const char *log_dir, int64_t id, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_buf_printf(out, "%s/chunk-%lld.log", log_dir, (long long)id);
}

void run_log_merge_path(const char *log_dir, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_buf_printf(out, "%s/merge.log", log_dir);
}

/* Logs live in a directory of ours (helios_file_private_dir), but a link
 * left in it is still never written through: it is replaced by a file. */
int run_log_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd < 0 && errno == ELOOP && unlink(path) == 0)
		fd = open(path, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	return fd;
}

void run_log_line(const char *path, const char *fmt, ...)
{
	int fd = run_log_open(path, O_RDWR | O_APPEND);
	FILE *f = fd >= 0 ? fdopen(fd, "a+") : NULL;
	va_list ap;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	/* Our line starts a line even when the program's last one did not end. */
	if (fseek(f, -1, SEEK_END) == 0 && fgetc(f) != '\n')
		fputc('\n', f);
	fseek(f, 0, SEEK_END);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

int run_log_tail(const char *path, char *block, size_t size, const char **lines, int max)
{
	int count = 0;
	ssize_t n;
	off_t end;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *p;

	if (fd < 0)
		return 0;
	end = lseek(fd, 0, SEEK_END);
	lseek(fd, end > (off_t)size - 1 ? end - (off_t)size + 1 : 0, SEEK_SET);
	n = read(fd, block, size - 1);
	close(fd);
	if (n <= 0)
		return 0;
	block[n] = '\0';
	while (n > 0 && block[n - 1] == '\n')
		block[--n] = '\0';
	/* Walk back over the last max line starts. */
	p = block + n;
	while (count < max && p > block) {
		char *start = p;

		while (start > block && start[-1] != '\n')
			start--;
		if (start == block && end > (off_t)size - 1)
			break;	/* a partial first line: leave it out */
		if (start > block)
			start[-1] = '\0';
		lines[count++] = start;
		p = start > block ? start - 1 : block;
	}
	/* Collected newest first. */
	for (int i = 0, j = count - 1; i < j; i++, j--) {
		const char *t = lines[i];

		lines[i] = lines[j];
		lines[j] = t;
	}
	return count;
}

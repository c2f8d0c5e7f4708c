/* Identity of paths, private directories and exclusive temporary files. */
#include "job/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/buf.h"
#include "helios/path.h"

/* The absolute path of a file that need not exist: its directory with
 * links resolved when that exists, then its last component. */
static char *resolve(const char *path)
{
	struct helios_buf dir, out;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *real, *cwd;

	helios_buf_init(&dir);
	helios_buf_init(&out);
	helios_path_dirname(&dir, path);
	real = realpath(helios_buf_str(&dir), NULL);
	if (real && *base && strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
		helios_buf_puts(&out, real);
		if (strcmp(real, "/") != 0)
			helios_buf_putc(&out, '/');
		helios_buf_puts(&out, base);
	} else if ((cwd = getcwd(NULL, 0)) != NULL) {
		helios_path_absolute(&out, cwd, path);
		free(cwd);
	}
	free(real);
	helios_buf_release(&dir);
	if (!out.len || out.failed) {
		helios_buf_release(&out);
		return NULL;
	}
	return helios_buf_take(&out);
}

bool helios_file_same(const char *a, const char *b)
{
	struct stat sa, sb;
	bool have_a = stat(a, &sa) == 0, have_b = stat(b, &sb) == 0;
	char *ra, *rb;
	bool same;

	if (have_a && have_b)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (have_a != have_b)
		return false;
	ra = resolve(a);
	rb = resolve(b);
	same = ra && rb && strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}

enum helios_status helios_file_private_dir(const char *path, mode_t mode, struct helios_error *err)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return HELIOS_OK;
	if (errno != EEXIST)
		return helios_error_set(err, HELIOS_EIO, "cannot create '%s': %s", path, strerror(errno));
	/* lstat: a link to a directory of ours is still someone's link. */
	if (lstat(path, &st) != 0)
		return helios_error_set(err, HELIOS_EIO, "cannot use '%s': %s", path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return helios_error_set(err, HELIOS_EFAIL,
					"'%s': a symbolic link, not a directory of ours; refusing to use it", path);
	if (!S_ISDIR(st.st_mode))
		return helios_error_set(err, HELIOS_EFAIL, "'%s': exists and is not a directory", path);
	if (st.st_uid != geteuid())
		return helios_error_set(err, HELIOS_EFAIL,
					"'%s': owned by uid %lu, not by us (uid %lu); refusing to use it",
					path, (unsigned long)st.st_uid, (unsigned long)geteuid());
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return helios_error_set(err, HELIOS_EFAIL,
					"'%s': writable by others (mode %04o); refusing to use it", path,
					(unsigned)(st.st_mode & 07777));
	return HELIOS_OK;
}

enum helios_status helios_file_make_parents(const char *path, struct helios_error *err)
{
	struct helios_buf dir;
	struct stat st;
	enum helios_status status = HELIOS_OK;

	helios_buf_init(&dir);
	helios_path_dirname(&dir, path);
	if (dir.failed) {
		helios_buf_release(&dir);
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	if (stat(helios_buf_str(&dir), &st) == 0 && S_ISDIR(st.st_mode)) {
		helios_buf_release(&dir);
		return HELIOS_OK;
	}
	/* mkdir -p, one component at a time; the umask decides the mode. */
	for (char *p = dir.data + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir.data, 0777) != 0 && errno != EEXIST) {
			status = helios_error_set(err, HELIOS_EIO, "cannot create the directory '%s': %s",
						  dir.data, strerror(errno));
		} else if (stat(dir.data, &st) != 0 || !S_ISDIR(st.st_mode)) {
			/* The path itself is wrong: bad input, not failed work. */
			status = helios_error_set(err, HELIOS_EINVAL, "cannot create the directory '%s': %s",
						  dir.data, "a file of that name exists");
		}
		*p = c;
		if (status != HELIOS_OK || c == '\0')
			break;
	}
	helios_buf_release(&dir);
	return status;
}

enum helios_status helios_file_replaceable(const char *path, struct helios_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? HELIOS_OK
				       : helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", path,
							  strerror(errno));
	/* Renaming into place would replace a link (/dev/stdout is one) or a
	 * device with a plain file, and a job's paths are relative to the
	 * directory of the file that holds it. */
	if (S_ISLNK(st.st_mode))
		return helios_error_set(err, HELIOS_EINVAL,
					"cannot write '%s': a symbolic link; name the file itself", path);
	if (!S_ISREG(st.st_mode))
		return helios_error_set(err, HELIOS_EINVAL, "cannot write '%s': not a regular file", path);
	return HELIOS_OK;
}

int helios_file_temp(char *template, int suffix_len, mode_t mode)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	fd = mkostemps(template, suffix_len, O_CLOEXEC);
	if (fd >= 0 && fchmod(fd, mode & ~mask) != 0) {
		int saved = errno;

		close(fd);
		unlink(template);
		errno = saved;
		return -1;
	}
	return fd;
}

#include "render/sequence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helios/path.h"

void render_sequence_pattern(const char *directory, const char *ext, struct helios_buf *out)
{
	helios_buf_printf(out, "%s/%%0%dd%s", directory, RENDER_SEQUENCE_DIGITS, ext);
}

enum helios_status render_sequence_start(const char *output, char **path, int *fd, struct helios_error *err)
{
	struct helios_buf name;

	helios_buf_init(&name);
	helios_path_dirname(&name, output);
	helios_buf_puts(&name, "/.helios-frames-XXXXXX");
	if (name.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	/* mkdtemp makes it 0700 and never reuses a name planted there. */
	if (!mkdtemp(name.data)) {
		int saved = errno;

		helios_buf_release(&name);
		return helios_error_set(err, HELIOS_EIO, "cannot create a directory beside '%s': %s", output,
					strerror(saved));
	}
	*fd = open(name.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		int saved = errno;

		rmdir(name.data);
		helios_buf_release(&name);
		return helios_error_set(err, HELIOS_EIO, "cannot open '%s': %s", output, strerror(saved));
	}
	*path = helios_buf_take(&name);
	return HELIOS_OK;
}

enum helios_status render_sequence_publish(const char *ext, int fd, const char *path, int64_t count,
					   render_sequence_name_fn name_of, void *ctx, struct helios_error *err)
{
	struct helios_buf name;
	char from[64];
	enum helios_status st = HELIOS_OK;

	helios_buf_init(&name);
	for (int64_t i = 0; st == HELIOS_OK && i < count; i++) {
		snprintf(from, sizeof(from), "%0*lld%s", RENDER_SEQUENCE_DIGITS, (long long)i, ext);
		helios_buf_clear(&name);
		name_of(ctx, i, &name);
		if (name.failed)
			st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		else if (renameat(fd, from, AT_FDCWD, helios_buf_str(&name)) != 0)
			st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", helios_buf_str(&name),
					      strerror(errno));
	}
	helios_buf_release(&name);
	render_sequence_discard(fd, path);
	return st;
}

void render_sequence_discard(int fd, const char *path)
{
	int dup_fd = fd >= 0 ? dup(fd) : -1;
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *e;

	/* Only files ffmpeg wrote; nothing else lives in a 0700 directory of ours. */
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(fd, e->d_name, 0);
	if (d)
		closedir(d);
	else if (dup_fd >= 0)
		close(dup_fd);
	if (path)
		rmdir(path);
}

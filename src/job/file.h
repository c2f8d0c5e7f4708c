/* Files on disk in places other users may write to (DESIGN.md, "Files and
 * trust"): whether two paths are one file, directories that must be ours,
 * temporary files that are never opened through a planted link.  Not part
 * of the pure core: these functions look at the file system. */
#ifndef HELIOS_FILE_H
#define HELIOS_FILE_H

#include <stdbool.h>
#include <sys/types.h>

#include "helios/status.h"

/* True when a and b name the same file: the same device and inode when
 * both exist; when neither does, the same absolute path once the links of
 * its existing directory are resolved.  Never a comparison of strings. */
bool helios_file_same(const char *a, const char *b);

/* Create the directory path with mode, or accept one that exists only when
 * it is ours: a directory and not a symbolic link, owned by our effective
 * uid, writable by nobody else.  HELIOS_EFAIL saying which of these fails
 * ("'dir': owned by uid 65534, not by us ..."; the caller says which
 * directory it is), HELIOS_EIO when it cannot
 * be created. */
enum helios_status helios_file_private_dir(const char *path, mode_t mode, struct helios_error *err);

/* Create the missing directories above path (mkdir -p of its dirname),
 * so that an output may name a directory that does not exist yet: a job
 * planned on one machine runs on another.  HELIOS_EIO naming the
 * directory that cannot be created, HELIOS_EINVAL when a file stands
 * where a directory must be. */
enum helios_status helios_file_make_parents(const char *path, struct helios_error *err);

/* HELIOS_OK when path is missing or a regular file, so that a new file
 * may be renamed over it; HELIOS_EINVAL for a symbolic link (such as
 * /dev/stdout), a directory, a device or a FIFO, which renaming would
 * replace. */
enum helios_status helios_file_replaceable(const char *path, struct helios_error *err);

/* mkstemps(template, suffix_len) that then gives the new file mode less
 * the umask (mkstemp's 0600 would otherwise become the output's mode).
 * O_EXCL: a name planted beforehand, link or not, is never opened.
 * Returns the descriptor (close-on-exec), or -1 with errno set. */
int helios_file_temp(char *template, int suffix_len, mode_t mode);

#endif

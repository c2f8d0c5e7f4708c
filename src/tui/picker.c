#include "picker.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "helios/path.h"

void tui_picker_init(struct tui_picker *b)
{
	memset(b, 0, sizeof(*b));
	helios_buf_init(&b->dir);
	helios_buf_init(&b->filter);
}

static void free_entries(struct tui_picker *b)
{
	for (size_t i = 0; i < b->count; i++)
		free(b->entries[i].name);
	free(b->entries);
	free(b->shown);
	b->entries = NULL;
	b->shown = NULL;
	b->count = b->shown_count = 0;
}

void tui_picker_release(struct tui_picker *b)
{
	free_entries(b);
	helios_buf_release(&b->dir);
	helios_buf_release(&b->filter);
}

static bool has_html_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0);
}

static int entry_order(const void *pa, const void *pb)
{
	const struct tui_entry *a = pa, *b = pb;

	if (strcmp(a->name, "..") == 0)
		return -1;
	if (strcmp(b->name, "..") == 0)
		return 1;
	if (a->is_dir != b->is_dir)
		return a->is_dir ? -1 : 1;
	return strcoll(a->name, b->name);
}

static bool add_entry(struct tui_picker *b, size_t *cap, const char *name, bool is_dir)
{
	if (b->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct tui_entry *n = realloc(b->entries, ncap * sizeof(*n));

		if (!n)
			return false;
		b->entries = n;
		*cap = ncap;
	}
	b->entries[b->count].name = strdup(name);
	if (!b->entries[b->count].name)
		return false;
	b->entries[b->count].is_dir = is_dir;
	b->entries[b->count].is_html = !is_dir && has_html_ext(name);
	b->count++;
	return true;
}

enum helios_status tui_picker_open(struct tui_picker *b, const char *cwd, const char *dir)
{
	struct helios_buf abs, path;
	size_t cap = 0;
	struct dirent *de;
	struct stat sb;
	DIR *d;
	bool ok = true;

	helios_buf_init(&abs);
	helios_path_absolute(&abs, cwd, dir);
	d = opendir(helios_buf_str(&abs));
	if (!d) {
		snprintf(b->error, sizeof(b->error), "cannot open '%s': %s", helios_buf_str(&abs),
			 strerror(errno));
		helios_buf_release(&abs);
		return HELIOS_EIO;
	}
	free_entries(b);
	b->error[0] = '\0';
	helios_buf_release(&b->dir);
	b->dir = abs;
	helios_buf_init(&path);
	if (strcmp(helios_buf_str(&b->dir), "/") != 0)
		ok = add_entry(b, &cap, "..", true);
	while (ok && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		helios_buf_clear(&path);
		helios_path_join(&path, helios_buf_str(&b->dir), de->d_name);
		ok = add_entry(b, &cap, de->d_name,
			       stat(helios_buf_str(&path), &sb) == 0 && S_ISDIR(sb.st_mode));
	}
	closedir(d);
	helios_buf_release(&path);
	if (b->count)
		qsort(b->entries, b->count, sizeof(*b->entries), entry_order);
	helios_buf_clear(&b->filter);
	b->selected = b->top = 0;
	tui_picker_refilter(b);
	return ok ? HELIOS_OK : HELIOS_ENOMEM;
}

void tui_picker_refilter(struct tui_picker *b)
{
	const char *f = helios_buf_str(&b->filter);
	size_t *shown = realloc(b->shown, (b->count ? b->count : 1) * sizeof(*shown));

	if (!shown)
		return;
	b->shown = shown;
	b->shown_count = 0;
	for (size_t i = 0; i < b->count; i++)
		if (!*f || strcasestr(b->entries[i].name, f))
			b->shown[b->shown_count++] = i;
	if (b->selected >= b->shown_count)
		b->selected = b->shown_count ? b->shown_count - 1 : 0;
	/* Type-ahead: the first entry starting with the text wins, so typing a
	 * name and pressing Enter picks it even when others contain it too. */
	for (size_t i = 0; *f && i < b->shown_count; i++) {
		if (strncasecmp(b->entries[b->shown[i]].name, f, strlen(f)) == 0) {
			b->selected = i;
			break;
		}
	}
}

void tui_picker_move(struct tui_picker *b, long delta)
{
	long to = (long)b->selected + delta;

	if (!b->shown_count)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)b->shown_count)
		to = (long)b->shown_count - 1;
	b->selected = (size_t)to;
}

const struct tui_entry *tui_picker_current(const struct tui_picker *b)
{
	return b->shown_count ? &b->entries[b->shown[b->selected]] : NULL;
}

void tui_picker_up(struct tui_picker *b, const char *cwd)
{
	struct helios_buf parent;

	helios_buf_init(&parent);
	helios_path_join(&parent, helios_buf_str(&b->dir), "..");
	tui_picker_open(b, cwd, helios_buf_str(&parent));
	helios_buf_release(&parent);
}

/* Pick the absolute path abs: a directory is opened, a file is chosen. */
static bool enter_path(struct tui_picker *b, const char *cwd, const char *abs,
		       struct helios_buf *chosen)
{
	struct stat sb;

	if (stat(abs, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		tui_picker_open(b, cwd, abs);
		return false;
	}
	helios_buf_clear(chosen);
	helios_path_relative(chosen, cwd, ".", abs);
	return true;
}

bool tui_picker_enter(struct tui_picker *b, const char *cwd, struct helios_buf *chosen)
{
	const char *typed = helios_buf_str(&b->filter);
	const struct tui_entry *e = tui_picker_current(b);
	struct helios_buf abs;
	bool picked;

	if (helios_path_is_url(typed)) {
		helios_buf_clear(chosen);
		helios_buf_puts(chosen, typed);
		return true;
	}
	helios_buf_init(&abs);
	/* ~ and ~/path are the home directory, as a shell reads them. */
	if ((strcmp(typed, "~") == 0 || strncmp(typed, "~/", 2) == 0) && getenv("HOME") && *getenv("HOME")) {
		helios_buf_puts(&abs, getenv("HOME"));
		helios_buf_puts(&abs, typed + 1);
	} else if (*typed && (strchr(typed, '/') || !e))
		helios_path_absolute(&abs, helios_buf_str(&b->dir), typed);
	else if (e)
		helios_path_absolute(&abs, helios_buf_str(&b->dir), e->name);
	else {
		helios_buf_release(&abs);
		return false;
	}
	picked = enter_path(b, cwd, helios_buf_str(&abs), chosen);
	helios_buf_release(&abs);
	return picked;
}

/* A JSON syntax check (RFC 8259) for values a user types, such as --props:
 * the CLI, the TUI and `helios job validate` refuse the same text with the
 * same words.  Pure: it builds nothing, it only says where the text stops
 * being JSON.  Reading job files is the job module's (cJSON). */
#ifndef HELIOS_JSON_H
#define HELIOS_JSON_H

#include <stddef.h>

#include "helios/status.h"

/* Deeper nesting than this is refused (the renderer's parser stops there too). */
#define HELIOS_JSON_MAX_DEPTH 512

/* HELIOS_OK when text is exactly one JSON value, with optional whitespace
 * around it.  Otherwise HELIOS_EINVAL and err says "not valid JSON (at byte
 * N: why)", N counting from 1. */
enum helios_status helios_json_check(const char *text, struct helios_error *err);

#endif

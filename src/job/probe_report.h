/* helios probe's JSON report read back (helios-tui runs the probe in the
 * background and plans with its figures).  See helios-probe(1), OUTPUT. */
#ifndef HELIOS_REPORT_H
#define HELIOS_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/cost.h"
#include "helios/status.h"

struct helios_probe_report {
	bool has_helios;	/* the page has a window.helios */
	double duration;	/* declared seconds; 0: not declared */
	double fps;		/* declared; 0: not declared */
	struct helios_cost cost;
	int64_t cores;		/* of the machine that probed */
};

/* Parse text (the whole of helios probe --json's output).  A report
 * without the cost fields, or with wrong types, is HELIOS_EFORMAT naming
 * the field. */
enum helios_status helios_report_parse(const char *text, struct helios_probe_report *out,
				       struct helios_error *err);

#endif

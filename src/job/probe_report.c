#include "job/probe_report.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <string.h>

/* A number at obj.name; null (not declared) reads as 0 when nullable. */
static bool number(const cJSON *obj, const char *name, bool nullable, double *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (nullable && cJSON_IsNull(item)) {
		*out = 0;
		return true;
	}
	if (!cJSON_IsNumber(item))
		return false;
	*out = item->valuedouble;
	return true;
}

enum helios_status helios_report_parse(const char *text, struct helios_probe_report *out,
				       struct helios_error *err)
{
	static const struct {
		const char *name;
		size_t offset;
	} costs[] = {
		{ "chunkStartSeconds", offsetof(struct helios_cost, chunk_start) },
		{ "frameSeconds", offsetof(struct helios_cost, per_frame) },
		{ "mergeSeconds", offsetof(struct helios_cost, merge_start) },
		{ "mergePerChunkSeconds", offsetof(struct helios_cost, merge_per_chunk) },
		{ "coresBusy", offsetof(struct helios_cost, cores_busy) },
	};
	cJSON *root = cJSON_Parse(text);
	const cJSON *comp = cJSON_GetObjectItemCaseSensitive(root, "composition");
	const cJSON *cost = cJSON_GetObjectItemCaseSensitive(root, "cost");
	const char *bad = NULL;
	double cores = 0;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return helios_error_set(err, HELIOS_EFORMAT, "the probe's report is not a JSON object");
	}
	if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(comp, "helios")))
		bad = "composition.helios";
	else if (!number(comp, "duration", true, &out->duration))
		bad = "composition.duration";
	else if (!number(comp, "fps", true, &out->fps))
		bad = "composition.fps";
	else if (!number(cost, "cores", false, &cores) || cores < 1)
		bad = "cost.cores";
	for (size_t i = 0; !bad && i < sizeof(costs) / sizeof(costs[0]); i++) {
		double *field = (double *)((char *)&out->cost + costs[i].offset);

		if (!number(cost, costs[i].name, false, field) || *field < 0)
			bad = costs[i].name;
	}
	out->has_helios = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(comp, "helios"));
	out->cores = (int64_t)cores;
	cJSON_Delete(root);
	if (bad) {
		memset(out, 0, sizeof(*out));
		return helios_error_set(err, HELIOS_EFORMAT, "the probe's report: %s: missing or not a number", bad);
	}
	return HELIOS_OK;
}

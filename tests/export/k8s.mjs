// Kubernetes manifests checked by Kubernetes' own schemas, and run here as
// the pods would run them.  Test-only; the npm packages come from
// tests/compositions/node_modules (tools/deps.sh --install).
//
//   node k8s.mjs validate FILE   validate every document of the YAML stream
//                                against the schema of the apiVersion and kind
//                                it declares (kubernetes-models, generated from
//                                Kubernetes' OpenAPI); one line per document.
//                                The schemas allow unknown fields, which the
//                                API server's strict field validation (kubectl's
//                                default) refuses: every field of a batch/v1
//                                Job we write is also looked up in its schema
//   node k8s.mjs run FILE        run every Job's container command in its
//                                workingDir: each index 0..completions-1 of an
//                                Indexed Job with JOB_COMPLETION_INDEX set, in
//                                order, then the next Job; $(VAR) and $$
//                                expanded as Kubernetes does
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = join(dirname(fileURLToPath(import.meta.url)), "..", "compositions", "node_modules");
const { parseAllDocuments } = await import(pathToFileURL(join(modules, "yaml", "dist", "index.js")));
const models = join(modules, "kubernetes-models");
const version = JSON.parse(readFileSync(join(models, "package.json"), "utf8")).version;

const [mode, file] = process.argv.slice(2);
const docs = parseAllDocuments(readFileSync(file, "utf8"))
	.map((d) => {
		if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
		return d.toJS();
	})
	.filter((d) => d != null);

// "batch/v1" -> batch/v1, "v1" (the core group) -> v1.
async function model(doc) {
	const path = join(models, ...String(doc.apiVersion).split("/"), `${doc.kind}.js`);
	try {
		return (await import(pathToFileURL(path)))[doc.kind];
	} catch {
		return null;
	}
}

// The properties a compiled schema knows: its validator tests each one.
const known = new Map();
function properties(schema) {
	if (!known.has(schema)) {
		const dir = schema.startsWith("IoK8sApimachinery")
			? join(modules, "@kubernetes-models", "apimachinery", "_schemas")
			: join(models, "_schemas");
		const text = readFileSync(join(dir, `${schema}.js`), "utf8");
		known.set(schema, new Set([...text.matchAll(/void 0!==data\.([A-Za-z0-9_]+)/g)].map((m) => m[1])));
	}
	return known.get(schema);
}

// Where each part of a Job sits in the schemas; the fields we write.
const parts = {
	IoK8sApiBatchV1Job: { metadata: "IoK8sApimachineryPkgApisMetaV1ObjectMeta", spec: "IoK8sApiBatchV1JobSpec" },
	IoK8sApiBatchV1JobSpec: { template: "IoK8sApiCoreV1PodTemplateSpec" },
	IoK8sApiCoreV1PodTemplateSpec: { metadata: "IoK8sApimachineryPkgApisMetaV1ObjectMeta", spec: "IoK8sApiCoreV1PodSpec" },
	IoK8sApiCoreV1PodSpec: { containers: "IoK8sApiCoreV1Container", volumes: "IoK8sApiCoreV1Volume" },
	IoK8sApiCoreV1Container: { resources: "IoK8sApiCoreV1ResourceRequirements", volumeMounts: "IoK8sApiCoreV1VolumeMount" },
	IoK8sApiCoreV1Volume: { persistentVolumeClaim: "IoK8sApiCoreV1PersistentVolumeClaimVolumeSource" },
};

function unknownFields(schema, value, path, out) {
	if (Array.isArray(value)) {
		value.forEach((v, i) => unknownFields(schema, v, `${path}/${i}`, out));
		return out;
	}
	for (const [key, v] of Object.entries(value)) {
		if (!properties(schema).has(key)) out.push(`${path}/${key}`);
		else if (parts[schema]?.[key]) unknownFields(parts[schema][key], v, `${path}/${key}`, out);
	}
	return out;
}

async function validate() {
	let bad = 0;
	for (const doc of docs) {
		const what = `${doc.apiVersion} ${doc.kind} ${doc.metadata?.name}`;
		const Model = await model(doc);
		if (!Model) {
			console.log(`unknown: ${what}: kubernetes-models ${version} has no such apiVersion and kind`);
			bad++;
			continue;
		}
		try {
			new Model(doc).validate();
			const unknown = doc.apiVersion === "batch/v1" && doc.kind === "Job"
				? unknownFields("IoK8sApiBatchV1Job", doc, "data", []) : [];
			if (unknown.length) throw new Error(`unknown field ${unknown.join(", unknown field ")}`);
			console.log(`valid: ${what} (kubernetes-models ${version})`);
		} catch (e) {
			console.log(`invalid: ${what}: ${e.message}`);
			bad++;
		}
	}
	return bad ? 1 : 0;
}

function expand(arg, env) {
	return arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) =>
		m === "$$" ? "$" : name in env ? env[name] : m);
}

function run() {
	for (const doc of docs) {
		const spec = doc.spec;
		const indexed = spec.completionMode === "Indexed";
		for (let i = 0; i < (indexed ? spec.completions : 1); i++) {
			for (const c of spec.template.spec.containers) {
				const env = indexed ? { JOB_COMPLETION_INDEX: String(i) } : {};
				const argv = c.command.map((a) => expand(a, env));
				const r = spawnSync(argv[0], argv.slice(1), {
					cwd: c.workingDir,
					env: { ...process.env, ...env },
					stdio: "inherit",
				});
				if (r.status !== 0) {
					console.error(`${doc.metadata.name}${indexed ? ` index ${i}` : ""}: exit status ${r.status}`);
					return 1;
				}
			}
		}
	}
	return 0;
}

process.exitCode = mode === "validate" ? await validate() : mode === "run" ? run() : 2;

// Validates every object of rendered Kubernetes manifests (a multi-document YAML file, e.g. the output of
// `kubectl kustomize`) against the Kubernetes schemas of the kubernetes-models package, offline.
// usage: node validate-manifests.mjs rendered.yaml   → one line per object; exit 0 if every object is valid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-manifests.mjs rendered.yaml");
  process.exit(2);
}

const objects = parseAllDocuments(readFileSync(file, "utf8")).map((document) => document.toJS()).filter(Boolean);
let valid = 0;
let invalid = 0;
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name ?? "?"}`;
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  // Core objects live under "v1"; the others under their group (kubernetes-models' own layout).
  const path = group === "" ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
  try {
    const module = await import(path);
    const Model = module[object.kind] ?? module.default;
    new Model(object).validate();
    valid++;
    console.log(`valid   ${name} (${object.apiVersion})`);
  } catch (error) {
    invalid++;
    const reason = error?.code === "ERR_MODULE_NOT_FOUND" ? `no schema for ${object.apiVersion} ${object.kind}` : error.message;
    console.log(`INVALID ${name} (${object.apiVersion}): ${reason}`);
  }
}

console.log(`manifests: ${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 && valid > 0 ? 0 : 1);

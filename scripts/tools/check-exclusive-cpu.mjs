// Checks that a Deployment of rendered Kubernetes manifests gets whole CPUs of its own: every container requests what
// it is limited to, CPU and memory (Guaranteed QoS), and its CPU is a whole number of cores, which the kubelet's
// static CPU manager then gives it exclusively.
// usage: node check-exclusive-cpu.mjs rendered.yaml deployment-name   → one line; exit 0 if it does.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const [file, name] = process.argv.slice(2);
if (!file || !name) {
  console.error("usage: node check-exclusive-cpu.mjs rendered.yaml deployment-name");
  process.exit(2);
}

const deployment = parseAllDocuments(readFileSync(file, "utf8"))
  .map((document) => document.toJS())
  .find((object) => object?.kind === "Deployment" && object.metadata?.name === name);
if (!deployment) {
  console.log(`no Deployment ${name}`);
  process.exit(1);
}

const problems = [];
for (const container of deployment.spec.template.spec.containers) {
  const { requests = {}, limits = {} } = container.resources ?? {};
  for (const resource of ["cpu", "memory"]) {
    if (requests[resource] === undefined || String(requests[resource]) !== String(limits[resource])) {
      problems.push(`${container.name} requests ${resource} ${requests[resource] ?? "none"}, limited to ${limits[resource] ?? "none"}`);
    }
  }
  if (!/^[1-9][0-9]*$/.test(String(requests.cpu ?? ""))) {
    problems.push(`${container.name} requests ${requests.cpu ?? "no"} CPU, not whole cores`);
  }
}

console.log(problems.length === 0 ? `${name}: Guaranteed, whole cores` : `${name}: ${problems.join("; ")}`);
process.exit(problems.length === 0 ? 0 : 1);

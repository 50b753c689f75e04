#!/usr/bin/env bash
# Offline checks of deploy/k8s (no cluster needed):
#  1. every manifest parses (python3 + PyYAML) and is consistent: apiVersion/kind/metadata.name,
#     workload selectors match their pod template labels, Service selectors match a workload and
#     their targetPorts exist on its containers, probes use declared ports, the StatefulSet's
#     serviceName is the headless (clusterIP: None, publishNotReadyAddresses) Hazelcast Service,
#     TICKER_CLUSTER_KUBERNETES_SERVICE and TICKER_FEED_URL name existing Services, PDB selector,
#     Prometheus annotations, probes and resources on every container, kustomization lists every file;
#  2. `kubectl kustomize` builds the set (when kubectl is installed) and check 1 runs on its output;
#  3. JSON-schema validation of every object against the Kubernetes 1.27 OpenAPI types, required
#     fields and enums (npm package kubernetes-models, installed once into a cache directory;
#     skipped when node/npm are missing or SKIP_SCHEMA=1). Unknown (misspelt) fields are NOT
#     caught by it: its schemas allow extra properties.
# Not checked: anything needing a real API server (admission, defaults, quotas, RBAC), image pulls.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S="$DIR/k8s"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/check.py" <<'PY'
import json, os, re, sys
import yaml

def load(paths):
    docs = []
    for p in paths:
        with open(p) as f:
            for d in yaml.safe_load_all(f):
                if d is not None:
                    docs.append((os.path.basename(p), d))
    return docs

errors = []
def err(where, msg):
    errors.append(f"{where}: {msg}")

def subset(sel, labels):
    return bool(sel) and all(labels.get(k) == v for k, v in sel.items())

def main(paths, kustomization=None, dump=None):
    docs = load(paths)
    objs = []
    for src, d in docs:
        where = f"{src} {d.get('kind', '?')}/{(d.get('metadata') or {}).get('name', '?')}"
        for field in ("apiVersion", "kind"):
            if not d.get(field):
                err(where, f"missing {field}")
        if not (d.get("metadata") or {}).get("name"):
            err(where, "missing metadata.name")
        objs.append((where, d))
    workloads = [(w, d) for w, d in objs if d.get("kind") in ("Deployment", "StatefulSet")]
    services = {d["metadata"]["name"]: (w, d) for w, d in objs if d.get("kind") == "Service"}

    def ports_of(d):
        out = {}
        for c in d["spec"]["template"]["spec"].get("containers", []):
            for p in c.get("ports", []):
                out[p.get("name")] = p["containerPort"]
                out[p["containerPort"]] = p["containerPort"]
        return out

    for w, d in workloads:
        spec = d.get("spec", {})
        sel = (spec.get("selector") or {}).get("matchLabels") or {}
        tlabels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        if not subset(sel, tlabels):
            err(w, f"selector {sel} does not match template labels {tlabels}")
        pod = spec["template"]["spec"]
        if "terminationGracePeriodSeconds" not in pod:
            err(w, "no terminationGracePeriodSeconds")
        ports = ports_of(d)
        for c in pod.get("containers", []):
            cw = f"{w} container {c.get('name')}"
            if not c.get("image"):
                err(cw, "no image")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                pr = c.get(probe)
                if not pr:
                    err(cw, f"no {probe}")
                    continue
                act = pr.get("httpGet") or pr.get("tcpSocket")
                if act and act.get("port") not in ports:
                    err(cw, f"{probe} port {act.get('port')!r} is not a container port")
            res = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    if r not in (res.get(kind) or {}):
                        err(cw, f"no resources.{kind}.{r}")
            env = {e["name"]: e for e in c.get("env", [])}
            ks = env.get("TICKER_CLUSTER_KUBERNETES_SERVICE")
            if ks:
                svc = ks.get("value", "").split(".")[0]
                if svc not in services:
                    err(cw, f"TICKER_CLUSTER_KUBERNETES_SERVICE names no Service ({svc})")
                elif services[svc][1]["spec"].get("clusterIP") != "None":
                    err(cw, f"Service {svc} used for discovery is not headless")
                if (env.get("TICKER_CLUSTER_HOST", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")) != "status.podIP":
                    err(cw, "TICKER_CLUSTER_HOST is not the pod IP")
                if env.get("TICKER_CLUSTER", {}).get("value") != "true":
                    err(cw, "TICKER_CLUSTER is not \"true\"")
            fu = env.get("TICKER_FEED_URL")
            if fu:
                m = re.match(r"wss?://([^:/]+):(\d+)/", fu.get("value", ""))
                if not m or m.group(1) not in services or int(m.group(2)) not in [p["port"] for p in services[m.group(1)][1]["spec"]["ports"]]:
                    err(cw, f"TICKER_FEED_URL {fu.get('value')} does not name a Service port")
        ann = ((spec["template"].get("metadata") or {}).get("annotations")) or {}
        if ann.get("prometheus.io/scrape") == "true":
            if int(ann.get("prometheus.io/port", 0)) not in ports:
                err(w, "prometheus.io/port is not a container port")
            if not ann.get("prometheus.io/path"):
                err(w, "no prometheus.io/path")
        if d["kind"] == "StatefulSet":
            sn = spec.get("serviceName")
            s = services.get(sn)
            if not s:
                err(w, f"serviceName {sn} names no Service")
            elif s[1]["spec"].get("clusterIP") != "None" or not s[1]["spec"].get("publishNotReadyAddresses"):
                err(w, f"serviceName {sn} is not headless with publishNotReadyAddresses")

    for name, (w, d) in services.items():
        sel = d["spec"].get("selector") or {}
        matched = [wd for ww, wd in workloads if subset(sel, wd["spec"]["template"]["metadata"].get("labels", {}))]
        if not matched:
            err(w, f"selector {sel} matches no workload")
        for p in d["spec"].get("ports", []):
            tp = p.get("targetPort", p.get("port"))
            for wd in matched:
                if tp not in ports_of(wd):
                    err(w, f"targetPort {tp!r} is not a port of {wd['metadata']['name']}")

    for w, d in objs:
        if d.get("kind") == "PodDisruptionBudget":
            sel = d["spec"].get("selector", {}).get("matchLabels", {})
            if not any(subset(sel, wd["spec"]["template"]["metadata"].get("labels", {})) for _, wd in workloads):
                err(w, "PDB selector matches no workload")

    if kustomization:
        with open(kustomization) as f:
            k = yaml.safe_load(f)
        listed = set(k.get("resources", []))
        here = {os.path.basename(p) for p in paths}
        for r in listed - here:
            err("kustomization.yaml", f"lists missing file {r}")
        for r in here - listed:
            err("kustomization.yaml", f"does not list {r}")

    if dump:
        with open(dump, "w") as f:
            json.dump([d for _, d in objs], f)
    for e in errors:
        print("  ERROR " + e)
    print(f"  {len(objs)} objects, {len(errors)} error(s)")
    return 1 if errors else 0

args = sys.argv[1:]
kust = dump = None
if args and args[0].startswith("--kustomization="):
    kust = args.pop(0).split("=", 1)[1]
if args and args[0].startswith("--dump="):
    dump = args.pop(0).split("=", 1)[1]
sys.exit(main(args, kust, dump))
PY

rc=0
files=()
for f in "$K8S"/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || files+=("$f")
done
echo "1. parse + consistency of ${#files[@]} manifest files"
python3 "$WORK/check.py" --kustomization="$K8S/kustomization.yaml" "${files[@]}" || rc=1

if command -v kubectl >/dev/null; then
  echo "2. kubectl kustomize $K8S"
  if kubectl kustomize "$K8S" > "$WORK/all.yaml"; then
    python3 "$WORK/check.py" --dump="$WORK/all.json" "$WORK/all.yaml" || rc=1
  else
    echo "  ERROR kubectl kustomize failed"; rc=1
  fi
else
  echo "2. SKIPPED: kubectl not installed"
  python3 "$WORK/check.py" --dump="$WORK/all.json" "${files[@]}" >/dev/null || true
fi

if [ "${SKIP_SCHEMA:-0}" = 1 ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "3. SKIPPED: schema validation (needs node + npm, or SKIP_SCHEMA=1 was set)"
else
  CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/ticker-k8s-validate"
  if [ ! -d "$CACHE/node_modules/kubernetes-models" ]; then
    mkdir -p "$CACHE"
    (cd "$CACHE" && npm install --silent --no-audit --no-fund --prefix "$CACHE" kubernetes-models@5.1.0 >/dev/null)
  fi
  echo "3. schema validation (kubernetes-models 5.1.0 = Kubernetes 1.27 OpenAPI)"
  cat > "$CACHE/validate.mjs" <<'JS'
import { readFileSync } from "node:fs";
const objs = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const o of objs) {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const name = `${o.kind}/${o.metadata.name}`;
  try {
    const mod = await import(path);
    new mod[o.kind](o).validate();
    console.log(`  ok ${o.apiVersion} ${name}`);
  } catch (e) {
    failed++;
    console.log(`  ERROR ${o.apiVersion} ${name}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
JS
  node "$CACHE/validate.mjs" "$WORK/all.json" || rc=1
fi
[ $rc -eq 0 ] && echo "all checks passed" || echo "validation FAILED"
exit $rc

#!/usr/bin/env bash
# Offline checks of deploy/k8s (no cluster needed):
#  1. every manifest (deploy/k8s/*.yaml and the placeholder Secrets in deploy/k8s/secrets/) parses
#     (python3 + PyYAML) and is consistent: apiVersion/kind/metadata.name,
#     workload selectors match their pod template labels, Service selectors match a workload and
#     their targetPorts exist on its containers, probes use declared ports, the StatefulSet's
#     serviceName is the headless (clusterIP: None, publishNotReadyAddresses) Hazelcast Service,
#     TICKER_CLUSTER_KUBERNETES_SERVICE and TICKER_FEED_URL name existing Services, PDB selector,
#     Prometheus annotations, probes and resources on every container, each kustomization lists
#     every file of its directory;
#     security (see "Access control" / "Transport security and exposure" in the spec):
#     - the ticker-service container runs with --auth jwt and one JWT key file, TLS cert+key,
#       a management port on 0.0.0.0 that the probes and Prometheus use, and, when clustered,
#       event-bus mutual TLS (cert, key, CA) and a fixed event-bus port; its env ports are
#       container ports; no Service other than the headless one reaches cluster or management
#       ports;
#     - NetworkPolicies: each selects pods of a workload (or all), names only ports that exist
#       on every container it selects, and peers that exist; every workload is isolated and each
#       of its ports is opened to someone; cluster ports (Hazelcast, event bus) are open only to
#       the workload's own pods; the management port is not open to everyone;
#     - Secrets: every secret volume names a Secret defined in the set (same namespace) and every
#       key it lists; secret mounts are readOnly and never subPath (rotation would not arrive);
#       every volume is mounted; every *_FILE env path lies under a mount, and under a secret
#       mount it names a key of that Secret; kubernetes.io/tls Secrets have tls.crt and tls.key;
#       Secrets appear only in the placeholder set, never in the applied kustomization (an apply
#       would overwrite real keys); placeholder values are all marked REPLACE-ME; no file holds a
#       PEM private key;
#  2. `kubectl kustomize` builds both sets (when kubectl is installed) and check 1 runs on their
#     output;
#  3. JSON-schema validation of every object against the Kubernetes 1.27 OpenAPI types, required
#     fields and enums (npm package kubernetes-models, installed once into a cache directory;
#     skipped when node/npm are missing or SKIP_SCHEMA=1). Unknown (misspelt) fields are NOT
#     caught by it: its schemas allow extra properties.
# Not checked: anything needing a real API server (admission, defaults, quotas, RBAC), image pulls,
# whether the CNI enforces NetworkPolicy, the content of real Secrets.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S="$DIR/k8s"
SECRETS="$K8S/secrets"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/check.py" <<'PY'
import base64, json, os, re, sys
import yaml

def load(paths):
    docs = []
    for p in paths:
        with open(p) as f:
            text = f.read()
        for d in yaml.safe_load_all(text):
            if d is not None:
                docs.append((p, d))
    return docs

errors = []
def err(where, msg):
    errors.append(f"{where}: {msg}")

def subset(sel, labels):
    return bool(sel) and all(labels.get(k) == v for k, v in sel.items())

PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
PLACEHOLDER = "REPLACE-ME"
CLUSTER_PORT_ENV = ("TICKER_CLUSTER_PORT", "TICKER_CLUSTER_BUS_PORT")

def main(paths, kustomizations, placeholders, dump=None):
    placeholders = {os.path.abspath(p) for p in placeholders}
    for p in paths:
        with open(p) as f:
            if PRIVATE_KEY.search(f.read()):
                err(os.path.basename(p), "holds a PEM private key: never commit key material")
    docs = load(paths)
    objs = []
    for src, d in docs:
        where = f"{os.path.basename(src)} {d.get('kind', '?')}/{(d.get('metadata') or {}).get('name', '?')}"
        for field in ("apiVersion", "kind"):
            if not d.get(field):
                err(where, f"missing {field}")
        if not (d.get("metadata") or {}).get("name"):
            err(where, "missing metadata.name")
        objs.append((where, d, os.path.abspath(src)))
    workloads = [(w, d) for w, d, _ in objs if d.get("kind") in ("Deployment", "StatefulSet")]
    services = {d["metadata"]["name"]: (w, d) for w, d, _ in objs if d.get("kind") == "Service"}
    secrets = {d["metadata"]["name"]: (w, d) for w, d, _ in objs if d.get("kind") == "Secret"}
    policies = [(w, d) for w, d, _ in objs if d.get("kind") == "NetworkPolicy"]

    def ns(d):
        return (d.get("metadata") or {}).get("namespace")

    def same_ns(a, b):   # unset = the kustomization's namespace, assigned in step 2
        return ns(a) is None or ns(b) is None or ns(a) == ns(b)

    def ports_of(d):
        out = {}
        for c in d["spec"]["template"]["spec"].get("containers", []):
            for p in c.get("ports", []):
                out[p.get("name")] = p["containerPort"]
                out[p["containerPort"]] = p["containerPort"]
        return out

    def labels_of(d):
        return d["spec"]["template"]["metadata"].get("labels", {})

    def env_of(c):
        return {e["name"]: e for e in c.get("env", [])}

    def int_env(env, name):
        v = env.get(name, {}).get("value")
        return int(v) if v is not None and str(v).isdigit() else None

    # --- Secrets: only placeholders, clearly fake, with the keys their type requires.
    def secret_keys(d):
        keys = {}
        for k, v in (d.get("stringData") or {}).items():
            keys[k] = str(v)
        for k, v in (d.get("data") or {}).items():
            try:
                keys[k] = base64.b64decode(v).decode("utf-8", "replace")
            except Exception:
                err(f"Secret/{d['metadata']['name']}", f"data.{k} is not base64")
                keys[k] = ""
        return keys

    for w, d, src in objs:
        if d.get("kind") != "Secret":
            continue
        keys = secret_keys(d)
        if src not in placeholders:
            err(w, "Secret in the applied set: an apply would overwrite the real keys (keep it in k8s/secrets/)")
        for k, v in keys.items():
            if PRIVATE_KEY.search(v):
                err(w, f"key {k} holds a PEM private key: never commit key material")
            if src in placeholders and PLACEHOLDER not in v:
                err(w, f"key {k} is not marked {PLACEHOLDER}: placeholders must be obviously fake")
        if d.get("type") == "kubernetes.io/tls":
            for k in ("tls.crt", "tls.key"):
                if k not in keys:
                    err(w, f"kubernetes.io/tls Secret without {k}")

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
        ann = ((spec["template"].get("metadata") or {}).get("annotations")) or {}
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        mounted = set()
        for v in volumes.values():
            sv = v.get("secret")
            if sv is None:
                continue
            s = secrets.get(sv.get("secretName"))
            if not s:
                err(w, f"volume {v['name']} names Secret {sv.get('secretName')!r}, which the set does not define")
            else:
                if not same_ns(s[1], d):
                    err(w, f"volume {v['name']}: Secret {sv.get('secretName')} is in another namespace")
                keys = secret_keys(s[1])
                for item in sv.get("items", []):
                    if item.get("key") not in keys:
                        err(w, f"volume {v['name']} lists key {item.get('key')!r}, not in Secret {sv.get('secretName')}")
        for c in pod.get("containers", []):
            cw = f"{w} container {c.get('name')}"
            if not c.get("image"):
                err(cw, "no image")
            env = env_of(c)
            mgmt = int_env(env, "TICKER_MANAGEMENT_PORT")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                pr = c.get(probe)
                if not pr:
                    err(cw, f"no {probe}")
                    continue
                act = pr.get("httpGet") or pr.get("tcpSocket")
                if act and act.get("port") not in ports:
                    err(cw, f"{probe} port {act.get('port')!r} is not a container port")
                elif mgmt and pr.get("httpGet") and ports.get(act.get("port")) != mgmt:
                    err(cw, f"{probe} is not on the management port {mgmt} (/health/* moved there)")
            res = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    if r not in (res.get(kind) or {}):
                        err(cw, f"no resources.{kind}.{r}")

            # Mounts: secrets read-only, whole directories; *_FILE paths under a mount.
            mounts = []
            for m in c.get("volumeMounts", []):
                mounted.add(m.get("name"))
                v = volumes.get(m.get("name"))
                if not v:
                    err(cw, f"mounts volume {m.get('name')!r}, which the pod does not define")
                    continue
                if "secret" in v:
                    if not m.get("readOnly"):
                        err(cw, f"secret volume {m['name']} is not mounted readOnly")
                    if m.get("subPath") or m.get("subPathExpr"):
                        err(cw, f"secret volume {m['name']} mounted with subPath: rotated Secrets would never arrive")
                mounts.append((m["mountPath"].rstrip("/"), v))
            for name, e in env.items():
                if not name.endswith("_FILE") or "value" not in e:
                    continue
                path = e["value"]
                under = [(mp, v) for mp, v in mounts if path.startswith(mp + "/")]
                if not under:
                    err(cw, f"{name}={path} lies under no volume mount")
                    continue
                mp, v = max(under, key=lambda t: len(t[0]))
                sv = v.get("secret")
                if sv and sv.get("secretName") in secrets:
                    rel = path[len(mp) + 1:]
                    items = sv.get("items")
                    files = {i.get("path") for i in items} if items else set(secret_keys(secrets[sv["secretName"]][1]))
                    if rel not in files:
                        err(cw, f"{name}={path}: Secret {sv['secretName']} has no key {rel!r} (has {sorted(files)})")

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

            # Security posture of the ticker-service container (the one with TICKER_HTTP_PORT).
            if "TICKER_HTTP_PORT" in env:
                def val(n):
                    return env.get(n, {}).get("value")
                if val("TICKER_AUTH") != "jwt":
                    err(cw, "TICKER_AUTH is not jwt: data would be served to anyone")
                jwt_keys = [n for n in ("TICKER_JWT_SECRET_FILE", "TICKER_JWT_PUBLIC_KEY_FILE") if n in env]
                if len(jwt_keys) != 1:
                    err(cw, f"needs exactly one of TICKER_JWT_SECRET_FILE / TICKER_JWT_PUBLIC_KEY_FILE (has {jwt_keys})")
                for n in ("TICKER_TLS_CERT_FILE", "TICKER_TLS_KEY_FILE"):
                    if n not in env:
                        err(cw, f"no {n}: the public port would be plain HTTP/WS")
                for n in ("TICKER_HTTP_PORT", "TICKER_MANAGEMENT_PORT") + CLUSTER_PORT_ENV:
                    if n in env and int_env(env, n) not in ports:
                        err(cw, f"{n}={val(n)} is not a container port")
                if mgmt is None:
                    err(cw, "no TICKER_MANAGEMENT_PORT: /metrics and /health/* would be on the public port")
                else:
                    if val("TICKER_MANAGEMENT_HOST") != "0.0.0.0":
                        err(cw, "TICKER_MANAGEMENT_HOST is not 0.0.0.0: kubelet probes and Prometheus could not reach it")
                    if ann.get("prometheus.io/scrape") == "true" and str(ann.get("prometheus.io/port")) != str(mgmt):
                        err(w, f"prometheus.io/port is not the management port {mgmt}")
                if val("TICKER_CLUSTER") == "true":
                    for n in ("TICKER_CLUSTER_TLS_CERT_FILE", "TICKER_CLUSTER_TLS_KEY_FILE", "TICKER_CLUSTER_TLS_CA_FILE"):
                        if n not in env:
                            err(cw, f"clustered without {n}: the event bus would accept anyone who joins Hazelcast")
                    if "TICKER_CLUSTER_BUS_PORT" not in env:
                        err(cw, "clustered without TICKER_CLUSTER_BUS_PORT: a random port no NetworkPolicy can name")
                    for sname, (sw, sd) in services.items():
                        if sd["spec"].get("clusterIP") == "None":
                            continue
                        if not subset(sd["spec"].get("selector") or {}, labels_of(d)):
                            continue
                        for p in sd["spec"].get("ports", []):
                            tp = ports.get(p.get("targetPort", p.get("port")))
                            if tp is not None and tp in [mgmt] + [int_env(env, n) for n in CLUSTER_PORT_ENV]:
                                err(sw, f"exposes internal port {tp} (management or cluster)")
        for v in volumes:
            if v not in mounted:
                err(w, f"volume {v} is mounted by no container")
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
        matched = [wd for ww, wd in workloads if subset(sel, labels_of(wd))]
        if not matched:
            err(w, f"selector {sel} matches no workload")
        for p in d["spec"].get("ports", []):
            tp = p.get("targetPort", p.get("port"))
            for wd in matched:
                if tp not in ports_of(wd):
                    err(w, f"targetPort {tp!r} is not a port of {wd['metadata']['name']}")

    for w, d, _ in objs:
        if d.get("kind") == "PodDisruptionBudget":
            sel = d["spec"].get("selector", {}).get("matchLabels", {})
            if not any(subset(sel, labels_of(wd)) for _, wd in workloads):
                err(w, "PDB selector matches no workload")

    # --- NetworkPolicies (ingress; matchLabels only, which is all this set uses).
    def selects(sel, labels):
        if sel.get("matchExpressions"):
            return None
        ml = sel.get("matchLabels") or {}
        return all(labels.get(k) == v for k, v in ml.items())

    def isolates_ingress(pd):
        types = pd["spec"].get("policyTypes")
        return "Ingress" in types if types else True

    for w, d in policies:
        spec = d.get("spec") or {}
        psel = spec.get("podSelector")
        if psel is None:
            err(w, "no podSelector")
            continue
        if psel.get("matchExpressions"):
            err(w, "podSelector uses matchExpressions, which this check cannot follow: use matchLabels")
            continue
        chosen = [wd for _, wd in workloads if selects(psel, labels_of(wd)) and same_ns(wd, d)]
        if psel.get("matchLabels") and not chosen:
            err(w, f"podSelector {psel['matchLabels']} selects no workload")
        for i, rule in enumerate(spec.get("ingress") or []):
            for p in rule.get("ports") or []:
                for wd in chosen:
                    if "port" in p and p["port"] not in ports_of(wd):
                        err(w, f"ingress[{i}] port {p['port']!r} is not a container port of {wd['metadata']['name']}")
            for peer in rule.get("from") or []:
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    ps = peer["podSelector"]
                    if ps.get("matchExpressions"):
                        err(w, f"ingress[{i}] peer uses matchExpressions: use matchLabels")
                    elif ps.get("matchLabels") and not any(selects(ps, labels_of(wd)) for _, wd in workloads):
                        err(w, f"ingress[{i}] peer {ps['matchLabels']} selects no pod of the set")

    def admits(rule, wd, port):
        rp = rule.get("ports")
        if not rp:
            return True
        return any(ports_of(wd).get(p.get("port")) == port and p.get("protocol", "TCP") == "TCP" for p in rp)

    for w, d in workloads:
        mine = [(pw, pd) for pw, pd in policies
                if (pd["spec"].get("podSelector") is not None and same_ns(pd, d)
                    and selects(pd["spec"]["podSelector"], labels_of(d)))]
        if not any(isolates_ingress(pd) for _, pd in mine):
            err(w, "no NetworkPolicy isolates its ingress: every port is open to every pod")
            continue
        rules = [(pw, i, r) for pw, pd in mine for i, r in enumerate(pd["spec"].get("ingress") or [])]
        for port in sorted({v for v in ports_of(d).values()}):
            if not any(admits(r, d, port) for _, _, r in rules):
                err(w, f"port {port} is opened by no NetworkPolicy: nothing can reach it")
        cluster_ports, mgmt_ports = set(), set()
        for c in d["spec"]["template"]["spec"].get("containers", []):
            env = env_of(c)
            if env.get("TICKER_CLUSTER", {}).get("value") == "true":
                cluster_ports |= {int_env(env, n) for n in CLUSTER_PORT_ENV if int_env(env, n)}
            if int_env(env, "TICKER_MANAGEMENT_PORT"):
                mgmt_ports.add(int_env(env, "TICKER_MANAGEMENT_PORT"))
        for pw, i, r in rules:
            peers = r.get("from") or []
            for port in cluster_ports:
                if not admits(r, d, port):
                    continue
                if not peers:
                    err(pw, f"ingress[{i}] opens cluster port {port} of {d['metadata']['name']} to any source")
                for peer in peers:
                    self_only = (set(peer) == {"podSelector"} and peer["podSelector"].get("matchLabels")
                                 and selects(peer["podSelector"], labels_of(d)))
                    if not self_only:
                        err(pw, f"ingress[{i}] opens cluster port {port} of {d['metadata']['name']} to a peer other than its own pods: {peer}")
            for port in mgmt_ports:
                if admits(r, d, port) and not peers:
                    err(pw, f"ingress[{i}] opens management port {port} of {d['metadata']['name']} to any source")

    for k in kustomizations:
        with open(k) as f:
            kd = yaml.safe_load(f)
        kdir = os.path.dirname(os.path.abspath(k))
        kname = os.path.relpath(k, os.path.dirname(kdir))
        listed = set(kd.get("resources", []))
        here = {os.path.basename(p) for p in paths if os.path.dirname(os.path.abspath(p)) == kdir}
        for r in listed - here:
            err(kname, f"lists {r}, which is not a manifest file of its directory")
        for r in here - listed:
            err(kname, f"does not list {r}")

    if dump:
        with open(dump, "w") as f:
            json.dump([d for _, d, _ in objs], f)
    for e in errors:
        print("  ERROR " + e)
    kinds = {}
    for _, d, _ in objs:
        kinds[d.get("kind")] = kinds.get(d.get("kind"), 0) + 1
    print(f"  {len(objs)} objects ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), {len(errors)} error(s)")
    return 1 if errors else 0

args = sys.argv[1:]
kust, placeholders, dump = [], [], None
while args and args[0].startswith("--"):
    opt, _, value = args.pop(0).partition("=")
    if opt == "--kustomization":
        kust.append(value)
    elif opt == "--placeholders":
        placeholders.append(value)
    elif opt == "--dump":
        dump = value
    else:
        sys.exit(f"unknown option {opt}")
sys.exit(main(args, kust, placeholders, dump))
PY

rc=0
files=()
placeholder_files=()
for f in "$K8S"/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || files+=("$f")
done
for f in "$SECRETS"/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || { files+=("$f"); placeholder_files+=("--placeholders=$f"); }
done
echo "1. parse + consistency + security of ${#files[@]} manifest files (placeholder Secrets: ${#placeholder_files[@]} file(s))"
python3 "$WORK/check.py" --kustomization="$K8S/kustomization.yaml" --kustomization="$SECRETS/kustomization.yaml" \
  "${placeholder_files[@]}" "${files[@]}" || rc=1

if command -v kubectl >/dev/null; then
  echo "2. kubectl kustomize $K8S (applied set) and $SECRETS (placeholders)"
  if kubectl kustomize "$K8S" > "$WORK/all.yaml" && kubectl kustomize "$SECRETS" > "$WORK/secrets.yaml"; then
    python3 "$WORK/check.py" --placeholders="$WORK/secrets.yaml" --dump="$WORK/all.json" "$WORK/all.yaml" "$WORK/secrets.yaml" || rc=1
  else
    echo "  ERROR kubectl kustomize failed"; rc=1
  fi
else
  echo "2. SKIPPED: kubectl not installed"
  python3 "$WORK/check.py" "${placeholder_files[@]}" --dump="$WORK/all.json" "${files[@]}" >/dev/null || true
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

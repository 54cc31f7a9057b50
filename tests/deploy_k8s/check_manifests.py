#!/usr/bin/env python3
"""Offline checks of deploy/k8s (no cluster): render both overlays with kustomize and check them.

    check_manifests.py ROOT validate     every rendered object passes kubeconform -strict against
                                         local schemas only (built-in kinds, Strimzi, CNPG); an
                                         object without a schema is an error, never skipped
    check_manifests.py ROOT rejects      the same check fails on copies with a typo in a field
                                         name (Deployment, Kafka, KafkaTopic, CNPG Cluster) and on
                                         a kind that has no schema
    check_manifests.py ROOT invariants   the shape of the renders: relay replicas, autoscalers,
                                         disruption budgets, probes, security context, references
                                         to ConfigMap keys and Secrets, network policies, topics,
                                         the gateways' Redis (reached by the gateway only, named
                                         by its SHOP_GATEWAY_REDIS_URL)

Tools come from deploy/local/install-deps: .local/bin/kustomize, .local/bin/kubeconform and
.local/k8s-schemas (tests/deploy_k8s/build-schemas). A missing tool fails the test with the
command that installs it. Needs python3 with PyYAML.
"""
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

OVERLAYS = ("dev", "prod")


class Failure(Exception):
    pass


def tools(root):
    local = pathlib.Path(os.environ.get("SHOP_LOCAL_DIR", root / ".local"))
    found = {"kustomize": local / "bin" / "kustomize", "kubeconform": local / "bin" / "kubeconform",
             "schemas": local / "k8s-schemas"}
    missing = [str(p) for p in found.values() if not p.exists()]
    if not (found["schemas"] / ".stamp").exists():
        missing.append(str(found["schemas"] / ".stamp"))
    if missing:
        raise Failure("missing " + ", ".join(missing) + ": run deploy/local/install-deps")
    return found


def render(root, t, overlay):
    result = subprocess.run([str(t["kustomize"]), "build", str(root / "deploy/k8s/overlays" / overlay)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"kustomize build overlays/{overlay} failed:\n{result.stderr}")
    return result.stdout


def kubeconform(t, *paths):
    """(ok, output) of a strict check with local schemas only."""
    schemas = t["schemas"]
    cmd = [str(t["kubeconform"]), "-strict", "-summary", "-output", "text",
           "-schema-location", f"{schemas}/kubernetes/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
           "-schema-location", f"{schemas}/crds/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
           *(str(p) for p in paths)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    output = result.stdout + result.stderr
    return result.returncode == 0, output


def summary_counts(output):
    match = re.search(r"Summary: (\d+) resources? found.*Valid: (\d+), Invalid: (\d+), "
                      r"Errors: (\d+), Skipped: (\d+)", output)
    if not match:
        raise Failure("kubeconform printed no summary:\n" + output)
    return tuple(int(g) for g in match.groups())


def validate(root, t, workdir):
    for overlay in OVERLAYS:
        text = render(root, t, overlay)
        count = sum(1 for d in yaml.safe_load_all(text) if d)
        path = workdir / f"{overlay}.yaml"
        path.write_text(text)
        ok, output = kubeconform(t, path)
        found, valid, invalid, errors, skipped = summary_counts(output)
        if not ok or invalid or errors or skipped or valid != count or found != count:
            raise Failure(f"overlays/{overlay}: {count} objects rendered, kubeconform:\n{output}")
        print(f"overlays/{overlay}: {valid}/{count} objects valid (strict, local schemas)")


def first(docs, kind, name=None):
    for doc in docs:
        if doc["kind"] == kind and (name is None or doc["metadata"]["name"] == name):
            return doc
    raise Failure(f"no {kind} {name or ''} in the render")


def rename(mapping, old, new):
    if old not in mapping:
        raise Failure(f"cannot mutate: no field {old} in {sorted(mapping)}")
    mapping[new] = mapping.pop(old)
    return new


# Each mutation changes docs in place and returns (the object the complaint must name, text the
# complaint must contain: the misspelt field, so the rejection is the typo's and nothing else's).
def typo_deployment(docs):
    d = first(docs, "Deployment", "order")
    field = rename(d["spec"]["template"]["spec"]["containers"][0], "readinessProbe", "readinesProbe")
    return "Deployment order", field


def typo_deployment_security(docs):
    d = first(docs, "Deployment", "outbox-relay")
    field = rename(d["spec"]["template"]["spec"]["containers"][0]["securityContext"],
           "readOnlyRootFilesystem", "readOnlyRootFileSystem")
    return "Deployment outbox-relay", field


def typo_kafka(docs):
    field = rename(first(docs, "Kafka")["spec"]["kafka"], "config", "confg")
    return "Kafka shop-kafka", field


def typo_kafka_listener(docs):
    field = rename(first(docs, "Kafka")["spec"]["kafka"]["listeners"][0], "networkPolicyPeers",
           "networkPolicyPeer")
    return "Kafka shop-kafka", field


def typo_topic(docs):
    field = rename(first(docs, "KafkaTopic", "user.created")["spec"], "partitions", "partitons")
    return "KafkaTopic user.created", field


def typo_node_pool(docs):
    field = rename(first(docs, "KafkaNodePool")["spec"], "resources", "resource")
    return "KafkaNodePool", field


def typo_cluster(docs):
    field = rename(first(docs, "Cluster", "order-db")["spec"], "storage", "storag")
    return "Cluster order-db", field


def typo_cluster_nested(docs):
    field = rename(first(docs, "Cluster", "cart-db")["spec"]["bootstrap"]["initdb"], "owner", "ownr")
    return "Cluster cart-db", field


def typo_root(docs):
    field = rename(first(docs, "KafkaTopic", "order.created"), "spec", "spce")
    return "KafkaTopic order.created", field


def typo_redis(docs):
    field = rename(first(docs, "Deployment", "redis")["spec"]["template"]["spec"]["containers"][0],
                   "livenessProbe", "livenesProbe")
    return "Deployment redis", field


def kind_without_schema(docs):
    docs.append({"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaConnect",
                 "metadata": {"name": "connect"}, "spec": {"replicas": 1}})
    return "KafkaConnect connect", "could not find schema for KafkaConnect"


MUTATIONS = [typo_deployment, typo_deployment_security, typo_kafka, typo_kafka_listener,
             typo_topic, typo_node_pool, typo_cluster, typo_cluster_nested, typo_root,
             typo_redis, kind_without_schema]


def rejects(root, t, workdir):
    """One kubeconform run over the unchanged copy and every mutated copy (the schemas compile
    once): the unchanged one must pass, each mutated one must draw a complaint about its culprit."""
    text = render(root, t, "dev")
    pristine = [d for d in yaml.safe_load_all(text) if d]
    control = workdir / "control.yaml"
    control.write_text(yaml.safe_dump_all(pristine, sort_keys=False))
    culprits = {}
    for mutate in MUTATIONS:
        docs = copy.deepcopy(pristine)
        path = workdir / f"{mutate.__name__}.yaml"
        culprits[path] = (mutate.__name__, *mutate(docs))
        path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    ok, output = kubeconform(t, control, *culprits)
    if ok:
        raise Failure("kubeconform accepted every mutated copy:\n" + output)
    lines = [line for line in output.splitlines() if " - " in line]
    if any(line.startswith(f"{control} - ") for line in lines):
        raise Failure("the unchanged copy does not pass, so a rejection would prove nothing:\n"
                      + output)
    for path, (name, culprit, field) in culprits.items():
        complaints = [line for line in lines
                      if line.startswith(f"{path} - ") and culprit in line and field in line]
        if not complaints:
            raise Failure(f"{name}: kubeconform did not reject the copy (expected a complaint "
                          f"about {culprit} naming {field}):\n{output}")
        print(f"{name}: rejected {culprit}: ...{complaints[0][-90:]}")


def invariants(root, t):
    problems = []
    renders = {}
    for overlay in OVERLAYS:
        renders[overlay] = [d for d in yaml.safe_load_all(render(root, t, overlay)) if d]
        problems += [f"overlays/{overlay}: {p}" for p in check_overlay(root, overlay, renders[overlay])]
    if problems:
        raise Failure("\n".join(problems))
    print("invariants hold in overlays/dev and overlays/prod")
    # The checks can fail: each broken copy of the prod render must draw the named problem.
    for breakage, expected in BREAKAGES:
        docs = copy.deepcopy(renders["prod"])
        breakage(docs)
        found = check_overlay(root, "prod", docs)
        if not any(expected in p for p in found):
            raise Failure(f"{breakage.__name__}: expected a problem containing {expected!r}, "
                          f"got {found}")
        print(f"{breakage.__name__}: caught ({expected})")


def relay_one_replica(docs):
    first(docs, "Deployment", "outbox-relay")["spec"]["replicas"] = 1


def relay_autoscaled(docs):
    hpa = copy.deepcopy(first(docs, "HorizontalPodAutoscaler", "gateway"))
    hpa["metadata"]["name"] = hpa["spec"]["scaleTargetRef"]["name"] = "outbox-relay"
    docs.append(hpa)


def pdb_missing(docs):
    docs.remove(first(docs, "PodDisruptionBudget", "cart"))


def probe_missing(docs):
    del first(docs, "Deployment", "delivery")["spec"]["template"]["spec"]["containers"][0][
        "readinessProbe"]


def env_before_definition(docs):
    env = first(docs, "Deployment", "outbox-relay")["spec"]["template"]["spec"]["containers"][0]["env"]
    env.insert(0, env.pop(next(i for i, v in enumerate(env) if v["name"] == "SHOP_RELAY_DATABASE_URLS")))


def config_key_missing(docs):
    config = next(d for d in docs if d["kind"] == "ConfigMap" and "SHOP_AUTH_URL" in d["data"])
    del config["data"]["SHOP_AUTH_URL"]


def service_open_to_all(docs):
    policy = first(docs, "NetworkPolicy", "allow-order-from-callers")
    policy["spec"]["ingress"][0].pop("from")


def topic_missing(docs):
    docs.remove(first(docs, "KafkaTopic", "order.saga.dlq"))


def redis_open_to_services(docs):
    policy = first(docs, "NetworkPolicy", "allow-redis-from-gateway")
    policy["spec"]["ingress"][0]["from"].append(
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "product"}}})


def redis_url_elsewhere(docs):
    config = next(d for d in docs if d["kind"] == "ConfigMap" and "SHOP_GATEWAY_REDIS_URL" in d["data"])
    config["data"]["SHOP_GATEWAY_REDIS_URL"] = "redis://cache:6379"


def redis_probe_http(docs):
    container = first(docs, "Deployment", "redis")["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"] = {"httpGet": {"path": "/ready", "port": 6379}}


BREAKAGES = [
    (relay_one_replica, "outbox-relay must run 2 replicas"),
    (relay_autoscaled, "HPAs for"),
    (pdb_missing, "Deployment cart has no PodDisruptionBudget"),
    (probe_missing, "delivery/delivery: no HTTP readinessProbe"),
    (env_before_definition, "refers to $(SHOP_AUTH_DATABASE_URL) before it is set"),
    (config_key_missing, "names key SHOP_AUTH_URL that ConfigMap"),
    (service_open_to_all, "order: must not be open to any source"),
    (topic_missing, "missing ['order.saga.dlq']"),
    (redis_open_to_services, "redis: only the gateway may reach it"),
    (redis_url_elsewhere, "no Service cache"),
    (redis_probe_http, "redis/redis: readinessProbe must run redis-cli ping"),
]


# Secrets the manifests use that are not rendered: CloudNativePG writes <cluster>-app; operators
# create the others before the first apply (docs/deploy.md). dev renders shop-admin and shop-smtp.
EXTERNAL_SECRETS = {"shop-jwt-keys"}
PROD_SECRETS = {"shop-admin", "shop-smtp"}
STATELESS_HTTP = {"auth", "category", "product", "cart", "order", "payment", "delivery", "gateway"}
# Not a shop binary: no HTTP port, no /metrics, no Kafka; checked by check_redis instead.
REDIS = "redis"


def check_overlay(root, overlay, docs):
    problems = []
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    expected = {"auth", "category", "product", "cart", "order", "payment", "notification",
                "delivery", "gateway", "outbox-relay", REDIS} | ({"payment-sim"} if overlay == "dev" else set())
    if set(deployments) != expected:
        problems.append(f"Deployments {sorted(deployments)}, expected {sorted(expected)}")

    relay = deployments.get("outbox-relay")
    if relay is None or relay["spec"].get("replicas") != 2:
        problems.append("outbox-relay must run 2 replicas (one active per database by the lock)")

    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", [])}
    if hpas != STATELESS_HTTP:
        problems.append(f"HPAs for {sorted(hpas)}, expected the stateless HTTP services "
                        f"{sorted(STATELESS_HTTP)} (never the relay)")
    for name in hpas & set(deployments):
        if "replicas" in deployments[name]["spec"]:
            problems.append(f"Deployment {name} has an HPA and a fixed replica count")

    pdb_selectors = [p["spec"]["selector"]["matchLabels"] for p in by_kind.get("PodDisruptionBudget", [])]
    for name, d in deployments.items():
        pod_labels = d["spec"]["template"]["metadata"]["labels"]
        if not any(all(pod_labels.get(k) == v for k, v in sel.items()) for sel in pdb_selectors):
            problems.append(f"Deployment {name} has no PodDisruptionBudget")
        problems += check_redis(d) if name == REDIS else check_pod(name, d)

    config = {}
    for cm in by_kind.get("ConfigMap", []):
        config[cm["metadata"]["name"]] = cm.get("data", {})
    rendered_secrets = {s["metadata"]["name"] for s in by_kind.get("Secret", [])}
    clusters = {c["metadata"]["name"] for c in by_kind.get("Cluster", [])}
    allowed_secrets = rendered_secrets | EXTERNAL_SECRETS | {f"{c}-app" for c in clusters}
    if overlay == "prod":
        allowed_secrets |= PROD_SECRETS
    for name, d in deployments.items():
        for container in d["spec"]["template"]["spec"]["containers"]:
            for var in container.get("env", []):
                ref = var.get("valueFrom", {})
                if "configMapKeyRef" in ref:
                    cm, key = ref["configMapKeyRef"]["name"], ref["configMapKeyRef"]["key"]
                    if key not in config.get(cm, {}):
                        problems.append(f"{name}: {var['name']} names key {key} that ConfigMap "
                                        f"{cm} lacks")
                if "secretKeyRef" in ref and ref["secretKeyRef"]["name"] not in allowed_secrets:
                    problems.append(f"{name}: {var['name']} names Secret "
                                    f"{ref['secretKeyRef']['name']}, which nothing creates")
            for volume in d["spec"]["template"]["spec"].get("volumes", []):
                secret = volume.get("secret", {}).get("secretName")
                if secret and secret not in allowed_secrets:
                    problems.append(f"{name}: volume of Secret {secret}, which nothing creates")

    problems += check_network_policies(by_kind.get("NetworkPolicy", []), deployments)
    problems += check_redis_url(config, by_kind.get("Service", []), deployments)
    problems += check_topics(root, by_kind.get("KafkaTopic", []))
    instances = 1 if overlay == "dev" else 3
    for c in by_kind.get("Cluster", []):
        if c["spec"]["instances"] != instances:
            problems.append(f"Cluster {c['metadata']['name']}: {c['spec']['instances']} instances, "
                            f"expected {instances}")
    databases = {d for d in deployments if any(
        v["name"] == "SHOP_DATABASE_URL" for v in env_of(deployments[d]))}
    if clusters != {f"{d}-db" for d in databases}:
        problems.append(f"Postgres clusters {sorted(clusters)} are not one per service database "
                        f"{sorted(databases)}")
    return problems


def env_of(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0].get("env", [])


def check_pod_hardening(name, spec):
    """A pod that refuses to run as root."""
    if not spec.get("securityContext", {}).get("runAsNonRoot"):
        return [f"{name}: pod securityContext.runAsNonRoot is not true"]
    return []


def check_hardening(container, where):
    """What every container of the system owes its node: no write, no privilege, bounded."""
    problems = []
    security = container.get("securityContext", {})
    if (security.get("readOnlyRootFilesystem") is not True
            or security.get("allowPrivilegeEscalation") is not False
            or security.get("capabilities", {}).get("drop") != ["ALL"]):
        problems.append(f"{where}: securityContext must be read-only root, no privilege "
                        "escalation, drop ALL capabilities")
    resources = container.get("resources", {})
    if not resources.get("requests") or not resources.get("limits", {}).get("memory"):
        problems.append(f"{where}: resources need requests and a memory limit")
    return problems


def check_pod(name, d):
    problems = []
    template = d["spec"]["template"]
    annotations = template["metadata"].get("annotations", {})
    spec = template["spec"]
    problems += check_pod_hardening(name, spec)
    for container in spec["containers"]:
        where = f"{name}/{container['name']}"
        for probe in ("readinessProbe", "livenessProbe"):
            if "httpGet" not in container.get(probe, {}):
                problems.append(f"{where}: no HTTP {probe}")
        if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/health":
            problems.append(f"{where}: liveness must be /health")
        ready = container.get("readinessProbe", {}).get("httpGet", {}).get("path")
        if ready != "/ready":
            problems.append(f"{where}: readiness path {ready}: every component serves /ready")
        problems += check_hardening(container, where)
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
        if "http" not in ports:
            problems.append(f"{where}: no port named http")
        elif annotations.get("prometheus.io/port") != str(ports["http"]):
            problems.append(f"{where}: prometheus.io/port does not name the http port")
        env = {v["name"]: v for v in container.get("env", [])}
        for required in ("SHOP_HTTP_ADDRESS", "SHOP_HTTP_PORT", "SHOP_KAFKA_BOOTSTRAP"):
            if required not in env:
                problems.append(f"{where}: {required} is not set")
        if env.get("SHOP_HTTP_ADDRESS", {}).get("value") != "0.0.0.0":
            problems.append(f"{where}: SHOP_HTTP_ADDRESS must be 0.0.0.0 (the default is loopback)")
        if str(ports.get("http")) != env.get("SHOP_HTTP_PORT", {}).get("value"):
            problems.append(f"{where}: SHOP_HTTP_PORT differs from the http container port")
        # $(VAR) expands only a variable defined earlier in the list.
        seen = set()
        for var in container.get("env", []):
            for ref in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", var.get("value", "")):
                if ref not in seen:
                    problems.append(f"{where}: {var['name']} refers to $({ref}) before it is set")
            seen.add(var["name"])
    if annotations.get("prometheus.io/scrape") != "true" or annotations.get(
            "prometheus.io/path") != "/metrics":
        problems.append(f"{name}: pod lacks prometheus.io/scrape=true and path /metrics")
    return problems


def check_redis(d):
    """The gateways' Redis: one replica, probes that ask Redis itself, the pods' hardening."""
    problems = []
    where = f"{REDIS}/{REDIS}"
    spec = d["spec"]["template"]["spec"]
    if d["spec"].get("replicas") != 1:
        problems.append(f"{REDIS}: 1 replica expected (the gateways must count in one Redis)")
    problems += check_pod_hardening(REDIS, spec)
    container = spec["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        if container.get(probe, {}).get("exec", {}).get("command") != ["redis-cli", "ping"]:
            problems.append(f"{where}: {probe} must run redis-cli ping")
    problems += check_hardening(container, where)
    if not any(p.get("name") == "redis" for p in container.get("ports", [])):
        problems.append(f"{where}: no port named redis")
    return problems


def check_redis_url(config, services, deployments):
    """The gateway's SHOP_GATEWAY_REDIS_URL names a Service that selects the Redis pods, on its
    port (or is empty: each replica limits on its own)."""
    gateway = deployments.get("gateway")
    if gateway is None:
        return []
    var = next((v for v in env_of(gateway) if v["name"] == "SHOP_GATEWAY_REDIS_URL"), None)
    if var is None:
        return ["gateway: SHOP_GATEWAY_REDIS_URL is not set"]
    ref = var.get("valueFrom", {}).get("configMapKeyRef")
    url = config.get(ref["name"], {}).get(ref["key"]) if ref else var.get("value")
    if url is None:
        return []  # reported by the ConfigMap reference check
    if url == "":
        return []
    match = re.fullmatch(r"redis://(?:[^@/]*@)?([a-z0-9.-]+)(?::(\d+))?(?:/\d+)?", url)
    if not match:
        return [f"gateway: SHOP_GATEWAY_REDIS_URL {url!r} is not redis://host[:port]"]
    host, port = match.group(1), int(match.group(2) or 6379)
    name = host.split(".")[0]
    service = next((s for s in services if s["metadata"]["name"] == name), None)
    if service is None:
        return [f"gateway: SHOP_GATEWAY_REDIS_URL names {host}, but there is no Service {name}"]
    problems = []
    if port not in [p["port"] for p in service["spec"]["ports"]]:
        problems.append(f"gateway: SHOP_GATEWAY_REDIS_URL port {port} is not a port of Service {name}")
    redis = deployments.get(REDIS)
    if redis is None or not selects({"matchLabels": service["spec"]["selector"]},
                                    redis["spec"]["template"]["metadata"]["labels"]):
        problems.append(f"gateway: Service {name} of SHOP_GATEWAY_REDIS_URL does not select the "
                        "Redis pods")
    return problems


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def check_network_policies(policies, deployments):
    problems = []
    if not any(p["spec"]["podSelector"] == {} and p["spec"]["policyTypes"] == ["Ingress"]
               and not p["spec"].get("ingress") for p in policies):
        problems.append("no default-deny ingress NetworkPolicy")
    labels = {n: d["spec"]["template"]["metadata"]["labels"] for n, d in deployments.items()}
    for name in deployments:
        rules = [r for p in policies if selects(p["spec"]["podSelector"], labels[name])
                 for r in p["spec"].get("ingress", [])]
        from_anywhere = any("from" not in r for r in rules)
        if name == REDIS:
            # The rules that open Redis's port (allow-monitoring-scrape selects every shop pod
            # but opens only a port named http, which Redis lacks).
            redis_rules = [r for r in rules if "ports" not in r or any(
                p.get("port") in ("redis", 6379) for p in r["ports"])]
            from_anywhere = any("from" not in r for r in redis_rules)
            peers = [peer for r in redis_rules for peer in r.get("from", [])]
            if from_anywhere or not peers or any(
                    set(peer) != {"podSelector"}
                    or not selects(peer["podSelector"], labels.get("gateway", {}))
                    for peer in peers):
                problems.append(f"{REDIS}: only the gateway may reach it")
            continue  # no /metrics to scrape: the gateway's gauge watches it
        if (name == "gateway") != from_anywhere:
            problems.append(f"{name}: {'must' if name == 'gateway' else 'must not'} be open to "
                            "any source")
        scraped = any(peer.get("namespaceSelector", {}).get("matchLabels", {}).get(
            "kubernetes.io/metadata.name") == "monitoring" for r in rules for peer in r.get("from", []))
        if not scraped:
            problems.append(f"{name}: the monitoring namespace cannot scrape it")
    return problems


def check_topics(root, topics):
    problems = []
    want = {}
    for raw in (root / "deploy/local/kafka/topics.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].split()
        if line:
            want[line[0]] = int(line[1])
    have = {t["spec"]["topicName"]: t for t in topics}
    if set(have) != set(want):
        problems.append(f"KafkaTopics differ from topics.txt: missing {sorted(set(want) - set(have))},"
                        f" extra {sorted(set(have) - set(want))}")
    for name, t in have.items():
        spec = t["spec"]
        if spec.get("replicas") != 3 or str(spec.get("config", {}).get("min.insync.replicas")) != "2":
            problems.append(f"KafkaTopic {name}: replicas 3 and min.insync.replicas 2 expected")
        if name in want and spec.get("partitions") != want[name]:
            problems.append(f"KafkaTopic {name}: {spec.get('partitions')} partitions, topics.txt "
                            f"says {want[name]}")
    return problems


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("validate", "rejects", "invariants"):
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    try:
        t = tools(root)
        with tempfile.TemporaryDirectory(prefix="k8s-check-") as tmp:
            workdir = pathlib.Path(tmp)
            if sys.argv[2] == "validate":
                validate(root, t, workdir)
            elif sys.argv[2] == "rejects":
                rejects(root, t, workdir)
            else:
                invariants(root, t)
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

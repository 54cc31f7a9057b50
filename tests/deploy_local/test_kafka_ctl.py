"""deploy/local/kafka-ctl's configuration of one node and of a cluster, checked offline: the
script is sourced in bash and its functions are called; no JVM is started."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.environ.get("SHOP_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
KAFKA_CTL = os.path.join(ROOT, "deploy", "local", "kafka-ctl")
PLACEHOLDER = re.compile(r"@[A-Z_]+@")


def run(script, env=None, conf_dir=None):
    """Sources kafka-ctl with `env` (SHOP_LOCAL_DIR set to a fresh folder) and runs `script`."""
    local = tempfile.mkdtemp(prefix="kafka-ctl-test-")
    full_env = {"PATH": os.environ["PATH"], "HOME": local, "SHOP_LOCAL_DIR": local,
                "SHOP_KAFKA_LIBS": local}
    full_env.update(env or {})
    prelude = f'source "{KAFKA_CTL}"\n'
    if conf_dir:
        prelude += f'KAFKA_CONF_DIR="{conf_dir}"\n'
    try:
        done = subprocess.run(["bash", "-c", "set -euo pipefail\n" + prelude + script],
                              env=full_env, capture_output=True, text=True, timeout=30,
                              check=False)
        files = {}
        for base, _, names in os.walk(os.path.join(local, "kafka")):
            for name in names:
                path = os.path.join(base, name)
                with open(path, encoding="utf-8") as f:
                    files[os.path.relpath(path, local)] = f.read()
        return done, files
    finally:
        shutil.rmtree(local, ignore_errors=True)


def properties(text):
    """key -> value of a .properties text."""
    result = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            result[key] = value
    return result


def problems(props, node, nodes, port, controller_port):
    """What is wrong in node `node`'s rendered properties for a cluster of `nodes`."""
    found = []
    if any(PLACEHOLDER.search(k + "=" + v) for k, v in props.items()):
        found.append("unrendered placeholder")
    replication = min(nodes, 3)
    min_isr = 2 if nodes >= 3 else 1
    voters = ",".join(f"{i}@127.0.0.1:{controller_port + i - 1}" for i in range(1, nodes + 1))
    want = {
        "process.roles": "broker,controller",
        "node.id": str(node),
        "controller.quorum.voters": voters,
        "listeners": f"PLAINTEXT://127.0.0.1:{port + node - 1},"
                     f"CONTROLLER://127.0.0.1:{controller_port + node - 1}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port + node - 1}",
        "default.replication.factor": str(replication),
        "min.insync.replicas": str(min_isr),
        "offsets.topic.replication.factor": str(replication),
        "transaction.state.log.replication.factor": str(replication),
        "transaction.state.log.min.isr": str(min_isr),
        "auto.create.topics.enable": "false",
    }
    for key, value in want.items():
        if props.get(key) != value:
            found.append(f"{key}={props.get(key)!r}, want {value!r}")
    return found


class KafkaCtlConfig(unittest.TestCase):
    def render(self, env, conf_dir=None):
        done, files = run('for i in $(kafka_nodes); do kafka_render_config "$i"; done\n'
                          'kafka_bootstrap', env, conf_dir)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.strip(), files

    def test_one_node_keeps_the_single_broker_layout_and_ports(self):
        bootstrap, files = self.render({})
        self.assertEqual(bootstrap, "127.0.0.1:9092")
        self.assertEqual(sorted(files), ["kafka/server.properties"])
        props = properties(files["kafka/server.properties"])
        self.assertEqual(problems(props, 1, 1, 9092, 9093), [])
        self.assertEqual(props["log.dirs"].rsplit("/", 2)[-2:], ["kafka", "data"])

    def test_three_nodes_on_consecutive_ports_replicate_every_topic(self):
        bootstrap, files = self.render({"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "29092"})
        self.assertEqual(bootstrap, "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094")
        self.assertEqual(sorted(files), [f"kafka/node-{i}/server.properties" for i in (1, 2, 3)])
        for i in (1, 2, 3):
            props = properties(files[f"kafka/node-{i}/server.properties"])
            # The controller ports follow the client ports by default.
            self.assertEqual(problems(props, i, 3, 29092, 29095), [], f"node {i}")
            self.assertTrue(props["log.dirs"].endswith(f"/kafka/node-{i}/data"))

    def test_a_broken_template_is_caught(self):
        conf = tempfile.mkdtemp(prefix="kafka-conf-")
        try:
            template = os.path.join(ROOT, "deploy", "local", "kafka", "server.properties.in")
            with open(template, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("@VOTERS@", text)
            with open(os.path.join(conf, "server.properties.in"), "w", encoding="utf-8") as f:
                f.write(text.replace("@VOTERS@", "@VOTRES@"))
            _, files = self.render({"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "29092"}, conf)
            props = properties(files["kafka/node-1/server.properties"])
            self.assertIn("unrendered placeholder", problems(props, 1, 3, 29092, 29095))
            # So is a template that forgets the cluster's replication.
            with open(os.path.join(conf, "server.properties.in"), "w", encoding="utf-8") as f:
                f.write(text.replace("default.replication.factor=@REPLICATION@",
                                     "default.replication.factor=1"))
            _, files = self.render({"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "29092"}, conf)
            props = properties(files["kafka/node-2/server.properties"])
            self.assertEqual(problems(props, 2, 3, 29092, 29095),
                             ["default.replication.factor='1', want '3'"])
        finally:
            shutil.rmtree(conf, ignore_errors=True)

    def test_overlapping_client_and_controller_ports_are_refused(self):
        done, _ = run("kafka_check_ports", {"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "9092",
                                            "SHOP_KAFKA_CONTROLLER_PORT": "9093"})
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("overlap", done.stderr)
        done, _ = run("kafka_check_ports", {"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "9092",
                                            "SHOP_KAFKA_CONTROLLER_PORT": "9095"})
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_a_bad_node_count_is_refused(self):
        for value in ("0", "three", "-1"):
            done, _ = run("true", {"SHOP_KAFKA_BROKERS": value})
            self.assertNotEqual(done.returncode, 0, value)
            self.assertIn("SHOP_KAFKA_BROKERS", done.stderr, value)

    def test_a_cluster_keeps_its_node_count(self):
        done, files = run('mkdir -p "$KAFKA_DIR"; kafka_check_node_count\n'
                          'SHOP_KAFKA_BROKERS=3 kafka_check_node_count',
                          {"SHOP_KAFKA_BROKERS": "3", "SHOP_KAFKA_PORT": "29092"})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(files["kafka/cluster.nodes"].strip(), "3")
        done, _ = run('mkdir -p "$KAFKA_DIR"; echo 3 >"$KAFKA_DIR/cluster.nodes"\n'
                      'kafka_check_node_count',
                      {"SHOP_KAFKA_BROKERS": "5", "SHOP_KAFKA_PORT": "29092"})
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("made with 3 nodes, not 5", done.stderr)


if __name__ == "__main__":
    unittest.main()

"""deploy/local/services.sh's instances per component (SHOP_<NAME>_REPLICAS, decision 0041) and
its auxiliary-process helper, checked offline: the scripts are sourced in bash and their
functions called. Only the mail sink is started (a Python script on a free loopback port)."""

import os
import shutil
import socket
import subprocess
import tempfile
import unittest

import yaml

ROOT = os.environ.get("SHOP_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
LOCAL = os.path.join(ROOT, "deploy", "local")


def run(script, env=None):
    """Sources lib.sh, postgres, kafka-ctl and services.sh with `env` (SHOP_LOCAL_DIR a fresh
    folder) and runs `script`; returns the finished process."""
    local = tempfile.mkdtemp(prefix="services-test-")
    full_env = {"PATH": os.environ["PATH"], "HOME": local, "SHOP_LOCAL_DIR": local,
                "SHOP_KAFKA_LIBS": local}
    full_env.update(env or {})
    prelude = "".join(f'source "{LOCAL}/{name}"\n'
                      for name in ("lib.sh", "postgres", "kafka-ctl", "services.sh"))
    prelude += 'mkdir -p "$SHOP_RUN_DIR" "$SHOP_LOG_DIR"\n'
    try:
        return subprocess.run(["bash", "-c", "set -euo pipefail\n" + prelude + script],
                              env=full_env, capture_output=True, text=True, timeout=60,
                              check=False)
    finally:
        shutil.rmtree(local, ignore_errors=True)


def env_lines(text):
    """NAME=VALUE lines -> dict."""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replicas(unittest.TestCase):
    def ok(self, script, env=None):
        done = run(script, env)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_one_instance_by_default_keeps_the_names_and_ports(self):
        out = self.ok("svc_instances product SHOP_PRODUCT_PORT; svc_urls product\n"
                      "svc_env product product product 8083")
        lines = out.splitlines()
        self.assertEqual(lines[:2], ["product 8083", "http://127.0.0.1:8083"])
        env = env_lines("\n".join(lines[2:]))
        self.assertEqual(env["SHOP_HTTP_PORT"], "8083")
        self.assertEqual(env["SHOP_KAFKA_INSTANCE_ID"], "product-local")
        self.assertEqual(env["SHOP_PRODUCT_URL"], "http://127.0.0.1:8083")

    def test_instances_are_a_hundred_ports_apart_and_callers_get_every_url(self):
        out = self.ok("svc_check_layout; svc_instances product SHOP_PRODUCT_PORT; echo --\n"
                      "svc_env gateway - gateway 8080; echo --\n"
                      "svc_env product product product-3 8283",
                      {"SHOP_PRODUCT_REPLICAS": "3", "SHOP_CATEGORY_REPLICAS": "2"})
        instances, gateway, third = out.split("--\n")
        self.assertEqual(instances.splitlines(),
                         ["product 8083", "product-2 8183", "product-3 8283"])
        gateway = env_lines(gateway)
        self.assertEqual(gateway["SHOP_PRODUCT_URL"], "http://127.0.0.1:8083,"
                         "http://127.0.0.1:8183,http://127.0.0.1:8283")
        self.assertEqual(gateway["SHOP_CATEGORY_URL"],
                         "http://127.0.0.1:8082,http://127.0.0.1:8182")
        self.assertEqual(gateway["SHOP_CART_URL"], "http://127.0.0.1:8084")
        third = env_lines(third)
        self.assertEqual(third["SHOP_HTTP_PORT"], "8283")
        # One static member id per instance; the group (and the service name) stays the
        # service's, so the instances share the partitions.
        self.assertEqual(third["SHOP_KAFKA_INSTANCE_ID"], "product-3-local")
        self.assertEqual(third["SHOP_SERVICE_NAME"], "product")
        self.assertFalse(any(k.endswith("_GROUP") for k in third), third)

    def test_prometheus_scrapes_every_instance_in_one_job(self):
        local = tempfile.mkdtemp(prefix="services-test-")
        try:
            done = subprocess.run([os.path.join(LOCAL, "prometheus"), "config"],
                                  env={"PATH": os.environ["PATH"], "HOME": local,
                                       "SHOP_LOCAL_DIR": local, "SHOP_PRODUCT_REPLICAS": "2"},
                                  capture_output=True, text=True, timeout=60, check=False)
        finally:
            shutil.rmtree(local, ignore_errors=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        jobs = {job["job_name"]: job for job in yaml.safe_load(done.stdout)["scrape_configs"]}
        self.assertEqual(jobs["product"]["static_configs"][0]["targets"],
                         ["127.0.0.1:8083", "127.0.0.1:8183"])
        self.assertEqual(jobs["product"]["static_configs"][0]["labels"], {"component": "product"})
        self.assertEqual(jobs["cart"]["static_configs"][0]["targets"], ["127.0.0.1:8084"])

    def test_overlapping_ports_are_refused(self):
        cases = [
            ({"SHOP_PRODUCT_REPLICAS": "2", "SHOP_CART_PORT": "8183"}, "port 8183"),
            ({"SHOP_GATEWAY_REPLICAS": "3", "SHOP_PROMETHEUS_PORT": "8280"}, "prometheus"),
            ({"SHOP_AUTH_REPLICAS": "2", "SHOP_KAFKA_PORT": "8181"}, "kafka node 1"),
            ({"SHOP_PRODUCT_REPLICAS": "2", "SHOP_AUTH_PORT": "8183"}, "port 8183"),
            ({"SHOP_DELIVERY_REPLICAS": "600"}, "out of range"),
        ]
        for env, message in cases:
            done = run("svc_check_layout", env)
            self.assertNotEqual(done.returncode, 0, env)
            self.assertIn(message, done.stderr, env)
        # The same settings without the overlap pass.
        self.ok("svc_check_layout", {"SHOP_PRODUCT_REPLICAS": "2", "SHOP_CART_PORT": "8184"})

    def test_bad_counts_and_single_instance_components_are_refused(self):
        for value in ("0", "two", "-1", "1.5"):
            done = run("svc_check_layout", {"SHOP_PRODUCT_REPLICAS": value})
            self.assertNotEqual(done.returncode, 0, repr(value))
            self.assertIn("SHOP_PRODUCT_REPLICAS", done.stderr)
        for name in ("OUTBOX_RELAY", "PAYMENT_SIM"):
            done = run("svc_check_layout", {f"SHOP_{name}_REPLICAS": "2"})
            self.assertNotEqual(done.returncode, 0, name)
            self.assertIn("one instance only", done.stderr)


class AuxiliaryProcesses(unittest.TestCase):
    def test_mail_sink_starts_once_refuses_a_taken_port_and_stops(self):
        port = free_port()
        done = run(
            "mail_sink_start\n"
            "mail_sink_running && echo running\n"
            "mail_sink_start\n"  # already running: left as it is
            'aux_start other "$SHOP_SMTP_PORT" SHOP_SMTP_PORT x test sleep 30 || echo refused\n'
            "mail_sink_stop\n"
            "mail_sink_running || echo stopped\n"
            '[[ -e $(mail_sink_pidfile) ]] || echo no-pidfile\n',
            {"SHOP_SMTP_PORT": str(port)})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.split(), ["running", "refused", "stopped", "no-pidfile"])
        self.assertIn("mail-sink already running", done.stderr)
        self.assertIn(f"other: port {port} is taken", done.stderr)

    def test_a_recycled_pid_is_not_taken_for_the_process(self):
        # The pid file names a live process that is not the mail sink: not running, and stop
        # leaves that process alone.
        done = run("sleep 30 & echo $! >\"$(mail_sink_pidfile)\"\n"
                   "mail_sink_running || echo not-running\n"
                   "mail_sink_stop\n"
                   "kill -0 $! && echo alive; kill $!\n")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.split(), ["not-running", "alive"])


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""deploy/compose without a container engine: the compose specification's schema accepts the file
and rejects copies with a typo; the shape users rely on (healthchecks on /ready, restart policies,
limits, depends_on conditions, secrets as files, only the gateway and Prometheus published);
Prometheus' configuration; init-secrets; the topic job's script. Environment: SHOP_CHECK_JSONSCHEMA
(default .local/venv/bin/check-jsonschema), SHOP_COMPOSE_SCHEMA (default
.local/compose-spec/compose-spec.json, installed by deploy/local/install-deps), SHOP_PROMTOOL
(default promtool)."""
from __future__ import annotations

import copy
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
COMPOSE_DIR = ROOT / "deploy/compose"
COMPOSE_TEXT = (COMPOSE_DIR / "compose.yaml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
CHECK_JSONSCHEMA = os.environ.get("SHOP_CHECK_JSONSCHEMA",
                                  str(ROOT / ".local/venv/bin/check-jsonschema"))
SCHEMA = Path(os.environ.get("SHOP_COMPOSE_SCHEMA",
                             str(ROOT / ".local/compose-spec/compose-spec.json")))
PROMTOOL = os.environ.get("SHOP_PROMTOOL", "promtool")
sys.path.insert(0, str(HERE))
import required_env  # noqa: E402

COMPONENTS = [c.name for c in required_env.components_of(ROOT)]
INFRA = {"kafka", "kafka-topics", "postgres", "mail", "redis", "prometheus"}


def lib_services() -> list[str]:
    text = (ROOT / "deploy/local/lib.sh").read_text()
    return re.search(r"^SHOP_SERVICES=\((.*?)\)", text, re.M).group(1).split()


def validate(text: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "compose.yaml"
        path.write_text(text)
        return subprocess.run([CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA), str(path)],
                              capture_output=True, text=True)


class ComposeSchema(unittest.TestCase):
    def test_the_schema_is_strict_where_a_typo_would_hide(self):
        schema = json.loads(SCHEMA.read_text())
        defs = schema["$defs"]
        self.assertIs(schema["additionalProperties"], False)
        self.assertIs(defs["service"]["unevaluatedProperties"], False)
        self.assertIs(defs["healthcheck"]["additionalProperties"], False)
        self.assertIs(defs["deployment"]["additionalProperties"], False)

    def test_the_compose_file_conforms(self):
        result = validate(COMPOSE_TEXT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_copies_with_a_typo_fail(self):
        typos = {
            "a service field": ("    healthcheck:\n      test: [\"CMD\", \"curl\"",
                                "    healthchek:\n      test: [\"CMD\", \"curl\""),
            "a healthcheck field": ("  interval: 10s\n", "  intervl: 10s\n"),
            "a limit": ('      memory: 256M\n', '      memroy: 256M\n'),
            "a top-level key": ("\nsecrets:\n", "\nsecret:\n"),
        }
        for where, (old, new) in typos.items():
            with self.subTest(where=where):
                self.assertIn(old, COMPOSE_TEXT)
                result = validate(COMPOSE_TEXT.replace(old, new, 1))
                self.assertNotEqual(result.returncode, 0, result.stdout)
                # Rejected by the schema for that key, not for unreadable YAML.
                self.assertIn("Schema validation errors", result.stdout)
                self.assertIn(f"'{new.split(':')[0].strip()}'", result.stdout)


class ComposeShape(unittest.TestCase):
    services = COMPOSE["services"]

    def test_every_component_and_the_infrastructure_is_a_service(self):
        self.assertEqual(set(self.services), set(COMPONENTS) | INFRA)

    def test_each_component_is_built_from_its_dockerfile_target(self):
        binaries = {c.name: c.binary for c in required_env.components_of(ROOT)}
        for name in COMPONENTS:
            self.assertEqual(self.services[name]["build"],
                             {"context": "../..", "target": binaries[name]}, name)

    def test_healthchecks_restart_limits_and_conditions(self):
        for name, service in self.services.items():
            with self.subTest(service=name):
                if name != "kafka-topics":
                    self.assertIn(service.get("restart"), ("unless-stopped", "always"))
                    self.assertIn("test", service.get("healthcheck", {}))
                self.assertIn("memory", service["deploy"]["resources"]["limits"])
                self.assertIn("cpus", service["deploy"]["resources"]["limits"])
                for dependency, spec in (service.get("depends_on") or {}).items():
                    self.assertIn(dependency, self.services)
                    self.assertIn(spec["condition"], ("service_healthy",
                                                      "service_completed_successfully"))
        for name in COMPONENTS:
            test = self.services[name]["healthcheck"]["test"]
            port = self.services[name]["environment"]["SHOP_HTTP_PORT"]
            self.assertEqual(test[-1], f"http://127.0.0.1:{port}/ready", name)
            self.assertEqual(self.services[name]["environment"]["SHOP_HTTP_ADDRESS"], "0.0.0.0")

    def test_only_the_gateway_and_prometheus_publish_ports(self):
        published = {n for n, s in self.services.items() if s.get("ports")}
        self.assertEqual(published, {"gateway", "prometheus"})

    def test_secrets_are_files_and_no_environment_holds_one(self):
        declared = COMPOSE["secrets"]
        for name, secret in declared.items():
            self.assertEqual(set(secret), {"file"}, name)
            self.assertTrue(secret["file"].startswith("./secrets/"), name)
        for name, service in self.services.items():
            for entry in service.get("secrets") or []:
                source = entry["source"] if isinstance(entry, dict) else entry
                self.assertIn(source, declared, name)
            for key, value in (service.get("environment") or {}).items():
                with self.subTest(service=name, variable=key):
                    self.assertNotRegex(str(value), r"://[^/@\s]*:[^/@\s]*@")  # user:pw@ in a URL
                    if key.endswith("_FILE"):
                        self.assertTrue(str(value).startswith("/run/secrets/"), value)
                    elif re.search(r"PASSWORD|SECRET|_DATABASE_URLS?$|KEY$", key):
                        self.fail(f"{name}: {key} is a literal; use {key}_FILE and a secret")

    def test_one_database_password_per_service_for_postgres(self):
        mounted = set(self.services["postgres"]["secrets"])
        self.assertEqual(mounted, {"postgres_password"} | {f"{s}_db_password"
                                                            for s in lib_services()})
        init = (COMPOSE_DIR / "postgres-init.sh").read_text()
        listed = re.search(r"^services=\((.*?)\)", init, re.M).group(1).split()
        self.assertEqual(sorted(listed), sorted(lib_services()))


class Prometheus(unittest.TestCase):
    def test_promtool_accepts_the_configuration(self):
        result = subprocess.run([PROMTOOL, "check", "config",
                                 str(COMPOSE_DIR / "prometheus.yml")],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_every_component_is_scraped_by_its_service_name(self):
        config = yaml.safe_load((COMPOSE_DIR / "prometheus.yml").read_text())
        self.assertEqual(config["rule_files"], ["/etc/prometheus/rules/*.yml"])
        targets = {job["job_name"]: job["static_configs"][0]["targets"]
                   for job in config["scrape_configs"]}
        for name in COMPONENTS:
            port = COMPOSE["services"][name]["environment"]["SHOP_HTTP_PORT"]
            self.assertEqual(targets.get(name), [f"{name}:{port}"], name)
        volumes = COMPOSE["services"]["prometheus"]["volumes"]
        self.assertIn("../monitoring/rules:/etc/prometheus/rules:ro", volumes)


class InitSecrets(unittest.TestCase):
    def run_init(self, directory: Path) -> None:
        subprocess.run([str(COMPOSE_DIR / "init-secrets")], check=True, capture_output=True,
                       env={**os.environ, "SHOP_COMPOSE_SECRETS_DIR": str(directory)})

    def test_it_makes_every_secret_file_once(self):
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "secrets"
            self.run_init(directory)
            self.assertEqual(stat.S_IMODE(directory.stat().st_mode), 0o700)
            files = {p.name: p.read_text() for p in directory.iterdir()}
            for name, secret in COMPOSE["secrets"].items():
                self.assertIn(Path(secret["file"]).name, files, name)
            for service in lib_services():
                password = files[f"{service}_db_password"].strip()
                self.assertRegex(password, r"^[A-Za-z0-9]{32}$")
                self.assertEqual(files[f"{service}_database_url"],
                                 f"postgresql://{service}_svc:{password}@postgres:5432/"
                                 f"{service}_db\n")
            relay = files["relay_database_urls"].strip().split(",")
            self.assertEqual(relay, [files[f"{s}_database_url"].strip() for s in
                                     ("auth", "category", "product", "cart", "order", "payment",
                                      "delivery")])
            key = subprocess.run(["openssl", "pkey", "-in", str(directory / "jwt-key-1.pem"),
                                  "-noout", "-text"], capture_output=True, text=True, check=True)
            self.assertIn("prime256v1", key.stdout)
            self.run_init(directory)  # again: nothing changes
            self.assertEqual({p.name: p.read_text() for p in directory.iterdir()}, files)


class CreateTopics(unittest.TestCase):
    def test_every_topic_of_topics_txt_is_created_with_its_settings(self):
        expected = []
        for line in (ROOT / "deploy/local/kafka/topics.txt").read_text().splitlines():
            words = line.split()
            if words and not words[0].startswith("#"):
                expected.append(words)
        with tempfile.TemporaryDirectory() as tmp:
            calls = Path(tmp) / "calls"
            stub = Path(tmp) / "kafka-topics.sh"
            stub.write_text(f'#!/bin/sh\necho "$*" >>{calls}\n')
            stub.chmod(0o755)
            result = subprocess.run(
                ["/bin/sh", str(COMPOSE_DIR / "create-topics.sh"),
                 str(ROOT / "deploy/local/kafka/topics.txt")],
                env={"PATH": "/usr/bin:/bin", "KAFKA_BOOTSTRAP": "kafka:9092",
                     "KAFKA_TOPICS_TOOL": str(stub)}, capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            made = calls.read_text().splitlines()
        self.assertEqual(len(made), len(expected))
        for words, call in zip(expected, made):
            name, partitions, *configs = words
            want = (f"--bootstrap-server kafka:9092 --create --if-not-exists --topic {name} "
                    f"--partitions {partitions} --replication-factor 1")
            want += "".join(f" --config {c}" for c in configs)
            self.assertEqual(call, want)


if __name__ == "__main__":
    unittest.main()

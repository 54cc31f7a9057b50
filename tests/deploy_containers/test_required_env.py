#!/usr/bin/env python3
"""Tests of required_env.py: the derivation from the code, and the compose and k8s checks (each
with a copy that must fail). Run: python3 -m unittest (ctest: RequiredEnvDerivationAndChecks)."""
from __future__ import annotations

import copy
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import required_env  # noqa: E402


def needs_of(components):
    return {c.name: set(c.needs) for c in components}


class DerivationFromTheRepository(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.components = required_env.derive(ROOT)
        cls.needs = needs_of(cls.components)

    def test_every_component_of_services_sh_is_derived(self):
        self.assertEqual(list(self.needs), ["auth", "category", "product", "cart", "order",
                                            "payment-sim", "payment", "notification", "delivery",
                                            "gateway", "outbox-relay"])

    def test_services_with_a_database_need_its_url_and_the_gateway_does_not(self):
        for name in ("auth", "category", "product", "cart", "order", "payment-sim", "payment",
                     "notification", "delivery"):
            self.assertIn("SHOP_DATABASE_URL", self.needs[name], name)
        self.assertNotIn("SHOP_DATABASE_URL", self.needs["gateway"])
        self.assertNotIn("SHOP_DATABASE_URL", self.needs["outbox-relay"])

    def test_kafka_bootstrap_only_where_events_are_consumed_or_relayed(self):
        for name in ("product", "cart", "order", "payment", "notification", "delivery",
                     "outbox-relay"):
            self.assertIn("SHOP_KAFKA_BOOTSTRAP", self.needs[name], name)
        for name in ("auth", "category", "payment-sim", "gateway"):
            self.assertNotIn("SHOP_KAFKA_BOOTSTRAP", self.needs[name], name)

    def test_every_component_must_be_told_to_listen_beyond_loopback(self):
        for name, needs in self.needs.items():
            self.assertIn("SHOP_HTTP_ADDRESS", needs, name)

    def test_urls_of_other_components_with_loopback_defaults(self):
        self.assertIn("SHOP_CATEGORY_URL", self.needs["product"])
        self.assertIn("SHOP_PRODUCT_URL", self.needs["cart"])
        self.assertIn("SHOP_PAYMENT_PROVIDER_URL", self.needs["payment"])
        self.assertTrue({"SHOP_SMTP_URL", "SHOP_PUBLIC_URL"} <= self.needs["notification"])
        self.assertEqual({n for n in self.needs["gateway"] if n.endswith("_URL")},
                         {f"SHOP_{u}_URL" for u in ("AUTH", "CATEGORY", "PRODUCT", "CART", "ORDER",
                                                     "PAYMENT", "DELIVERY")})
        # Services with authenticated routes fetch the JWKS from auth-service.
        self.assertIn("SHOP_AUTH_URL", self.needs["order"])
        self.assertNotIn("SHOP_AUTH_URL", self.needs["payment-sim"])

    def test_own_required_strings(self):
        self.assertIn("SHOP_JWT_KEYS_DIR", self.needs["auth"])
        self.assertIn("SHOP_RELAY_DATABASE_URLS", self.needs["outbox-relay"])
        self.assertNotIn("SHOP_JWT_KEYS_DIR", self.needs["gateway"])


class DerivationOfASmallTree(unittest.TestCase):
    """The rules on a tree made here: shared functions reached through calls, file-local ones not,
    member defaults in headers, defaults that are not loopback."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        files = {
            "deploy/local/services.sh": """
                SHOP_COMPONENTS=(
                  "one   one-service  SHOP_ONE_PORT  one"
                  "two   two-service  SHOP_TWO_PORT  -"
                )
                """,
            "services/one/CMakeLists.txt": "shop_service(NAME one\n  SOURCES a.cpp)\n",
            "services/two/CMakeLists.txt": "add_executable(two-service main.cpp)\n",
            "services/platform/loader.cpp": """
                namespace shop {
                namespace {

                void Hidden(const EnvConfig& env) { env.RequiredString("SHOP_HIDDEN"); }

                }  // namespace

                Config LoadShared(const EnvConfig& env) {
                  return {env.RequiredString("SHOP_SHARED"), Deeper(env)};
                }

                int Deeper(const EnvConfig& env) {
                  env.String("SHOP_DEEP_URL", "http://localhost:1");
                  env.String("SHOP_REMOTE_URL", "http://example.org");
                  return 0;
                }

                }  // namespace shop
                """,
            "services/one/main.cpp": """
                // Hidden( in a comment and "Hidden(" in a string call nothing.
                int main() { shop::LoadShared(env); }
                """,
            "services/two/main.cpp": """
                int main() {
                  Hidden(env);
                  options.url = env.String("SHOP_MAIL_URL", options.url);
                  return 0;
                }
                """,
            "services/two/options.hpp": 'struct Options {\n  std::string url = "smtp://127.0.0.1:25";\n};\n',
        }
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))

    def tearDown(self):
        self.tmp.cleanup()

    def test_rules(self):
        needs = needs_of(required_env.derive(self.root))
        self.assertEqual(needs["one"], {"SHOP_SHARED", "SHOP_DEEP_URL"})
        self.assertEqual(needs["two"], {"SHOP_MAIL_URL"})


class ComposeCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.components = required_env.derive(ROOT)
        cls.compose = yaml.safe_load((ROOT / "deploy/compose/compose.yaml").read_text())

    def test_the_compose_file_sets_everything(self):
        self.assertEqual(required_env.check_compose(self.components, self.compose), [])

    def test_a_missing_variable_is_named(self):
        broken = copy.deepcopy(self.compose)
        del broken["services"]["product"]["environment"]["SHOP_DATABASE_URL_FILE"]
        problems = required_env.check_compose(self.components, broken)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("product: SHOP_DATABASE_URL (or SHOP_DATABASE_URL_FILE) is not set",
                      problems[0])

    def test_a_list_environment_and_an_empty_value(self):
        broken = copy.deepcopy(self.compose)
        env = broken["services"]["gateway"]["environment"]
        broken["services"]["gateway"]["environment"] = [
            f"{k}={v}" for k, v in env.items() if k != "SHOP_CART_URL"] + ["SHOP_CART_URL="]
        problems = required_env.check_compose(self.components, broken)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("gateway: SHOP_CART_URL", problems[0])

    def test_a_missing_service_is_named(self):
        broken = copy.deepcopy(self.compose)
        del broken["services"]["outbox-relay"]
        self.assertEqual(required_env.check_compose(self.components, broken),
                         ["outbox-relay: no compose service of that name"])


class K8sCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.components = required_env.derive(ROOT)
        text = (HERE / "fixtures/k8s-render.yaml").read_text()
        cls.documents = [d for d in yaml.safe_load_all(text) if d]

    def deployment(self, documents, name):
        return next(d for d in documents
                    if d["kind"] == "Deployment" and d["metadata"]["name"] == f"shop-{name}")

    def test_the_fixture_sets_everything(self):
        self.assertEqual(required_env.check_k8s(self.components, self.documents), [])

    def test_a_missing_env_entry_is_named(self):
        broken = copy.deepcopy(self.documents)
        container = self.deployment(broken, "cart")["spec"]["template"]["spec"]["containers"][0]
        container["env"] = [e for e in container["env"] if e["name"] != "SHOP_PRODUCT_URL"]
        problems = required_env.check_k8s(self.components, broken)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("container cart: SHOP_PRODUCT_URL", problems[0])

    def test_config_map_keys_come_from_the_render(self):
        broken = copy.deepcopy(self.documents)
        config_map = next(d for d in broken if d["kind"] == "ConfigMap")
        del config_map["data"]["SHOP_KAFKA_BOOTSTRAP"]
        problems = required_env.check_k8s(self.components, broken)
        self.assertEqual({p.split(":")[0] for p in problems},
                         {f"Deployment shop-{n} container {n}" for n in
                          ("product", "cart", "order", "payment", "notification", "delivery",
                           "outbox-relay")})
        without = [d for d in self.documents if d["kind"] != "ConfigMap"]
        problems = required_env.check_k8s(self.components, without)
        self.assertIn("Deployment shop-auth: envFrom ConfigMap shop-common is not in the render",
                      problems)

    def test_secret_keys_come_from_the_render(self):
        broken = copy.deepcopy(self.documents)
        secret = next(d for d in broken if d["kind"] == "Secret")
        secret["stringData"] = {"OTHER": "x"}
        problems = required_env.check_k8s(self.components, broken)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("SHOP_RELAY_DATABASE_URLS", problems[0])

    def test_a_missing_deployment_is_named(self):
        broken = [d for d in self.documents
                  if d.get("metadata", {}).get("name") != "shop-payment-sim"]
        self.assertEqual(required_env.check_k8s(self.components, broken),
                         ["payment-sim: no Deployment for it in the render"])


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""The Dockerfile without a container engine: hadolint passes on it and fails on copies with a
mistake; check_dockerfile.py passes on it and fails on copies with a target or a runtime library
missing. Environment: SHOP_HADOLINT (the hadolint binary, default .local/venv/bin/hadolint),
SHOP_SHIPPED_BINARIES (the built binaries, ':'-separated; the runtime-library tests need them)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import check_dockerfile  # noqa: E402

DOCKERFILE = (ROOT / "Dockerfile").read_text()
HADOLINT = os.environ.get("SHOP_HADOLINT", str(ROOT / ".local/venv/bin/hadolint"))
BINARIES = [b for b in os.environ.get("SHOP_SHIPPED_BINARIES", "").split(":") if b]


def hadolint(text: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Dockerfile"
        path.write_text(text)
        return subprocess.run([HADOLINT, "--no-color", "--config", str(ROOT / ".hadolint.yaml"),
                               str(path)], capture_output=True, text=True)


def replaced(old: str, new: str, text: str = DOCKERFILE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


class Hadolint(unittest.TestCase):
    def test_it_is_the_real_hadolint(self):
        version = subprocess.run([HADOLINT, "--version"], capture_output=True, text=True)
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertIn("Haskell Dockerfile Linter", version.stdout)

    def test_the_dockerfile_passes(self):
        result = hadolint(DOCKERFILE)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_copies_with_a_mistake_fail(self):
        mistakes = {
            # an untagged base image
            "DL3006": replaced("FROM debian:${DEBIAN_TAG} AS build", "FROM debian AS build"),
            # cd inside RUN instead of WORKDIR
            "DL3003": replaced("RUN cmake --preset release", "RUN cd /src && cmake --preset release"),
            # the final user is root
            "DL3002": DOCKERFILE + "USER root\n",
            # apt lists left in the image
            "DL3009": replaced(" \\\n && rm -rf /var/lib/apt/lists/* \\\n && groupadd",
                               " \\\n && groupadd"),
        }
        for rule, text in mistakes.items():
            with self.subTest(rule=rule):
                result = hadolint(text)
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertIn(rule, result.stdout)


class Targets(unittest.TestCase):
    def test_the_dockerfile_passes(self):
        self.assertEqual(check_dockerfile.check_targets(DOCKERFILE), [])

    def test_a_missing_target_fails(self):
        start = DOCKERFILE.index("FROM runtime AS gateway")
        end = DOCKERFILE.index("FROM runtime AS outbox-relay")
        problems = check_dockerfile.check_targets(DOCKERFILE[:start] + DOCKERFILE[end:])
        self.assertIn("no target gateway (deploy/local/services.sh ships it)", problems)

    def test_an_unknown_target_fails(self):
        text = DOCKERFILE + ("\nFROM runtime AS warehouse-service\nCOPY --from=build "
                             "/out/warehouse-service /usr/local/bin/\n")
        self.assertIn("target warehouse-service is no binary of deploy/local/services.sh or "
                      "shopctl", check_dockerfile.check_targets(text))

    def test_a_binary_the_build_stage_does_not_build_fails(self):
        cmake = (check_dockerfile.ROOT / "CMakeLists.txt").read_text().replace("    shopctl)", ")")
        self.assertIn("the build stage does not build shopctl",
                      check_dockerfile.check_targets(DOCKERFILE, cmake))
        text = replaced("--target shipped", "--target gateway")
        self.assertIn("the build stage does not build shopctl", check_dockerfile.check_targets(text))

    def test_a_build_package_install_deps_lacks_fails(self):
        text = replaced("g++ cmake", "g++ clang cmake")
        self.assertIn("the build stage installs packages install-deps does not: ['clang']",
                      check_dockerfile.check_targets(text))

    def test_a_root_runtime_fails(self):
        text = replaced("USER 10001:10001\n", "")
        self.assertIn("the runtime stage sets no numeric non-root USER",
                      check_dockerfile.check_targets(text))


@unittest.skipUnless(BINARIES, "SHOP_SHIPPED_BINARIES is not set (ctest sets it)")
class RuntimeLibraries(unittest.TestCase):
    def test_the_dockerfile_passes(self):
        self.assertEqual(check_dockerfile.check_runtime_packages(DOCKERFILE, BINARIES), [])

    def test_a_missing_library_package_fails(self):
        for package, binary in (("libpqxx-6.4", "product-service"),
                                ("libcurl4", "notification-service"),
                                ("librdkafka1", "outbox-relay")):
            with self.subTest(package=package):
                text = re.sub(rf"(?<=\s){re.escape(package)}(?=\s)", "", DOCKERFILE, count=1)
                # curl (the healthcheck) pulls libcurl4 in, but a library a binary links must
                # be named: the check fails all the same.
                problems = check_dockerfile.check_runtime_packages(text, BINARIES)
                self.assertTrue(any(p.startswith(binary + ":") and package in p
                                    for p in problems), problems)


if __name__ == "__main__":
    unittest.main()

"""The shipped binaries, read from their sources without building anything: the component table
of deploy/local/services.sh, the CMake target `shipped` (CMakeLists.txt's SHOP_SHIPPED_BINARIES)
and the build commands of deploy/local/up. Used by test_shipped.py and
tests/deploy_containers/check_dockerfile.py (decision 0046)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_EXTRA = ["shopctl"]  # not a running component, but shipped


def component_binaries(services_sh: str | None = None) -> list[str]:
    """The BINARY column of SHOP_COMPONENTS, in table order."""
    text = services_sh
    if text is None:
        text = (ROOT / "deploy/local/services.sh").read_text()
    table = re.search(r"SHOP_COMPONENTS=\((.*?)\n\)", text, re.S)
    if not table:
        raise ValueError("services.sh has no SHOP_COMPONENTS=( ... ) table")
    return [row.split()[1] for row in re.findall(r'"([^"]+)"', table.group(1))]


def wanted_binaries(services_sh: str | None = None) -> list[str]:
    return component_binaries(services_sh) + SHIPPED_EXTRA


def cmake_shipped(cmakelists: str | None = None) -> list[str]:
    """The targets of set(SHOP_SHIPPED_BINARIES ...) in the top-level CMakeLists.txt, provided
    that list is what the `shipped` target depends on."""
    text = cmakelists if cmakelists is not None else (ROOT / "CMakeLists.txt").read_text()
    text = re.sub(r"#[^\n]*", "", text)
    found = re.search(r"set\(\s*SHOP_SHIPPED_BINARIES\s+([^)]*)\)", text)
    if not found or not re.search(r"add_custom_target\(\s*shipped\s*\)", text) or not re.search(
            r"add_dependencies\(\s*shipped\s+\$\{SHOP_SHIPPED_BINARIES\}\s*\)", text):
        raise ValueError("CMakeLists.txt defines no `shipped` target over SHOP_SHIPPED_BINARIES")
    return found.group(1).split()


def up_build_commands(up: str | None = None) -> list[str]:
    """Every `cmake --build ...` line deploy/local/up runs."""
    text = up if up is not None else (ROOT / "deploy/local/up").read_text()
    return [line.strip() for line in text.splitlines()
            if re.match(r"\s*cmake\s+--build\b", line)]


def check(services_sh: str | None = None, cmakelists: str | None = None,
          up: str | None = None) -> list[str]:
    """Problems (empty when all holds): `shipped` builds exactly the component table's binaries
    plus shopctl, once each, and up builds that target and nothing else."""
    problems = []
    wanted = wanted_binaries(services_sh)
    shipped = cmake_shipped(cmakelists)
    for binary in wanted:
        if binary not in shipped:
            problems.append(f"the CMake target `shipped` lacks {binary} "
                            "(deploy/local/services.sh runs it)")
    for binary in shipped:
        if binary not in wanted:
            problems.append(f"the CMake target `shipped` builds {binary}, which is no component of "
                            "deploy/local/services.sh nor shopctl")
    duplicates = sorted({b for b in shipped if shipped.count(b) > 1})
    if duplicates:
        problems.append(f"the CMake target `shipped` lists {duplicates} twice")
    commands = up_build_commands(up)
    if not commands:
        problems.append("deploy/local/up runs no `cmake --build`")
    for command in commands:
        targets = re.findall(r"--target[ =](\S+(?:\s+[^-\s]\S*)*)", command)
        if " ".join(targets).split() != ["shipped"]:
            problems.append("deploy/local/up builds something else than --target shipped: "
                            + command)
    return problems

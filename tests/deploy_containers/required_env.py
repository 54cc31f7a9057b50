#!/usr/bin/env python3
"""The environment contract of a deployment: which variables each component needs, read from the
code, and whether a compose file or a rendered Kubernetes manifest sets them.

  required_env.py --list                         the derived variables per component
  required_env.py --compose deploy/compose/compose.yaml
  required_env.py --k8s rendered.yaml            (kustomize build output, several documents)

Exit status 0 when every component sets every variable it needs, 1 otherwise (each gap printed).

How the list is derived (kept simple on purpose; test_required_env.py pins its results):

* Components are the rows of SHOP_COMPONENTS in deploy/local/services.sh (name, binary). A
  component's own sources are the non-test .cpp/.hpp files under the directory whose CMakeLists.txt
  makes its binary (shop_service(... EXECUTABLE) or add_executable).
* Shared code (services/platform, events; its .cpp files) is read function by function: a definition
  starts at column 0 (the code is clang-formatted, namespaces are not indented) and runs to the
  next one. A component reads what its own files read, plus what every shared function it calls
  reads, transitively (a call is the function's name followed by "(": `X::F(`, `.F(` or `->F(` for
  a method of X, `F(` for a free function). So product, which calls RunService ->
  LoadServiceConfig, needs SHOP_DATABASE_URL; the gateway, which calls RunHttpService, does not.
* A variable is REQUIRED when
  (a) it is read with EnvConfig::RequiredString("SHOP_..."), or
  (b) its default in the code is a loopback address (127.0.0.1, localhost, ::1): in a container
      loopback is the container itself, so the default can never be right. Defaults are found as
      - env.String("SHOP_X", "<literal>"), or env.String("SHOP_X", options.member) with the
        member's initialiser in a header ("std::string url = \"smtp://127.0.0.1:8025\";");
      - http::LoadOwnerClientOptions(env, PREFIX, name, "<default url>") -> PREFIX_URL (PREFIX a
        literal or a constant of the same file);
      - the gateway's upstreams: a file building "SHOP_" + upper + "_URL" with a loopback default
        names the upstreams in its kDefaultPorts map {"auth", 8081}, ... -> SHOP_AUTH_URL, ...
* A deployment sets a variable when it sets NAME or NAME_FILE (the secrets-from-files convention
  of platform/config/env_config.hpp).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SHARED_DIRS = ("services/platform", "events")
LOOPBACK = re.compile(r"127\.0\.0\.1|localhost|\[::1\]")

REQUIRED_RE = re.compile(r'RequiredString\(\s*"(SHOP_\w+)"\s*\)')
STRING_RE = re.compile(r'\.String\(\s*"(SHOP_\w+)"\s*,\s*([^()]*?)\)', re.S)
OWNER_RE = re.compile(
    r'LoadOwnerClientOptions\(\s*\w+\s*,\s*("SHOP_\w+"|\w+)\s*,\s*[^,]+,\s*"([^"]*)"\s*\)', re.S)
GATEWAY_URL_RE = re.compile(r'"SHOP_"\s*\+\s*\w+\s*\+\s*"_URL"')
DEFAULT_PORTS_RE = re.compile(r"kDefaultPorts\s*\{(.*?)\};", re.S)
DEF_RE = re.compile(
    r"^(?!#|//|namespace\b|class\b|struct\b|using\b|template\b|return\b|\}|\s)"
    r"(?:[\w:<>,*&\s]*?[\s*&])?((?:\w+::)*)(~?\w+)\s*\(")


@dataclass
class Component:
    name: str
    binary: str
    source_dir: Path
    needs: dict[str, str] = field(default_factory=dict)  # variable -> why


@dataclass
class Function:
    qualifier: str  # "Authenticator" for Authenticator::FromEnv, "" for a free function
    name: str
    path: Path
    body: str
    reads: dict[str, str] = field(default_factory=dict)
    file_local: bool = False  # in an anonymous namespace: called only from its own file
    code: str = ""  # the body without comments and string literals

    def __post_init__(self) -> None:
        self.code = code_only(self.body)

    def call_pattern(self) -> re.Pattern[str]:
        name = re.escape(self.name)
        if self.qualifier:
            return re.compile(rf"(?:\b{re.escape(self.qualifier)}::|\.|->){name}\s*\(")
        return re.compile(rf"(?<![\w.>]){name}\s*\(|::{name}\s*\(")


def code_only(text: str) -> str:
    """`text` without comments and string literals: what can call a function."""
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def sources(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix in (".cpp", ".hpp")
                  and not p.name.endswith("_test.cpp") and "test" not in p.stem.split("_")[-1:])


def components_of(root: Path) -> list[Component]:
    """The rows of SHOP_COMPONENTS in deploy/local/services.sh, each with its source directory."""
    text = (root / "deploy/local/services.sh").read_text()
    table = re.search(r"SHOP_COMPONENTS=\((.*?)\n\)", text, re.S)
    if not table:
        raise SystemExit("deploy/local/services.sh: no SHOP_COMPONENTS table")
    binaries = binary_dirs(root)
    result = []
    for row in re.findall(r'"([^"]+)"', table.group(1)):
        name, binary = row.split()[:2]
        if binary not in binaries:
            raise SystemExit(f"{binary}: no CMakeLists.txt makes it")
        result.append(Component(name, binary, binaries[binary]))
    return result


def binary_dirs(root: Path) -> dict[str, Path]:
    """Executable name -> the directory of the CMakeLists.txt that makes it."""
    found = {}
    for cmake in root.glob("**/CMakeLists.txt"):
        if any(part in ("build", ".local", "tests") for part in cmake.relative_to(root).parts):
            continue
        text = cmake.read_text()
        for call in re.finditer(r"shop_service\((.*?)\)", text, re.S):
            args = call.group(1)
            name = re.search(r"NAME\s+(\w+)", args).group(1)
            exe = re.search(r"EXECUTABLE\s+(\S+)", args)
            found[exe.group(1) if exe else f"{name}-service"] = cmake.parent
        for exe in re.findall(r"add_executable\(([\w-]+)", text):
            found.setdefault(exe, cmake.parent)
    return found


def member_default(member: str, texts: list[str]) -> str | None:
    for text in texts:
        match = re.search(rf'\b{re.escape(member)}\s*(?:=\s*|\{{\s*)"([^"]*)"', text)
        if match:
            return match.group(1)
    return None


def reads_in(text: str, where: str, headers: list[str]) -> dict[str, str]:
    """The required variables one piece of code reads: {name: why}."""
    found: dict[str, str] = {}
    for name in REQUIRED_RE.findall(text):
        found.setdefault(name, f"RequiredString in {where}")
    for name, default in STRING_RE.findall(text):
        default = default.strip()
        value = default
        member = re.fullmatch(r"\w+\.(\w+)", default)
        if member:
            value = member_default(member.group(1), [text] + headers) or ""
        if LOOPBACK.search(value):
            found.setdefault(name, f"loopback default {value.strip(chr(34))} in {where}")
    for prefix, default in OWNER_RE.findall(text):
        if prefix.startswith('"'):
            prefix = prefix.strip('"')
        else:
            constant = re.search(rf'\b{re.escape(prefix)}\s*=\s*"(SHOP_\w+)"', text)
            if not constant:
                continue
            prefix = constant.group(1)
        if LOOPBACK.search(default):
            found.setdefault(prefix + "_URL", f"loopback default {default} in {where}")
    if GATEWAY_URL_RE.search(text) and LOOPBACK.search(text):
        ports = DEFAULT_PORTS_RE.search(text)
        for upstream in re.findall(r'\{\s*"([\w-]+)"\s*,', ports.group(1) if ports else ""):
            name = "SHOP_" + upstream.upper().replace("-", "_") + "_URL"
            found.setdefault(name, f"gateway upstream with a loopback default in {where}")
    return found


def shared_functions(root: Path) -> list[Function]:
    functions: list[Function] = []
    headers = [p.read_text() for d in SHARED_DIRS for p in sources(root / d) if p.suffix == ".hpp"]
    for directory in SHARED_DIRS:
        # Definitions live in .cpp files; a header's declarations would only blur the bodies.
        for path in (p for p in sources(root / directory) if p.suffix == ".cpp"):
            lines = path.read_text().splitlines()
            starts = []
            anonymous = False
            for number, line in enumerate(lines):
                if re.match(r"namespace\s*\{", line):
                    anonymous = True
                elif re.match(r"\}\s*// namespace\s*$", line):
                    anonymous = False
                match = DEF_RE.match(line)
                if match and not line.rstrip().endswith(";"):
                    qualifier = match.group(1).rstrip(":").split("::")[-1]
                    # A namespace qualifier (lower case) is no class: shop::x::F is free.
                    if qualifier and not qualifier[0].isupper():
                        qualifier = ""
                    starts.append((number, qualifier, match.group(2), anonymous))
            for index, (number, qualifier, name, local) in enumerate(starts):
                end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
                body = "\n".join(lines[number:end])
                where = f"{path.relative_to(root)}:{number + 1} ({name})"
                functions.append(Function(qualifier, name, path, body,
                                          reads_in(body, where, headers), local))
    return functions


def derive(root: Path) -> list[Component]:
    """Every component with the variables it needs (Component.needs)."""
    functions = shared_functions(root)
    patterns = [f.call_pattern() for f in functions]
    # What each shared function reads, its callees' reads included: a fixpoint that looks only
    # for calls of functions known to read something (few), not of every function.
    total = [dict(f.reads) for f in functions]
    changed = True
    while changed:
        changed = False
        readers = [j for j in range(len(functions)) if total[j]]
        for i, caller in enumerate(functions):
            for j in readers:
                callee = functions[j]
                if i == j or (callee.file_local and callee.path != caller.path):
                    continue
                if not patterns[j].search(caller.code):
                    continue
                for name, why in total[j].items():
                    if name not in total[i]:
                        total[i][name] = why
                        changed = True
    shared_headers = [p.read_text() for d in SHARED_DIRS for p in sources(root / d)
                      if p.suffix == ".hpp"]
    components = components_of(root)
    for component in components:
        files = sources(component.source_dir)
        own_headers = [p.read_text() for p in files if p.suffix == ".hpp"]
        for path in files:
            text = path.read_text()
            code = code_only(text)
            where = str(path.relative_to(root))
            for name, why in reads_in(text, where, own_headers + shared_headers).items():
                component.needs.setdefault(name, why)
            for index, pattern in enumerate(patterns):
                if total[index] and not functions[index].file_local and pattern.search(code):
                    for name, why in total[index].items():
                        component.needs.setdefault(
                            name, f"{why}, reached from {where} via {functions[index].name}")
    return components


# --- checks of a deployment -------------------------------------------------------------------

def is_set(variable: str, present: set[str]) -> bool:
    return variable in present or variable + "_FILE" in present


def check_compose(components: list[Component], compose: dict) -> list[str]:
    problems = []
    services = compose.get("services") or {}
    for component in components:
        service = services.get(component.name)
        if service is None:
            problems.append(f"{component.name}: no compose service of that name")
            continue
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) if "=" in item else (item, None)
                               for item in environment)
        present = {k for k, v in environment.items() if v not in (None, "")}
        for variable in sorted(component.needs):
            if not is_set(variable, present):
                problems.append(f"{component.name}: {variable} (or {variable}_FILE) is not set"
                                f" [{component.needs[variable]}]")
    return problems


def deployment_component(deployment: dict, names: list[str]) -> str | None:
    metadata = deployment.get("metadata") or {}
    labels = metadata.get("labels") or {}
    for key in ("app.kubernetes.io/name", "app.kubernetes.io/component", "app"):
        if labels.get(key) in names:
            return labels[key]
    name = metadata.get("name", "")
    # kustomize namePrefix/nameSuffix: the longest component name inside the object's name.
    candidates = [n for n in names if re.search(rf"(^|-){re.escape(n)}(-|$)", name)]
    return max(candidates, key=len) if candidates else None


def check_k8s(components: list[Component], documents: list[dict]) -> list[str]:
    problems = []
    config_maps: dict[str, set[str]] = {}
    secrets: dict[str, set[str]] = {}
    for doc in documents:
        kind, name = doc.get("kind"), (doc.get("metadata") or {}).get("name")
        if kind == "ConfigMap":
            config_maps[name] = set((doc.get("data") or {})) | set((doc.get("binaryData") or {}))
        elif kind == "Secret":
            secrets[name] = set((doc.get("data") or {})) | set((doc.get("stringData") or {}))
    names = [c.name for c in components]
    seen: set[str] = set()
    for doc in documents:
        if doc.get("kind") != "Deployment":
            continue
        component_name = deployment_component(doc, names)
        label = f"Deployment {(doc.get('metadata') or {}).get('name')}"
        if component_name is None:
            continue
        seen.add(component_name)
        component = next(c for c in components if c.name == component_name)
        pod = ((doc.get("spec") or {}).get("template") or {}).get("spec") or {}
        for container in pod.get("containers") or []:
            present: set[str] = set()
            for entry in container.get("env") or []:
                if entry.get("value") not in (None, "") or entry.get("valueFrom"):
                    present.add(entry.get("name"))
            for source in container.get("envFrom") or []:
                prefix = source.get("prefix", "")
                if "configMapRef" in source:
                    ref = source["configMapRef"].get("name")
                    if ref not in config_maps:
                        if not source["configMapRef"].get("optional"):
                            problems.append(f"{label}: envFrom ConfigMap {ref} is not in the render")
                        continue
                    present |= {prefix + k for k in config_maps[ref]}
                elif "secretRef" in source:
                    ref = source["secretRef"].get("name")
                    if ref in secrets and secrets[ref]:
                        present |= {prefix + k for k in secrets[ref]}
                    else:
                        # A Secret made outside the render (an operator's, a sealed one): its
                        # keys are unknown here, so it is taken to provide what is missing.
                        present |= {v for v in component.needs if not is_set(v, present)}
            for variable in sorted(component.needs):
                if not is_set(variable, present):
                    problems.append(
                        f"{label} container {container.get('name')}: {variable} (or "
                        f"{variable}_FILE) is not set [{component.needs[variable]}]")
    for component in components:
        if component.name not in seen:
            problems.append(f"{component.name}: no Deployment for it in the render")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--list", action="store_true", help="print the derived variables")
    parser.add_argument("--why", action="store_true", help="with --list: where each comes from")
    parser.add_argument("--compose", type=Path, help="a compose file to check")
    parser.add_argument("--k8s", type=Path, help="a rendered multi-document manifest to check")
    parser.add_argument("--absent", action="append", default=[], metavar="COMPONENT",
                        help="a component the checked deployment leaves out on purpose (the prod "
                             "overlay has no payment-sim); repeatable")
    args = parser.parse_args(argv)
    import yaml  # Debian's python3-yaml

    components = derive(args.root)
    unknown = set(args.absent) - {c.name for c in components}
    if unknown:
        parser.error(f"--absent names no component: {', '.join(sorted(unknown))}")
    checked_components = [c for c in components if c.name not in args.absent]
    if args.list or not (args.compose or args.k8s):
        for component in components:
            print(f"{component.name}: {' '.join(sorted(component.needs))}")
            if args.why:
                for variable, why in sorted(component.needs.items()):
                    print(f"    {variable}: {why}")
    problems = []
    if args.compose:
        problems += [f"{args.compose}: {p}" for p in
                     check_compose(checked_components, yaml.safe_load(args.compose.read_text()))]
    if args.k8s:
        documents = [d for d in yaml.safe_load_all(args.k8s.read_text()) if isinstance(d, dict)]
        problems += [f"{args.k8s}: {p}" for p in check_k8s(checked_components, documents)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if (args.compose or args.k8s) and not problems:
        checked = " and ".join(str(p) for p in (args.compose, args.k8s) if p)
        print(f"{checked}: every component sets the variables it needs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

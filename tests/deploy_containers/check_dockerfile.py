#!/usr/bin/env python3
"""Checks of the Dockerfile that need no container engine.

  check_dockerfile.py targets [--dockerfile F]
      The image targets are exactly the binaries of deploy/local/services.sh plus shopctl; each
      target copies and runs its own binary, which the build stage builds and copies out; the
      build stage installs only packages deploy/local/install-deps installs.
  check_dockerfile.py runtime-packages [--dockerfile F] BINARY...
      Every Debian package that provides a shared library the binaries load (ldd -> dpkg -S) is
      installed by the runtime stage: either named there, or pulled in by a package named there
      (Depends/Pre-Depends, read from dpkg's database), or part of the base image (the essential
      and Priority: required packages, with what they depend on). A package providing a library
      a binary links directly (ELF NEEDED) must be named or be in the base image, not merely be
      pulled in by another.
Exit status 0 when all holds, 1 with each problem printed.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "deploy_local"))
import shipped  # noqa: E402  (the component table and the CMake target `shipped`)


def stages(dockerfile: str) -> dict[str, str]:
    """Stage name -> its text (FROM line up to the next FROM)."""
    text = re.sub(r"\\\n", " ", dockerfile)  # join continuation lines
    result: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"\s*FROM\s+\S+(?:\s+AS\s+(\S+))?", line, re.I)
        if match:
            current = match.group(1) or f"stage{len(result)}"
            result[current] = ""
        if current:
            result[current] += line + "\n"
    return result


def apt_packages(stage_text: str) -> list[str]:
    packages = []
    for command in re.findall(r"apt-get install ([^&;]*)", stage_text):
        packages += [w for w in command.split() if not w.startswith("-")]
    return packages


def install_deps_packages() -> set[str]:
    text = (ROOT / "deploy/local/install-deps").read_text()
    block = re.search(r"packages=\((.*?)\n\)", text, re.S).group(1)
    return {w for line in block.splitlines() for w in line.split("#")[0].split()}


def check_targets(dockerfile: str, cmakelists: str | None = None) -> list[str]:
    """`cmakelists` (default: the top-level CMakeLists.txt) says what `--target shipped` builds."""
    problems = []
    found = stages(dockerfile)
    wanted = shipped.wanted_binaries()
    images = [name for name in found if name not in ("build", "runtime")]
    for binary in wanted:
        if binary not in found:
            problems.append(f"no target {binary} (deploy/local/services.sh ships it)")
            continue
        text = found[binary]
        if not re.search(rf"FROM\s+runtime\s+AS\s+{re.escape(binary)}\b", text, re.I):
            problems.append(f"target {binary} is not built FROM runtime")
        if f"--from=build /out/{binary} " not in text:
            problems.append(f"target {binary} does not copy /out/{binary} from the build stage")
        if f'ENTRYPOINT ["/usr/local/bin/{binary}"]' not in text:
            problems.append(f"target {binary} does not run /usr/local/bin/{binary}")
    for name in images:
        if name not in wanted:
            problems.append(f"target {name} is no binary of deploy/local/services.sh or shopctl")
    build = found.get("build", "")
    build_targets = re.search(r"--target\s+([\w\s-]+?)\s*&&", build)
    built = set(build_targets.group(1).split()) if build_targets else set()
    if "shipped" in built:
        built = (built - {"shipped"}) | set(shipped.cmake_shipped(cmakelists))
    for binary in wanted:
        if binary not in built:
            problems.append(f"the build stage does not build {binary}")
        if not re.search(rf"build/release/\S*/{re.escape(binary)}\s", build):
            problems.append(f"the build stage does not copy build/release/.../{binary} to /out")
    extra = sorted(set(apt_packages(build)) - install_deps_packages())
    if extra:
        problems.append(f"the build stage installs packages install-deps does not: {extra}")
    if not re.search(r"^USER\s+\d+", found.get("runtime", ""), re.M):
        problems.append("the runtime stage sets no numeric non-root USER")
    return problems


def dpkg_owners(paths: set[str]) -> dict[str, str]:
    """Library path -> the package owning it (one dpkg-query for all). /lib and /usr/lib are one
    directory on a merged-/usr system, and dpkg knows each file under one of the two names."""
    candidates: dict[str, str] = {}
    for path in paths:
        for c in (path, str(Path(path).resolve())):
            candidates[c] = path
            if c.startswith("/lib"):
                candidates["/usr" + c] = path
            elif c.startswith("/usr/lib"):
                candidates[c[len("/usr"):]] = path
    out = subprocess.run(["dpkg-query", "-S", *sorted(candidates)], capture_output=True,
                         text=True).stdout
    owners: dict[str, str] = {}
    for line in out.splitlines():
        package, _, file = line.partition(": ")
        if file in candidates and "," not in package:
            owners.setdefault(candidates[file], package.split(":")[0].strip())
    return owners


def libraries(binary: str) -> tuple[set[str], set[str]]:
    """(every library path ldd resolves, the sonames the binary itself NEEDs)."""
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    paths = set(re.findall(r"=>\s+(/\S+)", ldd)) | set(re.findall(r"^\s*(/\S+)\s+\(", ldd, re.M))
    if "not found" in ldd:
        raise SystemExit(f"{binary}: ldd cannot resolve every library:\n{ldd}")
    elf = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                         check=True).stdout
    return paths, set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", elf))


class InstalledPackages:
    """dpkg's database of this machine, read once."""

    def __init__(self) -> None:
        fields = "${Package}\t${Priority}\t${Essential}\t${db:Status-Abbrev}\t${Depends}, ${Pre-Depends}\n"
        out = subprocess.run(["dpkg-query", "-W", "-f=" + fields], capture_output=True, text=True,
                             check=True).stdout
        self.depends: dict[str, list[list[str]]] = {}
        self.base: set[str] = set()
        for line in out.splitlines():
            name, priority, essential, status, depends = line.split("\t")
            if not status.startswith("ii"):
                continue
            self.depends[name] = [[o.strip().split(" ")[0].split(":")[0] for o in a.split("|")]
                                  for a in depends.split(",") if a.strip()]
            # What every Debian image has: the essential and required packages (debian:12-slim).
            if essential == "yes" or priority == "required":
                self.base.add(name)
        self.base = self.closure(self.base)

    def closure(self, packages: set[str]) -> set[str]:
        """The packages and, transitively, what they depend on (as installed here)."""
        seen: set[str] = set()
        todo = list(packages)
        while todo:
            package = todo.pop()
            if package in seen:
                continue
            seen.add(package)
            for alternatives in self.depends.get(package, []):
                # "a (>= 1) | b": the first alternative installed here.
                installed = [a for a in alternatives if a in self.depends]
                if installed:
                    todo.append(installed[0])
        return seen


def check_runtime_packages(dockerfile: str, binaries: list[str]) -> list[str]:
    runtime = stages(dockerfile).get("runtime")
    if runtime is None:
        return ["no stage named runtime"]
    db = InstalledPackages()
    named = set(apt_packages(runtime))
    covered = db.closure(named) | db.base
    problems = []
    for binary in binaries:
        paths, needed = libraries(binary)
        owners = dpkg_owners(paths)
        for path in sorted(paths):
            package = owners.get(path)
            if package is None:
                problems.append(f"{binary}: {path} belongs to no Debian package")
            elif Path(path).name in needed and package not in named | db.base:
                problems.append(f"{Path(binary).name}: links {Path(path).name} of {package}, "
                                "which the runtime stage does not install by name")
            elif package not in covered:
                problems.append(f"{Path(binary).name}: loads {Path(path).name} of {package}, "
                                "which the runtime stage does not install")
    return sorted(set(problems))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["targets", "runtime-packages"])
    parser.add_argument("--dockerfile", type=Path, default=ROOT / "Dockerfile")
    parser.add_argument("binaries", nargs="*")
    args = parser.parse_intermixed_args(argv)
    dockerfile = args.dockerfile.read_text()
    if args.mode == "targets":
        problems = check_targets(dockerfile)
        ok = f"{args.dockerfile}: a target for each of {len(shipped.wanted_binaries())} binaries"
    else:
        if not args.binaries:
            parser.error("runtime-packages needs the built binaries")
        problems = check_runtime_packages(dockerfile, args.binaries)
        ok = f"{args.dockerfile}: the runtime stage installs every library of {len(args.binaries)} binaries"
    for problem in problems:
        print(f"{args.dockerfile}: {problem}", file=sys.stderr)
    if not problems:
        print(ok)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Checks the alert rules' metadata against the docs and the promtool unit tests.

    check_alerts.py REPO_ROOT

For every alert of deploy/monitoring/rules/*.yml:
  - labels.severity is critical or warning; annotations summary and description are set;
  - annotations.runbook_url is docs/runbooks/<file>.md#<anchor>, the file exists and has a heading
    whose GitHub anchor is <anchor>;
  - deploy/monitoring/tests/*.yml has a case where it fires (exp_alerts not empty) and one where it
    stays quiet (exp_alerts empty), for a rule file that loads it.
Prints each problem and exits 1 when there is any. Needs PyYAML.
"""
import glob
import os
import re
import sys

import yaml

SEVERITIES = {"critical", "warning"}
RUNBOOK = re.compile(r"^(docs/runbooks/[a-z0-9_-]+\.md)#([a-z0-9_-]+)$")


def github_anchor(heading):
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path):
    anchors = set()
    in_code = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                in_code = not in_code
            elif not in_code and line.startswith("#"):
                anchors.add(github_anchor(line.lstrip("#")))
    return anchors


def main():
    root = sys.argv[1]
    problems = []
    alerts = {}  # name -> rule file (basename)
    for path in sorted(glob.glob(os.path.join(root, "deploy/monitoring/rules/*.yml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for group in doc["groups"]:
            for rule in group["rules"]:
                name = rule.get("alert")
                if not name:
                    continue
                alerts[name] = os.path.basename(path)
                where = f"{os.path.basename(path)}: {name}"
                if rule.get("labels", {}).get("severity") not in SEVERITIES:
                    problems.append(f"{where}: severity must be one of {sorted(SEVERITIES)}")
                annotations = rule.get("annotations", {})
                for key in ("summary", "description"):
                    if not str(annotations.get(key, "")).strip():
                        problems.append(f"{where}: no {key} annotation")
                url = annotations.get("runbook_url", "")
                match = RUNBOOK.match(url)
                if not match:
                    problems.append(f"{where}: runbook_url {url!r} is not docs/runbooks/<file>.md#<anchor>")
                    continue
                file, anchor = match.groups()
                if not os.path.isfile(os.path.join(root, file)):
                    problems.append(f"{where}: runbook {file} does not exist")
                elif anchor not in anchors_of(os.path.join(root, file)):
                    problems.append(f"{where}: {file} has no heading with anchor #{anchor}")

    fires, quiet = set(), set()
    for path in sorted(glob.glob(os.path.join(root, "deploy/monitoring/tests/*.yml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        loaded = {os.path.basename(p) for p in doc.get("rule_files", [])}
        for test in doc.get("tests", []):
            for case in test.get("alert_rule_test", []):
                name = case.get("alertname")
                if alerts.get(name) not in loaded:
                    continue
                (fires if case.get("exp_alerts") else quiet).add(name)
    for name in sorted(alerts):
        if name not in fires:
            problems.append(f"{name}: no promtool test case where it fires")
        if name not in quiet:
            problems.append(f"{name}: no promtool test case where it stays quiet")

    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"{len(alerts)} alerts: metadata, runbook links and unit test cases present")


if __name__ == "__main__":
    main()

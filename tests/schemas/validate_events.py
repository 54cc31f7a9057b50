#!/usr/bin/env python3
"""Validates events captured from Kafka against their JSON Schemas (DESIGN.md section 3).

Reads lines `<topic>\t<value>` on stdin (e.g. from `kcat -C -t T -e -f '%t\\t%s\\n'`), validates
each value against schemas/events/<topic>/v1.json with formats asserted, prints one line per
failure and a summary `validated N events`, and exits 1 when any event does not conform.

Usage: kcat ... | validate_events.py [repo root]
"""
import json
import pathlib
import sys

import jsonschema

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
validators = {}
failures = 0
count = 0
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line:
        continue
    topic, _, value = line.partition("\t")
    if topic not in validators:
        schema = json.loads((ROOT / "schemas" / "events" / topic / "v1.json").read_text())
        validators[topic] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    count += 1
    try:
        errors = sorted(validators[topic].iter_errors(json.loads(value)), key=str)
    except json.JSONDecodeError as e:
        errors = [f"not JSON: {e}"]
    for error in errors:
        failures += 1
        message = getattr(error, "message", str(error))
        print(f"{topic}: {message}: {value[:200]}")
print(f"validated {count} events, {failures} problems")
sys.exit(1 if failures else 0)

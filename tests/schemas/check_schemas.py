#!/usr/bin/env python3
"""Checks the event contracts (DESIGN.md section 3), run by ctest as EventSchemasAreValidAndExamplesConform.

1. Every schemas/events/<type>/v<N>.json is a valid JSON Schema 2020-12 document.
2. The types are the schema folders; their newest schema's $id is the type's schema id. That they
   are exactly the types of the event catalogue (events/catalog/catalog.hpp) with the same schema
   ids is checked by the catalogue's unit test EventCatalogTest.
3. Examples beside each schema: examples/valid-*.json must validate, examples/invalid-*.json must
   not (formats such as uuid are asserted); at least one of each per type.
4. schemas/asyncapi.yaml: every type has a channel whose address is the type and whose
   payload $ref is the type's schema file; every channel address has a line in
   deploy/local/kafka/topics.txt (partitions equal to the channel's kafka binding) or is marked
   `x-planned: true` (and then must not be in topics.txt yet); every topic in topics.txt has a
   channel; every $ref to a file resolves.

Usage: check_schemas.py [repo root]   (default: two levels above this file)
"""
import json
import pathlib
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    sys.exit(f"check_schemas: FAILED: missing Python module ({e}). Install the Debian packages "
             "python3-jsonschema and python3-yaml (deploy/local/install-deps).")

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]).resolve()
EVENTS = ROOT / "schemas" / "events"
ASYNCAPI = ROOT / "schemas" / "asyncapi.yaml"
TOPICS = ROOT / "deploy" / "local" / "kafka" / "topics.txt"

errors = []


def fail(msg):
    errors.append(msg)


def rel(p):
    return p.relative_to(ROOT)


def load_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail(f"{rel(path)}: not readable JSON: {e}")
        return None


def schema_types():
    """type -> schema id of its newest version, from the folders of schemas/events."""
    types = {}
    for folder in sorted(p for p in EVENTS.iterdir() if p.is_dir()):
        versions = sorted(int(m.group(1)) for f in folder.glob("v*.json")
                          if (m := re.fullmatch(r"v(\d+)\.json", f.name)))
        if not versions:
            fail(f"{rel(folder)}: no schema file v<N>.json")
            continue
        types[folder.name] = f"urn:shop:schema:{folder.name}:v{versions[-1]}"
    return types


def topics_txt():
    topics = {}
    for n, line in enumerate(TOPICS.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) < 2 or not fields[1].isdigit():
            fail(f"{rel(TOPICS)}:{n}: expected 'name partitions [config=value ...]'")
            continue
        topics[fields[0]] = int(fields[1])
    return topics


def check_schemas():
    checked_examples = 0
    schema_files = sorted(EVENTS.glob("*/v*.json"))
    if not schema_files:
        fail(f"no schema files under {rel(EVENTS)}")
    schemas = {}
    for path in schema_files:
        schema = load_json(path)
        if schema is None:
            continue
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            fail(f"{rel(path)}: not a valid JSON Schema 2020-12: {e.message} at /{'/'.join(map(str, e.absolute_path))}")
            continue
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            fail(f"{rel(path)}: $schema must be https://json-schema.org/draft/2020-12/schema")
        type_name, version = path.parent.name, path.stem  # v1
        want_id = f"urn:shop:schema:{type_name}:{version}"
        if schema.get("$id") != want_id:
            fail(f"{rel(path)}: $id is {schema.get('$id')!r}, expected {want_id!r}")
        if schema.get("additionalProperties") is False:
            fail(f"{rel(path)}: additionalProperties must not be false (evolution is additive)")
        if "version" not in schema.get("required", []):
            fail(f"{rel(path)}: every event data must require `version` (DESIGN.md 3)")
        schemas[(type_name, version)] = schema

    format_checker = jsonschema.FormatChecker()
    for (type_name, version), schema in sorted(schemas.items()):
        validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker)
        examples = EVENTS / type_name / "examples"
        valid = sorted(examples.glob("valid-*.json"))
        invalid = sorted(examples.glob("invalid-*.json"))
        if not valid or not invalid:
            fail(f"{rel(examples)}: needs at least one valid-*.json and one invalid-*.json "
                 f"(found {len(valid)} valid, {len(invalid)} invalid)")
        for path in valid:
            data = load_json(path)
            if data is None:
                continue
            checked_examples += 1
            for e in validator.iter_errors(data):
                fail(f"{rel(path)}: should conform to {type_name} {version} but: {e.message} "
                     f"at /{'/'.join(map(str, e.absolute_path))}")
        for path in invalid:
            data = load_json(path)
            if data is None:
                continue
            checked_examples += 1
            if validator.is_valid(data):
                fail(f"{rel(path)}: should be rejected by {type_name} {version} but conforms")
    return len(schemas), checked_examples


def check_asyncapi(types, topics):
    try:
        doc = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        fail(f"{rel(ASYNCAPI)}: not readable YAML: {e}")
        return 0
    if not isinstance(doc, dict) or not str(doc.get("asyncapi", "")).startswith("3."):
        fail(f"{rel(ASYNCAPI)}: not an AsyncAPI 3.x document")
        return 0
    channels = doc.get("channels") or {}
    messages = (doc.get("components") or {}).get("messages") or {}

    def resolve_local(ref):
        node = doc
        for part in ref.lstrip("#/").split("/"):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    # every $ref in the document: local ones resolve, file ones exist
    def walk(node, where):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref.startswith("#/"):
                    if resolve_local(ref) is None:
                        fail(f"{rel(ASYNCAPI)}: {where}: $ref {ref} does not resolve")
                elif not (ASYNCAPI.parent / ref.split("#", 1)[0]).exists():
                    fail(f"{rel(ASYNCAPI)}: {where}: $ref {ref} names a missing file")
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")
    walk(doc, "")

    addresses = {}
    for cid, ch in channels.items():
        address = (ch or {}).get("address")
        if not address:
            fail(f"{rel(ASYNCAPI)}: channel {cid} has no address")
            continue
        if address in addresses:
            fail(f"{rel(ASYNCAPI)}: channels {addresses[address]} and {cid} share address {address}")
        addresses[address] = cid
        planned = ch.get("x-planned") is True
        if address in topics:
            if planned:
                fail(f"{rel(ASYNCAPI)}: channel {cid} ({address}) is marked x-planned but "
                     f"{rel(TOPICS)} already creates it; drop the mark")
            kafka = ((ch.get("bindings") or {}).get("kafka") or {})
            if kafka.get("partitions") is not None and kafka["partitions"] != topics[address]:
                fail(f"{rel(ASYNCAPI)}: channel {cid} says {kafka['partitions']} partitions, "
                     f"{rel(TOPICS)} says {topics[address]}")
        elif not planned:
            fail(f"{rel(ASYNCAPI)}: channel {cid} ({address}) has no line in {rel(TOPICS)}; add the "
                 "topic there or mark the channel `x-planned: true`")
    for topic in sorted(set(topics) - set(addresses)):
        fail(f"{rel(TOPICS)}: topic {topic} has no channel in {rel(ASYNCAPI)}")

    for type_name, schema_id in types.items():
        cid = addresses.get(type_name)
        if cid is None:
            fail(f"{rel(ASYNCAPI)}: type {type_name} has no channel with address {type_name}")
            continue
        version = schema_id.rsplit(":", 1)[1]
        want = f"./events/{type_name}/{version}.json"
        refs = set()
        for m in (channels[cid].get("messages") or {}).values():
            msg = resolve_local(m["$ref"]) if isinstance(m, dict) and "$ref" in m else m
            payload = (msg or {}).get("payload") or {}
            refs.add(((payload.get("schema") or payload).get("$ref")))
        if want not in refs:
            fail(f"{rel(ASYNCAPI)}: channel {cid} has no message whose payload $ref is {want}")
    return len(channels)


def main():
    types = schema_types()
    topics = topics_txt()
    n_schemas, n_examples = check_schemas()
    n_channels = check_asyncapi(types, topics)
    if errors:
        print(f"check_schemas: FAILED ({len(errors)} problem(s)):", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    print(f"check_schemas: OK: {len(types)} types, {n_schemas} schemas valid under "
          f"JSON Schema 2020-12 with matching $id, {n_examples} examples behave as named, "
          f"{n_channels} AsyncAPI channels consistent with {len(topics)} topics in topics.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes simulator/src/test/resources/ecs-api-model/register-task-definition-members.txt from ECS's API model.

Usage: scripts/ecs-api-members.py SERVICE_JSON BOTOCORE_VERSION > simulator/src/test/resources/ecs-api-model/register-task-definition-members.txt

SERVICE_JSON is botocore's data/ecs/2014-11-13/service-2.json (or .json.gz). To get the newest one without pip:
  add a Debian sid source in a temporary sources.list.d file, `apt-get update`, `apt-get download python3-botocore/sid`,
  remove the source, `dpkg-deb -x python3-botocore_*.deb x`; the model is under x/usr/lib/python3/dist-packages/botocore/data.

The tests read only the fixture: this script is how to renew it when ECS adds fields.
"""
import gzip
import json
import re
import sys

ROOT = "RegisterTaskDefinitionRequest"

# Ranges the model gives only in its documentation, found by these sentence forms (the member's text, tags removed).
DOCUMENTED_RANGES = [
    re.compile(r"(?:specify|are whole numbers) between (\d+) and (\d+)"),
    re.compile(r"minimum supported value is (\d+) \w+ and the maximum supported value is (\d+)"),
    re.compile(r"minimum \w+ of (\d+) seconds and a maximum \w+ of (\d+)"),
]
DOCUMENTED_MAXIMA = [
    re.compile(r"maximum of (\d+) [\w ]+?\."),
    re.compile(r"maximum number of ARNs is (\d+)"),
    re.compile(r"can include up to (\d+) characters"),
    re.compile(r"specify up to (ten|\d+) environment files"),
]
WORDS = {"ten": "10"}


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def text(doc):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", doc or "")).strip()


def reachable(shapes):
    order = []

    def walk(name):
        if name in order:
            return
        order.append(name)
        shape = shapes[name]
        for member in shape.get("members", {}).values():
            walk(member["shape"])
        for part in ("member", "key", "value"):
            if part in shape:
                walk(shape[part]["shape"])

    walk(ROOT)
    return order


def main(model_path, version):
    model = load(model_path)
    shapes = model["shapes"]
    names = reachable(shapes)
    out = [
        f"# The shapes of ECS's RegisterTaskDefinition request, from botocore {version}",
        f"# (botocore/data/ecs/{model['metadata']['apiVersion']}/service-2.json), written by scripts/ecs-api-members.py.",
        "# Do not edit by hand: run the script on a newer model when ECS adds fields.",
        "#",
        "# Shape: member ...          a structure reachable from the request; member! is required",
        "# enum Shape: value ...      the exact values of a string enum (case-sensitive)",
        "# limit Shape: min..max      a length or value limit the model itself gives",
        "# range Shape.member: min..max      a range the member's documentation gives",
        "# maximum Shape.member: max         a count or length maximum the member's documentation gives",
    ]
    for name in names:
        shape = shapes[name]
        if shape["type"] == "structure":
            required = set(shape.get("required", []))
            members = " ".join(m + ("!" if m in required else "") for m in shape["members"])
            out.append(f"{name}: {members}")
    for name in names:
        shape = shapes[name]
        if "enum" in shape:
            out.append(f"enum {name}: {' '.join(shape['enum'])}")
    for name in names:
        shape = shapes[name]
        if "min" in shape or "max" in shape:
            out.append(f"limit {name}: {shape.get('min', '')}..{shape.get('max', '')}")
    for name in names:
        for member, ref in shapes[name].get("members", {}).items():
            doc = text(ref.get("documentation"))
            for pattern in DOCUMENTED_RANGES:
                found = pattern.search(doc)
                if found:
                    out.append(f"range {name}.{member}: {found.group(1)}..{found.group(2)}")
                    break
            for pattern in DOCUMENTED_MAXIMA:
                found = pattern.search(doc)
                if found:
                    out.append(f"maximum {name}.{member}: {WORDS.get(found.group(1), found.group(1))}")
                    break
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

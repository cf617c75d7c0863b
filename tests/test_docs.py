"""The documentation covers what the code offers: commands, JSON fields, finding kinds."""

from __future__ import annotations

import argparse
import re
from typing import Any, get_args

from conftest import ROOT
from newslineage import report
from newslineage.cli import build_parser
from newslineage.models import FindingKind, PassageKind, RelationKind, ScanResult

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_and_option_is_in_the_readme() -> None:
    for name, sub in _subcommands().items():
        assert f"newslineage {name}" in README, name
        for action in sub._actions:
            long = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            for option in long:
                assert option in README, f"{name} {option}"


def test_every_json_field_is_documented(example_result: ScanResult) -> None:
    data: dict[str, Any] = report.to_json(example_result)
    for key in data:
        assert f"`{key}`" in SCHEMA, key
    for section in ("documents", "relations", "findings"):
        for key in data[section][0]:
            assert f"`{key}`" in SCHEMA, f"{section}.{key}"
    for key in data["lineage"]["nodes"][0]:
        assert f'"{key}"' in SCHEMA or f"`{key}`" in SCHEMA, f"lineage.nodes.{key}"


def test_every_label_the_tool_can_emit_is_documented() -> None:
    for literal in (FindingKind, PassageKind, RelationKind):
        for value in get_args(literal):
            if value != "unrelated":  # never written: only related pairs are reported
                assert re.search(rf"`{value}`", SCHEMA), value

"""The committed data and schema, checked with the real gazetteer and boundaries (geo)."""

from __future__ import annotations

from pathlib import Path

import pytest
from frictionless import Package

import pairings
from pairings import schema
from pairings.check import run_checks
from pairings.glossary import ENTITY_TYPES, kinds_for

ROOT = Path(__file__).resolve().parent.parent


def test_datapackage_json_is_up_to_date():
    assert schema.main(["--check"]) == 0, "run `python -m pairings.schema`"


def test_datapackage_is_valid_frictionless_metadata_with_descriptions():
    assert list(Package.metadata_validate(schema.descriptor())) == []
    for res in schema.descriptor()["resources"]:
        assert res["description"]
        assert all(field["description"] for field in res["schema"]["fields"]), res["name"]


@pytest.mark.parametrize("entity_type", ENTITY_TYPES)
def test_kind_enums_come_from_the_glossary(entity_type):
    stem = {"pairing": "pairings", "zone": "zones", "basin": "basins", "platform": "platforms"}[entity_type]
    kind = schema.schemas()[stem].get_field("kind")
    assert kind.constraints["enum"] == kinds_for(entity_type)


@pytest.fixture(scope="module")
def committed():
    return run_checks(ROOT / "pairings" / "data")


def test_committed_data_uses_the_real_gazetteer(committed):
    assert not [p for p in committed.problems if p.file == "(geo)"], "geo.gazetteer() must be available"


def test_committed_data_passes_check(committed):
    assert [p.line() for p in committed.errors] == []


def test_committed_mentions_have_the_clause_of_their_quote(committed):
    assert [p.line() for p in committed.warnings if p.column == "clause"] == []


def test_load_returns_every_committed_document():
    result = pairings.load()
    assert sorted(result.tables["documents"]["doc_id"]) == ["central2018", "dongbei2017", "ndrc2015",
                                                             "sichuan2019", "yrd2016"]
    assert result.n_left_out() == len({(p.file, p.row) for p in result.errors if p.row > 1})

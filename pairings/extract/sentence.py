"""One sentence being read: its tokens (places, named areas, compounds), and the output helpers
every rule uses (:meth:`Sentence.emit`, :meth:`Sentence.pair`); the document's candidates.

Part of the extractor (:mod:`pairings.extract`). The rules (:mod:`pairings.extract.rules`) are
functions of a :class:`Sentence`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pairings import patterns as P
from pairings.extract.areas import compound_kind, find_areas
from pairings.extract.context import direction_of, infer_kind, programme_kind
from pairings.extract.known import KnownIndex, known_by_name
from pairings.extract.places import Area, PlaceIndex, Token, fold_traditional, resolve_tokens, scan_places
from pairings.extract.rows import proposed_id
from pairings.entities import ENTITY_TYPE_NAMES
from pairings.glossary import PAIRING, ZONE, BASIN, kinds_for

#: the kinds each entity type may carry (glossary = the schema's enum); every candidate is checked
KINDS_BY_TYPE = {etype: frozenset(kinds_for(etype)) for etype in ENTITY_TYPE_NAMES}


@dataclass
class Candidate:
    """One candidate row (see :data:`COLUMNS`) plus the extra fields to build curated rows."""

    entity_type: str
    kind: str
    name: str
    refs: list[str]
    doc: str
    clause: str
    quote: str
    direction: str = ""
    party_names: str = ""
    entity_id: str = ""
    method: str = ""
    note: str = ""
    basin: str = ""
    key: tuple = ()
    #: the members (refs) are written out in the text (a scope, the parties of an agreement):
    #: they replace the members of an earlier row of the same area taken from its name
    written_refs: bool = False


@functools.lru_cache(maxsize=64)
def _cuts(sentence: str) -> tuple[int, ...]:
    """Offsets where the comma-delimited pieces of a sentence start (and its end)."""
    inner = sorted({m.end() for m in P.CLAUSE_PUNCT.finditer(sentence)} - {0, len(sentence)})
    return (0, *inner, len(sentence))


def _quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or when it is long, the comma-delimited pieces around ``[start, end)``
    (at least 24 characters when the pieces allow, at most about ``QUOTE_MAX``)."""
    import bisect

    sentence_stripped = sentence.rstrip()
    if len(sentence_stripped) <= P.QUOTE_MAX:
        return sentence_stripped
    cuts = _cuts(sentence)
    i = max(bisect.bisect_right(cuts, start) - 1, 0)  # cuts[i] <= start
    j = min(bisect.bisect_left(cuts, end), len(cuts) - 1)  # cuts[j] >= end
    while cuts[j] - cuts[i] < 24:
        if i > 0 and cuts[j] - cuts[i - 1] <= P.QUOTE_MAX:
            i -= 1
        elif j < len(cuts) - 1 and cuts[j + 1] - cuts[i] <= P.QUOTE_MAX:
            j += 1
        else:
            break
    return sentence[cuts[i]:cuts[j]].strip().rstrip("，,；;：:、")



class DocState:
    """State while reading one document: candidates, first occurrence per entity."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.rows: dict[tuple, Candidate] = {}
        self.names: set[tuple[str, str]] = set()
        #: the last zone or basin added (a scope written in the next sentence belongs to it)
        self.last_area: Candidate | None = None

    def add(self, cand: Candidate) -> None:
        if cand.entity_type == ZONE and not cand.entity_id and cand.refs:
            members = frozenset(cand.refs)
            if any(row.entity_type == ZONE and row.method == "abbreviation" and frozenset(row.refs) == members
                   and cand.name.startswith(row.name) for row in self.rows.values()):
                return  # 京津冀城市群 after 京津冀: the same area
        if cand.method == "abbreviation" and cand.entity_type == ZONE:
            # a bare compound (川滇黔) after the area it abbreviates (川滇黔结合部): no second row
            members = frozenset(cand.refs)
            if any(row.entity_type == ZONE and frozenset(row.refs) == members for row in self.rows.values()):
                return
        if cand.entity_type == PAIRING and cand.kind == "横向生态补偿":
            parties = frozenset(cand.refs)
            if not cand.basin and any(len(key) == 3 and key[:2] == (PAIRING, parties) for key in self.rows):
                return  # 浙江省与安徽省签订新安江…协议: the agreement on the river is the pairing
            if cand.basin:  # 湘赣 in the title, then 湖南省与江西省签订渌水…协议: the river's pairing
                plain = self.rows.get((PAIRING, parties))
                if plain is not None and plain.kind == "横向生态补偿" and not plain.entity_id:
                    del self.rows[(PAIRING, parties)]
        if cand.entity_type != PAIRING and cand.written_refs and cand.refs:
            def stem(name: str) -> str:
                return re.sub(r"流域$", "", name)
            same = next((row for row in self.rows.values() if row.entity_type == cand.entity_type
                         and (stem(row.name) == stem(cand.name) or (cand.entity_id and row.entity_id == cand.entity_id))),
                        None)
            if same is not None and not same.written_refs:
                # 赤水河 in the title, its three provinces in the agreement; 成都都市圈 then 规划范围包括…
                same.refs, same.written_refs, same.clause, same.quote = cand.refs, True, cand.clause, cand.quote
                same.note = cand.note or same.note
                return
        existing = self.rows.get(cand.key)
        if existing is not None and existing.clause == "标题" and cand.clause != "标题":
            existing.clause, existing.quote = cand.clause, cand.quote  # the body says more than the title
            return
        if cand.entity_type != PAIRING:
            same_name = (cand.entity_type, cand.name.replace("－", "-").replace("—", "-"))
            if same_name in self.names:
                return
            self.names.add(same_name)
        if cand.entity_type in (ZONE, BASIN):
            self.last_area = cand
        if (cand.entity_type == PAIRING and cand.method == "directed-verb" and cand.key in self.rows
                and self.rows[cand.key].method == "park-of"):
            # 深圳（汕尾）产业转移工业园是深圳对口帮扶汕尾的重要平台: the verb says more than the park's name
            keep = self.rows[cand.key]
            keep.kind, keep.refs, keep.direction, keep.party_names = cand.kind, cand.refs, cand.direction, cand.party_names
            keep.name, keep.method = cand.name, cand.method
            return
        keep = self.rows.get(cand.key)
        if (cand.entity_type == PAIRING and keep is not None and not keep.entity_id and not cand.entity_id
                and keep.kind in P.PARTY_KINDS and cand.kind not in P.PARTY_KINDS):
            # 闽宁协作 in the title (省际合作 from the parties), then 建立对口扶贫协作关系: the programme
            for name in ("kind", "refs", "direction", "party_names", "name", "method", "clause", "quote"):
                setattr(keep, name, getattr(cand, name))
            return
        if cand.key not in self.rows:
            self.rows[cand.key] = cand
        elif not self.rows[cand.key].entity_id and cand.entity_id:
            keep = self.rows[cand.key]
            keep.entity_id, keep.kind = cand.entity_id, cand.kind or keep.kind


def pair_key(refs: list[str]) -> tuple:
    return (PAIRING, frozenset(refs))


def area_key(area: Area) -> tuple:
    if area.entity is not None:
        return ("entity", area.entity.entity_id)
    return ("area", area.entity_type, area.name)


def proposed_ref(area: Area) -> str:
    """A pairing party that is an area: its curated id, else the id it would get."""
    if area.entity is not None:
        return area.entity.entity_id
    return proposed_id(area.entity_type, area.name)


def party_ref(tok: Token) -> str:
    return tok.units[0].adcode if tok.kind == "place" else proposed_ref(tok.area)


def party_name(tok: Token) -> str:
    if tok.kind == "place":
        return tok.units[0].name
    return tok.area.entity.name if tok.area.entity else tok.area.name


def party_unit(tok: Token):
    return tok.units[0] if tok.kind == "place" else None



class Sentence:
    """Reads one sentence: finds its tokens, then runs every pattern over them, adding candidates
    to the document (``doc``). ``s`` is the sentence simplified (offsets as in ``original``, which
    is verbatim); ``context`` the clause headings and the sentence before; ``issuer`` the unit the
    document speaks for (its "我省"), the implicit party of ``主动对接X``."""

    def __init__(self, s: str, original: str, clause: str, context: str, doc: DocState, idx: PlaceIndex,
                 kidx_areas: KnownIndex | None, kidx_pairs: KnownIndex | None, issuer=None, title: str = "",
                 lead: str = "", previous: str = "", headings: str = ""):
        self.s, self.original, self.clause, self.context = s, original, clause, context
        #: the document's title (simplified), the clause headings above the sentence, the sentence
        #: that opened the list this sentence continues (after a ；-ended sentence or a line without
        #: end punctuation: a table row) and the sentence before: where a programme is named
        self.title, self.headings, self.lead, self.previous = title, headings, lead, previous
        #: what one rule works out once per sentence for the others (the list's programme)
        self.memo: dict = {}
        self.doc, self.idx, self.kidx_pairs, self.issuer = doc, idx, kidx_pairs, issuer
        self.kidx_areas = kidx_areas
        #: the place tokens of ``s`` scanned without the area spans (read-only: copy before changing)
        self.plain_places = [t for t in scan_places(s, idx, []) if t.kind == "place"]
        self.areas = find_areas(s, idx, kidx_areas, self.plain_places)
        self.blocked = [(a, b) for a, b, _ in self.areas]
        self.places = scan_places(s, idx, self.blocked)
        tokens = self.places + [Token(a, b, s[a:b], "area", [], area) for a, b, area in self.areas]
        tokens.sort(key=lambda t: t.start)
        self.tokens = resolve_tokens(tokens, s, idx, None)
        self.parties = []
        for t in self.tokens:
            if t.kind in ("place", "area"):
                self.parties.append(t)
            elif t.kind == "abbr" and len(t.units) >= 3:  # 京津冀 as a party: an area made of its provinces
                zone_name = t.text + ((P.ABBR_ZONE_FOLLOW.match(s, t.end) or re.match("", "")).group().replace("地区", ""))
                area = Area(zone_name, ZONE, compound_kind(zone_name[len(t.text):]), [u.adcode for u in t.units],
                            method="abbreviation")
                self.parties.append(Token(t.start, t.end, t.text, "area", [], area))
        self.cue = bool(P.COOPERATION_CUE.search(s)) or bool(P.COOPERATION_CUE.search(context))


    # ------------------------------------------------------------------ output

    def written(self, name: str) -> str:
        """A name found in ``s`` as the document writes it (full-width －, （）), in simplified characters."""
        k = self.s.find(name)
        return fold_traditional(self.original[k:k + len(name)]) if k >= 0 else name

    def emit(self, entity_type, kind, name, refs, start, end, **extra) -> None:
        """Add one candidate (quote: the sentence, or its pieces around ``[start, end)``)."""
        if not extra.get("entity_id") and kind not in KINDS_BY_TYPE[entity_type]:  # curated kinds: `pairings check`
            raise ValueError(f"extractor bug: kind {kind!r} is not a {entity_type} kind of the glossary ({name})")
        key = extra.pop("key", ()) or (pair_key(refs) if entity_type == PAIRING else ("area", entity_type, name))
        known = None if entity_type == PAIRING or extra.get("entity_id") else known_by_name(name, self.kidx_areas)
        if known is not None:
            # a name put together from a list (长江、黄河流域 -> 长江流域; 北部湾、中原等城市群 -> 中原城市群)
            # is the curated entity of that name: its id, kind and (unless written out) members
            entity_type, kind, name = known.entity_type, known.kind, known.name
            refs = list(refs) or list(known.refs)
            extra.update(entity_id=known.entity_id, note=extra.get("note", ""))
            key = ("entity", known.entity_id)
        if not extra.get("entity_id") and entity_type != PAIRING:
            name = self.written(name)
        if extra.get("basin"):
            extra["basin"] = self.written(extra["basin"])
        cand = Candidate(entity_type, kind, name, refs, self.doc.doc_id, self.clause,
                         _quote(self.original, start, end), key=key, **extra)
        self.doc.add(cand)

    def pair(self, x: Token, y: Token, method: str, explicit: bool = False, kind: str | None = None,
             basin: str = "", direction: str | None = None, note: str = "") -> None:
        """A pairing of two party tokens; kind from cue words unless given; supporter first when
        ``explicit`` (a verb said so) or the kind is directed (the eastern province supports).
        ``direction`` given (``mutual`` for an agreement whose upstream party is not known)
        overrides that, with ``x`` first."""
        s = self.s
        direction_given = direction
        ux, uy = party_unit(x), party_unit(y)
        if party_ref(x) == party_ref(y):
            return
        start, end = min(x.start, y.start), max(x.end, y.end)
        local = s[max(0, start - 6): min(len(s), end + 10)]
        if (x.kind == y.kind == "area" and x.area.kind == y.area.kind == "区域板块"
                and not any(cue in local for cue, _ in P.KIND_CUES)):
            return  # 东北地区与东部地区 alone: the national layout; with 对口合作 after it, a pairing
        if kind is None:
            if x.kind == "area" or y.kind == "area":
                both_new_areas = x.kind == y.kind == "area" and x.area.kind == y.area.kind == "国家级新区"
                kind = "新区合作" if both_new_areas else "区域合作"
                if any(cue_word in local for cue_word, _ in P.KIND_CUES):
                    kind = infer_kind(local, "", "", [])
            else:
                # a named programme near the pair, else in the sentence or its context, else in the
                # list's lead or the title; the bare verb 帮扶 only after them; else the parties' tiers
                if "cue_kind" not in self.memo:  # once per sentence: a long list has many pairs
                    self.memo["cue_kind"] = next((k for text in (s, self.context) for cue, k in P.KIND_CUES
                                                  if cue != "帮扶" and cue in text), None)
                    self.memo["lead_kind"] = programme_kind(self.lead, self.title)
                    self.memo["verb_kind"] = next((k for text in (s, self.context) for cue, k in P.KIND_CUES
                                                   if cue == "帮扶" and cue in text), None)
                kind = (next((k for cue, k in P.KIND_CUES if cue != "帮扶" and cue in local), None)
                        or self.memo["cue_kind"] or self.memo["lead_kind"] or self.memo["verb_kind"]
                        or infer_kind("", "", "", [ux, uy]))
        first, second = x, y
        direction = "mutual"
        if ux is not None and uy is not None:
            sup, rec, direction = direction_of(kind, ux, uy, explicit)
            if sup is uy:
                first, second = y, x
        elif explicit:
            direction = "a_to_b"
        if direction_given is not None:
            first, second, direction = x, y, direction_given
        refs = [party_ref(first), party_ref(second)]
        names = [party_name(first), party_name(second)]
        key = (PAIRING, frozenset(refs), basin) if basin else ()
        self.emit(PAIRING, kind, "—".join(names) + (f"({self.written(basin)})" if basin else ""), refs, start, end,
                  direction=direction, party_names=";".join(names), method=method, basin=basin, key=key, note=note)


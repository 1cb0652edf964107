"""Agreements along rivers: compensation agreements signed between named provinces
(``浙江省与安徽省签订新安江流域上下游横向生态补偿协议``, ``云南、贵州、四川三省签订…``), provinces
written before a river (``安徽浙江新安江``) and river basins (``嘉陵江、渠江流域``, ``澜沧江－湄公河合作``).
The upstream party comes from the river course in geo (:mod:`pairings.extract.geography`).

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import dataclasses
import re

from pairings import patterns as P
from pairings.extract.context import infer_kind
from pairings.extract.geography import upstream_order
from pairings.extract.lists import CUT_WORD
from pairings.extract.places import LEVEL_RANK, PlaceIndex, Token, is_place
from pairings.extract.sentence import Sentence
from pairings.glossary import BASIN


def compensation_agreements(sent: Sentence) -> None:
    """``浙江省与安徽省签订《新安江流域上下游横向生态补偿协议》``, ``广东、广西两省区签署…``: in each
    comma-delimited part of a sentence that names a compensation agreement being signed, the
    province-level parties written together before the verb and the river before 流域. Two
    parties: one 横向生态补偿 pairing per river, upstream party first when geo's course of the
    river crosses both (else in written order, direction ``mutual``, and the note says why), and
    the river as a basin; three or more (``云南、贵州、四川三省``): the basin, with them as members."""
    s = sent.s
    if "补偿" not in s or not P.AGREEMENT_VERB.search(s):
        return
    provinces = []
    for t in sent.tokens:
        if t.kind == "place" and t.units[0].level == "province":
            provinces.append(t)
        elif t.kind == "abbr" and len(t.units) >= 2:  # 湘赣两省, 闽粤: one place token per abbreviation
            provinces += [Token(t.start + k, t.start + k + 1, ch, "place", [u]) for k, (ch, u) in enumerate(zip(t.text, t.units))]
    for part in re.finditer(r"[^，,；;。]+", s):
        text = part.group()
        verb = P.AGREEMENT_VERB.search(text)
        if "补偿" not in text or not verb:
            continue
        at = part.start() + verb.start()
        mine = [t for t in provinces if part.start() <= t.start and t.end <= at]
        group: list[Token] = []
        for tok in mine:
            if group and (P.AGREEMENT_JOIN.match(s[group[-1].end:tok.start]) or (tok.start == group[-1].end
                                                                              and len(tok.text) == 1)):
                group.append(tok)
            else:
                group = [tok]
        codes = list(dict.fromkeys(t.units[0].adcode for t in group))
        river_match = P.AGREEMENT_RIVER.search(s, at, part.end())
        if len(codes) < 2 or river_match is None:
            continue
        river = P.RIVER_LEAD.sub("", re.sub(r"^.*(?:签订|签署|签约|续签|达成|关于|的)", "", river_match.group(1)))
        if len(river) < 2:
            continue
        start, end = group[0].start, river_match.end()
        if len(codes) >= 3:
            sent.emit(BASIN, "横向生态补偿", river, codes, start, end, method="agreement", key=("area", BASIN, river),
                      written_refs=True)
            continue
        x, y = group[0], group[-1]
        order = upstream_order(river, codes)
        if order is None:
            sent.pair(x, y, "agreement", kind="横向生态补偿", basin=river, direction="mutual",
                      note=f"upstream party not known: geo has no course of {river} across both")
        else:
            if order[0] != x.units[0].adcode:
                x, y = y, x
            sent.pair(x, y, "agreement", kind="横向生态补偿", basin=river)
        sent.emit(BASIN, "横向生态补偿", river, codes, start, end, method="agreement", key=("area", BASIN, river),
                  written_refs=True)


def provinces_before_a_river(sent: Sentence) -> None:
    """``安徽浙江新安江``: upstream and downstream provinces written together before a river — a
    pairing per river and the river as a basin (places scanned again without the area spans:
    安徽浙江新安江 may be a curated basin alias)."""
    s, idx, context = sent.s, sent.idx, sent.context
    plain = [dataclasses.replace(t) for t in sent.plain_places]  # (their units are narrowed below)
    for t in plain:
        t.units = sorted(t.units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[:1]
    for x, y in zip(plain, plain[1:]):
        if s[x.end:y.start] != "" or not x.units[0].level == y.units[0].level == "province":
            continue
        river = P.RIVER.match(s, y.end)
        if not river or is_place(river.group(), idx):
            continue
        ux, uy = x.units[0], y.units[0]
        kind = "横向生态补偿" if "补偿" in s or "补偿" in context else infer_kind("", s, context, [ux, uy])
        rname = river.group()
        order = upstream_order(rname, [ux.adcode, uy.adcode]) if kind == "横向生态补偿" else None
        if order is not None and order[0] != ux.adcode:
            x, y = y, x  # the river says the other one is upstream
        sent.pair(x, y, "juxtaposed", kind=kind, basin=rname)
        sent.emit(BASIN, "横向生态补偿" if kind == "横向生态补偿" else "流域", rname, [ux.adcode, uy.adcode],
                  x.start, river.end(), method="river-after-provinces", key=("area", BASIN, rname))



def river_cooperation(sent: Sentence) -> None:
    """``澜沧江－湄公河合作``, ``图们江地区开发合作``."""
    for a, b, name in river_mechanisms(sent.s, sent.idx, sent.blocked):
        sent.emit(BASIN, "流域", name, [], a, b, method="river-cooperation", key=("area", BASIN, name))

def river_lists(sent: Sentence) -> None:
    """Rivers listed before 流域 (``嘉陵江、渠江流域``): a basin each, in a sentence that states a
    policy (a weather report's 淮河流域 is none)."""
    s, idx = sent.s, sent.idx
    if not P.POLICY_CUE.search(s):
        return
    for m in re.finditer(r"((?:" + P.RIVER.pattern + r")(?:、(?:" + P.RIVER.pattern + r"))*)", s):
        tail = s[m.end():m.end() + 6]
        if not P.RIVER_TAIL.match(tail) or not ("流域" in tail or "上下游" in tail):
            continue
        window_start = max(0, m.start() - 4)
        first_river_end = m.start() + re.search(r"[江河]", m.group(1)).end()
        cuts = [c for c in CUT_WORD.finditer(s[window_start:first_river_end])
                if c.end() < first_river_end - window_start]
        start = max(window_start + cuts[-1].end() if cuts else m.start(), m.start())
        for tok in sent.places:
            if tok.start <= start < tok.end or tok.start < start + 1 < tok.end:
                start = tok.end
        for river in re.finditer(P.RIVER.pattern, s[start:m.end()]):
            rname = trim_river(river.group(), idx)
            if is_place(rname, idx) or rname in ("沿江", "江河", "大江"):
                continue
            if any(a <= start + river.start() < b for a, b in sent.blocked) or ("area", BASIN, rname) in sent.doc.rows:
                continue
            name = rname + "流域"
            sent.emit(BASIN, "横向生态补偿" if "补偿" in s else "流域", name, [], start + river.start(),
                      m.end() + 2, method="river-list", key=("area", BASIN, name))




def trim_river(name: str, idx: PlaceIndex) -> str:
    """A river name as a pattern found it, without what was written before it: verbs and particles
    (``签订汀江-韩江``, ``了新安江``, ``第二轮九洲江``) and province abbreviations (``赣粤东江``); a river
    named by one character and 江/河 keeps it (赣江, 湘江)."""
    m = re.match(r"([^－\-—]*)(.*)", name)
    head, rest = m.group(1), m.group(2)
    head = P.RIVER_PREFIX.sub("", head) or head
    while len(head) > 3 and head[0] in idx.abbr and head[1] in idx.abbr:  # 赣粤东江, 川渝嘉陵江
        head = head[2:]
    return head + rest


def river_mechanisms(s: str, idx: PlaceIndex, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """International river cooperation mechanisms written ``X江－Y河合作`` / ``X江地区开发合作``."""
    out = []
    for m in P.RIVER_COOPERATION.finditer(s):
        start = m.start()
        cuts = list(CUT_WORD.finditer(s, max(0, start - 4), m.end()))
        cuts = [c for c in cuts if c.end() <= m.start("river") + 1]
        if cuts:
            start = max(start, cuts[-1].end())
        if any(a < m.end() and start < b for a, b in blocked) or is_place(m.group("river"), idx):
            continue
        out.append((start, m.end(), s[start:m.end()]))
    return out



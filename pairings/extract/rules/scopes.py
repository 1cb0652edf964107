"""Scopes of named areas: every named area of the sentence with the members written after it
(``范围包括…``, ``（除…）``), aid-recipient areas (``对口支援西藏、新疆``), quoted special-type areas.

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.areas import written_members
from pairings.extract.places import Area, named_supporter
from pairings.extract.sentence import Sentence, area_key
from pairings.glossary import BASIN, PLATFORM, ZONE


def named_areas(sent: Sentence) -> None:
    """Named areas (curated or new), with their members when a list is written out."""
    policy = bool(P.POLICY_CUE.search(sent.s) or P.POLICY_CUE.search(sent.headings))
    for a, b, area in sent.areas:
        if area.entity_type == BASIN and not policy:
            continue  # 新安江水库水位偏低 in a weather report: a river, no basin of the policy
        refs, note = list(area.refs), area.note
        members = written_members(sent.s, b, sent.idx)
        if members and area.entity_type == PLATFORM and area.entity is None and len(members[0]) >= 2:
            # 长三角生态绿色一体化发展示范区范围包括上海市青浦区、江苏省苏州市吴江区…: a demonstration
            # zone made of several units is an area of them, not a site
            area = Area(area.name, ZONE, P.SCOPED_PLATFORM_KIND, area.refs, None, area.method, area.note)
        written = bool(members) and area.entity_type in (ZONE, BASIN)
        if written:
            refs = members[0]
            note = "; ".join(filter(None, ["excluded: " + ";".join(members[1]) if members[1] else "",
                                           "partial: " + ";".join(members[3]) if members[3] else ""]))
            end = members[2]
        else:
            end = b
        sent.emit(area.entity_type, area.kind, area.entity.name if area.entity else area.name, refs, a, end,
                  entity_id=area.entity.entity_id if area.entity else "", method=area.method, note=note,
                  key=area_key(area), written_refs=written)
    scope_of_the_area_before(sent)


def scope_of_the_area_before(sent: Sentence) -> None:
    """``成都都市圈发展规划`` / ``规划范围包括成都市，德阳市旌阳区…``: a sentence that opens with a
    member list and names no area before it gives the members of the last area the document
    named (a heading, the title, the sentence before)."""
    intro = P.LEADING_SCOPE.match(sent.s)
    last = sent.doc.last_area
    if not intro or last is None or any(a < intro.end() for a, _, _ in sent.areas):
        return
    members = written_members(sent.s, 0, sent.idx)
    if not members or last.entity_type not in (ZONE, BASIN):
        return
    note = "; ".join(filter(None, ["excluded: " + ";".join(members[1]) if members[1] else "",
                                   "partial: " + ";".join(members[3]) if members[3] else ""]))
    sent.emit(last.entity_type, last.kind, last.name, members[0], 0, members[2], entity_id=last.entity_id,
              method="scope-after-name", note=note, key=last.key, written_refs=True)



def aid_recipients(sent: Sentence) -> None:
    """``对口支援西藏、新疆…``, ``对口支援三峡库区``: aid-recipient areas."""
    s, idx = sent.s, sent.idx
    places = [t for t in sent.places if t.kind == "place"]
    for m in P.AID_TARGETS.finditer(s):
        if named_supporter(s, m.start(), places):
            continue  # 天津市对口支援甘肃省: a pairing (groups_of_parties), not a recipient area
        items = re.split(r"[、和及]", m.group(1))
        pos = m.start(1)
        for k, item in enumerate(items):
            start, pos = pos, pos + len(item) + 1
            if k == len(items) - 1 and s.startswith("等", start + len(item)):
                continue  # 青海等省藏区: the last item belongs to the compound after 等
            if item in idx.strict and any(idx.unit(c).level == "province" for c in idx.strict[item]):
                unit = next(idx.unit(c) for c in idx.strict[item] if idx.unit(c).level == "province")
                sent.emit(ZONE, "对口支援地区", "对口支援" + unit.short_name, [unit.adcode], m.start(),
                          start + len(item), method="aid-target")
            elif re.search(r"(库区|藏区|灾区)$", item):
                sent.emit(ZONE, "对口支援地区", item, [], start, start + len(item), method="aid-target")


def recipients_listed_with_tibetan_areas(sent: Sentence) -> None:
    """``（十五）深入开展对口支援。…推动新疆、西藏和青海、四川、云南、甘肃四省藏区…``: under a
    对口支援 cue (sentence or clause heading), the provinces listed before the provinces of a
    藏区 compound are aid-recipient areas too (the compound takes as many items as it counts)."""
    s, idx = sent.s, sent.idx
    if "对口支援" not in s and "对口支援" not in sent.context:
        return
    for start, end, area in sent.areas:
        written = s[start:end]
        if not written.endswith("藏区"):
            continue
        # 四省藏区 counts its provinces, written before it; 青海等省藏区 and the curated
        # 青海、四川、云南、甘肃四省藏区 hold them already
        count = P.TIBETAN_AREAS_COUNT.fullmatch(written)
        own = P.NUMERALS.index(count.group(1)) + 1 if count else 0
        items, pos = [], start
        while True:
            if pos == start and own:
                end = pos  # 甘肃|四省藏区: the last of the compound's own items
            elif pos > 0 and s[pos - 1] in "、和及":
                end = pos - 1
            else:
                break
            item = next((s[end - n:end] for n in (3, 2) if s[end - n:end] in idx.strict
                         and any(idx.unit(c).level == "province" for c in idx.strict[s[end - n:end]])), None)
            if item is None:
                break
            items.append((end - len(item), item))
            pos = end - len(item)
        for k, (item_start, item) in enumerate(items):
            if k < own:
                continue  # 青海、四川、云南、甘肃 are the 四省 of 四省藏区
            unit = next(idx.unit(c) for c in idx.strict[item] if idx.unit(c).level == "province")
            sent.emit(ZONE, "对口支援地区", "对口支援" + unit.short_name, [unit.adcode], item_start,
                      item_start + len(item), method="aid-target-list")

def quoted_areas(sent: Sentence) -> None:
    """``“三区三州”等深度贫困地区``: a quoted term before 等…地区 is a special-type area."""
    for m in P.QUOTED_AREA.finditer(sent.s):
        sent.emit(ZONE, "特殊类型地区", m.group(1), [], m.start(), m.end(), method="quoted-area")

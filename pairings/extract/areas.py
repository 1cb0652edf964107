"""Named areas in a sentence: curated names, new names by their class word (…城市群, …示范区,
…产业园), lists that share a class word, macro-regions, and member lists written after a name.

Part of the extractor (:mod:`pairings.extract`). In: a simplified sentence, the place index,
the index of curated names. Out: ``(start, end, Area)`` spans (:func:`find_areas`), the members
written after a name (:func:`written_members`).
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.known import KnownIndex, as_curated, scan_known
from pairings.extract.lists import CUT_WORD, list_items
from pairings.extract.places import (
    LEVEL_RANK, Area, PlaceIndex, city_initials, named_supporter, place_at, places_in, resolve_tokens, scan_places,
    unit_of,
)
from pairings.glossary import BASIN, PLATFORM, ZONE

_SUFFIXES_LONGEST_FIRST = sorted(P.AREA_SUFFIXES, key=lambda item: -len(item[0]))


def find_areas(s: str, idx: PlaceIndex, kidx: KnownIndex | None, plain: list | None = None
               ) -> list[tuple[int, int, Area]]:
    """Named areas in ``s``: curated names first (when ``kidx``), then new names by suffix.
    ``plain``: the place tokens of ``s`` scanned without blocked spans, when the caller has them."""
    found: list[tuple[int, int, Area]] = []
    if plain is None:
        plain = [t for t in scan_places(s, idx, []) if t.kind == "place"]
    if kidx is not None:
        for a, b, k in scan_known(s, kidx, plain, idx):
            if b - a == 2 and all(ch in idx.abbr for ch in s[a:b]) and not P.ZONE_LIST_TAIL.match(s, b):
                continue  # 川渝 alone is the pairing, 川陕革命老区 a longer name; 川渝等省际交界地区 is the area
            if k.kind == "区域板块" and not P.POLICY_CUE.search(s):
                continue  # 东北三省冬季冰雪旅游: the region in ordinary news
            if k.kind == "对口支援地区" and s.startswith("对口支援", a) and named_supporter(s, a, plain):
                continue  # 上海市对口支援新疆: the pairing, not the recipient area
            found.append((a, b, Area(k.name, k.entity_type, k.kind, list(k.refs), k, "curated-name")))
    # curated names that can be the stem of a longer proper name (北部湾 -> 北部湾经济区); not a
    # macro-region or a 地区 (东部地区自由贸易试验区 are the free trade zones of the east)
    curated_spans = [(a, b) for a, b, area in found if area.kind != "区域板块" and not s.endswith("地区", 0, b)]
    taken = [(a, b) for a, b, _ in found]
    for m in re.finditer(r"(?:[\u4e00-\u9fffA-Za-z0-9\-·—]|\([\u4e00-\u9fff]{1,6}\))+", s):
        run, base = m.group(), m.start()
        lead = len(run) - len(run.lstrip("-—·"))
        run, base = run[lead:], base + lead
        bounds = [0] + [c.end() for c in CUT_WORD.finditer(run)] + [len(run)]
        for k_bound, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            piece = run[lo:hi]
            name_end = last_suffix_end(piece)
            if name_end is None:
                continue
            name = piece[:name_end]
            start, end = base + lo, base + lo + name_end
            if k_bound and P.NAME_INTERNAL_CUT.search(run[:lo]) and P.GENERIC_STEM.fullmatch(name[:-len(suffix_of(name)[0]) or None]):
                # 长三角生态绿色一体化|发展示范区: 一体化 is inside the name, 发展 names nothing alone
                previous = bounds[k_bound - 1]
                name, start = run[previous:lo + name_end], base + previous
            container = None
            if name.count("(") > name.count(")"):
                # 西安市全域（含西咸新区）: the name is inside the brackets, the place before them holds it
                k = name.rindex("(")
                outer = places_in(name[:k], idx, loose=False)
                container = sorted(outer[0], key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0] if outer else None
                lead = re.match(r"(?:含|包括|即|包含)?", name[k + 1:]).end()
                name, start = name[k + 1 + lead:], start + k + 1 + lead
            verb = P.LEADING_VERB.match(name)
            if verb and places_in(name[verb.end():verb.end() + 4], idx, loose=False):
                name, start = name[verb.end():], start + verb.end()
            inside = [k for k, (a, b, _) in enumerate(found) if a < end and start < b]
            # a longer new name around a curated one wins (粤桂合作特别试验区 around 粤桂)
            if any(not (start <= found[k][0] and found[k][1] <= end and end - start > found[k][1] - found[k][0])
                   for k in inside):
                continue
            suffix_len = len(suffix_of(name)[0])
            # a curated name as the whole stem (北部湾经济区 around 北部湾): a proper name of its own
            known_stem = suffix_len and (start, end - suffix_len) in curated_spans
            area = new_area(name, idx, force=bool(P.MEMBER_INTRO.match(s, end) or P.MEMBER_INTRO.match(s, end + 2)
                                                   or known_stem))
            if area is None or (name.endswith("片区") and not P.PIANQU_CONTEXT.search(s)):
                continue
            if container is not None and area.entity_type == PLATFORM and not area.refs:
                area = Area(area.name, area.entity_type, area.kind, [container.adcode], area.entity, area.method,
                            f"host: {container.name}, which the text says contains it")
            for k in sorted(inside, reverse=True):
                del found[k]
            taken[:] = [(a, b) for a, b, _ in found]
            start, area = _listed_places_before(s, start, area, idx)
            area = _class_after(area, s, end)
            found.append((start, end, area))
            taken.append((start, end))
            for extra in _shared_suffix(s, start, area, idx):
                if not any(a < extra[1] and extra[0] < b for a, b in taken):
                    found.append(extra)
                    taken.append(extra[:2])
    found.extend(_shared_class(s, idx, taken))
    found.extend(_expo_list(s, idx, taken))
    for m in P.REGION_NAMES.finditer(s):  # 长三角, 环渤海, 四省藏区 …
        start, name = m.start(), m.group()
        if "等省藏区" in name:  # 和青海等省藏区 -> 青海等省藏区
            head = name[: name.index("等")]
            k = next((i for i in range(len(head) - 1) if head[i:] in idx.strict), None)
            if k is None:
                continue
            start, name = start + k, name[k:]
        if any(a < m.end() and start < b for a, b in taken):
            continue
        kind = "对口支援地区" if name.endswith("藏区") else next(
            (k for prefix, k in P.REGION_KIND_BY_PREFIX if name.startswith(prefix)), P.REGION_KIND)
        found.append((start, m.end(), Area(name, ZONE, kind, [], method="region-name")))
        taken.append((start, m.end()))
    policy = bool(P.POLICY_CUE.search(s))

    def macro(name: str, start: int, end: int) -> None:
        """One of the four macro-regions, by its statistical name (东部发达省市 is 东部地区); only
        in a sentence that states a policy (not 东北三省冬季冰雪旅游)."""
        if not policy:
            return
        refs = [u.adcode for u in idx.gazetteer.units("province") if u.adcode[:2] in P.MACRO_REGIONS[name]]
        found.append((start, end, as_curated(Area(name, ZONE, "区域板块", refs, method="macro-region"), kidx)))
        taken.append((start, end))

    for m in P.BILATERAL_REGIONS.finditer(s):  # 中俄东北－远东合作
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), m.end(), Area(m.group(), ZONE, "区域合作区", [], method="bilateral-region")))
            taken.append((m.start(), m.end()))
    for name in P.MACRO_REGIONS:  # 东北地区, 西部地区 …: the four macro-regions
        for m in re.finditer(name, s):
            if not any(a < m.end() and m.start() < b for a, b in taken) and not s.startswith("中", m.start() - 1):
                macro(name, m.start(), m.end())
    for m in P.MACRO_PROVINCES.finditer(s):  # 东部发达省市, 西部省区: the provinces of a macro-region
        if not any(a < m.end() and m.start() < b for a, b in taken):
            macro(m.group(1) + "部地区", m.start(), m.end())
    for m in P.MACRO_PAIR.finditer(s):  # 中西部: the central and the western regions (东中西部: all three)
        if any(a < m.end() and m.start() < b for a, b in taken) or s.startswith("东", m.start() - 1):
            continue
        first = m.start()
        for k, ch in enumerate(m.group(1)):
            macro(ch + "部地区", first + k, first + k + 1 if k < len(m.group(1)) - 1 else m.end())
    found[:] = [(a, b, as_curated(area, kidx)) for a, b, area in found]  # a name put together here may be curated
    found.sort(key=lambda t: t[0])
    found.extend(_platform_list_items(s, found, idx))
    found.sort(key=lambda t: t[0])
    return found


def _platform_list_items(s: str, found: list[tuple[int, int, Area]], idx: PlaceIndex) -> list[tuple[int, int, Area]]:
    """``…广州南沙新区、珠海横琴、平潭综合实验区…``: an item between two platform names that is a city
    plus a place word is a platform too."""
    out = []
    for (a1, b1, x), (a2, b2, y) in zip(found, found[1:]):
        if x.entity_type != PLATFORM or y.entity_type != PLATFORM:
            continue
        m = re.fullmatch(r"、([\u4e00-\u9fff]{3,7})、", s[b1:a2])
        if not m:
            continue
        item = m.group(1)
        city = next((item[:k] for k in range(len(item) - 2, 1, -1) if item[:k] in idx.strict
                     and any(idx.unit(c).level == "city" for c in idx.strict[item[:k]])), None)
        if city is None:
            continue
        host = next(idx.unit(c) for c in idx.strict[city] if idx.unit(c).level == "city")
        out.append((b1 + 1, a2 - 1, Area(item, PLATFORM, "合作区", [host.adcode], method="platform-list-item")))
    return out


def _listed_places_before(s: str, start: int, area: Area, idx: PlaceIndex) -> tuple[int, Area]:
    """``铁岭、四平、通辽协同创新合作区``: places listed before a name that starts with a place (and
    is more than that place plus a suffix) belong to the name."""
    suffix, _, _ = suffix_of(area.name)
    stem = area.name[: -len(suffix)] if suffix else area.name
    if stem in idx.strict or stem in idx.loose or not place_at(s, start, idx):
        return start, area
    pos = start
    while pos > 1 and s[pos - 1] == "、":
        m = re.search(r"[\u4e00-\u9fff]{2,5}$", s[max(0, pos - 6):pos - 1])
        if not m:
            break
        item = next((m.group()[i:] for i in range(len(m.group()) - 1)
                     if m.group()[i:] in idx.strict), None)
        if item is None or (suffix and item.endswith(suffix)):
            break  # (浦东新区、天津滨海新区: two new areas, not one of two places)
        pos = pos - 1 - len(item)
    if pos == start:
        return start, area
    name = s[pos:start] + area.name
    members = [tok.units[0].adcode for tok in resolve_tokens(scan_places(name, idx, []), name, idx, None)
               if tok.kind == "place"]
    if area.entity_type == PLATFORM and len({m[:2] for m in members}) > 1:
        etype, kind = P.MULTI_PROVINCE_AREA  # 铁岭、四平、通辽协同创新合作区: cities of three provinces
        return pos, Area(name, etype, kind, members, method="area-name")
    return pos, Area(name, area.entity_type, area.kind, area.refs if area.entity_type == PLATFORM else members,
                     method="area-name")



def _shared_class(s: str, idx: PlaceIndex, taken: list[tuple[int, int]]) -> list[tuple[int, int, Area]]:
    """``引领成渝、长江中游、中原、关中平原等城市群发展``: one area per listed item, named item + class
    word (an item's own 地区 dropped: 中原地区 -> 中原城市群). Linear: finds ``等<class>`` first,
    then walks back over the ``、``-separated items."""
    out = []
    for m in sorted([*P.SHARED_CLASS.finditer(s), *P.SHARED_CLASS_MORE.finditer(s)], key=lambda m: m.start()):
        suffix = m.group(1)
        items = list_items(s, m.start(), 10, "\u4e00-\u9fff－\\-")
        if items is None:
            continue
        for start, item in items:
            end = start + len(item)
            if last_suffix_end(item) is not None or any(a < end and start < b for a, b in taken):
                continue
            stem = item[:-2] if item.endswith("地区") and len(item) > 3 else item
            if stem in P.DIRECTION_WORDS:
                continue  # 东北地区…等城市群: a region, not a cluster's name
            area = new_area(stem + suffix, idx, force=True)
            if area is not None:
                area.method = "shared-class"
                out.append((start, end, area))
                taken.append((start, end))
    return out



def _expo_list(s: str, idx: PlaceIndex, taken: list[tuple[int, int]]) -> list[tuple[int, int, Area]]:
    """``提升西博会、中外知名企业四川行、科博会等重大展会平台``: every ``、``-item of a list that ends
    in 等 + a class of expos (:data:`patterns.EXPO_LIST`) is an expo platform, also an item whose
    name has no class word; the host is the place in its name, if any."""
    out = []
    for m in P.EXPO_LIST.finditer(s):
        items = list_items(s, m.start(), 12, "\u4e00-\u9fff—－\\-")
        if items is None:
            continue
        spans = [(start, start + len(item)) for start, item in items]
        if not any(suffix_of(item)[0] and any(a <= x and y <= b for a, b in taken) for (x, y), (_, item)
                   in zip(spans, items)):
            continue  # 洽谈会、论坛、博览会等会展: classes of events, no expo of the list is named
        for start, item in items:
            end = start + len(item)
            if any(a < end and start < b for a, b in taken):
                continue  # already a platform (西博会)
            if P.GENERIC_START.match(item) or suffix_of(item)[0] == item or len(item) < 3:
                continue  # 论坛, 博览会, 国际论坛: a class word, not a name
            places = places_in(item, idx, loose=False)
            host = platform_host(item, places, idx) if places else None
            out.append((start, end, Area(item, PLATFORM, "博览会", [host.adcode] if host else [], method="expo-list")))
            taken.append((start, end))
    return out


def _shared_suffix(s: str, start: int, area: Area, idx: PlaceIndex) -> list[tuple[int, int, Area]]:
    """``喀什、霍尔果斯经济开发区`` / ``中马、中印产业园``: the items listed before a name whose stem is a
    bare place or country pair share its suffix; one area per item."""
    suffix, _, _ = suffix_of(area.name)
    stem = area.name[: -len(suffix)] if suffix else ""
    def bare(item: str) -> bool:
        return bool(P.BILATERAL.fullmatch(item)) or item in idx.strict or item in idx.loose
    if stem and not bare(stem):
        # 东兴、凭祥、瑞丽重点开发开放试验区: a place and a modifier with no place in it; the items
        # listed before share modifier and suffix
        head = next((stem[:k] for k in range(len(stem) - 1, 1, -1) if stem[:k] in idx.strict or stem[:k] in idx.loose),
                    None)
        if head is None or places_in(stem[len(head):], idx, loose=False) or len(stem) - len(head) < 2:
            return []
        suffix = stem[len(head):] + suffix
    if not stem:
        return []
    out = []
    pos = start
    while pos > 0 and s[pos - 1] == "、":
        k = pos - 1
        m = re.search(r"[\u4e00-\u9fff]{2,5}$", s[max(0, k - 5):k])
        if not m:
            break
        item = m.group()
        trimmed = next((item[i:] for i in range(len(item) - 1) if bare(item[i:])), None)
        if trimmed is None:
            break
        item_start = k - len(trimmed)
        new = new_area(trimmed + suffix, idx)
        if new is None:
            break
        new.method = "shared-suffix"
        out.append((item_start, k, new))
        pos = item_start
    return out


def last_suffix_end(piece: str) -> int | None:
    best = None
    for suffix, _, _ in P.AREA_SUFFIXES:
        k = piece.rfind(suffix)
        while k > 0:
            end = k + len(suffix)
            if best is None or end > best:
                best = end
            break
    return best




def compound_kind(follow: str) -> str:
    """Kind of a zone written as a compound of province abbreviations, from the word after it:
    ``川滇黔结合部``, ``川渝毗邻地区`` -> 省际交界地区; ``川渝城市群`` -> 城市群; bare ``沪苏浙`` ->
    :data:`patterns.COMPOUND_KIND`. Always a zone kind of the glossary."""
    if follow in P.BORDER_FOLLOW:
        return "省际交界地区"
    if not follow:
        return P.COMPOUND_KIND
    suffix, etype, kind = suffix_of(follow)
    return kind if suffix and etype == ZONE else P.DEFAULT_AREA[1]


def _class_after(area: Area, s: str, end: int) -> Area:
    """``安徽皖江城市带等承接产业转移示范区``: a new area written before ``等`` + a class word takes
    that class's kind (when it is of the same entity type)."""
    m = P.CLASS_AFTER.match(s, end)
    if not m or area.entity is not None:
        return area
    _, etype, kind = suffix_of(m.group(1))
    if etype == area.entity_type and kind != area.kind:
        return Area(area.name, area.entity_type, kind, area.refs, area.entity, area.method, area.note)
    return area


def suffix_of(name: str) -> tuple[str, str, str]:
    for suffix, etype, kind in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(suffix):
            return suffix, etype, kind
    return "", *P.DEFAULT_AREA



def new_area(name: str, idx: PlaceIndex, force: bool = False) -> Area | None:
    """An area name not yet curated, or None when it is a class of areas (国家级新区) or noise."""
    suffix, etype, kind = suffix_of(name)
    stem = name[: -len(suffix)] if suffix else name
    if suffix in P.SHORT_STEM_SUFFIXES and len(stem) == 1 and stem not in idx.abbr:
        return Area(name, etype, kind, [])
    if suffix == "中心":
        if not P.CENTRE_NAME.match(stem):
            return None
        force = True
    if P.NOT_A_STEM.match(stem):
        return None  # 我市新区, 城东新区: a part of some town, no named area
    code_name = bool(re.match(r"[A-Z]\d{1,3}", stem))  # G60科创走廊
    if len(stem) < 2 or (re.search(r"[0-9A-Za-z]", stem[:1]) and not code_name):
        return None
    if P.NOT_A_NAME.search(stem) and suffix not in P.CONCEPT_PART_SUFFIXES:
        return None  # 丝绸之路经济带 is a concept; 新疆丝绸之路经济带核心区 a province's part of it
    if P.GENERIC_START.match(stem) and not places_in(stem[:4], idx) and not force:
        status = P.STATUS_PREFIX.match(stem)
        inner = new_area(name[status.end():], idx) if status else None
        if inner is None:
            return None
        # 国家东中西区域合作示范区: a status before a proper name (the name as written)
        return Area(name, inner.entity_type, inner.kind, inner.refs, note=inner.note)
    if suffix in P.ZONE_STEM_PLATFORM_SUFFIXES:
        inner, inner_type, _ = suffix_of(stem)
        zone = new_area(stem, idx, force) if inner and inner_type == ZONE else None
        if zone is not None:  # 晋陕豫黄河金三角示范区: the border area itself
            return Area(name, ZONE, zone.kind, zone.refs)
    if etype == BASIN and suffix not in P.NON_RIVER_BASIN_SUFFIXES and not P.RIVER.fullmatch(stem.replace("－", "-")):
        etype, kind = P.DEFAULT_AREA  # 淮海经济带: an economic belt not named after a river
    macro_stem = P.MACRO_STEM.match(stem)
    # 东中西区域合作: the macro-region word holds no place (not the 中西区 of Hong Kong)
    places = places_in(stem[macro_stem.end(1):] if macro_stem else stem, idx)
    abbr_start = stem[0] in idx.abbr and (stem[1] in "东南西北中江河" or stem[1] in idx.abbr)  # 川南, 皖江
    initial_direction = stem[0] in idx.city_initials and stem[1] in "东南西北" and len(stem) <= 3
    initials = city_initials(stem, idx)
    partner = partner_country(stem) if etype == PLATFORM else None
    proper = bool(places) or abbr_start or initial_direction or bool(P.BILATERAL.match(stem)) or code_name
    proper = proper or bool(partner) or any(stem.startswith(part) for part in P.SPECIAL_PARTS if len(part) > 2)
    proper = proper or bool(initials) or bool(macro_stem)  # 西部陆海新通道
    if etype == BASIN:
        proper = True
    if suffix in P.SELF_NAMING_SUFFIXES and len(stem) >= 2 and not P.GENERIC_START.match(stem):
        proper = True
    proper = proper or force
    if not proper:
        return None
    refs: list[str] = []
    bilateral_only = bool(P.BILATERAL.fullmatch(stem))  # 中德工业园区: a bilateral park, place unknown
    in_china = places_in(P.COUNTRY_PREFIX.sub("", stem), idx, loose=False)
    written_out = bool(P.COUNTRY_WRITTEN_OUT.match(stem))  # 中国—白俄罗斯, 马来西亚—中国, 中埃·, 柬埔寨…
    if partner and written_out and not in_china and not bilateral_only and not P.CROSS_BORDER.search(stem):
        # 中国—白俄罗斯工业园, 中埃·泰达苏伊士经贸合作区, 马来西亚—中国关丹产业园区: abroad, in the partner country
        return Area(name, etype, P.FOREIGN_PARK_KIND, [], note=f"country: {partner}")
    if suffix in P.FOREIGN_PARK_SUFFIXES and not in_china and not bilateral_only:
        # 瓜达尔自由区, 中印古吉拉特邦工业园区: abroad, no host in China
        return Area(name, etype, P.FOREIGN_PARK_KIND, [], note=f"country: {partner}" if partner else "")
    note = ""
    special = next((part for part in P.SPECIAL_PARTS if stem.startswith(part) and len(part) > 2), None)
    if etype == PLATFORM and special and not places:
        host = unit_of(P.SPECIAL_PARTS[special], idx.gazetteer)  # 杨凌示范区片区: in 杨陵区
        return Area(name, etype, kind, [host.adcode] if host else [])
    if etype == PLATFORM:
        host = platform_host(stem, places, idx)
        if host is not None:
            refs = [host.adcode]
        elif abbr_start and not initials:  # 赣江新区: in the province its first character abbreviates
            refs = [idx.abbr[stem[0]]]
            note = f"host: the province {stem[0]} abbreviates (no smaller place in the name)"
    elif initials:
        refs = [u.adcode for u in initials]  # 成德眉资 -> 成都, 德阳, 眉山, 资阳; 长株潭 -> 长沙, 株洲, 湘潭
    elif abbr_start and all(ch in idx.abbr for ch in stem[:2]):
        run = ""
        for ch in stem:
            if ch in idx.abbr:
                run += ch
            else:
                break
        refs = [idx.abbr[ch] for ch in run]
    elif abbr_start and not places:
        # 黔中经济区, 川南经济区: a part of the province the first character abbreviates; the
        # members are not written, so the province stands in for them (approximate, to narrow)
        refs = [idx.abbr[stem[0]]]
        note = f"members approximate: the province {stem[0]} abbreviates; the area is a part of it"
    return Area(name, etype, kind, refs, note=note)


def partner_country(stem: str) -> str | None:
    """The foreign country a platform's name starts with: ``中国—白俄罗斯…`` and ``马来西亚—中国…``
    (full names), ``中埃·泰达…``, ``中德(沈阳)…`` (an abbreviation after 中), ``柬埔寨西哈努克港…``;
    else None."""
    m = P.COUNTRY_PREFIX.match(stem)
    if not m:
        return None
    written = m.group("full") or m.group("lead")
    if written:
        return P.COUNTRY_CANONICAL.get(written, written)
    return P.COUNTRY_ABBREVIATIONS.get(m.group("abbr") or m.group("host"))


def platform_host(stem: str, places: list, idx: PlaceIndex):
    """The unit a new platform lies in, from the places in its name: the last one, except in
    ``X(Y)`` names — ``中德(沈阳)``, ``宁波(余姚)``: Y, the place itself or a place inside X;
    ``广安(深圳)``, ``江苏盐城(上海)``: X, the park of Y's partners in X."""
    def first(units):
        return sorted(units, key=lambda u: (LEVEL_RANK[u.level], u.adcode))[0]

    if not places:
        return None
    paren = re.search(r"\(([\u4e00-\u9fff]{1,8})\)", stem)
    if paren:
        inner = places_in(paren.group(1), idx)
        outer = places_in(stem[:paren.start()], idx)
        outer_ends_at_paren = outer and any(stem[:paren.start()].endswith(u.short_name) or
                                            stem[:paren.start()].endswith(u.name) for u in outer[-1])
        if inner:
            guest = first(inner[-1])
            if outer_ends_at_paren and not P.TRANSFER_PARK.search(stem[paren.end():]):
                host = first(outer[-1])
                if host.adcode not in {a.adcode for a in idx.gazetteer.ancestors(guest.adcode)}:
                    return host  # 广安(深圳)产业园: in 广安
            return guest
    return first(places[-1])



def written_members(s: str, start: int, idx: PlaceIndex) -> tuple[list[str], list[str], int, list[str]] | None:
    """A written-out member list after ``start`` ("…范围包括江苏省淮安市、盐城市…和南阳市桐柏县"):
    (member adcodes, excluded adcodes, end offset, partial members) or None when no list follows.

    Read the way a scope is written: a province or city written as the context of what follows
    (``陕西省西安``, ``商洛市的商州、洛南…4个县（区）``, ``临汾市尧都、侯马…``) is not a member, the
    short names after it are its units (resolved inside it); ``运城市（除平陆县、垣曲县）`` gives the
    city's other counties; ``庆阳市区`` the city's districts; ``…的部分地区`` partial members (also
    members); counts (``5个市``, ``8个县（市、区）``), ``全境``/``全域`` and ``（含…）`` are skipped; units
    renamed since the text (华亭县, 同仁县) and special parts that are no admin unit (杨凌示范区)
    are read as today's unit (:data:`patterns.RENAMED_UNITS`, :data:`patterns.SPECIAL_PARTS`)."""
    m = P.MEMBER_INTRO.search(s, start, min(len(s), start + 16))
    if not m:
        return None
    end = len(s)
    stop = re.search(r"[。；;]", s[m.end():])
    if stop:
        end = m.end() + stop.start()
    segment = s[m.end():end]
    tokens = [t for t in resolve_tokens(scan_places(segment, idx, []), segment, idx, None) if t.kind == "place"]
    members: list[str] = []
    excluded: list[str] = []
    partial: list[str] = []
    gaz = idx.gazetteer
    skip_until = -1

    def gap_units(gap: str, context_unit) -> list[tuple[str, bool]]:
        """(adcode, partial) of the short names written in ``gap`` inside ``context_unit``."""
        out = []
        gap = P.MEMBER_COUNT.sub("、", re.sub(r"[（(]含[^）)]*[）)]", "", gap))
        for word in P.MEMBER_SEPARATOR.split(gap):
            word = word.strip()
            is_partial = bool(P.PARTIAL_MEMBER.search(word))
            word = P.PARTIAL_MEMBER.sub("", word)
            word = re.sub(r"^(?:的|等|及|和|以及)|(?:全境|全域|等)$", "", word)
            if not 2 <= len(word) <= 16 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
                continue
            unit = resolve_written(word, context_unit, gaz)
            if unit is not None:
                out.append((unit.adcode, is_partial))
        return out

    context_unit = None
    for pos, tok in enumerate(tokens):
        if tok.start < skip_until:
            continue
        unit = tok.units[0]
        nxt = tokens[pos + 1] if pos + 1 < len(tokens) else None
        gap = segment[tok.end:nxt.start] if nxt else segment[tok.end:]
        ex = P.EXCLUDE.match(segment, tok.end)
        if unit.level != "county":
            context_unit = unit
        # a province (or city) written only as the context of the next member is not a member
        if (nxt is not None and gap in ("", "的")
                and unit.adcode in {a.adcode for a in gaz.ancestors(nxt.units[0].adcode)}):
            continue
        if ex:
            skip_until = ex.end()
        if ex and unit.level == "city":
            names = [n for n in re.split(r"[、和及]", ex.group(1) or ex.group(2) or "") if n]
            out_codes = set()
            for written in names:
                hit = resolve_written(written, unit, gaz)
                if hit is not None:
                    out_codes.add(hit.adcode)
            counties = [u.adcode for u in gaz.units("county") if u.parent == unit.adcode]
            if counties and out_codes:
                members.extend(c for c in counties if c not in out_codes)
                excluded.extend(sorted(out_codes))
                continue
        if unit.level == "city" and P.CITY_DISTRICTS.match(gap):
            # 庆阳市区: the city's districts
            members.extend(u.adcode for u in gaz.units("county") if u.parent == unit.adcode and u.name.endswith("区"))
            continue
        rest = segment[ex.end() if ex else tok.end:nxt.start if nxt else len(segment)]
        inner = gap_units(rest, unit if unit.level != "county" else context_unit)
        first = gap_units(P.MEMBER_SEPARATOR.split(re.sub(r"^的", "", rest), 1)[0], unit) if not ex else []
        if not (first and unit.adcode in {a.adcode for a in gaz.ancestors(first[0][0])}):
            members.append(unit.adcode)  # (not 商洛市 in 商洛市的商州、洛南…: the context of its units)
        for code, is_partial in inner:
            members.append(code)
            if is_partial:
                partial.append(code)
        if P.PARTIAL_MEMBER.match(gap):
            partial.append(unit.adcode)
    if len(members) < 2:
        return None
    return list(dict.fromkeys(members)), excluded, end, list(dict.fromkeys(partial))


def resolve_written(word: str, context_unit, gaz):
    """A unit written by its name or short name (``商州``, ``尧都``), inside ``context_unit`` (a
    province or city unit, or None), also a special part (杨凌示范区) or a name from before a
    renaming (同仁县 -> 同仁市, 华亭县 -> 华亭市: the stem is looked up again); None unless exactly
    one unit fits."""
    table = P.SPECIAL_PARTS if word in P.SPECIAL_PARTS else P.RENAMED_UNITS
    if word in table:
        return unit_of(table[word], gaz)
    ctx = context_unit.adcode if context_unit is not None else None
    hits = gaz.resolve(word, context=ctx) if ctx else gaz.resolve(word)
    if not hits and word[-1] in "县区市旗" and len(word) >= 3:
        hits = gaz.resolve(word[:-1], context=ctx) if ctx else []
    if ctx and len(hits) > 1:
        hits = [u for u in hits if u.level == "county"] or hits
    return hits[0] if len(hits) == 1 else None



"""Lists in a sentence: ``、``-separated items before a class word, and lists of pairs.

Part of the extractor (:mod:`pairings.extract`). Pure functions over strings and index lists;
the helpers that cut a list into items are written here once and used by the area scanner
(:mod:`.areas`) and the pair-list rules (:mod:`.rules.pair_lists`).
"""

from __future__ import annotations

import re

from pairings import patterns as P

#: a verb or function word that ends what comes before a name (``引领|成渝``)
CUT_WORD = re.compile(P.NAME_CUT.pattern[len(".*"):])


def longest_matches(s: str, table: dict, lengths: dict[str, tuple[int, ...]], accept=None) -> list[tuple[int, int, object]]:
    """Longest, leftmost, non-overlapping forms of ``table`` in ``s``: ``(start, end, value)``.

    ``lengths``: first character -> lengths of the forms starting with it, longest first
    (:func:`pairings.extract.places.lengths_by_first`); ``accept(start, end, value)`` may refuse
    a hit (the scan then tries the next shorter form at the same position). Forms of one
    character are never matched."""
    out, i, n = [], 0, len(s)
    while i < n:
        for length in lengths.get(s[i], ()):
            if length < 2 or i + length > n:
                continue
            value = table.get(s[i:i + length])
            if value and (accept is None or accept(i, i + length, value)):
                out.append((i, i + length, value))
                i += length
                break
        else:
            i += 1
    return out


def list_items(s: str, at: int, max_item: int, chars: str) -> list[tuple[int, str]] | None:
    """The ``、``-separated items written just before position ``at`` of ``s`` (back to the last
    clause punctuation), as ``(start, item)``; the first item loses what a cut word leaves before
    it (``引领成渝`` -> ``成渝``). None when there is no list there, it is over 80 characters, or an
    item is not 2..``max_item`` characters of ``chars`` (a character class)."""
    segment_start = max((s.rfind(ch, 0, at) for ch in "，,。；;：:“”（）()"), default=-1) + 1
    segment = s[segment_start:at]
    if "、" not in segment or len(segment) > 80:
        return None
    items, pos = [], segment_start
    for part in segment.split("、"):
        items.append((pos, part))
        pos += len(part) + 1
    first_pos, first = items[0]
    cuts = list(CUT_WORD.finditer(first))
    if cuts:
        items[0] = (first_pos + cuts[-1].end(), first[cuts[-1].end():])
    if not all(2 <= len(item) <= max_item and re.fullmatch(f"[{chars}]+", item) for _, item in items):
        return None
    return items






def he_pair_items(groups: list[list[int]], parties: list, s: str, previous: str = "") -> list[bool]:
    """Per group: whether it is an ``X和Y`` item of a list of such items separated by ，/；
    (``辽宁省和江苏省，吉林省和浙江省``) — a lone ``X和Y`` is an enumeration, two in a row a list.
    A sentence that is nothing but ``X和Y；`` (or follows one ending in ；, ``previous``) is an
    item of a list split into sentences at ；."""
    def is_item(group: list[int]) -> bool:
        return len(group) == 2 and s[parties[group[0]].end:parties[group[1]].start] == "和"

    def separated(g: list[int], h: list[int]) -> bool:
        return s[parties[g[-1]].end:parties[h[0]].start] in ("，", ",", "；", ";")

    out = [False] * len(groups)
    for k in range(len(groups) - 1):
        if is_item(groups[k]) and is_item(groups[k + 1]) and separated(groups[k], groups[k + 1]):
            out[k] = out[k + 1] = True
    if len(groups) == 1 and is_item(groups[0]):
        head, tail = s[:parties[groups[0][0]].start], s[parties[groups[0][-1]].end:]
        whole = re.fullmatch(r"(?:——)?|.*[:：]", head) and tail.strip() in ("；", ";", "。", "")
        if whole and (tail.strip() in ("；", ";") or previous.rstrip().endswith(("；", ";"))):
            out[0] = True
    return out


def is_he_pair_list(joins: list[str]) -> bool:
    """``辽宁省和江苏省、吉林省和浙江省``: 和 and 、 strictly alternating, at least two 和 — a list of
    X和Y pairs (a plain enumeration ``A、B和C`` has one 和, at the end)."""
    return (len(joins) >= 3 and len(joins) % 2 == 1 and all(g == "和" for g in joins[::2])
            and all(g == "、" for g in joins[1::2]))


def side_affinity(units: list) -> int:
    """How much the places on one side of a pair list belong together: 2 per two places in the
    same prefecture (first 4 adcode digits), 1 per two in the same province."""
    from collections import Counter

    codes = [u.adcode for u in units if u is not None]
    same_province = Counter(c[:2] for c in codes)
    same_prefecture = Counter(c[:4] for c in codes if c[2:4] != "00")
    return sum(n * (n - 1) // 2 for n in (*same_province.values(), *same_prefecture.values()))


def pair_list_items(group: list[int], joins: list[str], pair_positions: list[int],
                     units: list) -> list[tuple[list[int], list[int]]]:
    """Cut a group of parties written as a list of pairs (``A与B、C与D、E、F与G``) into its items.

    In: the party indices of the group, the gaps between them (``joins[j]`` lies between
    ``group[j]`` and ``group[j + 1]``), the positions of the pairing joins (与, or 和 in an 和-list)
    and each party's unit (None for an area). Out: ``[(left, right), …]``, one per item, each
    side a list of party indices. Items are cut only at a 、 between two pairing joins; when a
    、 could belong to either neighbour (``…慈溪市与龙井市、奉化区、宁海县与安图县``) the cut that
    keeps each side of the list together (same prefecture / province: 奉化区 goes with the other
    宁波 districts) wins; when cuts tie, only the pairs all of them agree on are returned.
    Never pairs parties of two different items (A与B、C与D gives A–B and C–D only)."""
    choices = []
    for p, q in zip(pair_positions, pair_positions[1:]):
        options = [j for j in range(p + 1, q) if joins[j] == "、"]
        if not options:
            return []  # 甲与乙和丙与丁: no 、 to cut at, not a list of pairs
        choices.append(options)
    segmentations = []
    for cuts in product(choices, limit=256):
        bounds = [0, *[c + 1 for c in cuts], len(group)]
        items = []
        for (lo, hi), p in zip(zip(bounds, bounds[1:]), pair_positions):
            items.append((list(range(lo, p + 1)), list(range(p + 1, hi))))
        left = [units[k] for item in items for k in item[0]]
        right = [units[k] for item in items for k in item[1]]
        segmentations.append((side_affinity(left) + side_affinity(right), items))
    if not segmentations:
        return []
    best = max(score for score, _ in segmentations)
    top = [items for score, items in segmentations if score == best]
    def pairs_of(items):
        return {(lx, ry) for left, right in items for lx in left for ry in right}
    agreed = set.intersection(*(pairs_of(items) for items in top))
    out = []
    for left, right in top[0]:
        kept = [(lx, ry) for lx in left for ry in right if (lx, ry) in agreed]
        for lx, ry in kept:
            out.append(([group[lx]], [group[ry]]))
    return out


def product(choices: list[list[int]], limit: int) -> list[tuple[int, ...]]:
    """``itertools.product(*choices)``, strictly increasing tuples only, at most ``limit`` of them."""
    import itertools

    out = []
    for combo in itertools.product(*choices):
        if all(a < b for a, b in zip(combo, combo[1:])):
            out.append(combo)
            if len(out) >= limit:
                break
    return out


def split_list(value) -> list[str]:
    """``"a;b"`` -> ``["a", "b"]`` (empty, None and NaN -> [])."""
    if value is None or (isinstance(value, float) and value != value):  # None, NaN
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]

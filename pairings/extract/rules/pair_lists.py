"""Pair lists: curated pairings by written form, ``X与Y`` lists in every notation, ``X帮扶Y`` / ``X对口支援Y``.

Part of the extractor's rules (:mod:`pairings.extract.rules`): each public function takes a
:class:`~pairings.extract.sentence.Sentence` and adds candidates through its ``emit``/``pair``.
"""

from __future__ import annotations

import re

from pairings import patterns as P
from pairings.extract.context import infer_kind, programme_kind
from pairings.extract.known import scan_known
from pairings.extract.lists import he_pair_items, is_he_pair_list, pair_list_items
from pairings.extract.places import Token, tiers
from pairings.extract.sentence import Sentence, party_name, party_ref, party_unit
from pairings.glossary import PAIRING, PLATFORM, ZONE


def curated_pairings(sent: Sentence) -> None:
    """Curated pairings by written form (a与b, abbreviation compounds)."""
    if sent.kidx_pairs is None:
        return
    s = sent.s
    plain = sent.plain_places
    for a, b, k in scan_known(s, sent.kidx_pairs, plain):
        if b - a == 2 and (P.ZONE_LIST_TAIL.match(s, b) or P.ABBR_ZONE_FOLLOW.match(s, b)):
            continue  # 川渝等省际交界地区, 川陕结合部: an area, not the pairing
        sent.emit(PAIRING, k.kind, k.name, list(k.refs), a, b, direction=k.direction,
                  party_names=k.party_names, entity_id=k.entity_id, method="curated-name")

def groups_of_parties(sent: Sentence) -> None:
    """Parties joined by 、 与 和 及: ``X与Y`` lists, ``X帮扶Y、Z和W``, ``深化与A、B等城市群的合作``."""
    s, parties, context, issuer = sent.s, sent.parties, sent.context, sent.issuer
    groups: list[list[int]] = []
    for k, tok in enumerate(parties):
        if groups and s[parties[k - 1].end:tok.start] in P.JOINS:
            groups[-1].append(k)
        else:
            groups.append([k])
    he_list = he_pair_items(groups, parties, s, context)
    for g_index, group in enumerate(groups):
        joins = [s[parties[group[j - 1]].end:parties[group[j]].start] for j in range(1, len(group))]
        # X帮扶Y、Z和W / 中山市和东莞市帮扶昭通市 / X对口支援Y : directed, supporters first
        directed = False
        if g_index + 1 < len(groups):
            nxt = groups[g_index + 1]
            verb_gap = s[parties[group[-1]].end:parties[nxt[0]].start]
            verb = P.DIRECTED_VERB.match(verb_gap)
            programme = list_programme(sent) if verb or P.PROGRAMME_VERB.match(verb_gap) else None
            if verb or (P.PROGRAMME_VERB.match(verb_gap) and programme):
                directed = True
                kind = programme or infer_kind(verb_gap, "", "", [])
                if kind not in P.DIRECTED_KINDS | {"对口协作"}:
                    kind = "对口支援"
                supporters = [parties[k] for k in group]
                for supporter in supporters:
                    for k in nxt:
                        sent.pair(supporter, parties[k], "directed-verb", explicit=True, kind=kind)
                # 北京市对口支援拉萨市，对口协作十堰市: the next clause's verb keeps the supporters
                for h in range(g_index + 2, len(groups)):
                    later = groups[h]
                    gap = s[parties[groups[h - 1][-1]].end:parties[later[0]].start]
                    continued = P.CONTINUED_VERB.match(gap)
                    if not continued:
                        break
                    later_kind = programme or infer_kind(continued.group(), "", "", [])
                    if later_kind not in P.DIRECTED_KINDS | {"对口协作"}:
                        later_kind = "对口支援"
                    for supporter in supporters:
                        for k in later:
                            sent.pair(supporter, parties[k], "directed-verb", explicit=True, kind=later_kind)
        # 深化与北部湾、长江中游…等城市群的开放合作 (the document's own province is the other party)
        before = s[parties[groups[g_index - 1][-1]].end if g_index else 0:parties[group[0]].start]
        # (not 参与西部陆海新通道建设: taking part in an area is no pairing with it)
        if issuer is not None and before.endswith("与") and not before.endswith("参与") and sent.cue:
            for k in group:
                tok = parties[k]
                if tok.kind == "area" and tok.area.entity_type == ZONE and issuer.adcode not in tok.area.refs:
                    name = party_name(tok)
                    sent.emit(PAIRING, "区域合作", f"{issuer.name}—{name}", [issuer.adcode, party_ref(tok)],
                              tok.start, tok.end, direction="mutual", party_names=f"{issuer.name};{name}",
                              method="issuer-with-area")
        if len(group) < 2 or not sent.cue or directed:
            continue
        pair_positions = [j for j, gap in enumerate(joins) if gap in P.PAIR_JOINS]
        if len(pair_positions) == 1:
            cut = pair_positions[0] + 1
            items = [(group[:cut], group[cut:])]
        elif len(pair_positions) >= 2 or is_he_pair_list(joins):
            # 河北省与广东省、山西省与江苏省…: a list of X与Y items, one pairing (group) per item
            items = pair_list_items(group, joins, pair_positions or [j for j, g in enumerate(joins) if g == "和"],
                                     [party_unit(parties[k]) for k in group])
        elif (not pair_positions and len(group) == 2 and joins == ["和"]
              and (P.COOPERATION_CUE.match(s, parties[group[-1]].end) or he_list[g_index])):
            items = [(group[:1], group[1:])]
        else:
            continue
        method = "x-yu-y" if len(items) == 1 else "x-yu-y-list"
        for left, right in items:
            if len(left) * len(right) > 8:
                continue
            for lx in left:
                for ry in right:
                    x, y = parties[lx], parties[ry]
                    if pairable(x, y):
                        sent.pair(x, y, method)



def pairable(x: Token, y: Token) -> bool:
    """Whether two parties joined by 与 can be a pairing: places of a common tier (province,
    city — a municipality counts as both —, county), or a province with an area it is not part
    of (四川与京津冀; not a city with the cluster it belongs to, not a place with a platform)."""
    ux, uy = party_unit(x), party_unit(y)
    if ux is not None and uy is not None:
        return bool(tiers(ux) & tiers(uy))
    if (ux is None) != (uy is None):
        unit, area = (ux, y.area) if ux is not None else (uy, x.area)
        return unit.level == "province" and unit.adcode not in area.refs and area.entity_type != PLATFORM
    return True




def list_programme(sent: Sentence) -> str | None:
    """The programme that sets the kind of the pairs of this sentence: named in the sentence
    outside the verbs of its items, else in the clause headings, the sentence that opened the
    list, the document title, the sentence before. ``三、东西部扶贫协作`` … ``济南市对口支援湘西州`` -> 扶贫协作:
    the heading wins over the verb an item happens to use."""
    cached = sent.memo.get("programme", False)
    if cached is not False:
        return cached
    s = sent.s
    pieces, pos = [], 0
    for x, y in zip(sent.parties, sent.parties[1:]):
        gap = s[x.end:y.start]
        if gap and (P.DIRECTED_VERB.match(gap) or P.PROGRAMME_VERB.match(gap) or P.CONTINUED_VERB.match(gap)):
            pieces.append(s[pos:x.end])
            pieces.append("|")
            pos = y.start
    outside = "".join(pieces) + s[pos:]
    sent.memo["programme"] = programme_kind(outside, sent.headings, sent.lead, sent.title, sent.previous)
    return sent.memo["programme"]


def written_pair_lists(sent: Sentence) -> None:
    """Pair lists written as a table would be: ``北京市—内蒙古自治区；江苏省—陕西省、青海省`` (dash),
    ``北京市：玉树藏族自治州；`` (colon), ``北京市 内蒙古自治区`` (a table row of its own), also one
    item per sentence when the list is split at ；. Each item is supporter side, separator,
    recipient side (places joined by 、和及; a place written as the context of the next one is
    not a party). The kind is the programme of the list (:func:`list_programme`); in a directed
    programme the left side supports. Dash lists need a cooperation cue around them; colon lists
    and table rows need a named programme (a scope written ``四川省：成都市、德阳市`` is no pair list)."""
    s = sent.s
    toks = [t for t in sent.tokens if t.kind == "place"]
    if len(toks) < 2:
        return
    items = []
    i = 0
    while i < len(toks):
        before = s[toks[i - 1].end if i else 0:toks[i].start]
        starts = (i == 0 and not before.strip()) or P.PAIR_LIST_LEAD_END.search(before) or (
            i > 0 and (P.PAIR_LIST_ITEM_SEP.match(before) or (before == "、" and items and items[-1][0][-1] is not toks[i]
                                                              and items[-1][1][-1] is toks[i - 1])))
        if not starts:
            i += 1
            continue
        left, right, sep = [toks[i]], [], None
        j = i + 1
        while j < len(toks):
            gap = s[toks[j - 1].end:toks[j].start]
            dash_next = j + 1 < len(toks) and P.PAIR_LIST_SEP.match(s[toks[j].end:toks[j + 1].start])
            if sep is not None and gap == "、" and dash_next:
                break  # 福州市—固原市、厦门市—吴忠市: 、 between two items
            if P.PAIR_LIST_SIDE_JOIN.match(gap):
                (right if sep is not None else left).append(toks[j])
            elif sep is None and P.PAIR_LIST_SEP.match(gap):
                sep = gap.strip() or "\t"
                right.append(toks[j])
            else:
                break
            j += 1
        after = s[toks[j - 1].end:toks[j].start if j < len(toks) else len(s)]
        if sep is not None and right and (not after.strip() or re.match(r"\s*(?:[，,；;。、]|等)", after)):
            items.append((left, right, sep, before, after))
        i = j
    if not items:
        return
    whole = len(items) == 1 and not items[0][3].strip() and re.fullmatch(r"\s*[，,；;。]?\s*", items[0][4])
    if len(items) == 1 and not whole and not re.search(r"(?:[：:]|——)\s*$", items[0][3]):
        return  # one X—Y in running text is no list
    programme = list_programme(sent)
    cue_text = " ".join((s, sent.lead, sent.context, sent.title))
    for left, right, sep, _, _ in items:
        if sep in ("：", ":", "\t") and not programme:
            continue
        if sep == "\t" and not whole:
            continue
        if not P.COOPERATION_CUE.search(cue_text) or len(left) * len(right) > 8:
            continue
        directed = programme in P.DIRECTED_KINDS or programme == "对口协作"
        for x in left:
            for y in right:
                sent.pair(x, y, "pair-list", explicit=directed, kind=programme)

"""URL hygiene (pure): one fallback rule for unknown values, short ``kinds`` links, shortcuts.

Works on the query parameters as a plain ``{name: value}`` dict, before
:func:`mapview.urlstate.parse` reads them and after :func:`mapview.urlstate.to_params` writes
them; what it hands on is in the form ``urlstate`` already knows (inclusion lists), so old links
keep working unchanged.

**The kinds notation.** ``kinds`` is written as the shorter (once percent-encoded) of
- an *inclusion* list: ``kinds=城市群,都市圈`` — only these kinds (today's form, unchanged);
- an *exclusion* list, every item prefixed with ``-``: ``kinds=-对口合作,-城市群`` — every kind
  except these (including kinds added to the glossary later).
No ``kinds`` parameter means all kinds; an empty one (``kinds=``) means none. In a list that mixes
both, the ``-`` items win: all kinds except them (the plain items are then included anyway).

**One fallback rule** for ``docs``, ``layers`` and ``kinds`` (and ``compare``): an unknown item is
left out with a :class:`Notice`; a list of nothing but unknown items falls back to the default
(all), with a notice, instead of opening an empty map. An empty value (``docs=``) is an explicit
"none" and is kept. A ``compare`` value that cannot be used is dropped with its notices.

Notices carry the raw value; :meth:`Notice.text` is plain text and :meth:`Notice.markdown` is safe
to pass to ``st.markdown`` (the value made inert).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import quote

EXCLUDE = "-"
LIST_PARAMS = ("docs", "layers", "kinds")

_PARAM_NAMES = {
    "docs": ("文件", "documents"),
    "layers": ("图层", "layers"),
    "kinds": ("类型", "kinds"),
    "compare": ("对比", "compare"),
}
_MESSAGES = {
    "unknown": ("链接中的{param}含有未知的值「{value}」，已忽略。",
                "The link's {param} has an unknown value “{value}”; it was left out."),
    "fallback": ("链接中的{param}只有未知的值「{value}」，已改为显示全部。",
                 "The link's {param} has only unknown values “{value}”; showing all instead."),
    "compare": ("链接中的对比无法使用（{value}），已关闭对比。",
                "The link's comparison cannot be used ({value}); compare mode is off."),
}


@dataclass(frozen=True)
class Notice:
    """Something the link asked for that the view could not honour: the parameter, the raw value
    and why (``unknown``: left out; ``fallback``: only unknown values, default used; ``compare``)."""

    param: str
    value: str
    reason: str

    def text(self, lang: str = "zh") -> str:
        """The notice as plain text in ``lang`` (escape it where it reaches HTML)."""
        zh, en = _MESSAGES[self.reason]
        names = _PARAM_NAMES.get(self.param, (self.param, self.param))
        template, name = (en, names[1]) if lang == "en" else (zh, names[0])
        return template.format(param=name, value=self.value)

    def markdown(self, lang: str = "zh") -> str:
        """The notice as Markdown, the value made inert (``pairings.safety.inert_markdown``)."""
        from pairings.safety import inert_markdown

        zh, en = _MESSAGES[self.reason]
        names = _PARAM_NAMES.get(self.param, (self.param, self.param))
        template, name = (en, names[1]) if lang == "en" else (zh, names[0])
        return template.format(param=name, value=inert_markdown(self.value))


def split_items(value: str) -> list[str]:
    """``a,b,,c`` -> ``["a", "b", "c"]`` (stripped, blanks and repeats dropped, order kept)."""
    return list(dict.fromkeys(v.strip() for v in str(value or "").replace("，", ",").split(",") if v.strip()))


def clean_list(param: str, value: str | None, known: Iterable[str]) -> tuple[tuple[str, ...] | None, list[Notice]]:
    """One list parameter -> ``(items or None for "all", notices)`` under the one fallback rule
    (``value`` None: the parameter is absent -> all)."""
    if value is None:
        return None, []
    known = list(known)
    items = split_items(value)
    if not items:
        return (), []
    kept = tuple(i for i in items if i in set(known))
    unknown = [i for i in items if i not in set(known)]
    if not kept:
        return None, [Notice(param, ",".join(unknown), "fallback")]
    return kept, [Notice(param, u, "unknown") for u in unknown]


def decode_kinds(value: str | None, all_kinds: Iterable[str]) -> tuple[tuple[str, ...] | None, list[Notice]]:
    """``kinds`` (inclusion or ``-`` exclusion, see the module doc) -> ``(kinds or None for all,
    notices)``; unknown kinds follow the one fallback rule."""
    if value is None:
        return None, []
    all_kinds = list(all_kinds)
    items = split_items(value)
    excluded = [i[len(EXCLUDE):].strip() for i in items if i.startswith(EXCLUDE)]
    if not excluded:
        return clean_list("kinds", value, all_kinds)
    known = set(all_kinds)
    plain = [i for i in items if not i.startswith(EXCLUDE)]
    notices = [Notice("kinds", e, "unknown") for e in excluded if e not in known]
    notices += [Notice("kinds", p, "unknown") for p in plain if p not in known]
    if all(e not in known for e in excluded):
        # nothing known to exclude: the link means all kinds (plus a notice)
        notices = [Notice("kinds", ",".join(EXCLUDE + e for e in excluded), "fallback")] + \
                  [Notice("kinds", p, "unknown") for p in plain if p not in known]
        return None, notices
    out = tuple(k for k in all_kinds if k not in set(excluded))
    return out, notices


def _encoded_len(text: str) -> int:
    return len(quote(text, safe=",-"))


def encode_kinds(selected: Iterable[str] | None, all_kinds: Iterable[str]) -> str | None:
    """The ``kinds`` value for ``selected`` (None = all): None when every kind is selected (leave
    the parameter out), ``""`` for none, else the shorter of the inclusion and the exclusion list
    (inclusion on a tie). Kinds not in ``all_kinds`` are not written."""
    if selected is None:
        return None
    all_kinds = list(all_kinds)
    chosen = set(selected)
    if set(all_kinds) <= chosen:
        return None
    if not chosen & set(all_kinds):
        return ""
    inclusion = ",".join(k for k in all_kinds if k in chosen)
    exclusion = ",".join(EXCLUDE + k for k in all_kinds if k not in chosen)
    return exclusion if _encoded_len(exclusion) < _encoded_len(inclusion) else inclusion


def normalise_params(params: dict, known_docs: Iterable[str], known_kinds: Iterable[str],
                     known_layers: Iterable[str] | None = None, documents=None) -> tuple[dict[str, str], list[Notice]]:
    """Query parameters as the link gave them -> ``(parameters for urlstate.parse, notices)``.

    ``docs``, ``layers`` and ``kinds`` follow the one fallback rule (a parameter that falls back
    to "all" is removed); ``kinds`` comes out as an inclusion list; ``compare`` (when
    ``documents``, the ``Dataset.documents`` table, is given) is kept only when
    :func:`mapview.compare.parse_compare` can use it. Every other parameter passes unchanged.
    """
    if known_layers is None:
        from pairings.entities import ENTITY_TYPE_NAMES

        known_layers = ENTITY_TYPE_NAMES
    known_kinds = list(known_kinds)
    out = {str(k): str(v if v is not None else "") for k, v in dict(params).items()}
    notices: list[Notice] = []
    for param, known in (("docs", list(known_docs)), ("layers", list(known_layers))):
        if param in out:
            items, found = clean_list(param, out[param], known)
            notices += found
            if items is None:
                out.pop(param)
            else:
                out[param] = ",".join(items)
    if "kinds" in out:
        kinds, found = decode_kinds(out["kinds"], known_kinds)
        notices += found
        if kinds is None:
            out.pop("kinds")
        else:
            out["kinds"] = ",".join(kinds)
    if "compare" in out and documents is not None:
        from mapview.compare import format_compare, parse_compare

        sides, problems = parse_compare(out["compare"], documents)
        if sides is None:
            if out["compare"].strip():
                notices.append(Notice("compare", "; ".join(problems) or out["compare"], "compare"))
            out.pop("compare")
        else:
            notices += [Notice("compare", p, "compare") for p in problems]
            out["compare"] = format_compare(*sides)
    return out, notices


def compact_params(params: dict, all_kinds: Iterable[str]) -> dict[str, str]:
    """Parameters written by ``urlstate.to_params`` with ``kinds`` in its shorter form (see
    :func:`encode_kinds`); everything else unchanged."""
    out = dict(params)
    if "kinds" in out:
        kinds = split_items(out["kinds"])
        value = encode_kinds(kinds, all_kinds) if kinds else ""
        if value is None:
            out.pop("kinds")
        else:
            out["kinds"] = value
    return out


def shortcut(params: dict, action: str, value: str | None = None) -> dict[str, str]:
    """Parameters after one of the list shortcuts (a new dict; ``params`` is not changed):

    ``only_doc`` (``value`` a document id: only that document), ``all_docs``, ``no_docs``,
    ``all_kinds``, ``no_kinds``, ``all_layers``, ``only_layer`` (``value`` a layer).
    A shortcut that changes the documents also ends compare mode.
    """
    out = dict(params)
    if action == "only_doc":
        if not value:
            raise ValueError("only_doc needs a document id")
        out["docs"] = value
        out.pop("compare", None)
    elif action == "all_docs":
        out.pop("docs", None)
        out.pop("compare", None)
    elif action == "no_docs":
        out["docs"] = ""
        out.pop("compare", None)
    elif action == "all_kinds":
        out.pop("kinds", None)
    elif action == "no_kinds":
        out["kinds"] = ""
    elif action == "all_layers":
        out.pop("layers", None)
    elif action == "only_layer":
        if not value:
            raise ValueError("only_layer needs a layer")
        out["layers"] = value
    else:
        raise ValueError(f"unknown shortcut {action!r}")
    return out

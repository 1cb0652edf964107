"""The evidence panel beside the map (Streamlit): the selected entity or place and its sources.

An entity shows its name, type and kind, its parties/members/host (with the role words of its
kind), its basis in words and the row's note, and every citing document with the quote and the
clause in its text. A place lists everything that involves it. The HTML comes from
``mapview.evidence`` (escaped); widget keys: ``w_goto_<adcode>``, ``place_table_<adcode>``.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from mapview.compose import kind_label
from mapview.evidence import citation_html, citations, clause_text, highlight, parties, place_name
from mapview.i18n import basis_label, display_name, display_names, entity_label, role_words, ui, unit_name
from mapview.select import involving
from pairings.entities import entity_type


def _select_place(code: str) -> None:
    st.session_state["sel"] = f"place:{code}"


def _choose(kind: str, id_: str) -> None:
    st.session_state["sel"] = f"place:{id_}" if kind == "place" else id_


def under_label(kind: str, id_: str, data, lang: str) -> str:
    """A button's whole label for one thing under a click: a place ("查看涉及四川省的合作"), an
    entity by its name in ``lang`` and its kind ("大渡河（流域）" / "Dadu River (river basin)")."""
    if kind == "place":
        return ui("involving_short", lang).format(name=unit_name(id_, lang))
    hit = data.entities[data.entities["eid"] == id_]
    if hit.empty:
        return id_
    ent = hit.iloc[0]
    name, what = display_name(ent, lang), kind_label(ent["kind"], lang)
    return f"{name}（{what}）" if lang == "zh" else f"{name} ({what})"


def under_list(data, lang: str) -> None:
    """What lies under the last click (``st.session_state["under"]``, ``mapwidget.take_click``):
    one full-width button per thing, the province and city first, then the features, small ones
    first; the open one is marked. Shown while the selection is the click's or one of its items.
    Widget keys ``w_goto_<adcode or entity id>``."""
    under = st.session_state.get("under") or {}
    items = under.get("items") or []
    sel = st.session_state["sel"]
    ids = {f"place:{i}" if k == "place" else i for k, i in items}
    st.session_state["under_shown"] = False
    if len(items) < 2 or (sel != under.get("for") and sel not in ids):
        return
    st.session_state["under_shown"] = True
    st.markdown(f'<div class="mv-under">{html.escape(ui("here" if sel else "here_pick", lang))}</div>',
                unsafe_allow_html=True)
    for kind, id_ in items:
        value = f"place:{id_}" if kind == "place" else id_
        st.button(under_label(kind, id_, data, lang), key=f"w_goto_{id_}", on_click=_choose, args=(kind, id_),
                  type="primary" if value == sel else "secondary", width="stretch", wrap=True)


def clicked_place_links(eid: str, geo, lang: str) -> None:
    """Zones and basins cover most provinces, so a click on the map mostly selects one of them:
    the panel then offers the province and city under the click ("click a province or city")."""
    at = st.session_state.get("click_at")
    code = geo.unit_at(at[2], at[1]) if at and at[0] == eid else None
    if not code:
        return
    codes = list(dict.fromkeys([code[:2] + "0000", code]))
    st.caption(f"{ui('clicked_place', lang)}: " + " · ".join(place_name(c, lang=lang) for c in codes))
    for col, c in zip(st.columns(len(codes)), codes):
        col.button(ui("involving_short", lang).format(name=place_name(c, lang=lang)), key=f"w_goto_{c}",
                   on_click=_select_place, args=(c,))


def basis_html(ent, lang: str) -> str:
    """The row's basis in words, with its note (escaped HTML, ``div.mv-basis[data-basis]``)."""
    basis = ent.get("basis", "text") or "text"
    note = str(ent.get("note", "") or "")
    out = (f'<div class="mv-basis" data-basis="{html.escape(basis, quote=True)}"><b>{html.escape(ui("basis", lang))}</b>: '
           f'{html.escape(basis_label(basis, lang))}')
    if note:
        out += f'<div class="mv-note"><b>{html.escape(ui("note", lang))}</b>: {html.escape(note)}</div>'
    return out + "</div>"


def show_entity(eid: str, data, geo, lang: str) -> None:
    """The panel of one entity (see module doc); a hint when the id is unknown."""
    hit = data.entities[data.entities["eid"] == eid]
    if hit.empty:
        st.info(ui("click_hint", lang))
        return
    ent = hit.iloc[0]
    st.markdown(f'<div class="mv-panel" data-eid="{html.escape(eid, quote=True)}"><h3 class="mv-panel-name">'
                f'{html.escape(display_name(ent, lang))}</h3><div>{html.escape(entity_label(ent["etype"], lang))} · '
                f'{html.escape(kind_label(ent["kind"], lang))}</div></div>', unsafe_allow_html=True)
    if not st.session_state.get("under_shown"):
        clicked_place_links(eid, geo, lang)
    names = parties(ent, data, lang)
    role = entity_type(ent["etype"]).party_role
    if role == "parties":
        directed = ent["direction"] == "a_to_b"
        words = role_words(ent["kind"], lang) if directed else None
        how = (" → ".join(words) if words else ui("direction_a_to_b", lang)) if directed else ui("direction_mutual", lang)
        st.markdown(f"**{ui('parties', lang)}**: " + html.escape(" → ".join(names) if directed else " — ".join(names))
                    + f" ({html.escape(how)})")
    else:
        st.markdown(f"**{ui(role, lang)}**: " + html.escape("、".join(names)))
    if ent["membership_source"]:
        st.caption(ent["membership_source"])
    st.markdown(basis_html(ent, lang), unsafe_allow_html=True)
    cites = citations(eid, data)
    st.markdown(f"**{ui('cited_by', lang)}** ({len(cites)})")
    for _, row in cites.iterrows():
        st.markdown(citation_html(row, ui("clause", lang), lang), unsafe_allow_html=True)
        text = clause_text(row["doc_id"], row["clause"])
        if text:
            with st.expander(f"{ui('clause_text', lang)} · {row['clause']}"):
                st.markdown(f'<div class="mv-clause-text">{highlight(text, row["quote"])}</div>', unsafe_allow_html=True)


def show_place(code: str, data, lang: str) -> None:
    """The panel of one place: everything (any document) that involves it, as a selectable table."""
    st.markdown(f'<div class="mv-panel" data-place="{html.escape(code, quote=True)}"><h3 class="mv-panel-name">'
                f'{html.escape(unit_name(code, lang))}</h3></div>', unsafe_allow_html=True)
    rows = involving(data, code)
    st.markdown(f"**{ui('involving', lang)}** ({len(rows)})")
    names = display_names(data.entities, lang)  # a party that is an entity by its own English name
    table = pd.DataFrame({
        ui("name", lang): rows["eid"].map(names), ui("layers", lang): rows["etype"].map(lambda t: entity_label(t, lang)),
        ui("kinds", lang): rows["kind"].map(lambda k: kind_label(k, lang)), "id": rows["eid"],
    })
    # the id column is kept in the data but not shown: the narrow panel shows the names whole
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                          key=f"place_table_{code}", column_config={"id": None})
    if picked and picked.selection.rows:
        st.session_state["sel"] = rows.iloc[picked.selection.rows[0]]["eid"]
        st.rerun()


def draw(data, geo, lang: str) -> None:
    """The whole panel for ``st.session_state["sel"]`` (an entity id, ``place:<adcode>`` or '')."""
    st.subheader(ui("details", lang))
    under_list(data, lang)
    sel = st.session_state["sel"]
    if sel.startswith("place:"):
        show_place(sel.split(":", 1)[1], data, lang)
    elif sel:
        show_entity(sel, data, geo, lang)
    elif not st.session_state.get("under_shown"):
        st.info(ui("click_hint", lang))
    if sel and st.button(ui("clear", lang)):
        st.session_state["sel"] = ""
        st.session_state["under"] = None
        st.rerun()

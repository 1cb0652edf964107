"""``mapview.resources.filtered``: the filter of a view computed once per process, handed out as
copies (a session that changes its frames does not change another session's)."""
from __future__ import annotations

import pandas as pd

from mapview import resources
from mapview.data import DATA_DIR, load_dataset
from mapview.select import Filters, apply_filters


def test_filtered_equals_apply_filters_and_hands_out_copies():
    data = resources.get_data(str(DATA_DIR))
    for filters in (Filters(), Filters(layers=("pairing",)), Filters(years=(2016, 2018), basis="text")):
        ents, mentions = resources.filtered(data, filters)
        want_e, want_m = apply_filters(data, filters)
        pd.testing.assert_frame_equal(ents, want_e)
        pd.testing.assert_frame_equal(mentions, want_m)
    ents, _ = resources.filtered(data, Filters())
    ents["name"] = "changed"
    ents.index = range(100, 100 + len(ents))
    again, _ = resources.filtered(data, Filters())
    assert (again["name"] != "changed").all() and again.index[0] == 0


def test_new_data_is_filtered_again():
    old = resources.get_data(str(DATA_DIR))
    resources.filtered(old, Filters())
    new = load_dataset(str(DATA_DIR))
    new.entities.drop(new.entities.index[:3], inplace=True)
    ents, _ = resources.filtered(new, Filters())
    assert len(ents) == len(apply_filters(new, Filters())[0]) < len(resources.filtered(old, Filters())[0])


def test_names_and_counts_equal_the_direct_functions_and_hand_out_copies():
    """The tables under the map read display names and counts once per process (issue 15: work
    done once per process, not per session); each caller gets its own copy."""
    from mapview.i18n import display_names
    from mapview.select import counts

    data = resources.get_data(str(DATA_DIR))
    for lang in ("zh", "en"):
        assert resources.names(data, lang) == display_names(data.entities, lang)
    mine = resources.names(data, "zh")
    mine.clear()
    assert resources.names(data, "zh")
    for filters in (Filters(), Filters(layers=("zone",)), Filters(basis="text")):
        pd.testing.assert_frame_equal(resources.counts(data, filters), counts(*apply_filters(data, filters)))
    table = resources.counts(data, Filters())
    table.iloc[:, :] = -1
    assert (resources.counts(data, Filters()).to_numpy() >= 0).all()
    new = load_dataset(str(DATA_DIR))
    new.entities.drop(new.entities.index[:3], inplace=True)
    assert len(resources.names(new, "zh")) == len(new.entities)

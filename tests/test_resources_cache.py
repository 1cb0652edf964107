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

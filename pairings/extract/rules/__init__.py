"""The extractor's rules, one module per family of phrasing, run in the order of :data:`RULES`.

Each rule is a function ``rule(sentence) -> None`` that reads a
:class:`~pairings.extract.sentence.Sentence` (its tokens, context, issuer) and adds candidates
with ``sentence.emit`` / ``sentence.pair``. The order matters where two rules could find the
same thing: the more specific find comes first (a document keeps the first row per entity).
A new family is one module here, its entry in :data:`RULES`, tests on real sentences and
passages in the development corpus (``tests/corpus/``).
"""

from __future__ import annotations

from pairings.extract.rules import agreements, compounds, issuer, pair_lists, platforms, scopes

RULES = (
    agreements.compensation_agreements,
    scopes.named_areas,
    platforms.parks_named_after_two_cities,
    scopes.aid_recipients,
    scopes.recipients_listed_with_tibetan_areas,
    scopes.quoted_areas,
    platforms.provincial_free_trade_zone,
    pair_lists.curated_pairings,
    pair_lists.written_pair_lists,
    pair_lists.groups_of_parties,
    platforms.park_of_another_city,
    agreements.provinces_before_a_river,
    issuer.issuer_joins_an_area,
    issuer.issuer_with_provinces,
    compounds.twin_cities,
    compounds.abbreviation_compounds,
    agreements.river_cooperation,
    agreements.river_lists,
)

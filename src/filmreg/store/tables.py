"""The registry's tables, named once: the merge fills them in this order, an export writes the
record tables, a build counts them all."""

# Filled from records by the merge, parents before children (foreign keys hold at each step).
RECORD_TABLES = (
    "sources",
    "topics",
    "organizations",
    "people",
    "events",
    "cooperations",
    "memberships",
    "names",
    "roles",
    "participations",
    "event_topics",
    "cooperation_parties",
    "cooperation_topics",
    "evidence",
)
# Made by the build and the merge from the records and pycountry; curated country aliases
# also come from seed records, so the merge fills `country_aliases` after the record tables.
DERIVED_TABLES = ("countries", "country_aliases", "event_countries", "search_entries")

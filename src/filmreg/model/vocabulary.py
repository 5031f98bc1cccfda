"""The controlled lists of the data model, shared by the seed checks, the schema's CHECK
constraints (see `migrations.m003_catalogue`) and the CLI's filters."""

# Every source is a public document: the team's own notes are never a source.
SOURCE_KINDS = frozenset({"news", "official_site", "legal_database", "reference"})
# Kinds that rows written before m003 may still carry; no new record may use them.
RETIRED_SOURCE_KINDS = frozenset({"research_notes"})
ORGANIZATION_KINDS = frozenset(
    {
        "film_agency",
        "film_fund",
        "film_commission",
        "classification_body",
        "film_archive",
        "film_school",
        "ministry",
        "department",
        "media_directorate",
        "business_agency",
        "intergovernmental",
    }
)
# The kinds that count as a state film body in coverage (a ministry or an intergovernmental
# body is a parent or a forum, not the body itself).
FILM_BODY_KINDS = ORGANIZATION_KINDS - {"ministry", "business_agency", "intergovernmental"}
NAME_KINDS = frozenset(
    {"official", "source", "translation", "transliteration", "acronym", "former"}
)
# Name kinds that may be the registry's own rendering rather than a source's.
UNSOURCED_NAME_KINDS = frozenset({"translation", "transliteration"})
ROLES = frozenset({"head", "deputy_head", "advisor", "representative", "department_head", "staff"})
ROLE_STATUSES = frozenset({"current", "ended", "unknown"})
EVENT_KINDS = frozenset(
    {"festival", "programme", "panel", "conference", "meeting", "market", "ceremony"}
)
CAPACITIES = frozenset(
    {"opening_speech", "speaker", "moderator", "panelist", "signatory", "attendee"}
)
# `discussion`: cooperation discussed at an event (what a report of a panel states);
# `stated_intent`: a party's stated intention to cooperate (kept for records made before
# `discussion` existed); `convention`: a multilateral convention open to accession (the
# European Convention on Cinematographic Co-production); the others are documents between
# their parties, from a memorandum to a treaty.
COOPERATION_KINDS = frozenset(
    {
        "convention",
        "discussion",
        "stated_intent",
        "memorandum",
        "treaty",
        "co_development",
        "co_distribution",
        "joint_programme",
    }
)
# Cooperation kinds that are agreements between states (counted as treaties in coverage).
TREATY_KINDS = frozenset({"treaty", "co_development", "co_distribution"})
# Kinds that make their parties members of an instrument rather than partners of each other:
# they are listed once in a report, never as links between every pair of parties.
MULTILATERAL_KINDS = frozenset({"convention"})
COOPERATION_STATUSES = frozenset({"signed", "in_force", "ended"})
PARTY_ROLES = frozenset({"party", "signatory"})
# The longest quote an evidence row may carry: a fragment that states a fact, not prose.
QUOTE_MAX = 160

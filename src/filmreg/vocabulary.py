"""The controlled lists of the data model, shared by the seed checks and the CLI's filters."""

SOURCE_KINDS = frozenset({"news", "official_site", "legal_database", "reference", "research_notes"})
ORGANIZATION_KINDS = frozenset(
    {
        "film_agency",
        "ministry",
        "department",
        "media_directorate",
        "business_agency",
        "intergovernmental",
    }
)
NAME_KINDS = frozenset(
    {"official", "source", "translation", "transliteration", "acronym", "former"}
)
ROLES = frozenset({"head", "deputy_head", "advisor", "representative", "department_head", "staff"})
ROLE_STATUSES = frozenset({"current", "ended", "unknown"})
EVENT_KINDS = frozenset(
    {"festival", "programme", "panel", "conference", "meeting", "market", "ceremony"}
)
CAPACITIES = frozenset(
    {"opening_speech", "speaker", "moderator", "panelist", "signatory", "attendee"}
)
COOPERATION_KINDS = frozenset({"stated_intent", "memorandum", "treaty", "joint_programme"})
PARTY_ROLES = frozenset({"party", "signatory"})

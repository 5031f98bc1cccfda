-- filmreg registry schema. Dates are partial ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).
-- Modelled on Popolo (Person, Organization, Membership, Event) and OpenSanctions
-- (Position, Occupancy). Every fact row is tied to a source through `evidence`.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    title TEXT,
    publisher TEXT,
    published TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]' OR published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    url TEXT,
    language TEXT,
    kind TEXT NOT NULL CHECK (kind IN
        ('news', 'official_site', 'legal_database', 'reference', 'research_notes')),
    local_copy TEXT,
    note TEXT
);

CREATE TABLE countries (
    code TEXT PRIMARY KEY CHECK (length(code) = 2),
    alpha3 TEXT NOT NULL UNIQUE,
    numeric TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    official_name TEXT
);

CREATE TABLE country_aliases (
    key TEXT NOT NULL,
    country TEXT NOT NULL REFERENCES countries(code),
    alias TEXT NOT NULL,
    lang TEXT,
    kind TEXT NOT NULL CHECK (kind IN
        ('alpha2', 'alpha3', 'numeric', 'name', 'official_name', 'common_name', 'localized',
         'curated')),
    PRIMARY KEY (key, country, alias)
) WITHOUT ROWID;

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('film_agency', 'ministry', 'department', 'media_directorate', 'business_agency',
         'intergovernmental')),
    country TEXT REFERENCES countries(code),
    parent TEXT REFERENCES organizations(id),
    acronym TEXT,
    website TEXT,
    founded TEXT CHECK (founded IS NULL OR founded GLOB '[0-9][0-9][0-9][0-9]' OR founded GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR founded GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    legal_form TEXT,
    note TEXT
);
CREATE INDEX organizations_country ON organizations(country);
CREATE INDEX organizations_parent ON organizations(parent);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    note TEXT
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('festival', 'programme', 'panel', 'conference', 'meeting', 'market', 'ceremony')),
    parent TEXT REFERENCES events(id),
    start_date TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_date TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    venue TEXT,
    city TEXT,
    country TEXT REFERENCES countries(code),
    organizer TEXT REFERENCES organizations(id),
    note TEXT
);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_parent ON events(parent);

CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT
);

-- Every name of a person, organization, event or topic; exactly one owner column is set.
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    person_id TEXT REFERENCES people(id),
    organization_id TEXT REFERENCES organizations(id),
    event_id TEXT REFERENCES events(id),
    topic_id TEXT REFERENCES topics(id),
    name TEXT NOT NULL,
    lang TEXT,
    script TEXT,
    kind TEXT NOT NULL CHECK (kind IN
        ('official', 'source', 'translation', 'transliteration', 'acronym', 'former')),
    CHECK ((person_id IS NOT NULL) + (organization_id IS NOT NULL) + (event_id IS NOT NULL)
           + (topic_id IS NOT NULL) = 1)
);
CREATE INDEX names_person ON names(person_id);
CREATE INDEX names_organization ON names(organization_id);
CREATE INDEX names_event ON names(event_id);
CREATE INDEX names_topic ON names(topic_id);

-- One row per mandate (an OpenSanctions Occupancy / Popolo Membership).
CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    role TEXT NOT NULL CHECK (role IN
        ('head', 'deputy_head', 'advisor', 'representative', 'department_head', 'staff')),
    title TEXT NOT NULL,
    title_lang TEXT,
    title_en TEXT,
    start_date TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_date TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    attested_on TEXT CHECK (attested_on IS NULL OR attested_on GLOB '[0-9][0-9][0-9][0-9]' OR attested_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR attested_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status TEXT NOT NULL CHECK (status IN ('current', 'ended', 'unknown')),
    note TEXT
);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_organization ON roles(organization_id);

CREATE TABLE participations (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    capacity TEXT NOT NULL CHECK (capacity IN
        ('opening_speech', 'speaker', 'moderator', 'panelist', 'signatory', 'attendee')),
    organization_id TEXT REFERENCES organizations(id),
    date TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]' OR date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    UNIQUE (event_id, person_id, capacity)
);
CREATE INDEX participations_person ON participations(person_id);
CREATE INDEX participations_organization ON participations(organization_id);

CREATE TABLE event_topics (
    event_id TEXT NOT NULL REFERENCES events(id),
    topic_id TEXT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (event_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX event_topics_topic ON event_topics(topic_id);

CREATE TABLE cooperations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('stated_intent', 'memorandum', 'treaty', 'joint_programme')),
    title TEXT NOT NULL,
    date TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]' OR date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    in_force TEXT CHECK (in_force IS NULL OR in_force GLOB '[0-9][0-9][0-9][0-9]' OR in_force GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR in_force GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_date TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    place TEXT,
    event_id TEXT REFERENCES events(id),
    note TEXT
);

CREATE TABLE cooperation_parties (
    id INTEGER PRIMARY KEY,
    cooperation_id TEXT NOT NULL REFERENCES cooperations(id),
    country TEXT NOT NULL REFERENCES countries(code),
    organization_id TEXT REFERENCES organizations(id),
    person_id TEXT REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('party', 'signatory'))
);
CREATE INDEX cooperation_parties_cooperation ON cooperation_parties(cooperation_id);
CREATE INDEX cooperation_parties_country ON cooperation_parties(country);

CREATE TABLE cooperation_topics (
    cooperation_id TEXT NOT NULL REFERENCES cooperations(id),
    topic_id TEXT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (cooperation_id, topic_id)
) WITHOUT ROWID;

-- Ties a row (or one `field` of it) to a source, with where in the source it is said.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    subject_table TEXT NOT NULL CHECK (subject_table IN
        ('organizations', 'people', 'names', 'roles', 'events', 'participations',
         'event_topics', 'cooperations', 'cooperation_parties')),
    subject_id TEXT NOT NULL,
    field TEXT,
    source_id TEXT NOT NULL REFERENCES sources(id),
    locator TEXT NOT NULL
);
CREATE INDEX evidence_subject ON evidence(subject_table, subject_id);
CREATE INDEX evidence_source ON evidence(source_id);

-- Derived at build time: which countries' officials took part in each event, so that
-- co-participation between countries is an index lookup, not a scan of participations.
CREATE TABLE event_countries (
    event_id TEXT NOT NULL REFERENCES events(id),
    country TEXT NOT NULL REFERENCES countries(code),
    date TEXT,
    participants INTEGER NOT NULL,
    PRIMARY KEY (country, event_id)
) WITHOUT ROWID;
CREATE INDEX event_countries_event ON event_countries(event_id, country);
CREATE INDEX event_countries_date ON event_countries(country, date);

-- Search index, derived from `names` at build time (see filmreg/textkeys.py).
CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('person', 'organization', 'event', 'topic')),
    entity_id TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    script TEXT
);
CREATE INDEX search_entries_entity ON search_entries(entity_type, entity_id);

CREATE TABLE search_tokens (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    entries INTEGER NOT NULL
);

CREATE TABLE search_postings (
    token_id INTEGER NOT NULL REFERENCES search_tokens(id),
    entry_id INTEGER NOT NULL REFERENCES search_entries(id),
    PRIMARY KEY (token_id, entry_id)
) WITHOUT ROWID;

-- Single-deletion variants of each token (SymSpell), for typo-tolerant lookups.
CREATE TABLE search_deletes (
    key TEXT NOT NULL,
    token_id INTEGER NOT NULL REFERENCES search_tokens(id),
    PRIMARY KEY (key, token_id)
) WITHOUT ROWID;

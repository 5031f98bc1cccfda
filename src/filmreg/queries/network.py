"""The cooperation network: links between countries, explicit records and co-participation.

Two kinds of evidence link two countries:
- an explicit cooperation record (treaty, memorandum, joint programme, intent stated at an
  event) naming both as parties;
- co-participation: officials of both took part in the same event.
Explicit records weigh more; `WEIGHTS` is the ranking documented in the README.
"""

import sqlite3
from itertools import combinations
from typing import Any

from filmreg.model.dates import date_ceiling, date_floor
from filmreg.model.vocabulary import MULTILATERAL_KINDS
from filmreg.store.database import placeholders

CO_PARTICIPATION = "co_participation"
WEIGHTS = {
    "treaty": 5,
    "co_development": 5,
    "co_distribution": 5,
    "memorandum": 4,
    "joint_programme": 4,
    "stated_intent": 2,
    "discussion": 2,
    CO_PARTICIPATION: 1,
}


def date_clause(column: str, since: str | None, until: str | None) -> tuple[str, list[str]]:
    """SQL keeping rows whose (partial) date may fall in [since, until]; undated rows fail
    any bound. A partial date is compared with the bound's prefix of the same length, so
    `2025` is within `--since 2025-12`."""
    clauses, params = [], []
    if since is not None:
        clauses.append(f"{column} IS NOT NULL AND substr(?, 1, length({column})) <= {column}")
        params.append(date_floor(since))
    if until is not None:
        clauses.append(f"{column} IS NOT NULL AND {column} <= substr(?, 1, length({column}))")
        params.append(date_ceiling(until))
    return (" AND ".join(clauses) or "1"), params


def explicit_links(
    conn: sqlite3.Connection,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Cooperation records with their party countries (only those naming `country`, if given)."""
    where, params = date_clause("coalesce(c.date, c.attested_on)", since, until)
    where += f" AND c.kind NOT IN ({placeholders(sorted(MULTILATERAL_KINDS))})"
    params += sorted(MULTILATERAL_KINDS)
    if country:
        where += " AND c.id IN (SELECT cooperation_id FROM cooperation_parties WHERE country = ?)"
        params.append(country)
    rows = conn.execute(
        f"""SELECT c.id, c.kind, coalesce(c.date, c.attested_on),
                   group_concat(DISTINCT cp.country) AS countries
            FROM cooperations c JOIN cooperation_parties cp ON cp.cooperation_id = c.id
            WHERE {where} GROUP BY c.id ORDER BY 3, c.id""",
        params,
    )
    return [
        {"id": r[0], "kind": r[1], "date": r[2], "countries": sorted(r[3].split(","))} for r in rows
    ]


def co_participation(
    conn: sqlite3.Connection,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[tuple[str, str, int, str | None, str | None]]:
    """(country a, country b, shared events, first date, last date) for every pair that met."""
    where, params = date_clause("a.date", since, until)
    if country:
        sql = f"""SELECT a.country, b.country, count(*), min(a.date), max(a.date)
                  FROM event_countries a JOIN event_countries b
                    ON b.event_id = a.event_id AND b.country != a.country
                  WHERE a.country = ? AND {where} GROUP BY b.country"""
        params.insert(0, country)
    else:
        sql = f"""SELECT a.country, b.country, count(*), min(a.date), max(a.date)
                  FROM event_countries a JOIN event_countries b
                    ON b.event_id = a.event_id AND b.country > a.country
                  WHERE {where} GROUP BY a.country, b.country"""
    return list(conn.execute(sql, params))


def _edge(a: str, b: str) -> dict[str, Any]:
    return {
        "source": a,
        "target": b,
        "score": 0,
        "explicit_score": 0,
        "links": 0,
        "kinds": {},
        "first_date": None,
        "last_date": None,
    }


def scores(kinds: dict[str, int]) -> tuple[int, int]:
    """`(score, explicit_score)` of links counted by kind: every link weighs `WEIGHTS[kind]`;
    the explicit score leaves co-participation out. The one place the ranking is weighed."""
    total = sum(WEIGHTS[kind] * n for kind, n in kinds.items())
    return total, total - WEIGHTS[CO_PARTICIPATION] * kinds.get(CO_PARTICIPATION, 0)


def _count(edge: dict[str, Any], kind: str, n: int, first: str | None, last: str | None) -> None:
    edge["kinds"][kind] = edge["kinds"].get(kind, 0) + n
    edge["links"] += n
    edge["score"], edge["explicit_score"] = scores(edge["kinds"])
    dates = [d for d in (edge["first_date"], first) if d]
    edge["first_date"] = min(dates) if dates else None
    dates = [d for d in (edge["last_date"], last) if d]
    edge["last_date"] = max(dates) if dates else None


def rank_key(edge: dict[str, Any]) -> tuple[int, int, tuple[int, ...]]:
    """Explicit records first (by weight), then all evidence by weight, then most recent."""
    return (-edge["explicit_score"], -edge["score"], _negated(edge["last_date"]))


def _negated(date: str | None) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date) if date else (1,)


def network_edges(
    conn: sqlite3.Connection,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
) -> list[dict[str, Any]]:
    """Every pair of countries with the number and kinds of links between them, strongest first."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for link in explicit_links(conn, country, since, until):
        for a, b in combinations(link["countries"], 2):
            if country and country not in (a, b):
                continue
            edge = edges.setdefault((a, b), _edge(a, b))
            _count(edge, link["kind"], 1, link["date"], link["date"])
    for a, b, n, first, last in co_participation(conn, country, since, until):
        low, high = sorted((a, b))
        edge = edges.setdefault((low, high), _edge(low, high))
        _count(edge, CO_PARTICIPATION, n, first, last)
    for edge in edges.values():
        edge["kinds"] = dict(sorted(edge["kinds"].items()))
    return sorted(edges.values(), key=lambda e: (*rank_key(e), e["source"], e["target"]))

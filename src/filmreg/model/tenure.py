"""Whether a post is held: the one rule that turns a role's dated facts into its status.

A role's status is derived, never hand-set in `seed/`:
1. a status a source states (`status` in the record) stands;
2. a role with an end date has `ended`;
3. a head's post has one holder at a time, so a head role ends when a later head of the same
   body is known: one whose first known date (start, else attested) falls after the last
   date this role is known by (`ended`, end date unknown, `ended_by` that successor);
4. otherwise a role that a source shows held (a start date or a date it was attested on) is
   `current`: the latest source shows the post held and none shows it ended;
5. anything else is `unknown`. A missing end date alone never makes a role current.
"""

from dataclasses import dataclass

from filmreg.model.dates import date_ceiling, date_floor


@dataclass(frozen=True)
class Tenure:
    id: str
    role: str
    start_date: str | None
    end_date: str | None
    attested_on: str | None
    stated: str | None  # the status a source states, if any


def _first_known(t: Tenure) -> str | None:
    known = t.start_date or t.attested_on
    return date_floor(known) if known else None


def _last_known(t: Tenure) -> str | None:
    dates = [d for d in (t.start_date, t.attested_on) if d]
    return max(date_ceiling(d) for d in dates) if dates else None


def derive(tenures: list[Tenure]) -> dict[str, tuple[str, str | None]]:
    """`{role id: (status, ended_by)}` for the roles of ONE organization."""
    heads = [t for t in tenures if t.role == "head" and _first_known(t)]
    out: dict[str, tuple[str, str | None]] = {}
    for t in tenures:
        if t.stated:
            out[t.id] = (t.stated, None)
        elif t.end_date:
            out[t.id] = ("ended", None)
        elif t.role == "head" and (last := _last_known(t)):
            later = sorted(
                (s for s in heads if s.id != t.id and str(_first_known(s)) > last),
                key=lambda s: (str(_first_known(s)), s.id),
            )
            out[t.id] = ("ended", later[0].id) if later else ("current", None)
        elif t.start_date or t.attested_on:
            out[t.id] = ("current", None)
        else:
            out[t.id] = ("unknown", None)
    return out

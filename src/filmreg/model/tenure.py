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

Whether a role counts on a given day (`--as-of`) is the other rule here, `held_as_of`; the
days it counts are `coverage`, whose gaps `filmreg history` shows.
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
    # For a current role: the earliest publication date of a source that cites it, another day
    # a source shows the post held (`attested_on` keeps only the latest). None elsewhere.
    first_cited: str | None = None


def _shown_on(t: Tenure) -> list[str]:
    """The days sources show `t` held without dating its start: attested, first cited."""
    return [d for d in (t.attested_on, t.first_cited) if d]


def _first_known(t: Tenure) -> str | None:
    if t.start_date:
        return date_floor(t.start_date)
    shown = _shown_on(t)
    return min(date_floor(d) for d in shown) if shown else None


def _last_known(t: Tenure) -> str | None:
    dates = [d for d in (t.start_date, t.attested_on) if d]
    return max(date_ceiling(d) for d in dates) if dates else None


def _successor_from(s: Tenure, t: Tenure) -> str | None:
    """The day head role `s` is first known, when that makes it head role `t`'s successor:
    after the last day `t` is known, or on that very day when it is the publication day of a
    page citing `s` as held (a handover that one report tells: "X leaves, the new head Y")."""
    if s.role != "head" or t.role != "head" or s.id == t.id:
        return None
    first, last = _first_known(s), _last_known(t) or ""
    if first is None or first < last:
        return None
    if first > last:
        return first
    cited = s.first_cited and not s.start_date and date_floor(s.first_cited) == first
    return first if cited else None


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


# --- As of a date: the one rule behind every `--as-of` ------------------------------------

# How long a source's word that a post is held still counts, when no later source says more.
ATTESTED_FOR_MONTHS = 12
HELD = "held"
ATTESTED = "attested"


def as_of_day(value: str) -> str:
    """The day a partial `--as-of` date stands for: its last day (`2024` -> `2024-12-31`), so
    that "as of 2024" takes in everything dated in 2024."""
    return date_ceiling(value)


def months_after(day: str, months: int) -> str:
    """`day` moved on by `months` (the 29th-31st clipped to the month's last day)."""
    year, month, dom = (int(p) for p in day.split("-"))
    month += months
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return min(f"{year:04d}-{month:02d}-{dom:02d}", date_ceiling(f"{year:04d}-{month:02d}"))


def held_as_of(t: Tenure, day: str, tenures: list[Tenure]) -> str | None:
    """Whether role `t` was held on `day` (a full date): `held`, `attested` or None.

    `tenures` are the roles of the same organization (a later head ends a head's mandate).
    1. A role whose start is on or before `day` and whose end is after it is `held`; a role
       that ended on or before `day` (end date, or a later head first known by then) is not.
       Partial dates give the role the benefit of the doubt: a start counts from its first
       day, an end up to its last.
    2. A role with an unknown start or end is `held` when sources bracket `day`: a known date
       on or before it (start, attested, or for a current role the earliest source citing it)
       and one on or after it (attested, end) of the same mandate.
    3. Otherwise, when the last date a source shows it held (start or attested) is within
       ATTESTED_FOR_MONTHS before `day` and no later head is known by `day`, it is `attested`.
    4. Anything else does not count: nobody can say from the sources.
    """
    starts = [date_floor(d) for d in (t.start_date, *_shown_on(t)) if d]
    if not starts or min(starts) > day:
        return None
    if t.end_date and date_ceiling(t.end_date) <= day:
        return None
    if t.role == "head":
        for s in tenures:
            first = _successor_from(s, t)
            if first and first <= day:
                return None  # a successor took the post by `day`
    if t.start_date and t.end_date:
        return HELD
    afterwards = [date_ceiling(d) for d in (t.attested_on, t.end_date) if d]
    if any(d >= day for d in afterwards):
        return HELD
    if t.stated == "ended" and not t.end_date:
        return None  # a source says it ended, not when: no later word to carry it
    latest = max(date_ceiling(d) for d in (t.start_date, t.attested_on) if d)
    return ATTESTED if months_after(latest, ATTESTED_FOR_MONTHS) >= day else None


def held_on(tenures: list[Tenure], day: str) -> dict[str, str]:
    """`{role id: held|attested}` for the roles of ONE organization that count on `day`."""
    found = {t.id: held_as_of(t, day, tenures) for t in tenures}
    return {k: v for k, v in found.items() if v}


def coverage(t: Tenure, tenures: list[Tenure]) -> tuple[str, str] | None:
    """The first and last day `held_as_of` counts role `t`, or None: from its first known date
    to the day before its end, or else to ATTESTED_FOR_MONTHS after the last date a source
    shows it held, cut short the day before a successor head is first known."""
    starts = [date_floor(d) for d in (t.start_date, *_shown_on(t)) if d]
    if not starts:
        return None
    first = min(starts)
    latest = max(date_ceiling(d) for d in (t.start_date, t.attested_on) if d)
    if t.end_date:
        last = _day_before(date_ceiling(t.end_date))
    elif t.stated == "ended":
        last = latest
    else:
        last = months_after(latest, ATTESTED_FOR_MONTHS)
    if t.role == "head":
        for s in tenures:
            nxt = _successor_from(s, t)
            if nxt and nxt <= last:
                last = _day_before(nxt)
    return (first, last) if last >= first else None


def _day_before(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def gaps(periods: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The days between the first and the last of `periods` that none of them covers."""
    import datetime as dt

    out: list[tuple[str, str]] = []
    reach = None
    for first, last in sorted(periods):
        if reach is not None:
            nxt = (dt.date.fromisoformat(reach) + dt.timedelta(days=1)).isoformat()
            if first > nxt:
                out.append((nxt, _day_before(first)))
        reach = last if reach is None else max(reach, last)
    return out

"""How far a long write has got: import, build and export report their steps here, and the
command line shows them as a bar when someone is watching. Nobody listening costs nothing.

The hook is global to keep the write path's signatures as they are; `reporting` installs a
listener for one command and takes it away after."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Listener(Protocol):
    def begin(self, label: str, total: int | None) -> None: ...
    def advance(self, steps: int) -> None: ...
    def end(self) -> None: ...


_listener: Listener | None = None


@contextmanager
def reporting(listener: Listener | None) -> Iterator[None]:
    global _listener
    saved, _listener = _listener, listener
    try:
        yield
    finally:
        if listener is not None:
            listener.end()
        _listener = saved


def begin(label: str, total: int | None = None) -> None:
    """A new step: `label` (what is being done) over `total` units (None: unknown)."""
    if _listener is not None:
        _listener.begin(label, total)


def advance(steps: int = 1) -> None:
    if _listener is not None:
        _listener.advance(steps)

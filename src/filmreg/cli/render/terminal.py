"""Text for a person at a terminal: bold headings, dim source lines, lines wrapped with a
hanging indent, and a pager for output longer than the screen. Piped output stays plain and
unwrapped, one fact per line, for grep."""

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from filmreg.cli.render.output import visible, wants_colour

BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
HANG = 4  # a wrapped line's continuation sits this much deeper than its first line


class Styled:
    """Writes lines to `stream`, styled and wrapped when `colour`/`width` say so."""

    def __init__(self, stream: TextIO, width: int | None = None, colour: bool = False):
        self.stream, self.width, self.colour = stream, width, colour

    def line(self, text: str = "", indent: int = 0, style: str = "") -> None:
        text = visible(text)
        if self.width and len(text) + indent > self.width:
            lines = textwrap.wrap(
                text,
                width=self.width,
                initial_indent=" " * indent,
                subsequent_indent=" " * (indent + HANG),
                break_long_words=False,  # an id or a URL stays whole: a terminal can open it
                break_on_hyphens=False,
            )
        else:
            lines = [" " * indent + text]
        for one in lines:
            if style and self.colour:
                pad = len(one) - len(one.lstrip(" "))
                one = one[:pad] + style + one[pad:] + RESET
            self.stream.write(one + "\n")

    def heading(self, text: str) -> None:
        self.line(text, style=BOLD)


def page(render: Callable[[Styled], None], stream: TextIO, pager: bool = True) -> None:
    """Run `render` on a Styled writer fit for `stream`; on a terminal, long output goes
    through `$PAGER` (default `less -R`, which passes the styles and quits on one screen)."""
    if not stream.isatty():
        render(Styled(stream))
        return
    import io

    size = shutil.get_terminal_size()
    buffer = io.StringIO()
    render(Styled(buffer, width=size.columns - 1, colour=wants_colour(stream)))
    text = buffer.getvalue()
    command = os.environ.get("PAGER") or ("less" if shutil.which("less") else "")
    if pager and command.strip() and text.count("\n") >= size.lines - 1:
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}  # as git does
        try:
            proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
            with contextlib.suppress(BrokenPipeError):  # the reader quit the pager early
                proc.communicate(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            return
        except OSError:
            pass  # no pager: print as it is
    stream.write(text)

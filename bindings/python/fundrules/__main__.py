"""``python -m fundrules``: the fundrules program (check, eval), with the same output and exit
statuses as the C++ ``fundrules``: 0 when the list passed, 1 when an error-severity rule failed
(or, for eval, the expression failed), 2 when the ruleset or data could not be read."""

from __future__ import annotations

import sys
from typing import Sequence

from . import _core

__all__ = ["main"]


def _write(stream: object, data: bytes) -> None:
    if not data:
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()  # type: ignore[attr-defined]
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8", errors="replace"))  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line ``argv`` (default: ``sys.argv[1:]``) and returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    status, out, err = _core.cli_run(words)
    _write(sys.stdout, out)
    _write(sys.stderr, err)
    return status


if __name__ == "__main__":
    sys.exit(main())

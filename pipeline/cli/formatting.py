"""How the commands print rows: tables that fit a terminal, plain rows in a pipe, CSV and JSON for other tools.

One module, so that ``search``, ``followups`` and any later command lay
out and cap their output the same way:

- on a terminal a table is fitted to its width: short columns (type,
  status, dates) keep their width and never wrap, the long ones (quotes,
  snippets) share what is left and wrap at word boundaries, never cut;
- in a pipe, unless ``--max-width`` asks for a table, each row is one line
  of tab-separated cells, whole, so ``cut``, ``sort`` and a spreadsheet read it;
- CSV and JSON carry the same columns and are never capped by a default
  limit; a table says "showing 20 of 89" when it is cut.
"""
from __future__ import annotations

import csv
import json
import shutil
import sys
import textwrap
from typing import Any, Callable, Optional, Sequence

import click

# A table column narrower than this is not worth wrapping into.
MIN_WRAP = 12
# A word longer than this may be broken to fit.
MAX_WORD = 20
GAP = "  "
DEFAULT_LIMIT = 20


def plural(n: int, word: str, many: Optional[str] = None) -> str:
    """``1 document``, ``2 documents``; ``many`` for irregular plurals (``1 reply``, ``2 replies``)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def cell(value: Any) -> str:
    """One cell as text: empty for NULL, floats to two places, white space collapsed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def terminal_width(max_width: Optional[int]) -> Optional[int]:
    """The width to fit a table to: ``--max-width``, else the terminal's; None (plain rows) when piped."""
    if max_width:
        return max_width
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def widths(cells: list[list[str]], headers: Sequence[str], width: int, wrap: Sequence[str]) -> list[int]:
    """Column widths within ``width``: the ``wrap`` columns share what the others leave, the rest keep their size.

    The widest wrappable columns give way first (one cap for all, lowered
    until the table fits), but none below its floor: its longest word (up
    to 20 characters), so words are not broken ("Nicholas-Letch" stays
    whole).  A table that cannot fit even so is printed wider than asked.
    """
    natural = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    flexible = [i for i, h in enumerate(headers) if h in wrap]
    floor = {i: min(natural[i], max(MIN_WRAP, min(MAX_WORD, max(len(w) for r in cells for w in r[i].split() or [""]))))
             for i in flexible}
    budget = width - len(GAP) * (len(headers) - 1) - sum(w for i, w in enumerate(natural) if i not in flexible)
    cap = max(natural, default=0)
    fitted = lambda c: {i: max(floor[i], min(natural[i], c)) for i in flexible}  # noqa: E731
    while cap > 0 and sum(fitted(cap).values()) > budget:
        cap -= 1
    sizes = fitted(cap)
    return [sizes.get(i, w) for i, w in enumerate(natural)]


def fit(cells: list[list[str]], columns: Sequence[str], width: int, wrap: Sequence[str],
        droppable: Sequence[str] = ()) -> tuple[list[int], list[int]]:
    """Which columns (indexes) to show and their widths: ``droppable`` ones go, in order, until the table fits."""
    keep = list(range(len(columns)))
    for name in [None, *droppable]:
        if name is not None and name in columns and len(keep) > 1:
            keep.remove(list(columns).index(name))
        sizes = widths([[r[i] for i in keep] for r in cells], [columns[i] for i in keep], width, wrap)
        if sum(sizes) + len(GAP) * (len(keep) - 1) <= width:
            break
    return keep, sizes


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: Optional[int],
          wrap: Sequence[str] = (), droppable: Sequence[str] = ()) -> str:
    """Rows as a table fitted to ``width`` (long columns in ``wrap`` wrap), or plain tab-separated lines if None.

    A table too wide even with its long columns wrapped loses the
    ``droppable`` columns, in that order (:func:`hidden` says which).  When
    any row wraps, rows are separated by a blank line so each row's lines
    stay together.
    """
    if not rows:
        return "(no results)"
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    if width is None:
        return "\n".join("\t".join(line) for line in [[c.upper() for c in columns], *cells])
    keep, sizes = fit(cells, columns, width, wrap, droppable)
    names = [columns[i] for i in keep]
    blocks = [[textwrap.wrap(v, w, break_on_hyphens=False) if len(v) > w else [v]
               for v, w in zip((row[i] for i in keep), sizes)] for row in cells]
    lines = [GAP.join(c.upper().ljust(w) for c, w in zip(names, sizes)).rstrip(), GAP.join("-" * w for w in sizes)]
    spaced = any(len(part) > 1 for block in blocks for part in block)
    for n, block in enumerate(blocks):
        if spaced and n:
            lines.append("")
        for k in range(max(len(part) for part in block)):
            lines.append(GAP.join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(block, sizes)).rstrip())
    return "\n".join(lines)


def hidden(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: Optional[int], wrap: Sequence[str],
           droppable: Sequence[str]) -> list[str]:
    """The columns :func:`table` leaves out to fit ``width``."""
    if width is None or not rows:
        return []
    keep, _ = fit([[cell(r.get(c)) for c in columns] for r in rows], columns, width, wrap, droppable)
    return [c for i, c in enumerate(columns) if i not in keep]


def choose_columns(chosen: Sequence[str], default: Sequence[str], available: Sequence[str]) -> list[str]:
    """The columns ``-c`` asked for (comma-separated or repeated), else ``default``; unknown names are refused."""
    names = [n.strip() for part in chosen for n in part.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown:
        raise click.UsageError(f"unknown column {unknown[0]!r}: choose from {', '.join(available)}")
    return names or list(default)


def effective_limit(limit: Optional[int], fmt: str) -> Optional[int]:
    """How many rows to print: ``--limit`` (0 is all); by default 20 in a table and every row in CSV or JSON."""
    if limit is None:
        return DEFAULT_LIMIT if fmt == "table" else None
    return limit or None


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, limit: Optional[int] = None,
         width: Optional[int] = None, wrap: Sequence[str] = (), droppable: Sequence[str] = (),
         json_row: Optional[Callable[[dict[str, Any]], dict[str, Any]]] = None, total: Optional[int] = None) -> None:
    """Print ``rows`` (the first ``limit``) as a table, CSV or JSON with the same ``columns``.

    ``total``: how many rows there are in all, where the caller fetched only
    the first ``limit`` (default: ``len(rows)``).
    ``json_row`` builds one JSON object from a row (default: its
    ``columns``), for a command whose JSON must also carry nested data.
    When the table is cut, "showing N of M" goes to stderr, out of a pipe's
    data, and so does the list of columns left out to fit the width.
    """
    shown = list(rows if limit is None else rows[:limit])
    if fmt == "json":
        build = json_row or (lambda r: {c: r.get(c) for c in columns})
        click.echo(json.dumps([build(r) for r in shown], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c) for c in columns} for r in shown)
    else:
        click.echo(table(shown, columns, width, wrap, droppable))
        left_out = hidden(shown, columns, width, wrap, droppable)
        if left_out:
            click.echo(f"not shown, to fit {width} characters: {', '.join(left_out)} (-c chooses columns)", err=True)
    total = len(rows) if total is None else total
    if len(shown) < total:
        click.echo(f"showing {len(shown)} of {total} (--limit 0 for all)", err=True)


def figure_text(value: Any, unit: Optional[str]) -> str:
    """A figure's value with its unit, as a reader would write it: ``61.5%``, ``£2,000,000``, ``35 days``."""
    if value is None:
        return ""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    if unit == "percent":
        return f"{number}%"
    if unit in ("gbp", "eur"):
        return ("£" if unit == "gbp" else "€") + number
    if unit in (None, "count", "other"):
        return number
    return f"{number} {unit.replace('_', ' ')}"

"""ModernGov agenda-item and minutes pages (HTML), parsed with lxml.

Navigation, scripts, styles, forms and page chrome are dropped; headings,
paragraphs, list items and tables are kept in document order.  Where the
page has a ModernGov content container (``#modgov``, ``#mgContent``) or a
``<main>``, only that is read.
"""
from __future__ import annotations

import re
from typing import Optional

from ..document import Block, ReadResult, Table
from ..errors import ReadError
from ..normalize import clean_line, normalise_newlines
from .labels import split_label
from .layout import block_for_line, is_prose_cell, mend_split_paragraphs
from .text import decode, front_matter

DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "svg",
             "button", "select", "template", "head")
CHROME_WORDS = ("breadcrumb", "navigation", "navbar", "menu", "cookie", "skiplink", "skip-link",
                "footer", "masthead", "sidebar", "mgbreadcrumb")
CONTENT_IDS = ("modgov", "mgContent", "mgMain", "content", "main-content", "maincontent")
HEADINGS = {f"h{i}" for i in range(1, 7)}
BLOCK_TAGS = HEADINGS | {"p", "li", "table", "div", "section", "article", "blockquote", "pre", "dd", "dt",
                         "ul", "ol", "main", "body", "td", "th", "tr", "caption", "address"}


def _is_chrome(el) -> bool:
    attrs = f"{el.get('id', '')} {el.get('class', '')} {el.get('role', '')}".lower()
    return any(w in attrs for w in CHROME_WORDS) or el.get("role") == "navigation"


def _flat(text: str) -> str:
    """HTML white space (newlines included) is one space."""
    return clean_line(re.sub(r"\s+", " ", text))


def _inline_text(el) -> str:
    """Text of an element, with <br> as a space and nested blocks included (scripts never)."""
    parts = []
    for node in el.iter():
        if isinstance(node.tag, str) and node.tag in DROP_TAGS:
            continue
        if node.text and node is el or (node.text and node.getparent() is not None
                                         and not (isinstance(node.tag, str) and node.tag in DROP_TAGS)):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return _flat(" ".join(parts))


# A table is page layout, not data, when ModernGov says so or when its cells hold paragraphs of prose.
LAYOUT_CLASSES = ("mgitemtable", "mglayouttable")
PROSE_TAGS = HEADINGS | {"p", "div", "ul", "ol", "blockquote", "table"}
LONG_CELL = 200


def _is_layout(el) -> bool:
    """Whether a <table> lays out a page (ModernGov's item tables, a parish page in one table) rather than data.

    Its cells are then read as the page's items, in order, instead of as one
    data table whose rows run every paragraph of the minutes together.
    """
    if any(c in (el.get("class") or "").lower() for c in LAYOUT_CLASSES) or el.get("role") == "presentation":
        return True
    cells = [c for tr in _rows(el) for c in tr if c.tag in ("td", "th")]
    if any(is_prose_cell(_flat(c.text_content())) for c in cells):
        return True  # a cell of a paragraph's length: "4." beside the minute's text
    return any(isinstance(d.tag, str) and d.tag in PROSE_TAGS for c in cells for d in c.iterdescendants()) \
        and any(len(_flat(c.text_content())) > LONG_CELL for c in cells)


def _rows(el) -> list:
    """The table's own rows (not those of tables nested in its cells)."""
    return [tr for tr in el.iter("tr") if next(tr.iterancestors("table")) is el]


def _table(el) -> Optional[Table]:
    rows = []
    for tr in el.iter("tr"):
        cells = [_flat(" ".join(c.itertext())) for c in tr if c.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return Table(rows) if rows else None


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self.layout = False  # a layout table was read as items

    def emit_text(self, text: str, tag: str, label: Optional[str] = None) -> None:
        text = _flat(text)
        if not text:
            return
        if tag in HEADINGS:
            self.blocks.append(Block("heading", text))
        elif label is not None:
            own, rest = split_label(text)
            self.blocks.append(Block("list_item", rest if own else text, label=own or label))
        else:
            self.blocks.append(block_for_line(text))

    def walk(self, el, label: Optional[str] = None) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in DROP_TAGS or _is_chrome(el):
            return
        if tag == "table" and _is_layout(el):
            self.layout = True
            for tr in _rows(el):  # each cell read like a <div>: its blocks, or its text as one paragraph
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                        self.walk(cell)
            return
        if tag == "table":
            t = _table(el)
            if t:
                # A one-column "layout" table is just paragraphs.
                if max(len(r) for r in t.rows) == 1:
                    for r in t.rows:
                        self.emit_text(r[0], "p")
                else:
                    self.tables.append(t)
                    self.blocks.append(Block("table", "\n".join("\t".join(r) for r in t.rows),
                                             table=len(self.tables) - 1))
            return
        if tag in ("ol", "ul"):
            n = int(el.get("start", "1") or 1) if el.get("start", "1").isdigit() else 1
            for child in el:
                if isinstance(child.tag, str) and child.tag == "li":
                    self.walk(child, f"{n}." if tag == "ol" else "•")
                    n += 1
                elif isinstance(child.tag, str):
                    self.walk(child)
            return
        has_block_child = any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)
        if not has_block_child:
            self.emit_text(_inline_text(el), tag, label)
            return
        # Mixed content: text runs between block children are paragraphs of their own.
        self.emit_text(el.text or "", tag, label)
        label = None
        run: list[str] = []
        for child in el:
            if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                self.emit_text(" ".join(run), "p")
                run = []
                self.walk(child)
            elif isinstance(child.tag, str) and child.tag not in DROP_TAGS:
                if child.tag == "br" and run and not run[-1].strip():
                    self.emit_text(" ".join(run), "p")
                    run = []
                run.append(_inline_text(child) if child.tag != "br" else "")
            if child.tail:
                run.append(child.tail)
        self.emit_text(" ".join(run), "p")


def read_html(data: bytes, source: str) -> ReadResult:
    import lxml.html
    from lxml import etree

    # a Markdown page from a council site: YAML front matter above its HTML gives the title
    front, text = front_matter(normalise_newlines(decode(data, source)))
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        # huge_tree: libxml2 otherwise drops what lies past 256 levels of nesting, silently
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as e:
        raise ReadError(source, f"unreadable HTML ({e})") from None
    title_el = root.find(".//title")
    title = clean_line(title_el.text_content()) if title_el is not None else None
    container = None
    for cid in CONTENT_IDS:
        found = root.xpath(f'//*[@id="{cid}"]')
        if found:
            container = found[0]
            break
    if container is None:
        for candidate in (next(iter(root.xpath("//main")), None), root.find("body"), root):
            if candidate is not None:
                container = candidate
                break
    w = _Walker()
    try:
        w.walk(container)
    except RecursionError:
        raise ReadError(source, "HTML nested too deeply to read (hundreds of levels of elements)") from None
    blocks = mend_split_paragraphs(w.blocks)
    if not blocks:
        raise ReadError(source, "HTML page has no text")
    hints: dict = {"html_title": title} if title else {}
    if w.layout:
        hints["layout"] = "HTML page laid out with tables, read as items"
    return ReadResult(blocks, w.tables, title=front.get("title") or None, hints=hints)

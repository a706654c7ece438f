"""ModernGov web-service ``GetMeeting`` XML: one meeting with its agenda items' minutes.

Each agenda item becomes a numbered heading followed by its minutes (or,
before minutes are published, its agenda text), read with the HTML reader.
The meeting date and committee come from the response itself.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Optional

from ..document import Block, ReadResult, Table
from ..errors import ReadError
from ..normalize import clean_line
from .html import read_html


def _text(el, tag: str) -> str:
    found = el.find(tag)
    return clean_line(found.text or "") if found is not None and found.text else ""


def _date(value: str) -> Optional[str]:
    try:
        return datetime.strptime(value, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def read_moderngov_xml(data: bytes, source: str) -> ReadResult:
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        if "amplification" in str(e):  # libxml2 stops a 'billion laughs' before anything is expanded
            raise ReadError(source, "refused: ModernGov XML whose DOCTYPE defines entities that would expand "
                                    "without bound (none was expanded)") from None
        raise ReadError(source, f"malformed ModernGov XML ({e})") from None
    blocks: list[Block] = []
    tables: list[Table] = []
    for item in root.iter("agendaitem"):
        number = re.sub(r"\.$", "", _text(item, "fulldisplaynumberformat")) or None
        title = _text(item, "agendaitemtitle")
        if title:
            blocks.append(Block("heading", title, label=number))
        body = item.findtext("minutesnonemptyhtmlbody") or item.findtext("agendatext") or ""
        if body.strip():
            try:
                minutes = read_html(body.encode("utf-8"), source)
            except ReadError:
                continue
            for b in minutes.blocks:
                if b.table is not None:
                    b.table += len(tables)
            blocks.extend(minutes.blocks)
            tables.extend(minutes.tables)
    if not blocks:
        raise ReadError(source, "ModernGov XML holds no agenda items with text")
    committee = next((clean_line(e.text) for e in root.iter("committeetitle") if e.text and e.text.strip()), None)
    return ReadResult(blocks, tables, meeting_date=_date(_text(root, "meetingdate")), committee=committee or None,
                      doc_type="minutes")

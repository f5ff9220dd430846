"""The text of a report or news file given to be read for facts: a .txt file (UTF-8, else
GB18030, which Chinese offices' GBK files are), a Word .docx file (its paragraphs and table
cells in document order) or a PDF with a text layer. Every refusal is an InvalidInput that
names the file and says why."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from fupin.core.errors import InvalidInput
from fupin.reports.enums import TextKind

MAX_BYTES = 20 * 1024 * 1024
#: a text longer than this is not a report or a news item (and would make a page no one reads)
MAX_CHARS = 500_000
KINDS = {".txt": TextKind.TXT, ".docx": TextKind.DOCX, ".pdf": TextKind.PDF}


def text_read(source: Any) -> tuple[str, str]:
    """The text of `source` (a path, or an uploaded file with `name` and `read()`) and its
    kind (`TextKind`): newlines as "\\n", no byte-order mark, no NUL."""
    name, data = _bytes(source)
    suffix = Path(name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        raise InvalidInput(f"{name}: texts are read from .txt, .docx or .pdf files")
    if not data.strip():
        raise InvalidInput(f"{name}: the file is empty")
    if kind == TextKind.TXT:
        text = _plain(name, data)
    elif kind == TextKind.DOCX:
        text = _word(name, data)
    else:
        text = _pdf(name, data)
    text = text_clean(text)
    if not text.strip():
        if kind == TextKind.PDF:
            raise InvalidInput(
                f"no text layer: {name} holds no text (a scanned PDF); "
                "recognise its text first or paste it"
            )
        raise InvalidInput(f"{name}: the file holds no text")
    if len(text) > MAX_CHARS:
        raise InvalidInput(f"{name}: longer than {MAX_CHARS:,} characters")
    return text, kind


def text_clean(text: str) -> str:
    """Newlines as "\\n", no byte-order mark and no NUL (a database cannot hold it), no
    trailing blanks; offsets into the text are offsets into this."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.lstrip("\ufeff").replace("\x0c", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _bytes(source: Any) -> tuple[str, bytes]:
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise InvalidInput(f"{path.name}: larger than {MAX_BYTES // 1024 // 1024} MB")
            return path.name, path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{path.name}: not readable ({exc.strerror})") from None
    name = Path(getattr(source, "name", "") or "upload").name
    size = getattr(source, "size", None)
    if size is not None and size > MAX_BYTES:
        raise InvalidInput(f"{name}: larger than {MAX_BYTES // 1024 // 1024} MB")
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{name}: larger than {MAX_BYTES // 1024 // 1024} MB")
    return name, data


def _plain(name: str, data: bytes) -> str:
    if b"\x00" in data:  # UTF-16, or not a text at all
        raise InvalidInput(f"{name}: not a text file (save it as UTF-8 or GBK text)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name}: neither UTF-8 nor GB18030 (GBK) text")


def _word(name: str, data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(f"{name}: not a readable Word (.docx) file ({exc})") from None
    except Exception as exc:  # python-docx raises its own errors for a broken package
        raise InvalidInput(f"{name}: not a readable Word (.docx) file ({exc})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines)


def _table_lines(table: Any) -> list[str]:
    """One line per row, its cells separated by a tab (a merged cell once), so that a row's
    indicator and amount stay in one sentence."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            nested = [line for t in cell.tables for line in _table_lines(t)]
            cells.append(" ".join([p.text for p in cell.paragraphs if p.text] + nested))
        lines.append("\t".join(cells).rstrip())
    return lines


def _pdf(name: str, data: bytes) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.lstrip().startswith(b"%PDF"):
        raise InvalidInput(f"{name}: not a PDF file")
    try:
        return extract_text(io.BytesIO(data))
    except PDFSyntaxError as exc:
        raise InvalidInput(f"{name}: not a readable PDF ({exc})") from None
    except Exception as exc:  # pdfminer raises many kinds for a broken or encrypted file
        raise InvalidInput(f"{name}: not a readable PDF ({type(exc).__name__})") from None

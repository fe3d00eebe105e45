"""Reading a ToR file (PDF, Word or text) into plain text, safely.

Uploads come from outside: every file is checked against size, page, text
and decompression limits before and while it is read, and anything this
module cannot read well is refused with an ``ImportRefused`` whose message
tells HR staff what to do instead. What it reads is plain text, as close to
the document as it can be; finding the fields in it is the parser's job.
"""

import collections
import io
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Literal

MB = 1024 * 1024

# A ToR is a few pages: 10 MB leaves room for a PDF with logos and scanned
# signatures, and bounds what one upload can cost before anything is parsed.
MAX_UPLOAD_BYTES = 10 * MB
# The longest real ToRs run to about 10 pages; past 200 it is not one ToR.
MAX_PAGES = 200
# A ToR is about 15,000 characters; 2,000,000 is far past any real one.
MAX_TEXT_CHARS = 2_000_000
# A .docx is a ZIP of XML that compresses about 5 to 20 times; its parts are
# parsed whole by lxml, so what they unpack to is what reading them costs.
MAX_DOCX_UNPACKED_BYTES = 50 * MB
MAX_DOCX_MEMBERS = 1000
# Only a part large enough to matter is held to the ratio: tiny XML parts
# compress far better than 100 times and are harmless.
MAX_DOCX_RATIO = 100
DOCX_RATIO_FROM_BYTES = 1 * MB
# One PDF stream (a page's content, a font's map) holds at most this once
# decompressed: the text of a page is kilobytes, a bomb is gigabytes.
MAX_PDF_STREAM_BYTES = 20 * MB
# pypdf reads page by page: past this, no further page is started.
MAX_PDF_SECONDS = 30

ACCEPTED = {"pdf": "pdf", "docx": "docx", "txt": "txt"}

CHECKED_BOX = "\u2612"  # ☒
UNCHECKED_BOX = "\u2610"  # ☐


class ImportRefused(Exception):
    """A file that cannot be imported; ``message`` says why, for HR staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Extracted:
    text: str
    kind: Literal["pdf", "docx", "txt"]
    warnings: list[str] = field(default_factory=list)


def extract_text(filename: str, data: bytes) -> Extracted:
    """The text of an uploaded ToR, or ``ImportRefused`` saying why not.

    The kind comes from the content; the file name's extension must agree
    with it. A name without an extension (pasted text) takes the content's kind.
    """
    if not data:
        raise ImportRefused("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(f"The file is {len(data) / MB:.1f} MB; the limit is {MAX_UPLOAD_BYTES // MB} MB.")
    extension = _extension(filename)
    if extension in {"doc", "dot"}:
        raise ImportRefused(
            "Old Word files (.doc) cannot be read: save it as .docx or PDF in Word, or paste the text instead."
        )
    if extension and extension not in ACCEPTED:
        raise ImportRefused(f"Only PDF, Word (.docx) and text (.txt) files can be imported, not .{extension}.")

    content = _sniff(data)
    if extension == "docx" and content == "zip":
        raise ImportRefused("This .docx is not a Word document: it is a ZIP archive of other files.")
    if extension == "docx" and content == "ole":
        # Word saves a password-protected .docx as an OLE container, not a ZIP.
        raise ImportRefused(
            "This Word file is protected by a password. Remove the protection in Word, or paste the text instead."
        )
    if extension == "txt" and content == "binary":
        raise ImportRefused("This .txt file is not text: it holds binary data.")
    if content not in ACCEPTED:
        what = DESCRIPTIONS[content]
        if extension:
            raise ImportRefused(f"This file is named .{extension} but it is {what}.")
        raise ImportRefused(f"This file is {what}: only PDF, Word (.docx) and text files can be imported.")
    if extension and ACCEPTED[extension] != content:
        raise ImportRefused(f"This file is named .{extension} but it is {DESCRIPTIONS[content]}.")

    reader = {"pdf": _read_pdf, "docx": _read_docx, "txt": _read_txt}[content]
    pages, warnings = reader(data)
    text, cleaning_warnings = _clean(pages)
    if not text.strip():
        raise ImportRefused("The file holds no text.")
    if len(text) > MAX_TEXT_CHARS:
        raise _too_much_text()
    warning = script_warning(text)
    return Extracted(text=text, kind=content, warnings=warnings + cleaning_warnings + ([warning] if warning else []))


def script_warning(text: str) -> str | None:
    """A warning when most letters are in a script other than Latin, else None."""
    letters = collections.Counter(char for char in text if char.isalpha())
    total = sum(letters.values())
    if total < 20:
        return None
    scripts = collections.Counter()
    for char, count in letters.items():
        scripts[_script(char)] += count
    script, count = scripts.most_common(1)[0]
    if script == "Latin" or count * 2 <= total:
        return None
    return f"Most of the text is in {script} script: the importer reads English ToRs; check every field."


def _script(char):
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or name.startswith("KATAKANA") or name.startswith("HIRAGANA"):
        return "Chinese or Japanese"
    return name.split(" ", 1)[0].title() if name else "Unknown"


# What the content is -----------------------------------------------------------

DESCRIPTIONS = {
    "pdf": "a PDF document",
    "docx": "a Word document",
    "txt": "a text file",
    "zip": "a ZIP archive",
    "ole": "an old-style Office file (Word .doc, Excel .xls, or a password-protected document)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "rtf": "an RTF document",
    "binary": "binary data, not text",
}

MAGIC = [
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"{\\rtf", "rtf"),
]


def _extension(filename):
    name = re.split(r"[\\/]", filename or "")[-1]
    return name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def _sniff(data):
    # PDF readers accept a little junk before the header, and so do some producers.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, kind in MAGIC:
        if data.startswith(magic):
            if kind == "zip":
                return "docx" if _zip_has_document(data) else "zip"
            return kind
    return "txt" if _decode_text(data) is not None else "binary"


def _zip_has_document(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except Exception:  # BadZipFile, NotImplementedError, OSError...: a damaged ZIP.
        # A damaged ZIP is most likely a damaged Word file: reading it says so.
        return True


# Text files --------------------------------------------------------------------

CP1252_WARNING = (
    "The file is not UTF-8: it was read as Windows-1252 (Western European); check accented letters and quotes."
)


def _decode_text(data):
    """(text, warnings), or None when the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", [])]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", [])]
    elif b"\x00" in data:
        return None
    else:
        candidates = [("utf-8", []), ("cp1252", [CP1252_WARNING])]
    for encoding, warnings in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, warnings
        return None
    return None


# Control characters other than line breaks and tabs, and the replacement character.
ODD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _looks_like_text(text):
    # Text exported from PDFs and Word carries a few stray control characters; binary data is full of them.
    return len(ODD_CHARACTERS.findall(text)) <= 2 + len(text) * 0.02


def _read_txt(data):
    text, warnings = _decode_text(data)
    if len(text) > MAX_TEXT_CHARS:
        raise _too_much_text()
    # pdftotext and some exports mark page breaks with form feeds: the same pages a PDF has.
    return text.split("\f"), list(warnings)


# PDF ---------------------------------------------------------------------------


def _read_pdf(data):
    import pypdf
    from pypdf.errors import LimitReachedError

    limits = {
        "zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "maximum_declared_stream_length": MAX_PDF_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 2 * MAX_PDF_STREAM_BYTES,
        "page_tree_maximum_entries": 10 * MAX_PAGES,
    }
    try:
        with pypdf.apply_configuration(**limits):
            return _read_pdf_pages(pypdf, data)
    except ImportRefused:
        raise
    except LimitReachedError as error:
        raise ImportRefused(
            f"This PDF holds a part that expands past {MAX_PDF_STREAM_BYTES // MB} MB when read: it is damaged "
            "or built to overload the importer. Paste the text instead, or upload the Word file."
        ) from error
    except (Exception, RecursionError) as error:
        # pypdf on a damaged or hostile file can raise almost anything (its own errors, but also
        # KeyError, ValueError, struct and zlib errors): each means the same to HR.
        raise ImportRefused(
            "This PDF could not be read: it is damaged. Save it again as PDF, or paste the text instead."
        ) from error


def _read_pdf_pages(pypdf, data):
    from pypdf.errors import LimitReachedError

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # A PDF with only an owner password (printing or copying restricted) opens with an empty one.
        try:
            opened = reader.decrypt("")
        except Exception:  # pypdf's DependencyError for AES without a crypto library, or a damaged dictionary.
            opened = 0
        if not opened:
            raise ImportRefused(
                "This PDF is protected by a password. Remove the protection, upload the Word file, "
                "or paste the text instead."
            )
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise ImportRefused(f"The PDF has {count} pages; the limit is {MAX_PAGES}. Upload the ToR alone.")
    deadline = time.monotonic() + MAX_PDF_SECONDS
    pages, length = [], 0
    for page in reader.pages:
        if time.monotonic() > deadline:
            raise ImportRefused(
                f"This PDF took more than {MAX_PDF_SECONDS} seconds to read: it is damaged or far too complex. "
                "Paste the text instead, or upload the Word file."
            )
        try:
            text = page.extract_text() or ""
        except LimitReachedError:
            raise
        except Exception:  # One damaged page: the others may still read; the empty page is reported below.
            text = ""
        length += len(text)
        if length > MAX_TEXT_CHARS:
            raise _too_much_text()
        pages.append(text)

    empty = [number for number, text in enumerate(pages, 1) if not _has_words(text)]
    if len(empty) == len(pages):
        raise ImportRefused(
            "This PDF has no text layer: it looks scanned. Paste the text instead, or upload the Word file."
        )
    warnings = []
    if empty:
        warnings.append(
            f"No text on page{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))} of {len(pages)} "
            "(scanned or only pictures): check what they hold."
        )
    return pages, warnings


def _has_words(text):
    return len(re.findall(r"\w", text)) >= 10


# Word --------------------------------------------------------------------------


def _read_docx(data):
    _check_docx_archive(data)
    from docx2python import docx2python
    from docx2python.iterators import is_tbl

    try:
        with docx2python(io.BytesIO(data), duplicate_merged_cells=False) as document:
            header = _docx_lines(document.header_pars, is_tbl)
            body = _docx_lines(document.body_pars, is_tbl)
            footer = _docx_lines(document.footer_pars, is_tbl)
            notes = _docx_lines(document.footnotes_pars, is_tbl) + _docx_lines(document.endnotes_pars, is_tbl)
    except ImportRefused:
        raise
    except (Exception, RecursionError) as error:
        # As with pypdf: a damaged file makes docx2python and lxml raise many kinds of errors.
        raise ImportRefused(
            "This Word file could not be read: it is damaged. Save it again from Word, or paste the text instead."
        ) from error
    # Headers and footers repeat on every page; once each is enough, and only what the body lacks.
    in_body = {line.strip() for line in body}
    once = []
    for line in header + footer:
        if line.strip() and line.strip() not in in_body and line not in once and not PAGE_NUMBER.match(line.strip()):
            once.append(line)
    head = [line for line in once if line in header]
    foot = [line for line in once if line not in header]
    return ["\n".join(head + body + foot + notes)], []


def _check_docx_archive(data):
    """Refuse a .docx whose parts unpack to too much, reading each in chunks so nothing large is held."""
    bomb = ImportRefused(
        f"This .docx unpacks to more than {MAX_DOCX_UNPACKED_BYTES // MB} MB: a ToR is far smaller, so it is "
        "damaged or built to overload the importer. Save it again from Word, or paste the text instead."
    )
    damaged = ImportRefused(
        "This Word file could not be read: it is damaged. Save it again from Word, or paste the text instead."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise damaged
            if sum(member.file_size for member in members) > MAX_DOCX_UNPACKED_BYTES:
                raise bomb
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise damaged
                size = 0
                tail = b""
                with archive.open(member) as stream:
                    # The declared sizes may lie: count what really comes out.
                    while chunk := stream.read(256 * 1024):
                        size += len(chunk)
                        total += len(chunk)
                        if total > MAX_DOCX_UNPACKED_BYTES:
                            raise bomb
                        # Word never writes a DTD; one in a part can only be there to expand entities.
                        if b"<!DOCTYPE" in (tail + chunk).upper():
                            raise damaged
                        tail = chunk[-16:]
                if size > DOCX_RATIO_FROM_BYTES and size > MAX_DOCX_RATIO * max(member.compress_size, 1):
                    raise bomb
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as error:
        raise damaged from error
    except Exception as error:  # zlib.error and friends from a corrupt member.
        raise damaged from error


SYMBOL_CHECKBOXES = {
    # Wingdings: the boxes Word's Insert Symbol offers for forms.
    0xFE: CHECKED_BOX,
    0xFD: CHECKED_BOX,
    0x78: CHECKED_BOX,
    0xA8: UNCHECKED_BOX,
    0x6F: UNCHECKED_BOX,
    0x71: UNCHECKED_BOX,
}
# docx2python writes symbols (w:sym) and links as HTML even without its html option.
SYMBOL_SPAN = re.compile(r"<span style=font-family:([^>]*)>&#x([0-9A-Fa-f]+);</span>")
LINK = re.compile(r'<a href="[^"]*">(.*?)</a>', re.DOTALL)
# Images and footnote markers come out as ----media/image1.png---- and the like.
DOCX2PYTHON_MARKER = re.compile(r"----(?:media/[^-]*|Image alt text---->[^<]*<|(?:foot|end)note(\d+))----")


def _docx_symbol(match):
    font, code = match.group(1).lower(), int(match.group(2), 16) & 0xFF
    if "wingdings" in font:
        return SYMBOL_CHECKBOXES.get(code, "")
    if "symbol" in font and code == 0xB7:
        return "\u2022"
    return ""


def _docx_marker(match):
    return f"[{match.group(1)}]" if match.group(1) else ""


def _docx_par_text(par):
    strings = list(par.run_strings)
    if par.list_position[0] is not None and strings:
        # docx2python marks list items "1)\t" and "--\t" (a tab per level before): "1) " and "• " read better.
        strings[0] = re.sub(r"^(\t*)(.*?)\t$", lambda m: m[1] + ("\u2022" if m[2] == "--" else m[2]) + " ", strings[0])
    text = "".join(strings)
    text = SYMBOL_SPAN.sub(_docx_symbol, text)
    text = LINK.sub(r"\1", text)
    text = DOCX2PYTHON_MARKER.sub(_docx_marker, text)
    # docx2python prefixes footnotes with "footnote1)\t"; the reference in the body reads [1].
    return re.sub(r"^(?:foot|end)note(\d+)\)\t", r"[\1] ", text)


def _docx_lines(tables, is_tbl):
    """Paragraphs in order; a table row is one line, its cells separated by " | ".

    A cell of several paragraphs spans several lines, so that a list in a cell stays a list.
    """
    lines = []
    for table in tables:
        if not is_tbl(table):
            lines.extend(_docx_par_text(par) for row in table for cell in row for par in cell)
            continue
        for row in table:
            cells = ["\n".join(_docx_par_text(par) for par in cell).strip("\n") for cell in row]
            if any(cell.strip() for cell in cells):
                lines.append(" | ".join(cells))
    return lines


# Normalising and cleaning ------------------------------------------------------

# A page number alone: "3", "- 3 -", "Page 3", "Page 3 of 7", "3/7".
PAGE_NUMBER = re.compile(r"^[-–]?\s*(?:page\s+)?(\d{1,4})(?:\s*(?:/|of)\s*\d{1,4})?\s*[-–]?$", re.IGNORECASE)
EDGE_LINES = 2
# Zero-width and soft-hyphen characters: invisible in the document, they only split words.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")
CHECKBOX_VARIANTS = {ord("\u2611"): CHECKED_BOX, ord("\u2327"): CHECKED_BOX}


def _normalise(text):
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(INVISIBLE).translate(SPACES).translate(CHECKBOX_VARIANTS)
    text = "".join(char for char in text if char in "\n\t\f" or unicodedata.category(char) != "Cc")
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _clean(pages):
    """The pages joined, without page numbers and lines repeated at the top or bottom of most pages."""
    pages = [_normalise(page).replace("\f", "\n").split("\n") for page in pages]
    warnings = []
    # A lone "2" at the bottom of a page may be a duration: only numbers that follow the pages' own
    # (from 1, or from 0 when the cover is not numbered) on half the pages or more are page numbers.
    numbered = {0: [], -1: []}
    for index, lines in enumerate(pages):
        for position in _edges(lines):
            match = PAGE_NUMBER.match(lines[position].strip())
            offset = int(match.group(1)) - index - 1 if match else None
            if offset in numbered:
                numbered[offset].append((index, position))
    found = max(numbered.values(), key=len)
    if len({index for index, _ in found}) >= max(2, len(pages) / 2):
        for index, position in found:
            pages[index][position] = None
        warnings.append(f"Removed {len(found)} page number{'s' if len(found) > 1 else ''}.")

    if len(pages) >= 3:
        seen = collections.Counter()
        for lines in pages:
            seen.update({lines[position].strip() for position in _edges(lines)})
        repeated = {
            line
            for line, count in seen.items()
            if count >= max(3, 0.6 * len(pages)) and len(line) >= 4 and any(char.isalpha() for char in line)
        }
        for index, lines in enumerate(pages):
            if index == 0:
                continue  # Kept once: the header may be the only place that says it.
            for position in _edges(lines):
                if lines[position].strip() in repeated:
                    lines[position] = None
        for line in sorted(repeated):
            warnings.append(f'Removed a line repeated at the top or bottom of most pages (kept once): "{line}".')

    text = "\n".join("\n".join(line for line in lines if line is not None) for lines in pages)
    return text.strip("\n") + "\n", warnings


def _edges(lines):
    filled = [position for position, line in enumerate(lines) if line is not None and line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _too_much_text():
    return ImportRefused(
        f"This file holds more than {MAX_TEXT_CHARS:,} characters of text: a ToR is far shorter. "
        "Upload the ToR alone, or paste its text."
    )

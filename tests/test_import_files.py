"""Reading ToR files: the seeds as PDF and Word, a Word file's checkboxes, and hostile uploads."""

import collections
import io
import random
import re
import time
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vacancies.importing.extract import MB, Extracted, ImportRefused, extract_text

TORS = Path(__file__).parent / "data" / "tors"


def words(text):
    return collections.Counter(re.findall(r"\w+", text.lower()))


def read(name):
    return (TORS / name).read_bytes()


def refused(filename, data):
    """The refusal's message, checking it comes quickly whatever the file holds."""
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refusal:
        extract_text(filename, data)
    # A safety bound, not a benchmark: a bomb that was read would take minutes or exhaust memory.
    assert time.monotonic() - started < 5
    return refusal.value.message


# The seeds, as LibreOffice writes them to PDF and Word --------------------------


@pytest.mark.parametrize("name", [f"seed_{number}.{kind}" for number in range(5) for kind in ("pdf", "docx")])
def test_a_seed_reads_back_with_its_words(name):
    expected = words((TORS / name).with_suffix(".txt").read_text(encoding="utf-8"))
    extracted = extract_text(name, read(name))
    got = words(extracted.text)
    matched = sum((expected & got).values())
    # Against the larger of the two counts, so that words added count against it as much as words lost.
    score = matched / max(sum(expected.values()), sum(got.values()))
    assert score >= 0.98, f"{name}: {score:.2%} of words matched"
    assert extracted.kind == name.rsplit(".", 1)[1]
    assert extracted.warnings == []


def test_a_seed_pdf_keeps_the_documents_order_and_its_marks():
    text = extract_text("seed_0.pdf", read("seed_0.pdf")).text
    assert text.startswith(" United Nations JPO Programme\n\n\nTERMS OF REFERENCE\n22P001\n")
    assert "[Non-Family Duty Station: yes   / no X]" in text
    assert text.index("I. General Information") < text.index("II. Supervision") < text.index("III. Duties")


def test_broken_lines_and_hyphens_are_left_for_the_parser():
    text = extract_text("broken_lines.pdf", read("broken_lines.pdf")).text
    source = (TORS / "broken_lines.txt").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line] == [line for line in source.splitlines() if line]
    assert "Associate Expert in Water Govern-\nance (JPO)" in text


# Word: checkboxes, lists and tables ----------------------------------------------


def test_word_checkboxes_read_as_checked_and_unchecked_boxes():
    lines = extract_text("checkboxes.docx", read("checkboxes.docx")).text.splitlines()
    # A content control, a legacy form field and a Wingdings symbol: the three kinds ToR templates use.
    assert "Non-family duty station: ☒ yes ☐ no" in lines
    assert "Duration: ☐ 1 year ☒ 2 years" in lines
    assert "Driving licence required: ☒ yes ☐ no" in lines


def test_word_keeps_the_header_once_list_numbers_and_table_rows():
    extracted = extract_text("checkboxes.docx", read("checkboxes.docx"))
    assert extracted.kind == "docx"
    assert extracted.warnings == []
    assert extracted.text == (
        "Made-up Water Agency - Terms of Reference\n"
        "Junior Professional Officer (JPO) Programme\n"
        "Vacancy no. JPO-2027-0042\n"
        "Title: Associate Expert in Water Governance\n"
        "Grade: P-2\n"
        "Duty Station City: Nairobi\n"
        "Country: Kenya\n"
        "Application deadline (midnight Geneva time): 15 January 2027\n"
        "Non-family duty station: ☒ yes ☐ no\n"
        "Duration: ☐ 1 year ☒ 2 years\n"
        "Driving licence required: ☒ yes ☐ no\n"
        "Duties and responsibilities\n"
        "1) Support the county water boards in drafting their service charters.\n"
        "2) Map who answers for which water point, and who pays for repairs.\n"
        "3) Report each quarter on complaints received and how they were resolved.\n"
        "Qualifications\n"
        "• Master's degree in water resources, public administration or law.\n"
        "• Two years of work on water services or local government.\n"
        "Languages\n"
        "Language | Level\n"
        "English | Fluent (required)\n"
        "Kiswahili | Working knowledge (desirable)\n"
        "This ToR is made up for tests; no such vacancy exists.\n"
    )


# Text files ------------------------------------------------------------------------

SAMPLE = "Title: JPO in Water Governance\nDuty Station: Nairobi, Kenya\nClosing date: 15 January 2027\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "CRLF"],
)
def test_a_text_file_reads_in_the_usual_encodings(data):
    assert extract_text("tor.txt", data) == Extracted(text=SAMPLE, kind="txt", warnings=[])


def test_a_windows_1252_text_file_reads_with_a_warning():
    extracted = extract_text("tor.txt", "Côte d’Ivoire\u00a0– Abidjan\n".encode("cp1252"))
    assert extracted.text == "Côte d’Ivoire – Abidjan\n"
    assert extracted.warnings == [
        "The file is not UTF-8: it was read as Windows-1252 (Western European); check accented letters and quotes."
    ]


def test_normalising_keeps_lines_and_tabs_and_drops_control_characters():
    text = extract_text("tor.txt", "Cafe\u0301\x07 soft\u00adhyphen\tx\u00a0y\r\nnext\n".encode()).text
    assert text == "Café softhyphen\tx y\nnext\n"


def test_page_numbers_and_a_running_header_are_removed_with_warnings():
    pages = [f"UN Water Agency - ToR\nLine {number} of the body\nPage {number} of 4" for number in range(1, 5)]
    extracted = extract_text("tor.txt", "\f".join(pages).encode())
    assert extracted.text == (
        "UN Water Agency - ToR\nLine 1 of the body\nLine 2 of the body\nLine 3 of the body\nLine 4 of the body\n"
    )
    assert extracted.warnings == [
        "Removed 4 page numbers.",
        'Removed a line repeated at the top or bottom of most pages (kept once): "UN Water Agency - ToR".',
    ]


def test_a_lone_number_that_is_not_the_pages_number_stays():
    pages = ["Duration in years:\n2", "Number of posts:\n1", "End"]
    assert (
        extract_text("tor.txt", "\f".join(pages).encode()).text == "Duration in years:\n2\nNumber of posts:\n1\nEnd\n"
    )


def test_a_text_in_cyrillic_is_read_with_a_warning():
    text = "Младший сотрудник категории специалистов\nМесто службы: Найроби, Кения\nСрок: 1 год\n"
    extracted = extract_text("tor.txt", text.encode())
    assert extracted.text == text
    assert extracted.warnings == [
        "Most of the text is in Cyrillic script: the importer reads English ToRs; check every field."
    ]


# PDFs made by hand ---------------------------------------------------------------


def make_pdf(contents, *, filter_=None):
    """A PDF whose pages hold the given content streams, written byte by byte."""
    count = len(contents)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count)), count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index)
        )
        flate = b" /Filter /FlateDecode" if filter_ == "flate" else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), flate, content))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_page(lines):
    shown = b" 0 -16 Td ".join(b"(%s) Tj" % line.encode("latin-1") for line in lines)
    return b"BT /F1 12 Tf 72 720 Td " + shown + b" ET"


def test_a_pdf_loses_its_page_numbers_and_running_footer():
    pages = [
        text_page(
            [f"Paragraph {number} of the duties, long enough to be text.", "Made-up Agency - JPO ToR", str(number)]
        )
        for number in range(1, 4)
    ]
    extracted = extract_text("tor.pdf", make_pdf(pages))
    assert extracted.text == (
        "Paragraph 1 of the duties, long enough to be text.\nMade-up Agency - JPO ToR\n"
        "Paragraph 2 of the duties, long enough to be text.\n"
        "Paragraph 3 of the duties, long enough to be text.\n"
    )
    assert extracted.warnings == [
        "Removed 3 page numbers.",
        'Removed a line repeated at the top or bottom of most pages (kept once): "Made-up Agency - JPO ToR".',
    ]


def test_a_pdf_with_a_page_without_text_says_so():
    pages = [text_page(["Title: Associate Expert in Water Governance, Nairobi"]), b""]
    assert extract_text("tor.pdf", make_pdf(pages)).warnings == [
        "No text on page 2 of 2 (scanned or only pictures): check what they hold."
    ]


# Hostile and unreadable files ----------------------------------------------------------


@pytest.fixture(scope="module")
def zeros_deflated():
    """Raw deflate of 1.1 GB of zeros (1.1 MB), with its size and checksums, made without holding the zeros."""
    chunk = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # After a full flush deflate starts afresh, so each megabyte compresses to the same bytes: repeat them.
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc, adler = 0, 1
    for _ in range(1100):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    return block * 1100 + compressor.flush(), 1100 * MB, crc, adler


def test_an_empty_file_is_refused():
    assert refused("tor.txt", b"") == "The file is empty."


def test_a_zero_byte_pdf_is_refused():
    assert refused("tor.pdf", b"") == "The file is empty."


def test_random_bytes_named_txt_are_refused():
    assert refused("tor.txt", random.Random(14).randbytes(4096)) == "This .txt file is not text: it holds binary data."


def test_a_50_mb_pdf_is_refused_before_it_is_read():
    data = read("seed_0.pdf") + b"%" + b" " * (50 * MB)
    assert refused("tor.pdf", data) == "The file is 50.0 MB; the limit is 10 MB."


def test_a_pdf_bomb_is_refused_without_expanding_it(zeros_deflated):
    raw, _, _, adler = zeros_deflated
    stream = b"\x78\xda" + raw + adler.to_bytes(4, "big")
    data = make_pdf([stream], filter_="flate")
    assert len(data) < 2 * MB
    assert refused("tor.pdf", data) == (
        "This PDF holds a part that expands past 20 MB when read: it is damaged or built to overload the importer. "
        "Paste the text instead, or upload the Word file."
    )


def test_an_encrypted_pdf_is_refused():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(read("seed_1.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert refused("tor.pdf", out.getvalue()) == (
        "This PDF is protected by a password. Remove the protection, upload the Word file, or paste the text instead."
    )


def test_a_pdf_with_only_an_owner_password_is_read():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(read("seed_1.pdf")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "Prevention of Genocide" in extract_text("tor.pdf", out.getvalue()).text


def test_a_pdf_without_text_is_refused_as_scanned():
    assert refused("tor.pdf", make_pdf([b"", b""])) == (
        "This PDF has no text layer: it looks scanned. Paste the text instead, or upload the Word file."
    )


def test_a_docx_that_is_a_zip_of_something_else_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refused("tor.docx", out.getvalue()) == (
        "This .docx is not a Word document: it is a ZIP archive of other files."
    )


def zip_with_raw_member(name, raw, size, crc):
    """A one-file ZIP whose member is already deflated: zipfile can only compress what it holds."""
    name = name.encode()
    local = b"PK\x03\x04" + (20).to_bytes(2, "little") + bytes(2) + (8).to_bytes(2, "little") + bytes(4)
    sizes = crc.to_bytes(4, "little") + len(raw).to_bytes(4, "little") + size.to_bytes(4, "little")
    local += sizes + len(name).to_bytes(2, "little") + bytes(2) + name
    central = b"PK\x01\x02" + (20).to_bytes(2, "little") * 2 + bytes(2) + (8).to_bytes(2, "little") + bytes(4)
    central += sizes + len(name).to_bytes(2, "little") + bytes(16) + name
    offset = len(local) + len(raw)
    end = b"PK\x05\x06" + bytes(4) + (1).to_bytes(2, "little") * 2
    end += len(central).to_bytes(4, "little") + offset.to_bytes(4, "little") + bytes(2)
    return local + raw + central + end


def test_a_zip_bomb_named_docx_is_refused(zeros_deflated):
    raw, size, crc, _ = zeros_deflated
    data = zip_with_raw_member("word/document.xml", raw, size, crc)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size == 1100 * MB
    assert refused("tor.docx", data) == (
        "This .docx unpacks to more than 50 MB: a ToR is far smaller, so it is damaged or built to overload "
        "the importer. Save it again from Word, or paste the text instead."
    )


def test_a_zip_bomb_that_understates_its_size_is_refused(zeros_deflated):
    raw, _, crc, _ = zeros_deflated
    data = zip_with_raw_member("word/document.xml", raw, 40 * MB, crc)
    assert refused("tor.docx", data) == (
        "This Word file could not be read: it is damaged. Save it again from Word, or paste the text instead."
    )


def test_a_damaged_word_file_is_refused():
    assert refused("tor.docx", read("checkboxes.docx")[:-40]) == (
        "This Word file could not be read: it is damaged. Save it again from Word, or paste the text instead."
    )


def test_a_png_named_pdf_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(13) + random.Random(14).randbytes(500)
    assert refused("tor.pdf", png) == "This file is named .pdf but it is a PNG image."


def test_a_word_file_named_pdf_is_refused():
    assert refused("tor.pdf", read("checkboxes.docx")) == "This file is named .pdf but it is a Word document."


def test_an_old_word_file_is_refused():
    assert refused("tor.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == (
        "Old Word files (.doc) cannot be read: save it as .docx or PDF in Word, or paste the text instead."
    )


def test_a_pdf_of_too_many_pages_is_refused():
    assert refused("tor.pdf", make_pdf([b""] * 201)) == "The PDF has 201 pages; the limit is 200. Upload the ToR alone."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    filename=st.sampled_from(["tor.pdf", "tor.docx", "tor.txt", "tor", "ToR.PDF", "tor.odt"]),
    head=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]),
    body=st.binary(max_size=2048),
)
def test_any_bytes_are_read_or_refused(filename, head, body):
    try:
        result = extract_text(filename, head + body)
    except ImportRefused as refusal:
        message = refusal.message
        result = None
    if result is None:
        assert message.endswith(".")
    else:
        assert isinstance(result, Extracted)
        assert result.text.strip()

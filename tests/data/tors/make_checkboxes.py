"""Writes checkboxes.docx: a short made-up ToR with the checkboxes Word files hold.

Run from the top of the checkout: ``.venv/bin/python tests/data/tors/make_checkboxes.py``.
The XML is written by hand so that each kind of checkbox is exactly what Word writes:
a content control (w14:checkbox), a legacy form field (FORMCHECKBOX) and a Wingdings symbol.
"""

import pathlib
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text):
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def content_control(checked):
    glyph = "\u2612" if checked else "\u2610"
    return (
        "<w:sdt><w:sdtPr><w14:checkbox>"
        f'<w14:checked w14:val="{int(checked)}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent>"
        '<w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/>'
        f"</w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def form_field(checked):
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
        f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked w:val="{int(checked)}"/>'
        "</w:checkBox></w:ffData></w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def symbol(checked):
    return f'<w:r><w:sym w:font="Wingdings" w:char="{"F0FE" if checked else "F0A8"}"/></w:r>'


def paragraph(*parts, numbered=None):
    numbering = (
        f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr></w:pPr>' if numbered else ""
    )
    return f"<w:p>{numbering}{''.join(parts)}</w:p>"


def table(rows):
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:tcPr/>{paragraph(run(cell))}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{cells}</w:tbl>'


BODY = [
    paragraph(run("Junior Professional Officer (JPO) Programme")),
    paragraph(run("Vacancy no. JPO-2027-0042")),
    paragraph(run("Title: Associate Expert in Water Governance")),
    paragraph(run("Grade: P-2")),
    paragraph(run("Duty Station City: Nairobi")),
    paragraph(run("Country: Kenya")),
    paragraph(run("Application deadline (midnight Geneva time): 15 January 2027")),
    paragraph(
        run("Non-family duty station: "), content_control(True), run(" yes "), content_control(False), run(" no")
    ),
    paragraph(run("Duration: "), form_field(False), run(" 1 year "), form_field(True), run(" 2 years")),
    paragraph(run("Driving licence required: "), symbol(True), run(" yes "), symbol(False), run(" no")),
    paragraph(run("Duties and responsibilities")),
    paragraph(run("Support the county water boards in drafting their service charters."), numbered=1),
    paragraph(run("Map who answers for which water point, and who pays for repairs."), numbered=1),
    paragraph(run("Report each quarter on complaints received and how they were resolved."), numbered=1),
    paragraph(run("Qualifications")),
    paragraph(run("Master's degree in water resources, public administration or law."), numbered=2),
    paragraph(run("Two years of work on water services or local government."), numbered=2),
    paragraph(run("Languages")),
    table([["Language", "Level"], ["English", "Fluent (required)"], ["Kiswahili", "Working knowledge (desirable)"]]),
    paragraph(run("This ToR is made up for tests; no such vacancy exists.")),
]

DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:document xmlns:w="{W}" xmlns:w14="{W14}" xmlns:r="{R}"><w:body>{"".join(BODY)}'
    '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/></w:sectPr></w:body></w:document>'
)

HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">{paragraph(run("Made-up Water Agency - Terms of Reference"))}</w:hdr>'
)

NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:numbering xmlns:w="{W}" xmlns:r="{R}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    "</Types>"
)

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)

DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
    'Target="header1.xml"/></Relationships>'
)


def main():
    path = pathlib.Path(__file__).with_name("checkboxes.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        # Fixed dates, so that running it again gives the same bytes.
        for name, text in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/document.xml", DOCUMENT),
            ("word/numbering.xml", NUMBERING),
            ("word/header1.xml", HEADER),
        ]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    print(path)


if __name__ == "__main__":
    main()

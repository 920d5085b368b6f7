"""Turns stage-excel-comments.xlsx (openpyxl) into excel-comments.xlsx.

Usage: /usr/bin/python3 excel_comments.py STAGE.xlsx OUT.xlsx

There is no Excel on the build machine, so this fixture is hand-assembled:
openpyxl writes the workbook and three legacy comments on the report sheet
(G7, G21, G29), then this script replaces openpyxl's comment parts with the
parts Excel 365 writes for the same comments, by editing the zip:

- xl/comments1.xml in Excel's form: mc:Ignorable="xr", an xr:uid on every
  comment, notes with a bold author run + a normal run (Tahoma 9, indexed
  colour 81), and for G29 the legacy placeholder of a threaded comment
  (author "tc={GUID}", text "[Threaded comment]\\n\\nYour version of Excel ...").
- xl/drawings/vmlDrawing1.vml in Excel's VML (o:idmap data="1", shapes
  _x0000_s1025.., x:Anchor), replacing openpyxl's commentsDrawing1.vml.
- xl/threadedComments/threadedComment1.xml (thread on G29 with one reply),
  xl/persons/person.xml, the sheet rel of type
  http://schemas.microsoft.com/office/2017/10/relationships/threadedComment,
  the workbook rel of type
  http://schemas.microsoft.com/office/2017/10/relationships/person and the
  content types application/vnd.ms-excel.threadedcomments+xml and
  application/vnd.ms-excel.person+xml.

The report sheet is the second sheet (sheet2.xml) and its parts are
comments1.xml / vmlDrawing1.vml / threadedComment1.xml, as Excel numbers them
(running count over the sheets that have comments). Not run by tests.
"""
import re
import sys
import zipfile
from xml.sax.saxutils import escape

STAGE, OUT = sys.argv[1], sys.argv[2]
SHEET = "xl/worksheets/sheet2.xml"
SHEET_RELS = "xl/worksheets/_rels/sheet2.xml.rels"

THREAD_ID = "{8F3A2C1E-5B7D-4E9A-A1C2-3D4E5F6A7B8C}"
REPLY_ID = "{2C9E7B14-60D3-4A8F-9E21-7B5D4C3A2F10}"
PERSON_A = "{5E1D9C3B-7A2F-4B8E-9C6D-1F0A2B3C4D5E}"
PERSON_B = "{A7B6C5D4-E3F2-4A1B-8C9D-0E1F2A3B4C5D}"
THREAD_TEXT = "Tỷ lệ 89% lấy từ báo cáo quý III, chưa cập nhật số cả năm."
REPLY_TEXT = "Đã hỏi lại phòng Người có công, chờ số liệu chính thức."

RPR_BOLD = ('<rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/>'
            '<family val="2"/></rPr>')
RPR = '<rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'

PLACEHOLDER = ("[Threaded comment]\n\nYour version of Excel allows you to read this "
               "threaded comment; however, any edits to it will get removed if the "
               "file is opened in a newer version of Excel. Learn more: "
               "https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    "
               + THREAD_TEXT + "\nReply:\n    " + REPLY_TEXT)


def note(ref, author_id, uid, author, body):
    return ('<comment ref="%s" authorId="%d" shapeId="0" xr:uid="%s"><text>'
            '<r>%s<t>%s:</t></r><r>%s<t xml:space="preserve">\n%s</t></r>'
            '</text></comment>') % (ref, author_id, uid, RPR_BOLD, escape(author),
                                     RPR, escape(body))


COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="xr" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">'
    '<authors><author>tc=' + THREAD_ID + '</author><author>Trần Thị Bình</author>'
    '<author>Nguyễn Văn An</author></authors><commentList>'
    + note("G7", 1, "{1B2C3D4E-5F60-4718-9A0B-C1D2E3F40516}", "Trần Thị Bình",
           "Số liệu đã đối chiếu với báo cáo của 9 huyện, thị xã.")
    + note("G21", 2, "{6A7B8C9D-0E1F-4203-8405-A6B7C8D9E0F1}", "Nguyễn Văn An",
           "Mức giảm theo kết quả rà soát cuối năm (chưa chính thức).")
    + '<comment ref="G29" authorId="0" shapeId="0" xr:uid="' + THREAD_ID + '"><text><t>'
    + escape(PLACEHOLDER) + '</t></text></comment>'
    '</commentList></comments>')


def vml_shape(n, row, col, anchor, width, height):
    return (
        '<v:shape id="_x0000_s%d" type="#_x0000_t202" style=\'position:absolute;\r\n'
        '  margin-left:528pt;margin-top:%.1fpt;width:%spt;height:%spt;z-index:%d;\r\n'
        '  visibility:hidden\' fillcolor="#ffffe1" o:insetmode="auto">\r\n'
        '  <v:fill color2="#ffffe1"/>\r\n'
        '  <v:shadow color="black" obscured="t"/>\r\n'
        '  <v:path o:connecttype="none"/>\r\n'
        '  <v:textbox style=\'mso-direction-alt:auto\'>\r\n'
        '   <div style=\'text-align:left\'></div>\r\n'
        '  </v:textbox>\r\n'
        '  <x:ClientData ObjectType="Note">\r\n'
        '   <x:MoveWithCells/>\r\n'
        '   <x:SizeWithCells/>\r\n'
        '   <x:Anchor>\r\n'
        '    %s</x:Anchor>\r\n'
        '   <x:AutoFill>False</x:AutoFill>\r\n'
        '   <x:Row>%d</x:Row>\r\n'
        '   <x:Column>%d</x:Column>\r\n'
        '  </x:ClientData>\r\n'
        ' </v:shape>') % (n, 60 + 15 * row, width, height, n - 1024, anchor, row, col)


VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml"\r\n'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"\r\n'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n'
    ' <o:shapelayout v:ext="edit">\r\n'
    '  <o:idmap v:ext="edit" data="1"/>\r\n'
    ' </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"\r\n'
    '  path="m,l,21600r21600,l21600,xe">\r\n'
    '  <v:stroke joinstyle="miter"/>\r\n'
    '  <v:path gradientshapeok="t" o:connecttype="rect"/>\r\n'
    ' </v:shapetype>'
    + vml_shape(1025, 6, 6, "7, 15, 5, 2, 9, 15, 9, 4", "108", "59.25")
    + vml_shape(1026, 20, 6, "7, 15, 19, 2, 9, 15, 23, 4", "108", "59.25")
    + vml_shape(1027, 28, 6, "7, 15, 27, 2, 10, 31, 33, 9", "150", "90")
    + '</xml>')

THREADED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<threadedComment ref="G29" dT="2025-01-14T08:21:37.52" personId="' + PERSON_A + '" '
    'id="' + THREAD_ID + '"><text>' + escape(THREAD_TEXT) + '</text></threadedComment>'
    '<threadedComment ref="G29" dT="2025-01-14T09:05:11.08" personId="' + PERSON_B + '" '
    'id="' + REPLY_ID + '" parentId="' + THREAD_ID + '"><text>' + escape(REPLY_TEXT)
    + '</text></threadedComment></ThreadedComments>')

PERSONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<person displayName="Lê Thu Hà" id="' + PERSON_A + '" '
    'userId="S::ha.lt@laocai.gov.vn::3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9" providerId="AD"/>'
    '<person displayName="Phạm Minh Đức" id="' + PERSON_B + '" '
    'userId="Phạm Minh Đức" providerId="None"/></personList>')

SHEET_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" '
    'Target="../threadedComments/threadedComment1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
    'Target="../comments1.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" '
    'Target="../drawings/vmlDrawing1.vml"/></Relationships>')


def main():
    src = zipfile.ZipFile(STAGE)
    names = src.namelist()
    assert "xl/comments/comment1.xml" in names and "xl/drawings/commentsDrawing1.vml" in names
    drop = {"xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml", SHEET_RELS}
    out = zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED)
    for name in names:
        if name in drop:
            continue
        data = src.read(name)
        if name == "[Content_Types].xml":
            s = data.decode()
            s = s.replace('<Override PartName="/xl/comments/comment1.xml" '
                          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>', "")
            s = s.replace("</Types>",
                          '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
                          '<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
                          '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>'
                          "</Types>")
            assert "comment1.xml" not in s.replace("comments1.xml", "").replace("threadedComment1.xml", "")
            data = s.encode()
        elif name == "xl/_rels/workbook.xml.rels":
            s = data.decode()
            s = s.replace("</Relationships>",
                          '<Relationship Type="http://schemas.microsoft.com/office/2017/10/relationships/person" '
                          'Target="persons/person.xml" Id="rId9"/></Relationships>')
            data = s.encode()
        elif name == SHEET:
            s = data.decode()
            s, n = re.subn(r'<legacyDrawing ([^>]*)r:id="anysvml"', r'<legacyDrawing \1r:id="rId1"', s)
            assert n == 1
            data = s.encode()
        out.writestr(src.getinfo(name), data)
    out.writestr(SHEET_RELS, SHEET_RELS_XML)
    out.writestr("xl/comments1.xml", COMMENTS)
    out.writestr("xl/drawings/vmlDrawing1.vml", VML)
    out.writestr("xl/threadedComments/threadedComment1.xml", THREADED)
    out.writestr("xl/persons/person.xml", PERSONS)
    out.close()


if __name__ == "__main__":
    main()

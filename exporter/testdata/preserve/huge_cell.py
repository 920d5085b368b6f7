"""Makes huge-cell.xlsx (K7 holds 32,768 characters) from huge-cell-32767.xlsx.

Usage: /usr/bin/python3 huge_cell.py huge-cell-32767.xlsx huge-cell.xlsx

openpyxl silently truncates a cell string to 32,767 characters (Excel's
limit) and excelize refuses a longer one, so the one-character-too-long
cell is made by editing the inline string openpyxl wrote in the sheet XML
with Python's zipfile. Every character is in the BMP, so characters = UTF-16
code units. Not run by tests.
"""
import html
import re
import sys
import zipfile
from xml.sax.saxutils import escape

SRC, OUT = sys.argv[1], sys.argv[2]
SHEET = "xl/worksheets/sheet1.xml"

src = zipfile.ZipFile(SRC)
out = zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED)
for info in src.infolist():
    data = src.read(info.filename)
    if info.filename == SHEET:
        s = data.decode()
        m = re.search(r'(<c r="K7"[^>]*t="inlineStr"[^>]*><is><t[^>]*>)(.*?)(</t></is></c>)', s, re.S)
        assert m, "K7 inline string not found"
        text = html.unescape(m.group(2))
        assert len(text) == 32767, len(text)
        text = text[:-1] + "!."  # one more character
        assert len(text) == 32768 and all(ord(c) < 0x10000 for c in text)
        s = s[:m.start(2)] + escape(text) + s[m.end(2):]
        data = s.encode()
    out.writestr(info, data)
out.close()

"""Builds the LibreOffice-written preservation fixtures through UNO.

Usage: /usr/bin/python3 build_lo.py SAMPLE.xlsx OUTDIR

Needs libreoffice-calc-nogui + python3-uno (Debian 12: LibreOffice 7.4.7).
Reads OUTDIR/user-formulas-nocache.xlsx (made by build_openpyxl.py) and
writes into OUTDIR:
  lo-notes-two-sheets.xlsx, no-theme.xlsx, user-formulas.xlsx, pivot.xlsx
Every file is saved by LibreOffice itself with the filter
"Calc MS Excel 2007 XML". Not run by tests.
"""
import os
import sys

import uno  # noqa: F401  (installs the com.sun.star import hook)
from com.sun.star.sheet.DataPilotFieldOrientation import ROW, DATA
from com.sun.star.sheet.GeneralFunction import SUM
from com.sun.star.table import CellAddress, CellRangeAddress

from lo_uno import Office

SAMPLE, OUT = sys.argv[1], sys.argv[2]
REPORT = "Báo cáo"


def path(name):
    return os.path.join(OUT, name)


def addr(sheet, col, row):
    a = CellAddress()
    a.Sheet, a.Column, a.Row = sheet, col, row
    return a


def sheet_index(doc, name):
    return list(doc.Sheets.ElementNames).index(name)


def note(doc, sheet_name, ref_col, ref_row, text):
    """Adds a note (comment) to a cell; col/row are 0-based."""
    sh = doc.Sheets.getByName(sheet_name)
    sh.getAnnotations().insertNew(addr(sheet_index(doc, sheet_name), ref_col, ref_row), text)


def lo_notes_two_sheets(office):
    """Notes on the report sheet AND on another sheet. Sheet order:
    'Ghi chú chung' (notes) / 'Hướng dẫn' (no notes) / 'Báo cáo' (notes).
    LibreOffice names comments parts after the sheet (comments1.xml for
    sheet1.xml, comments3.xml for sheet3.xml) but numbers VML drawings by a
    running count, so the report sheet (sheet3.xml) gets comments3.xml +
    vmlDrawing2.vml, while comments1.xml/vmlDrawing1.vml belong to the first
    sheet."""
    doc = office.load(SAMPLE)
    sheets = doc.Sheets
    sheets.insertNewByName("Ghi chú chung", 0)
    sheets.insertNewByName("Hướng dẫn", 1)
    g = sheets.getByName("Ghi chú chung")
    g.getCellByPosition(0, 0).setString("Ghi chú chung của đơn vị")
    g.getCellByPosition(0, 1).setString("Số liệu năm 2024 là số ước thực hiện đến 31/12.")
    g.getCellByPosition(1, 3).setValue(2024)
    h = sheets.getByName("Hướng dẫn")
    h.getCellByPosition(0, 0).setString("Chỉ nhập số vào các ô nền trắng của cột E, F, G.")
    note(doc, "Ghi chú chung", 0, 1, "Ghi chú trên trang thứ nhất (A2).")
    note(doc, "Ghi chú chung", 1, 3, "Năm báo cáo (B4).")
    # Report sheet: G29 is flagged (rate-mismatch, 89 kept), G7 and K15 are
    # not. The sample's report sheet is protected (no password) and LO only
    # lets UNO add notes to its unlocked cells (E..G, K of the table), which
    # is where a user can type anyway.
    note(doc, REPORT, 6, 28, "Tỷ lệ theo báo cáo quý III (G29).")
    note(doc, REPORT, 6, 6, "Gồm cả lao động thời vụ (G7).")
    note(doc, REPORT, 10, 14, "Số liệu của Sở Giáo dục nghề nghiệp (K15).")
    n = doc.Sheets.getByName(REPORT).getAnnotations().getCount()
    assert n == 3, "notes on the report sheet: %d" % n
    office.save_xlsx(doc, path("lo-notes-two-sheets.xlsx"))
    doc.close(True)


def no_theme(office):
    """Re-saved by LibreOffice 7.4, which writes no xl/theme/theme1.xml;
    explicit RGB colours on some cells."""
    doc = office.load(SAMPLE)
    sh = doc.Sheets.getByName(REPORT)
    hdr = sh.getCellRangeByName("A5:K5")
    hdr.CellBackColor = 0xD9E1F2
    hdr.CharColor = 0x1F3864
    sh.getCellRangeByName("A1").CharColor = 0xC00000
    sh.getCellRangeByName("G29").CharColor = 0xFF0000
    sh.getCellRangeByName("G29").CellBackColor = 0xFFF2CC
    sh.getCellRangeByName("G7").CellBackColor = 0xE2EFDA
    sh.getCellRangeByName("E15:G15").CharColor = 0x7030A0
    office.save_xlsx(doc, path("no-theme.xlsx"))
    doc.close(True)


def user_formulas(office):
    """The openpyxl file with formulas, re-saved by LibreOffice after a full
    recalculation so that every formula has a cached value."""
    doc = office.load(path("user-formulas-nocache.xlsx"))
    doc.calculateAll()
    office.save_xlsx(doc, path("user-formulas.xlsx"))
    doc.close(True)


def pivot(office):
    """A DataPilot (pivot table) on a sheet 'Tổng hợp' whose source is the
    report table itself ('Báo cáo'!A5:K35): rows = ĐVT, data = sum of
    Kế hoạch năm and Thực hiện năm."""
    doc = office.load(SAMPLE)
    sheets = doc.Sheets
    sheets.insertNewByName("Tổng hợp", 1)
    src_idx = sheet_index(doc, REPORT)
    dst_idx = sheet_index(doc, "Tổng hợp")
    dst = sheets.getByName("Tổng hợp")
    dst.getCellByPosition(0, 0).setString("Tổng hợp theo đơn vị tính")
    tables = dst.getDataPilotTables()
    desc = tables.createDataPilotDescriptor()
    rng = CellRangeAddress()
    rng.Sheet, rng.StartColumn, rng.StartRow, rng.EndColumn, rng.EndRow = src_idx, 0, 4, 10, 34
    desc.setSourceRange(rng)
    fields = desc.getDataPilotFields()
    names = [fields.getByIndex(i).Name for i in range(fields.getCount())]
    unit = fields.getByName("ĐVT")
    unit.Orientation = ROW
    for name in ("Kế hoạch năm", "Thực hiện năm"):
        f = fields.getByName(name)
        f.Orientation = DATA
        f.Function = SUM
    tables.insertNewByName("PivotDVT", addr(dst_idx, 0, 2), desc)
    assert "ĐVT" in names, names
    office.save_xlsx(doc, path("pivot.xlsx"))
    doc.close(True)


if __name__ == "__main__":
    office = Office()
    try:
        lo_notes_two_sheets(office)
        no_theme(office)
        user_formulas(office)
        pivot(office)
    finally:
        office.close()

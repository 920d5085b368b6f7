"""Builds the openpyxl-written preservation fixtures from the sample report.

Usage: /usr/bin/python3 build_openpyxl.py SAMPLE.xlsx OUTDIR

Writes (into OUTDIR):
  protected.xlsx, named-styles.xlsx, cf-dv-table-chart.xlsx,
  user-formulas-nocache.xlsx, huge-cell-32767.xlsx,
  stage-excel-comments.xlsx (input of excel_comments.py, not a fixture).

Every fixture starts from the sample's content (sheet "Báo cáo", header row 5,
indicator rows 7..35), so the importer still recognises it as a report.
Run with Debian's /usr/bin/python3 and python3-openpyxl 3.0.9.
Not run by tests.
"""
import sys

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule
from openpyxl.styles import (Alignment, Border, Color, Font, NamedStyle,
                             PatternFill, Protection, Side)
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import Table, TableStyleInfo

SAMPLE, OUT = sys.argv[1], sys.argv[2]
REPORT = "Báo cáo"


def load():
    wb = openpyxl.load_workbook(SAMPLE)
    return wb, wb[REPORT]


def path(name):
    return OUT.rstrip("/") + "/" + name


# --- protected.xlsx ---------------------------------------------------------
def protected():
    wb, ws = load()
    # Typical setup: the input cells (E..G of the indicator rows) are
    # unlocked; everything else, including the columns the service fills
    # (H, I, J), stays locked.
    for row in range(7, 36):
        for col in "EFGK":
            ws[f"{col}{row}"].protection = Protection(locked=False)
    # True = protected (the action is NOT allowed).
    ws.protection = SheetProtection(
        sheet=True, password="chitieu", objects=True, scenarios=True,
        formatCells=True, formatColumns=True, formatRows=True,
        insertColumns=True, insertRows=True, insertHyperlinks=True,
        deleteColumns=True, deleteRows=True, sort=True, autoFilter=True,
        pivotTables=True, selectLockedCells=False, selectUnlockedCells=False)
    guide = wb.create_sheet("Hướng dẫn")
    guide["A1"] = "Hướng dẫn điền báo cáo"
    guide["A2"] = "Chỉ nhập số vào các ô nền trắng của cột E, F, G."
    guide.column_dimensions["A"].width = 60
    guide.protection = SheetProtection(
        sheet=True, password="huongdan", formatCells=True, formatColumns=True,
        formatRows=True, insertRows=True, deleteRows=True)
    wb.security = WorkbookProtection(workbookPassword="sochitieu", lockStructure=True)
    wb.save(path("protected.xlsx"))


# --- named-styles.xlsx ------------------------------------------------------
def named_styles():
    wb, ws = load()
    thin = Side(style="thin", color=Color(theme=4, tint=-0.249977111117893))
    so_lieu = NamedStyle(name="Số liệu")
    so_lieu.font = Font(name="Times New Roman", size=12,
                        color=Color(theme=4, tint=0.3999755851924192))
    so_lieu.fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.7999816888943144),
                               bgColor=Color(indexed=64))
    so_lieu.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    so_lieu.number_format = "#,##0.00"
    so_lieu.alignment = Alignment(horizontal="right", vertical="center")
    wb.add_named_style(so_lieu)
    # Built-in named styles (cellStyle builtinId 26/27/28).
    ws["G7"].style = "Good"            # not flagged
    ws["G29"].style = "Bad"            # flagged: rate-mismatch
    ws["G11"].style = "Neutral"        # not flagged
    for ref in ("E7", "F7", "F11", "E15", "F15", "G15", "G27", "G28"):
        ws[ref].style = "Số liệu"
    # A named style brings its own number format and protection: give the
    # figure cells back the sample's format and keep them unlocked (the
    # report sheet is protected, as in the sample).
    for ref, fmt in (("G7", "#,##0"), ("G29", "0.00"), ("G11", "0.00"),
                     ("G27", "#,##0"), ("G28", "#,##0")):
        ws[ref].number_format = fmt
    for ref in ("G7", "G29", "G11", "E7", "F7", "F11", "E15", "F15", "G15", "G27", "G28"):
        ws[ref].protection = Protection(locked=False)
    # Theme colours applied directly (no named style): font + fill.
    ws["G20"].font = Font(name="Times New Roman", size=12, bold=True,
                          color=Color(theme=5, tint=-0.249977111117893))
    ws["G20"].fill = PatternFill("solid", fgColor=Color(theme=9, tint=0.5999938962981048))
    # Columns the service fills, styled by the user with a theme fill.
    for row in (7, 11, 15, 20, 29):
        ws[f"H{row}"].fill = PatternFill("solid", fgColor=Color(theme=7, tint=0.7999816888943144))
        ws[f"H{row}"].font = Font(italic=True, color=Color(theme=1))
    ws["A1"].font = Font(name="Times New Roman", size=14, bold=True, color=Color(theme=3))
    wb.save(path("named-styles.xlsx"))


# --- cf-dv-table-chart.xlsx -------------------------------------------------
def cf_dv_table_chart():
    wb, ws = load()
    red = PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
    ws.conditional_formatting.add(
        "E7:G35", CellIsRule(operator="lessThan", formula=["0"], fill=red,
                             font=Font(color="FF9C0006")))
    ws.conditional_formatting.add(
        "G7:G35", FormulaRule(formula=["AND(ISNUMBER($F7),$G7<$F7)"],
                              font=Font(bold=True, color="FFC00000")))
    ws.conditional_formatting.add(
        "H7:H35", ColorScaleRule(start_type="num", start_value=0.8, start_color="FFF8696B",
                                 end_type="num", end_value=1.2, end_color="FF63BE7B"))
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                        allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        errorTitle="Số liệu không hợp lệ", error="Nhập một số không âm.",
                        promptTitle="Số liệu", prompt="Nhập số, không nhập chữ.")
    dv.add("E7:G35")
    ws.add_data_validation(dv)
    dv2 = DataValidation(type="list", formula1='"Đạt,Không đạt,Vượt"', allow_blank=True)
    dv2.add("J7:J35")
    ws.add_data_validation(dv2)

    # Hidden rows below the table, a hidden helper column L.
    ws["A39"] = "Dòng ẩn: số liệu tham khảo"
    ws["C40"] = "Kế hoạch giao đầu năm (nội bộ)"
    ws.row_dimensions[39].hidden = True
    ws.row_dimensions[40].hidden = True
    ws.row_dimensions[40].height = 30
    ws["L7"] = 15000
    ws.column_dimensions["L"].hidden = True
    ws.column_dimensions["L"].width = 9

    # Print setup.
    ws.print_area = "A1:K37"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = 0.4
    ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Trang &P / &N"

    # Defined names: workbook-level and sheet-local.
    wb.defined_names.append(DefinedName("KeHoach", attr_text="'Báo cáo'!$F$7:$F$35"))
    wb.defined_names.append(DefinedName("ThucHien", localSheetId=0,
                                        attr_text="'Báo cáo'!$G$7:$G$35"))

    # Excel table on a second sheet.
    t = wb.create_sheet("Bảng")
    t.append(["Mã", "Chỉ tiêu", "Kế hoạch", "Thực hiện"])
    for row in (7, 11, 15, 20, 21, 34):
        t.append([ws[f"B{row}"].value, ws[f"C{row}"].value,
                  ws[f"F{row}"].value, ws[f"G{row}"].value])
    table = Table(displayName="BangChiTieu", ref="A1:D7")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    t.add_table(table)
    t.column_dimensions["B"].width = 50

    # Chart on the report sheet, referencing the report.
    chart = BarChart()
    chart.title = "Kế hoạch và thực hiện"
    data = Reference(ws, min_col=6, max_col=7, min_row=5, max_row=11)
    cats = Reference(ws, min_col=2, min_row=6, max_row=11)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width = 12
    chart.height = 7
    ws.add_chart(chart, "M5")
    wb.save(path("cf-dv-table-chart.xlsx"))


# --- user-formulas-nocache.xlsx ---------------------------------------------
def user_formulas():
    wb, ws = load()
    pct = "0.00%"
    # Row 8 (VL_XKLD) gets figures so that G8/F8 = 0.982857...
    ws["F8"] = 1750
    ws["G8"] = 1720
    ws["H8"] = "=G8/F8"
    ws["H8"].number_format = pct
    # Row 9 (VL_VAY): plan only, actual empty -> the IF gives "".
    ws["F9"] = 5200
    ws["H9"] = '=IF(OR(F9="",G9=""),"",G9/F9)'
    ws["H9"].number_format = pct
    # Typed values that agree with the attainment.
    ws["H7"] = 1.034839      # 15000 / 14495
    ws["H7"].number_format = pct
    ws["H15"] = 1            # 68.8 / 68.8
    ws["H15"].number_format = pct
    ws["H11"] = 0.982857     # typed like a user would, but LD_NN is 51.7/51.7 = 100%
    ws["H11"].number_format = pct
    # Typed values that disagree with the computed attainment.
    ws["H20"] = 0.8          # HN_TL: the service computes 92.5%
    ws["H20"].number_format = pct
    ws["H34"] = "95%"        # TE_HCDB: text, not a number
    # A formula in column I (So với cùng kỳ).
    ws["I7"] = "=G7/E7-1"
    ws["I7"].number_format = "0.0%"
    # Cells elsewhere depending on H8.
    ws["L8"] = "=H8*100"
    ws["L8"].number_format = "0.00"
    other = wb.create_sheet("Tổng hợp")
    other["A1"] = "Tỷ lệ đưa người lao động đi làm việc ở nước ngoài so với kế hoạch"
    other["B1"] = "='Báo cáo'!H8"
    other["B1"].number_format = pct
    other["A2"] = "Số lao động được tạo việc làm mới"
    other["B2"] = "=SUM('Báo cáo'!G7:G9)"
    wb.save(path("user-formulas-nocache.xlsx"))


# --- huge-cell-32767.xlsx ---------------------------------------------------
def huge_text(n):
    """n UTF-16 code units of Vietnamese text (BMP only), no leading or
    trailing blank."""
    base = ("Giải trình: số liệu tổng hợp từ báo cáo của các huyện, thị xã; "
            "đã đối chiếu với cơ sở dữ liệu quản lý đối tượng. ")
    s = (base * (n // len(base) + 2))[:n]
    s = "G" + s[1:-1] + "."
    assert len(s) == n and all(ord(ch) < 0x10000 for ch in s)
    return s


def huge_cell():
    wb, ws = load()
    ws["K7"] = huge_text(32767)  # openpyxl truncates anything longer to 32767
    assert len(ws["K7"].value) == 32767
    wb.save(path("huge-cell-32767.xlsx"))


# --- stage for excel-comments.xlsx ------------------------------------------
def excel_comments_stage():
    """Legacy comments written by openpyxl; excel_comments.py then turns the
    parts into what Excel 365 writes (rich runs, threaded comment)."""
    wb, ws = load()
    # Second flagged cell: HN_GIAM 4.5 instead of 14.94 - 11.24 = 3.7
    # (difference-mismatch at G21).
    ws["G21"] = 4.5
    # Put a sheet without comments first, so that the report sheet is
    # sheet2.xml but its comments are comments1.xml (Excel and openpyxl
    # number comments parts by a running count).
    guide = wb.create_sheet("Hướng dẫn", 0)
    guide["A1"] = "Hướng dẫn điền báo cáo"
    wb.active = 1
    for ws_ in wb.worksheets:
        ws_.sheet_view.tabSelected = ws_.title == REPORT
    ws["G21"].comment = Comment("PLACEHOLDER-G21", "Nguyễn Văn An", height=80, width=200)
    ws["G7"].comment = Comment("PLACEHOLDER-G7", "Trần Thị Bình", height=80, width=200)
    ws["G29"].comment = Comment("PLACEHOLDER-G29",
                                "tc={8F3A2C1E-5B7D-4E9A-A1C2-3D4E5F6A7B8C}",
                                height=110, width=240)
    wb.save(path("stage-excel-comments.xlsx"))


if __name__ == "__main__":
    protected()
    named_styles()
    cf_dv_table_chart()
    user_formulas()
    huge_cell()
    excel_comments_stage()

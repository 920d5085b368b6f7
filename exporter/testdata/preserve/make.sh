#!/bin/sh
# Rebuilds the preservation fixtures of this directory (see README.md).
# Not run by tests: the .xlsx files are committed.
#
# Needs (Debian 12): apt-get install libreoffice-calc-nogui python3-uno python3-openpyxl
# and Go (for excelize.xlsx). Uses Debian's /usr/bin/python3 on purpose: a
# pyenv python3 earlier on PATH has neither uno nor openpyxl.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
sample="$root/samples/lao-cai-2024.xlsx"
py=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
cd "$here"

# openpyxl 3.0.9: protected, named-styles, cf-dv-table-chart,
# user-formulas-nocache, huge-cell-32767, and the stage of excel-comments.
$py build_openpyxl.py "$sample" "$here"
# excel-comments: openpyxl's legacy comments replaced by Excel 365's parts
# (rich notes, threaded comment, persons) by editing the zip.
$py excel_comments.py stage-excel-comments.xlsx excel-comments.xlsx
rm -f stage-excel-comments.xlsx
# huge-cell: 32,768 characters in K7, by editing huge-cell-32767.xlsx's zip.
$py huge_cell.py huge-cell-32767.xlsx huge-cell.xlsx
# LibreOffice 7.4 through UNO: lo-notes-two-sheets, no-theme, pivot, and
# user-formulas (= user-formulas-nocache recalculated and re-saved).
$py build_lo.py "$sample" "$here"
# excelize v2 (the module's version): the sample opened and saved again.
(cd "$root" && go run ./exporter/testdata/preserve/resave_excelize "$sample" "$here/excelize.xlsx")
chmod 644 "$here"/*.xlsx
ls -l "$here"/*.xlsx

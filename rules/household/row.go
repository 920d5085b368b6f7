package household

import "strconv"

// CellType is how a spreadsheet stores a cell's value.
type CellType uint8

// The cell types. The zero Cell is a blank text cell.
const (
	// TextCell is a text, or a blank cell: Value is the text.
	TextCell CellType = iota
	// NumberCell is a number: Value is the literal as stored ("1095012345",
	// "1095012345.0", "1.23456789012E+11").
	NumberCell
	// DateCell is a number shown as a date: Value is the serial day
	// ("34713", days since 1899-12-30) or an ISO date ("1995-01-14T00:00:00").
	DateCell
)

// Cell is one cell of a household's row, as stored.
type Cell struct {
	Value string
	Type  CellType
}

// Text returns a text cell.
func Text(s string) Cell { return Cell{Value: s} }

// Number returns a number cell of a stored literal ("1095012345").
func Number(s string) Cell { return Cell{Value: s, Type: NumberCell} }

// Column names a column of the list in findings and in Config.Columns.
type Column string

// The columns the checks read. STT, Mã hộ, Thôn and Ghi chú are not
// checked here.
const (
	ColHead         Column = "head"         // Họ và tên chủ hộ: required
	ColID           Column = "id"           // Số định danh (CCCD): required
	ColBirth        Column = "birth"        // Năm sinh, or Ngày sinh
	ColSex          Column = "sex"          // Giới tính
	ColEthnicity    Column = "ethnicity"    // Dân tộc
	ColCommune      Column = "commune"      // Xã: required unless the title names the commune
	ColArea         Column = "area"         // Khu vực: required
	ColMembers      Column = "members"      // Số nhân khẩu
	ColIncome       Column = "income"       // Thu nhập bình quân: required
	ColDeprivations Column = "deprivations" // Số chỉ số thiếu hụt: required, unless the 12 indicator columns stand for it
	ColClass        Column = "class"        // Phân loại: required
	// ColStandardClass is computed, not read: Phân loại theo chuẩn,
	// Household.Class as the annotated list shows it.
	ColStandardClass Column = "standard-class"
)

// IndicatorColumn is the column of the i-th deprivation indicator (0…11,
// in the order of Indicators): "indicator-1" … "indicator-12".
func IndicatorColumn(i int) Column { return Column("indicator-" + strconv.Itoa(i+1)) }

// Indicators are the 12 indicators of deprivation of basic social services
// of the 2022–2025 standard (Nghị định 07/2021/NĐ-CP, Điều 2), in the order
// of the list's columns: two for each of employment, health, education,
// housing, water and sanitation, information.
var Indicators = [12]string{
	"Việc làm",
	"Người phụ thuộc trong hộ gia đình",
	"Dinh dưỡng",
	"Bảo hiểm y tế",
	"Trình độ giáo dục của người lớn",
	"Tình trạng đi học của trẻ em",
	"Chất lượng nhà ở",
	"Diện tích nhà ở bình quân đầu người",
	"Nguồn nước sinh hoạt",
	"Nhà tiêu hợp vệ sinh",
	"Sử dụng dịch vụ viễn thông",
	"Phương tiện phục vụ tiếp cận thông tin",
}

// Row is one household of the list, as the importer reads it: its sheet
// row and its cells. A reader fills one Row and reuses it for the next.
type Row struct {
	Line int // the sheet row, 1-based

	Head, ID, Birth, Sex, Ethnicity, Commune, Area Cell
	Members, Income, Deprivations, Class           Cell
	// Indicators are the 12 indicator columns, when the list has them
	// instead of (or besides) the count of deprivations: a mark (x, 1)
	// says the household lacks it.
	Indicators [12]Cell
}

// Cell returns the cell of a column, for a reader that places cells by
// their header; nil for a column the row does not have.
func (r *Row) Cell(c Column) *Cell {
	switch c {
	case ColHead:
		return &r.Head
	case ColID:
		return &r.ID
	case ColBirth:
		return &r.Birth
	case ColSex:
		return &r.Sex
	case ColEthnicity:
		return &r.Ethnicity
	case ColCommune:
		return &r.Commune
	case ColArea:
		return &r.Area
	case ColMembers:
		return &r.Members
	case ColIncome:
		return &r.Income
	case ColDeprivations:
		return &r.Deprivations
	case ColClass:
		return &r.Class
	}
	for i := range r.Indicators {
		if c == IndicatorColumn(i) {
			return &r.Indicators[i]
		}
	}
	return nil
}

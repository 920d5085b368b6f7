package exporter_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"chitieu/exporter"

	"github.com/xuri/excelize/v2"
)

// typeInLibreOffice is a Python-UNO script: it opens a workbook in a
// headless LibreOffice, types texts into cells as a person at the keyboard
// does (the dispatcher's GoToCell and EnterString, the commands the cell's
// input line runs: "001095012345" entered into a General cell becomes the
// number 1095012345, into a text cell stays as typed) and saves it as
// .xlsx.
const typeInLibreOffice = `
import sys, time, uno
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
pipe, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for i in range(300):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe); break
    except Exception:
        time.sleep(0.2)
else:
    sys.exit("LibreOffice did not answer")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
frame = doc.getCurrentController().getFrame()
dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
for arg in sys.argv[4:]:
    cell, text = arg.split("=", 1)
    dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
    dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc Office Open XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
`

// TestListTypedInLibreOffice: an identity number typed in LibreOffice into
// the blank list keeps its leading zeros, because the template formats the
// column as text; the same digits typed into a General column (Dân tộc)
// lose them, which shows what the format prevents.
func TestListTypedInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err == nil {
		err = exec.Command("/usr/bin/python3", "-c", "import uno").Run()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("LibreOffice with python3-uno is needed under CI: %v", err)
		}
		t.Skipf("no LibreOffice with python3-uno: %v", err)
	}
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.xlsx")
	var buf bytes.Buffer
	if err := exporter.Template(&buf, catalog(t).Template("danh-sach-ho-ngheo")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blank, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "type.py")
	os.WriteFile(script, []byte(typeInLibreOffice), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pipe := "chitieu" + filepath.Base(dir)
	profile := filepath.Join(dir, "profile")
	lo := exec.CommandContext(ctx, soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
		"-env:UserInstallation=file://"+filepath.ToSlash(profile), "--accept=pipe,name="+pipe+";urp;")
	lo.Env = append(os.Environ(), "HOME="+profile)
	if err := lo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { lo.Process.Kill(); lo.Wait() }()
	typed := filepath.Join(dir, "typed.xlsx")
	// C is Số định danh cá nhân (text), G Dân tộc (General).
	out, err := exec.CommandContext(ctx, "/usr/bin/python3", script, pipe, blank, typed,
		"B6=Nguyễn Văn An", "C6=001095012345", "G6=001095012345").CombinedOutput()
	if err != nil {
		t.Fatalf("typing in LibreOffice: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(typed)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetList()[0]
	id, _ := f.GetCellValue(sh, "C6", excelize.Options{RawCellValue: true})
	idType, _ := f.GetCellType(sh, "C6")
	if id != "001095012345" || idType == excelize.CellTypeNumber {
		t.Errorf("the identity typed in C6 reads %q (%v), want the text 001095012345", id, idType)
	}
	ctrl, _ := f.GetCellValue(sh, "G6", excelize.Options{RawCellValue: true})
	if ctrl != "1095012345" {
		t.Errorf("the control typed in the General column G6 reads %q, want 1095012345 (zeros lost): the test would prove nothing", ctrl)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatal("LibreOffice took over 3 minutes")
	}
}

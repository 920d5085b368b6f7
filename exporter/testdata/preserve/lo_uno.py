"""Small helper to drive a headless LibreOffice through UNO.

Used by the fixture builders in this directory (run with /usr/bin/python3,
which has the python3-uno module). Not run by tests.
"""
import os
import subprocess
import time

import uno
from com.sun.star.beans import PropertyValue

PORT = int(os.environ.get("LO_PORT", "2002"))
PROFILE = os.environ.get("LO_PROFILE", "/tmp/lo-profile-preserve")


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


class Office:
    def __init__(self):
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
             "--accept=socket,host=127.0.0.1,port=%d;urp;" % PORT,
             "-env:UserInstallation=file://" + PROFILE],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        last = None
        for _ in range(120):
            try:
                self.ctx = resolver.resolve(
                    "uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % PORT)
                break
            except Exception as e:  # not up yet
                last = e
                time.sleep(0.5)
        else:
            raise RuntimeError("cannot connect to soffice: %s" % last)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx)

    def load(self, path):
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        # Headless, a document can only be loaded hidden; it then has no
        # view, and LibreOffice saves it without the view settings of the
        # sheets (the sample's frozen pane is lost).
        return self.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))

    def save_xlsx(self, doc, path):
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        doc.storeToURL(url, (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()

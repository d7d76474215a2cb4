#!/usr/bin/python3
"""Type into a workbook in LibreOffice Calc as a teacher would, then read what the cells show.

Drives a real LibreOffice through its UNO API (Debian's python3-uno, importable by
/usr/bin/python3 only; started with another python this script re-runs itself with it).
LibreOffice runs headless with a fresh, empty user profile: every setting is its default,
so formulas are recalculated exactly as on a new install (for xlsx: "Recalculation on
file load: never recalculate", AutoCalculate on). The script never recalculates by itself
(no calculate(), calculateAll() or changed settings): what it reads is what a teacher sees.

usage: /usr/bin/python3 tests/support/lo_type.py JOB.json      (or the JSON on stdin)
Prints one JSON object on stdout. Exit 0 when every job ran (a job may still report an
error, see below), 1 on bad input or a LibreOffice failure, 2 when LibreOffice or
python3-uno is not installed.

Input: one job, or {"jobs": [job, ...]} to run several workbooks in one LibreOffice
session (starting LibreOffice takes 2-3 s; each job then costs only its own work).
A job:

  {"file": "/abs/in.xlsx",            a copy of it is opened, hidden; it is never written
   "steps": [                           run in order, each an object with one key:
     {"type": [["Scores", "C4", "goed"], ["Scores!D4", "7"], ["Scores", "E4", ""]]},
     {"read": ["Scores!A1:Z40", "Instellingen!B3", "Rubric"]},
     {"invalid": ["Scores"]},
     {"save_as": "/abs/out.xlsx"},
     {"pdf": "/abs/out.pdf"}]}

  type     each entry [sheet, cell, text] or ["Sheet!Cell", text], done one cell at a time,
           in order, like a user who selects the cell, types and presses Enter
           (AutoCalculate updates the dependent formulas after every cell):
           - a locked cell of a protected sheet is left alone and listed in "refused", as
             the GUI refuses it ("Protected cells can not be modified"). The check is the
             script's: setString itself would write there (FormulaLocal and clearContents
             silently do nothing).
           - "" is the Delete key: clearContents(VALUE|DATETIME|STRING|ANNOTATION|FORMULA),
             what Calc's Delete key clears (SID_DELETE_CONTENTS, InsertDeleteFlags::CONTENTS:
             the content and a comment; formats and validation stay).
           - a plain word (no digit, not starting with = + - ' @, not TRUE/FALSE/WAAR/ONWAAR)
             goes in with cell.setString(text). Typing a word into a cell, with or without
             a list validation, gives a text cell holding exactly that word; setString does
             the same. (setFormula would too, but first parses the text as English input;
             the FormulaLocal property parses it as input in the UI locale.)
           - anything else ("6,5", "7", a date, "=A1*2", "'007") is set through the cell's
             FormulaLocal property: parsed as typed input in LibreOffice's locale, so "7"
             becomes the number 7 and "'007" the text 007 (setString would store "7" and
             "'007" as text verbatim).
           Not emulated: the GUI's validity check (it refuses, with the "stop" style, a
           word not in the list; the "invalid" step shows what it would refuse), AutoInput
           (completing a word from the column's entries) and AutoCorrect. Function names
           in typed formulas are those of the UI language: English (no language pack).
           Result: {"typed": 2, "refused": ["Scores!BA3"]}.
  read     ranges "Sheet!A1:C9", cells "Sheet!B3", or a bare sheet name for its used area
           from A1. A sheet name may be quoted: "'My sheet'!A1". Result: an object keyed
           "Sheet!A1" (sheet name unquoted), one entry for every cell of every range:
             {"shows": getString(): the text the cell displays, through its number format
                       ("6,5", "41,7%", "#DIV/0!", "onvoldoende bewijs"; "" when empty;
                       a too-narrow column's "###" is not reproduced),
              "type": "empty" | "value" | "text" | "formula",
              "error": getError(), formula cells only: 0 = none, 532 = #DIV/0!,
                       519 = #VALUE!, 525 = #NAME?, 504 = Err:504 ...}
           {"read": [...], "details": true} adds "value" (getValue(); value and formula
           cells) and "formula" (getFormula(), English function names; formula cells).
  invalid  sheet names (or one name): Tools > Detective > Mark Invalid Data on each sheet;
           the cells it circles (entries the GUI would have refused), then the circles are
           removed again. Result: {"Scores": ["Scores!C4", ...]}.
  conditions  cells "Sheet!C4" (or ranges): which of the cell's conditional formats hold
           now, as LibreOffice evaluates them. For each entry of the cell's
           ConditionalFormat (LibreOffice's reading of the file), its formula, as LibreOffice
           stores it for the range's first cell, is put in that cell of a scratch sheet with
           its bare cell references made to point at the cell's own sheet, copied to the
           cell's address there (relative references move as a paste moves them) and
           calculated; the scratch sheet is removed again. Formula conditions only
           ("formula is"); others are reported with "holds": null.
           Result: {"Scores!C4": {"holds": [true, false], "formulas": [...],
                    "styles": ["ConditionalStyle_2", ...],
                    "background": "E4D7F5" (of the first entry that holds) or null}}.
  save_as  stores a copy as xlsx (filter "Calc MS Excel 2007 XML"); the document stays open.
  pdf      exports the whole workbook as PDF (calc_pdf_Export, default options).

Output: {"results": [result, ...]} for {"jobs": ...}, else the single result:
  {"file": ..., "sheets": ["Instructie", "Scores", ...],
   "steps": [{"type": {"typed": 3, "refused": []}}, {"read": {"Scores!A1": {...}, ...}},
             {"invalid": {"Scores": []}},
             {"save_as": "/abs/out.xlsx"}, {"pdf": "/abs/out.pdf"}],
   "seconds": 1.23}
  or, when the job failed (file missing, unknown sheet, bad address ...), the same with
  "error": "message" and the results of the steps done before it.

Top-level options, beside "jobs" or the single job's keys:
  "locale": "nl-NL"  LibreOffice's default locale, through LC_ALL/LANG of the soffice
                     process, as on a teacher's computer with that system language (the
                     profile stays empty). It decides how numbers show ("6,5" or "6.5")
                     and how typed numbers are read. Default: this process's environment.
  "timeout": 900     seconds for the whole run; then soffice is killed and the run fails.

Speed: the jobs run inside the soffice process, through LibreOffice's Python script
provider (Debian's libreoffice-script-provider-python): this file is copied into the
temporary profile's Scripts/python folder (a script, not a setting) and called once with
the whole request. Each UNO call is then a direct call instead of a round trip over the
pipe: measured on 2 cores, ~1,000 typed cells/s (LibreOffice's own recalculation work;
~400/s over the pipe) and 20,000-30,000 cells read/s (~650/s over the pipe); LibreOffice
starts in 2-3 s and opens a 400-student sheet in under 1 s. Without that package the same
code runs over the pipe, with a note on stderr.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT_NAME = "lo_type_inproc.py"


def die(code, message):
    print(f"lo_type.py: {message}", file=sys.stderr)
    sys.exit(code)


try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.table.CellContentType import EMPTY, FORMULA, TEXT, VALUE
except ImportError:
    if __name__ != "__main__":
        raise
    if (
        os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)
        and os.path.exists(SYSTEM_PYTHON)
        and not os.environ.get("LO_TYPE_REEXEC")
    ):
        os.environ["LO_TYPE_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
    die(2, "python3-uno is missing (apt-get install python3-uno; run with /usr/bin/python3)")

# com.sun.star.sheet.CellFlags: what Calc's Delete key clears (InsertDeleteFlags::CONTENTS).
CLEAR_VALUE, CLEAR_DATETIME, CLEAR_STRING, CLEAR_ANNOTATION, CLEAR_FORMULA = 1, 2, 4, 8, 16
DELETE_KEY_FLAGS = CLEAR_VALUE | CLEAR_DATETIME | CLEAR_STRING | CLEAR_ANNOTATION | CLEAR_FORMULA

TYPE_NAMES = {EMPTY.value: "empty", VALUE.value: "value", TEXT.value: "text", FORMULA.value: "formula"}
BOOLEAN_WORDS = {"true", "false", "waar", "onwaar"}
CONNECT_TIMEOUT = 90.0
DEFAULT_TIMEOUT = 900.0


class JobError(Exception):
    pass


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


# --- the work, done inside soffice (or over the pipe as a fallback) -----------------------


def is_plain_word(text):
    """True when typing text can only give a text cell holding it verbatim."""
    if re.search(r"\d", text) or text[0] in "=+-'@":
        return False
    return text.strip().lower() not in BOOLEAN_WORDS


CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_index(letters):
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index):
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def parse_cell(text):
    m = CELL_RE.match(text.strip())
    if not m:
        raise JobError(f"not a cell address: {text!r}")
    return col_index(m.group(1)), int(m.group(2)) - 1


def split_sheet(ref):
    """'Sheet!A1:B2' -> ('Sheet', 'A1:B2'); "'My sheet'!A1" -> ('My sheet', 'A1'); 'Sheet' -> ('Sheet', None)."""
    if ref.startswith("'"):
        end = ref.find("'!")
        if end < 0:
            return ref.strip("'").replace("''", "'"), None
        return ref[1:end].replace("''", "'"), ref[end + 2 :]
    if "!" in ref:
        sheet, rest = ref.rsplit("!", 1)
        return sheet, rest
    return ref, None


class Workbook:
    def __init__(self, doc):
        self.doc = doc
        self.sheets = doc.getSheets()
        self.names = list(self.sheets.getElementNames())
        self._sheet_cache = {}
        self._protected = {}

    def sheet(self, name):
        sheet = self._sheet_cache.get(name)
        if sheet is None:
            if name not in self.names:
                raise JobError(f"no sheet {name!r} (sheets: {', '.join(self.names)})")
            sheet = self._sheet_cache[name] = self.sheets.getByName(name)
        return sheet

    def protected(self, name):
        """Whether the sheet is protected (then its locked cells refuse typing)."""
        if name not in self._protected:
            self._protected[name] = bool(self.sheet(name).isProtected())
        return self._protected[name]

    def type_cells(self, entries):
        if not isinstance(entries, list):
            raise JobError('"type" takes a list of [sheet, cell, text]')
        refused = []
        for entry in entries:
            if not isinstance(entry, list) or not all(isinstance(x, str) for x in entry):
                raise JobError(f'type entry must be [sheet, cell, text] or ["Sheet!Cell", text]: {entry!r}')
            if len(entry) == 3:
                sheet_name, address, text = entry
            elif len(entry) == 2:
                (sheet_name, address), text = split_sheet(entry[0]), entry[1]
                if address is None:
                    raise JobError(f"no cell in {entry[0]!r}")
            else:
                raise JobError(f"type entry must have 2 or 3 strings: {entry!r}")
            col, row = parse_cell(address)
            cell = self.sheet(sheet_name).getCellByPosition(col, row)
            if self.protected(sheet_name) and cell.CellProtection.IsLocked:
                # The GUI refuses ("Protected cells can not be modified"). setString would
                # not: it writes into a protected cell (FormulaLocal and clearContents don't).
                refused.append(f"{sheet_name}!{col_letters(col)}{row + 1}")
                continue
            if text == "":
                cell.clearContents(DELETE_KEY_FLAGS)
            elif is_plain_word(text):
                cell.setString(text)
            else:
                cell.setPropertyValue("FormulaLocal", text)
        return {"typed": len(entries) - len(refused), "refused": refused}

    def read(self, refs, details=False):
        if not isinstance(refs, list):
            refs = [refs]
        out = {}
        for ref in refs:
            if not isinstance(ref, str):
                raise JobError(f"read entry must be a string: {ref!r}")
            sheet_name, area = split_sheet(ref)
            sheet = self.sheet(sheet_name)
            if area is None:
                cursor = sheet.createCursor()
                cursor.gotoEndOfUsedArea(False)
                end = cursor.getRangeAddress()
                c0, r0, c1, r1 = 0, 0, end.EndColumn, end.EndRow
            else:
                parts = area.split(":")
                if len(parts) > 2:
                    raise JobError(f"not a range: {ref!r}")
                c0, r0 = parse_cell(parts[0])
                c1, r1 = parse_cell(parts[-1])
                c0, c1 = min(c0, c1), max(c0, c1)
                r0, r1 = min(r0, r1), max(r0, r1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    cell = sheet.getCellByPosition(c, r)
                    kind = TYPE_NAMES[cell.getType().value]
                    rec = {"shows": cell.getString(), "type": kind}
                    if kind == "formula":
                        rec["error"] = cell.getError()
                    if details:
                        if kind in ("value", "formula"):
                            rec["value"] = cell.getValue()
                        if kind == "formula":
                            rec["formula"] = cell.getFormula()
                    out[f"{sheet_name}!{col_letters(c)}{r + 1}"] = rec
        return out

    def conditions(self, refs):
        from com.sun.star.sheet.ConditionOperator import FORMULA as COND_FORMULA
        if not isinstance(refs, list):
            refs = [refs]
        scratch_name = "lo_type_scratch"
        self.sheets.insertNewByName(scratch_name, self.sheets.getCount())
        scratch = self.sheets.getByName(scratch_name)
        styles = self.doc.getStyleFamilies().getByName("CellStyles")
        bare = re.compile(r"(?<![.$\w])(\$?[A-Za-z]{1,3}\$?\d+)(?![\w(])")
        out = {}
        try:
            for ref in refs:
                sheet_name, area = split_sheet(ref)
                if area is None:
                    raise JobError(f"conditions need cells or ranges: {ref!r}")
                parts = area.split(":")
                c0, r0 = parse_cell(parts[0])
                c1, r1 = parse_cell(parts[-1])
                sheet = self.sheet(sheet_name)
                quoted = "$'" + sheet_name.replace("'", "''") + "'."
                for r in range(min(r0, r1), max(r0, r1) + 1):
                    for c in range(min(c0, c1), max(c0, c1) + 1):
                        cell = sheet.getCellByPosition(c, r)
                        entries = cell.getPropertyValue("ConditionalFormat")
                        rec = {"holds": [], "formulas": [], "styles": [], "background": None}
                        for i in range(entries.getCount()):
                            e = entries.getByIndex(i)
                            formula = e.getFormula1()
                            rec["formulas"].append(formula)
                            rec["styles"].append(e.getStyleName())
                            if e.getOperator() != COND_FORMULA:
                                rec["holds"].append(None)
                                continue
                            src = e.getSourcePosition()
                            at = scratch.getCellByPosition(src.Column, src.Row)
                            at.setFormula("=" + bare.sub(lambda m: quoted + m.group(1), formula))
                            source = at.getRangeAddress()
                            target = scratch.getCellByPosition(c, r).getCellAddress()
                            if (src.Column, src.Row) != (c, r):
                                scratch.copyRange(target, source)
                            value = scratch.getCellByPosition(c, r)
                            holds = value.getError() == 0 and value.getValue() != 0
                            rec["holds"].append(holds)
                            scratch.getCellByPosition(c, r).clearContents(DELETE_KEY_FLAGS)
                            at.clearContents(DELETE_KEY_FLAGS)
                            if holds and rec["background"] is None:
                                color = styles.getByName(e.getStyleName()).CellBackColor
                                rec["background"] = None if color < 0 else f"{color:06X}"
                        out[f"{sheet_name}!{col_letters(c)}{r + 1}"] = rec
        finally:
            self.sheets.removeByName(scratch_name)
        return out

    def invalid(self, names):
        out = {}
        for name in [names] if isinstance(names, str) else names:
            sheet = self.sheet(name)
            page = sheet.getDrawPage()
            before = page.getCount()
            marked = set()
            if sheet.showInvalid():
                for i in range(before, page.getCount()):
                    marked.add(self._cell_under(sheet, page.getByIndex(i)))
            sheet.clearArrows()
            out[name] = [f"{name}!{col_letters(c)}{r + 1}" for c, r in sorted(marked, key=lambda a: (a[1], a[0]))]
        return out

    @staticmethod
    def _cell_under(sheet, shape):
        """The cell holding the centre of a detective circle."""
        pos, size = shape.getPosition(), shape.getSize()
        x, y = pos.X + size.Width // 2, pos.Y + size.Height // 2
        columns, rows = sheet.getColumns(), sheet.getRows()
        col = row = 0
        while col < columns.getCount() - 1:
            c = columns.getByIndex(col)
            if c.Position.X + c.Size.Width > x:
                break
            col += 1
        while row < rows.getCount() - 1:
            r = rows.getByIndex(row)
            if r.Position.Y + r.Size.Height > y:
                break
            row += 1
        return col, row

    def store(self, path, filter_name):
        if not isinstance(path, str) or not os.path.isabs(path):
            raise JobError(f"output path must be absolute: {path!r}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        args = (prop("FilterName", filter_name), prop("Overwrite", True))
        self.doc.storeToURL(uno.systemPathToFileUrl(path), args)
        return path


def load(desktop, path, workdir):
    """Opens a copy of path in workdir: LibreOffice's lock file then never lands beside the
    input (one left by a killed soffice would make the next open fail)."""
    if not os.path.isfile(path):
        raise JobError(f"no such file: {path}")
    copy = os.path.join(tempfile.mkdtemp(dir=workdir), os.path.basename(path))
    shutil.copyfile(path, copy)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0, (prop("Hidden", True),))
    if doc is None or not hasattr(doc, "getSheets"):
        if doc is not None:
            doc.close(True)
        raise JobError(f"LibreOffice did not open {path} as a spreadsheet")
    return doc


def run_job(desktop, job, workdir):
    started = time.monotonic()
    result = {"file": job.get("file") if isinstance(job, dict) else None, "steps": []}
    doc = None
    uno_exception = uno.getClass("com.sun.star.uno.Exception")
    disposed = uno.getClass("com.sun.star.lang.DisposedException")
    try:
        if not isinstance(job, dict) or not isinstance(job.get("file"), str):
            raise JobError('a job is an object with "file" (a path) and "steps" (a list)')
        steps = job.get("steps", [])
        if not isinstance(steps, list):
            raise JobError('"steps" must be a list')
        doc = load(desktop, job["file"], workdir)
        book = Workbook(doc)
        result["sheets"] = book.names
        for step in steps:
            if not isinstance(step, dict) or len(step.keys() - {"details"}) != 1:
                raise JobError(f'a step is an object with one key, such as {{"read": [...]}}: {step!r}')
            if "type" in step:
                result["steps"].append({"type": book.type_cells(step["type"])})
            elif "read" in step:
                result["steps"].append({"read": book.read(step["read"], bool(step.get("details")))})
            elif "conditions" in step:
                result["steps"].append({"conditions": book.conditions(step["conditions"])})
            elif "invalid" in step:
                result["steps"].append({"invalid": book.invalid(step["invalid"])})
            elif "save_as" in step:
                result["steps"].append({"save_as": book.store(step["save_as"], "Calc MS Excel 2007 XML")})
            elif "pdf" in step:
                result["steps"].append({"pdf": book.store(step["pdf"], "calc_pdf_Export")})
            else:
                raise JobError(f"unknown step {sorted(step)}")
    except JobError as e:
        result["error"] = str(e)
    except uno_exception as e:
        if isinstance(e, disposed):
            raise
        result["error"] = f"{type(e).__name__}: {e.Message}"
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                try:
                    doc.dispose()
                except Exception:
                    pass
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def run_request(desktop, request, workdir):
    jobs = request["jobs"] if "jobs" in request else [request]
    results = [run_job(desktop, job, workdir) for job in jobs]
    return {"results": results} if "jobs" in request else results[0]


def lo_type_inproc(request_json, workdir):
    """Entry point inside soffice (Python script provider): request JSON in, result JSON out."""
    ctx = uno.getComponentContext()
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return json.dumps(run_request(desktop, json.loads(request_json), workdir), ensure_ascii=False)


g_exportedScripts = (lo_type_inproc,)


# --- the outside: start soffice, hand it the request, clean up ---------------------------


def find_soffice():
    for candidate in (shutil.which("soffice"), "/usr/lib/libreoffice/program/soffice"):
        if candidate and os.path.exists(candidate):
            return candidate
    die(2, "LibreOffice is missing (apt-get install libreoffice-calc-nogui)")


class Office:
    """One soffice process with its own empty profile; close() ends it and removes the profile."""

    def __init__(self, locale=None):
        soffice = find_soffice()
        self.tmp = tempfile.mkdtemp(prefix="lo_type_")
        self.proc = None
        self.desktop = None
        self.ctx = None
        self.pipe = f"lo_type_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.log = open(os.path.join(self.tmp, "soffice.log"), "w+")
        try:
            profile = os.path.join(self.tmp, "profile")
            self.workdir = os.path.join(self.tmp, "docs")
            os.makedirs(self.workdir)
            # The in-process copy of this file: a user script, the profile's only content
            # before LibreOffice fills in its defaults on the first start.
            scripts = os.path.join(profile, "user", "Scripts", "python")
            os.makedirs(scripts)
            shutil.copyfile(os.path.abspath(__file__), os.path.join(scripts, SCRIPT_NAME))
            # soffice's embedded Python finds its standard library from the first python3
            # on PATH: another one there (pyenv, /usr/local) makes it load a foreign one
            # and crash (std::bad_alloc). So soffice gets the system's PATH only.
            foreign = {"PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV"}
            env = {k: v for k, v in os.environ.items() if k not in foreign and not k.startswith("PYENV")}
            env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
            if locale:
                posix = locale.replace("-", "_") + ".UTF-8"
                env.update(LC_ALL=posix, LANG=posix, LANGUAGE=locale.replace("-", "_"))
            self.proc = subprocess.Popen(
                [
                    soffice,
                    f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nodefault",
                    "--nolockcheck",
                    f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
                ],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: kill() reaches soffice.bin too
            )
            self._connect()
        except BaseException:
            self.close()
            raise

    def _connect(self):
        from com.sun.star.connection import NoConnectException

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                self.ctx = resolver.resolve(url)
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"soffice exited with {self.proc.returncode}: {self.log_tail()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"soffice did not answer within {CONNECT_TIMEOUT:.0f} s: {self.log_tail()}")
                time.sleep(0.1)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def inproc_script(self):
        """The in-process entry point, or None when LibreOffice has no Python script provider."""
        if not os.path.exists("/usr/lib/libreoffice/program/pythonscript.py"):
            return None
        factory = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.script.provider.MasterScriptProviderFactory", self.ctx
        )
        provider = factory.createScriptProvider("")
        return provider.getScript(f"vnd.sun.star.script:{SCRIPT_NAME}$lo_type_inproc?language=Python&location=user")

    def log_tail(self):
        try:
            self.log.flush()
            self.log.seek(0)
            return self.log.read()[-2000:].strip() or "(no output)"
        except (OSError, ValueError):
            return "(no log)"

    def kill(self):
        """Ends the process group this object started (oosplash and its soffice.bin)."""
        if self.proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                self.proc.poll()
                try:
                    os.killpg(self.proc.pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.1)

    def close(self, graceful=True):
        """Ends soffice (asked to quit when graceful, else killed) and removes the profile."""
        try:
            if graceful and self.desktop is not None:
                try:
                    self.desktop.terminate()
                except Exception:  # the bridge drops while soffice exits
                    pass
            self.desktop = None
            if self.proc is not None:
                if graceful:
                    try:
                        self.proc.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        pass
                self.kill()
                self.proc.poll()
        finally:
            self.log.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            # A killed soffice leaves the socket files of its two pipes in /tmp: ours and
            # the one named after the MD5 of the profile's URL (as UTF-16, bytes in hex).
            profile_url = uno.systemPathToFileUrl(os.path.join(self.tmp, "profile"))
            digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
            for name in (self.pipe, "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)):
                for leftover in glob.glob(f"/tmp/OSL_PIPE_*_{name}"):
                    try:
                        os.unlink(leftover)
                    except OSError:
                        pass


def run_in_office(office, request):
    script = office.inproc_script()
    if script is not None:
        return json.loads(script.invoke((json.dumps(request), office.workdir), (), ())[0])
    print(
        "lo_type.py: no LibreOffice Python script provider "
        "(apt-get install libreoffice-script-provider-python): working over the pipe, slowly",
        file=sys.stderr,
    )
    return run_request(office.desktop, request, office.workdir)


def main():
    if len(sys.argv) > 2:
        die(1, "usage: lo_type.py [JOB.json]   (JSON on stdin without an argument)")
    try:
        if len(sys.argv) == 2 and sys.argv[1] != "-":
            with open(sys.argv[1], encoding="utf-8") as f:
                request = json.load(f)
        else:
            request = json.load(sys.stdin)
    except (OSError, ValueError) as e:
        die(1, f"cannot read the job: {e}")
    if not isinstance(request, dict):
        die(1, "the input must be a JSON object")
    if "jobs" in request and not isinstance(request["jobs"], list):
        die(1, '"jobs" must be a list')
    timeout = float(request.get("timeout", DEFAULT_TIMEOUT))

    # A killed test run still ends soffice and removes the profile: SIGTERM and SIGHUP
    # become SystemExit (SIGINT is KeyboardInterrupt), which the finally below handles.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    office = None
    done = False
    try:
        office = Office(request.get("locale"))
        # The work runs in a thread so that this one can time out and take signals.
        outcome = {}

        def work():
            try:
                outcome["out"] = run_in_office(office, request)
            except Exception as e:  # reported below
                outcome["error"] = e

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            die(1, f"LibreOffice did not finish within {timeout:.0f} s and was killed")
        if "error" in outcome:  # soffice died, or the in-process code failed
            e = outcome["error"]
            die(1, f"LibreOffice failed: {type(e).__name__}: {getattr(e, 'Message', '') or e}\n{office.log_tail()}")
        done = True
    except RuntimeError as e:  # soffice did not start
        die(1, str(e))
    finally:
        if office is not None:
            office.close(graceful=done)
    json.dump(outcome["out"], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

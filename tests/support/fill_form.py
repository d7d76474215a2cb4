#!/usr/bin/env python3
"""Fill every field of a meetlat observation form with pypdf, save it, read it back.

usage: fill_form.py IN.pdf OUT.pdf [--distinct] [--values VALUES.json]
Prints one JSON object: {"fields": {name: {"type": .., "options": [..]}}, "read_back": {name: value},
"values": {name: value given}, "need_appearances": bool}.
Radio groups get their second option (or the first); text fields get "Tekst <name> ëé", or with
--distinct a short value of their own ("Veld01", "Veld02", … in the order of the fields), so that
a printed form shows which value lands where. VALUES.json ({name: text}) overrides text values.

The text goes in as scripts and simple tools fill forms: `update_page_form_field_values` with
NeedAppearances off, so pypdf writes each field's appearance stream itself (into the widget's
existing /AP /N object) and a viewer prints exactly those streams.
"""
import argparse
import json

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

parser = argparse.ArgumentParser()
parser.add_argument("src")
parser.add_argument("dst")
parser.add_argument("--distinct", action="store_true")
parser.add_argument("--values")
args = parser.parse_args()
src, dst, distinct = args.src, args.dst, args.distinct
overrides = {}
if args.values:
    with open(args.values, encoding="utf-8") as f:
        overrides = json.load(f)
reader = PdfReader(src)
# A read-only field (the form's hidden identity, `meetlat`) is not for filling in.
fields = {n: f for n, f in (reader.get_fields() or {}).items() if not int(f.get("/Ff", 0)) & 1}
info = {}
values = {}
for name, f in fields.items():
    ftype = f.get("/FT")
    if ftype == "/Btn":
        options = []
        for kid in f.get("/Kids", []):
            ap = kid.get_object()["/AP"]["/N"]
            options += [k for k in ap.keys() if k != "/Off"]
        info[name] = {"type": "radio", "options": options}
        values[name] = options[1] if len(options) > 1 else options[0]
    else:
        info[name] = {"type": "text", "options": []}
        texts = sum(1 for v in info.values() if v["type"] == "text")
        values[name] = f"Veld{texts:02d}" if distinct else f"Tekst {name} ëé"
        values[name] = overrides.get(name, values[name])

writer = PdfWriter()
writer.append(reader)
for page in writer.pages:
    page_values = {}
    for annot in page.get("/Annots", []) or []:
        a = annot.get_object()
        parent = a.get("/Parent")
        name = (parent.get_object() if parent else a).get("/T")
        if name in values:
            page_values[name] = values[name]
    if page_values:
        writer.update_page_form_field_values(page, page_values, auto_regenerate=False)
# A viewer shows a radio option by the widget's appearance state (/AS), as when clicked.
for page in writer.pages:
    for annot in page.get("/Annots", []) or []:
        a = annot.get_object()
        parent = a.get("/Parent")
        if parent is None:
            continue
        name = parent.get_object().get("/T")
        if name in values and values[name] in a["/AP"]["/N"]:
            a[NameObject("/AS")] = NameObject(values[name])
            parent.get_object()[NameObject("/V")] = NameObject(values[name])
# pypdf writes appearance streams for the text; the radios use the form's own.
with open(dst, "wb") as out:
    writer.write(out)

filled = PdfReader(dst)
back = filled.get_fields() or {}
read_back = {n: (str(f.get("/V")) if f.get("/V") is not None else None) for n, f in back.items()
             if n in fields}
# (a pypdf BooleanObject is always truthy: compare it)
need = filled.trailer["/Root"]["/AcroForm"].get("/NeedAppearances", False) == True  # noqa: E712
texts = {n: v for n, v in values.items() if info[n]["type"] == "text"}
print(json.dumps({"fields": info, "read_back": read_back, "values": texts, "need_appearances": need},
                 ensure_ascii=False))

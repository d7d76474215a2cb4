#!/usr/bin/env python3
"""Fill every field of a meetlat observation form with pypdf, save it, read it back.

usage: fill_form.py IN.pdf OUT.pdf
Prints one JSON object: {"fields": {name: {"type": .., "options": [..]}}, "read_back": {name: value}}.
Radio groups get their second option (or the first); text fields get "Tekst <name> ëé".
"""
import json
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

src, dst = sys.argv[1], sys.argv[2]
reader = PdfReader(src)
fields = reader.get_fields() or {}
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
        values[name] = f"Tekst {name} ëé"

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

back = PdfReader(dst).get_fields() or {}
read_back = {n: (str(f.get("/V")) if f.get("/V") is not None else None) for n, f in back.items()}
print(json.dumps({"fields": info, "read_back": read_back}, ensure_ascii=False))

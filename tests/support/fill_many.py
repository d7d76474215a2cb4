#!/usr/bin/env python3
"""Fill many meetlat observation forms with pypdf, the ways supervisors' programs store values.

usage: fill_many.py JOBS.json
JOBS.json is a list of {"src": IN.pdf, "dst": OUT.pdf, "values": {field: value}, "way": WAY}.
A radio value is an option name without the slash ("goed", "NG"); a field not named stays
empty. WAY says how a radio choice is stored:
  "both"   the group's /V and the widget's /AS (pypdf, Acrobat, pdf.js),
  "as"     only the chosen widget's /AS (a viewer that leaves /V alone),
  "v"      only the group's /V, as a name,
  "kids"   /V on the chosen widget instead of the group (some tools do).
Text goes in with `update_page_form_field_values` (NeedAppearances off, appearance streams
written by pypdf); pypdf stores ASCII as a literal string, other Latin-1 text in
PDFDocEncoding and the rest as UTF-16BE with a byte-order mark. With "hex" in WAY's place
of "both" ("hex"), texts are stored by hand as UTF-16BE hex strings instead.
"""
import json
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject, NameObject, TextStringObject


def utf16(text):
    """A text string as UTF-16BE with BOM (pypdf writes ByteStringObject as hex)."""
    return ByteStringObject(b"\xfe\xff" + text.encode("utf-16-be"))


def fill(job):
    reader = PdfReader(job["src"])
    writer = PdfWriter()
    writer.append(reader)
    values = job["values"]
    way = job.get("way", "both")
    radios = {}
    texts = {}
    for page in writer.pages:
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            parent = a.get("/Parent")
            field = parent.get_object() if parent is not None else a
            name = field.get("/T")
            if name not in values:
                continue
            if field.get("/FT") == "/Btn":
                radios.setdefault(name, []).append((field, a))
            else:
                texts.setdefault(id(page), (page, {}))[1][name] = values[name]
    for page, page_values in texts.values():
        if way == "hex":
            for annot in page.get("/Annots", []) or []:
                a = annot.get_object()
                if a.get("/T") in page_values:
                    a[NameObject("/V")] = utf16(page_values[a.get("/T")])
        else:
            writer.update_page_form_field_values(page, page_values, auto_regenerate=False)
    for name, widgets in radios.items():
        value = "/" + values[name]
        for field, a in widgets:
            states = [k for k in a["/AP"]["/N"].keys() if k != "/Off"]
            on = value in states
            if way in ("both", "as", "hex"):
                a[NameObject("/AS")] = NameObject(value if on else "/Off")
            if way == "kids" and on:
                a[NameObject("/V")] = NameObject(value)
        field = widgets[0][0]
        if way in ("both", "v", "hex"):
            field[NameObject("/V")] = NameObject(value)
        elif "/V" in field:
            del field["/V"]
    with open(job["dst"], "wb") as out:
        writer.write(out)


with open(sys.argv[1], encoding="utf-8") as f:
    jobs = json.load(f)
for job in jobs:
    fill(job)
print(len(jobs))

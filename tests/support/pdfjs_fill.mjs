// Fill a PDF form the way Firefox does (pdf.js: annotation storage, then saveDocument).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import fs from 'node:fs';
const [, , input, output, valuesPath] = process.argv;
const values = JSON.parse(fs.readFileSync(valuesPath, 'utf8'));
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(input)), verbosity: 0 }).promise;
let set = 0;
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  for (const a of await page.getAnnotations()) {
    if (!a.fieldName || !(a.fieldName in values)) continue;
    const v = values[a.fieldName];
    if (a.radioButton) {
      doc.annotationStorage.setValue(a.id, { value: a.buttonValue === v });
      if (a.buttonValue === v) set++;
    } else if (a.fieldType === 'Tx') {
      doc.annotationStorage.setValue(a.id, { value: v });
      set++;
    }
  }
}
fs.writeFileSync(output, await doc.saveDocument());
console.log(JSON.stringify({ set }));

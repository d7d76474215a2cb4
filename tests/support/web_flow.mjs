// The page of `meetlat serve` in Debian's Chromium, driven by the keyboard only:
//   node web_flow.mjs URL REPO_ROOT OUT_DIR
// Steps through the flow (course file, an error and its fix, the selection, the rules,
// the student list, the downloads, the returned forms, the language switch, the stop
// button), runs axe-core in each state, takes a screenshot of each step, measures the preview's latency after
// a change, and records every request to another origin, every CSP violation and every
// console error. Writes OUT_DIR/summary.json; exits 1 with the reasons when a check fails.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';

const [url, repo, out] = process.argv.slice(2);
// The preview's budget after a change, 95th percentile (the issue: 300 ms on this 2-core
// machine); the Rust test passes another only when other processes load the machine.
const budget = Number(process.env.WEB_LATENCY_BUDGET || 300);
fs.mkdirSync(out, { recursive: true });
const origin = new URL(url).origin;
const failures = [];
const fail = (why) => { failures.push(why); console.error('FAIL: ' + why); };
const summary = { steps: [], axe: {}, latencies: [], answered: [], starts: [], typeset: [], foreign: [], console: [], downloads: {} };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 60000,
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce',
  acceptDownloads: true,
});
const page = await context.newPage();
page.setDefaultTimeout(20000);
page.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) summary.foreign.push(u);
});
page.on('console', (m) => {
  if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) summary.console.push(m.text());
});
page.on('response', (r) => {
  if (r.status() >= 400) summary.console.push(`HTTP ${r.status()} ${r.url()}`);
  if (r.url().endsWith('/api/update')) summary.answered.push(Date.now());
  if (r.url().endsWith('/api/update')) r.json().then((a) => { if (a.typeset_ms !== undefined) summary.typeset.push(a.typeset_ms); }).catch(() => {});
});
page.on('pageerror', (e) => summary.console.push('pageerror: ' + e.message));

// The page is ready when the answer to the newest change is shown.
const ready = async () => {
  await page.waitForFunction(() => {
    const pv = document.querySelector('#preview');
    return pv && pv.dataset.previewSeq !== '-1';
  });
  await page.evaluate(() => document.fonts.ready);
};
let shot = 0;
const step = async (name) => {
  shot += 1;
  const file = path.join(out, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  summary.steps.push(name);
};
const axe = async (state) => {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  summary.axe[state] = r.violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.length})`);
  for (const v of bad) fail(`axe in state "${state}": ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
};
// Tab (or Shift+Tab, when the target comes before the focus) until `selector` has the
// focus: the keyboard is the only way in.
const tabTo = async (selector) => {
  const back = await page.evaluate((s) => {
    const t = document.querySelector(s);
    const a = document.activeElement;
    if (!t) throw new Error('no ' + s);
    if (!a || a === document.body) return false;
    return !(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  }, selector);
  for (let i = 0; i < 250; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
};
const seqNow = () => page.$eval('#preview', (p) => Number(p.dataset.previewSeq));
const waitAnswer = async (after) => {
  await page.waitForFunction((n) => Number(document.querySelector('#preview').dataset.previewSeq) > n, after);
};
// Choose a file through a file input reached by the keyboard (Space opens the chooser).
const chooseFile = async (selector, file) => {
  await tabTo(selector);
  const chooser = page.waitForEvent('filechooser', { timeout: 30000 });
  await page.keyboard.press('Space');
  // A busy renderer may drop the first key press on a file input: Enter opens it too.
  const opened = await Promise.race([chooser, page.waitForTimeout(5000).then(() => null)]);
  if (!opened) await page.keyboard.press('Enter');
  await (opened || (await chooser)).setFiles(file);
};

try {
  // 1. Empty: a new course on the built-in framework.
  await page.goto(url);
  if (new URL(page.url()).search !== '') fail('the token stayed in the address bar: ' + page.url());
  await ready();
  if ((await page.getAttribute('html', 'lang')) !== 'nl') fail('the page is not lang="nl"');
  await axe('empty');
  await step('leeg');

  // 2. Open the example course file.
  await Promise.all([page.waitForEvent('load'), chooseFile('#up-course', path.join(repo, 'examples/stage.yaml'))]);
  await ready();
  const notice = await page.textContent('.notice');
  if (!/stage\.yaml/.test(notice) || !/students\.csv/.test(notice)) fail('no notice after opening the course: ' + notice);
  if ((await page.inputValue('#f-code')) !== 'SW3-STAGE-OW') fail('the course was not opened');
  await axe('course chosen');
  await step('cursus-geopend');

  // 3. An error: a weight that is not a number. The problem sits at the field; the
  // preview stays, marked outdated.
  await tabTo('#w-LU2');
  let before = await seqNow();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('veel');
  await waitAnswer(before);
  const slot = await page.$eval('p.problem[data-field="weights.LU2"]', (p) => ({ hidden: p.hidden, text: p.textContent }));
  if (slot.hidden || !slot.text) fail('the weight problem is not shown at its field');
  if ((await page.getAttribute('#w-LU2', 'aria-invalid')) !== 'true') fail('the weight field is not marked invalid');
  if (!(await page.$eval('#preview', (p) => p.classList.contains('outdated')))) fail('the preview is not marked outdated');
  if ((await page.$$('#pv-rubric img')).length === 0) fail('the last valid preview is gone');
  await axe('error shown');
  await step('fout-bij-weging');

  // 4. The fix; the preview is up to date again.
  before = await seqNow();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await waitAnswer(before);
  if (await page.$eval('#preview', (p) => p.classList.contains('outdated'))) fail('the preview stayed outdated');
  await page.waitForFunction(() => document.querySelector('#share-LU2').textContent === '14,3%');
  await axe('preview loaded');
  await step('voorbeeld');

  // 5. The selection, with the keyboard: Space toggles an indicator; each change is
  // timed until the new preview is shown.
  await tabTo('#i-LU1-G01');
  const boxes = ['#i-LU1-G01', '#i-LU1-G02', '#i-LU1-G03', '#i-LU1-G04'];
  for (let round = 0; round < 6; round++) {
    for (const b of boxes) {
      await tabTo(b);
      before = await seqNow();
      const t0 = Date.now();
      summary.starts.push(t0);
      await page.keyboard.press('Space');
      await page.waitForFunction((n) => {
        const pv = document.querySelector('#preview');
        const img = pv.querySelector('#pv-rubric img');
        return Number(pv.dataset.previewSeq) > n && img && img.complete;
      }, before, { polling: 'raf' });
      summary.latencies.push(Date.now() - t0);
    }
  }
  const count = await page.textContent('#count');
  if (count !== '42 van 42 indicatoren') fail('after toggling each box an even number of times the count is ' + count);
  // The newest change wins: four quick toggles, then the shown preview is the newest.
  before = await seqNow();
  for (const b of boxes) { await tabTo(b); await page.keyboard.press('Space'); }
  await page.waitForFunction(() => document.querySelector('#count').textContent === '38 van 42 indicatoren');
  await page.waitForTimeout(800);
  const fresh = await page.evaluate(async () => (await (await fetch('/api/state')).json()).preview.rubric.key);
  const shownKey = await page.$eval('#pv-rubric img', (i) => i.src.split('/')[4]);
  if (fresh !== shownKey) fail(`the shown preview (${shownKey}) is not the newest (${fresh})`);
  await step('selectie');

  // 6. The filter.
  await tabTo('#filter');
  await page.keyboard.type('G24');
  const visible = await page.$$eval('#tree li:not([hidden])', (l) => l.length);
  if (visible !== 2) fail(`the filter G24 shows ${visible} indicators, not 2`);
  await step('filter');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  // 7. The rules, folded away: Enter on the summary opens them.
  await tabTo('#rules > summary');
  await page.keyboard.press('Enter');
  if (!(await page.$eval('#rules', (d) => d.open))) fail('Enter did not open the rules');
  const examples = await page.$$eval('#examples li', (l) => l.map((x) => x.textContent));
  if (!examples.includes('alles voldoende → 6,0')) fail('no grade example "alles voldoende → 6,0": ' + examples.join(' | '));
  await page.$eval('#rules', (d) => d.scrollIntoView());
  await step('regels');

  // 8. The student list (a Canvas export).
  before = await seqNow();
  await chooseFile('#up-students', path.join(repo, 'tests/fixtures/students/canvas.csv'));
  await waitAnswer(before);
  const students = await page.textContent('#students');
  if (!/Canvas-export/.test(students)) fail('the student list was not recognised: ' + students);
  summary.students = students;
  await axe('students loaded');
  await page.$eval('#h-students', (h) => h.scrollIntoView());
  await step('studenten');

  // 9. The downloads, each by Enter on its link.
  for (const [name, file] of [['rubric', 'rubric.pdf'], ['forms', 'forms.zip'], ['sheet', 'sheet.xlsx'], ['course', 'course.yaml']]) {
    await tabTo(`a[href="/download/${name}"]`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.keyboard.press('Enter')]);
    await download.saveAs(path.join(out, file));
    summary.downloads[name] = download.suggestedFilename();
  }
  await page.$eval('#h-preview', (h) => h.scrollIntoView());
  await step('downloads-en-voorbeeld');

  // 9b. Returned forms (the page's step 7): of two files chosen at once, the PDF is taken
  // and the workbook refused by its name; then the choice is removed.
  await chooseFile('#up-forms', [path.join(out, 'rubric.pdf'), path.join(repo, 'examples/stage-scores-ingevuld.xlsx')]);
  await page.waitForFunction(() => /gekozen/.test(document.querySelector('#msg-forms').textContent));
  const formsSaid = await page.textContent('#msg-forms');
  if (!/1 formulier\(en\) gekozen/.test(formsSaid) || !/Niet ingelezen: stage-scores-ingevuld\.xlsx/.test(formsSaid)) fail('the forms upload said: ' + formsSaid);
  summary.forms = formsSaid;
  await axe('forms chosen');
  await page.$eval('#h-later', (h) => h.scrollIntoView());
  await step('formulieren');
  await tabTo('#forms-clear');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Geen formulieren gekozen/.test(document.querySelector('#msg-forms').textContent));

  // 10. English, and back.
  await tabTo('#lang');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await ready();
  if ((await page.getAttribute('html', 'lang')) !== 'en') fail('the switch did not make the page English');
  await step('english');
  await tabTo('#lang');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await ready();
  // The page was loaded again: an edit now is still taken (it counts on from the
  // server's newest change) and goes into the course file.
  await tabTo('#f-period');
  before = await seqNow();
  await page.keyboard.press('End');
  await page.keyboard.type(' (na herladen)');
  await waitAnswer(before);
  const saved = await page.evaluate(() => fetch('/download/course').then((r) => r.text()));
  if (!saved.includes('(na herladen)')) fail('an edit after loading the page again was lost');

  // 11. Narrow (320 px wide at 200%).
  await page.setViewportSize({ width: 640, height: 800 });
  await step('smal');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 12. Stop.
  await tabTo('#stop');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /meetlat is gestopt/.test(document.body.textContent));
  await step('gestopt');
} catch (e) {
  fail('the flow broke off: ' + (e.stack || e));
  await page.screenshot({ path: path.join(out, 'broken.png') }).catch(() => {});
}
await browser.close();

const sorted = [...summary.latencies].sort((a, b) => a - b);
summary.p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] : null;
if (summary.latencies.length < 20) fail('too few latency samples');
else if (summary.p95 > budget) fail(`preview latency p95 ${summary.p95} ms > ${budget} ms (${sorted.join(', ')})`);
if (summary.foreign.length) fail('requests to another origin: ' + summary.foreign.join(', '));
if (summary.console.length) fail('console errors or CSP violations: ' + summary.console.join(' | '));
summary.failures = failures;
fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
process.exit(failures.length ? 1 : 0);

// meetlat serve: the page script. Sends the form's state after each change (debounced,
// newest change wins) and shows what the server answers. No inline scripts, no storage.
const $ = (s, el = document) => el.querySelector(s);
const $$ = (s, el = document) => Array.from(el.querySelectorAll(s));
const post = (url, body, extra = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'X-Meetlat': '1', ...extra }, signal: extra.signal });

let seq = 0;          // the newest change sent
let applied = 0;      // the newest answer shown
let timer = null;
let inflight = null;
const shown = { rubric: null, form: null };

function state() {
  const course = {};
  for (const el of $$('[data-course]')) course[el.dataset.course] = el.value;
  const selected = {};
  for (const fs of $$('fieldset.outcome')) {
    selected[fs.dataset.outcome] = $$('input.ind', fs).filter(i => i.checked).map(i => i.value);
  }
  const weights = {};
  for (const el of $$('[data-weight]')) weights[el.dataset.weight] = el.value;
  const grading = {};
  for (const el of $$('[data-grading]')) {
    grading[el.dataset.grading] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return { course, selected, weights, grading };
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(send, 150);
}

async function send() {
  seq += 1;
  const mine = seq;
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const pv = $('#preview');
  $('#preview-status').textContent = pv.dataset.working;
  try {
    const r = await post('/api/update', JSON.stringify({ seq: mine, ...state() }),
      { 'Content-Type': 'application/json', signal: inflight.signal });
    if (r.status === 409) {
      // The server has seen newer numbers (this page was loaded again): count on from
      // them and send this state again.
      const { resync } = await r.json();
      if (resync >= seq) { seq = resync; schedule(); }
      return;
    }
    const answer = await r.json();
    if (answer.reports_outdated) {
      $('#msg-scores').textContent = answer.reports_outdated;
      $('#msg-scores').className = 'bad';
      $('#li-controle').hidden = true;
    }
    if (answer.seq < applied || answer.stale) return;
    await show(answer);
  } catch (e) {
    if (e.name !== 'AbortError') $('#preview-status').textContent = String(e);
  }
}

function outcomeBoxes() {
  for (const fs of $$('fieldset.outcome')) {
    const inds = $$('input.ind', fs);
    const on = inds.filter(i => i.checked).length;
    const whole = $('input.whole', fs);
    whole.checked = on === inds.length;
    whole.indeterminate = on > 0 && on < inds.length;
  }
}

function showProblems(problems) {
  for (const p of $$('p.problem')) { p.hidden = true; p.textContent = ''; }
  for (const el of $$('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
  const list = $('#problems');
  const errors = (problems || []);
  if (errors.length === 0) { list.replaceChildren(Object.assign(document.createElement('p'), { textContent: list.dataset.none || list.textContent })); return; }
  if (!list.dataset.none) list.dataset.none = list.textContent;
  const ul = document.createElement('ul');
  for (const p of errors) {
    let slot = null;
    let field = p.field;
    while (field && !slot) {
      slot = document.querySelector(`p.problem[data-field="${CSS.escape(field)}"]`);
      if (!slot) field = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : '';
    }
    const li = document.createElement('li');
    li.className = p.error ? 'error' : 'warning';
    li.textContent = p.text;
    ul.append(li);
    if (slot) {
      slot.hidden = false;
      slot.textContent = slot.textContent ? slot.textContent + ' ' + p.text : p.text;
      slot.className = 'problem ' + (p.error ? 'error' : 'warning');
      if (!slot.id) slot.id = 'p-' + field.replace(/[^A-Za-z0-9_-]/g, '-');
      const input = slot.parentElement.querySelector('input:not([type=checkbox]), select, textarea');
      if (input && p.error) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', slot.id); }
    }
  }
  list.replaceChildren(ul);
}

async function show(answer) {
  applied = answer.seq;
  $('#count').textContent = answer.count;
  $('#students').textContent = answer.students;
  showProblems(answer.problems);
  const pv = $('#preview');
  const status = $('#preview-status');
  $('#dl-invalid').hidden = answer.ok;
  $('#downloads').classList.toggle('disabled', !answer.ok);
  // Downloads that cannot be made yet: greyed out, and why when chosen.
  for (const [name, why] of Object.entries(answer.blocked || {})) {
    const a = $(`a[href="/download/${name}"]`);
    if (!a) continue;
    if (why) { a.setAttribute('aria-disabled', 'true'); a.dataset.why = why; }
    else { a.removeAttribute('aria-disabled'); delete a.dataset.why; }
  }
  if (!answer.ok) {
    pv.classList.add('outdated');
    status.textContent = pv.dataset.outdated;
    pv.dataset.previewSeq = String(answer.seq);
    return;
  }
  for (const out of $$('output[id^="share-"]')) out.textContent = '';
  for (const [id, share] of Object.entries(answer.shares || {})) {
    const out = document.getElementById('share-' + id);
    if (out) out.textContent = share;
  }
  $('#examples').replaceChildren(...(answer.examples || []).map(t => Object.assign(document.createElement('li'), { textContent: t })));
  const p = answer.preview;
  if (p) {
    // Only a document whose key changed is loaded again; its first pages decode before
    // they are shown, so nothing flickers.
    const swap = async (doc, box, name) => {
      const d = p[doc];
      if (shown[doc] === d.key) return () => {};
      if (d.pages === undefined) {
        // The form is typeset after the rubric: ask how many pages it has.
        const r = await fetch(`/preview/${d.key}/pages`);
        if (!r.ok) return () => {};
        d.pages = (await r.json()).pages;
        if (!d.pages) return () => {};
      }
      // Page 1 loads now; the others only when shown and scrolled to (lazy), so an
      // older preview's pages never queue before the newest one's.
      const imgs = [];
      for (let i = 1; i <= d.pages; i++) {
        const img = new Image();
        img.alt = pv.dataset.alt.replace('{doc}', name).replace('{n}', i).replace('{total}', d.pages);
        img.className = 'page';
        img.width = 1190; img.height = doc === 'rubric' ? 842 : 1684;
        const src = `/preview/${d.key}/${doc}-${i}.svg`;
        if (i === 1) img.src = src; else { img.loading = 'lazy'; img.dataset.src = src; }
        imgs.push(img);
      }
      await imgs[0]?.decode().catch(() => {});
      return () => {
        box.replaceChildren(...imgs);
        for (const img of imgs.slice(1)) img.src = img.dataset.src;
        shown[doc] = d.key;
      };
    };
    // The rubric is shown as soon as it is there; the form follows.
    const form = swap('form', $('#pv-form'), pv.dataset.form);
    const a = await swap('rubric', $('#pv-rubric'), pv.dataset.rubric);
    if (answer.seq < applied) return;
    a();
    form.then((b) => { if (answer.seq >= applied) b(); });
  }
  pv.classList.remove('outdated');
  if (p) status.textContent = pv.dataset.done.replace('{n}', p.rubric.pages);
  pv.dataset.previewSeq = String(answer.seq);
}

// The returned forms: the choice replaces the forms chosen before; each file is sent on
// its own, a refused one is named and the others are still taken.
async function uploadForms(input) {
  const out = $('#msg-forms');
  const files = [...input.files];
  input.value = '';
  if (!files.length) return;
  await post('/api/forms/clear', '');
  $('#li-controle').hidden = true;
  const refused = [];
  let last = null;
  for (const file of files) {
    const r = await post('/api/forms', await file.arrayBuffer(), { 'X-File-Name': encodeURIComponent(file.name) });
    const answer = r.headers.get('Content-Type') === 'application/json' ? await r.json() : { ok: false, message: await r.text() };
    if (answer.ok) last = answer; else refused.push(answer.message);
  }
  out.textContent = [last ? last.message : '', ...refused].filter(Boolean).join('\n');
  out.className = refused.length ? 'bad' : 'good';
}

async function upload(input) {
  if (input.dataset.upload === 'forms') return uploadForms(input);
  const file = input.files[0];
  if (!file) return;
  const kind = input.dataset.upload;
  const out = document.getElementById('msg-' + kind);
  const r = await post('/api/' + kind, await file.arrayBuffer(), { 'X-File-Name': encodeURIComponent(file.name) });
  const answer = r.headers.get('Content-Type') === 'application/json' ? await r.json() : { ok: false, message: await r.text() };
  out.textContent = answer.message;
  out.className = answer.ok ? 'good' : 'bad';
  input.value = '';
  if (kind === 'scores') $('#li-controle').hidden = !answer.controle;
  if (answer.ok && (kind === 'course' || kind === 'framework')) location.reload();
  else if (answer.ok) send();
}

function filter(q) {
  q = q.trim().toLowerCase();
  for (const fs of $$('fieldset.outcome')) {
    let any = false;
    for (const li of $$('li', fs)) {
      const hit = !q || li.dataset.text.includes(q);
      li.hidden = !hit;
      any = any || hit;
    }
    fs.hidden = !any;
  }
}

function start() {
  const form = $('#setup');
  form.addEventListener('submit', e => e.preventDefault());
  form.addEventListener('input', e => {
    if (e.target.id === 'filter') { filter(e.target.value); return; }
    if (e.target.type === 'file') return;
    if (e.target.classList.contains('whole')) {
      for (const i of $$('input.ind', e.target.closest('fieldset'))) i.checked = e.target.checked;
    }
    outcomeBoxes();
    // Text is sent 150 ms after the last key; a click or a choice at once. Either way
    // the newest change wins.
    if (e.target.type === 'checkbox' || e.target.tagName === 'SELECT') { clearTimeout(timer); send(); } else schedule();
  });
  for (const input of $$('input[type=file]')) input.addEventListener('change', () => upload(input));
  $('#forms-clear').addEventListener('click', async () => {
    const r = await post('/api/forms/clear', '');
    const a = await r.json();
    $('#msg-forms').textContent = a.message;
    $('#msg-forms').className = 'good';
    $('#li-controle').hidden = true;
  });
  $('#fw-builtin').addEventListener('click', async () => {
    const r = await post('/api/framework/builtin', '');
    const a = await r.json();
    if (a.ok) location.reload(); else $('#msg-framework').textContent = a.message;
  });
  $('#lang').addEventListener('click', async e => {
    await post('/api/lang', e.target.dataset.lang);
    location.reload();
  });
  $('#stop').addEventListener('click', async () => {
    const r = await post('/quit', '');
    const text = await r.text();
    document.body.replaceChildren(Object.assign(document.createElement('main'), { textContent: text }));
  });
  for (const a of $$('#downloads a, #dl-reports')) {
    a.addEventListener('click', e => {
      if (a.getAttribute('aria-disabled') === 'true') {
        e.preventDefault();
        const out = a.id === 'dl-reports' ? $('#msg-scores') : $('#dl-why');
        out.textContent = a.dataset.why;
        out.className = 'bad';
        return;
      }
      $('#dl-why').textContent = '';
      if (a.id !== 'dl-reports' && $('#downloads').classList.contains('disabled')) e.preventDefault();
    });
  }
  outcomeBoxes();
  fetch('/api/state').then(r => r.json()).then((answer) => {
    seq = Math.max(seq, answer.seq || 0);
    return show(answer);
  });
}

start();

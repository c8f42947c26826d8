// placard studio — the page's behaviour. Builds the event (the SPEC's
// fields) from the form, asks the server for a preview shortly after each
// change, lists the preflight findings, downloads, uploads pictures and
// opens data files. No framework; the server does all the rendering.
'use strict';

const $ = (id) => document.getElementById(id);
const FIELDS = ['title', 'subtitle', 'body', 'call_to_action', 'lang', 'date', 'time', 'end_date',
  'end_time', 'timezone', 'venue', 'address', 'city', 'country', 'url', 'url_label', 'organizer',
  'contact', 'hashtags', 'second_lang'];
const LABELS = {
  title: 'Title', subtitle: 'Subtitle', body: 'Text', call_to_action: 'Call to action', lang: 'Language',
  date: 'Date', time: 'Starts', end_date: 'Ends on', end_time: 'Ends at', timezone: 'Time zone',
  venue: 'Venue', address: 'Address', city: 'City', country: 'Country', url: 'Web address',
  url_label: 'Under the QR code', organizer: 'Organiser', contact: 'Contact', hashtags: 'Hashtags',
  second_lang: 'Second language', logo: 'Logo', image: 'Picture', theme: 'Theme', qr: 'QR code',
  'qr.ec': 'QR error correction', 'qr.utm': 'QR tracking', 'qr.style': 'QR modules', 'qr.logo': 'Logo',
};
const DEBOUNCE_MS = 350;

const state = {
  meta: null,
  extras: {},        // fields from an opened file that the form has no box for
  uploads: { logo: null, image: null },
  timer: 0,
  inflight: null,    // AbortController of the preview being drawn
  seq: 0,
};

function label(field) {
  if (!field) return '';
  const m = /^translations\.([^.]+)\.(.+)$/.exec(field);
  return LABELS[field] || (m ? `${LABELS[m[2]] || m[2]} (${m[1]})` : field);
}

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

// ---- the record ----

function translationBlocks() {
  return Array.from(document.querySelectorAll('#tr-blocks fieldset.tr'));
}

function record() {
  const r = {};
  const tr = {};
  for (const [k, v] of Object.entries(state.extras)) {
    if (k.startsWith('translations.')) continue;
    r[k] = v;
  }
  for (const f of FIELDS) {
    const el = $('f-' + f);
    const v = f === 'body' ? el.value.replace(/\s+$/, '') : el.value.trim();
    if (v) r[f] = v;
  }
  const ec = $('f-qr-ec').value, style = $('f-qr-style').value;
  // the logo in the code: its file's name, as the saved YAML names it (the
  // server puts the uploaded picture there, see request())
  const qrLogo = $('f-qr-logo').checked && state.uploads.logo ? state.uploads.logo.name : '';
  if (ec || style || qrLogo || $('f-qr-utm').checked) {
    r.qr = {};
    if (ec) r.qr.ec = ec;
    if (style) r.qr.style = style;
    if (qrLogo) r.qr.logo = qrLogo;
    if ($('f-qr-utm').checked) r.qr.utm = true;
  }
  for (const [k, v] of Object.entries(state.extras)) {
    const m = /^translations\.([^.]+)\.(.+)$/.exec(k);
    if (m) (tr[m[1]] = tr[m[1]] || {})[m[2]] = v;
  }
  for (const block of translationBlocks()) {
    const code = block.querySelector('.tr-lang').value.trim();
    if (!code) continue;
    for (const el of block.querySelectorAll('[data-tr]')) {
      const v = el.tagName === 'TEXTAREA' ? el.value.replace(/\s+$/, '') : el.value.trim();
      if (v) (tr[code] = tr[code] || {})[el.dataset.tr] = v;
    }
  }
  if (Object.keys(tr).length) r.translations = tr;
  return r;
}

// ---- the events of a campaign (a schedule) ----

function eventItems() {
  return Array.from(document.querySelectorAll('#ev-list li.ev'));
}

function events() {
  const list = [];
  for (const li of eventItems()) {
    const e = {};
    for (const el of li.querySelectorAll('[data-ev]')) {
      const v = el.value.trim();
      if (v) e[el.dataset.ev] = v;
    }
    if (Object.keys(e).length) list.push(e);
  }
  return list;
}

function addEvent(values) {
  const node = $('ev-template').content.firstElementChild.cloneNode(true);
  for (const [k, v] of Object.entries(values || {})) {
    const el = node.querySelector(`[data-ev="${k}"]`);
    if (el) el.value = v;
  }
  node.querySelector('.ev-remove').addEventListener('click', () => { node.remove(); schedule(); });
  node.querySelector('.ev-up').addEventListener('click', () => {
    if (node.previousElementSibling) node.parentNode.insertBefore(node, node.previousElementSibling);
    schedule();
  });
  node.querySelector('.ev-down').addEventListener('click', () => {
    if (node.nextElementSibling) node.parentNode.insertBefore(node.nextElementSibling, node);
    schedule();
  });
  $('ev-list').append(node);
  return node;
}

// The form's record: one event, or a campaign (the form's fields) with
// the events of the list. The form's when and where belong to one event:
// a campaign leaves them to its events (else every event would inherit
// the form's end time or venue).
const OWN = ['date', 'time', 'end_date', 'end_time', 'timezone', 'venue', 'address', 'city', 'country'];
function data() {
  const r = record();
  const ev = events();
  if (!ev.length) return r;
  for (const k of OWN) delete r[k];
  for (const t of Object.values(r.translations || {})) for (const k of OWN) delete t[k];
  return { campaign: r, events: ev };
}

function request(format) {
  const o = {
    format,
    layout: $('o-layout').value,
    record: data(),
  };
  if ($('o-theme').value) o.theme = $('o-theme').value;
  if ($('o-lang').value.trim()) o.lang = $('o-lang').value.trim();
  if ($('o-latin').checked) o.latin_digits = true;
  if ($('o-print').checked) o.print = true;
  if ($('o-bleed').value.trim()) o.bleed = $('o-bleed').value.trim();
  if ($('o-sheet').value) o.sheet = $('o-sheet').value;
  if (format === 'print' && $('o-shop').value) o.shop = $('o-shop').value;
  for (const k of ['logo', 'image']) if (state.uploads[k]) o[k] = state.uploads[k].id;
  if ($('f-qr-logo').checked && state.uploads.logo) o.qr_logo = true;
  return o;
}

async function post(format, signal) {
  return fetch('/api/render', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request(format)),
    signal,
  });
}

// ---- findings and errors ----

function markInvalid(field) {
  for (const el of document.querySelectorAll('[aria-invalid=true]')) el.removeAttribute('aria-invalid');
  if (!field) return;
  const m = /^translations\.([^.]+)\.(.+)$/.exec(field);
  let el = $('f-' + field) || (field.startsWith('qr.') ? $('f-qr-' + field.slice(3)) : null);
  if (m) {
    const block = translationBlocks().find((b) => b.querySelector('.tr-lang').value.trim() === m[1]);
    el = block && block.querySelector(`[data-tr="${m[2]}"]`);
  }
  if (el) el.setAttribute('aria-invalid', 'true');
}

function showFindings(list, error) {
  const ul = $('findings');
  ul.replaceChildren();
  const items = (list || []).slice();
  if (error && !items.some((f) => f.message === error.message)) items.unshift(error);
  if (!items.length) {
    const li = document.createElement('li');
    li.className = 'ok';
    li.textContent = 'No problems found: the text fits, every character has a font, the QR code reads.';
    ul.append(li);
    return;
  }
  for (const f of items) {
    const li = document.createElement('li');
    li.className = f.severity === 'warning' ? 'warning' : 'error';
    const b = document.createElement('b');
    b.textContent = (f.severity === 'warning' ? 'Warning' : 'Problem') + (f.field ? ' — ' + label(f.field) : '') + ':';
    const span = document.createElement('span');
    span.dir = 'auto';
    span.textContent = f.message;
    li.append(b, span);
    ul.append(li);
  }
}

async function errorOf(res) {
  try {
    const j = await res.json();
    return j;
  } catch (e) {
    return { error: `the server answered ${res.status}.` };
  }
}

// ---- preview ----

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, DEBOUNCE_MS);
}

async function refresh() {
  if (!state.meta) return;
  if (state.inflight) state.inflight.abort();
  const ctl = new AbortController();
  state.inflight = ctl;
  const seq = ++state.seq;
  document.querySelector('.preview').classList.add('stale');
  setStatus('Drawing…', 'busy');
  let res;
  try {
    res = await post('preview', ctl.signal);
  } catch (e) {
    if (e.name !== 'AbortError') setStatus('The studio is not answering. Is placard serve still running?', 'error');
    return;
  }
  const j = await errorOf(res);
  if (seq !== state.seq) return; // a newer preview is on its way
  state.inflight = null;
  if (!res.ok) {
    setStatus(j.error || 'The page could not be drawn.', 'error');
    markInvalid(j.field);
    showFindings(j.findings, { severity: 'error', field: j.field, message: j.error });
    return;
  }
  const img = $('preview');
  img.src = j.png;
  img.dataset.version = String(seq);
  // a double-sided layout: its back beside the front
  const back = $('preview-back');
  if (j.png_back) {
    back.src = j.png_back;
    back.dataset.version = String(seq);
  } else {
    back.removeAttribute('src');
  }
  document.querySelector('.preview').classList.remove('stale');
  markInvalid(null);
  const n = j.findings.length;
  const sheet = $('o-sheet').value ? ' The sheet applies to the PDF downloads.' : '';
  setStatus((n ? `Up to date — ${n} finding${n === 1 ? '' : 's'} to look at.` : 'Up to date.') + sheet, '');
  showFindings(j.findings);
}

// ---- downloads ----

async function download(format) {
  setStatus('Preparing the download…', 'busy');
  let res;
  try {
    res = await post(format);
  } catch (e) {
    setStatus('The studio is not answering. Is placard serve still running?', 'error');
    return;
  }
  if (!res.ok) {
    const j = await errorOf(res);
    setStatus(j.error || 'The file could not be made.', 'error');
    markInvalid(j.field);
    if (j.findings) showFindings(j.findings, { severity: 'error', field: j.field, message: j.error });
    return;
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename="([^"]+)"/.exec(cd);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = m ? m[1] : 'placard';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  setStatus(`Downloaded ${a.download}.`, '');
}

// ---- pictures and data files ----

async function upload(url, file) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await fetch(url, { method: 'POST', body: fd });
  const j = await errorOf(res);
  if (!res.ok) throw new Error(j.error || `the server answered ${res.status}.`);
  return j;
}

async function choosePicture(ev) {
  const input = ev.target;
  const which = input.dataset.pic;
  const file = input.files[0];
  input.value = '';
  if (!file) return;
  const max = state.meta ? state.meta.limits.image_bytes : Infinity;
  if (file.size > max) {
    setStatus(`${file.name} is larger than ${Math.round(max / 1048576)} MB. Make it smaller.`, 'error');
    return;
  }
  setStatus(`Uploading ${file.name}…`, 'busy');
  try {
    state.uploads[which] = await upload('/api/upload', file);
    $(which + '-name').textContent = `${state.uploads[which].name} (${state.uploads[which].kind.toUpperCase()})`;
    schedule();
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function clearPicture(which) {
  state.uploads[which] = null;
  $(which + '-name').textContent = 'none';
  schedule();
}

function addTranslation(code, values) {
  const node = $('tr-template').content.firstElementChild.cloneNode(true);
  node.querySelector('.tr-lang').value = code || '';
  for (const [k, v] of Object.entries(values || {})) {
    const el = node.querySelector(`[data-tr="${k}"]`);
    if (el) el.value = v;
  }
  node.querySelector('.tr-remove').addEventListener('click', () => { node.remove(); schedule(); });
  $('tr-blocks').append(node);
  return node;
}

function resetForm() {
  for (const f of FIELDS) $('f-' + f).value = '';
  $('f-qr-ec').value = '';
  $('f-qr-utm').checked = false;
  $('f-qr-style').value = '';
  $('f-qr-logo').checked = false;
  $('tr-blocks').replaceChildren();
  $('ev-list').replaceChildren();
  state.extras = {};
}

function showExtras(files) {
  const p = $('extras');
  const names = Object.keys(state.extras);
  const parts = [];
  if (names.length) parts.push(`Also kept from your file: ${names.join(', ')}.`);
  for (const [k, v] of Object.entries(files || {}))
    parts.push(`Your file names the ${label(k).toLowerCase()} “${v}”: add it with the ${label(k)} button.`);
  p.textContent = parts.join(' ');
  p.hidden = !parts.length;
}

async function openData(ev) {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  setStatus(`Opening ${file.name}…`, 'busy');
  let j;
  try {
    j = await upload('/api/open', file);
  } catch (e) {
    setStatus(e.message, 'error');
    return;
  }
  resetForm();
  // A campaign: its own fields fill the form, its events the events list.
  if (j.campaign) {
    j.fields = j.campaign;
    j.translations = {};
    for (const ev of j.events || []) addEvent(ev);
  }
  for (const [k, v] of Object.entries(j.fields)) {
    const el = FIELDS.includes(k) ? $('f-' + k) : null;
    if (el) {
      el.value = v;
      if (el.value === v) continue; // the box took it (a date box refuses "15.5.2021")
    }
    if (k === 'qr.ec' && ['L', 'M', 'Q', 'H'].includes(v)) { $('f-qr-ec').value = v; continue; }
    if (k === 'qr.utm') { $('f-qr-utm').checked = v === 'true'; continue; }
    if (k === 'qr.style' && ['rounded', 'dots', 'square'].includes(v)) { $('f-qr-style').value = v === 'square' ? '' : v; continue; }
    if (k === 'theme' && state.meta.themes.includes(v)) { $('o-theme').value = v; continue; }
    state.extras[k] = v;
  }
  for (const [code, fields] of Object.entries(j.translations)) addTranslation(code, fields);
  if (!translationBlocks().length) addTranslation(j.fields.second_lang || '');
  if (j.files && j.files['qr.logo']) $('f-qr-logo').checked = true; // once the logo is added
  showExtras(j.files);
  setStatus(j.campaign ? `Opened ${j.name}: a campaign with ${(j.events || []).length} events.`
    : j.records > 1 ? `Opened ${j.name}: it holds ${j.records} events; the studio shows the first.`
    : `Opened ${j.name}.`, '');
  schedule();
}

// ---- start ----

function fillMeta(meta) {
  const sel = $('o-layout');
  for (const l of meta.layouts) {
    const o = document.createElement('option');
    o.value = l.name;
    o.textContent = l.width_px ? `${l.name} — ${l.width_px} × ${l.height_px} px, ${l.kind}`
      : `${l.name} — ${l.width_mm} × ${l.height_mm} mm, ${l.kind}`;
    o.title = l.description;
    o.dataset.kind = l.kind;
    sel.append(o);
  }
  if (meta.layouts.some((l) => l.name === 'flyer-a5')) sel.value = 'flyer-a5';
  for (const t of meta.themes) {
    const o = document.createElement('option');
    o.value = o.textContent = t;
    $('o-theme').append(o);
  }
  for (const l of meta.label_sheets || []) {
    const o = document.createElement('option');
    o.value = l.name;
    o.textContent = `label sheet: ${l.product}`;
    $('o-sheet').append(o);
  }
  for (const sh of meta.shops || []) {
    const o = document.createElement('option');
    o.value = sh.name;
    o.textContent = `${sh.name}: ${sh.description}`;
    $('o-shop').append(o);
  }
  document.title = `placard ${meta.version} studio`;
}

async function start() {
  try {
    const res = await fetch('/api/meta');
    state.meta = await res.json();
  } catch (e) {
    setStatus('The studio is not answering. Start it with: placard serve', 'error');
    return;
  }
  fillMeta(state.meta);
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    $('zones').append(...zones.map((z) => Object.assign(document.createElement('option'), { value: z })));
  } catch (e) { /* an older browser: the box still takes any name */ }
  addTranslation('');
  const form = $('form');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', (e) => { if (e.target.type !== 'file') schedule(); });
  form.addEventListener('change', (e) => { if (e.target.type !== 'file') schedule(); });
  // The second language fills an empty translation block's language.
  $('f-second_lang').addEventListener('input', () => {
    const block = translationBlocks().find((b) => !b.querySelector('.tr-lang').value.trim() || b.dataset.auto);
    if (block) {
      block.querySelector('.tr-lang').value = $('f-second_lang').value.trim();
      block.dataset.auto = '1';
    }
  });
  $('add-tr').addEventListener('click', () => addTranslation(''));
  $('add-ev').addEventListener('click', () => { addEvent({}); });
  for (const el of document.querySelectorAll('[data-pic]')) el.addEventListener('change', choosePicture);
  for (const el of document.querySelectorAll('[data-clear]')) el.addEventListener('click', () => clearPicture(el.dataset.clear));
  for (const el of document.querySelectorAll('[data-download]')) el.addEventListener('click', () => download(el.dataset.download));
  $('open-file').addEventListener('change', openData);
  document.body.dataset.ready = '1';
}

start();

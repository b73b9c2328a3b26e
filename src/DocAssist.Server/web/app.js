// The workspace page. Every piece of document text reaches the page through textContent, never as HTML.
import { t, bytes, translatePage } from './i18n.js';

const $ = (id) => document.getElementById(id);
const state = {
  docs: new Map(),        // id → document (as GET /api/documents gives it)
  progress: new Map(),    // id → pages read so far
  finished: new Map(),    // id → (page number → { number, source, confidence, unreliable }), as pages finish while it is read
  open: null,             // { id, page, total, json }
  marks: [],              // boxes to draw on the open page: { page, box, kind }
  findTimer: 0,
};

// ---- HTTP -----------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { needsLink(); throw new ApiError(401, t('needsLink')); }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error || message; } catch { /* not JSON */ }
    throw new ApiError(response.status, message);
  }
  return response;
}

// POSTs JSON and reads the answer as it is written: one {"delta"} line per piece, then the result (or {"error"}).
async function stream(path, body, onDelta) {
  const response = await api(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let result = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      const item = JSON.parse(line);
      if ('delta' in item) onDelta(item.delta);
      else if ('error' in item) throw new ApiError(502, item.error);
      else result = item;
    }
  }
  return result;
}

function showAlert(message) {
  const alert = $('alert');
  alert.textContent = message;
  alert.hidden = false;
}

function needsLink() {
  showAlert(t('needsLink'));
  document.body.classList.add('locked');
}

// ---- privacy line ----------------------------------------------------------------------------------------

async function refreshPrivacy() {
  try {
    const p = await (await api('/api/privacy')).json();
    const values = { policy: p.policy, model: p.model ? `${p.provider} “${p.model}”` : '', endpoint: p.endpoint, bytes: bytes(p.bytesLeftMachine) };
    $('privacy').textContent = !p.model ? t('privacyNone', values) : p.thisMachine ? t('privacyLocal', values) : t('privacyRemote', values);
    $('privacy').classList.toggle('remote', !p.thisMachine);
  } catch (e) {
    if (e.status !== 401) $('privacy').textContent = t('requestFailed', { error: e.message });
  }
}

function egressSentence(egress) {
  const remote = egress.sent.filter((s) => !s.thisMachine);
  if (remote.length > 0) {
    return t('egressRemote', { bytes: bytes(egress.bytesLeftMachine), destination: remote.map((s) => s.destination).join(', ') });
  }
  const local = egress.sent.filter((s) => s.thisMachine);
  if (local.length > 0) {
    return t('egressLocal', { bytes: bytes(local.reduce((a, s) => a + s.bytes, 0)), destination: local.map((s) => s.destination).join(', ') });
  }
  return t('egressNone');
}

// ---- library ---------------------------------------------------------------------------------------------

function statusText(doc) {
  switch (doc.status) {
    case 'queued': return t('queued');
    case 'processing': return state.progress.has(doc.id) ? t('processingPages', { n: state.progress.get(doc.id) }) : t('processing');
    case 'done': return t('done', { n: doc.pages });
    case 'failed': return t('failed', { error: doc.error || '' });
    default: return doc.status;
  }
}

function renderLibrary() {
  const list = $('docs');
  const docs = [...state.docs.values()].sort((a, b) => (a.added < b.added ? 1 : a.added > b.added ? -1 : a.id.localeCompare(b.id)));
  $('empty-library').hidden = docs.length > 0;
  const ticked = new Set(selectedIds());
  list.replaceChildren(...docs.map((doc) => {
    const item = document.createElement('li');
    item.className = `doc status-${doc.status}`;
    item.dataset.id = doc.id;
    if (state.open?.id === doc.id) item.classList.add('current');

    const tick = document.createElement('input');
    tick.type = 'checkbox';
    tick.className = 'tick';
    tick.checked = ticked.has(doc.id);
    tick.disabled = doc.status !== 'done';
    tick.setAttribute('aria-label', t('selectForQuestions', { name: doc.name }));

    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'doc-open';
    open.textContent = doc.name;
    open.disabled = doc.status !== 'done';
    open.addEventListener('click', () => openDocument(doc.id, 1));

    const status = document.createElement('span');
    status.className = 'doc-status';
    status.textContent = statusText(doc);

    item.append(tick, open, status);
    if (doc.status === 'processing') {
      const bar = document.createElement('progress');
      bar.className = 'doc-progress';
      item.append(bar);
    }
    const pages = chipPages(doc);
    if (pages?.length) item.append(pageChips(pages));
    return item;
  }));
}

// While a document is read, the pages finished so far, in page order; once done, the full list (the live one until that has come).
function chipPages(doc) {
  if (doc.status === 'done' && doc.pageSources) return doc.pageSources;
  const finished = state.finished.get(doc.id);
  if (!finished || (doc.status !== 'processing' && doc.status !== 'done')) return null;
  return [...finished.values()].sort((a, b) => a.number - b.number);
}

function sourceLabel(page, chip) {
  const c = page.confidence == null ? null : Math.round(page.confidence);
  switch (page.source) {
    case 'text-layer': return t(chip ? 'chipText' : 'sourceText');
    case 'ocr': return c == null ? t('sourceOcrNoConfidence') : t(chip ? 'chipOcr' : 'sourceOcr', { c });
    case 'mixed': return chip ? t('chipMixed') : t('sourceMixed', { c: c ?? '–' });
    default: return t(chip ? 'chipNone' : 'sourceNone');
  }
}

function pageChips(pages) {
  const chips = document.createElement('ol');
  chips.className = 'chips';
  for (const page of pages) {
    const chip = document.createElement('li');
    chip.className = `chip source-${page.source}${page.unreliable ? ' unreliable' : ''}`;
    chip.textContent = t('pageChip', { n: page.number, source: sourceLabel(page, true) });
    chips.append(chip);
  }
  return chips;
}

async function loadPageSources(id) {
  const doc = state.docs.get(id);
  if (!doc || doc.status !== 'done' || doc.pageSources) return;
  try {
    doc.pageSources = await (await api(`/api/documents/${encodeURIComponent(id)}/pages`)).json();
    state.finished.delete(id);
    renderLibrary();
  } catch { /* shown without its chips */ }
}

// A document just read: its kind and page count from the library, then where each page's text came from.
async function refreshDocument(id) {
  try {
    const doc = await (await api(`/api/documents/${encodeURIComponent(id)}`)).json();
    state.docs.set(id, { ...state.docs.get(id), ...doc });
    renderLibrary();
    await loadPageSources(id);
  } catch { /* the next event or reload shows it */ }
}

function selectedIds() {
  return [...document.querySelectorAll('#docs .tick:checked')].map((el) => el.closest('li').dataset.id);
}

async function loadLibrary() {
  const docs = await (await api('/api/documents')).json();
  for (const doc of docs) state.docs.set(doc.id, doc);
  renderLibrary();
  for (const doc of docs) loadPageSources(doc.id);
}

function listen() {
  const events = new EventSource('/api/events');
  events.onmessage = (message) => {
    const e = JSON.parse(message.data);
    const doc = state.docs.get(e.document);
    if (!doc) { loadLibrary().catch(() => {}); return; }
    doc.status = e.status;
    if (e.error) doc.error = e.error;
    if (e.pages != null) doc.pages = e.pages;
    if (e.pagesDone != null) state.progress.set(doc.id, e.pagesDone);
    // A document read again (after a restart) starts over; a retry after a crashed reader reports its pages again, under the same numbers.
    if (e.status === 'processing' && e.pagesDone === 0) state.finished.delete(doc.id);
    if (e.page) {
      if (!state.finished.has(doc.id)) state.finished.set(doc.id, new Map());
      state.finished.get(doc.id).set(e.page.number, e.page);
    }
    if (e.status === 'failed') state.finished.delete(doc.id);
    renderLibrary();
    if (e.status === 'done') refreshDocument(doc.id);
  };
}

async function upload(files) {
  for (const file of files) {
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const doc = await (await api('/api/documents', { method: 'POST', body: form })).json();
      if (!state.docs.has(doc.id) || state.docs.get(doc.id).status !== doc.status) state.docs.set(doc.id, { ...state.docs.get(doc.id), ...doc });
      renderLibrary();
      loadPageSources(doc.id);
    } catch (e) {
      showAlert(t('uploadFailed', { name: file.name, error: e.message }));
    }
  }
}

// ---- document view ---------------------------------------------------------------------------------------

async function openDocument(id, page, marks = []) {
  if (state.docs.get(id) && !state.docs.get(id).kind) await refreshDocument(id);
  const doc = state.docs.get(id);
  if (!doc) return;
  const changed = state.open?.id !== id;
  state.open = { id, page, total: doc.pages, json: null };
  state.marks = marks;
  $('viewer-hint').hidden = true;
  $('viewer-body').hidden = false;
  $('doc-title').textContent = doc.name;
  if (changed) {
    $('find').value = '';
    $('find-results').hidden = true;
    showStoredSummary(id);
  }
  renderLibrary();
  await showPage();
}

async function showPage() {
  const open = state.open;
  const { id, page, total } = open;
  $('page-label').textContent = t('pageOf', { n: page, total });
  $('prev').disabled = page <= 1;
  $('next').disabled = page >= total;
  const image = $('page-image');
  const doc = state.docs.get(id);
  // A text file has no page image: its text takes the whole width.
  document.querySelector('.page').classList.toggle('no-image', doc.kind === 'text');
  image.alt = `${doc.name}, ${t('pageOf', { n: page, total })}`;
  if (doc.kind === 'text') image.removeAttribute('src');
  else image.src = `/api/documents/${encodeURIComponent(id)}/pages/${page}/image`;
  const json = await (await api(`/api/documents/${encodeURIComponent(id)}/pages/${page}`)).json();
  if (state.open !== open) return;
  open.json = json;
  const source = $('page-source');
  source.textContent = sourceLabel(json, false) + (json.unreliable ? ` — ${t('unreliable')}` : '');
  source.className = `source source-${json.source}`;
  $('page-text').textContent = json.text;
  drawMarks();
}

// Boxes are in the page's unit (pt or px) from its top-left corner; the image shows the same frame, so a box is a percentage of it.
function drawMarks() {
  const open = state.open;
  const layer = $('marks');
  if (!open?.json) { layer.replaceChildren(); return; }
  const { width, height } = open.json;
  layer.replaceChildren(...state.marks.filter((m) => m.page === open.page).map((m) => {
    const [left, top, right, bottom] = m.box;
    const mark = document.createElement('div');
    mark.className = `mark mark-${m.kind}`;
    mark.style.left = `${(100 * left) / width}%`;
    mark.style.top = `${(100 * top) / height}%`;
    mark.style.width = `${(100 * (right - left)) / width}%`;
    mark.style.height = `${(100 * (bottom - top)) / height}%`;
    return mark;
  }));
  const first = layer.querySelector('.mark');
  if (first) first.scrollIntoView({ block: 'center', behavior: 'instant' });
}

function turn(delta) {
  const open = state.open;
  if (!open) return;
  const page = Math.min(Math.max(1, open.page + delta), open.total);
  if (page === open.page) return;
  open.page = page;
  showPage();
}

// ---- search within the document --------------------------------------------------------------------------

async function find() {
  const open = state.open;
  const q = $('find').value.trim();
  const results = $('find-results');
  if (!open || q.length === 0) {
    results.hidden = true;
    state.marks = state.marks.filter((m) => m.kind !== 'find');
    drawMarks();
    return;
  }
  const found = await (await api(`/api/documents/${encodeURIComponent(open.id)}/search?q=${encodeURIComponent(q)}`)).json();
  if (state.open?.id !== open.id || $('find').value.trim() !== q) return;
  state.marks = [
    ...state.marks.filter((m) => m.kind !== 'find'),
    ...found.matches.flatMap((m) => m.boxes.map((box) => ({ page: m.page, box, kind: 'find' }))),
  ];
  results.replaceChildren(...(found.matches.length === 0
    ? [Object.assign(document.createElement('li'), { className: 'none', textContent: t('noMatches', { q }) })]
    : found.matches.map((m) => {
      const item = document.createElement('li');
      const go = document.createElement('button');
      go.type = 'button';
      const where = document.createElement('strong');
      where.textContent = t('matchOnPage', { n: m.page });
      go.append(where, ` ${m.text}`);
      go.addEventListener('click', () => { open.page = m.page; showPage(); });
      item.append(go);
      return item;
    })));
  results.hidden = false;
  const firstPage = found.matches[0]?.page;
  if (firstPage && !found.matches.some((m) => m.page === open.page)) { open.page = firstPage; await showPage(); } else drawMarks();
}

// ---- summary ---------------------------------------------------------------------------------------------

function showSummary(summary) {
  $('summary').hidden = false;
  $('summary-text').textContent = summary.summary;
  $('summary-mode').textContent = summary.mode === 'model' ? t('summaryByModel', { model: summary.model || '' }) : t('summaryExtractive');
  $('summary').classList.toggle('extractive', summary.mode !== 'model');
  $('summary-egress').textContent = egressSentence(summary.egress);
  $('summary-egress').classList.toggle('remote', summary.egress.bytesLeftMachine > 0);
}

async function showStoredSummary(id) {
  $('summary').hidden = true;
  try {
    const response = await fetch(`/api/documents/${encodeURIComponent(id)}/summary`);
    if (response.status === 200 && state.open?.id === id) showSummary(await response.json());
  } catch { /* none yet */ }
}

async function summarize() {
  const open = state.open;
  if (!open) return;
  const button = $('summarize');
  button.disabled = true;
  $('summary').hidden = false;
  $('summary').classList.remove('extractive');
  $('summary-mode').textContent = t('summarizing');
  $('summary-text').textContent = '';
  $('summary-egress').textContent = '';
  try {
    const summary = await stream(`/api/documents/${encodeURIComponent(open.id)}/summary`, undefined, (delta) => {
      if (state.open?.id === open.id) $('summary-text').textContent += delta;
    });
    if (state.open?.id === open.id) showSummary(summary);
    refreshPrivacy();
  } catch (e) {
    $('summary-mode').textContent = t('requestFailed', { error: e.message });
  } finally {
    button.disabled = false;
  }
}

// ---- questions -------------------------------------------------------------------------------------------

function scopeIds() {
  const scope = document.querySelector('input[name="scope"]:checked')?.value;
  if (scope === 'document' && state.open) return [state.open.id];
  if (scope === 'selected') return selectedIds();
  return null;
}

function citationButton(citation, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'cite';
  button.dataset.n = citation.n;
  button.textContent = label;
  // The accessible name starts with the visible text, so speech control ("click 2") finds the button.
  button.setAttribute('aria-label', `${label} ${t('openCitation', { name: citation.name, page: citation.page })}`);
  button.addEventListener('click', () => openCitation(citation));
  return button;
}

function openCitation(citation) {
  for (const el of document.querySelectorAll('.cite.active')) el.classList.remove('active');
  for (const el of document.querySelectorAll(`.cite[data-n="${citation.n}"]`)) el.classList.add('active');
  openDocument(citation.document, citation.page, citation.boxes.map((box) => ({ page: citation.page, box, kind: 'cite' })));
}

// The answer's text with each [n] made a button that opens the cited page.
function renderAnswer(text, citations) {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    parts.push(text.slice(last, match.index), citationButton(citation, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  $('answer-text').replaceChildren(...parts);
}

async function ask(event) {
  event.preventDefault();
  const question = $('question').value.trim();
  if (!question) return;
  const button = $('ask-button');
  button.disabled = true;
  $('answer').hidden = false;
  $('answer').classList.remove('extractive');
  $('answer-mode').textContent = t('asking');
  $('answer-text').textContent = '';
  $('citations').replaceChildren();
  $('answer-warnings').replaceChildren();
  $('answer-egress').textContent = '';
  try {
    const documents = scopeIds();
    const answer = await stream('/api/ask', documents ? { question, documents } : { question }, (delta) => { $('answer-text').textContent += delta; });
    $('answer-mode').textContent = answer.mode === 'model' ? t('answerByModel') : t('answerExtractive');
    $('answer').classList.toggle('extractive', answer.mode !== 'model');
    renderAnswer(answer.answer, answer.citations);
    $('citations').replaceChildren(...answer.citations.map((c) => {
      const item = document.createElement('li');
      const quote = document.createElement('q');
      quote.textContent = c.text.length > 240 ? `${c.text.slice(0, 240)}…` : c.text;
      item.append(citationButton(c, t('citation', { n: c.n, name: c.name, page: c.page })), quote);
      return item;
    }));
    $('answer-warnings').replaceChildren(...answer.warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })));
    $('answer-egress').textContent = egressSentence(answer.egress);
    $('answer-egress').classList.toggle('remote', answer.egress.bytesLeftMachine > 0);
    refreshPrivacy();
  } catch (e) {
    $('answer-mode').textContent = t('requestFailed', { error: e.message });
  } finally {
    button.disabled = false;
  }
}

// ---- wiring ----------------------------------------------------------------------------------------------

function wire() {
  const drop = $('drop');
  $('pick').addEventListener('change', (e) => { upload([...e.target.files]); e.target.value = ''; });
  for (const type of ['dragenter', 'dragover']) {
    document.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) drop.classList.remove('over'); });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files?.length) upload([...e.dataTransfer.files]);
  });
  $('prev').addEventListener('click', () => turn(-1));
  $('next').addEventListener('click', () => turn(1));
  $('summarize').addEventListener('click', summarize);
  $('find-form').addEventListener('submit', (e) => { e.preventDefault(); find(); });
  $('find').addEventListener('input', () => { clearTimeout(state.findTimer); state.findTimer = setTimeout(find, 250); });
  $('ask-form').addEventListener('submit', ask);
  $('question').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('ask-form').requestSubmit();
  });
  $('page-image').addEventListener('load', drawMarks);
  document.addEventListener('keydown', (e) => {
    if (e.target.closest('input, textarea, select, [contenteditable]') || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') { turn(-1); e.preventDefault(); }
    if (e.key === 'ArrowRight' || e.key === 'PageDown') { turn(1); e.preventDefault(); }
    if (e.key === '/' && state.open) { $('find').focus(); e.preventDefault(); }
  });
}

translatePage();
wire();
loadLibrary().then(() => { listen(); refreshPrivacy(); }).catch((e) => { if (e.status !== 401) showAlert(t('requestFailed', { error: e.message })); });

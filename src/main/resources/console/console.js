// Leadport export console: signs in with an API key (kept in this tab's sessionStorage only),
// lists the workspace's exports, starts, cancels and downloads them through /api/v1/exports.
// Plain DOM, no framework, no inline script or style: the page's CSP allows neither.

const KEY_ITEM = 'leadport.console.key';
const PAGE = 50;
const POLL_ACTIVE_MS = 1000;
const POLL_IDLE_MS = 10000;
const POLL_HIDDEN_MS = 30000;

const SURFACES = {
  console: 'Console',
  close: 'Close API',
  hubspot: 'HubSpot API',
  roofkit: 'RoofKit API',
  jsonapi: 'JSON:API',
  cli: 'Command line',
};

const STATES = {
  queued: 'Waiting to start',
  running: 'Exporting',
  succeeded: 'Ready to download',
  failed: 'Failed',
  canceled: 'Canceled',
};

const $ = (id) => document.getElementById(id);

const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
};

/** An answer of the API other than 2xx, with the native error body when there is one. */
class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.message) || `The server answered ${status}.`);
    this.status = status;
    this.code = body && body.code;
    this.param = body && body.param;
    this.requestId = body && body.request_id;
    this.retryAfter = retryAfter ? Number(retryAfter) : 0;
  }
}

const state = {
  key: null,
  signedIn: false,
  options: null,
  jobs: new Map(), // id -> job
  order: [], // ids, newest first
  older: [], // ids loaded with "Show older exports", after the first page
  hasMore: false,
  canceling: new Set(),
  rows: new Map(), // id -> <tr>
  pollTimer: 0,
  pollBackoffUntil: 0,
  fieldsTouched: false,
};

// ---------------------------------------------------------------- API

async function api(method, path, body, headers = {}) {
  const init = {
    method,
    headers: { Accept: 'application/json', Authorization: `Bearer ${state.key}`, ...headers },
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: 'The server cannot be reached. Check your connection and try again.' });
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!res.ok) {
    const error = new ApiError(res.status, data, res.headers.get('Retry-After'));
    if (res.status === 401 && state.signedIn) {
      signOut(`Signed out: ${error.message}`);
    }
    throw error;
  }
  return data;
}

// ---------------------------------------------------------------- formatting

const numbers = new Intl.NumberFormat();
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const times = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

function formatNumber(n) {
  return n === null || n === undefined ? '—' : numbers.format(n);
}

function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

function timeNode(iso) {
  if (!iso) return document.createTextNode('—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return document.createTextNode(iso);
  return el(
    'time',
    { datetime: iso, title: times.format(date) },
    el('span', { className: 'date', text: dates.format(date) }),
    ' ',
    el('span', { className: 'clock', text: clock.format(date) }),
  );
}

function label(list, id) {
  const found = (list || []).find((item) => item.id === id);
  return found ? found.label : id;
}

function typeLabel(id) {
  return label(state.options && state.options.types, id);
}

function formatLabel(id) {
  return label(state.options && state.options.formats, id);
}

function surfaceLabel(id) {
  return SURFACES[id] || id;
}

function jobName(job) {
  return job.file_name || `${typeLabel(job.type)} export`;
}

function stateText(job) {
  if (state.canceling.has(job.id) && (job.state === 'queued' || job.state === 'running')) {
    return 'Canceling…';
  }
  return STATES[job.state] || job.state;
}

function progressText(job) {
  const done = job.rows_done || 0;
  const total = job.rows_total;
  if (job.state === 'queued') return 'Not started';
  if (job.state === 'succeeded') return done === 0 ? 'No rows matched' : `All ${formatNumber(done)} rows`;
  if (job.state === 'running') {
    if (total === null || total === undefined) return `${formatNumber(done)} rows so far`;
    const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
    return `${formatNumber(done)} of ${formatNumber(total)} rows (${percent}%)`;
  }
  if (!job.started_at) return 'Never started';
  if (total === null || total === undefined) return `Stopped after ${formatNumber(done)} rows`;
  return `Stopped at ${formatNumber(done)} of ${formatNumber(total)} rows`;
}

function creator(job) {
  const by = job.created_by || {};
  return by.name || by.api_key_id || '—';
}

// ---------------------------------------------------------------- messages

let statusTimer = 0;

function announce(message) {
  const status = $('status');
  clearTimeout(statusTimer);
  status.textContent = message;
  if (message) statusTimer = setTimeout(() => { status.textContent = ''; }, 15000);
}

function showAlert(message) {
  const alert = $('alert');
  alert.textContent = message || '';
  alert.hidden = !message;
}

function describe(error) {
  if (error.status === 429 && error.retryAfter) {
    return `${error.message} (try again in ${formatNumber(error.retryAfter)} s)`;
  }
  return error.message;
}

// ---------------------------------------------------------------- sign in and out

async function signIn(key, fromStorage) {
  state.key = key;
  const button = $('sign-in-button');
  button.disabled = true;
  setFieldError($('api-key'), '');
  try {
    state.options = await api('GET', '/api/v1/exports/options');
  } catch (error) {
    state.key = null;
    if (fromStorage) {
      sessionStorage.removeItem(KEY_ITEM);
    }
    showSignIn();
    const input = $('api-key');
    setFieldError(input, error.status === 401 || error.status === 403 ? error.message : describe(error));
    input.focus();
    return;
  } finally {
    button.disabled = false;
  }
  sessionStorage.setItem(KEY_ITEM, key);
  state.signedIn = true;
  $('api-key').value = '';
  showAlert('');
  fillOptions();
  $('sign-in-view').hidden = true;
  $('console-view').hidden = false;
  $('sign-out').hidden = false;
  $('who').hidden = false;
  $('who').textContent = `Key …${key.slice(-4)}`;
  if (!fromStorage) {
    announce('Signed in.');
    $('f-type').focus();
  }
  $('log-section').setAttribute('aria-busy', 'true');
  await refresh();
}

function signOut(message) {
  sessionStorage.removeItem(KEY_ITEM);
  state.key = null;
  state.signedIn = false;
  state.options = null;
  clearTimeout(state.pollTimer);
  state.jobs.clear();
  state.order = [];
  state.older = [];
  state.rows.clear();
  state.canceling.clear();
  $('log-rows').replaceChildren();
  showSignIn();
  showAlert(message || '');
  if (!message) announce('Signed out. The key is forgotten.');
  $('api-key').focus();
}

function showSignIn() {
  $('sign-in-view').hidden = false;
  $('console-view').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
}

// ---------------------------------------------------------------- the form

function fillSelect(select, items, selected) {
  const keep = select.querySelector('option[value=""]');
  select.replaceChildren(...(keep ? [keep] : []));
  for (const item of items) {
    const option = typeof item === 'string' ? el('option', { value: item, text: item }) : el('option', { value: item.id, text: item.label });
    select.append(option);
  }
  if (selected !== undefined) select.value = selected;
}

function fillOptions() {
  const o = state.options;
  fillSelect($('f-type'), o.types, o.types.length ? o.types[0].id : undefined);
  fillSelect($('f-format'), o.formats, o.formats.length ? o.formats[0].id : undefined);
  fillSelect($('f-date-format'), o.date_formats || []);
  fillSelect($('f-language'), (o.languages || []).map((l) => ({ id: l.id, label: `${l.label} labels` })), browserLanguage(o.languages || []));
  fillSelect($('f-status'), o.statuses || [], '');
  fillFields();
}

/** The offered language the browser prefers first, or '' (field ids) when none is offered. */
function browserLanguage(languages) {
  const offered = new Set(languages.map((l) => l.id));
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (offered.has(base)) return base;
  }
  return '';
}

function currentType() {
  return (state.options.types || []).find((t) => t.id === $('f-type').value);
}

function fillFields() {
  const type = currentType();
  const list = $('fields-list');
  state.fieldsTouched = false;
  const defaults = new Set(type ? type.default_fields || [] : []);
  const boxes = (type ? type.fields : []).map((field, i) => {
    const id = `field-${i}`;
    return el(
      'div',
      { className: 'check' },
      el('input', { type: 'checkbox', id, value: field.id, checked: defaults.has(field.id) }),
      el('label', { for: id, text: field.label, title: field.id }),
    );
  });
  list.replaceChildren(...boxes);
  countFields();
}

function fieldBoxes() {
  return [...$('fields-list').querySelectorAll('input[type=checkbox]')];
}

function countFields() {
  $('fields-count').textContent = formatNumber(fieldBoxes().filter((b) => b.checked).length);
}

function setFields(which) {
  const type = currentType();
  const defaults = new Set(type ? type.default_fields || [] : []);
  for (const box of fieldBoxes()) {
    box.checked = which === 'all' ? true : which === 'none' ? false : defaults.has(box.value);
  }
  state.fieldsTouched = which !== 'default';
  countFields();
}

function requestBody() {
  const body = { type: $('f-type').value, format: $('f-format').value };
  const filters = {};
  if ($('f-status').value) filters.status = $('f-status').value;
  for (const [name, id] of [['source', 'f-source'], ['updated_since', 'f-updated-since'], ['q', 'f-q']]) {
    const value = $(id).value.trim();
    if (value) filters[name] = value;
  }
  if (Object.keys(filters).length) body.filters = filters;
  if ($('f-date-format').value) body.date_format = $('f-date-format').value;
  if ($('f-language').value) body.language = $('f-language').value;
  if (state.fieldsTouched) body.fields = fieldBoxes().filter((b) => b.checked).map((b) => b.value);
  body.email = $('f-email').checked;
  return body;
}

function errorNodeFor(control) {
  return $(`err-${control.id}`);
}

function setFieldError(control, message) {
  const node = errorNodeFor(control);
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    node.textContent = message;
    node.hidden = false;
  } else {
    control.removeAttribute('aria-invalid');
    node.textContent = '';
    node.hidden = true;
  }
}

function clearFormErrors() {
  for (const control of document.querySelectorAll('#new-export [data-param]')) setFieldError(control, '');
  const formError = $('new-export-error');
  formError.textContent = '';
  formError.hidden = true;
}

/** The control an error's param names: exactly, else its nearest named parent (fields[3] → fields). */
function controlFor(param) {
  if (!param) return null;
  const controls = [...document.querySelectorAll('#new-export [data-param]')];
  let name = param;
  while (name) {
    const found = controls.find((c) => c.dataset.param === name);
    if (found) return found;
    const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('['));
    name = cut > 0 ? name.slice(0, cut) : '';
  }
  return null;
}

function showFormError(error) {
  const control = controlFor(error.param);
  if (control) {
    setFieldError(control, error.message);
    // "fields[2]" is the third column sent: the third ticked box.
    const item = /^fields\[(\d+)\]$/.exec(error.param || '');
    const named = item ? fieldBoxes().filter((b) => b.checked)[Number(item[1])] : null;
    const focusable = named || (control.matches('fieldset') ? control.querySelector('input, select, button') : control);
    if (focusable) focusable.focus();
  } else {
    const formError = $('new-export-error');
    formError.textContent = describe(error);
    formError.hidden = false;
    formError.focus();
  }
  announce(`The export was not started: ${error.message}`);
}

function idempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `console-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

let pendingSubmission = null; // { body: string, key: string }: one key per distinct request

async function submitExport(event) {
  event.preventDefault();
  const button = $('create');
  if (button.disabled) return;
  clearFormErrors();
  const body = requestBody();
  const text = JSON.stringify(body);
  if (!pendingSubmission || pendingSubmission.body !== text) {
    pendingSubmission = { body: text, key: idempotencyKey() };
  }
  button.disabled = true;
  button.textContent = 'Starting…';
  try {
    const job = await api('POST', '/api/v1/exports', body, { 'Idempotency-Key': pendingSubmission.key });
    pendingSubmission = null;
    upsert([job], true);
    render();
    announce(`Export started: ${jobName(job)}. ${stateText(job)}.`);
    schedulePoll(POLL_ACTIVE_MS);
  } catch (error) {
    if (error.status === 401) return;
    if (error.status !== 0 && error.status < 500) pendingSubmission = null;
    showFormError(error);
  } finally {
    button.disabled = false;
    button.textContent = 'Start export';
  }
}

// ---------------------------------------------------------------- the log

function upsert(jobs, atTop) {
  for (const job of jobs) {
    const known = state.jobs.has(job.id);
    state.jobs.set(job.id, job);
    if (!known && atTop) state.order.unshift(job.id);
    if (job.state !== 'queued' && job.state !== 'running') state.canceling.delete(job.id);
  }
}

async function refresh() {
  clearTimeout(state.pollTimer);
  if (!state.key) return;
  try {
    const page = await api('GET', `/api/v1/exports?limit=${PAGE}`);
    const ids = page.data.map((job) => job.id);
    upsert(page.data, false);
    const first = new Set(ids);
    // Anything newer than the first page's oldest that is not in it anymore has moved down.
    state.older = state.older.filter((id) => !first.has(id));
    state.order = ids;
    if (state.older.length === 0) state.hasMore = page.has_more;
    for (const id of [...state.jobs.keys()]) {
      if (!first.has(id) && !state.older.includes(id)) state.jobs.delete(id);
    }
    render();
    $('log-section').removeAttribute('aria-busy');
    schedulePoll(anyActive() ? POLL_ACTIVE_MS : POLL_IDLE_MS);
  } catch (error) {
    if (error.status === 401) return;
    announce(`The export log could not be read: ${describe(error)}`);
    schedulePoll(Math.max(POLL_IDLE_MS, error.retryAfter * 1000));
  }
}

async function loadOlder() {
  const button = $('more');
  button.disabled = true;
  try {
    const skip = state.order.length + state.older.length;
    const page = await api('GET', `/api/v1/exports?limit=${PAGE}&skip=${skip}`);
    upsert(page.data, false);
    for (const job of page.data) {
      if (!state.order.includes(job.id) && !state.older.includes(job.id)) state.older.push(job.id);
    }
    state.hasMore = page.has_more;
    render();
    announce(`${formatNumber(page.data.length)} older exports shown.`);
  } catch (error) {
    if (error.status !== 401) announce(`Older exports could not be read: ${describe(error)}`);
  } finally {
    button.disabled = false;
  }
}

function anyActive() {
  for (const job of state.jobs.values()) {
    if (job.state === 'queued' || job.state === 'running') return true;
  }
  return false;
}

function schedulePoll(ms) {
  clearTimeout(state.pollTimer);
  if (!state.key) return;
  const wait = document.hidden ? Math.max(ms, POLL_HIDDEN_MS) : ms;
  state.pollTimer = setTimeout(refresh, wait);
}

const COLUMNS = ['Export', 'Type and format', 'State', 'Progress', 'Rows', 'Size', 'Created', 'Finished', 'Created by', 'Actions'];

// Each cell holds one <div>: on narrow screens the cell is a grid of its label and that div.
// The roles keep the table a table for screen readers when CSS shows it as cards.
function newRow(id) {
  const row = el('tr', { 'data-id': id, role: 'row' });
  COLUMNS.forEach((name, i) => {
    const cell = el(i === 0 ? 'th' : 'td', {
      'data-label': name,
      className: `col-${name.toLowerCase().replaceAll(' ', '-')}`,
      role: i === 0 ? 'rowheader' : 'cell',
      scope: i === 0 ? 'row' : null,
    });
    cell.append(el('div', { className: 'value' }));
    row.append(cell);
  });
  return row;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setNodes(cell, key, build) {
  if (cell.dataset.key === key) return;
  cell.dataset.key = key;
  cell.replaceChildren(...build().filter((node) => node !== null && node !== undefined));
}

function updateRow(row, job) {
  const cells = [...row.children].map((cell) => cell.firstElementChild);
  const name = jobName(job);
  setNodes(cells[0], `${name}|${job.surface}`, () => [
    el('span', { className: 'job-name', text: name, tabindex: '-1' }),
    el('span', { className: 'job-surface', text: `via ${surfaceLabel(job.surface)}` }),
  ]);
  setNodes(cells[1], `${job.type}|${job.format}`, () => [
    el('span', { className: 'job-type', text: typeLabel(job.type) }),
    el('span', { className: 'job-format', text: formatLabel(job.format) }),
  ]);
  const words = stateText(job);
  const error = job.state === 'failed' && job.error ? job.error.message : '';
  setNodes(cells[2], `${job.state}|${words}|${error}`, () => [
    el('span', { className: `state state-${job.state}`, text: words }),
    error ? el('span', { className: 'state-detail', text: error }) : null,
  ]);
  updateProgress(cells[3], job, name);
  setText(cells[4], job.state === 'succeeded' ? formatNumber(job.rows_done) : formatNumber(job.rows_total));
  cells[4].parentElement.classList.add('num');
  setText(cells[5], formatSize(job.file_size));
  cells[5].parentElement.classList.add('num');
  if (job.file_size !== null && job.file_size !== undefined) cells[5].title = `${numbers.format(job.file_size)} bytes`;
  setNodes(cells[6], job.created_at || '', () => [timeNode(job.created_at)]);
  setNodes(cells[7], job.finished_at || '', () => [timeNode(job.finished_at)]);
  setText(cells[8], creator(job));
  updateActions(cells[9], job, name);
}

function updateProgress(cell, job, name) {
  const showBar = job.state === 'running' || job.state === 'succeeded';
  let bar = cell.querySelector('progress');
  if (showBar && !bar) {
    bar = el('progress', { 'aria-label': `Progress of ${name}` });
    cell.prepend(bar);
  } else if (!showBar && bar) {
    bar.remove();
    bar = null;
  }
  if (bar) {
    if (job.rows_total === null || job.rows_total === undefined) {
      if (job.state === 'succeeded') {
        bar.max = 1;
        bar.value = 1;
      } else {
        bar.removeAttribute('value');
      }
    } else {
      bar.max = Math.max(job.rows_total, 1);
      bar.value = job.rows_total === 0 ? (job.state === 'succeeded' ? 1 : 0) : job.rows_done || 0;
    }
  }
  let text = cell.querySelector('.progress-text');
  if (!text) {
    text = el('span', { className: 'progress-text' });
    cell.append(text);
  }
  setText(text, progressText(job));
}

function updateActions(cell, job, name) {
  const canDownload = job.state === 'succeeded';
  const canCancel = (job.state === 'queued' || job.state === 'running') && !state.canceling.has(job.id);
  const key = `${canDownload}|${canCancel}`;
  if (cell.dataset.key === key) return;
  const hadFocus = cell.contains(document.activeElement);
  setNodes(cell, key, () => [
    canDownload
      ? el('button', { type: 'button', className: 'button-primary', 'data-action': 'download', 'data-id': job.id },
        'Download', el('span', { className: 'visually-hidden', text: ` ${name}` }))
      : null,
    canCancel
      ? el('button', { type: 'button', className: 'button-danger', 'data-action': 'cancel', 'data-id': job.id },
        'Cancel', el('span', { className: 'visually-hidden', text: ` ${name}` }))
      : null,
  ]);
  if (hadFocus) {
    const next = cell.querySelector('button') || cell.closest('tr').querySelector('.job-name');
    if (next) next.focus();
  }
}

function render() {
  const tbody = $('log-rows');
  const ids = [...state.order, ...state.older];
  const wanted = new Set(ids);
  for (const [id, row] of state.rows) {
    if (!wanted.has(id)) {
      row.remove();
      state.rows.delete(id);
    }
  }
  let cursor = tbody.firstElementChild;
  for (const id of ids) {
    const job = state.jobs.get(id);
    if (!job) continue;
    let row = state.rows.get(id);
    if (!row) {
      row = newRow(id);
      state.rows.set(id, row);
    }
    updateRow(row, job);
    if (row === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      tbody.insertBefore(row, cursor);
    }
  }
  $('log-empty').hidden = ids.length > 0;
  $('log-wrap').hidden = ids.length === 0;
  $('more').hidden = !state.hasMore;
}

async function download(id, button) {
  const job = state.jobs.get(id);
  button.disabled = true;
  try {
    const link = await api('POST', `/api/v1/exports/${encodeURIComponent(id)}/link`);
    announce(`Downloading ${jobName(job)}.`);
    window.location.assign(link.url);
  } catch (error) {
    if (error.status !== 401) {
      announce('');
      showAlert(`${jobName(job)} cannot be downloaded: ${describe(error)}`);
    }
  } finally {
    button.disabled = false;
  }
}

async function cancel(id, button) {
  const job = state.jobs.get(id);
  button.disabled = true;
  state.canceling.add(id);
  try {
    const updated = await api('POST', `/api/v1/exports/${encodeURIComponent(id)}/cancel`);
    upsert([updated], false);
    announce(`${jobName(updated)}: ${updated.state === 'canceled' ? 'canceled' : 'canceling'}.`);
  } catch (error) {
    state.canceling.delete(id);
    if (error.status !== 401) showAlert(`${jobName(job)} could not be canceled: ${describe(error)}`);
  } finally {
    button.disabled = false;
  }
  render();
  schedulePoll(POLL_ACTIVE_MS);
}

// ---------------------------------------------------------------- wiring

function start() {
  $('tz').textContent = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) {
      setFieldError($('api-key'), 'Enter an API key.');
      $('api-key').focus();
      return;
    }
    signIn(key, false);
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('new-export').addEventListener('submit', submitExport);
  $('f-type').addEventListener('change', fillFields);
  $('fields-list').addEventListener('change', () => {
    state.fieldsTouched = true;
    countFields();
  });
  $('fields-default').addEventListener('click', () => setFields('default'));
  $('fields-all').addEventListener('click', () => setFields('all'));
  $('fields-none').addEventListener('click', () => setFields('none'));
  $('new-export').addEventListener('input', (event) => {
    const control = event.target.closest('[data-param]');
    if (control && control.getAttribute('aria-invalid')) setFieldError(control, '');
  });
  $('refresh').addEventListener('click', () => {
    refresh();
    announce('Export log refreshed.');
  });
  $('more').addEventListener('click', loadOlder);
  $('log-rows').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    if (button.dataset.action === 'download') download(button.dataset.id, button);
    if (button.dataset.action === 'cancel') cancel(button.dataset.id, button);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.key) refresh();
  });
  const saved = sessionStorage.getItem(KEY_ITEM);
  if (saved) {
    signIn(saved, true);
  } else {
    showSignIn();
  }
}

start();

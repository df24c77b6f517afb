// Leadport export console: signs in with an API key (kept in this tab's sessionStorage only),
// lists the workspace's exports, starts, cancels and downloads them through /api/v1/exports.
// Plain DOM, no framework, no inline script or style: the page's CSP allows neither.
// The entry module: signing in and out, starting exports, polling the log, and the page's wiring.

import { api, whenUnauthorized } from './api.js';
import { $, announce, showAlert } from './dom.js';
import {
  clearFormErrors,
  countFields,
  fillFields,
  fillOptions,
  idempotencyKey,
  requestBody,
  setFieldError,
  setFields,
  showFormError,
} from './form.js';
import { describe, formatNumber, jobName, stateText } from './format.js';
import {
  KEY_ITEM,
  PAGE,
  POLL_ACTIVE_MS,
  POLL_HIDDEN_MS,
  POLL_IDLE_MS,
  state,
} from './state.js';
import { hideParts, showParts } from './parts.js';
import { render } from './table.js';

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

async function download(id, button) {
  const job = state.jobs.get(id);
  button.disabled = true;
  try {
    if (job && job.parts) {
      // No one file to link: the export's status lists its parts with fresh links.
      const full = await api('GET', `/api/v1/exports/${encodeURIComponent(id)}`);
      showParts(full);
      announce(`${jobName(full)} is in ${formatNumber(job.parts)} parts.`);
      return;
    }
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
  whenUnauthorized(signOut);
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
  $('parts-close').addEventListener('click', hideParts);
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

// How the console words and formats jobs: numbers, sizes, times, labels, states and errors.

import { el } from './dom.js';
import { state, STATES, SURFACES } from './state.js';

export const numbers = new Intl.NumberFormat();
export const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
export const times = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

export function formatNumber(n) {
  return n === null || n === undefined ? '—' : numbers.format(n);
}

export function formatSize(bytes) {
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

export function timeNode(iso) {
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

export function label(list, id) {
  const found = (list || []).find((item) => item.id === id);
  return found ? found.label : id;
}

export function typeLabel(id) {
  return label(state.options && state.options.types, id);
}

export function formatLabel(id) {
  return label(state.options && state.options.formats, id);
}

export function surfaceLabel(id) {
  return SURFACES[id] || id;
}

export function jobName(job) {
  return job.file_name || `${typeLabel(job.type)} export`;
}

export function stateText(job) {
  if (state.canceling.has(job.id) && (job.state === 'queued' || job.state === 'running')) {
    return 'Canceling…';
  }
  return STATES[job.state] || job.state;
}

export function progressText(job) {
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

export function creator(job) {
  const by = job.created_by || {};
  return by.name || by.api_key_id || '—';
}

export function describe(error) {
  if (error.status === 429 && error.retryAfter) {
    return `${error.message} (try again in ${formatNumber(error.retryAfter)} s)`;
  }
  return error.message;
}

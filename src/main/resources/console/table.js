// The export log's table: one row per job, updated in place so focus and selection survive polls.

import { $, el } from './dom.js';
import {
  creator,
  formatLabel,
  formatNumber,
  formatSize,
  jobName,
  numbers,
  progressText,
  stateText,
  surfaceLabel,
  timeNode,
  typeLabel,
} from './format.js';
import { state } from './state.js';

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
  // An export in parts has no one size: the count of its parts (its Download lists them).
  setText(cells[5], job.parts ? `${formatNumber(job.parts)} parts` : formatSize(job.file_size));
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

export function render() {
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

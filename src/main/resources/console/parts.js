// An export in parts (docs/parts.md) has no one file: its Download opens this panel, which lists
// every part from the manifest of the export's status, each with a link signed just now, its rows,
// size and SHA-256. The links expire (LEADPORT_DOWNLOAD_TTL), so the panel is filled afresh on
// every Download rather than kept.

import { $, el } from './dom.js';
import { formatNumber, formatSize, jobName } from './format.js';

export function showParts(job) {
  const manifest = job.manifest;
  const parts = manifest ? manifest.parts : [];
  $('parts-title').textContent = `${jobName(job)}: ${formatNumber(parts.length)} parts`;
  $('parts-list').replaceChildren(...parts.map((part) => el(
    'li',
    {},
    el('a', { href: part.url, download: '', text: `Part ${formatNumber(part.part)}` }),
    ` — ${formatNumber(part.rows)} rows, ${formatSize(part.bytes)}, SHA-256 `,
    el('code', { className: 'sha256', text: part.sha256 }),
  )));
  $('parts-panel').hidden = false;
  $('parts-title').focus();
}

export function hideParts() {
  $('parts-panel').hidden = true;
  $('parts-list').replaceChildren();
}

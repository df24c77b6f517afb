// The console's constants and its one mutable state, shared by its modules.

export const KEY_ITEM = 'leadport.console.key';
export const PAGE = 50;
export const POLL_ACTIVE_MS = 1000;
export const POLL_IDLE_MS = 10000;
export const POLL_HIDDEN_MS = 30000;

export const SURFACES = {
  console: 'Console',
  close: 'Close API',
  hubspot: 'HubSpot API',
  roofkit: 'RoofKit API',
  jsonapi: 'JSON:API',
  cli: 'Command line',
};

export const STATES = {
  queued: 'Waiting to start',
  running: 'Exporting',
  succeeded: 'Ready to download',
  failed: 'Failed',
  canceled: 'Canceled',
};

export const state = {
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

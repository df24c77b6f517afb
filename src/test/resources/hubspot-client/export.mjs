// Drives one whole HubSpot CRM export (seed 002) against Leadport with HubSpot's official Node
// client, `@hubspot/api-client`, changing nothing but its basePath: start a VIEW export of
// contacts as CSV, poll the task's status with the numeric id the client's types ask for, download
// the signed `result` URL, and print a one-line JSON summary on stdout. Exits 1 on any failure,
// with the reason on stderr; 2 on bad usage. Run by HubSpotNodeClientIT; by hand:
//
//   npm ci && HUBSPOT_ACCESS_TOKEN=lp_... node export.mjs --base-path http://localhost:8080
//
// Options (each also an environment variable):
//   --base-path URL    HUBSPOT_BASE_PATH           Leadport's base URL, no trailing slash
//   --token KEY        HUBSPOT_ACCESS_TOKEN        a Leadport API key with scope leads.export
//   --client PACKAGE   HUBSPOT_CLIENT_PACKAGE      the client package to load (default
//                                                  @hubspot/api-client, pinned in package.json)
//   --allow-start-fallback  HUBSPOT_ALLOW_START_FALLBACK=1
//                      client releases 13.0.0 to at least 14.0.1 cannot serialize any
//                      PublicExportRequest ("typeMap[type].getAttributeTypeMap is not a
//                      function", thrown before a request is sent; 12.x has no
//                      client.crm.exports at all); with this flag start() then
//                      goes through the same client's apiRequest() instead (the client's own way
//                      to call an endpoint it does not wrap), and the summary says so.
//   --timeout-ms N     HUBSPOT_EXPORT_TIMEOUT_MS   give up after N ms (default 120000)
//   --save FILE        HUBSPOT_EXPORT_SAVE         also write the downloaded file there
//   --request FILE     HUBSPOT_EXPORT_REQUEST      start this request body (JSON) instead of the
//                                                  built-in one, e.g. the documentation's example

import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function options(argv) {
  const o = {
    basePath: process.env.HUBSPOT_BASE_PATH,
    token: process.env.HUBSPOT_ACCESS_TOKEN,
    client: process.env.HUBSPOT_CLIENT_PACKAGE || '@hubspot/api-client',
    allowStartFallback: process.env.HUBSPOT_ALLOW_START_FALLBACK === '1',
    timeoutMs: Number(process.env.HUBSPOT_EXPORT_TIMEOUT_MS || 120000),
    save: process.env.HUBSPOT_EXPORT_SAVE,
    request: process.env.HUBSPOT_EXPORT_REQUEST,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base-path') o.basePath = value();
    else if (a === '--token') o.token = value();
    else if (a === '--client') o.client = value();
    else if (a === '--allow-start-fallback') o.allowStartFallback = true;
    else if (a === '--timeout-ms') o.timeoutMs = Number(value());
    else if (a === '--save') o.save = value();
    else if (a === '--request') o.request = value();
    else usage(`unknown argument ${a}`);
  }
  if (!o.basePath) usage('no base path: give --base-path or HUBSPOT_BASE_PATH');
  if (!o.token) usage('no token: give --token or HUBSPOT_ACCESS_TOKEN');
  if (!(o.timeoutMs > 0)) usage('--timeout-ms must be a positive number');
  o.basePath = o.basePath.replace(/\/+$/, '');
  return o;
}

function usage(message) {
  process.stderr.write(`export.mjs: ${message}\n`);
  process.exit(2);
}

class Failure extends Error {}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

function validDate(d, name) {
  check(d instanceof Date && !Number.isNaN(d.getTime()), `${name} did not parse as a date: ${d}`);
  return d.toISOString();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The package's version, from its package.json (found through its resolved main file). */
function clientVersion(pkg) {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    return null;
  }
}

async function loadClient(pkg) {
  const mod = await import(pkg);
  const Client = mod.Client ?? mod.default?.Client;
  check(typeof Client === 'function', `${pkg} exports no Client`);
  return Client;
}

/** What HubSpot's own docs would send for "contacts with an email, newest first", as CSV. */
const REQUEST = {
  exportType: 'VIEW',
  format: 'CSV',
  exportName: 'node-client-contacts',
  language: 'EN',
  objectType: 'CONTACT',
  objectProperties: ['hs_object_id', 'email', 'jobtitle'],
  publicCrmSearchRequest: {
    filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }],
    // The client types sorts as Array<string>: a property name, "-" first for descending.
    sorts: ['-createdate'],
  },
};

const STATUSES = new Set(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']);

async function start(client, o, request) {
  const api = client.crm.exports.publicExportsApi;
  try {
    const info = await api.startWithHttpInfo(request);
    return { via: 'publicExportsApi.start', httpStatus: info.httpStatusCode, locator: info.data };
  } catch (e) {
    const clientBug =
      e instanceof TypeError && /getAttributeTypeMap is not a function/.test(String(e.message));
    if (!clientBug || !o.allowStartFallback) throw e;
    // The request never left the client; send the same body through its generic caller.
    const res = await client.apiRequest({
      method: 'POST',
      path: '/crm/v3/exports/export/async',
      body: request,
    });
    const text = await res.text();
    check(res.status === 202, `apiRequest start answered ${res.status}: ${text}`);
    return {
      via: 'apiRequest (client bug in publicExportsApi.start: ' + e.message + ')',
      httpStatus: res.status,
      locator: JSON.parse(text),
    };
  }
}

async function run(o) {
  const Client = await loadClient(o.client);
  const client = new Client({ accessToken: o.token, basePath: o.basePath });
  const deadline = Date.now() + o.timeoutMs;
  const request = o.request ? JSON.parse(await readFile(o.request, 'utf8')) : REQUEST;

  const started = await start(client, o, request);
  check(started.httpStatus === 202, `start answered ${started.httpStatus}, not 202`);
  const locator = started.locator;
  check(typeof locator?.id === 'string', `the task locator has no string id: ${JSON.stringify(locator)}`);
  check(/^[1-9][0-9]*$/.test(locator.id), `the task id ${locator.id} is not a positive integer`);
  // The client's getStatus(taskId: number): the id must survive the round trip through a number.
  const taskId = Number(locator.id);
  check(
    Number.isSafeInteger(taskId) && String(taskId) === locator.id,
    `the task id ${locator.id} does not survive Number(): ${taskId}`,
  );
  check(typeof locator.links?.status === 'string', `the locator has no links.status: ${JSON.stringify(locator)}`);

  let status;
  let polls = 0;
  const seen = [];
  for (;;) {
    const info = await client.crm.exports.publicExportsApi.getStatusWithHttpInfo(taskId);
    polls++;
    check(info.httpStatusCode === 200, `getStatus answered ${info.httpStatusCode}`);
    status = info.data;
    check(STATUSES.has(status.status), `unknown status ${status.status}`);
    if (seen[seen.length - 1] !== status.status) seen.push(status.status);
    validDate(status.requestedAt, 'requestedAt');
    check(typeof status.numErrors === 'number', `numErrors is not a number: ${status.numErrors}`);
    check(Array.isArray(status.errors), `errors is not an array: ${status.errors}`);
    check(status.status !== 'CANCELED', 'the export was canceled');
    if (status.status === 'COMPLETE') break;
    check(Date.now() < deadline, `the export was not COMPLETE after ${o.timeoutMs} ms: ${status.status}`);
    await sleep(200);
  }
  check(status.numErrors === 0 && status.errors.length === 0, `the export failed: ${JSON.stringify(status.errors)}`);
  check(typeof status.result === 'string' && status.result.length > 0, 'COMPLETE without a result URL');
  const requestedAt = validDate(status.requestedAt, 'requestedAt');
  const startedAt = validDate(status.startedAt, 'startedAt');
  const completedAt = validDate(status.completedAt, 'completedAt');
  check(
    status.requestedAt <= status.startedAt && status.startedAt <= status.completedAt,
    `timestamps out of order: ${requestedAt} ${startedAt} ${completedAt}`,
  );

  // The signed URL needs no credentials: fetch it as a browser would.
  const res = await fetch(status.result);
  const bytes = new Uint8Array(await res.arrayBuffer());
  check(res.ok, `the download answered ${res.status}: ${new TextDecoder().decode(bytes).slice(0, 500)}`);
  if (o.save) await writeFile(o.save, bytes);
  const contentType = res.headers.get('content-type');
  let firstLine = null;
  let lines = null;
  let bom = false;
  if (contentType && contentType.startsWith('text/csv')) {
    bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    // TextDecoder drops a leading byte order mark by itself.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const all = text.split(/\r?\n/);
    firstLine = all[0];
    lines = all.filter((l) => l.length > 0).length;
  }

  return {
    request,
    client: o.client,
    clientVersion: clientVersion(o.client),
    startVia: started.via,
    startHttpStatus: started.httpStatus,
    taskId,
    taskIdType: typeof taskId,
    statusLink: locator.links.status,
    status: status.status,
    statusesSeen: seen,
    polls,
    numErrors: status.numErrors,
    requestedAt,
    startedAt,
    completedAt,
    downloadHttpStatus: res.status,
    contentType,
    contentDisposition: res.headers.get('content-disposition'),
    bytes: bytes.length,
    bom,
    firstLine,
    lines,
  };
}

const o = options(process.argv.slice(2));
try {
  const summary = await run(o);
  process.stdout.write(JSON.stringify(summary) + '\n');
} catch (e) {
  // An ApiException carries the HTTP code and the parsed error body.
  const detail =
    e && typeof e === 'object' && 'code' in e && 'body' in e
      ? ` (HTTP ${e.code}: ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body)})`
      : '';
  process.stderr.write(`export.mjs: FAILED: ${e instanceof Failure ? e.message : e?.stack ?? e}${detail}\n`);
  process.exit(1);
}

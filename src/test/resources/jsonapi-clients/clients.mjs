// Drives Leadport's JSON:API contact exports (seed 003, MPDX) with two JSON:API clients from npm,
// changing nothing but their base URL, and prints a one-line JSON summary on stdout for
// JsonApiNodeClientsIT to check. Exits 1 on any unexpected failure (reason on stderr), 2 on bad
// usage. By hand:
//
//   npm ci && LEADPORT_KEY=lp_... node clients.mjs --base-url http://localhost:8080/api/v2
//
//   --base-url URL   LEADPORT_BASE_URL   the API root the clients are given (…/api/v2)
//   --key KEY        LEADPORT_KEY        an API key with scope leads.export
//   --out DIR        LEADPORT_OUT        where the downloaded files are written (default .)
//
// devour-client: define the export_logs model at collectionPath contacts/exports, create it with
// the seed's filter (a JSON string), find it with include=user and a sparse fieldset, read an
// error, then download .csv and .xlsx the way MPDX's web client does (fetch with ?access_token=).
// kitsu: read the same log with include=user and fields[export_logs]; its POST derives data.type
// from the URL's last segment ("exports"), which cannot name export_logs at contacts/exports, so
// the summary records the 409 that JSON:API prescribes for it.

import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function options(argv) {
  const o = {
    baseUrl: process.env.LEADPORT_BASE_URL,
    key: process.env.LEADPORT_KEY,
    out: process.env.LEADPORT_OUT || '.',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base-url') o.baseUrl = value();
    else if (a === '--key') o.key = value();
    else if (a === '--out') o.out = value();
    else usage(`unknown argument ${a}`);
  }
  if (!o.baseUrl) usage('no base URL: give --base-url or LEADPORT_BASE_URL');
  if (!o.key) usage('no key: give --key or LEADPORT_KEY');
  o.baseUrl = o.baseUrl.replace(/\/+$/, '');
  return o;
}

function usage(message) {
  process.stderr.write(`clients.mjs: ${message}\n`);
  process.exit(2);
}

class Failure extends Error {}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

const version = (pkg) => require(`${pkg}/package.json`).version;

/** The seed's filter, as the seed's POST sends it: a JSON string. */
const SEED_FILTER = '{"status":"active"}';

async function devour(o) {
  const JsonApi = require('devour-client');
  const api = new JsonApi({ apiUrl: o.baseUrl, bearer: o.key, logger: false });
  api.define(
    'export_log',
    {
      params: '',
      created_at: '',
      export_at: '',
      type: '',
      updated_at: '',
      updated_in_db_at: '',
      user: { jsonApi: 'hasOne', type: 'users' },
    },
    { collectionPath: 'contacts/exports', readOnly: ['export_at', 'type'] },
  );
  api.define('user', { name: '', email: '' });

  const created = await api.create('export_log', { params: { filter: SEED_FILTER } });
  const log = created.data;
  check(typeof log?.id === 'string', `create gave no id: ${JSON.stringify(created)}`);

  const withUser = (await api.find('export_log', log.id, { include: 'user' })).data;
  const sparse = (await api.find('export_log', log.id, { fields: { export_logs: 'params,export_at' } }))
    .data;

  let error = null;
  try {
    await api.create('export_log', { params: { filter: { account_list_id: 'ws_not_mine' } } });
  } catch (e) {
    // devour rejects with the response's errors keyed by their source.pointer's last segment.
    error = e && typeof e === 'object' && !(e instanceof Error) ? e : { thrown: String(e?.stack ?? e) };
  }

  // MPDX's web client: a plain fetch of the file with the key as access_token.
  const files = {};
  for (const [ext, type] of [
    ['csv', 'text/csv'],
    ['xlsx', 'application/xlsx'],
  ]) {
    const url = `${o.baseUrl}/contacts/exports/${encodeURIComponent(log.id)}.${ext}?access_token=${encodeURIComponent(o.key)}`;
    const res = await fetch(url, { method: 'GET', headers: { 'Content-Type': type } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    check(res.ok, `${ext} download answered ${res.status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`);
    const file = path.join(o.out, `devour-download.${ext}`);
    await writeFile(file, bytes);
    files[ext] = { status: res.status, contentType: res.headers.get('content-type'), bytes: bytes.length, file };
  }

  return {
    version: version('devour-client'),
    id: log.id,
    params: log.params,
    createdAt: log.created_at,
    userId: withUser.user?.id ?? null,
    userName: withUser.user?.name ?? null,
    userEmail: withUser.user?.email ?? null,
    sparseKeys: Object.keys(sparse).sort(),
    error,
    files,
  };
}

async function kitsu(o, id) {
  const { default: Kitsu } = await import('kitsu');
  const api = new Kitsu({
    baseURL: o.baseUrl,
    headers: { Authorization: `Bearer ${o.key}` },
    pluralize: false,
    resourceCase: 'none',
    camelCaseTypes: false,
  });
  const read = await api.get(`contacts/exports/${id}`, {
    params: { include: 'user', fields: { export_logs: 'params,user', users: 'name' } },
  });
  let post = null;
  try {
    await api.post('contacts/exports', { params: { filter: SEED_FILTER } });
    post = { status: 'created' };
  } catch (e) {
    post = { errors: e?.errors ?? null, message: e?.message ?? String(e) };
  }
  return {
    version: version('kitsu'),
    status: read.status,
    id: read.data?.id ?? null,
    type: read.data?.type ?? null,
    params: read.data?.params ?? null,
    createdAt: read.data?.created_at ?? null,
    user: read.data?.user?.data ?? read.data?.user ?? null,
    post,
  };
}

const o = options(process.argv.slice(2));
try {
  const d = await devour(o);
  const k = await kitsu(o, d.id);
  process.stdout.write(JSON.stringify({ devour: d, kitsu: k }) + '\n');
} catch (e) {
  const detail = e && typeof e === 'object' && 'errors' in e ? ` ${JSON.stringify(e.errors)}` : '';
  process.stderr.write(`clients.mjs: FAILED: ${e instanceof Failure ? e.message : e?.stack ?? e}${detail}\n`);
  process.exit(1);
}

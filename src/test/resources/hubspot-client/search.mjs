// Drives HubSpot's CRM search against Leadport with HubSpot's official Node client,
// `@hubspot/api-client`, changing nothing but its basePath, and prints a one-line JSON summary on
// stdout. Exits 1 on any failure, with the reason on stderr; 2 on bad usage. Run by
// HubSpotNodeClientIT; by hand:
//
//   npm ci && HUBSPOT_ACCESS_TOKEN=lp_... node search.mjs --base-path http://localhost:8080 \
//     --lastname Lovelace
//
// Options (each also an environment variable):
//   --base-path URL    HUBSPOT_BASE_PATH        Leadport's base URL, no trailing slash
//   --token KEY        HUBSPOT_ACCESS_TOKEN     a Leadport API key with scope leads.read
//   --lastname NAME    HUBSPOT_SEARCH_LASTNAME  the contacts searched for: lastname EQ NAME
//   --calls N          HUBSPOT_SEARCH_CALLS     run the same search N times in a row (default 1)
//   --retries N        HUBSPOT_API_RETRIES      the client's numberOfApiCallRetries (default 0):
//                      its retry decorator repeats a call that met HubSpot's 429 for the
//                      TEN_SECONDLY_ROLLING policy after 10 s

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function options(argv) {
  const o = {
    basePath: process.env.HUBSPOT_BASE_PATH,
    token: process.env.HUBSPOT_ACCESS_TOKEN,
    lastname: process.env.HUBSPOT_SEARCH_LASTNAME,
    calls: Number(process.env.HUBSPOT_SEARCH_CALLS || 1),
    retries: Number(process.env.HUBSPOT_API_RETRIES || 0),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base-path') o.basePath = value();
    else if (a === '--token') o.token = value();
    else if (a === '--lastname') o.lastname = value();
    else if (a === '--calls') o.calls = Number(value());
    else if (a === '--retries') o.retries = Number(value());
    else usage(`unknown argument ${a}`);
  }
  if (!o.basePath) usage('no base path: give --base-path or HUBSPOT_BASE_PATH');
  if (!o.token) usage('no token: give --token or HUBSPOT_ACCESS_TOKEN');
  if (!o.lastname) usage('no last name: give --lastname or HUBSPOT_SEARCH_LASTNAME');
  if (!(o.calls >= 1)) usage('--calls must be at least 1');
  if (!(o.retries >= 0 && o.retries <= 6)) usage('--retries must be 0 to 6');
  o.basePath = o.basePath.replace(/\/+$/, '');
  return o;
}

function usage(message) {
  process.stderr.write(`search.mjs: ${message}\n`);
  process.exit(2);
}

async function loadClient() {
  const mod = await import('@hubspot/api-client');
  return mod.Client ?? mod.default?.Client;
}

async function run(o) {
  const Client = await loadClient();
  const config = { accessToken: o.token, basePath: o.basePath };
  if (o.retries > 0) config.numberOfApiCallRetries = o.retries;
  const client = new Client(config);
  const request = {
    filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: o.lastname }] }],
    properties: ['firstname', 'lastname', 'email'],
    sorts: ['firstname'],
    limit: 10,
  };
  const calls = [];
  let last;
  for (let i = 0; i < o.calls; i++) {
    const t0 = Date.now();
    last = await client.crm.contacts.searchApi.doSearch(request);
    calls.push({ ms: Date.now() - t0, total: last.total });
  }
  return {
    clientVersion: require('@hubspot/api-client/package.json').version,
    calls,
    total: last.total,
    results: last.results.map((r) => ({ id: r.id, properties: r.properties })),
  };
}

const o = options(process.argv.slice(2));
try {
  process.stdout.write(JSON.stringify(await run(o)) + '\n');
} catch (e) {
  const detail =
    e && typeof e === 'object' && 'code' in e && 'body' in e
      ? ` (HTTP ${e.code}: ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body)})`
      : '';
  process.stderr.write(`search.mjs: FAILED: ${e?.stack ?? e}${detail}\n`);
  process.exit(1);
}

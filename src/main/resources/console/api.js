// Calls to /api/v1 with the signed-in key; an answer other than 2xx is thrown as an ApiError.

import { state } from './state.js';

/** An answer of the API other than 2xx, with the native error body when there is one. */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.message) || `The server answered ${status}.`);
    this.status = status;
    this.code = body && body.code;
    this.param = body && body.param;
    this.requestId = body && body.request_id;
    this.retryAfter = retryAfter ? Number(retryAfter) : 0;
  }
}

let unauthorized = () => {};

/** What a 401 does once signed in (sign out with its message); set once by the page. */
export function whenUnauthorized(handler) {
  unauthorized = handler;
}

export async function api(method, path, body, headers = {}) {
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
      unauthorized(`Signed out: ${error.message}`);
    }
    throw error;
  }
  return data;
}

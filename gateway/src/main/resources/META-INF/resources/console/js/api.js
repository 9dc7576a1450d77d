// Calls of the console to the gateway's API. The browser holds no token: the session cookie
// (HttpOnly, SameSite=Strict) goes with each same-origin call and the gateway forwards the
// session's access token to the service. Every call carries X-Border-Console, which the gateway
// requires on state-changing calls made with the session (CSRF: another site can neither send
// the cookie nor set the header without a CORS preflight we refuse).

const CSRF_HEADER = 'X-Border-Console';

/** A refused or failed call: status, and the RFC 9457 problem+json when the answer was one. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message || (problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || null;
  }

  /** Field errors of a 400 problem (the services' InvalidProblem: errors [{field, message}]). */
  get fieldErrors() {
    const errors = this.problem && (this.problem.errors || this.problem.violations);
    return Array.isArray(errors) ? errors : [];
  }
}

/** '/api/v1/alerts' as is; 'alerts' → '/api/v1/alerts'. query: object or URLSearchParams (arrays repeat). */
export function url(path, query) {
  let target = path.startsWith('/') ? path : `/api/v1/${path}`;
  if (query) {
    const params = query instanceof URLSearchParams ? query : new URLSearchParams();
    if (!(query instanceof URLSearchParams)) {
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined || value === null || value === '') continue;
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
    }
    const text = params.toString();
    if (text) target += (target.includes('?') ? '&' : '?') + text;
  }
  return target;
}

function headersFor(headers, body) {
  const all = new Headers(headers || {});
  all.set(CSRF_HEADER, '1');
  if (!all.has('Accept')) all.set('Accept', 'application/json, application/problem+json');
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob) && !all.has('Content-Type')) {
    all.set('Content-Type', 'application/json');
  }
  return all;
}

function encode(body) {
  if (body === undefined || body instanceof FormData || body instanceof Blob || typeof body === 'string') return body;
  return JSON.stringify(body);
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }
  return null;
}

async function failed(response) {
  const problem = await problemOf(response);
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('border:unauthenticated', { detail: problem }));
  }
  return new ApiError(response.status, problem);
}

/**
 * One call; the whole answer: {status, headers, data} (data: parsed JSON, text, or null for 204).
 * Throws ApiError for a 4xx/5xx (401 also dispatches 'border:unauthenticated' on window) and for
 * a network failure (status 0).
 */
export async function apiResponse(path, { method = 'GET', body, headers, signal, query } = {}) {
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      body: encode(body),
      headers: headersFor(headers, body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null, e.message);
  }
  if (!response.ok) throw await failed(response);
  let data = null;
  if (response.status !== 204) {
    const type = response.headers.get('Content-Type') || '';
    data = type.includes('json') ? await response.json() : await response.text();
  }
  return { status: response.status, headers: response.headers, data };
}

/** One call → the parsed JSON (or null); see apiResponse. */
export async function api(path, options) {
  return (await apiResponse(path, options)).data;
}

/** A binary answer (a PDF, a STIX bundle, a file) → {blob, filename, type}. */
export async function apiBlob(path, { method = 'GET', body, headers, signal, query } = {}) {
  const all = headersFor(headers, body);
  all.set('Accept', (headers && headers.Accept) || '*/*');
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      body: encode(body),
      headers: all,
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null, e.message);
  }
  if (!response.ok) throw await failed(response);
  return {
    blob: await response.blob(),
    filename: filenameOf(response.headers.get('Content-Disposition')),
    type: response.headers.get('Content-Type'),
  };
}

/** The file name of a Content-Disposition (RFC 6266: filename* UTF-8 first). */
export function filenameOf(disposition) {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch (e) {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}

/** Fetches a binary answer and saves it as a download (name: the answer's, else fallbackName). */
export async function download(path, { fallbackName = 'download', ...options } = {}) {
  const { blob, filename } = await apiBlob(path, options);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename || fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return filename || fallbackName;
}

/**
 * Uploads with progress (XMLHttpRequest: fetch reports no upload progress). body: a File/Blob
 * (sent as is, with its type) or a FormData; onProgress(loaded, total). Resolves to the parsed
 * JSON answer; rejects with ApiError as api() does (an abort: an Error named AbortError).
 */
export function upload(path, { body, method = 'POST', headers, onProgress, signal, query } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url(path, query));
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value);
    if (body instanceof Blob && !(headers && headers['Content-Type'])) {
      xhr.setRequestHeader('Content-Type', body.type || 'application/octet-stream');
    }
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : null));
    }
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort());
    }
    xhr.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    xhr.addEventListener('error', () => reject(new ApiError(0, null, 'network error')));
    xhr.addEventListener('load', () => {
      const type = xhr.getResponseHeader('Content-Type') || '';
      let data = null;
      if (xhr.responseText && type.includes('json')) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch (e) {
          data = null;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
      } else {
        if (xhr.status === 401) {
          window.dispatchEvent(new CustomEvent('border:unauthenticated', { detail: data }));
        }
        reject(new ApiError(xhr.status, data));
      }
    });
    xhr.send(body);
  });
}

/**
 * Cursor paging of the services' lists ({items, nextCursor} or {items, next}): call next() for
 * each further page; done once a page has no cursor.
 */
export function pager(path, { query = {}, limit = 50, signal } = {}) {
  let cursor = null;
  let done = false;
  return {
    get done() {
      return done;
    },
    async next() {
      if (done) return [];
      const page = await api(path, { query: { ...query, limit, cursor }, signal });
      cursor = page.nextCursor || page.next || null;
      done = !cursor;
      return page.items || [];
    },
  };
}

// The user's live notifications: one EventSource on the gateway's merged stream
// (/api/v1/notifications/stream) shared by every page. subscribe(kind, handler) gets the events of
// one kind (e.g. 'alert.acknowledgement-due') as parsed JSON. EventSource sends Last-Event-ID
// itself when it reconnects; when the gateway ends it for good (401, 429, a refusal) we open it
// again after a pause with ?after=<last id>, so nothing between is lost.

const PATH = '/api/v1/notifications/stream';
const handlers = new Map(); // kind → Set of handlers
const statusHandlers = new Set();
let source = null;
let lastEventId = null;
let status = 'closed';
let retry = null;
let retryDelay = 2000;
let wanted = false;

function setStatus(next) {
  if (next === status) return;
  status = next;
  for (const handler of statusHandlers) handler(status);
}

function listen(kind) {
  source.addEventListener(kind, (event) => dispatch(kind, event));
}

function dispatch(kind, event) {
  if (event.lastEventId) lastEventId = event.lastEventId;
  let data = event.data;
  try {
    data = JSON.parse(event.data);
  } catch (e) {
    // not JSON: passed as text
  }
  for (const handler of handlers.get(kind) || []) {
    try {
      handler(data, event);
    } catch (e) {
      console.error('stream handler failed', e);
    }
  }
}

function open() {
  if (source || !wanted) return;
  const target = lastEventId ? `${PATH}?after=${encodeURIComponent(lastEventId)}` : PATH;
  source = new EventSource(target, { withCredentials: false });
  setStatus('connecting');
  source.addEventListener('open', () => {
    retryDelay = 2000;
    setStatus('open');
  });
  // the id without data each service starts with arrives as a message event
  source.addEventListener('message', (event) => {
    if (event.lastEventId) lastEventId = event.lastEventId;
  });
  source.addEventListener('error', () => {
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      setStatus('closed');
      if (wanted && !retry) {
        retry = setTimeout(() => {
          retry = null;
          open();
        }, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      }
    } else {
      setStatus('connecting');
    }
  });
  for (const kind of handlers.keys()) listen(kind);
}

/** Opens the shared stream (the shell does, once the user is known). */
export function connect() {
  wanted = true;
  open();
}

/** Closes it (logout, session ended). */
export function disconnect() {
  wanted = false;
  if (retry) clearTimeout(retry);
  retry = null;
  if (source) source.close();
  source = null;
  setStatus('closed');
}

/** handler(data, event) for each event of this kind; returns the function that unsubscribes. */
export function subscribe(kind, handler) {
  if (!handlers.has(kind)) {
    handlers.set(kind, new Set());
    if (source) listen(kind);
  }
  handlers.get(kind).add(handler);
  return () => handlers.get(kind).delete(handler);
}

/** handler(status) on 'open' | 'connecting' | 'closed'; returns the function that unsubscribes. */
export function onStatus(handler) {
  statusHandlers.add(handler);
  handler(status);
  return () => statusHandlers.delete(handler);
}

/** The id of the last event received (merged form), or null. */
export function lastId() {
  return lastEventId;
}

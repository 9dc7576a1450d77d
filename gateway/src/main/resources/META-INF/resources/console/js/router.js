// Hash routes: #/<page>[/<segment>...][?<query>]. A page is the module js/pages/<page>.js, loaded
// on first use; it exports
//   tag       the custom element it defines (e.g. 'page-alerts'),
//   titleKey  the i18n key of its title (e.g. 'alerts:title'),
// and the router puts <tag> into the outlet with element.route = {page, segments, query}
// (query: URLSearchParams). A later route to the same page only sets element.route again.

import { t } from './i18n.js';

const PAGE_NAME = /^[a-z][a-z0-9-]{0,40}$/;
const modules = new Map();
let outlet;
let defaultPage;
let onNavigate = () => {};
let currentPage = null;
let currentElement = null;

/** The route of a hash: {page, segments, query}. */
export function parse(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter((p) => p !== '').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  });
  return { page: parts[0] || defaultPage, segments: parts.slice(1), query };
}

/** '#/page/seg1/seg2?k=v' (query: object, empty values left out). */
export function href(page, segments = [], query = {}) {
  let hash = `#/${page}`;
  for (const segment of segments) hash += `/${encodeURIComponent(segment)}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `${hash}?${text}` : hash;
}

/** Goes to a route (a history entry; replace: none). */
export function navigate(page, segments = [], query = {}, { replace = false } = {}) {
  const target = href(page, segments, query);
  if (replace) {
    history.replaceState(null, '', target);
    render();
  } else {
    location.hash = target;
  }
}

/** The route shown now. */
export function current() {
  return parse(location.hash);
}

/** Starts routing into outlet; onNavigate(route, module) after each page is shown (title, nav). */
export function start(target, options = {}) {
  outlet = target;
  defaultPage = options.defaultPage || 'alerts';
  onNavigate = options.onNavigate || onNavigate;
  window.addEventListener('hashchange', render);
  return render();
}

async function load(page) {
  if (!modules.has(page)) {
    modules.set(
      page,
      import(`./pages/${page}.js`).catch((e) => {
        modules.delete(page);
        throw e;
      }),
    );
  }
  return modules.get(page);
}

async function render() {
  const route = current();
  if (!PAGE_NAME.test(route.page)) {
    showMessage(t('console:page.missing'));
    return;
  }
  if (route.page === currentPage && currentElement) {
    currentElement.route = route;
    onNavigate(route, modules.get(route.page));
    return;
  }
  let module;
  try {
    module = await load(route.page);
  } catch (e) {
    currentPage = null;
    currentElement = null;
    showMessage(t('console:page.missing'));
    onNavigate(route, null);
    return;
  }
  if (current().page !== route.page) return; // navigated away while loading
  const element = document.createElement(module.tag);
  element.route = route;
  outlet.replaceChildren(element);
  currentPage = route.page;
  currentElement = element;
  onNavigate(route, module);
}

function showMessage(text) {
  const p = document.createElement('p');
  p.className = 'notice';
  p.textContent = text;
  outlet.replaceChildren(p);
}

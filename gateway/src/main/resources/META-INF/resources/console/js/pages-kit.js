// What the cases, disputes, directory, bulletin and statistics pages share beyond the skeleton:
// the caller as the services see it, partners' names, calendar days, amounts, enum-free labels,
// the frame of a page of tabs and records (TabbedPage), and their stylesheet (css/pages.css, every
// rule scoped under the pages' tags).
import { api } from './api.js';
import { ConsoleElement, html, session } from './base.js';
import { t, register, lang, locale, formatDateTime, formatDate } from './i18n.js';

const STYLESHEET = new URL('../css/pages.css', import.meta.url).href;
if (!document.querySelector(`link[href="${STYLESHEET}"]`)) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

register('kit', {
  zh: {
    none: '暂无记录',
    overdue: '已超期',
    reminder: '催办',
    download: '下载',
    uploading: '上传中 {percent}%',
    yuan: '{amount} 元',
  },
  en: {
    none: 'Nothing here yet',
    overdue: 'Overdue',
    reminder: 'Due soon',
    download: 'Download',
    uploading: 'Uploading {percent}%',
    yuan: 'CNY {amount}',
  },
});

/** The signed-in user as the services see them: {jurisdiction (code), unit, roles}. */
export function caller() {
  const s = session();
  const user = (s && s.user) || {};
  return {
    jurisdiction: user.jurisdiction || (s && s.jurisdiction && s.jurisdiction.code),
    unit: user.unit,
    roles: user.roles || [],
  };
}

export function hasRole(me, ...roles) {
  return !!me && roles.some((r) => (me.roles || []).includes(r));
}

let directoryPromise;
/** The trust list as the gateway serves it: {jurisdiction, name, partners: [{code, name, categories}]}. */
export function partners() {
  directoryPromise ??= api('/api/v1/federation/partners').catch(() => ({ partners: [] }));
  return directoryPromise;
}

let partnersPromise;
/** Code to name of this gateway's jurisdiction and of its partners (the trust list). */
export function jurisdictionNames() {
  partnersPromise ??= partners().then((directory) => {
    const names = {};
    const s = session();
    if (s && s.jurisdiction) names[s.jurisdiction.code] = s.jurisdiction.name;
    if (directory.jurisdiction) names[directory.jurisdiction] = directory.name;
    for (const p of directory.partners || []) names[p.code] = p.name;
    return names;
  });
  return partnersPromise;
}

/** A jurisdiction's name (its code when the trust list does not name it). */
export function jname(names, code) {
  if (!code) return '—';
  return (names && names[code]) || code;
}

export function fmtDateTime(iso) {
  return iso ? formatDateTime(iso) : '—';
}

/** A calendar day (a LocalDate such as 2027-01-31) or an instant's day, in the user's calendar. */
export function fmtDate(value) {
  if (!value) return '—';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return formatDate(day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : value);
}

export function fmtTime(iso) {
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short' }).format(new Date(iso));
}

export function fmtAmount(value) {
  if (value === null || value === undefined || value === '') return '—';
  const amount = new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Number(value),
  );
  return t('kit:yuan', { amount });
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Separator of enumerations: 、 in Chinese, ", " in English. */
export function joined(items) {
  return items.join(lang() === 'zh' ? '、' : ', ');
}

/** A note in parentheses: （…） in Chinese, " (…)" in English; nothing for nothing. */
export function paren(text) {
  if (text === null || text === undefined || text === '') return '';
  return lang() === 'zh' ? `（${text}）` : ` (${text})`;
}

/** The colon between a label and what follows: ： in Chinese, ": " in English. */
export function colon() {
  return lang() === 'zh' ? '：' : ': ';
}

export function isForbidden(error) {
  return !!error && error.status === 403;
}

/** A fresh Idempotency-Key for one user action. */
export function idempotencyKey() {
  return crypto.randomUUID();
}

/**
 * The Idempotency-Key of a form's submission: the same while the form sends the same body, so that
 * sending again after a lost answer records it once; a new one once the body changes (the service
 * refuses a key reused for another body) or after forgetFormKey.
 */
export function formKey(form, body) {
  // the page's address too: the same form element may serve the next record's page
  const sent = location.hash + ' ' + JSON.stringify(body);
  if (form.dataset.idempotencyKey && form.dataset.idempotencyBody === sent) {
    return form.dataset.idempotencyKey;
  }
  form.dataset.idempotencyBody = sent;
  form.dataset.idempotencyKey = idempotencyKey();
  return form.dataset.idempotencyKey;
}

/** After a submission succeeded: the form's next one is another action. */
export function forgetFormKey(form) {
  delete form.dataset.idempotencyKey;
  delete form.dataset.idempotencyBody;
}

/** The calendar day (YYYY-MM-DD) of an instant in the user's time zone. */
export function localDay(date) {
  const d = new Date(date);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight of the Monday of the week holding this instant. */
export function mondayOf(date = new Date()) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

/** The same local time n days later (a week across a daylight-saving change stays whole). */
export function addDays(date, n) {
  const d = new Date(date);
  d.setDate(d.getDate() + n);
  return d;
}

/** The ISO week of a day, e.g. "2026-W48". */
export function isoWeek(date = new Date()) {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Runs fn over items, at most `width` at a time (the gateway's rate limit is per user). */
export async function eachLimited(items, width, fn) {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(width, queue.length) }, async () => {
    while (queue.length) await fn(queue.shift());
  });
  await Promise.all(workers);
}

/** A record's id in a route (#/cases/<uuid>). */
export const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The frame of a page of lists in tabs and of one record (cases, disputes): the route read into
 * a tab or a record's id, the caller and partners' names, the errors of `_guard` in
 * <problem-message>, the title and the tabs' navigation. A page sets static `page` (its route and
 * i18n namespace: `<page>:title`, `<page>:tabs`, `<page>:tab<Tab>`), `tabs` (the first is the
 * default) and `tabFromPath` (#/<page>/<tab> as well as ?tab=), and defines `_openRecord(id)`,
 * `_openTab(query)`, `_renderRecord()` and `_renderTab(tab)`.
 */
export class TabbedPage extends ConsoleElement {
  static properties = {
    route: { attribute: false },
    _tab: { state: true },
    _recordId: { state: true },
    _me: { state: true },
    _names: { state: true },
    _error: { state: true },
  };

  static tabFromPath = false;

  constructor() {
    super();
    this._tab = this.constructor.tabs[0];
    this._names = {};
    this._me = caller();
    jurisdictionNames().then((names) => (this._names = names));
  }

  willUpdate(changed) {
    if (changed.has('route')) this._route();
  }

  /** Runs fn; what it throws is shown in the page's <problem-message>. */
  async _guard(fn) {
    this._error = null;
    try {
      await fn();
    } catch (err) {
      this._error = err;
    }
  }

  _route() {
    const parts = this.route?.segments || [];
    const query = this.route?.query || new URLSearchParams();
    if (parts[0] && RECORD_ID.test(parts[0])) {
      this._recordId = parts[0];
      this._openRecord(parts[0]);
      return;
    }
    this._recordId = null;
    const { tabs, tabFromPath } = this.constructor;
    const tab = query.get('tab') || (tabFromPath && parts[0]) || tabs[0];
    this._tab = tabs.includes(tab) ? tab : tabs[0];
    this._openTab(query);
  }

  render() {
    const { page, tabs } = this.constructor;
    return html`
      <h1>${t(`${page}:title`)}</h1>
      <problem-message .error=${this._error}></problem-message>
      ${this._recordId
        ? this._renderRecord()
        : html`
            <nav class="tabs" aria-label=${t(`${page}:tabs`)}>
              ${tabs.map((tab) => html`
                <a href="#/${page}?tab=${tab}" aria-current=${this._tab === tab ? 'page' : 'false'}
                  class=${this._tab === tab ? 'active' : ''}>${t(`${page}:tab${tab[0].toUpperCase()}${tab.slice(1)}`)}</a>`)}
            </nav>
            ${this._renderTab(this._tab)}
          `}`;
  }
}

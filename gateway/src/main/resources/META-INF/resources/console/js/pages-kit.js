// Helpers shared by the cases, disputes, directory, bulletin and statistics pages: the caller,
// partners' names, dates and countdowns in the console's language, enum labels, downloads.
import { api } from './api.js';
import { t, register, lang } from './i18n.js';

// the pages' own stylesheet beside the console's (console.css stays the skeleton's)
const STYLESHEET = new URL('../css/pages.css', import.meta.url).href;
if (!document.querySelector(`link[href="${STYLESHEET}"]`)) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

register('kit', {
  zh: {
    loading: '加载中…',
    more: '加载更多',
    none: '暂无记录',
    error: '出错了：{detail}',
    forbidden: '您的角色无权查看此内容。',
    overdue: '已超期',
    reminder: '催办',
    dueIn: '剩余 {span}',
    overdueBy: '超期 {span}',
    days: '{n}天',
    hours: '{n}小时',
    minutes: '{n}分',
    seconds: '{n}秒',
    yes: '是',
    no: '否',
    download: '下载',
    uploading: '上传中 {percent}%',
    uploaded: '已上传',
    cancel: '取消',
    submit: '提交',
    saved: '已保存',
    yuan: '{amount} 元',
  },
  en: {
    loading: 'Loading…',
    more: 'Load more',
    none: 'Nothing here yet',
    error: 'Something went wrong: {detail}',
    forbidden: 'Your role may not see this.',
    overdue: 'Overdue',
    reminder: 'Due soon',
    dueIn: '{span} left',
    overdueBy: 'overdue by {span}',
    days: '{n} d',
    hours: '{n} h',
    minutes: '{n} min',
    seconds: '{n} s',
    yes: 'Yes',
    no: 'No',
    download: 'Download',
    uploading: 'Uploading {percent}%',
    uploaded: 'Uploaded',
    cancel: 'Cancel',
    submit: 'Submit',
    saved: 'Saved',
    yuan: 'CNY {amount}',
  },
});

/** The console's language: 'zh' or 'en' (i18n.js sets the document's lang attribute). */
export function language() {
  return lang();
}

function locale() {
  return language() === 'en' ? 'en-GB' : 'zh-CN';
}

/** The suite's calendar: every jurisdiction of the seeds is in China Standard Time. */
export const TIME_ZONE = 'Asia/Shanghai';

export function fmtDateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

export function fmtDate(isoOrDay) {
  if (!isoOrDay) return '—';
  // a LocalDate (2027-01-31) is a calendar day, not an instant
  const d = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? new Date(isoOrDay + 'T00:00:00+08:00') : new Date(isoOrDay);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d);
}

export function fmtTime(iso) {
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));
}

export function fmtAmount(value) {
  if (value === null || value === undefined || value === '') return '—';
  const n = new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Number(value),
  );
  return t('kit:yuan', { amount: n });
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A span of seconds as "2天3小时" / "2 d 3 h" (the two largest units). */
export function fmtSpan(totalSeconds) {
  let s = Math.abs(Math.round(totalSeconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [];
  if (d) parts.push(t('kit:days', { n: d }));
  if (h) parts.push(t('kit:hours', { n: h }));
  if (!d && m) parts.push(t('kit:minutes', { n: m }));
  if (!d && !h) parts.push(t('kit:seconds', { n: s }));
  return parts.slice(0, 2).join(language() === 'en' ? ' ' : '');
}

/** Seconds from now to an instant (negative once passed). */
export function secondsUntil(iso) {
  return (new Date(iso).getTime() - Date.now()) / 1000;
}

/** "剩余 3小时5分" or "超期 2天1小时" for a deadline. */
export function countdown(dueAt) {
  const left = secondsUntil(dueAt);
  return left >= 0 ? t('kit:dueIn', { span: fmtSpan(left) }) : t('kit:overdueBy', { span: fmtSpan(left) });
}

let callerPromise;
/** Who the gateway takes the user for: {jurisdiction, unit, roles, subject}. */
export function caller() {
  callerPromise ??= api('/api/v1/gateway/caller').catch((e) => {
    callerPromise = undefined;
    throw e;
  });
  return callerPromise;
}

export function hasRole(me, ...roles) {
  return !!me && roles.some((r) => (me.roles || []).includes(r));
}

let partnersPromise;
/** Code to name of our jurisdiction's partners (the trust list) and of ourselves. */
export function jurisdictionNames() {
  partnersPromise ??= api('/api/v1/federation/partners')
    .then((list) => {
      const names = {};
      for (const p of list || []) names[p.code] = p.name;
      return names;
    })
    .catch(() => ({}));
  return partnersPromise;
}

/** "浦城县公安局 (350722)" or the code alone when unknown. */
export function jname(names, code) {
  if (!code) return '—';
  return names && names[code] ? `${names[code]}` : code;
}

/** The detail of a problem+json error (api.js throws an Error carrying it). */
export function problemText(error) {
  const p = error && (error.problem || error.body);
  if (p && (p.detail || p.title)) {
    const fields = (p.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
    return [p.title, p.detail, fields].filter(Boolean).join(' — ');
  }
  return (error && error.message) || String(error);
}

export function isForbidden(error) {
  const status = error && (error.status || (error.problem && error.problem.status));
  return status === 403;
}

/** A random Idempotency-Key for one user action (a retry of the same action reuses it). */
export function idempotencyKey() {
  return crypto.randomUUID();
}

/**
 * Starts a timer that calls {@code tick} every second while the element is connected (countdowns).
 * Returns the function that stops it.
 */
export function everySecond(tick) {
  const id = setInterval(tick, 1000);
  return () => clearInterval(id);
}

/** The hash route's segments after the page name and its query: #/cases/abc?tab=x → {parts:['abc'], query}. */
export function routeState(page) {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, q] = hash.split('?');
  const segments = path.split('/').filter(Boolean);
  const parts = segments[0] === page ? segments.slice(1) : [];
  return { parts, query: new URLSearchParams(q || '') };
}

/** ISO week of a date in China time, e.g. "2026-W48". */
export function isoWeek(date = new Date()) {
  const local = new Date(date.toLocaleString('en-US', { timeZone: TIME_ZONE }));
  const d = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (00:00 China time) of the week holding this instant. */
export function mondayOf(date = new Date()) {
  const local = new Date(date.toLocaleString('en-US', { timeZone: TIME_ZONE }));
  const day = local.getDay() || 7;
  const y = local.getFullYear();
  const m = String(local.getMonth() + 1).padStart(2, '0');
  const dd = String(local.getDate()).padStart(2, '0');
  const midnight = new Date(`${y}-${m}-${dd}T00:00:00+08:00`);
  return new Date(midnight.getTime() - (day - 1) * 86400000);
}

/** The calendar day (YYYY-MM-DD) of an instant in China time. */
export function chinaDay(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(date));
}

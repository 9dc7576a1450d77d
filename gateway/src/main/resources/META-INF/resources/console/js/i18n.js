// Strings of the console in Chinese (first) and English. Each page registers its own namespace
// (register('alerts', {zh: {...}, en: {...}})) so no two pages share a dictionary file; keys are
// 'namespace:key'. The language is kept in localStorage and set as <html lang>.

const LANGUAGES = ['zh', 'en'];
const STORAGE_KEY = 'border.console.lang';
const HTML_LANG = { zh: 'zh-CN', en: 'en' };
const dictionaries = { zh: new Map(), en: new Map() };
let current = initial();

function initial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch (e) {
    // storage refused (private mode): the default
  }
  return 'zh';
}

/** Registers a namespace's strings: both languages must name the same keys (checked, warned). */
export function register(namespace, { zh, en }) {
  dictionaries.zh.set(namespace, zh);
  dictionaries.en.set(namespace, en);
  for (const key of Object.keys(zh)) {
    if (!(key in en)) console.warn(`i18n: ${namespace}:${key} has no English`);
  }
  for (const key of Object.keys(en)) {
    if (!(key in zh)) console.warn(`i18n: ${namespace}:${key} has no Chinese`);
  }
}

/**
 * The string of 'namespace:key' in the current language, {name} placeholders replaced by
 * params.name. A missing key answers the key itself (visible, so tests and reviewers see it).
 */
export function t(key, params) {
  const at = key.indexOf(':');
  const dict = dictionaries[current].get(key.slice(0, at));
  let text = dict ? dict[key.slice(at + 1)] : undefined;
  if (text === undefined) {
    console.warn(`i18n: missing ${current} ${key}`);
    return key;
  }
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  }
  return text;
}

/** 'zh' or 'en'. */
export function lang() {
  return current;
}

/** Switches the language: persisted, <html lang> set, 'border:langchange' dispatched on window. */
export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch (e) {
    // not persisted; the switch still holds for this page
  }
  applyLang();
  window.dispatchEvent(new CustomEvent('border:langchange', { detail: { lang: next } }));
}

/** Sets <html lang> and translates static elements marked data-i18n="namespace:key". */
export function applyLang(root = document) {
  document.documentElement.lang = HTML_LANG[current];
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
}

/** BCP 47 tag of the current language, for Intl. */
export function locale() {
  return HTML_LANG[current];
}

/** A date-time (ISO string or Date) in the current language, minutes precision. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A date (ISO string or Date) in the current language. */
export function formatDate(value) {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);
}

/** A number in the current language. */
export function formatNumber(value, options) {
  return value === null || value === undefined ? '' : new Intl.NumberFormat(locale(), options).format(value);
}

/** A length of time in milliseconds, e.g. "2天3小时" / "2 d 3 h" (the two largest units). */
export function formatDuration(ms) {
  const abs = Math.abs(ms);
  const units = [
    ['d', 86400000],
    ['h', 3600000],
    ['m', 60000],
    ['s', 1000],
  ];
  const parts = [];
  let rest = abs;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (unit === 's' && parts.length === 0)) {
      parts.push(t(`console:unit.${unit}`, { n }));
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(current === 'zh' ? '' : ' ');
}

register('console', {
  zh: {
    suite: '跨界四联',
    skip: '跳到正文',
    loading: '加载中…',
    login: '登录',
    logout: '退出',
    'login.prompt': '请使用本辖区的账号登录。',
    'login.expired': '登录已过期，请重新登录。',
    nav: '主导航',
    'nav.alerts': '预警',
    'nav.cases': '案件',
    'nav.disputes': '纠纷调处',
    'nav.directory': '联络名录',
    'nav.bulletin': '周报',
    'nav.statistics': '统计',
    'page.missing': '该页面尚未提供。',
    'page.failed': '页面加载失败：{message}',
    'stream.open': '实时通知已连接',
    'stream.connecting': '实时通知连接中…',
    'stream.closed': '实时通知已断开',
    'error.title': '出错了',
    'error.network': '无法连接网关，请稍后重试。',
    'error.status': '请求失败（{status}）',
    'role.investigator': '侦查员',
    'role.analyst': '情报分析员',
    'role.mediator': '调解员',
    'role.commander': '指挥员',
    'role.integrator': '系统集成',
    'unit.d': '{n}天',
    'unit.h': '{n}小时',
    'unit.m': '{n}分',
    'unit.s': '{n}秒',
    'deadline.left': '剩余{duration}',
    'deadline.overdue': '已超期{duration}',
    'severity.RED': '红色',
    'severity.ORANGE': '橙色',
    'severity.YELLOW': '黄色',
    'severity.BLUE': '蓝色',
    'paging.more': '加载更多',
    'paging.end': '没有更多了',
    close: '关闭',
    cancel: '取消',
    save: '保存',
    submit: '提交',
    search: '搜索',
    reset: '重置',
    required: '必填',
    'lang.switch': 'English',
  },
  en: {
    suite: 'Border Police Cooperation Suite',
    skip: 'Skip to content',
    loading: 'Loading…',
    login: 'Log in',
    logout: 'Log out',
    'login.prompt': 'Log in with an account of this jurisdiction.',
    'login.expired': 'Your session has ended; please log in again.',
    nav: 'Main navigation',
    'nav.alerts': 'Alerts',
    'nav.cases': 'Cases',
    'nav.disputes': 'Disputes',
    'nav.directory': 'Directory',
    'nav.bulletin': 'Bulletin',
    'nav.statistics': 'Statistics',
    'page.missing': 'This page is not available yet.',
    'page.failed': 'The page failed to load: {message}',
    'stream.open': 'Live notifications connected',
    'stream.connecting': 'Connecting live notifications…',
    'stream.closed': 'Live notifications disconnected',
    'error.title': 'Something went wrong',
    'error.network': 'The gateway cannot be reached; try again shortly.',
    'error.status': 'Request failed ({status})',
    'role.investigator': 'Investigator',
    'role.analyst': 'Analyst',
    'role.mediator': 'Mediator',
    'role.commander': 'Commander',
    'role.integrator': 'Integrator',
    'unit.d': '{n} d',
    'unit.h': '{n} h',
    'unit.m': '{n} min',
    'unit.s': '{n} s',
    'deadline.left': '{duration} left',
    'deadline.overdue': 'overdue by {duration}',
    'severity.RED': 'Red',
    'severity.ORANGE': 'Orange',
    'severity.YELLOW': 'Yellow',
    'severity.BLUE': 'Blue',
    'paging.more': 'Load more',
    'paging.end': 'No more',
    close: 'Close',
    cancel: 'Cancel',
    save: 'Save',
    submit: 'Submit',
    search: 'Search',
    reset: 'Reset',
    required: 'required',
    'lang.switch': '中文',
  },
});

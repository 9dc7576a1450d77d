// The console's shell: who is signed in (GET /console/session), header, navigation, language
// switch, the live stream, and the router that shows the pages in <main>.

import './components.js';
import { applyLang, lang, setLang, t } from './i18n.js';
import * as router from './router.js';
import * as stream from './stream.js';

/** The pages of the navigation, in order (each one a module js/pages/<name>.js). */
export const NAV = [
  { page: 'alerts', key: 'console:nav.alerts' },
  { page: 'cases', key: 'console:nav.cases' },
  { page: 'disputes', key: 'console:nav.disputes' },
  { page: 'directory', key: 'console:nav.directory' },
  { page: 'bulletin', key: 'console:nav.bulletin' },
  { page: 'statistics', key: 'console:nav.statistics' },
];

const AFTER_LOGIN = 'border.console.after-login';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
let titleKey = null;

function renderNav(active) {
  nav.setAttribute('aria-label', t('console:nav'));
  const list = document.createElement('ul');
  for (const item of NAV) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = router.href(item.page);
    a.textContent = t(item.key);
    a.dataset.page = item.page;
    if (item.page === active) a.setAttribute('aria-current', 'page');
    li.append(a);
    list.append(li);
  }
  nav.replaceChildren(list);
}

function renderHeader() {
  const s = window.borderSession;
  document.getElementById('jurisdiction').textContent = s ? s.jurisdiction.name : '';
  const user = document.getElementById('user');
  if (s && s.user) {
    const roles = (s.user.roles || []).map((r) => t(`console:role.${r}`)).join('、');
    user.textContent = `${s.user.name || s.user.username}${s.user.unit ? ` · ${s.user.unit}` : ''}${roles ? ` · ${roles}` : ''}`;
  } else {
    user.textContent = '';
  }
  document.getElementById('login').hidden = !!(s && s.user);
  document.getElementById('logout').hidden = !(s && s.user);
  const button = document.getElementById('lang');
  button.textContent = t('console:lang.switch');
  button.lang = lang() === 'zh' ? 'en' : 'zh-CN';
  applyLang();
  renderNav(router.current().page);
  document.title = `${titleKey ? `${t(titleKey)} · ` : ''}${t('console:suite')}`;
}

function showLogin(expired) {
  stream.disconnect();
  window.borderSession = window.borderSession ? { ...window.borderSession, user: null } : null;
  renderHeader();
  const box = document.createElement('section');
  box.className = 'login-box';
  const p = document.createElement('p');
  p.textContent = t(expired ? 'console:login.expired' : 'console:login.prompt');
  const a = document.createElement('a');
  a.className = 'button primary';
  a.href = 'login';
  a.id = 'login-start';
  a.textContent = t('console:login');
  // the identity provider sends the user back to the console's start: the page asked for is kept here
  a.addEventListener('click', () => {
    try {
      sessionStorage.setItem(AFTER_LOGIN, location.hash || '');
    } catch (e) {
      // not kept: the console's start
    }
  });
  box.append(p, a);
  main.replaceChildren(box);
}

async function loadSession() {
  const response = await fetch('session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`session: ${response.status}`);
  return response.json();
}

function streamStatus(status) {
  const el = document.getElementById('stream-status');
  el.dataset.status = status;
  el.textContent = window.borderSession && window.borderSession.user ? t(`console:stream.${status}`) : '';
}

async function startConsole() {
  document.getElementById('lang').addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  window.addEventListener('border:langchange', () => {
    renderHeader();
    streamStatus(document.getElementById('stream-status').dataset.status || 'closed');
  });
  window.addEventListener('border:unauthenticated', () => {
    if (window.borderSession && window.borderSession.user) showLogin(true);
  });
  applyLang();
  let s;
  try {
    s = await loadSession();
  } catch (e) {
    main.textContent = t('console:error.network');
    return;
  }
  window.borderSession = s;
  renderHeader();
  if (!s.user) {
    showLogin(false);
    return;
  }
  try {
    const after = sessionStorage.getItem(AFTER_LOGIN);
    sessionStorage.removeItem(AFTER_LOGIN);
    if (after && !location.hash) history.replaceState(null, '', after);
  } catch (e) {
    // nothing kept
  }
  stream.onStatus(streamStatus);
  stream.connect();
  await router.start(main, {
    defaultPage: NAV[0].page,
    onNavigate(route, module) {
      titleKey = module ? module.titleKey : null;
      renderHeader();
    },
  });
}

startConsole();

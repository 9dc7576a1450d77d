// 周报 The weekly bulletin: the figures of one ISO week as the gateway puts them together from every
// service (GET /api/v1/bulletins/{week}), with the printable page beside it.
import { ConsoleElement, html, nothing } from '../base.js';
import { api } from '../api.js';
import { t, register } from '../i18n.js';
import { fmtDate, fmtDateTime, isoWeek } from '../pages-kit.js';
import { navigate } from '../router.js';

const NS = 'bulletin';
const k = (key, params) => t(`${NS}:${key}`, params);

register(NS, {
  zh: {
    title: '工作周报',
    week: '周次',
    show: '查看',
    printable: '打印版（A4）',
    period: '{jurisdiction}　{from} 至 {to}',
    incomplete: '本周尚未结束，以下为截至目前的数据。',
    generatedAt: '生成时间 {at}',
    unavailable: '暂无数据（{reason}）',
    alerts: '一、预警信息',
    published: '发布预警',
    'severity.RED': '红色',
    'severity.ORANGE': '橙色',
    'severity.YELLOW': '黄色',
    'severity.BLUE': '蓝色',
    cases: '二、联合案件',
    opened: '立案',
    solved: '破案',
    assistanceRequests: '协查请求',
    assistanceAnswered: '已办结',
    assistanceAnsweredOnTime: '按时办结',
    assistanceOverdue: '期内超期',
    disputes: '三、矛盾纠纷调处',
    reported: '受理纠纷',
    resolved: '已化解',
    patrols: '四、联合巡逻与联席会议',
    patrolCount: '联合巡逻',
    held: '已巡逻',
    cancelled: '已取消',
    meetingsHeld: '联席会议',
    figure: '项目',
    value: '数量',
  },
  en: {
    title: 'Weekly bulletin',
    week: 'Week',
    show: 'Show',
    printable: 'Printable page (A4)',
    period: '{jurisdiction}, {from} to {to}',
    incomplete: 'The week is not over: these are the figures so far.',
    generatedAt: 'Computed {at}',
    unavailable: 'No figures ({reason})',
    alerts: '1. Alerts',
    published: 'Alerts published',
    'severity.RED': 'Red',
    'severity.ORANGE': 'Orange',
    'severity.YELLOW': 'Yellow',
    'severity.BLUE': 'Blue',
    cases: '2. Joint cases',
    opened: 'Cases filed',
    solved: 'Solved',
    assistanceRequests: 'Assistance requests',
    assistanceAnswered: 'Answered',
    assistanceAnsweredOnTime: 'Answered on time',
    assistanceOverdue: 'Deadlines missed',
    disputes: '3. Disputes',
    reported: 'Disputes reported',
    resolved: 'Resolved',
    patrols: '4. Joint patrols and meetings',
    patrolCount: 'Joint patrols',
    held: 'Held',
    cancelled: 'Cancelled',
    meetingsHeld: 'Joint meetings held',
    figure: 'Figure',
    value: 'Count',
  },
});

export const tag = 'page-bulletin';
export const titleKey = `${NS}:title`;

class BulletinPage extends ConsoleElement {
  static properties = {
    route: { attribute: false },
    _week: { state: true },
    _bulletin: { state: true },
    _error: { state: true },
  };

  willUpdate(changed) {
    if (changed.has('route')) {
      // only an ISO week (2026-W49): the value goes into the printable page's link
      const asked = this.route?.query.get('week');
      const week = asked && /^\d{4}-W\d{2}$/.test(asked) ? asked : isoWeek();
      if (week !== this._week) {
        this._week = week;
        this._load();
      }
    }
  }

  async _load() {
    this._error = null;
    this._bulletin = null;
    try {
      this._bulletin = await api(`/api/v1/bulletins/${encodeURIComponent(this._week)}`);
    } catch (err) {
      this._error = err;
    }
  }

  _section(id, heading, section, rows) {
    const source = section?.source;
    return html`<section class="card bulletin-section" aria-labelledby="bulletin-${id}">
      <h2 id="bulletin-${id}">${heading}</h2>
      ${source && !source.available
        ? html`<p class="muted">${k('unavailable', { reason: source.unavailable || source.service })}</p>`
        : html`<table class="data figures">
            <thead><tr><th scope="col">${k('figure')}</th><th scope="col">${k('value')}</th></tr></thead>
            <tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th>
              <td class="number">${value === null || value === undefined ? '—' : value}</td></tr>`)}</tbody>
          </table>`}
    </section>`;
  }

  render() {
    const b = this._bulletin;
    return html`
      <h1>${k('title')}</h1>
      <form class="toolbar filters" @submit=${(ev) => {
        ev.preventDefault();
        navigate('bulletin', [], { week: ev.target.week.value || isoWeek() });
      }}>
        <label>${k('week')} <input type="week" name="week" .value=${this._week} required /></label>
        <button type="submit">${k('show')}</button>
        <a class="button" href="/api/v1/bulletins/${encodeURIComponent(this._week)}.html" target="_blank" rel="noopener">${k('printable')}</a>
      </form>
      <problem-message .error=${this._error}></problem-message>
      ${!b && !this._error ? html`<p class="loading">${t('console:loading')}</p>` : nothing}
      ${b ? html`
        <p><strong>${k('period', { jurisdiction: b.jurisdictionName, from: fmtDate(b.firstDay), to: fmtDate(b.lastDay) })}</strong>
          <span class="muted">${k('generatedAt', { at: fmtDateTime(b.generatedAt) })}</span></p>
        ${b.complete ? nothing : html`<p class="notice">${k('incomplete')}</p>`}
        <div class="cards" data-testid="bulletin">
          ${this._section('alerts', k('alerts'), b.alerts, [
            [k('published'), b.alerts?.published],
            ...['RED', 'ORANGE', 'YELLOW', 'BLUE'].map((s) => [k(`severity.${s}`), b.alerts?.bySeverity?.[s] ?? (b.alerts?.published == null ? null : 0)]),
          ])}
          ${this._section('cases', k('cases'), b.cases, [
            [k('opened'), b.cases?.opened],
            [k('solved'), b.cases?.solved],
            [k('assistanceRequests'), b.cases?.assistanceRequests],
            [k('assistanceAnswered'), b.cases?.assistanceAnswered],
            [k('assistanceAnsweredOnTime'), b.cases?.assistanceAnsweredOnTime],
            [k('assistanceOverdue'), b.cases?.assistanceOverdue],
          ])}
          ${this._section('disputes', k('disputes'), b.disputes, [
            [k('reported'), b.disputes?.reported],
            [k('resolved'), b.disputes?.resolved],
          ])}
          ${this._section('patrols', k('patrols'), b.patrols, [
            [k('patrolCount'), b.patrols?.patrols],
            [k('held'), b.patrols?.held],
            [k('cancelled'), b.patrols?.cancelled],
            [k('meetingsHeld'), b.patrols?.meetingsHeld],
          ])}
        </div>` : nothing}`;
  }
}

if (!customElements.get(tag)) customElements.define(tag, BulletinPage);

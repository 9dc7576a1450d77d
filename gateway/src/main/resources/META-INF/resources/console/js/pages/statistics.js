// 统计 Statistics: the seeds' figures from case-exchange (/api/v1/case-statistics) and joint-mediation
// (/api/v1/mediation-statistics) as charts (ECharts from its webjar, loaded on this page only), each
// with its data table for screen readers, keyboards and print.
import { ConsoleElement, html, nothing } from '../base.js';
import { api } from '../api.js';
import { t, register, formatDuration } from '../i18n.js';
import { caller, jurisdictionNames, jname, isForbidden, localDay, addDays, paren } from '../pages-kit.js';

const NS = 'statistics';
const k = (key, params) => t(`${NS}:${key}`, params);
const ECHARTS = '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

register(NS, {
  zh: {
    title: '统计分析',
    from: '起始日期',
    to: '截止日期（不含）',
    bucket: '统计粒度',
    'bucket.month': '按月',
    'bucket.quarter': '按季度',
    'bucket.year': '按年',
    show: '统计',
    forbidden: '统计数据仅向情报分析员和指挥员开放。',
    kpiFiled: '立案',
    kpiSolveRate: '破案率',
    kpiAssisted: '协助破获跨区域案件',
    kpiResolutionRate: '纠纷化解率',
    kpiMediationSuccess: '调解成功率',
    kpiOverdueNow: '超期未办协查',
    assisted: '协助破获（按辖区）',
    assistedAxis: '案件数',
    resolution: '矛盾纠纷受理与化解',
    reported: '受理',
    resolved: '已化解',
    response: '协查响应时间',
    'unit.h': '小时',
    'unit.min': '分钟',
    'unit.s': '秒',
    p50: '中位数',
    p90: '90分位',
    overdue: '协查超期（按协查方）',
    overdueNow: '当前超期未办',
    overdueInPeriod: '期内超期',
    table: '数据表',
    jurisdiction: '辖区',
    cases: '案件数',
    period: '期间',
    addressee: '协查方 · 紧急程度',
    sent: '发出',
    count: '已响应',
    mean: '平均',
    noData: '该期间无数据',
    chartOf: '图表：{title}（数据见下方数据表）',
    'priority.IMMEDIATE': '特急',
    'priority.URGENT': '加急',
    'priority.ROUTINE': '一般',
  },
  en: {
    title: 'Statistics',
    from: 'From',
    to: 'To (exclusive)',
    bucket: 'Buckets',
    'bucket.month': 'Months',
    'bucket.quarter': 'Quarters',
    'bucket.year': 'Years',
    show: 'Show',
    forbidden: 'Statistics are for analysts and commanders.',
    kpiFiled: 'Cases filed',
    kpiSolveRate: 'Solve rate',
    kpiAssisted: 'Partners\' cases we helped solve',
    kpiResolutionRate: 'Disputes resolved',
    kpiMediationSuccess: 'Mediation success',
    kpiOverdueNow: 'Assistance requests overdue',
    assisted: 'Cases solved with assistance, per jurisdiction',
    assistedAxis: 'Cases',
    resolution: 'Disputes reported and resolved',
    reported: 'Reported',
    resolved: 'Resolved',
    response: 'Assistance response time',
    'unit.h': 'hours',
    'unit.min': 'minutes',
    'unit.s': 'seconds',
    p50: 'Median',
    p90: '90th percentile',
    overdue: 'Overdue assistance, per addressee',
    overdueNow: 'Overdue now',
    overdueInPeriod: 'Missed in the period',
    table: 'Data table',
    jurisdiction: 'Jurisdiction',
    cases: 'Cases',
    period: 'Period',
    addressee: 'Addressee · priority',
    sent: 'Sent',
    count: 'Answered',
    mean: 'Mean',
    noData: 'No data in this period',
    chartOf: 'Chart: {title} (its data in the table below)',
    'priority.IMMEDIATE': 'Immediate',
    'priority.URGENT': 'Urgent',
    'priority.ROUTINE': 'Routine',
  },
});

export const tag = 'page-statistics';
export const titleKey = `${NS}:title`;

const pct = (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(2)}%`);
/** The unit that shows these durations (seconds) readably, and its size in seconds. */
function unitFor(seconds) {
  const max = Math.max(0, ...seconds.filter((s) => s !== null && s !== undefined));
  if (max >= 7200) return ['h', 3600];
  if (max >= 120) return ['min', 60];
  return ['s', 1];
}
const inUnit = (s, size) => (s === null || s === undefined ? null : Math.round((s / size) * 10) / 10);

class StatisticsPage extends ConsoleElement {
  static properties = {
    _me: { state: true },
    _names: { state: true },
    _cases: { state: true },
    _mediation: { state: true },
    _casesError: { state: true },
    _mediationError: { state: true },
    _loading: { state: true },
  };

  constructor() {
    super();
    const now = new Date();
    this._from = `${now.getFullYear()}-01-01`;
    // the services count by China's calendar: two days ahead covers today there from any time zone
    this._to = localDay(addDays(now, 2));
    this._bucket = 'month';
    this._names = {};
    this._charts = [];
    // each chart follows its own box: the window's size and the grid's columns both change it
    this._resizes = new ResizeObserver((entries) =>
      entries.forEach((e) => this._charts.find((c) => c.getDom() === e.target)?.resize()));
  }

  connectedCallback() {
    super.connectedCallback();
    this._me = caller();
    jurisdictionNames().then((names) => (this._names = names));
    this._load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._resizes.disconnect();
    this._charts.forEach((c) => c.dispose());
    this._charts = [];
  }

  async _load() {
    this._loading = true;
    const query = { from: this._from, to: this._to, bucket: this._bucket };
    const [cases, mediation] = await Promise.allSettled([
      api('/api/v1/case-statistics', { query }),
      api('/api/v1/mediation-statistics', { query }),
    ]);
    this._cases = cases.status === 'fulfilled' ? cases.value : null;
    this._casesError = cases.status === 'rejected' ? cases.reason : null;
    this._mediation = mediation.status === 'fulfilled' ? mediation.value : null;
    this._mediationError = mediation.status === 'rejected' ? mediation.reason : null;
    this._loading = false;
  }

  updated() {
    this._drawCharts();
  }

  // --- the figures, as rows the charts and the tables share

  _assisted() {
    return (this._cases?.assistedSolved || []).map((a) => ({ name: jname(this._names, a.jurisdiction), value: a.cases }));
  }

  _resolution() {
    return (this._mediation?.buckets || []).map((b) => ({ label: b.start, reported: b.reported, resolved: b.resolved }));
  }

  _responses() {
    return (this._cases?.assistance?.byAddressee || []).map((r) => ({
      label: `${jname(this._names, r.addressee)} · ${k(`priority.${r.priority}`)}`,
      sent: r.sent,
      count: r.response?.count ?? 0,
      mean: r.response?.meanSeconds,
      p50: r.response?.p50Seconds,
      p90: r.response?.p90Seconds,
    }));
  }

  _overdue() {
    const per = new Map();
    for (const r of this._cases?.assistance?.byAddressee || []) {
      const row = per.get(r.addressee) || { name: jname(this._names, r.addressee), now: 0, inPeriod: 0 };
      row.now += r.overdueNow || 0;
      row.inPeriod += r.overdueInPeriod || 0;
      per.set(r.addressee, row);
    }
    return [...per.values()];
  }

  // --- charts

  async _drawCharts() {
    const targets = [...this.querySelectorAll('[data-chart]')];
    if (targets.length === 0) return;
    const echarts = await import(ECHARTS);
    this._resizes.disconnect();
    this._charts.forEach((c) => c.dispose());
    this._charts = [];
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const base = { animation: !still, textStyle: { fontSize: 13 }, grid: { left: 48, right: 16, top: 40, bottom: 40 } };
    for (const el of targets) {
      const option = this._option(el.dataset.chart);
      if (!option) continue;
      const chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption({ ...base, ...option });
      this._charts.push(chart);
      this._resizes.observe(el);
    }
  }

  _option(which) {
    const legend = { top: 0 };
    if (which === 'assisted') {
      const rows = this._assisted();
      return {
        tooltip: {},
        xAxis: { type: 'category', data: rows.map((r) => r.name) },
        yAxis: { type: 'value', minInterval: 1, name: k('assistedAxis') },
        series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'top' } }],
      };
    }
    if (which === 'resolution') {
      const rows = this._resolution();
      return {
        tooltip: { trigger: 'axis' },
        legend,
        xAxis: { type: 'category', data: rows.map((r) => r.label) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: k('reported'), type: 'bar', data: rows.map((r) => r.reported), itemStyle: { color: '#64748b' } },
          { name: k('resolved'), type: 'bar', data: rows.map((r) => r.resolved), itemStyle: { color: '#15803d' } },
        ],
      };
    }
    if (which === 'response') {
      const rows = this._responses().filter((r) => r.count > 0);
      const [unit, size] = unitFor(rows.flatMap((r) => [r.p50, r.p90]));
      return {
        tooltip: { trigger: 'axis' },
        legend,
        xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 4 ? 20 : 0 } },
        yAxis: { type: 'value', name: k(`unit.${unit}`) },
        series: [
          { name: k('p50'), type: 'bar', data: rows.map((r) => inUnit(r.p50, size)), itemStyle: { color: '#1d4ed8' } },
          { name: k('p90'), type: 'bar', data: rows.map((r) => inUnit(r.p90, size)), itemStyle: { color: '#b45309' } },
        ],
      };
    }
    if (which === 'overdue') {
      const rows = this._overdue();
      return {
        tooltip: { trigger: 'axis' },
        legend,
        xAxis: { type: 'category', data: rows.map((r) => r.name) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: k('overdueNow'), type: 'bar', data: rows.map((r) => r.now), itemStyle: { color: '#b91c1c' } },
          { name: k('overdueInPeriod'), type: 'bar', data: rows.map((r) => r.inPeriod), itemStyle: { color: '#c2410c' } },
        ],
      };
    }
    return null;
  }

  _figure(id, title, rows, table) {
    return html`<section class="card chart-card" aria-labelledby="chart-${id}">
      <h2 id="chart-${id}">${title}</h2>
      ${rows.length === 0
        ? html`<p class="muted">${k('noData')}</p>`
        : html`<div class="chart" data-chart=${id} role="img" aria-label=${k('chartOf', { title })}></div>
            <details class="chart-table">
              <summary>${k('table')}</summary>
              ${table}
            </details>`}
    </section>`;
  }

  _kpis() {
    const c = this._cases;
    const m = this._mediation;
    const own = c?.assistedSolved?.find((a) => a.jurisdiction === this._me?.jurisdiction);
    const items = [
      [k('kpiFiled'), c ? c.cases?.filed : null],
      [k('kpiSolveRate'), c ? pct(c.cases?.solveRate) : null],
      [k('kpiAssisted'), c ? (own?.cases ?? 0) : null],
      [k('kpiOverdueNow'), c ? c.assistance?.overdueNow : null],
      [k('kpiResolutionRate'), m ? pct(m.resolutionRate) : null],
      [k('kpiMediationSuccess'), m ? pct(m.mediationSuccessRate) : null],
    ].filter(([, v]) => v !== null && v !== undefined);
    return html`<dl class="kpis" data-testid="kpis">
      ${items.map(([label, value]) => html`<div class="kpi"><dt>${label}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  _errorOf(err) {
    if (!err) return nothing;
    return isForbidden(err)
      ? html`<p class="notice" role="status">${k('forbidden')}</p>`
      : html`<problem-message .error=${err}></problem-message>`;
  }

  render() {
    const responses = this._responses();
    const overdue = this._overdue();
    const assisted = this._assisted();
    const resolution = this._resolution();
    const bothForbidden = isForbidden(this._casesError) && isForbidden(this._mediationError);
    return html`
      <h1>${k('title')}</h1>
      <form class="toolbar filters" @submit=${(ev) => {
        ev.preventDefault();
        const f = ev.target;
        this._from = f.from.value;
        this._to = f.to.value;
        this._bucket = f.bucket.value;
        this._load();
      }}>
        <label>${k('from')} <input type="date" name="from" .value=${this._from} required /></label>
        <label>${k('to')} <input type="date" name="to" .value=${this._to} required /></label>
        <label>${k('bucket')}
          <select name="bucket">${['month', 'quarter', 'year'].map((b) => html`<option value=${b} ?selected=${this._bucket === b}>${k(`bucket.${b}`)}</option>`)}</select>
        </label>
        <button type="submit">${k('show')}</button>
      </form>
      ${this._loading ? html`<p class="loading">${t('console:loading')}</p>` : nothing}
      ${bothForbidden
        ? html`<p class="notice" role="status">${k('forbidden')}</p>`
        : html`
            ${this._errorOf(this._casesError)}
            ${this._errorOf(this._mediationError)}
            ${this._cases || this._mediation ? this._kpis() : nothing}
            <div class="charts">
              ${this._cases ? this._figure('assisted', k('assisted'), assisted, html`
                <table class="data"><thead><tr><th scope="col">${k('jurisdiction')}</th><th scope="col">${k('cases')}</th></tr></thead>
                  <tbody>${assisted.map((r) => html`<tr><th scope="row">${r.name}</th><td class="number">${r.value}</td></tr>`)}</tbody></table>`) : nothing}
              ${this._mediation ? this._figure('resolution', `${k('resolution')}${paren(pct(this._mediation.resolutionRate))}`, resolution, html`
                <table class="data"><thead><tr><th scope="col">${k('period')}</th><th scope="col">${k('reported')}</th><th scope="col">${k('resolved')}</th></tr></thead>
                  <tbody>${resolution.map((r) => html`<tr><th scope="row">${r.label}</th><td class="number">${r.reported}</td><td class="number">${r.resolved}</td></tr>`)}</tbody></table>`) : nothing}
              ${this._cases ? this._figure('response', k('response'), responses.filter((r) => r.count > 0), html`
                <table class="data"><thead><tr><th scope="col">${k('addressee')}</th><th scope="col">${k('sent')}</th><th scope="col">${k('count')}</th>
                  <th scope="col">${k('mean')}</th><th scope="col">${k('p50')}</th><th scope="col">${k('p90')}</th></tr></thead>
                  <tbody>${responses.map((r) => html`<tr><th scope="row">${r.label}</th><td class="number">${r.sent}</td><td class="number">${r.count}</td>
                    <td>${r.mean == null ? '—' : formatDuration(r.mean * 1000)}</td><td>${r.p50 == null ? '—' : formatDuration(r.p50 * 1000)}</td><td>${r.p90 == null ? '—' : formatDuration(r.p90 * 1000)}</td></tr>`)}</tbody></table>`) : nothing}
              ${this._cases ? this._figure('overdue', k('overdue'), overdue, html`
                <table class="data"><thead><tr><th scope="col">${k('jurisdiction')}</th><th scope="col">${k('overdueNow')}</th><th scope="col">${k('overdueInPeriod')}</th></tr></thead>
                  <tbody>${overdue.map((r) => html`<tr><th scope="row">${r.name}</th><td class="number">${r.now}</td><td class="number">${r.inPeriod}</td></tr>`)}</tbody></table>`) : nothing}
            </div>`}`;
  }
}

if (!customElements.get(tag)) customElements.define(tag, StatisticsPage);

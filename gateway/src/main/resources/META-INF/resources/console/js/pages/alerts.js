// 预警 Alerts: the live list (a partner's alert to acknowledge arrives through the stream, no
// reload), search in Chinese with facets and cursor paging, the acknowledgement (签收) with its
// deadline counting down, publishing, hit/no-hit checks (比对) with disclosure requests (披露申请),
// and the STIX 2.1 export. Routes: #/alerts, #/alerts/new, #/alerts/check, #/alerts/disclosures,
// #/alerts/<id>.

import { api, ApiError, download } from '../api.js';
import { ConsoleElement, hasRole, html, nothing, session } from '../base.js';
import { SEVERITIES } from '../components.js';
import { formatDateTime, formatNumber, register, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { subscribe } from '../stream.js';

export const tag = 'page-alerts';
export const titleKey = 'alerts:title';

const CATEGORIES = ['WANTED_PERSON', 'SUSPECT_VEHICLE', 'FRAUD_PATTERN', 'SMUGGLING', 'MISSING_PERSON', 'PUBLIC_ORDER_RISK', 'DISPUTE_RISK'];
const HANDLING = ['GENERAL', 'RESTRICTED', 'CONFIDENTIAL', 'HIT_ONLY'];
const STATUSES = ['ACTIVE', 'REVOKED', 'EXPIRED'];
const KINDS = ['PERSON', 'VEHICLE', 'PHONE', 'BANK_ACCOUNT'];
const RELIABILITY = ['A', 'B', 'C', 'D'];
const CREDIBILITY = [1, 2, 3, 4];

register('alerts', {
  zh: {
    title: '预警',
    'tab.list': '预警列表',
    'tab.new': '发布预警',
    'tab.check': '比对',
    'tab.disclosures': '披露申请',
    'search.q': '全文检索',
    'search.q.hint': '标题或内容中的词，如：走私 浦城',
    'search.subject': '涉及对象',
    'search.subject.hint': '身份证号、号牌、手机号或账号的一部分',
    'search.severity': '级别',
    'search.category': '类别',
    'search.status': '状态',
    'search.origin': '发布辖区',
    any: '全部',
    facets: '分面统计',
    'facet.severity': '按级别',
    'facet.category': '按类别',
    'facet.origin': '按发布辖区',
    'facet.approx': '约 {n}',
    'facet.sampled': '匹配约 {matches} 条：匹配较多，按抽样的 {counted} 条估算，各项均为约数。',
    'list.empty': '没有符合条件的预警。',
    'list.count': '共 {n} 条',
    'live.arrived': '新预警：{title}',
    'live.filtered': '有新预警到达，清除筛选后可见。',
    'field.origin': '发布辖区',
    'field.unit': '发布单位',
    'field.publishedAt': '发布时间',
    'field.validFrom': '生效时间',
    'field.validUntil': '失效时间',
    'field.distribution': '分发范围',
    'field.handling': '处置代码',
    'field.reliability': '来源可靠性',
    'field.credibility': '信息可信度',
    'field.status': '状态',
    'field.version': '版本',
    'field.subjects': '涉及对象',
    'field.body': '内容',
    'field.title': '标题',
    'field.category': '类别',
    'field.severity': '级别',
    'field.kind': '类型',
    'field.value': '号码',
    'field.label': '姓名或描述',
    'ack.button': '签收',
    'ack.done': '已签收 {time}',
    'ack.due': '签收期限',
    'ack.dueLabel': '签收期限：',
    'ack.note': '备注（已采取的措施）',
    'ack.title': '签收预警',
    'ack.confirm': '确认签收',
    'ack.ok': '已签收。',
    'ack.list': '各辖区签收情况',
    'ack.partner': '辖区',
    'ack.by': '签收人',
    'ack.at': '签收时间',
    'ack.required': '须签收',
    'ack.overdue': '已超期',
    'ack.pending': '未签收',
    'stix.export': '导出 STIX',
    'stix.selected': '导出所选（{n}）为 STIX',
    'stix.select': '选择 {title}',
    'stix.done': '已下载 {name}',
    'detail.back': '返回列表',
    'detail.missing': '该预警不存在或无权查看。',
    'publish.heading': '发布预警',
    'publish.addSubject': '添加对象',
    'publish.removeSubject': '删除',
    'publish.all': '全部合作辖区',
    'publish.submit': '发布',
    'publish.ok': '预警已发布。',
    'publish.unitHint': '默认：本人所在单位',
    'publish.validHint': '默认：立即生效、撤销前一直有效',
    'publish.forbidden': '只有情报分析员和指挥员可以发布预警。',
    'check.heading': '比对（命中/未命中）',
    'check.hint': '每行一个号码；只返回命中的所属辖区、单位、预警编号和级别。',
    'check.submit': '比对',
    'check.none': '未命中。',
    'check.asked': '已比对辖区：{list}',
    'check.unavailable': '未答复：{list}',
    'check.hits': '命中 {n} 条',
    'check.owner': '所属辖区',
    'check.local': '本辖区',
    'check.alert': '预警编号',
    'check.ask': '申请披露',
    'disclosure.title': '申请披露预警内容',
    'disclosure.reason': '申请理由',
    'disclosure.ok': '披露申请已提交。',
    'disclosure.list': '披露申请',
    'disclosure.requester': '申请辖区',
    'disclosure.owner': '所属辖区',
    'disclosure.status': '状态',
    'disclosure.deadline': '批复期限',
    'disclosure.requestedAt': '申请时间',
    'disclosure.approve': '同意',
    'disclosure.deny': '拒绝',
    'disclosure.empty': '没有披露申请。',
    'disclosure.answered': '已批复。',
    'disclosure.PENDING': '待批复',
    'disclosure.APPROVED': '已同意',
    'disclosure.DENIED': '已拒绝',
    'category.WANTED_PERSON': '在逃人员',
    'category.SUSPECT_VEHICLE': '可疑车辆',
    'category.FRAUD_PATTERN': '诈骗手法',
    'category.SMUGGLING': '走私',
    'category.MISSING_PERSON': '失踪人员',
    'category.PUBLIC_ORDER_RISK': '治安风险',
    'category.DISPUTE_RISK': '矛盾纠纷风险',
    'handling.GENERAL': '一般',
    'handling.RESTRICTED': '限制（侦查、情报、指挥）',
    'handling.CONFIDENTIAL': '机密（情报、指挥）',
    'handling.HIT_ONLY': '仅供比对',
    'status.ACTIVE': '有效',
    'status.REVOKED': '已撤销',
    'status.EXPIRED': '已失效',
    'kind.PERSON': '人员（身份证号）',
    'kind.VEHICLE': '车辆（号牌）',
    'kind.PHONE': '手机号',
    'kind.BANK_ACCOUNT': '银行账号',
    'reliability.A': 'A 完全可靠',
    'reliability.B': 'B 通常可靠',
    'reliability.C': 'C 相当可靠',
    'reliability.D': 'D 不常可靠',
    'credibility.1': '1 已证实',
    'credibility.2': '2 很可能属实',
    'credibility.3': '3 可能属实',
    'credibility.4': '4 存疑',
  },
  en: {
    title: 'Alerts',
    'tab.list': 'Alert list',
    'tab.new': 'Publish an alert',
    'tab.check': 'Hit/no-hit',
    'tab.disclosures': 'Disclosure requests',
    'search.q': 'Full-text search',
    'search.q.hint': 'Words of the title or body, e.g. 走私 浦城',
    'search.subject': 'Subject',
    'search.subject.hint': 'Part of an ID number, plate, phone or account',
    'search.severity': 'Severity',
    'search.category': 'Category',
    'search.status': 'Status',
    'search.origin': 'Issued by',
    any: 'Any',
    facets: 'Facets',
    'facet.severity': 'By severity',
    'facet.category': 'By category',
    'facet.origin': 'By issuing jurisdiction',
    'facet.approx': '≈ {n}',
    'facet.sampled': 'About {matches} matches: with this many, the counts are estimated from {counted} sampled matches.',
    'list.empty': 'No alert matches.',
    'list.count': '{n} in all',
    'live.arrived': 'New alert: {title}',
    'live.filtered': 'A new alert arrived; clear the filters to see it.',
    'field.origin': 'Issued by',
    'field.unit': 'Issuing unit',
    'field.publishedAt': 'Published',
    'field.validFrom': 'Valid from',
    'field.validUntil': 'Valid until',
    'field.distribution': 'Distribution',
    'field.handling': 'Handling code',
    'field.reliability': 'Source reliability',
    'field.credibility': 'Information credibility',
    'field.status': 'Status',
    'field.version': 'Version',
    'field.subjects': 'Subjects',
    'field.body': 'Body',
    'field.title': 'Title',
    'field.category': 'Category',
    'field.severity': 'Severity',
    'field.kind': 'Kind',
    'field.value': 'Identifier',
    'field.label': 'Name or description',
    'ack.button': 'Acknowledge',
    'ack.done': 'Acknowledged {time}',
    'ack.due': 'Acknowledge by',
    'ack.dueLabel': 'Acknowledge by: ',
    'ack.note': 'Remark (measures taken)',
    'ack.title': 'Acknowledge the alert',
    'ack.confirm': 'Acknowledge',
    'ack.ok': 'Acknowledged.',
    'ack.list': 'Acknowledgements by partner',
    'ack.partner': 'Jurisdiction',
    'ack.by': 'By',
    'ack.at': 'When',
    'ack.required': 'Required',
    'ack.overdue': 'Overdue',
    'ack.pending': 'Not yet',
    'stix.export': 'Export STIX',
    'stix.selected': 'Export selected ({n}) as STIX',
    'stix.select': 'Select {title}',
    'stix.done': 'Downloaded {name}',
    'detail.back': 'Back to the list',
    'detail.missing': 'This alert does not exist or you may not see it.',
    'publish.heading': 'Publish an alert',
    'publish.addSubject': 'Add a subject',
    'publish.removeSubject': 'Remove',
    'publish.all': 'Every partner',
    'publish.submit': 'Publish',
    'publish.ok': 'The alert is published.',
    'publish.unitHint': 'Default: your own unit',
    'publish.validHint': 'Default: valid now, until revoked',
    'publish.forbidden': 'Only analysts and commanders publish alerts.',
    'check.heading': 'Hit/no-hit check',
    'check.hint': 'One identifier per row; a hit tells only the owner, unit, alert reference and severity.',
    'check.submit': 'Check',
    'check.none': 'No hit.',
    'check.asked': 'Checked at: {list}',
    'check.unavailable': 'No answer from: {list}',
    'check.hits': '{n} hits',
    'check.owner': 'Owner',
    'check.local': 'ours',
    'check.alert': 'Alert reference',
    'check.ask': 'Request disclosure',
    'disclosure.title': 'Ask for the alert\u2019s content',
    'disclosure.reason': 'Reason',
    'disclosure.ok': 'The disclosure request is sent.',
    'disclosure.list': 'Disclosure requests',
    'disclosure.requester': 'Requester',
    'disclosure.owner': 'Owner',
    'disclosure.status': 'Status',
    'disclosure.deadline': 'Answer due',
    'disclosure.requestedAt': 'Requested',
    'disclosure.approve': 'Approve',
    'disclosure.deny': 'Deny',
    'disclosure.empty': 'No disclosure requests.',
    'disclosure.answered': 'Answered.',
    'disclosure.PENDING': 'Pending',
    'disclosure.APPROVED': 'Approved',
    'disclosure.DENIED': 'Denied',
    'category.WANTED_PERSON': 'Wanted person',
    'category.SUSPECT_VEHICLE': 'Suspect vehicle',
    'category.FRAUD_PATTERN': 'Fraud pattern',
    'category.SMUGGLING': 'Smuggling',
    'category.MISSING_PERSON': 'Missing person',
    'category.PUBLIC_ORDER_RISK': 'Public order risk',
    'category.DISPUTE_RISK': 'Dispute risk',
    'handling.GENERAL': 'General',
    'handling.RESTRICTED': 'Restricted (investigators, analysts, commanders)',
    'handling.CONFIDENTIAL': 'Confidential (analysts, commanders)',
    'handling.HIT_ONLY': 'Hit/no-hit only',
    'status.ACTIVE': 'Active',
    'status.REVOKED': 'Revoked',
    'status.EXPIRED': 'Expired',
    'kind.PERSON': 'Person (ID number)',
    'kind.VEHICLE': 'Vehicle (plate)',
    'kind.PHONE': 'Mobile phone',
    'kind.BANK_ACCOUNT': 'Bank account',
    'reliability.A': 'A Completely reliable',
    'reliability.B': 'B Usually reliable',
    'reliability.C': 'C Fairly reliable',
    'reliability.D': 'D Not usually reliable',
    'credibility.1': '1 Confirmed',
    'credibility.2': '2 Probably true',
    'credibility.3': '3 Possibly true',
    'credibility.4': '4 Doubtful',
  },
});

/** Names of the jurisdictions (ours and the partners'), loaded once. */
let partnersLoad = null;
function partners() {
  if (!partnersLoad) {
    partnersLoad = api('federation/partners').catch(() => {
      partnersLoad = null;
      const s = session();
      return { jurisdiction: s.jurisdiction.code, name: s.jurisdiction.name, partners: [] };
    });
  }
  return partnersLoad;
}

function self() {
  return session().jurisdiction.code;
}

/** The alert is a partner's and this jurisdiction must acknowledge it (deadline known) and has not yet. */
function acknowledgeable(alert) {
  return alert.origin !== self() && alert.status === 'ACTIVE' && !!alert.acknowledgementDeadline && !alert.acknowledgedAt
    && hasRole('investigator', 'analyst', 'commander');
}

function canExport() {
  return hasRole('analyst', 'commander', 'integrator');
}

function localInput(value) {
  // a datetime-local value is the user's local time; the API wants an offset
  return value ? new Date(value).toISOString() : undefined;
}

class AlertsPage extends ConsoleElement {
  static properties = {
    route: { attribute: false },
    names: { state: true },
  };

  constructor() {
    super();
    this.names = {};
  }

  connectedCallback() {
    super.connectedCallback();
    partners().then((d) => {
      const names = { [d.jurisdiction]: d.name };
      for (const p of d.partners || []) names[p.code] = p.name;
      this.names = names;
      this.partnerList = d.partners || [];
    });
  }

  render() {
    const route = this.route || { segments: [], query: new URLSearchParams() };
    const view = route.segments[0] || 'list';
    const tabs = [
      ['list', 'alerts:tab.list', href('alerts')],
      ...(hasRole('analyst', 'commander') ? [['new', 'alerts:tab.new', href('alerts', ['new'])]] : []),
      ...(hasRole('investigator', 'analyst', 'commander')
        ? [
            ['check', 'alerts:tab.check', href('alerts', ['check'])],
            ['disclosures', 'alerts:tab.disclosures', href('alerts', ['disclosures'])],
          ]
        : []),
    ];
    let body;
    if (view === 'list') body = html`<alerts-list .query=${route.query} .names=${this.names}></alerts-list>`;
    else if (view === 'new') body = html`<alert-publish .partners=${this.partnerList || []}></alert-publish>`;
    else if (view === 'check') body = html`<alert-check .names=${this.names}></alert-check>`;
    else if (view === 'disclosures') body = html`<alert-disclosures .names=${this.names}></alert-disclosures>`;
    else body = html`<alert-detail .alertId=${view} .names=${this.names}></alert-detail>`;
    return html`
      <h1>${t(titleKey)}</h1>
      <nav class="tabs" aria-label=${t(titleKey)}>
        ${tabs.map(([name, key, link]) => html`<a href=${link} aria-current=${name === view ? 'page' : 'false'}>${t(key)}</a>`)}
      </nav>
      ${body}`;
  }
}
customElements.define(tag, AlertsPage);

/** The list: search form, facets, the alerts (live), paging, STIX export of a selection. */
class AlertsList extends ConsoleElement {
  static properties = {
    query: { attribute: false },
    names: { attribute: false },
    items: { state: true },
    facets: { state: true },
    next: { state: true },
    error: { state: true },
    loading: { state: true },
    selected: { state: true },
    announcement: { state: true },
  };

  constructor() {
    super();
    this.items = [];
    this.selected = new Set();
    this.names = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = subscribe('alert.acknowledgement-due', (n) => this.arrived(n));
  }

  disconnectedCallback() {
    if (this.unsubscribe) this.unsubscribe();
    super.disconnectedCallback();
  }

  filters() {
    const q = this.query || new URLSearchParams();
    const f = {};
    for (const key of ['q', 'subject', 'severity', 'category', 'status', 'origin']) {
      if (q.get(key)) f[key] = q.get(key);
    }
    return f;
  }

  willUpdate(changed) {
    if (changed.has('query')) {
      const key = JSON.stringify(this.filters());
      if (key !== this.loadedKey) {
        this.loadedKey = key;
        this.load(false);
      }
    }
  }

  async load(more) {
    this.loading = true;
    this.error = null;
    try {
      const page = await api('alerts', {
        query: { ...this.filters(), facets: more ? undefined : 'true', limit: 20, cursor: more ? this.next : undefined },
      });
      this.items = more ? [...this.items, ...page.items] : page.items;
      if (!more) {
        this.facets = page.facets;
        this.selected = new Set();
      }
      this.next = page.nextCursor || null;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
  }

  async arrived(notification) {
    if (notification.recordType !== 'intel.alert' || !notification.recordId) return;
    if (Object.keys(this.filters()).length) {
      this.announcement = t('alerts:live.filtered');
      return;
    }
    try {
      const alert = await api(`alerts/${encodeURIComponent(notification.recordId)}`);
      if (this.items.some((a) => a.id === alert.id)) return;
      alert.fresh = true;
      this.items = [alert, ...this.items];
      this.announcement = t('alerts:live.arrived', { title: alert.title });
    } catch (e) {
      // not visible to us (any more): nothing to show
    }
  }

  search(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const query = {};
    for (const [key, value] of form.entries()) if (String(value).trim()) query[key] = String(value).trim();
    navigate('alerts', [], query);
  }

  facetLink(key, value) {
    return href('alerts', [], { ...this.filters(), [key]: value });
  }

  toggle(id, on) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  async exportSelected() {
    try {
      const name = await download('alerts/export/stix', { query: { id: [...this.selected] }, fallbackName: 'alerts-stix.json' });
      this.announcement = t('alerts:stix.done', { name });
    } catch (e) {
      this.error = e;
    }
  }

  acknowledged(event) {
    const ack = event.detail;
    this.items = this.items.map((a) => (a.id === ack.alertId ? { ...a, acknowledgedAt: ack.acknowledgedAt } : a));
  }

  render() {
    const f = this.filters();
    const select = (name, values, prefix) => html`
      <div class="field">
        <label for="alert-${name}">${t(`alerts:search.${name}`)}</label>
        <select id="alert-${name}" name=${name}>
          <option value="">${t('alerts:any')}</option>
          ${values.map((v) => html`<option value=${v} ?selected=${f[name] === v}>${t(`${prefix}.${v}`)}</option>`)}
        </select>
      </div>`;
    return html`
      <form class="toolbar" role="search" @submit=${(e) => this.search(e)}>
        <div class="field grow">
          <label for="alert-q">${t('alerts:search.q')}</label>
          <input id="alert-q" name="q" type="search" .value=${f.q || ''} placeholder=${t('alerts:search.q.hint')} maxlength="200" size="28">
        </div>
        <div class="field">
          <label for="alert-subject">${t('alerts:search.subject')}</label>
          <input id="alert-subject" name="subject" .value=${f.subject || ''} placeholder=${t('alerts:search.subject.hint')} maxlength="64">
        </div>
        ${select('severity', SEVERITIES, 'console:severity')}
        ${select('category', CATEGORIES, 'alerts:category')}
        ${select('status', STATUSES, 'alerts:status')}
        ${f.origin ? html`<input type="hidden" name="origin" value=${f.origin}>` : nothing}
        <div class="field actions">
          <button type="submit" class="primary">${t('console:search')}</button>
          <a class="button" href=${href('alerts')}>${t('console:reset')}</a>
        </div>
      </form>
      <p class="sr-status" role="status" aria-live="polite">${this.announcement || ''}</p>
      <problem-message .error=${this.error}></problem-message>
      <div class="columns">
        <aside class="panel alt facets" aria-label=${t('alerts:facets')}>${this.renderFacets()}</aside>
        <section>
          ${canExport()
            ? html`<div class="actions"><button type="button" id="stix-selected" ?disabled=${!this.selected.size}
                @click=${() => this.exportSelected()}>${t('alerts:stix.selected', { n: this.selected.size })}</button></div>`
            : nothing}
          ${!this.loading && !this.items.length ? html`<p class="notice">${t('alerts:list.empty')}</p>` : nothing}
          <ul class="list alerts" @acknowledged=${(e) => this.acknowledged(e)}>
            ${this.items.map((a) => this.renderItem(a))}
          </ul>
          ${this.next
            ? html`<button type="button" class="more" ?disabled=${this.loading} @click=${() => this.load(true)}>${t('console:paging.more')}</button>`
            : this.items.length ? html`<p class="muted">${t('console:paging.end')}</p>` : nothing}
          ${this.loading ? html`<p class="loading">${t('console:loading')}</p>` : nothing}
        </section>
      </div>`;
  }

  renderFacets() {
    const facets = this.facets;
    if (!facets) return html`<p class="muted">${t('alerts:facets')}</p>`;
    const group = (key, title, counts, label) => html`
      <h2>${t(title)}</h2>
      <ul class="facet-list">
        ${Object.entries(counts || {}).map(([value, n]) => html`
          <li><a href=${this.facetLink(key, value)} aria-current=${this.filters()[key] === value ? 'true' : 'false'}>
            ${label(value)}</a> <span class="count">${facets.approximate
              ? t('alerts:facet.approx', { n: formatNumber(n) }) : formatNumber(n)}</span></li>`)}
      </ul>`;
    // above its exact limit (border.search.facets.exact-up-to) the service estimates from a sample and says so
    return html`
      ${facets.approximate ? html`<p class="muted facet-note">${t('alerts:facet.sampled',
        { matches: formatNumber(facets.matches), counted: formatNumber(facets.counted) })}</p>` : nothing}
      ${group('severity', 'alerts:facet.severity', facets.severity, (v) => html`<severity-badge severity=${v}></severity-badge>`)}
      ${group('category', 'alerts:facet.category', facets.category, (v) => t(`alerts:category.${v}`))}
      ${group('origin', 'alerts:facet.origin', facets.origin, (v) => this.names[v] || v)}`;
  }

  renderItem(a) {
    return html`<li class="alert-item sev-${(a.severity || '').toLowerCase()} ${a.fresh ? 'new' : ''}" data-alert-id=${a.id}>
      <div class="item-head">
        ${canExport()
          ? html`<input type="checkbox" aria-label=${t('alerts:stix.select', { title: a.title })}
              .checked=${this.selected.has(a.id)} @change=${(e) => this.toggle(a.id, e.target.checked)}>`
          : nothing}
        <severity-badge severity=${a.severity}></severity-badge>
        <a class="alert-title" href=${href('alerts', [a.id])}>${a.title}</a>
        <span class="badge">${t(`alerts:category.${a.category}`)}</span>
        ${a.status !== 'ACTIVE' ? html`<span class="badge">${t(`alerts:status.${a.status}`)}</span>` : nothing}
      </div>
      <div class="muted">
        ${this.names[a.origin] || a.origin} · ${a.issuingUnit} · ${formatDateTime(a.publishedAt)}
      </div>
      <alert-ack .alert=${a}></alert-ack>
    </li>`;
  }
}
customElements.define('alerts-list', AlertsList);

/** The acknowledgement of a partner's alert: deadline counting down, the 签收 button and its dialog. */
class AlertAck extends ConsoleElement {
  static properties = { alert: { attribute: false }, error: { state: true }, busy: { state: true } };

  async acknowledge(event) {
    event.preventDefault();
    const note = new FormData(event.target).get('note');
    this.busy = true;
    this.error = null;
    try {
      const ack = await api(`alerts/${this.alert.id}/acknowledgement`, {
        method: 'POST',
        body: { note: note && note.trim() ? note.trim() : null },
      });
      this.querySelector('dialog').close();
      this.alert = { ...this.alert, acknowledgedAt: ack.acknowledgedAt };
      this.dispatchEvent(new CustomEvent('acknowledged', { detail: ack, bubbles: true }));
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const a = this.alert;
    if (!a || a.origin === self()) return nothing;
    if (a.acknowledgedAt) {
      return html`<p class="ack done">✓ ${t('alerts:ack.done', { time: formatDateTime(a.acknowledgedAt) })}</p>`;
    }
    if (!acknowledgeable(a)) return nothing;
    return html`<div class="ack actions">
      <span>${t('alerts:ack.dueLabel')}<deadline-countdown deadline=${a.acknowledgementDeadline}></deadline-countdown></span>
      <button type="button" class="primary ack-button" @click=${() => this.querySelector('dialog').showModal()}>${t('alerts:ack.button')}</button>
      <dialog aria-labelledby="ack-title-${a.id}">
        <form @submit=${(e) => this.acknowledge(e)}>
          <h2 id="ack-title-${a.id}">${t('alerts:ack.title')}</h2>
          <p><severity-badge severity=${a.severity}></severity-badge> ${a.title}</p>
          <div class="field">
            <label for="ack-note-${a.id}">${t('alerts:ack.note')}</label>
            <textarea id="ack-note-${a.id}" name="note" maxlength="1000"></textarea>
          </div>
          <problem-message .error=${this.error}></problem-message>
          <div class="actions">
            <button type="submit" class="primary ack-confirm" ?disabled=${this.busy}>${t('alerts:ack.confirm')}</button>
            <button type="button" @click=${() => this.querySelector('dialog').close()}>${t('console:cancel')}</button>
          </div>
        </form>
      </dialog>
    </div>`;
  }
}
customElements.define('alert-ack', AlertAck);

/** One alert: every field the caller may see, its acknowledgements (ours), STIX export. */
class AlertDetail extends ConsoleElement {
  static properties = {
    alertId: { attribute: false },
    names: { attribute: false },
    alert: { state: true },
    receipts: { state: true },
    error: { state: true },
  };

  willUpdate(changed) {
    if (changed.has('alertId')) this.load();
  }

  async load() {
    this.alert = null;
    this.receipts = null;
    this.error = null;
    try {
      this.alert = await api(`alerts/${encodeURIComponent(this.alertId)}`);
      if (this.alert.origin === self()) {
        this.receipts = await api(`alerts/${encodeURIComponent(this.alertId)}/acknowledgements`).catch(() => null);
      }
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const back = html`<p><a href=${href('alerts')}>← ${t('alerts:detail.back')}</a></p>`;
    if (this.error) {
      return html`${back}${this.error instanceof ApiError && this.error.status === 404
        ? html`<p class="notice">${t('alerts:detail.missing')}</p>`
        : html`<problem-message .error=${this.error}></problem-message>`}`;
    }
    const a = this.alert;
    if (!a) return html`${back}<p class="loading">${t('console:loading')}</p>`;
    const names = this.names || {};
    const row = (key, value) => html`<tr><th scope="row">${t(key)}</th><td>${value}</td></tr>`;
    return html`${back}
      <article class="panel alert-detail sev-${(a.severity || '').toLowerCase()}">
        <h2><severity-badge severity=${a.severity}></severity-badge> ${a.title}</h2>
        <alert-ack .alert=${a} @acknowledged=${(e) => { this.alert = { ...a, acknowledgedAt: e.detail.acknowledgedAt }; }}></alert-ack>
        <p class="alert-body">${a.body}</p>
        <table>
          <tbody>
            ${row('alerts:field.category', t(`alerts:category.${a.category}`))}
            ${row('alerts:field.origin', names[a.origin] || a.origin)}
            ${row('alerts:field.unit', a.issuingUnit)}
            ${row('alerts:field.publishedAt', formatDateTime(a.publishedAt))}
            ${row('alerts:field.validFrom', formatDateTime(a.validFrom))}
            ${row('alerts:field.validUntil', a.validUntil ? formatDateTime(a.validUntil) : '—')}
            ${row('alerts:field.status', t(`alerts:status.${a.status}`))}
            ${row('alerts:field.handling', t(`alerts:handling.${a.handling}`))}
            ${row('alerts:field.reliability', t(`alerts:reliability.${a.sourceReliability}`))}
            ${row('alerts:field.credibility', t(`alerts:credibility.${a.informationCredibility}`))}
            ${row('alerts:field.distribution', (a.distribution || []).map((c) => names[c] || c).join('、'))}
            ${row('alerts:field.version', a.version)}
          </tbody>
        </table>
        ${(a.subjects || []).length
          ? html`<h3>${t('alerts:field.subjects')}</h3>
            <table><thead><tr><th>${t('alerts:field.kind')}</th><th>${t('alerts:field.value')}</th><th>${t('alerts:field.label')}</th></tr></thead>
              <tbody>${a.subjects.map((s) => html`<tr><td>${t(`alerts:kind.${s.kind}`)}</td><td>${s.value}</td><td>${s.label || ''}</td></tr>`)}</tbody></table>`
          : nothing}
        ${canExport()
          ? html`<p><button type="button" class="stix-one" @click=${() => download('alerts/export/stix', { query: { id: a.id }, fallbackName: 'alert-stix.json' }).catch((e) => { this.error = e; })}>${t('alerts:stix.export')}</button></p>`
          : nothing}
      </article>
      ${this.receipts ? this.renderReceipts() : nothing}`;
  }

  renderReceipts() {
    const names = this.names || {};
    return html`<section class="panel">
      <h2>${t('alerts:ack.list')}</h2>
      <table>
        <thead><tr><th>${t('alerts:ack.partner')}</th><th>${t('alerts:ack.due')}</th><th>${t('alerts:ack.by')}</th><th>${t('alerts:ack.at')}</th></tr></thead>
        <tbody>${this.receipts.map((r) => html`<tr>
          <td>${names[r.partner] || r.partner}</td>
          <td>${r.required ? html`<deadline-countdown deadline=${r.deadline} ?done=${!!r.acknowledgedAt}></deadline-countdown>` : '—'}
            ${r.overdue ? html`<span class="overdue-mark">${t('alerts:ack.overdue')}</span>` : nothing}</td>
          <td>${r.acknowledgedBy ? `${r.acknowledgedBy}${r.unit ? ` · ${r.unit}` : ''}` : t('alerts:ack.pending')}</td>
          <td>${r.acknowledgedAt ? formatDateTime(r.acknowledgedAt) : ''}</td>
        </tr>`)}</tbody>
      </table>
    </section>`;
  }
}
customElements.define('alert-detail', AlertDetail);

/** Subject rows of a form (kind, identifier, label). */
function subjectRows(host, rows, withLabel) {
  const update = (i, key, value) => {
    host.subjects = host.subjects.map((s, j) => (j === i ? { ...s, [key]: value } : s));
  };
  return html`${rows.map((s, i) => html`<div class="subject-row">
      <div class="field">
        <label for="${host.localName}-kind-${i}">${t('alerts:field.kind')}</label>
        <select id="${host.localName}-kind-${i}" @change=${(e) => update(i, 'kind', e.target.value)}>
          ${KINDS.map((k) => html`<option value=${k} ?selected=${s.kind === k}>${t(`alerts:kind.${k}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="${host.localName}-value-${i}">${t('alerts:field.value')}</label>
        <input id="${host.localName}-value-${i}" class="subject-value" maxlength="64" .value=${s.value} @input=${(e) => update(i, 'value', e.target.value)}>
      </div>
      ${withLabel
        ? html`<div class="field">
            <label for="${host.localName}-label-${i}">${t('alerts:field.label')}</label>
            <input id="${host.localName}-label-${i}" maxlength="100" .value=${s.label || ''} @input=${(e) => update(i, 'label', e.target.value)}>
          </div>`
        : nothing}
      <button type="button" class="remove" @click=${() => { host.subjects = host.subjects.filter((_, j) => j !== i); }}>${t('alerts:publish.removeSubject')}</button>
    </div>`)}
    <button type="button" class="add-subject" @click=${() => { host.subjects = [...host.subjects, { kind: 'PERSON', value: '', label: '' }]; }}>${t('alerts:publish.addSubject')}</button>`;
}

/** The publish form (analysts, commanders). */
class AlertPublish extends ConsoleElement {
  static properties = {
    partners: { attribute: false },
    subjects: { state: true },
    error: { state: true },
    busy: { state: true },
    all: { state: true },
  };

  constructor() {
    super();
    this.subjects = [];
    this.all = false;
    this.key = crypto.randomUUID();
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const distribution = this.all ? ['ALL'] : form.getAll('distribution');
    const body = {
      category: form.get('category'),
      severity: form.get('severity'),
      title: form.get('title'),
      body: form.get('body'),
      subjects: this.subjects.filter((s) => s.value.trim()).map((s) => ({ kind: s.kind, value: s.value.trim(), label: s.label || null })),
      validFrom: localInput(form.get('validFrom')),
      validUntil: localInput(form.get('validUntil')),
      distribution,
      handling: form.get('handling'),
      sourceReliability: form.get('sourceReliability'),
      informationCredibility: Number(form.get('informationCredibility')),
      issuingUnit: form.get('issuingUnit') || undefined,
    };
    this.busy = true;
    this.error = null;
    try {
      // the same key for retries of this form: a repeat answers the alert already published
      const alert = await api('alerts', { method: 'POST', body, headers: { 'Idempotency-Key': this.key } });
      this.key = crypto.randomUUID();
      navigate('alerts', [alert.id]);
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  render() {
    if (!hasRole('analyst', 'commander')) return html`<p class="notice">${t('alerts:publish.forbidden')}</p>`;
    const field = (name, label, control, wide) => html`<div class="field ${wide ? 'wide' : ''}">
      <label for="publish-${name}">${t(label)}</label>${control}</div>`;
    const options = (values, prefix, chosen) => values.map((v) => html`<option value=${v} ?selected=${v === chosen}>${t(`${prefix}.${v}`)}</option>`);
    return html`<form class="panel publish" @submit=${(e) => this.submit(e)}>
      <h2>${t('alerts:publish.heading')}</h2>
      <div class="form-grid">
        ${field('title', 'alerts:field.title', html`<input id="publish-title" name="title" required maxlength="200">`, true)}
        ${field('body', 'alerts:field.body', html`<textarea id="publish-body" name="body" required maxlength="10000"></textarea>`, true)}
        ${field('category', 'alerts:field.category', html`<select id="publish-category" name="category" required>${options(CATEGORIES, 'alerts:category', 'SMUGGLING')}</select>`)}
        ${field('severity', 'alerts:field.severity', html`<select id="publish-severity" name="severity" required>${options(SEVERITIES, 'console:severity', 'ORANGE')}</select>`)}
        ${field('handling', 'alerts:field.handling', html`<select id="publish-handling" name="handling" required>${options(HANDLING, 'alerts:handling', 'GENERAL')}</select>`)}
        ${field('issuingUnit', 'alerts:field.unit', html`<input id="publish-issuingUnit" name="issuingUnit" maxlength="100" placeholder=${t('alerts:publish.unitHint')}>`)}
        ${field('sourceReliability', 'alerts:field.reliability', html`<select id="publish-sourceReliability" name="sourceReliability">${options(RELIABILITY, 'alerts:reliability', 'B')}</select>`)}
        ${field('informationCredibility', 'alerts:field.credibility', html`<select id="publish-informationCredibility" name="informationCredibility">${options(CREDIBILITY, 'alerts:credibility', 2)}</select>`)}
        ${field('validFrom', 'alerts:field.validFrom', html`<input id="publish-validFrom" name="validFrom" type="datetime-local">`)}
        ${field('validUntil', 'alerts:field.validUntil', html`<input id="publish-validUntil" name="validUntil" type="datetime-local">
          <span class="hint">${t('alerts:publish.validHint')}</span>`)}
      </div>
      <fieldset>
        <legend>${t('alerts:field.distribution')}</legend>
        <label class="check"><input type="checkbox" name="all" .checked=${this.all} @change=${(e) => { this.all = e.target.checked; }}> ${t('alerts:publish.all')}</label>
        ${(this.partners || []).map((p) => html`<label class="check"><input type="checkbox" name="distribution" value=${p.code} ?disabled=${this.all}> ${p.name}（${p.code}）</label>`)}
      </fieldset>
      <fieldset>
        <legend>${t('alerts:field.subjects')}</legend>
        ${subjectRows(this, this.subjects, true)}
      </fieldset>
      <problem-message .error=${this.error}></problem-message>
      <div class="actions"><button type="submit" class="primary" id="publish-submit" ?disabled=${this.busy}>${t('alerts:publish.submit')}</button></div>
    </form>`;
  }
}
customElements.define('alert-publish', AlertPublish);

/** Hit/no-hit (比对) of identifiers here and at the partners, and the disclosure request of a hit. */
class AlertCheck extends ConsoleElement {
  static properties = {
    names: { attribute: false },
    subjects: { state: true },
    result: { state: true },
    error: { state: true },
    busy: { state: true },
    asking: { state: true },
    message: { state: true },
  };

  constructor() {
    super();
    this.subjects = [{ kind: 'PERSON', value: '', label: '' }];
  }

  async check(event) {
    event.preventDefault();
    const identifiers = this.subjects.filter((s) => s.value.trim()).map((s) => ({ kind: s.kind, value: s.value.trim() }));
    this.busy = true;
    this.error = null;
    this.result = null;
    try {
      this.result = await api('alerts/hit-checks', { method: 'POST', body: { identifiers } });
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }

  async requestDisclosure(event) {
    event.preventDefault();
    const reason = new FormData(event.target).get('reason');
    this.error = null;
    try {
      await api('alerts/disclosure-requests', {
        method: 'POST',
        body: { owner: this.asking.owner, alertId: this.asking.alertId, reason },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      this.querySelector('dialog').close();
      this.asking = null;
      this.message = t('alerts:disclosure.ok');
    } catch (e) {
      this.error = e;
    }
  }

  ask(hit) {
    this.asking = hit;
    this.message = null;
    this.updateComplete.then(() => this.querySelector('dialog').showModal());
  }

  render() {
    const names = this.names || {};
    const r = this.result;
    return html`<form class="panel" @submit=${(e) => this.check(e)}>
        <h2>${t('alerts:check.heading')}</h2>
        <p class="muted">${t('alerts:check.hint')}</p>
        ${subjectRows(this, this.subjects, false)}
        <div class="actions"><button type="submit" class="primary" id="check-submit" ?disabled=${this.busy}>${t('alerts:check.submit')}</button></div>
      </form>
      <problem-message .error=${this.error}></problem-message>
      ${this.message ? html`<p class="success" role="status">${this.message}</p>` : nothing}
      ${r
        ? html`<section class="panel check-result" aria-live="polite">
            <p>${t('alerts:check.asked', { list: (r.partnersAsked || []).map((c) => names[c] || c).join('、') || '—' })}</p>
            ${Object.keys(r.partnersUnavailable || {}).length
              ? html`<p class="problem">${t('alerts:check.unavailable', { list: Object.keys(r.partnersUnavailable).map((c) => names[c] || c).join('、') })}</p>`
              : nothing}
            ${r.hits.length
              ? html`<h3>${t('alerts:check.hits', { n: r.hits.length })}</h3>
                <table><thead><tr><th>${t('alerts:field.kind')}</th><th>${t('alerts:field.value')}</th><th>${t('alerts:check.owner')}</th>
                  <th>${t('alerts:field.unit')}</th><th>${t('alerts:field.severity')}</th><th>${t('alerts:check.alert')}</th><th></th></tr></thead>
                <tbody>${r.hits.map((h) => html`<tr class="hit">
                  <td>${t(`alerts:kind.${h.kind}`)}</td><td>${h.value}</td>
                  <td>${h.ownerName || names[h.owner] || h.owner}${h.local ? ` (${t('alerts:check.local')})` : ''}</td>
                  <td>${h.unit || ''}</td><td><severity-badge severity=${h.severity}></severity-badge></td>
                  <td>${h.local ? html`<a href=${href('alerts', [h.alertId])}>${h.alertId}</a>` : html`<code>${h.alertId}</code>`}</td>
                  <td>${h.local ? nothing : html`<button type="button" class="ask-disclosure" @click=${() => this.ask(h)}>${t('alerts:check.ask')}</button>`}</td>
                </tr>`)}</tbody></table>`
              : html`<p class="notice">${t('alerts:check.none')}</p>`}
          </section>`
        : nothing}
      <dialog aria-labelledby="disclosure-title">
        <form @submit=${(e) => this.requestDisclosure(e)}>
          <h2 id="disclosure-title">${t('alerts:disclosure.title')}</h2>
          ${this.asking ? html`<p>${names[this.asking.owner] || this.asking.owner} · <code>${this.asking.alertId}</code></p>` : nothing}
          <div class="field">
            <label for="disclosure-reason">${t('alerts:disclosure.reason')}</label>
            <textarea id="disclosure-reason" name="reason" required maxlength="2000"></textarea>
          </div>
          <div class="actions">
            <button type="submit" class="primary">${t('console:submit')}</button>
            <button type="button" @click=${() => this.querySelector('dialog').close()}>${t('console:cancel')}</button>
          </div>
        </form>
      </dialog>`;
  }
}
customElements.define('alert-check', AlertCheck);

/** Disclosure requests: ours and those addressed to us (analysts and commanders answer them). */
class AlertDisclosures extends ConsoleElement {
  static properties = {
    names: { attribute: false },
    items: { state: true },
    next: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.items = [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load(false);
  }

  async load(more) {
    try {
      const page = await api('alerts/disclosure-requests', { query: { limit: 50, cursor: more ? this.next : undefined } });
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.next = page.nextCursor || null;
    } catch (e) {
      this.error = e;
    }
  }

  async answer(request, decision) {
    this.error = null;
    try {
      await api(`alerts/disclosure-requests/${request.id}/answer`, { method: 'POST', body: { decision } });
      await this.load(false);
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    const names = this.names || {};
    const mayAnswer = hasRole('analyst', 'commander');
    return html`<section class="panel">
      <h2>${t('alerts:disclosure.list')}</h2>
      <problem-message .error=${this.error}></problem-message>
      ${this.items.length
        ? html`<table><thead><tr><th>${t('alerts:disclosure.requester')}</th><th>${t('alerts:disclosure.owner')}</th>
            <th>${t('alerts:check.alert')}</th><th>${t('alerts:disclosure.reason')}</th><th>${t('alerts:disclosure.requestedAt')}</th>
            <th>${t('alerts:disclosure.deadline')}</th><th>${t('alerts:disclosure.status')}</th><th></th></tr></thead>
          <tbody>${this.items.map((d) => html`<tr>
            <td>${names[d.requester] || d.requester}</td><td>${names[d.owner] || d.owner}</td>
            <td><code>${d.alertId}</code></td><td>${d.reason}</td><td>${formatDateTime(d.requestedAt)}</td>
            <td>${d.status === 'PENDING' ? html`<deadline-countdown deadline=${d.deadline}></deadline-countdown>` : formatDateTime(d.deadline)}
              ${d.overdue ? html`<span class="overdue-mark">${t('alerts:ack.overdue')}</span>` : nothing}</td>
            <td>${t(`alerts:disclosure.${d.status}`)}</td>
            <td>${mayAnswer && d.status === 'PENDING' && d.owner === self()
              ? html`<div class="actions"><button type="button" class="primary" @click=${() => this.answer(d, 'APPROVED')}>${t('alerts:disclosure.approve')}</button>
                  <button type="button" class="danger" @click=${() => this.answer(d, 'DENIED')}>${t('alerts:disclosure.deny')}</button></div>`
              : nothing}</td>
          </tr>`)}</tbody></table>`
        : html`<p class="notice">${t('alerts:disclosure.empty')}</p>`}
      ${this.next ? html`<button type="button" @click=${() => this.load(true)}>${t('console:paging.more')}</button>` : nothing}
    </section>`;
  }
}
customElements.define('alert-disclosures', AlertDisclosures);

// 联谊 Directory: the agreement, partners of the trust list, units with their liaison officers, who is
// on duty now at each jurisdiction, joint meetings and joint patrols (the liaison directory hosted
// by intel-sharing, through the gateway).
import { ConsoleElement, html, nothing } from '../base.js';
import { api } from '../api.js';
import { t, register } from '../i18n.js';
import { caller, partners, jurisdictionNames, jname, joined, fmtDateTime, fmtDate, isForbidden, paren, colon } from '../pages-kit.js';

const NS = 'directory';
const k = (key, params) => t(`${NS}:${key}`, params);

register(NS, {
  zh: {
    title: '联络名录',
    agreement: '合作协议',
    signedOn: '签订日期',
    principles: '合作原则',
    rotation: '轮值顺序',
    partners: '协作辖区',
    code: '行政区划代码',
    name: '名称',
    categories: '共享类别',
    units: '单位与联络员',
    unit: '单位',
    unitKind: '类别',
    address: '地址',
    phone: '电话',
    officers: '联络员',
    officerRole: '职责',
    noOfficers: '无联络员',
    duty: '当前值班（快速反应机制）',
    onDuty: '值班人',
    dutyUntil: '值班至',
    noDuty: '当前无值班记录',
    meetings: '联席会议',
    heldAt: '时间',
    place: '地点',
    chair: '主持方',
    agenda: '议程',
    parties: '参加方',
    noMeetings: '暂无联席会议',
    patrols: '联合巡逻',
    window: '时间',
    area: '巡逻区域',
    sides: '参巡单位',
    status: '状态',
    report: '简要情况',
    noPatrols: '暂无联合巡逻',
    'kind.POLICE_STATION': '派出所',
    'kind.CHECKPOINT': '检查站',
    'kind.CRIMINAL_POLICE': '刑侦大队',
    'kind.COMMAND_CENTRE': '指挥中心',
    'kind.OTHER': '其他',
    'role.LIAISON': '联络员',
    'role.DEPUTY': '副联络员',
    'role.LEADER': '分管领导',
    'patrol.PLANNED': '计划中',
    'patrol.DONE': '已巡逻',
    'patrol.CANCELLED': '已取消',
    'category.intel': '情报',
    'category.liaison': '联谊',
    'category.cases': '案件',
    'category.mediation': '调解',
  },
  en: {
    title: 'Liaison directory',
    agreement: 'Cooperation agreement',
    signedOn: 'Signed on',
    principles: 'Principles',
    rotation: 'Chair rotation',
    partners: 'Partner jurisdictions',
    code: 'Division code',
    name: 'Name',
    categories: 'Shared categories',
    units: 'Units and liaison officers',
    unit: 'Unit',
    unitKind: 'Kind',
    address: 'Address',
    phone: 'Phone',
    officers: 'Liaison officers',
    officerRole: 'Role',
    noOfficers: 'No liaison officer',
    duty: 'On duty now (rapid response)',
    onDuty: 'On duty',
    dutyUntil: 'Until',
    noDuty: 'No duty shift now',
    meetings: 'Joint meetings',
    heldAt: 'When',
    place: 'Place',
    chair: 'Chair',
    agenda: 'Agenda',
    parties: 'Parties',
    noMeetings: 'No joint meeting yet',
    patrols: 'Joint patrols',
    window: 'When',
    area: 'Area',
    sides: 'Units',
    status: 'Status',
    report: 'Report',
    noPatrols: 'No joint patrol yet',
    'kind.POLICE_STATION': 'Police station',
    'kind.CHECKPOINT': 'Checkpoint',
    'kind.CRIMINAL_POLICE': 'Criminal police',
    'kind.COMMAND_CENTRE': 'Command centre',
    'kind.OTHER': 'Other',
    'role.LIAISON': 'Liaison officer',
    'role.DEPUTY': 'Deputy liaison officer',
    'role.LEADER': 'Leader in charge',
    'patrol.PLANNED': 'Planned',
    'patrol.DONE': 'Held',
    'patrol.CANCELLED': 'Cancelled',
    'category.intel': 'Intelligence',
    'category.liaison': 'Liaison',
    'category.cases': 'Cases',
    'category.mediation': 'Mediation',
  },
});

export const tag = 'page-directory';
export const titleKey = `${NS}:title`;

class DirectoryPage extends ConsoleElement {
  static properties = {
    _me: { state: true },
    _names: { state: true },
    _error: { state: true },
    _agreement: { state: true },
    _partners: { state: true },
    _units: { state: true },
    _officers: { state: true },
    _duty: { state: true },
    _meetings: { state: true },
    _patrols: { state: true },
  };

  constructor() {
    super();
    this._names = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this._load();
  }

  async _get(path, query) {
    try {
      return await api(path, { query });
    } catch (err) {
      if (!isForbidden(err)) this._error = err;
      return null;
    }
  }

  async _load() {
    this._me = caller();
    this._names = await jurisdictionNames();
    const [agreement, trust, units, officers, meetings, patrols] = await Promise.all([
      this._get('/api/v1/directory/agreement'),
      partners(),
      this._get('/api/v1/directory/units', { limit: 200 }),
      this._get('/api/v1/directory/officers', { limit: 200 }),
      this._get('/api/v1/directory/meetings', { limit: 50 }),
      this._get('/api/v1/directory/patrols', { limit: 50 }),
    ]);
    this._agreement = agreement;
    this._partners = trust.partners || [];
    this._units = units?.items || [];
    this._officers = officers?.items || [];
    this._meetings = meetings?.items || [];
    this._patrols = patrols?.items || [];
    const codes = [this._me.jurisdiction, ...this._partners.map((p) => p.code)];
    const duty = {};
    await Promise.all(
      codes.map(async (code) => {
        duty[code] = (await this._get('/api/v1/directory/duty/now', { jurisdiction: code })) || [];
      }),
    );
    this._duty = duty;
  }

  _unitName(id) {
    return this._units?.find((u) => u.id === id)?.record.name || '—';
  }

  _renderUnits() {
    if (!this._units) return html`<p class="loading">${t('console:loading')}</p>`;
    if (this._units.length === 0) return html`<p class="muted">${t('kit:none')}</p>`;
    return html`<table class="data" data-testid="units">
      <thead><tr><th scope="col">${k('unit')}</th><th scope="col">${k('unitKind')}</th><th scope="col">${k('phone')}</th>
        <th scope="col">${k('address')}</th><th scope="col">${k('officers')}</th></tr></thead>
      <tbody>${this._units.map((u) => {
        const officers = (this._officers || []).filter((o) => o.record.unitId === u.id && o.record.active !== false);
        return html`<tr>
          <th scope="row">${u.record.name}<div class="muted">${jname(this._names, u.origin)}</div></th>
          <td>${k(`kind.${u.record.kind}`)}</td>
          <td><a href="tel:${u.record.phone}">${u.record.phone}</a></td>
          <td>${u.record.address || '—'}</td>
          <td>${officers.length === 0 ? html`<span class="muted">${k('noOfficers')}</span>` : html`<ul class="plain">
            ${officers.map((o) => html`<li>${o.record.name}${paren(o.record.title)} · ${k(`role.${o.record.role}`)} ·
              <a href="tel:${o.record.phone}">${o.record.phone}</a></li>`)}</ul>`}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }

  _renderDuty() {
    if (!this._duty) return html`<p class="loading">${t('console:loading')}</p>`;
    return html`<div class="cards">${Object.entries(this._duty).map(([code, shifts]) => html`
      <section class="card" aria-labelledby="duty-${code}">
        <h3 id="duty-${code}">${jname(this._names, code)}</h3>
        ${shifts.length === 0 ? html`<p class="muted">${k('noDuty')}</p>` : html`<ul class="plain">
          ${shifts.map((s) => html`<li><strong>${this._unitName(s.record.unitId)}</strong>${colon()}${s.record.name}
            ${s.record.phone ? html` · <a href="tel:${s.record.phone}">${s.record.phone}</a>` : nothing}
            <span class="muted">${k('dutyUntil')} ${fmtDateTime(s.record.endsAt)}</span></li>`)}</ul>`}
      </section>`)}</div>`;
  }

  render() {
    const a = this._agreement;
    return html`
      <h1>${k('title')}</h1>
      <problem-message .error=${this._error}></problem-message>
      <section aria-labelledby="dir-agreement">
        <h2 id="dir-agreement">${k('agreement')}</h2>
        ${a ? html`<dl class="facts">
            <dt>${k('name')}</dt><dd>${a.title}</dd>
            <dt>${k('signedOn')}</dt><dd>${fmtDate(a.signedOn)}</dd>
            <dt>${k('principles')}</dt><dd>${a.principles}</dd>
            <dt>${k('rotation')}</dt><dd>${(a.parties || []).map((c) => jname(this._names, c)).join(' → ')}</dd>
          </dl>` : html`<p class="loading">${t('console:loading')}</p>`}
      </section>
      <section aria-labelledby="dir-partners">
        <h2 id="dir-partners">${k('partners')}</h2>
        ${!this._partners ? html`<p class="loading">${t('console:loading')}</p>` : html`<table class="data" data-testid="partners">
          <thead><tr><th scope="col">${k('name')}</th><th scope="col">${k('code')}</th><th scope="col">${k('categories')}</th></tr></thead>
          <tbody>${this._partners.map((p) => html`<tr><th scope="row">${p.name}</th><td>${p.code}</td>
            <td>${joined((p.categories || []).map((c) => (c.includes('.') ? c : k(`category.${c}`))))}</td></tr>`)}</tbody>
        </table>`}
      </section>
      <section aria-labelledby="dir-duty">
        <h2 id="dir-duty">${k('duty')}</h2>
        ${this._renderDuty()}
      </section>
      <section aria-labelledby="dir-units">
        <h2 id="dir-units">${k('units')}</h2>
        ${this._renderUnits()}
      </section>
      <section aria-labelledby="dir-meetings">
        <h2 id="dir-meetings">${k('meetings')}</h2>
        ${!this._meetings ? html`<p class="loading">${t('console:loading')}</p>` : this._meetings.length === 0 ? html`<p class="muted">${k('noMeetings')}</p>` : html`
          <table class="data"><thead><tr><th scope="col">${k('heldAt')}</th><th scope="col">${k('place')}</th><th scope="col">${k('chair')}</th>
            <th scope="col">${k('parties')}</th><th scope="col">${k('agenda')}</th></tr></thead>
          <tbody>${this._meetings.map((m) => html`<tr><td>${fmtDateTime(m.record.heldAt)}</td><td>${m.record.place}</td>
            <td>${jname(this._names, m.record.chair)}</td>
            <td>${joined([m.origin, ...(m.record.parties || [])].map((c) => jname(this._names, c)))}</td>
            <td class="text">${m.record.agenda}</td></tr>`)}</tbody></table>`}
      </section>
      <section aria-labelledby="dir-patrols">
        <h2 id="dir-patrols">${k('patrols')}</h2>
        ${!this._patrols ? html`<p class="loading">${t('console:loading')}</p>` : this._patrols.length === 0 ? html`<p class="muted">${k('noPatrols')}</p>` : html`
          <table class="data"><thead><tr><th scope="col">${k('window')}</th><th scope="col">${k('area')}</th><th scope="col">${k('sides')}</th>
            <th scope="col">${k('status')}</th><th scope="col">${k('report')}</th></tr></thead>
          <tbody>${this._patrols.map((p) => html`<tr><td>${fmtDateTime(p.record.plan.startsAt)} – ${fmtDateTime(p.record.plan.endsAt)}</td>
            <td>${p.record.plan.area}</td>
            <td>${(p.record.plan.sides || []).map((s) => html`<div>${jname(this._names, s.jurisdiction)}${colon()}${joined(s.units)}</div>`)}</td>
            <td><span class="badge">${k(`patrol.${p.record.status}`)}</span></td><td class="text">${p.record.report || ''}</td></tr>`)}</tbody></table>`}
      </section>`;
  }
}

if (!customElements.get(tag)) customElements.define(tag, DirectoryPage);

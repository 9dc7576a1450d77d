// 联调 Disputes: the queue by tier (三调对接), the week's sessions, agreements' instalments due and
// follow-ups, a dispute with its team, sessions (notes recorded by the team's mediators) and its
// agreement with the printed PDF. joint-mediation's REST API through the gateway.
import { html, nothing } from '../base.js';
import { api, download, pager } from '../api.js';
import { t, register, locale } from '../i18n.js';
import { navigate } from '../router.js';
import {
  TabbedPage,
  hasRole,
  jname,
  joined,
  fmtDateTime,
  fmtDate,
  fmtTime,
  fmtAmount,
  isForbidden,
  formKey,
  forgetFormKey,
  mondayOf,
  addDays,
  localDay,
  eachLimited,
  paren,
  colon,
} from '../pages-kit.js';

const NS = 'disputes';
const k = (key, params) => t(`${NS}:${key}`, params);
const e = (key) => t(`disputeEnums:${key}`);

register(NS, {
  zh: {
    title: '矛盾纠纷联调',
    tabs: '纠纷视图',
    tabQueue: '分级调处队列',
    tabCalendar: '调解日程',
    tabAgreements: '协议履行',
    showFinal: '显示已办结的纠纷',
    noDisputes: '该层级暂无纠纷',
    reportedAt: '受理时间',
    risk: '民转刑风险',
    amount: '争议金额',
    week: '{from} 至 {to}',
    previousWeek: '上一周',
    nextWeek: '下一周',
    thisWeek: '本周',
    noSessions: '无调解会',
    sessionsLoading: '正在读取本周的调解会…',
    sessionsFailed: '未能读取本周的调解会。',
    readAgain: '重新读取',
    overdueInstalments: '逾期未履行的分期',
    noOverdue: '没有逾期的分期',
    dueInstalments: '待履行的分期',
    noDue: '没有待履行的分期',
    dispute: '纠纷',
    instalment: '期数',
    dueOn: '履行期限',
    owed: '应付',
    paid: '已付',
    daysOverdue: '逾期天数',
    followUps: '回访记录',
    noFollowUps: '暂无回访',
    relayedBy: '（经{jurisdiction}转报）',
    visitedOn: '回访日期',
    visitor: '回访人',
    method: '方式',
    note: '情况',
    backToQueue: '返回纠纷队列',
    number: '纠纷编号',
    kind: '纠纷类型',
    channel: '受理渠道',
    place: '地点',
    township: '乡镇',
    description: '纠纷概况',
    tier: '调解层级',
    tierRule: '分级规则',
    tierOverride: '人工调整：{reason}',
    parties: '当事人',
    partyName: '名称',
    partyRole: '身份',
    partyJurisdiction: '所属辖区',
    team: '联合调解团队',
    noTeam: '尚未组建团队',
    teamIncomplete: '团队尚不满足规则（缺少以下辖区的调解员：{list}）',
    sessions: '调解会',
    noSessionsOfDispute: '尚未安排调解会',
    when: '时间',
    mode: '方式',
    outcome: '调解结果',
    notes: '调解笔记',
    notesTeamOnly: '调解笔记仅团队调解员可见。',
    noNotes: '暂无笔记',
    writeNote: '记录调解笔记',
    noteText: '笔记内容',
    saveNote: '保存笔记',
    markHeld: '登记已举行',
    outcomeText: '结果说明（可选）',
    agreement: '调解协议',
    noAgreement: '尚无调解协议',
    agreementStatus: '协议状态',
    terms: '协议内容',
    total: '协议金额',
    effectiveOn: '生效日期',
    signatures: '已签名当事人',
    confirmation: '司法确认',
    pdf: '下载调解协议书（PDF）',
    agreementsForbidden: '协议涉及当事人款项，您的角色无权查看。',
    escalated: '民转刑升级案件',
  },
  en: {
    title: 'Joint mediation of disputes',
    tabs: 'Dispute views',
    tabQueue: 'Queue by tier',
    tabCalendar: 'Sessions',
    tabAgreements: 'Agreements',
    showFinal: 'Show disputes already concluded',
    noDisputes: 'No dispute at this tier',
    reportedAt: 'Reported',
    risk: 'Risk of turning criminal',
    amount: 'Amount at stake',
    week: '{from} to {to}',
    previousWeek: 'Previous week',
    nextWeek: 'Next week',
    thisWeek: 'This week',
    noSessions: 'No session',
    sessionsLoading: 'Reading the week\'s sessions…',
    sessionsFailed: 'The week\'s sessions could not be read.',
    readAgain: 'Read again',
    overdueInstalments: 'Overdue instalments',
    noOverdue: 'No overdue instalment',
    dueInstalments: 'Instalments due',
    noDue: 'No instalment due',
    dispute: 'Dispute',
    instalment: 'No.',
    dueOn: 'Due on',
    owed: 'Owed',
    paid: 'Paid',
    daysOverdue: 'Days overdue',
    followUps: 'Follow-up visits',
    noFollowUps: 'No follow-up yet',
    relayedBy: ' (as reported by {jurisdiction})',
    visitedOn: 'Visited on',
    visitor: 'Visitor',
    method: 'Method',
    note: 'Finding',
    backToQueue: 'Back to the queue',
    number: 'Dispute number',
    kind: 'Kind',
    channel: 'Channel',
    place: 'Place',
    township: 'Township',
    description: 'Description',
    tier: 'Tier',
    tierRule: 'Triage rule',
    tierOverride: 'Set by hand: {reason}',
    parties: 'Parties',
    partyName: 'Name',
    partyRole: 'Role',
    partyJurisdiction: 'Jurisdiction',
    team: 'Joint team',
    noTeam: 'No team yet',
    teamIncomplete: 'The team does not meet the rules yet (no mediator of: {list})',
    sessions: 'Sessions',
    noSessionsOfDispute: 'No session scheduled',
    when: 'When',
    mode: 'Mode',
    outcome: 'Outcome',
    notes: 'Session notes',
    notesTeamOnly: 'Session notes are for the team\'s mediators only.',
    noNotes: 'No notes yet',
    writeNote: 'Record a session note',
    noteText: 'Note',
    saveNote: 'Save note',
    markHeld: 'Record as held',
    outcomeText: 'Outcome details (optional)',
    agreement: 'Mediation agreement',
    noAgreement: 'No agreement yet',
    agreementStatus: 'Status',
    terms: 'Terms',
    total: 'Total',
    effectiveOn: 'In force since',
    signatures: 'Parties signed',
    confirmation: 'Judicial confirmation',
    pdf: 'Download the agreement (PDF)',
    agreementsForbidden: 'Agreements carry the parties\' money; your role may not see them.',
    escalated: 'Escalated to joint case',
  },
});

register('disputeEnums', {
  zh: {
    'status.RECEIVED': '已受理',
    'status.MEDIATING': '调解中',
    'status.AGREED': '达成协议',
    'status.FAILED': '调解不成',
    'status.RESOLVED': '已化解',
    'status.CLOSED': '终结',
    'status.WITHDRAWN': '撤回',
    'tier.VILLAGE': '村级人民调解',
    'tier.TOWNSHIP': '乡级综治中心',
    'tier.CITY_CENTRE': '市综治中心',
    'tier.ADMINISTRATIVE': '行政调解',
    'tier.COURT': '法院调解员',
    'risk.LOW': '低',
    'risk.MEDIUM': '中',
    'risk.HIGH': '高',
    'kind.LAND_BOUNDARY': '山林土地边界',
    'kind.LABOUR_WAGES': '劳资',
    'kind.COMMERCIAL_TRADE': '商贸',
    'kind.NEIGHBOUR': '邻里',
    'kind.FAMILY': '婚姻家庭',
    'kind.TRAFFIC_ACCIDENT': '交通事故',
    'kind.OTHER': '其他',
    'channel.CALL_110': '110报警',
    'channel.HOTLINE_12345': '12345热线',
    'channel.MINSHENG_HOTLINE': '民声热线',
    'channel.WALK_IN': '来访',
    'channel.PATROL': '巡逻排查',
    'channel.PARTNER_REFERRAL': '协作辖区移送',
    'role.APPLICANT': '申请人',
    'role.RESPONDENT': '被申请人',
    'role.THIRD_PARTY': '第三人',
    'session.SCHEDULED': '已安排',
    'session.HELD': '已举行',
    'session.CANCELLED': '已取消',
    'mode.OFFLINE': '线下',
    'mode.ONLINE': '线上',
    'outcome.AGREEMENT': '达成协议',
    'outcome.PARTIAL_AGREEMENT': '部分达成',
    'outcome.NO_AGREEMENT': '未达成协议',
    'outcome.ADJOURNED': '休会',
    'agreement.DRAFT': '拟定',
    'agreement.SIGNED': '已生效',
    'agreement.FULFILLED': '履行完毕',
    'confirmation.NONE': '未申请',
    'confirmation.REQUESTED': '已申请',
    'confirmation.CONFIRMED': '确认有效',
    'confirmation.REJECTED': '驳回',
    'followup.VISIT': '上门',
    'followup.PHONE': '电话',
    'followup.ONLINE': '视频/在线',
  },
  en: {
    'status.RECEIVED': 'Received',
    'status.MEDIATING': 'Mediating',
    'status.AGREED': 'Agreed',
    'status.FAILED': 'Failed',
    'status.RESOLVED': 'Resolved',
    'status.CLOSED': 'Closed',
    'status.WITHDRAWN': 'Withdrawn',
    'tier.VILLAGE': 'Village mediation',
    'tier.TOWNSHIP': 'Township centre',
    'tier.CITY_CENTRE': 'City centre',
    'tier.ADMINISTRATIVE': 'Administrative mediation',
    'tier.COURT': 'Court mediator',
    'risk.LOW': 'Low',
    'risk.MEDIUM': 'Medium',
    'risk.HIGH': 'High',
    'kind.LAND_BOUNDARY': 'Land or forest boundary',
    'kind.LABOUR_WAGES': 'Labour and wages',
    'kind.COMMERCIAL_TRADE': 'Trade',
    'kind.NEIGHBOUR': 'Neighbours',
    'kind.FAMILY': 'Family',
    'kind.TRAFFIC_ACCIDENT': 'Traffic accident',
    'kind.OTHER': 'Other',
    'channel.CALL_110': '110 call',
    'channel.HOTLINE_12345': '12345 hotline',
    'channel.MINSHENG_HOTLINE': 'Minsheng hotline',
    'channel.WALK_IN': 'Walk-in',
    'channel.PATROL': 'Patrol',
    'channel.PARTNER_REFERRAL': 'Referred by a partner',
    'role.APPLICANT': 'Applicant',
    'role.RESPONDENT': 'Respondent',
    'role.THIRD_PARTY': 'Third party',
    'session.SCHEDULED': 'Scheduled',
    'session.HELD': 'Held',
    'session.CANCELLED': 'Cancelled',
    'mode.OFFLINE': 'In person',
    'mode.ONLINE': 'Online',
    'outcome.AGREEMENT': 'Agreement',
    'outcome.PARTIAL_AGREEMENT': 'Partial agreement',
    'outcome.NO_AGREEMENT': 'No agreement',
    'outcome.ADJOURNED': 'Adjourned',
    'agreement.DRAFT': 'Draft',
    'agreement.SIGNED': 'In force',
    'agreement.FULFILLED': 'Fulfilled',
    'confirmation.NONE': 'Not applied for',
    'confirmation.REQUESTED': 'Applied for',
    'confirmation.CONFIRMED': 'Confirmed',
    'confirmation.REJECTED': 'Rejected',
    'followup.VISIT': 'Visit',
    'followup.PHONE': 'Phone',
    'followup.ONLINE': 'Video or online',
  },
});

const TIERS = ['VILLAGE', 'TOWNSHIP', 'CITY_CENTRE', 'ADMINISTRATIVE', 'COURT'];
const FINAL = ['RESOLVED', 'CLOSED', 'WITHDRAWN'];
const OUTCOMES = ['AGREEMENT', 'PARTIAL_AGREEMENT', 'NO_AGREEMENT', 'ADJOURNED'];

export const tag = 'page-disputes';
export const titleKey = `${NS}:title`;

class DisputesPage extends TabbedPage {
  static page = NS;
  static tabs = ['queue', 'calendar', 'agreements'];

  static properties = {
    _disputes: { state: true },
    _showFinal: { state: true },
    _weekStart: { state: true },
    _sessions: { state: true },
    _escalations: { state: true },
    _due: { state: true },
    _dispute: { state: true },
    _team: { state: true },
    _disputeSessions: { state: true },
    _notes: { state: true },
    _agreement: { state: true },
  };

  constructor() {
    super();
    this._disputes = null;
    this._showFinal = false;
    this._weekStart = mondayOf();
    this._sessions = null;
    this._escalations = null;
    this._due = null;
    this._notes = {};
  }

  _openTab(query) {
    const week = /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.get('week') || '');
    this._weekStart = week ? mondayOf(new Date(Number(week[1]), Number(week[2]) - 1, Number(week[3]))) : mondayOf();
    // the calendar reads its week alone; the queue and the agreements read the disputes first
    if (this._tab === 'calendar') {
      if (this._sessionsWeek !== localDay(this._weekStart)) this._loadSessions();
      return;
    }
    this._stopSessions();
    if (this._sessions === 'failed') {
      // the calendar's error is not the other tab's
      this._sessions = null;
      this._error = null;
    }
    if (this._disputes === null) {
      this._loadDisputes().then(() => this._loadTab());
    } else {
      this._loadTab();
    }
  }

  _loadTab() {
    if (this._tab === 'agreements' && this._escalations === null) this._loadAgreements();
  }

  _renderTab(tab) {
    if (tab === 'calendar') return this._renderCalendar();
    if (tab === 'agreements') return this._renderAgreements();
    return this._renderQueue();
  }

  async _loadDisputes() {
    await this._guard(async () => {
      const page = await api('/api/v1/disputes', { query: { limit: 200 } });
      this._disputes = page.items || [];
    });
  }

  // --- queue by tier

  _renderQueue() {
    if (this._disputes === null) return html`<p class="loading">${t('console:loading')}</p>`;
    const shown = this._disputes.filter((d) => this._showFinal || !FINAL.includes(d.status));
    return html`
      <label class="inline">
        <input type="checkbox" .checked=${this._showFinal} @change=${(ev) => (this._showFinal = ev.target.checked)} />
        ${k('showFinal')}
      </label>
      <div class="tiers" data-testid="tier-queue">
        ${TIERS.map((tier) => {
          const list = shown.filter((d) => d.tier === tier);
          return html`
            <section class="tier" aria-labelledby="tier-${tier}">
              <h2 id="tier-${tier}">${e(`tier.${tier}`)} <span class="count">${list.length}</span></h2>
              ${list.length === 0
                ? html`<p class="muted">${k('noDisputes')}</p>`
                : html`<ul class="plain">
                    ${list.map((d) => html`<li class="card dispute risk-${(d.riskLevel || 'LOW').toLowerCase()}">
                      <a href="#/disputes/${d.id}">${d.title}</a>
                      <div class="muted">${d.number || ''} · ${e(`kind.${d.kind}`)}</div>
                      <div>
                        <span class="badge">${e(`status.${d.status}`)}</span>
                        <span class="badge risk-${(d.riskLevel || 'LOW').toLowerCase()}">${k('risk')}${colon()}${e(`risk.${d.riskLevel || 'LOW'}`)}</span>
                      </div>
                      <div class="muted">${k('reportedAt')} ${fmtDateTime(d.reportedAt)}</div>
                    </li>`)}
                  </ul>`}
            </section>`;
        })}
      </div>`;
  }

  // --- sessions calendar

  async _loadSessions() {
    // a week left before its answer came stops reading, and neither its sessions nor its error
    // are shown over the week now asked for
    this._stopSessions();
    const reading = new AbortController();
    this._sessionsReading = reading;
    this._sessionsWeek = localDay(this._weekStart);
    this._sessions = null;
    this._error = null;
    try {
      // the week's sessions of every dispute we see, earliest first, with their disputes: one call
      // (a further page only past 200 sessions); withdrawn disputes' are left out, as in the queue
      const pages = pager('/api/v1/disputes/sessions', {
        query: { from: this._weekStart.toISOString(), to: addDays(this._weekStart, 7).toISOString() },
        limit: 200,
        signal: reading.signal,
      });
      const all = [];
      do {
        for (const x of await pages.next()) {
          if (x.dispute.status !== 'WITHDRAWN') all.push({ ...x.session, dispute: x.dispute });
        }
      } while (!pages.done);
      if (this._sessionsReading === reading) this._sessions = all;
    } catch (err) {
      if (this._sessionsReading !== reading) return;
      this._sessions = 'failed';
      this._sessionsWeek = null; // read again next time
      this._error = err;
    } finally {
      if (this._sessionsReading === reading) this._sessionsReading = null;
    }
  }

  /** Stop reading a week (left for another week, tab or record); it is read again when shown. */
  _stopSessions() {
    if (!this._sessionsReading) return;
    this._sessionsReading.abort();
    this._sessionsReading = null;
    this._sessionsWeek = null;
  }

  disconnectedCallback() {
    this._stopSessions();
    super.disconnectedCallback();
  }

  _shiftWeek(weeks) {
    const monday = weeks === 0 ? mondayOf() : addDays(this._weekStart, weeks * 7);
    navigate('disputes', [], { tab: 'calendar', week: localDay(monday) });
  }

  _renderCalendar() {
    const days = Array.from({ length: 7 }, (_, i) => addDays(this._weekStart, i));
    const title = k('week', { from: fmtDate(days[0]), to: fmtDate(days[6]) });
    return html`
      <div class="toolbar">
        <button type="button" @click=${() => this._shiftWeek(-1)}>${k('previousWeek')}</button>
        <button type="button" @click=${() => this._shiftWeek(0)}>${k('thisWeek')}</button>
        <button type="button" @click=${() => this._shiftWeek(1)}>${k('nextWeek')}</button>
        <h2 aria-live="polite">${title}</h2>
      </div>
      ${this._sessions === null
        ? html`<p class="loading">${k('sessionsLoading')}</p>`
        : this._sessions === 'failed'
          ? html`<p class="muted">${k('sessionsFailed')}
              <button type="button" @click=${() => this._loadSessions()}>${k('readAgain')}</button></p>`
          : html`<div class="week" data-testid="week">
            ${days.map((day) => {
              const key = localDay(day);
              const list = this._sessions.filter((s) => localDay(s.startsAt) === key);
              return html`<section class="day" aria-labelledby="day-${key}">
                <h3 id="day-${key}">${new Intl.DateTimeFormat(locale(), { weekday: 'short', month: 'numeric', day: 'numeric' }).format(day)}</h3>
                ${list.length === 0
                  ? html`<p class="muted">${k('noSessions')}</p>`
                  : html`<ul class="plain">${list.map((s) => html`<li class="session-entry session-${s.status.toLowerCase()}">
                      <time datetime=${s.startsAt}>${fmtTime(s.startsAt)}–${fmtTime(s.endsAt)}</time>
                      <a href="#/disputes/${s.dispute.id}">${s.dispute.title}</a>
                      <div class="muted">${e(`mode.${s.mode}`)}${s.place ? ` · ${s.place}` : ''} · ${e(`session.${s.status}`)}</div>
                    </li>`)}</ul>`}
              </section>`;
            })}
          </div>`}
    `;
  }

  // --- agreements: instalments overdue and due, follow-ups

  async _loadAgreements() {
    this._escalations = null;
    this._due = null;
    try {
      this._escalations = await api('/api/v1/disputes/escalations');
    } catch (err) {
      this._escalations = isForbidden(err) ? 'forbidden' : [];
      if (!isForbidden(err)) this._error = err;
      this._due = [];
      return;
    }
    const withAgreement = (this._disputes || []).filter((d) => ['AGREED', 'RESOLVED'].includes(d.status));
    const due = [];
    await eachLimited(withAgreement, 4, async (d) => {
      try {
        const a = await api(`/api/v1/disputes/${d.id}/agreement`);
        due.push({ dispute: d, agreement: a });
      } catch {
        // a dispute without an agreement here: nothing due
      }
    });
    this._due = due;
  }

  _renderAgreements() {
    if (this._escalations === null) return html`<p class="loading">${t('console:loading')}</p>`;
    if (this._escalations === 'forbidden') return html`<p>${k('agreementsForbidden')}</p>`;
    const upcoming = (this._due || []).flatMap(({ dispute, agreement }) =>
      (agreement.instalments || [])
        .filter((i) => Number(i.paid) < Number(i.amount))
        .map((i) => ({ dispute, agreement, i })),
    );
    upcoming.sort((a, b) => a.i.dueOn.localeCompare(b.i.dueOn));
    const visits = (this._due || []).flatMap(({ dispute, agreement }) =>
      (agreement.followUps || []).map((f) => ({ dispute, f })),
    );
    return html`
      <section aria-labelledby="overdue-instalments">
        <h2 id="overdue-instalments">${k('overdueInstalments')}</h2>
        ${this._escalations.length === 0 ? html`<p>${k('noOverdue')}</p>` : html`
          <table class="data" data-testid="overdue-instalments">
            <thead><tr><th scope="col">${k('dispute')}</th><th scope="col">${k('instalment')}</th><th scope="col">${k('dueOn')}</th>
              <th scope="col">${k('owed')}</th><th scope="col">${k('paid')}</th><th scope="col">${k('daysOverdue')}</th><th scope="col">${k('risk')}</th></tr></thead>
            <tbody>${this._escalations.map((x) => html`<tr class="is-overdue">
              <td><a href="#/disputes/${x.disputeId}">${x.title}</a></td><td>${x.instalment}</td><td>${fmtDate(x.dueOn)}</td>
              <td>${fmtAmount(x.amount)}</td><td>${fmtAmount(x.paid)}</td>
              <td><span class="badge overdue">${x.daysOverdue}</span></td><td>${e(`risk.${x.riskLevel}`)}</td></tr>`)}</tbody>
          </table>`}
      </section>
      <section aria-labelledby="due-instalments">
        <h2 id="due-instalments">${k('dueInstalments')}</h2>
        ${this._due === null ? html`<p class="loading">${t('console:loading')}</p>` : upcoming.length === 0 ? html`<p>${k('noDue')}</p>` : html`
          <table class="data" data-testid="due-instalments">
            <thead><tr><th scope="col">${k('dispute')}</th><th scope="col">${k('instalment')}</th><th scope="col">${k('dueOn')}</th>
              <th scope="col">${k('owed')}</th><th scope="col">${k('paid')}</th><th scope="col">${k('agreement')}</th></tr></thead>
            <tbody>${upcoming.map(({ dispute, i }) => html`<tr class=${i.daysOverdue > 0 ? 'is-overdue' : ''}>
              <td><a href="#/disputes/${dispute.id}">${dispute.title}</a></td><td>${i.number}</td><td>${fmtDate(i.dueOn)}</td>
              <td>${fmtAmount(i.amount)}</td><td>${fmtAmount(i.paid)}</td>
              <td><button type="button" class="link" @click=${() => this._pdf(dispute)}>${k('pdf')}</button></td></tr>`)}</tbody>
          </table>`}
      </section>
      <section aria-labelledby="follow-ups">
        <h2 id="follow-ups">${k('followUps')}</h2>
        ${this._due === null ? nothing : visits.length === 0 ? html`<p>${k('noFollowUps')}</p>` : html`
          <table class="data">
            <thead><tr><th scope="col">${k('dispute')}</th><th scope="col">${k('visitedOn')}</th><th scope="col">${k('visitor')}</th>
              <th scope="col">${k('method')}</th><th scope="col">${k('note')}</th></tr></thead>
            <tbody>${visits.map(({ dispute, f }) => html`<tr>
              <td><a href="#/disputes/${dispute.id}">${dispute.title}</a></td><td>${fmtDate(f.visitedOn)}</td>
              <td>${f.visitor || ''}${paren(f.unit)} · ${jname(this._names, f.authorJurisdiction)}${this._relayed(f)}</td>
              <td>${e(`followup.${f.method}`)}</td><td class="text">${f.note || ''}</td></tr>`)}</tbody>
          </table>`}
      </section>`;
  }

  /** A third jurisdiction's visit the origin sent us: said so, as we hold it from the origin only. */
  _relayed(f) {
    return f.relayedBy ? k('relayedBy', { jurisdiction: jname(this._names, f.relayedBy) }) : '';
  }

  _pdf(dispute) {
    return this._guard(() =>
      download(`/api/v1/disputes/${dispute.id}/agreement/document`, {
        fallbackName: `${dispute.number || dispute.id}-调解协议书.pdf`,
      }),
    );
  }

  // --- one dispute

  async _openRecord(id) {
    this._stopSessions();
    this._dispute = null;
    this._team = null;
    this._disputeSessions = null;
    this._agreement = null;
    this._notes = {};
    await this._guard(async () => {
      this._dispute = await api(`/api/v1/disputes/${id}`);
    });
    if (!this._dispute) return;
    api(`/api/v1/disputes/${id}/team`).then((team) => (this._team = team)).catch(() => (this._team = 'none'));
    api(`/api/v1/disputes/${id}/agreement`)
      .then((a) => (this._agreement = a))
      .catch((err) => (this._agreement = isForbidden(err) ? 'forbidden' : 'none'));
    await this._guard(async () => {
      this._disputeSessions = await api(`/api/v1/disputes/${id}/sessions`);
      for (const s of this._disputeSessions) this._loadNotes(s);
    });
  }

  async _loadNotes(s) {
    try {
      const notes = await api(`/api/v1/disputes/${this._recordId}/sessions/${s.id}/notes`);
      this._notes = { ...this._notes, [s.id]: notes };
    } catch (err) {
      this._notes = { ...this._notes, [s.id]: isForbidden(err) ? 'forbidden' : [] };
    }
  }

  async _writeNote(s, form) {
    await this._guard(async () => {
      const body = { text: form.text.value.trim() };
      await api(`/api/v1/disputes/${this._recordId}/sessions/${s.id}/notes`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': formKey(form, body) },
      });
      forgetFormKey(form);
      form.reset();
      await this._loadNotes(s);
    });
  }

  async _markHeld(s, form) {
    await this._guard(async () => {
      const body = { to: 'HELD', outcome: form.outcome.value };
      if (form.outcomeText.value.trim()) body.outcomeText = form.outcomeText.value.trim();
      const updated = await api(`/api/v1/disputes/${this._recordId}/sessions/${s.id}/transitions`, {
        method: 'POST',
        body,
      });
      this._disputeSessions = this._disputeSessions.map((x) => (x.id === updated.id ? updated : x));
      this._sessionsWeek = null; // the calendar's week shows the session's status: read it again
    });
  }

  _renderSession(s, d) {
    const notes = this._notes[s.id];
    const mediator = hasRole(this._me, 'mediator');
    const ownsDispute = d.origin === this._me?.jurisdiction;
    return html`
      <article class="card session" data-session=${s.id} aria-labelledby="session-${s.id}">
        <header>
          <h4 id="session-${s.id}"><time datetime=${s.startsAt}>${fmtDateTime(s.startsAt)}–${fmtTime(s.endsAt)}</time></h4>
          <span class="badge" data-testid="session-status">${e(`session.${s.status}`)}</span>
        </header>
        <dl class="facts">
          <dt>${k('mode')}</dt><dd>${e(`mode.${s.mode}`)}${s.place ? ` · ${s.place}` : ''}</dd>
          ${s.outcome ? html`<dt>${k('outcome')}</dt><dd>${e(`outcome.${s.outcome}`)}${s.outcomeText ? `${colon()}${s.outcomeText}` : ''}</dd>` : nothing}
        </dl>
        ${ownsDispute && hasRole(this._me, 'mediator', 'commander') && (s.nextStatuses || []).includes('HELD')
          ? html`<details><summary>${k('markHeld')}</summary>
              <form class="action" data-action="held" @submit=${(ev) => { ev.preventDefault(); this._markHeld(s, ev.target); }}>
                <label>${k('outcome')} <select name="outcome">${OUTCOMES.map((o) => html`<option value=${o}>${e(`outcome.${o}`)}</option>`)}</select></label>
                <label>${k('outcomeText')} <input name="outcomeText" maxlength="2000" /></label>
                <button type="submit">${k('markHeld')}</button>
              </form></details>`
          : nothing}
        <section aria-label=${k('notes')}>
          <h5>${k('notes')}</h5>
          ${notes === undefined ? html`<p class="loading">${t('console:loading')}</p>`
            : notes === 'forbidden' ? html`<p class="muted">${k('notesTeamOnly')}</p>`
            : notes.length === 0 ? html`<p class="muted">${k('noNotes')}</p>`
            : html`<ol class="notes" data-testid="session-notes">${notes.map((n) => html`<li>
                <time datetime=${n.writtenAt}>${fmtDateTime(n.writtenAt)}</time>
                <span class="muted">${jname(this._names, n.authorJurisdiction)}</span>
                <p class="text">${n.text}</p></li>`)}</ol>`}
          ${mediator && notes !== 'forbidden' && s.status !== 'CANCELLED'
            ? html`<form class="action" data-action="note" @submit=${(ev) => { ev.preventDefault(); this._writeNote(s, ev.target); }}>
                <label>${k('writeNote')} <textarea name="text" required maxlength="8000" rows="3"></textarea></label>
                <button type="submit">${k('saveNote')}</button>
              </form>`
            : nothing}
        </section>
      </article>`;
  }

  _renderAgreement(d) {
    const a = this._agreement;
    if (a === null) return html`<p class="loading">${t('console:loading')}</p>`;
    if (a === 'forbidden') return html`<p class="muted">${k('agreementsForbidden')}</p>`;
    if (a === 'none') return html`<p class="muted">${k('noAgreement')}</p>`;
    return html`
      <dl class="facts">
        <dt>${k('agreementStatus')}</dt><dd><span class="badge">${e(`agreement.${a.status}`)}</span></dd>
        <dt>${k('total')}</dt><dd>${fmtAmount(a.totalAmount)}</dd>
        <dt>${k('effectiveOn')}</dt><dd>${fmtDate(a.effectiveOn)}</dd>
        <dt>${k('signatures')}</dt><dd>${joined((a.signatures || []).map((s) => d.parties?.[s.partyPosition]?.name || s.partyPosition)) || '—'}</dd>
        <dt>${k('confirmation')}</dt><dd>${e(`confirmation.${a.confirmation?.status || 'NONE'}`)}${a.confirmation?.court ? ` · ${a.confirmation.court}` : ''}</dd>
        <dt>${k('terms')}</dt><dd class="text">${a.terms}</dd>
      </dl>
      <p><button type="button" data-testid="agreement-pdf" @click=${() => this._pdf(d)}>${k('pdf')}</button></p>
      ${(a.instalments || []).length ? html`
        <table class="data">
          <thead><tr><th scope="col">${k('instalment')}</th><th scope="col">${k('dueOn')}</th><th scope="col">${k('owed')}</th>
            <th scope="col">${k('paid')}</th><th scope="col">${k('daysOverdue')}</th></tr></thead>
          <tbody>${a.instalments.map((i) => html`<tr class=${i.daysOverdue > 0 ? 'is-overdue' : ''}>
            <td>${i.number}</td><td>${fmtDate(i.dueOn)}</td><td>${fmtAmount(i.amount)}</td><td>${fmtAmount(i.paid)}</td>
            <td>${i.daysOverdue > 0 ? html`<span class="badge overdue">${i.daysOverdue}</span>` : '0'}</td></tr>`)}</tbody>
        </table>` : nothing}
      <h4>${k('followUps')}</h4>
      ${(a.followUps || []).length === 0 ? html`<p class="muted">${k('noFollowUps')}</p>` : html`<ul class="plain">
        ${a.followUps.map((f) => html`<li>${fmtDate(f.visitedOn)} · ${e(`followup.${f.method}`)} · ${f.visitor || ''}${paren(jname(this._names, f.authorJurisdiction))}${this._relayed(f)}${colon()}${f.note || ''}</li>`)}</ul>`}`;
  }

  _renderRecord() {
    const d = this._dispute;
    if (!d) return html`<p><a href="#/disputes">${k('backToQueue')}</a></p>${this._error ? nothing : html`<p class="loading">${t('console:loading')}</p>`}`;
    const team = this._team;
    return html`
      <p><a href="#/disputes">${k('backToQueue')}</a></p>
      <h2>${d.title} <span class="badge">${e(`status.${d.status}`)}</span></h2>
      <dl class="facts">
        <dt>${k('number')}</dt><dd>${d.number || '—'}</dd>
        <dt>${k('kind')}</dt><dd>${e(`kind.${d.kind}`)}</dd>
        <dt>${k('channel')}</dt><dd>${e(`channel.${d.channel}`)}</dd>
        <dt>${k('reportedAt')}</dt><dd>${fmtDateTime(d.reportedAt)}</dd>
        <dt>${k('place')}</dt><dd>${d.place || '—'}${d.township ? ` · ${d.township}` : ''}</dd>
        <dt>${k('amount')}</dt><dd>${fmtAmount(d.amountAtStake)}</dd>
        <dt>${k('risk')}</dt><dd><span class="badge risk-${(d.riskLevel || 'LOW').toLowerCase()}">${e(`risk.${d.riskLevel || 'LOW'}`)}</span>
          ${(d.riskReasons || []).join('；')}</dd>
        <dt>${k('tier')}</dt><dd>${e(`tier.${d.tier}`)} ·
          ${d.tierRule ? html`${k('tierRule')} <code>${d.tierRule}</code>` : k('tierOverride', { reason: d.tierOverrideReason || '' })}</dd>
        ${d.escalatedCaseNumber ? html`<dt>${k('escalated')}</dt><dd><a href="#/cases/${d.escalatedCase}">${d.escalatedCaseNumber}</a></dd>` : nothing}
        <dt>${k('description')}</dt><dd class="text">${d.description}</dd>
      </dl>
      <section aria-labelledby="dispute-parties">
        <h3 id="dispute-parties">${k('parties')}</h3>
        <table class="data"><thead><tr><th scope="col">${k('partyName')}</th><th scope="col">${k('partyRole')}</th><th scope="col">${k('partyJurisdiction')}</th></tr></thead>
          <tbody>${(d.parties || []).map((p) => html`<tr><td>${p.name}</td><td>${e(`role.${p.role}`)}</td><td>${jname(this._names, p.jurisdiction)}</td></tr>`)}</tbody></table>
      </section>
      <section aria-labelledby="dispute-team">
        <h3 id="dispute-team">${k('team')}</h3>
        ${team === null ? html`<p class="loading">${t('console:loading')}</p>`
          : team === 'none' || !(team.members || []).length ? html`<p class="muted">${k('noTeam')}</p>`
          : html`<ul class="plain">${team.members.map((m) => html`<li>${m.name || m.mediatorId}${paren(m.unit)} · ${jname(this._names, m.origin)}</li>`)}</ul>
              ${team.complete ? nothing : html`<p class="notice">${k('teamIncomplete', { list: joined([...(team.jurisdictionsWithoutMediator || [])].map((c) => jname(this._names, c))) })}</p>`}`}
      </section>
      <section aria-labelledby="dispute-sessions">
        <h3 id="dispute-sessions">${k('sessions')}</h3>
        ${this._disputeSessions === null || this._disputeSessions === undefined ? html`<p class="loading">${t('console:loading')}</p>`
          : this._disputeSessions.length === 0 ? html`<p class="muted">${k('noSessionsOfDispute')}</p>`
          : html`<div class="cards">${this._disputeSessions.map((s) => this._renderSession(s, d))}</div>`}
      </section>
      <section aria-labelledby="dispute-agreement">
        <h3 id="dispute-agreement">${k('agreement')}</h3>
        ${this._renderAgreement(d)}
      </section>`;
  }
}

if (!customElements.get(tag)) customElements.define(tag, DisputesPage);

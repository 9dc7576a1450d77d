// 联打 Joint cases: my cases (list and search), a case with its timeline, participants, requests and
// files; assistance requests addressed to me (deadlines, accept, decline, answer with files);
// transfer offers to accept or decline. case-exchange's REST API through the gateway.
import { html, nothing } from '../base.js';
import { api, upload, download } from '../api.js';
import { t, register } from '../i18n.js';
import {
  TabbedPage,
  hasRole,
  jname,
  fmtDateTime,
  fmtAmount,
  fmtBytes,
  idempotencyKey,
  formKey,
  forgetFormKey,
  paren,
  colon,
} from '../pages-kit.js';

const NS = 'cases';
const k = (key, params) => t(`${NS}:${key}`, params);

register(NS, {
  zh: {
    title: '联合案件',
    tabs: '案件视图',
    tabCases: '我的案件',
    tabRequests: '协查请求',
    tabTransfers: '移交',
    search: '检索',
    query: '关键词',
    queryHint: '案件名称、简要案情、时间线中的词语',
    status: '案件状态',
    anyStatus: '全部状态',
    overdueOnly: '仅显示有超期协查的案件',
    number: '案件编号',
    caseTitle: '案件名称',
    category: '案件类别',
    origin: '主办辖区',
    filedAt: '立案时间',
    noCases: '没有符合条件的案件',
    direction: '方向',
    incoming: '来函（请求我方协查）',
    outgoing: '去函（我方发出）',
    state: '状态',
    anyState: '全部状态',
    deadline: '答复期限',
    requester: '请求方',
    addressee: '协查方',
    kind: '协查事项',
    priority: '紧急程度',
    details: '协查内容',
    subjects: '涉及对象',
    officer: '承办民警',
    findings: '协查结果',
    declineReason: '不予协查理由',
    noRequests: '没有协查请求',
    accept: '受理并指派',
    officerName: '承办民警姓名',
    officerId: '警号（可选）',
    officerAccount: '承办民警账号（可选，其将收到通知）',
    decline: '不予协查',
    reason: '理由',
    answer: '反馈协查结果',
    answerFiles: '反馈材料（可选，可多个）',
    requestFiles: '协查函等材料',
    answerFileList: '反馈材料',
    accepted: '已受理',
    declined: '已回复不予协查',
    answered: '已反馈',
    openCase: '查看案件',
    backToList: '返回案件列表',
    summary: '简要案情',
    occurredAt: '案发时间',
    township: '案发乡镇',
    leadUnit: '主办单位',
    loss: '损失金额',
    recovered: '追赃挽损金额',
    participants: '参与辖区',
    participant: '辖区',
    participantState: '参与状态',
    answeredAt: '答复时间',
    timeline: '时间线',
    timelineOf: '{author}（{unit}，{jurisdiction}）',
    pending: '待主办方确认',
    addNote: '添加备注',
    note: '备注内容',
    files: '案件材料',
    uploadFile: '上传材料',
    chooseFile: '选择文件',
    fileName: '文件名',
    fileSize: '大小',
    fileAttached: '上传时间',
    notAvailable: '传输中',
    caseRequests: '本案协查请求',
    transfers: '移交请求',
    offeredBy: '移交方',
    offeredTo: '接收方',
    record: '案件',
    offeredAt: '提出时间',
    decision: '答复',
    acceptTransfer: '接收',
    declineTransfer: '拒绝',
    noTransfers: '没有移交请求',
    transferAccepted: '已接收移交',
    transferDeclined: '已拒绝移交',
    awaiting: '待答复',
  },
  en: {
    title: 'Joint cases',
    tabs: 'Case views',
    tabCases: 'My cases',
    tabRequests: 'Assistance requests',
    tabTransfers: 'Transfers',
    search: 'Search',
    query: 'Words',
    queryHint: 'Words of the title, summary or timeline',
    status: 'Status',
    anyStatus: 'Any status',
    overdueOnly: 'Only cases with an overdue assistance request',
    number: 'Case number',
    caseTitle: 'Title',
    category: 'Category',
    origin: 'Owner',
    filedAt: 'Filed',
    noCases: 'No case matches',
    direction: 'Direction',
    incoming: 'Incoming (asked of us)',
    outgoing: 'Outgoing (we asked)',
    state: 'State',
    anyState: 'Any state',
    deadline: 'Deadline',
    requester: 'Requester',
    addressee: 'Addressee',
    kind: 'Kind',
    priority: 'Priority',
    details: 'Details',
    subjects: 'Subjects',
    officer: 'Officer',
    findings: 'Findings',
    declineReason: 'Reason for declining',
    noRequests: 'No assistance requests',
    accept: 'Accept and assign',
    officerName: 'Officer\'s name',
    officerId: 'Badge number (optional)',
    officerAccount: 'Officer\'s account (optional; they are notified)',
    decline: 'Decline',
    reason: 'Reason',
    answer: 'Answer with findings',
    answerFiles: 'Material (optional, several allowed)',
    requestFiles: 'Request letter and material',
    answerFileList: 'Material of the answer',
    accepted: 'Accepted',
    declined: 'Declined',
    answered: 'Answered',
    openCase: 'Open case',
    backToList: 'Back to the cases',
    summary: 'Summary',
    occurredAt: 'Occurred',
    township: 'Township',
    leadUnit: 'Lead unit',
    loss: 'Loss',
    recovered: 'Recovered',
    participants: 'Participants',
    participant: 'Jurisdiction',
    participantState: 'State',
    answeredAt: 'Answered',
    timeline: 'Timeline',
    timelineOf: '{author} ({unit}, {jurisdiction})',
    pending: 'awaiting the owner',
    addNote: 'Add note',
    note: 'Note',
    files: 'Case files',
    uploadFile: 'Upload',
    chooseFile: 'Choose a file',
    fileName: 'File',
    fileSize: 'Size',
    fileAttached: 'Attached',
    notAvailable: 'on its way',
    caseRequests: 'Assistance requests of this case',
    transfers: 'Transfer offers',
    offeredBy: 'Offered by',
    offeredTo: 'Offered to',
    record: 'Case',
    offeredAt: 'Offered',
    decision: 'Answer',
    acceptTransfer: 'Accept',
    declineTransfer: 'Decline',
    noTransfers: 'No transfer offers',
    transferAccepted: 'Transfer accepted',
    transferDeclined: 'Transfer declined',
    awaiting: 'Awaiting an answer',
  },
});

// the services' enums, labelled in both languages
register('caseEnums', {
  zh: {
    'status.DRAFT': '草稿',
    'status.OPEN': '已立案',
    'status.INVESTIGATING': '侦查中',
    'status.SOLVED': '已破案',
    'status.CLOSED': '已结案',
    'status.REOPENED': '重新启动',
    'category.FRAUD': '诈骗',
    'category.TELECOM_FRAUD': '电信网络诈骗',
    'category.SMUGGLING': '走私',
    'category.THEFT': '盗窃',
    'category.DRUGS': '毒品',
    'category.VIOLENCE': '暴力犯罪',
    'category.MISSING_PERSON': '失踪人员',
    'category.OTHER': '其他',
    'participant.INVITED': '已邀请',
    'participant.ACCEPTED': '已接受',
    'participant.DECLINED': '已拒绝',
    'participant.REMOVED': '已移出',
    'entry.CREATED': '立案',
    'entry.STATUS_CHANGED': '状态变更',
    'entry.EDITED': '修改案情',
    'entry.INVITED': '邀请辖区',
    'entry.ACCEPTED': '接受邀请',
    'entry.DECLINED': '拒绝邀请',
    'entry.REMOVED': '移出辖区',
    'entry.NOTE': '备注',
    'entry.FILE_ATTACHED': '附件',
    'entry.JOINED': '申请加入获批',
    'astate.SENT': '待受理',
    'astate.ACCEPTED': '已受理',
    'astate.ANSWERED': '已反馈',
    'astate.DECLINED': '不予协查',
    'astate.WITHDRAWN': '已撤回',
    'akind.IDENTITY_CHECK': '身份核查',
    'akind.LOCATE_PERSON': '查找人员',
    'akind.LOCATE_VEHICLE': '查找车辆',
    'akind.COLLECT_EVIDENCE': '调取证据',
    'akind.ASSIST_ARREST': '协助抓捕',
    'akind.FREEZE_ASSETS': '冻结资金',
    'akind.OTHER': '其他',
    'priority.IMMEDIATE': '特急',
    'priority.URGENT': '加急',
    'priority.ROUTINE': '一般',
    'subject.PERSON': '人员',
    'subject.VEHICLE': '车辆',
    'subject.PHONE': '手机',
    'subject.BANK_ACCOUNT': '银行账户',
    'transfer.OFFERED': '已提出',
    'transfer.WITHDRAWN': '已撤回',
    'decision.ACCEPTED': '已接收',
    'decision.DECLINED': '已拒绝',
  },
  en: {
    'status.DRAFT': 'Draft',
    'status.OPEN': 'Open',
    'status.INVESTIGATING': 'Investigating',
    'status.SOLVED': 'Solved',
    'status.CLOSED': 'Closed',
    'status.REOPENED': 'Reopened',
    'category.FRAUD': 'Fraud',
    'category.TELECOM_FRAUD': 'Telecom fraud',
    'category.SMUGGLING': 'Smuggling',
    'category.THEFT': 'Theft',
    'category.DRUGS': 'Drugs',
    'category.VIOLENCE': 'Violent crime',
    'category.MISSING_PERSON': 'Missing person',
    'category.OTHER': 'Other',
    'participant.INVITED': 'Invited',
    'participant.ACCEPTED': 'Accepted',
    'participant.DECLINED': 'Declined',
    'participant.REMOVED': 'Removed',
    'entry.CREATED': 'Filed',
    'entry.STATUS_CHANGED': 'Status changed',
    'entry.EDITED': 'Edited',
    'entry.INVITED': 'Invited',
    'entry.ACCEPTED': 'Accepted the invitation',
    'entry.DECLINED': 'Declined the invitation',
    'entry.REMOVED': 'Removed',
    'entry.NOTE': 'Note',
    'entry.FILE_ATTACHED': 'File attached',
    'entry.JOINED': 'Joined on request',
    'astate.SENT': 'Awaiting acceptance',
    'astate.ACCEPTED': 'Accepted',
    'astate.ANSWERED': 'Answered',
    'astate.DECLINED': 'Declined',
    'astate.WITHDRAWN': 'Withdrawn',
    'akind.IDENTITY_CHECK': 'Identity check',
    'akind.LOCATE_PERSON': 'Locate a person',
    'akind.LOCATE_VEHICLE': 'Locate a vehicle',
    'akind.COLLECT_EVIDENCE': 'Collect evidence',
    'akind.ASSIST_ARREST': 'Assist an arrest',
    'akind.FREEZE_ASSETS': 'Freeze assets',
    'akind.OTHER': 'Other',
    'priority.IMMEDIATE': 'Immediate',
    'priority.URGENT': 'Urgent',
    'priority.ROUTINE': 'Routine',
    'subject.PERSON': 'Person',
    'subject.VEHICLE': 'Vehicle',
    'subject.PHONE': 'Phone',
    'subject.BANK_ACCOUNT': 'Bank account',
    'transfer.OFFERED': 'Offered',
    'transfer.WITHDRAWN': 'Withdrawn',
    'decision.ACCEPTED': 'Accepted',
    'decision.DECLINED': 'Declined',
  },
});

const e = (key) => t(`caseEnums:${key}`);
const STATUSES = ['OPEN', 'INVESTIGATING', 'SOLVED', 'CLOSED', 'REOPENED', 'DRAFT'];
const STATES = ['SENT', 'ACCEPTED', 'ANSWERED', 'DECLINED', 'WITHDRAWN'];

export const tag = 'page-cases';
export const titleKey = `${NS}:title`;

class CasesPage extends TabbedPage {
  static page = NS;
  static tabs = ['cases', 'requests', 'transfers'];
  static tabFromPath = true;

  static properties = {
    _cases: { state: true },
    _casesNext: { state: true },
    _requests: { state: true },
    _requestsNext: { state: true },
    _transfers: { state: true },
    _case: { state: true },
    _timeline: { state: true },
    _timelineNext: { state: true },
    _caseFiles: { state: true },
    _caseRequests: { state: true },
    _files: { state: true },
    _busy: { state: true },
    _progress: { state: true },
  };

  constructor() {
    super();
    this._cases = null;
    this._requests = null;
    this._transfers = null;
    this._files = {};
    this._progress = {};
    this._busy = {};
    this._filters = { q: '', status: '', overdue: false, direction: 'INCOMING', state: '' };
  }

  _openTab() {
    if (this._tab === 'cases' && this._cases === null) this._searchCases();
    if (this._tab === 'requests' && this._requests === null) this._loadRequests();
    if (this._tab === 'transfers' && this._transfers === null) this._loadTransfers();
  }

  _renderTab(tab) {
    if (tab === 'requests') return this._renderRequests();
    if (tab === 'transfers') return this._renderTransfers();
    return this._renderCases();
  }

  // --- my cases

  async _searchCases(more = false) {
    await this._guard(async () => {
      const p = new URLSearchParams({ limit: '20' });
      if (this._filters.q.trim()) p.set('q', this._filters.q.trim());
      if (this._filters.status) p.set('status', this._filters.status);
      if (this._filters.overdue) p.set('overdue', 'true');
      p.set('facets', 'false');
      if (more && this._casesNext) p.set('cursor', this._casesNext);
      const page = await api(`/api/v1/cases/search?${p}`);
      this._cases = more ? [...(this._cases || []), ...page.items] : page.items;
      this._casesNext = page.next || page.nextCursor || null;
    });
  }

  _renderCases() {
    return html`
      <form class="toolbar filters" role="search" @submit=${(ev) => { ev.preventDefault(); this._searchCases(); }}>
        <label>${k('query')}
          <input type="search" name="q" .value=${this._filters.q} placeholder=${k('queryHint')}
            @input=${(ev) => (this._filters.q = ev.target.value)} />
        </label>
        <label>${k('status')}
          <select name="status" @change=${(ev) => (this._filters.status = ev.target.value)}>
            <option value="">${k('anyStatus')}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this._filters.status === s}>${e(`status.${s}`)}</option>`)}
          </select>
        </label>
        <label class="inline">
          <input type="checkbox" name="overdue" .checked=${this._filters.overdue}
            @change=${(ev) => (this._filters.overdue = ev.target.checked)} />
          ${k('overdueOnly')}
        </label>
        <button type="submit">${k('search')}</button>
      </form>
      ${this._cases === null
        ? html`<p class="loading">${t('console:loading')}</p>`
        : this._cases.length === 0
          ? html`<p>${k('noCases')}</p>`
          : html`
              <table class="data" data-testid="case-list">
                <thead><tr>
                  <th scope="col">${k('number')}</th><th scope="col">${k('caseTitle')}</th>
                  <th scope="col">${k('category')}</th><th scope="col">${k('status')}</th>
                  <th scope="col">${k('origin')}</th><th scope="col">${k('filedAt')}</th>
                </tr></thead>
                <tbody>
                  ${this._cases.map((c) => html`
                    <tr>
                      <td><a href="#/cases/${c.id}">${c.number}</a></td>
                      <td>${c.title}</td>
                      <td>${e(`category.${c.category}`)}</td>
                      <td><span class="badge status-${c.status.toLowerCase()}">${e(`status.${c.status}`)}</span></td>
                      <td>${jname(this._names, c.origin)}</td>
                      <td>${fmtDateTime(c.createdAt)}</td>
                    </tr>`)}
                </tbody>
              </table>
              ${this._casesNext ? html`<button type="button" @click=${() => this._searchCases(true)}>${t('console:paging.more')}</button>` : nothing}
            `}
    `;
  }

  // --- assistance requests

  async _loadRequests(more = false, caseId = null) {
    await this._guard(async () => {
      const p = new URLSearchParams({ limit: '50' });
      if (caseId) {
        p.set('case', caseId);
      } else {
        p.set('direction', this._filters.direction);
        if (this._filters.state) p.set('state', this._filters.state);
        if (more && this._requestsNext) p.set('cursor', this._requestsNext);
      }
      const page = await api(`/api/v1/assistance-requests?${p}`);
      if (caseId) {
        this._caseRequests = page.items;
      } else {
        this._requests = more ? [...(this._requests || []), ...page.items] : page.items;
        this._requestsNext = page.next || page.nextCursor || null;
      }
      for (const r of page.items) this._loadRequestFiles(r);
    });
  }

  async _loadRequestFiles(r) {
    try {
      const [letters, material] = await Promise.all([
        api(`/api/v1/assistance-requests/${r.id}/files`),
        api(`/api/v1/assistance-requests/${r.id}/answer/files`),
      ]);
      this._files = { ...this._files, [r.id]: { letters, material } };
    } catch {
      // files are shown when they can be listed; the request itself stays
    }
  }

  _replaceRequest(updated) {
    const swap = (list) => list && list.map((r) => (r.id === updated.id ? updated : r));
    this._requests = swap(this._requests);
    this._caseRequests = swap(this._caseRequests);
  }

  async _act(r, action, body) {
    this._busy = { ...this._busy, [r.id]: true };
    await this._guard(async () => {
      const updated = await api(`/api/v1/assistance-requests/${r.id}/${action}`, { method: 'POST', body });
      this._replaceRequest(updated);
    });
    this._busy = { ...this._busy, [r.id]: false };
  }

  async _answer(r, form) {
    const findings = form.findings.value.trim();
    const files = [...(form.files?.files || [])];
    this._busy = { ...this._busy, [r.id]: true };
    await this._guard(async () => {
      // the material first: a request answered without it would be final before its files
      for (const file of files) {
        await this._uploadTo(`/api/v1/assistance-requests/${r.id}/answer/files`, file, r.id);
      }
      const updated = await api(`/api/v1/assistance-requests/${r.id}/answer`, {
        method: 'POST',
        body: { findings },
      });
      this._replaceRequest(updated);
      await this._loadRequestFiles(updated);
    });
    this._busy = { ...this._busy, [r.id]: false };
  }

  async _uploadTo(path, file, progressKey) {
    this._progress = { ...this._progress, [progressKey]: 0 };
    try {
      await upload(path, {
        body: file,
        query: { name: file.name },
        headers: { 'Idempotency-Key': idempotencyKey() },
        onProgress: (loaded, total) => {
          this._progress = { ...this._progress, [progressKey]: total ? Math.round((loaded / total) * 100) : 0 };
        },
      });
    } finally {
      this._progress = { ...this._progress, [progressKey]: undefined };
    }
  }

  _deadline(r) {
    const open = r.state === 'SENT' || r.state === 'ACCEPTED';
    const overdue = open && new Date(r.dueAt).getTime() <= Date.now();
    return html`
      <deadline-countdown deadline=${r.dueAt} ?done=${!open}></deadline-countdown>
      ${overdue ? html`<span class="overdue-mark">${t('kit:overdue')}</span>` : nothing}
      ${open && !overdue && r.reminder ? html`<span class="badge reminder">${t('kit:reminder')}</span>` : nothing}
    `;
  }

  _fileList(list, urlOf) {
    if (!list || list.length === 0) return html`<p class="muted">${t('kit:none')}</p>`;
    return html`<ul class="files">
      ${list.map((f) => html`<li>
        ${f.available === false
          ? html`<span>${f.name}</span> <span class="muted">(${k('notAvailable')})</span>`
          : html`<button type="button" class="link" @click=${() => this._guard(() => download(urlOf(f), { fallbackName: f.name }))}
              aria-label="${t('kit:download')} ${f.name}">${f.name}</button>`}
        <span class="muted">${fmtBytes(f.size)} · ${fmtDateTime(f.attachedAt)}</span>
      </li>`)}
    </ul>`;
  }

  _renderRequest(r) {
    const mine = r.addressee === this._me?.jurisdiction;
    const canAct = mine && hasRole(this._me, 'investigator', 'commander');
    const files = this._files[r.id] || {};
    const busy = !!this._busy[r.id];
    const progress = this._progress[r.id];
    return html`
      <article class="card request ${r.overdue ? 'is-overdue' : ''}" data-request=${r.id} aria-labelledby="req-${r.id}">
        <header>
          <h3 id="req-${r.id}">${e(`akind.${r.kind}`)} · <span class="badge priority-${r.priority.toLowerCase()}">${e(`priority.${r.priority}`)}</span></h3>
          <span class="badge state-${r.state.toLowerCase()}" data-testid="request-state">${e(`astate.${r.state}`)}</span>
        </header>
        <dl class="facts">
          <dt>${k('requester')}</dt><dd>${jname(this._names, r.requester)} · ${r.requesterUnit || ''}</dd>
          <dt>${k('addressee')}</dt><dd>${jname(this._names, r.addressee)}${r.responderUnit ? ` · ${r.responderUnit}` : ''}</dd>
          <dt>${k('deadline')}</dt><dd>${this._deadline(r)}</dd>
          <dt>${k('details')}</dt><dd class="text">${r.details}</dd>
          ${(r.subjects || []).length
            ? html`<dt>${k('subjects')}</dt><dd>${r.subjects.map((s) => html`<span class="chip">${e(`subject.${s.kind}`)} ${s.value}${paren(s.label)}</span>`)}</dd>`
            : nothing}
          ${r.officerName ? html`<dt>${k('officer')}</dt><dd>${r.officerName}${r.officerId ? ` (${r.officerId})` : ''}</dd>` : nothing}
          ${r.findings ? html`<dt>${k('findings')}</dt><dd class="text">${r.findings}</dd>` : nothing}
          ${r.declineReason ? html`<dt>${k('declineReason')}</dt><dd class="text">${r.declineReason}</dd>` : nothing}
          <dt>${k('record')}</dt><dd><a href="#/cases/${r.caseId}">${k('openCase')}</a></dd>
        </dl>
        <section aria-label=${k('requestFiles')}>
          <h4>${k('requestFiles')}</h4>
          ${this._fileList(files.letters, (f) => `/api/v1/assistance-requests/${r.id}/files/${f.fileId}`)}
          <h4>${k('answerFileList')}</h4>
          ${this._fileList(files.material, (f) => `/api/v1/assistance-requests/${r.id}/answer/files/${f.fileId}`)}
        </section>
        ${canAct && r.state === 'SENT' ? this._acceptForm(r, busy) : nothing}
        ${canAct && r.state === 'ACCEPTED' ? html`${this._answerForm(r, busy, progress)}${this._acceptForm(r, busy, true)}` : nothing}
        ${canAct && (r.state === 'SENT' || r.state === 'ACCEPTED') ? this._declineForm(r, busy) : nothing}
        ${canAct && r.state === 'ANSWERED' ? this._moreFilesForm(r, busy, progress) : nothing}
      </article>
    `;
  }

  _acceptForm(r, busy, again = false) {
    return html`
      <details ?open=${!again}>
        <summary>${k('accept')}</summary>
        <form class="action" data-action="accept" @submit=${(ev) => {
          ev.preventDefault();
          const f = ev.target;
          const body = { officerName: f.officerName.value.trim() };
          if (f.officerId.value.trim()) body.officerId = f.officerId.value.trim();
          if (f.officerAccount.value.trim()) body.officerAccount = f.officerAccount.value.trim();
          this._act(r, 'acceptance', body);
        }}>
          <label>${k('officerName')} <input name="officerName" required maxlength="100" /></label>
          <label>${k('officerId')} <input name="officerId" maxlength="50" /></label>
          <label>${k('officerAccount')} <input name="officerAccount" maxlength="200" /></label>
          <button type="submit" ?disabled=${busy}>${k('accept')}</button>
        </form>
      </details>`;
  }

  _declineForm(r, busy) {
    return html`
      <details>
        <summary>${k('decline')}</summary>
        <form class="action" data-action="decline" @submit=${(ev) => {
          ev.preventDefault();
          this._act(r, 'decline', { reason: ev.target.reason.value.trim() });
        }}>
          <label>${k('reason')} <textarea name="reason" required maxlength="2000" rows="2"></textarea></label>
          <button type="submit" class="danger" ?disabled=${busy}>${k('decline')}</button>
        </form>
      </details>`;
  }

  _answerForm(r, busy, progress) {
    return html`
      <form class="action" data-action="answer" @submit=${(ev) => { ev.preventDefault(); this._answer(r, ev.target); }}>
        <fieldset>
          <legend>${k('answer')}</legend>
          <label>${k('findings')} <textarea name="findings" required maxlength="10000" rows="4"></textarea></label>
          <label>${k('answerFiles')} <input type="file" name="files" multiple /></label>
          ${progress !== undefined
            ? html`<progress max="100" value=${progress} aria-label=${t('kit:uploading', { percent: progress })}></progress>
                <span aria-live="polite">${t('kit:uploading', { percent: progress })}</span>`
            : nothing}
          <button type="submit" ?disabled=${busy}>${k('answer')}</button>
        </fieldset>
      </form>`;
  }

  _moreFilesForm(r, busy, progress) {
    return html`
      <form class="action" data-action="answer-file" @submit=${async (ev) => {
        ev.preventDefault();
        const files = [...ev.target.files.files];
        this._busy = { ...this._busy, [r.id]: true };
        await this._guard(async () => {
          for (const file of files) await this._uploadTo(`/api/v1/assistance-requests/${r.id}/answer/files`, file, r.id);
          await this._loadRequestFiles(r);
        });
        this._busy = { ...this._busy, [r.id]: false };
      }}>
        <label>${k('answerFiles')} <input type="file" name="files" multiple required /></label>
        ${progress !== undefined ? html`<progress max="100" value=${progress}></progress> <span aria-live="polite">${t('kit:uploading', { percent: progress })}</span>` : nothing}
        <button type="submit" ?disabled=${busy}>${k('uploadFile')}</button>
      </form>`;
  }

  _renderRequests() {
    return html`
      <form class="toolbar filters" @submit=${(ev) => { ev.preventDefault(); this._loadRequests(); }}>
        <label>${k('direction')}
          <select name="direction" @change=${(ev) => { this._filters.direction = ev.target.value; this._loadRequests(); }}>
            <option value="INCOMING" ?selected=${this._filters.direction === 'INCOMING'}>${k('incoming')}</option>
            <option value="OUTGOING" ?selected=${this._filters.direction === 'OUTGOING'}>${k('outgoing')}</option>
          </select>
        </label>
        <label>${k('state')}
          <select name="state" @change=${(ev) => { this._filters.state = ev.target.value; this._loadRequests(); }}>
            <option value="">${k('anyState')}</option>
            ${STATES.map((s) => html`<option value=${s} ?selected=${this._filters.state === s}>${e(`astate.${s}`)}</option>`)}
          </select>
        </label>
      </form>
      ${this._requests === null
        ? html`<p class="loading">${t('console:loading')}</p>`
        : this._requests.length === 0
          ? html`<p>${k('noRequests')}</p>`
          : html`<div class="cards" data-testid="request-list">${this._requests.map((r) => this._renderRequest(r))}</div>
              ${this._requestsNext ? html`<button type="button" @click=${() => this._loadRequests(true)}>${t('console:paging.more')}</button>` : nothing}`}
    `;
  }

  // --- transfers (先受理后移交)

  async _loadTransfers() {
    await this._guard(async () => {
      const list = await api('/api/v1/services/case-exchange/federation/transfers?limit=100');
      this._transfers = list.filter((o) => o.recordType === 'cases.case');
    });
  }

  async _answerTransfer(o, verb, reason) {
    await this._guard(async () => {
      await api(`/api/v1/services/case-exchange/federation/transfers/${o.origin}/${o.offerId}/${verb}`, {
        method: 'POST',
        body: reason ? { reason } : {},
      });
      await this._loadTransfers();
    });
  }

  _renderTransfers() {
    if (this._transfers === null) return html`<p class="loading">${t('console:loading')}</p>`;
    if (this._transfers.length === 0) return html`<p>${k('noTransfers')}</p>`;
    const mayAnswer = hasRole(this._me, 'commander');
    return html`
      <table class="data" data-testid="transfer-list">
        <thead><tr>
          <th scope="col">${k('offeredBy')}</th><th scope="col">${k('offeredTo')}</th><th scope="col">${k('record')}</th>
          <th scope="col">${k('reason')}</th><th scope="col">${k('offeredAt')}</th><th scope="col">${k('decision')}</th>
        </tr></thead>
        <tbody>
          ${this._transfers.map((o) => {
            const open = o.state === 'OFFERED' && !o.decision;
            const toUs = o.addressee === this._me?.jurisdiction;
            return html`<tr>
              <td>${jname(this._names, o.origin)}</td>
              <td>${jname(this._names, o.addressee)}</td>
              <td><a href="#/cases/${o.successorId || o.recordId}">${k('openCase')}</a></td>
              <td>${o.reason}</td>
              <td>${fmtDateTime(o.createdAt)}</td>
              <td>
                ${o.decision ? html`${e(`decision.${o.decision}`)}${o.answerReason ? html`<br /><span class="muted">${o.answerReason}</span>` : nothing}`
                  : o.state === 'WITHDRAWN' ? e('transfer.WITHDRAWN') : k('awaiting')}
                ${open && toUs && mayAnswer
                  ? html`<form class="inline-action" @submit=${(ev) => ev.preventDefault()}>
                      <label>${k('reason')} <input name="reason" maxlength="2000" /></label>
                      <button type="button" @click=${(ev) => this._answerTransfer(o, 'accept', ev.target.form.reason.value.trim())}>${k('acceptTransfer')}</button>
                      <button type="button" class="danger" @click=${(ev) => this._answerTransfer(o, 'decline', ev.target.form.reason.value.trim())}>${k('declineTransfer')}</button>
                    </form>`
                  : nothing}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  // --- one case

  async _openRecord(id) {
    this._case = null;
    this._timeline = null;
    this._caseFiles = null;
    this._caseRequests = null;
    await this._guard(async () => {
      this._case = await api(`/api/v1/cases/${id}`);
    });
    if (!this._case) return;
    this._loadTimeline(false);
    this._guard(async () => (this._caseFiles = await api(`/api/v1/cases/${id}/files`)));
    this._loadRequests(false, id);
  }

  async _loadTimeline(more) {
    await this._guard(async () => {
      const p = new URLSearchParams({ limit: '50' });
      if (more && this._timelineNext) p.set('cursor', this._timelineNext);
      const page = await api(`/api/v1/cases/${this._recordId}/timeline?${p}`);
      this._timeline = more ? [...(this._timeline || []), ...page.items] : page.items;
      this._timelineNext = page.next || page.nextCursor || null;
    });
  }

  async _addNote(form) {
    await this._guard(async () => {
      const body = { text: form.text.value.trim() };
      await api(`/api/v1/cases/${this._recordId}/timeline`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': formKey(form, body) },
      });
      forgetFormKey(form);
      form.reset();
      await this._loadTimeline(false);
    });
  }

  async _attachCaseFile(form) {
    const files = [...form.file.files];
    await this._guard(async () => {
      for (const file of files) await this._uploadTo(`/api/v1/cases/${this._recordId}/files`, file, 'case');
      form.reset();
      this._caseFiles = await api(`/api/v1/cases/${this._recordId}/files`);
      await this._loadTimeline(false);
    });
  }

  _entryText(x) {
    if (x.kind === 'STATUS_CHANGED') {
      return `${x.statusFrom ? e(`status.${x.statusFrom}`) : ''} → ${x.statusTo ? e(`status.${x.statusTo}`) : ''}${x.text ? `${colon()}${x.text}` : ''}`;
    }
    if (['INVITED', 'ACCEPTED', 'DECLINED', 'REMOVED', 'JOINED'].includes(x.kind) && x.participant) {
      return `${jname(this._names, x.participant)}${x.text ? `${colon()}${x.text}` : ''}`;
    }
    return x.text || '';
  }

  _renderRecord() {
    const c = this._case;
    if (!c) return html`<p><a href="#/cases">${k('backToList')}</a></p>${this._error ? nothing : html`<p class="loading">${t('console:loading')}</p>`}`;
    const me = this._me?.jurisdiction;
    const writer = hasRole(this._me, 'investigator', 'commander');
    const isOwner = c.origin === me;
    const accepted = (c.participants || []).some((p) => p.jurisdiction === me && p.state === 'ACCEPTED');
    return html`
      <p><a href="#/cases">${k('backToList')}</a></p>
      <h2>${c.number} · ${c.title} <span class="badge status-${c.status.toLowerCase()}">${e(`status.${c.status}`)}</span></h2>
      <dl class="facts">
        <dt>${k('category')}</dt><dd>${e(`category.${c.category}`)}</dd>
        <dt>${k('origin')}</dt><dd>${jname(this._names, c.origin)}</dd>
        <dt>${k('leadUnit')}</dt><dd>${c.leadUnit || '—'}</dd>
        <dt>${k('occurredAt')}</dt><dd>${fmtDateTime(c.occurredAt)}</dd>
        <dt>${k('township')}</dt><dd>${c.township || '—'}</dd>
        <dt>${k('loss')}</dt><dd>${fmtAmount(c.lossAmount)}</dd>
        <dt>${k('recovered')}</dt><dd>${fmtAmount(c.recoveredAmount)}</dd>
        <dt>${k('summary')}</dt><dd class="text">${c.summary || '—'}</dd>
        ${(c.subjects || []).length
          ? html`<dt>${k('subjects')}</dt><dd>${c.subjects.map((s) => html`<span class="chip">${e(`subject.${s.kind}`)} ${s.value}${paren(s.label)}</span>`)}</dd>`
          : nothing}
      </dl>

      <section aria-labelledby="case-participants">
        <h3 id="case-participants">${k('participants')}</h3>
        <table class="data">
          <thead><tr><th scope="col">${k('participant')}</th><th scope="col">${k('participantState')}</th>
            <th scope="col">${k('answeredAt')}</th><th scope="col">${k('reason')}</th></tr></thead>
          <tbody>${(c.participants || []).map((p) => html`<tr>
            <td>${jname(this._names, p.jurisdiction)}</td><td>${e(`participant.${p.state}`)}</td>
            <td>${fmtDateTime(p.answeredAt)}</td><td>${p.reason || ''}</td></tr>`)}</tbody>
        </table>
      </section>

      <section aria-labelledby="case-timeline">
        <h3 id="case-timeline">${k('timeline')}</h3>
        ${writer && (isOwner || accepted) && c.status !== 'CLOSED'
          ? html`<form class="action" data-action="note" @submit=${(ev) => { ev.preventDefault(); this._addNote(ev.target); }}>
              <label>${k('note')} <textarea name="text" required maxlength="4000" rows="2"></textarea></label>
              <button type="submit">${k('addNote')}</button>
            </form>`
          : nothing}
        ${this._timeline === null ? html`<p class="loading">${t('console:loading')}</p>` : html`
          <ol class="timeline" data-testid="timeline">
            ${this._timeline.map((x) => html`<li class="entry-${x.kind.toLowerCase()}">
              <time datetime=${x.occurredAt}>${fmtDateTime(x.occurredAt)}</time>
              <strong>${e(`entry.${x.kind}`)}</strong>
              <span class="muted">${k('timelineOf', { author: x.author || '', unit: x.unit || '', jurisdiction: jname(this._names, x.authorJurisdiction) })}</span>
              ${x.pending ? html`<span class="badge reminder">${k('pending')}</span>` : nothing}
              <p class="text">${this._entryText(x)}</p>
            </li>`)}
          </ol>
          ${this._timelineNext ? html`<button type="button" @click=${() => this._loadTimeline(true)}>${t('console:paging.more')}</button>` : nothing}`}
      </section>

      <section aria-labelledby="case-files">
        <h3 id="case-files">${k('files')}</h3>
        ${this._caseFiles === null ? html`<p class="loading">${t('console:loading')}</p>` : this._fileList(this._caseFiles, (f) => `/api/v1/cases/${c.id}/files/${f.fileId}`)}
        ${writer && isOwner && c.status !== 'CLOSED'
          ? html`<form class="action" data-action="case-file" @submit=${(ev) => { ev.preventDefault(); this._attachCaseFile(ev.target); }}>
              <label>${k('chooseFile')} <input type="file" name="file" required multiple /></label>
              ${this._progress.case !== undefined ? html`<progress max="100" value=${this._progress.case}></progress> <span aria-live="polite">${t('kit:uploading', { percent: this._progress.case })}</span>` : nothing}
              <button type="submit">${k('uploadFile')}</button>
            </form>`
          : nothing}
      </section>

      <section aria-labelledby="case-requests">
        <h3 id="case-requests">${k('caseRequests')}</h3>
        ${this._caseRequests === null ? html`<p class="loading">${t('console:loading')}</p>`
          : this._caseRequests.length === 0 ? html`<p>${k('noRequests')}</p>`
          : html`<div class="cards">${this._caseRequests.map((r) => this._renderRequest(r))}</div>`}
      </section>
    `;
  }
}

if (!customElements.get(tag)) customElements.define(tag, CasesPage);

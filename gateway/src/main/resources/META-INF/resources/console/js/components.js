// Shared components of the console's pages:
//   <severity-badge severity="RED">          红/橙/黄/蓝 with text (never colour alone)
//   <deadline-countdown deadline="ISO">      remaining time, counting down each second; overdue marked
//   <problem-message .error=${e}>            an ApiError (problem+json) as an alert box, field errors listed

import { ConsoleElement, html, nothing } from './base.js';
import { formatDateTime, formatDuration, t } from './i18n.js';

export const SEVERITIES = ['RED', 'ORANGE', 'YELLOW', 'BLUE'];

class SeverityBadge extends ConsoleElement {
  static properties = { severity: {} };

  render() {
    const severity = SEVERITIES.includes(this.severity) ? this.severity : null;
    if (!severity) return html`<span class="badge">${this.severity || ''}</span>`;
    return html`<span class="badge severity-${severity.toLowerCase()}">${t(`console:severity.${severity}`)}</span>`;
  }
}
customElements.define('severity-badge', SeverityBadge);

// one timer for every countdown on the page
const countdowns = new Set();
setInterval(() => {
  for (const c of countdowns) c.requestUpdate();
}, 1000);

class DeadlineCountdown extends ConsoleElement {
  static properties = { deadline: {}, done: { type: Boolean } };

  connectedCallback() {
    super.connectedCallback();
    countdowns.add(this);
  }

  disconnectedCallback() {
    countdowns.delete(this);
    super.disconnectedCallback();
  }

  render() {
    if (!this.deadline) return nothing;
    const due = new Date(this.deadline);
    if (Number.isNaN(due.getTime())) return nothing;
    const left = due.getTime() - Date.now();
    const overdue = left < 0 && !this.done;
    const text = overdue
      ? t('console:deadline.overdue', { duration: formatDuration(-left) })
      : t('console:deadline.left', { duration: formatDuration(Math.max(0, left)) });
    return html`<time class="countdown ${overdue ? 'overdue' : left < 3600000 ? 'soon' : ''}"
      datetime=${due.toISOString()} title=${formatDateTime(due)}>${this.done ? formatDateTime(due) : text}</time>`;
  }
}
customElements.define('deadline-countdown', DeadlineCountdown);

class ProblemMessage extends ConsoleElement {
  static properties = { error: { attribute: false } };

  render() {
    const e = this.error;
    if (!e) return nothing;
    const status = e.status;
    const text = status === 0
      ? t('console:error.network')
      : (e.problem && (e.problem.detail || e.problem.title)) || e.message || t('console:error.status', { status });
    const fields = e.fieldErrors || [];
    return html`<div class="problem" role="alert">
      <strong>${t('console:error.title')}${status ? ` (${status})` : ''}</strong>
      <p>${text}</p>
      ${fields.length
        ? html`<ul>${fields.map((f) => html`<li><code>${f.field || f.name || ''}</code> ${f.message || ''}</li>`)}</ul>`
        : nothing}
    </div>`;
  }
}
customElements.define('problem-message', ProblemMessage);

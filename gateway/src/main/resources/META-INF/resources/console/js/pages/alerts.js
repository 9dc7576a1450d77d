// 预警 Alerts (console-core): filled in by the next commits.
import { ConsoleElement, html } from '../base.js';
import { register, t } from '../i18n.js';

export const tag = 'page-alerts';
export const titleKey = 'alerts:title';

register('alerts', { zh: { title: '预警' }, en: { title: 'Alerts' } });

class AlertsPage extends ConsoleElement {
  static properties = { route: { attribute: false } };

  render() {
    return html`<h1>${t(titleKey)}</h1>`;
  }
}
customElements.define(tag, AlertsPage);

// The base of every page and component: a LitElement rendering into the light DOM (so
// css/console.css styles it and the page is one accessible document), re-rendered when the
// language changes.

import { LitElement } from 'lit';

export { html, nothing, svg } from 'lit';

export class ConsoleElement extends LitElement {
  constructor() {
    super();
    this.onLangChange = () => this.requestUpdate();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('border:langchange', this.onLangChange);
  }

  disconnectedCallback() {
    window.removeEventListener('border:langchange', this.onLangChange);
    super.disconnectedCallback();
  }
}

/** The signed-in user, as the shell loaded it ({jurisdiction: {code, name}, user: {...}} or null). */
export function session() {
  return window.borderSession || null;
}

/** Whether the signed-in user has one of these roles. */
export function hasRole(...roles) {
  const s = session();
  return !!(s && s.user && s.user.roles && roles.some((r) => s.user.roles.includes(r)));
}

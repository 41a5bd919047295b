// A tagged template that escapes every interpolated value unless it is already `Html`.

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escape(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** The page shell: navigation, and the reconnect banner whenever the grant is gone. */
export function page(title: string, body: Html, opts: { appName: string; reconnect?: boolean }): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · ${opts.appName}</title>
<style>body{font:16px system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}nav a{margin-right:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left}
.banner{background:#fff3cd;border:1px solid #e0c36a;padding:1rem;margin:1rem 0}.ok{color:#17663a}button,.button{padding:.5rem 1rem}
label{display:block;margin:.5rem 0}</style></head>
<body><nav><strong>${opts.appName}</strong> · <a href="/sites">Sites</a><a href="/bookings">Bookings</a><a href="/settings">Settings</a></nav>
${opts.reconnect ? html`<div class="banner" role="alert"><strong>Reconnect needed.</strong> Access to your Stora account was revoked or has expired. <a class="button" href="/connect">Reconnect</a></div>` : ''}
<main><h1>${title}</h1>${body}</main></body></html>`.value;
}

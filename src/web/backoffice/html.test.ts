import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, when } from './html.ts';

test('interpolations are escaped, nested Html is not', () => {
  const name = '<script>alert("x")</script>';
  const inner = html`<b>${name}</b>`;
  assert.equal(
    html`<p title="${'"quoted"'}">${inner}${[html`<i>1</i>`, '&']}${null}${false}</p>`.value,
    '<p title="&quot;quoted&quot;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b><i>1</i>&amp;</p>',
  );
  assert.equal(when(new Date('2026-11-23T09:17:40Z')), '2026-11-23 09:17 UTC');
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { book } from '../harness/booking.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const PASSWORD = 'correct horse battery staple';
const URL = '/backoffice/settings/email-templates/booking_confirmation';

/**
 * Settings → Email templates (docs/decisions/email-templates.md): an operator's own wording, checked before it is
 * stored, previewed with made-up data, used by the sender for that operator only, and reset to the default.
 */
describe('back office: email templates', () => {
  let t: TestApp;
  let owner: BackofficeSession;
  let unitType: any;

  /** A booking on operator B; its confirmation email, once the sender ran. */
  const confirmationOf = async (email: string) => {
    const b = await book(t, {
      unitTypeId: unitType.id,
      siteId: unitType.site.id,
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      amount: unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount,
      token: t.b.token,
      email,
    });
    await t.lockyard.engines.jobs.runDue();
    const res = await t.get(`/sandbox/emails?contact_id=${b.contactId}&template=booking_confirmation`, {
      token: t.b.token,
    });
    assert.equal(res.status, 200, res.text);
    return res.body.emails[0];
  };

  before(async () => {
    t = await createTestApp();
    const demo = t.creds as unknown as DemoLoginCredentials;
    owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get('/backoffice/settings');
    assert.equal((await owner.post('/backoffice/operator', { operator_id: t.b.id })).status, 303);
    unitType = (await t.get('/2025-09/unit_types?limit=100', { token: t.b.token })).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
  });
  after(() => t.close());

  test('the list names every customer email, all on the default wording', async () => {
    const res = await owner.get('/backoffice/settings/email-templates');
    assert.equal(res.status, 200);
    for (const name of [
      'booking_confirmation',
      'move_in_day',
      'invoice',
      'receipt',
      'payment_failed',
      'portal_sign_in',
    ])
      assert.match(res.body, new RegExp(`href="/backoffice/settings/email-templates/${name}"`));
    assert.equal(res.body.match(/class="badge">default</g)?.length, 6);
    const page = await owner.get(URL);
    assert.match(page.body, /value="Your booking at \{\{ site_name \}\} is confirmed"/);
  });

  test('Liquid errors, includes, unknown filters and runaway loops are refused; what was typed is kept', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { subject: 'Booked', text: 'Hello {% if contact_name %}there', html: '<p>Hi</p>' },
        /Text body has a Liquid error: tag \{% if contact_name %\} not closed/,
      ],
      [
        { subject: 'Booked', text: 'Hi', html: "{% include 'package.json' %}" },
        /HTML body has a Liquid error: includes are not available \(&quot;package.json&quot;\)/,
      ],
      [
        { subject: '{{ site_name | shout }}', text: 'Hi', html: '<p>Hi</p>' },
        /Subject has a Liquid error: undefined filter: shout/,
      ],
      [
        { subject: 'Booked', text: '{% for i in (1..100000000) %}x{% endfor %}', html: '<p>Hi</p>' },
        /Text body has a Liquid error: memory alloc limit exceeded/,
      ],
      [{ subject: ' ', text: 'Hi', html: '<p>Hi</p>' }, /Subject must not be blank/],
    ];
    for (const [values, message] of cases) {
      for (const action of ['save', 'preview']) {
        const res = await owner.post(URL, { ...values, action });
        assert.equal(res.status, 422, `${action} ${JSON.stringify(values)}`);
        assert.match(res.body, message);
        assert.match(res.body, /role="alert"/);
        // The textarea and input hold what was typed (escaped).
        assert.ok(res.body.includes(values.text.replace(/'/g, '&#39;')), 'typed text kept');
      }
    }
    const stored = await t.lockyard.services.emailTemplates.get(await t.ctx(t.b.id), 'booking_confirmation');
    assert.equal(stored.edited, false);
  });

  test('the preview renders what was typed with made-up data, escaping values in the HTML', async () => {
    const res = await owner.post(URL, {
      action: 'preview',
      subject: 'Welcome, {{ contact_name }}!',
      text: 'Your {{ unit_type_name }} at {{ site_name }} is ready on {{ move_in_date }}.',
      html: '<p>See you at <b>{{ site_name }}</b></p>',
    });
    assert.equal(res.status, 200);
    assert.match(res.body, /<td id="preview-subject">Welcome, Alex Sample!<\/td>/);
    assert.match(res.body, /Your Small locker at Sample Street is ready on 1 December 2026\./);
    assert.match(
      res.body,
      /<iframe id="preview-html"[^>]*sandbox=""[^>]*srcdoc="[^"]*&lt;b&gt;Sample Street&lt;\/b&gt;/,
    );
    assert.equal(
      (await t.lockyard.services.emailTemplates.get(await t.ctx(t.b.id), 'booking_confirmation')).edited,
      false,
    );
  });

  test('a saved template is what the sender uses, for this operator only; reset brings the default back', async () => {
    const saved = await owner.post(URL, {
      action: 'save',
      subject: 'All set at {{ site_name }}, {{ contact_name }}',
      text: 'We have your {{ unit_type_name }} ready.\r\nOrder {{ order_id }}.',
      html: '<h1>All set</h1><p>{{ unit_type_name }}</p>',
    });
    assert.equal(saved.status, 303);
    const page = await owner.get(saved.location!);
    assert.match(page.body, /Template saved/);
    assert.match(page.body, /Reset to default/);
    const list = await owner.get('/backoffice/settings/email-templates');
    assert.match(list.body, /badge ok">edited/);

    const mail = await confirmationOf('templated@example.com');
    assert.equal(mail.status, 'captured');
    assert.match(mail.subject, /^All set at .+, templated@example\.com$/);
    assert.equal(
      mail.body_text,
      `We have your ${unitType.name} ready.\nOrder ${mail.body_text.match(/Order (\S+)\./)[1]}.`,
    );
    assert.match(mail.body_html, new RegExp(`<h1>All set</h1><p>${unitType.name}</p>`));
    // Operator A still has the default.
    assert.equal(
      (await t.lockyard.services.emailTemplates.get(await t.ctx(t.a.id), 'booking_confirmation')).edited,
      false,
    );

    const reset = await owner.post(`${URL}/reset`);
    assert.equal(reset.status, 303);
    assert.match((await owner.get(reset.location!)).body, /Template reset/);
    const again = await confirmationOf('untemplated@example.com');
    assert.match(again.subject, /^Your booking at .+ is confirmed$/);
  });

  test('an unknown template is a 404 page; staff may not open or change templates', async () => {
    const missing = await owner.get('/backoffice/settings/email-templates/newsletter');
    assert.equal(missing.status, 404);
    assert.match(String(missing.headers['content-type']), /text\/html/);
    assert.equal((await owner.post('/backoffice/settings/email-templates/newsletter', { subject: 'x' })).status, 404);

    await t.lockyard.services.team.add(t.b.id, {
      email: 'desk@mail.example.com',
      name: 'Desk',
      role: 'staff',
      password: PASSWORD,
    });
    const staff = new BackofficeSession(t.lockyard.app, '10.0.0.7');
    assert.equal((await staff.signIn('desk@mail.example.com', PASSWORD)).status, 303);
    assert.equal((await staff.get('/backoffice/settings/email-templates')).status, 403);
    assert.equal((await staff.get(URL)).status, 403);
    await staff.get('/backoffice/units');
    assert.equal((await staff.post(URL, { action: 'save', subject: 'x', text: 'x', html: 'x' })).status, 403);
  });
});

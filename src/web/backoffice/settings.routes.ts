import type { FastifyInstance } from 'fastify';
import { percentOf } from '../../domain/operators/operator-details.ts';
import type { LifecycleSettings } from '../../domain/operators/lifecycle-settings.ts';
import { fieldErrors } from './form-fields.ts';
import { accessSettingsPage, billingSettingsPage, operatorSettingsPage, settingsIndexPage } from './settings.views.ts';
import { form, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const NOTICES: Record<string, string> = {
  setup: 'Your operator is set up and you are signed in as its owner. Next: sites and unit types in the Catalogue.',
  operator: 'Operator settings saved.',
  billing: 'Billing settings saved.',
  access: 'Access-control provider saved: unit changes from now on go to it.',
};

const html = (reply: { type: (t: string) => unknown }) => reply.type('text/html; charset=utf-8');

/** Settings (manager and up): the index, Operator (details, tax rates), Billing and automation, Access control. */
export function settingsRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;
  const notice = (query: unknown) => NOTICES[one((query as Record<string, string>).done)];

  app.get('/backoffice/settings', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    html(reply);
    return settingsIndexPage({ session, csrf: reply.generateCsrf(), notice: notice(request.query) });
  });

  app.get('/backoffice/settings/operator', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const [rates, currencyLocked] = await Promise.all([
      services.operators.taxRates(ctx),
      services.operators.hasInvoices(ctx),
    ]);
    const o = ctx.operator;
    html(reply);
    return operatorSettingsPage({
      session,
      csrf: reply.generateCsrf(),
      notice: notice(request.query),
      operator: o,
      currencyLocked,
      values: {
        name: o.name,
        time_zone: o.timezone,
        country: o.countryAlpha2,
        currency: o.currency,
        tax_rates_unit_type: percentOf(rates.unit_type),
        tax_rates_protection: percentOf(rates.protection),
        tax_rates_product: percentOf(rates.product),
      },
    });
  });

  app.post('/backoffice/settings/operator', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const f = form(request);
    const values = Object.fromEntries(
      [
        'name',
        'time_zone',
        'country',
        'currency',
        'tax_rates_unit_type',
        'tax_rates_protection',
        'tax_rates_product',
      ].map((k) => [k, one(f[k])]),
    );
    try {
      await services.operators.update(ctx, {
        name: values.name,
        timezone: values.time_zone,
        country: values.country,
        currency: values.currency,
        taxRates: {
          unit_type: values.tax_rates_unit_type,
          protection: values.tax_rates_protection,
          product: values.tax_rates_product,
        },
      });
    } catch (err) {
      const { fields, message } = fieldErrors(err);
      html(reply.code(422));
      return operatorSettingsPage({
        session,
        csrf: reply.generateCsrf(),
        operator: ctx.operator,
        currencyLocked: await services.operators.hasInvoices(ctx),
        values,
        errors: fields,
        message,
      });
    }
    return reply.redirect('/backoffice/settings/operator?done=operator', 303);
  });

  const billingValues = (s: LifecycleSettings) => ({
    dunning_retry_days: s.dunningRetryDays.join(', '),
    overlock_after_days: s.overlockAfterDays === null ? '' : String(s.overlockAfterDays),
    auto_reservation: s.autoReservation,
    auto_deallocation: s.autoDeallocation,
  });

  app.get('/backoffice/settings/billing', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const settings = await services.operators.lifecycleSettings(await staffContext(services, session));
    html(reply);
    return billingSettingsPage({
      session,
      csrf: reply.generateCsrf(),
      notice: notice(request.query),
      settings,
      values: billingValues(settings),
    });
  });

  app.post('/backoffice/settings/billing', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const f = form(request);
    const values = {
      dunning_retry_days: one(f.dunning_retry_days),
      overlock_after_days: one(f.overlock_after_days),
      auto_reservation: one(f.auto_reservation) === 'on',
      auto_deallocation: one(f.auto_deallocation) === 'on',
    };
    const overlock = values.overlock_after_days.trim();
    try {
      await services.operators.saveLifecycleSettings(ctx, {
        dunningRetryDays: values.dunning_retry_days
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((d) => (/^\d+$/.test(d) ? Number(d) : Number.NaN)),
        overlockAfterDays: overlock === '' ? null : /^\d+$/.test(overlock) ? Number(overlock) : Number.NaN,
        autoReservation: values.auto_reservation,
        autoDeallocation: values.auto_deallocation,
      });
    } catch (err) {
      const { fields, message } = fieldErrors(err);
      html(reply.code(422));
      return billingSettingsPage({
        session,
        csrf: reply.generateCsrf(),
        settings: await services.operators.lifecycleSettings(ctx),
        values,
        errors: fields,
        message,
      });
    }
    return reply.redirect('/backoffice/settings/billing?done=billing', 303);
  });

  app.get('/backoffice/settings/access-control', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    html(reply);
    return accessSettingsPage({
      session,
      csrf: reply.generateCsrf(),
      notice: notice(request.query),
      providers: services.accessControl.providerNames(),
      provider: await services.accessControl.providerName(ctx),
    });
  });

  app.post('/backoffice/settings/access-control', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const provider = one(form(request).provider);
    try {
      await services.accessControl.setProvider(ctx, provider);
    } catch (err) {
      const { fields, message } = fieldErrors(err);
      html(reply.code(422));
      return accessSettingsPage({
        session,
        csrf: reply.generateCsrf(),
        providers: services.accessControl.providerNames(),
        provider,
        // The API's words without its pointer: the field's label says which value.
        errors: Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, m.replace(/^value at `[^`]*` /, '')])),
        message,
      });
    }
    return reply.redirect('/backoffice/settings/access-control?done=access', 303);
  });
}

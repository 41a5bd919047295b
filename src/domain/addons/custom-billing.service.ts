import { createHmac } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { conflict, notFound } from '../../kernel/errors.ts';
import { randomBytes } from '../../kernel/ids.ts';
import { minorUnitDigits } from '../../kernel/money.ts';
import type { Db, Handle } from '../../storage/database.ts';
import { billingInstall, type BillingInstall } from '../../storage/repos/addons.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findInvoices } from '../../storage/repos/invoices.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Invoice } from '../billing/invoice.ts';
import type { AddonsService } from './addons.service.ts';
import type { Sealer } from './sealing.ts';
import type { BillingEvent } from './addon-events.ts';

/** One synchronous signed POST to an add-on (engines/addons: the delivery path's guard, time limit and local route). */
export type AddonCall = (req: {
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<{ ok: boolean; statusCode: number | null; body: string | null; error: string | null }>;

export interface SavedMethod {
  card?: Record<string, unknown>;
  bank?: Record<string, unknown>;
}

export interface ChargeAnswer {
  id: string;
  amount: number;
  status: 'succeeded' | 'processing' | 'failed';
  currency?: string;
  paymentMethod?: unknown;
  isTest?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_METHODS = 50;

/** A refused, late or broken answer: the caller is told why (a conflict: the request was fine, the add-on was not). */
const badAnswer = (name: string, why: string) =>
  conflict(`The billing add-on '${name}' gave no usable answer: ${why}.`);

/**
 * Custom billing (the starter's `billing.*` events): the operator's enabled billing add-on becomes its payment
 * method. Each call is one signed POST with the delivery envelope, answered synchronously; the answer is validated,
 * a failure or timeout is the caller's error (never retried), and each call is written to the add-on's log.
 */
export function customBillingService(deps: {
  db: Db;
  clock: Clock;
  sealer: Sealer;
  apiUrl: string;
  addons: AddonsService;
  call?: AddonCall;
  markPaid: (ctx: OperatorContext, invoiceId: string) => Promise<Invoice>;
}) {
  const { db } = deps;

  async function billingInstallFor(
    h: Handle,
    ctx: OperatorContext,
    type: BillingEvent,
    siteId: string | null,
  ): Promise<BillingInstall> {
    const found = await billingInstall(h, ctx.operator.id, type, siteId);
    if (!found) throw conflict(`No enabled billing add-on answers ${type}${siteId ? ` for site '${siteId}'` : ''}.`);
    return found;
  }
  const installFor = (ctx: OperatorContext, type: BillingEvent, siteId: string | null) =>
    billingInstallFor(db, ctx, type, siteId);

  /** The signed POST itself: no database, so a job can make it outside any transaction. */
  async function post(ctx: OperatorContext, install: BillingInstall, type: BillingEvent, data: object) {
    if (!deps.call) throw conflict('Add-on calls are not available in this process.');
    const envelope = {
      id: randomBytes(12).toString('hex'),
      created: ctx.now().toISOString(),
      type,
      data,
      apiUrl: deps.apiUrl,
      addonId: install.id,
    };
    const body = JSON.stringify(envelope);
    const signature = createHmac('sha256', deps.sealer.open(install.signatureSecretSealed))
      .update(body, 'utf8')
      .digest('base64');
    const res = await deps.call({
      url: install.webhookUrl,
      body,
      headers: { 'Content-Type': 'application/json;charset=UTF-8', 'sg-signature': signature },
    });
    return { envelopeId: envelope.id, res };
  }
  type Posted = Awaited<ReturnType<typeof post>>;

  /** The add-on's log line for a call (written with `h`: a job's settle transaction). */
  const noteCall = (ctx: OperatorContext, install: BillingInstall, type: BillingEvent, p: Posted, h: Handle = db) =>
    deps.addons.note(
      ctx.operator.id,
      install.id,
      p.res.ok ? 'info' : 'error',
      `${type} (${p.envelopeId}): ${p.res.ok ? `HTTP ${p.res.statusCode}` : p.res.error}`,
      h,
    );

  /** The answer's body, or the caller's conflict when the call failed. */
  function answered(install: BillingInstall, p: Posted): string {
    if (!p.res.ok) throw badAnswer(install.name, p.res.error ?? `HTTP ${p.res.statusCode}`);
    return p.res.body ?? '';
  }

  async function request(ctx: OperatorContext, install: BillingInstall, type: BillingEvent, data: object) {
    const p = await post(ctx, install, type, data);
    await noteCall(ctx, install, type, p);
    return answered(install, p);
  }

  /** What `billing.charge` asks for an open invoice: the install answering for its site and what is still due. */
  async function chargeRequest(ctx: OperatorContext, inv: Invoice, h: Handle = db) {
    const install = await billingInstallFor(h, ctx, 'billing.charge', inv.siteId);
    const currency = ctx.operator.currency;
    const amount = (inv.total - inv.prePaymentCreditNotesAmount - inv.amountPaid) / 10 ** minorUnitDigits(currency);
    return { install, amount, currency, data: { userId: inv.contactId, amount, currency, invoiceId: inv.id } };
  }
  type ChargeRequest = Awaited<ReturnType<typeof chargeRequest>>;

  /** A `billing.charge` answer checked against what was asked; `failed` is a conflict with the add-on's word. */
  function chargeAnswer(req: ChargeRequest, inv: Invoice, text: string): ChargeAnswer {
    const { install, amount, currency } = req;
    const a = json(install.name, text);
    if (!isObj(a) || typeof a.id !== 'string' || !a.id || typeof a.amount !== 'number')
      throw badAnswer(install.name, 'billing.charge must answer {id, amount, status}');
    if (!['succeeded', 'processing', 'failed'].includes(a.status as string))
      throw badAnswer(install.name, 'status must be succeeded, processing or failed');
    if (Math.abs(a.amount - amount) > 1e-9) throw badAnswer(install.name, `it charged ${a.amount}, not ${amount}`);
    if (a.currency !== undefined && String(a.currency).toLowerCase() !== currency.toLowerCase())
      throw badAnswer(install.name, `it charged in ${String(a.currency)}, not ${currency}`);
    const answer = a as unknown as ChargeAnswer;
    if (answer.status === 'failed')
      throw conflict(`${install.name} declined the charge (${answer.id}); invoice '${inv.id}' stays ${inv.status}.`);
    return answer;
  }

  const json = (name: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw badAnswer(name, 'the answer is not JSON');
    }
  };

  return {
    /** `billing.list`: the contact's saved methods, each `{card}` or `{bank}`. */
    async list(ctx: OperatorContext, contactId: string, siteId: string | null = null): Promise<SavedMethod[]> {
      if (!(await findContacts(db, ctx.operator.id, [contactId])).length) notFound('contact', contactId);
      const install = await installFor(ctx, 'billing.list', siteId);
      const answer = json(install.name, await request(ctx, install, 'billing.list', { userId: contactId }));
      if (!Array.isArray(answer)) throw badAnswer(install.name, 'billing.list must answer a list');
      if (answer.length > MAX_METHODS) throw badAnswer(install.name, `more than ${MAX_METHODS} methods`);
      return answer.map((m, i) => {
        const kind = isObj(m) ? (isObj(m.card) ? 'card' : isObj(m.bank) ? 'bank' : null) : null;
        if (!kind) throw badAnswer(install.name, `method ${i} is neither {card} nor {bank}`);
        return { [kind]: (m as Record<string, Record<string, unknown>>)[kind] } as SavedMethod;
      });
    },

    /**
     * `billing.charge` for what an open invoice still asks: `succeeded` marks it paid (`invoice.paid`, overlock
     * lifted); `processing` leaves it open; `failed` is a conflict with the add-on's word.
     */
    async chargeInvoice(ctx: OperatorContext, invoiceId: string): Promise<{ answer: ChargeAnswer; invoice: Invoice }> {
      const [inv] = await findInvoices(db, ctx.operator.id, [invoiceId]);
      if (!inv) notFound('invoice', invoiceId);
      if (inv.status !== 'open' && inv.status !== 'uncollectible')
        throw conflict(`Invoice '${inv.id}' is ${inv.status}; charging it requires status open or uncollectible.`);
      const req = await chargeRequest(ctx, inv);
      const answer = chargeAnswer(req, inv, await request(ctx, req.install, 'billing.charge', req.data));
      const invoice = answer.status === 'succeeded' ? await deps.markPaid(ctx, inv.id) : inv;
      return { answer, invoice };
    },

    /** `billing.checkout`: the add-on's hosted page where the customer enters card or bank details (HTML). */
    async checkout(ctx: OperatorContext, contactId: string, siteId: string | null, returnUrl: string): Promise<string> {
      if (!(await findContacts(db, ctx.operator.id, [contactId])).length) notFound('contact', contactId);
      const install = await installFor(ctx, 'billing.checkout', siteId);
      const page = await request(ctx, install, 'billing.checkout', { userId: contactId, returnUrl });
      if (!page.trim()) throw badAnswer(install.name, 'billing.checkout answered an empty page');
      return page;
    },

    /** The pieces automatic collection (billing-collection.job.ts) runs apart: read, call, log and check. */
    chargeRequest,
    post,
    noteCall,
    noteLine: (ctx: OperatorContext, install: BillingInstall, level: 'info' | 'error', message: string, h: Handle) =>
      deps.addons.note(ctx.operator.id, install.id, level, message, h),
    answered,
    chargeAnswer,

    /** The add-on that would charge this site's invoices (the back office names it on the invoice page). */
    chargerFor: async (ctx: OperatorContext, siteId: string | null): Promise<string | null> =>
      (await billingInstall(db, ctx.operator.id, 'billing.charge', siteId))?.name ?? null,
  };
}

export type CustomBillingService = ReturnType<typeof customBillingService>;

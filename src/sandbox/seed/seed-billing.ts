import { newId } from '../../kernel/ids.ts';
import type { BillingPeriod } from '../../domain/catalogue/price.ts';
import { systemPrincipal, type OperatorContext } from '../../domain/context.ts';
import { createBookingRecords, type BookingLine } from '../../domain/billing/create-booking-records.ts';
import { creditNoteNumber } from '../../domain/billing/invoice-number.ts';
import type { PaymentMethod } from '../../domain/billing/subscription.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import { findProtectionLevels } from '../../storage/repos/protection-levels.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findInvoices, updateInvoiceState, addCreditNoteAmount } from '../../storage/repos/invoices.repo.ts';
import { insertCreditNote } from '../../storage/repos/credit-notes.repo.ts';
import { updateContractStatus } from '../../storage/repos/contracts.repo.ts';
import { insertUnitAllocation } from '../../storage/repos/unit-allocations.repo.ts';
import type { SeedContext } from './seed-context.ts';

interface Booking {
  contact: number;
  site: number;
  unitType: number;
  period: BillingPeriod;
  payment: PaymentMethod;
  /** Negative: starts in the future. */
  startedDaysAgo: number;
  protection?: boolean;
  deposit?: boolean;
  product?: 'one_time' | 'recurring';
  template?: number;
  signed?: boolean;
  /** What became of the first cycle's invoice after completion. */
  firstInvoice?: 'paid' | 'uncollectible';
  creditDeposit?: boolean;
  /** Allocate a unit of the booked type that the units seed gave this status. */
  unit?: 'occupied' | 'reserved';
  purchaseOrder?: string;
}

// Sites 0 and 1 hold the oldest seeded units, so allocations never show on the units list's first page.
const FULL: Booking[] = [
  {
    contact: 0,
    site: 0,
    unitType: 0,
    period: 'monthly',
    payment: 'card',
    startedDaysAgo: 200,
    protection: true,
    deposit: true,
    product: 'one_time',
    template: 0,
    signed: true,
    firstInvoice: 'paid',
    unit: 'occupied',
  },
  {
    contact: 3,
    site: 0,
    unitType: 1,
    period: 'weekly',
    payment: 'card',
    startedDaysAgo: 30,
    product: 'recurring',
    template: 1,
    unit: 'occupied',
    purchaseOrder: 'PO-2291',
  },
  {
    contact: 6,
    site: 1,
    unitType: 2,
    period: 'monthly',
    payment: 'bacs_debit',
    startedDaysAgo: -10,
    protection: true,
    deposit: true,
    unit: 'reserved',
  },
  {
    contact: 9,
    site: 1,
    unitType: 0,
    period: 'every_three_months',
    payment: 'card',
    startedDaysAgo: 90,
    deposit: true,
    firstInvoice: 'paid',
    creditDeposit: true,
  },
  {
    contact: 12,
    site: 2,
    unitType: 0,
    period: 'monthly',
    payment: 'card',
    startedDaysAgo: 60,
    firstInvoice: 'uncollectible',
  },
];
const SMALL: Booking[] = [
  {
    contact: 0,
    site: 0,
    unitType: 0,
    period: 'monthly',
    payment: 'sepa_debit',
    startedDaysAgo: 20,
    deposit: true,
    template: 0,
  },
];

const DAY = 24 * 60;

/**
 * Completed bookings made through the same function order completion uses, then moved along as time
 * would have: first invoices paid or uncollectible, a contract signed, a deposit credited back.
 * Seeded history announces nothing, so events are not written.
 */
export async function seedBilling(s: SeedContext): Promise<void> {
  const contacts = s.created.contacts ?? [];
  const allocated = new Set<string>();
  for (const b of s.size === 'full' ? FULL : SMALL) {
    const site = s.created.sites[b.site % s.created.sites.length];
    const typesAtSite = s.created.unitTypes.filter((u) => u.siteId === site.id);
    const contactId = contacts[b.contact % contacts.length];
    if (!typesAtSite.length || !contactId) continue;
    const [unitType] = await findUnitTypes(s.tx, s.operator.id, [typesAtSite[b.unitType % typesAtSite.length].id]);
    const [siteRow] = await findSites(s.tx, s.operator.id, [site.id]);
    const period = (unitType.prices.find((p) => p.billingPeriod === b.period) ??
      unitType.prices.find((p) => p.billingPeriod !== 'one_time'))!;
    const billingPeriod = period.billingPeriod as BillingPeriod;
    const rate = (type: 'unit_type' | 'protection' | 'product') => siteRow.taxRates[type] ?? 0;
    const line = (l: Omit<BookingLine, 'lineItemId' | 'discount' | 'tax' | 'total'>, taxRate: number): BookingLine => {
      const net = l.unitAmount * l.quantity;
      const tax = Math.round((net * taxRate) / 10_000);
      return { ...l, lineItemId: newId('orderLineItem'), discount: 0, tax, total: net + tax };
    };

    const lines: BookingLine[] = [
      line(
        {
          type: 'unit_type',
          itemId: unitType.id,
          name: unitType.name,
          chargeType: 'recurring',
          quantity: 1,
          unitAmount: period.amount,
        },
        rate('unit_type'),
      ),
    ];
    if (b.protection) {
      const levels = await findProtectionLevels(s.tx, s.operator.id, s.created.protectionLevels);
      const level = levels.find((l) => l.prices.some((p) => p.billingPeriod === billingPeriod));
      const price = level?.prices.find((p) => p.billingPeriod === billingPeriod);
      if (level && price) {
        const cover = new Intl.NumberFormat('en-GB', {
          style: 'currency',
          currency: s.operator.currency,
          maximumFractionDigits: 0,
        }).format(level.coverLevel / 100);
        lines.push(
          line(
            {
              type: 'protection',
              itemId: level.id,
              name: `Goods protection (${cover} cover)`,
              chargeType: 'recurring',
              quantity: 1,
              unitAmount: price.amount,
            },
            rate('protection'),
          ),
        );
      }
    }
    if (b.product) {
      const products = (await findProducts(s.tx, s.operator.id, s.created.products)).filter(
        (p) => p.siteId === site.id && p.chargeType === b.product,
      );
      const product = products[0];
      const price =
        product?.prices.find((p) => p.billingPeriod === (b.product === 'one_time' ? 'one_time' : billingPeriod)) ??
        product?.prices[0];
      if (product && price) {
        lines.push(
          line(
            {
              type: 'product',
              itemId: product.id,
              name: product.name,
              chargeType: b.product,
              quantity: 1,
              unitAmount: price.amount,
            },
            rate('product'),
          ),
        );
      }
    }
    if (b.deposit) {
      lines.push(
        line(
          {
            type: 'security_deposit',
            itemId: unitType.id,
            name: unitType.name,
            chargeType: 'one_time',
            quantity: 1,
            unitAmount: unitType.securityDeposit ?? 5000,
          },
          0,
        ),
      );
    }

    const bookedAt = s.at(Math.max(b.startedDaysAgo, 0) * DAY + 2 * DAY);
    const startsAt = s.at(b.startedDaysAgo * DAY);
    // Seeded history is back-dated on purpose: the one context not built by contexts.contextFor.
    const ctx: OperatorContext = { operator: s.operator, principal: systemPrincipal('seed'), now: () => bookedAt };
    const templateId =
      b.template === undefined
        ? null
        : (s.created.contractTemplates[b.template % s.created.contractTemplates.length] ?? null);
    const records = await createBookingRecords(
      s.tx,
      ctx,
      { emit: async () => undefined as never },
      {
        orderId: null,
        contactId,
        siteId: site.id,
        unitTypeId: unitType.id,
        startsAt,
        billingPeriod,
        paymentMethod: b.payment,
        couponId: null,
        contractTemplateId: templateId,
        purchaseOrderNumber: b.purchaseOrder ?? null,
        lines,
      },
    );

    if (b.unit) {
      const unit = s.created.units?.find(
        (u) => u.unitTypeId === unitType.id && u.status === b.unit && !allocated.has(u.id),
      );
      if (unit) {
        allocated.add(unit.id);
        await insertUnitAllocation(s.tx, {
          id: newId('unitAllocation'),
          operatorId: s.operator.id,
          unitId: unit.id,
          tenancyId: records.tenancyId,
          reservedAt: bookedAt,
          grantedAccessAt: b.unit === 'occupied' ? startsAt : null,
          createdAt: bookedAt,
          updatedAt: b.unit === 'occupied' ? startsAt : bookedAt,
        });
      }
    }
    // Booked ahead of the start, the first cycle's invoice began as a draft; once the cycle began it was finalized.
    const begun = startsAt.getTime() <= s.now.getTime();
    if (records.recurringInvoiceId && begun) {
      const [inv] = await findInvoices(s.tx, s.operator.id, [records.recurringInvoiceId]);
      const state = b.firstInvoice ?? 'open';
      await updateInvoiceState(
        s.tx,
        s.operator.id,
        inv.id,
        state === 'paid'
          ? { status: 'paid', amountPaid: inv.total, finalizedAt: startsAt, paidAt: startsAt, at: startsAt }
          : state === 'uncollectible'
            ? { status: 'uncollectible', finalizedAt: startsAt, at: s.at((b.startedDaysAgo - 14) * DAY) }
            : { status: 'open', finalizedAt: startsAt, at: startsAt },
      );
    }
    if (b.signed && records.contractId) {
      const [contact] = await findContacts(s.tx, s.operator.id, [contactId]);
      const signedAt = s.at(Math.max(b.startedDaysAgo, 0) * DAY + DAY);
      await updateContractStatus(s.tx, s.operator.id, records.contractId, {
        status: 'signed',
        signedAt,
        signedBy: contact.fullName ?? contact.email,
        at: signedAt,
      });
    }
    if (b.creditDeposit && records.oneTimeInvoiceId) {
      const [inv] = await findInvoices(s.tx, s.operator.id, [records.oneTimeInvoiceId]);
      const deposit = inv.lineItems.find((l) => l.type === 'security_deposit');
      if (deposit) {
        const at = s.at((b.startedDaysAgo - 7) * DAY);
        await insertCreditNote(s.tx, {
          id: newId('creditNote'),
          operatorId: s.operator.id,
          number: creditNoteNumber(inv.number, 1),
          invoiceId: inv.id,
          contactId,
          siteId: site.id,
          reason: 'other',
          status: 'issued',
          type: 'post_payment',
          subtotal: deposit.totalExcludingTax,
          total: deposit.total,
          lineItems: [
            {
              type: 'invoice_line_item',
              description: deposit.description,
              quantity: deposit.quantity,
              price: deposit.price,
              amount: deposit.total,
              discountTotal: 0,
              tax: deposit.tax,
            },
          ],
          createdAt: at,
          updatedAt: at,
        });
        await addCreditNoteAmount(s.tx, s.operator.id, inv.id, 'post_payment', deposit.total, at);
      }
    }
  }
}

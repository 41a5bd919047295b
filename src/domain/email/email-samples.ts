import type { EmailData, EmailTemplate } from './email.ts';

/**
 * What each template is rendered with, made up: the preview in Settings → Email templates, the check an edit must
 * pass before it is saved, and the list of variables the editor shows. Keys match what emails.service snapshots.
 */
export function sampleData(template: EmailTemplate, operatorName: string, baseUrl: string): EmailData {
  const common = {
    operator_name: operatorName,
    contact_name: 'Alex Sample',
    portal_path: '/portal/sample',
    base_url: baseUrl,
  };
  const invoice = {
    invoice_id: 'inv_sample',
    invoice_number: 'INV-0042',
    total: '£60.00',
    amount_due: '£60.00',
    amount_paid: '£60.00',
    paid_date: '1 December 2026',
    period: '1 December 2026 – 31 December 2026',
  };
  switch (template) {
    case 'booking_confirmation':
      return {
        ...common,
        order_id: 'ord_sample',
        site_name: 'Sample Street',
        unit_type_name: 'Small locker',
        move_in_date: '1 December 2026',
      };
    case 'move_in_day':
      return {
        ...common,
        tenancy_id: 'ten_sample',
        site_name: 'Sample Street',
        site_address: '1 Sample Street, Sampleton, SA1 1AA',
        units: [{ name: 'A-101', code: '482913' }],
      };
    case 'invoice':
    case 'receipt':
      return { ...common, ...invoice };
    case 'payment_failed':
      return { ...common, ...invoice, card_last4: '0341' };
    case 'portal_sign_in':
      return { ...common, sign_in_path: '/portal/sample/sign-in/sample-token', expires_minutes: 30 };
  }
}

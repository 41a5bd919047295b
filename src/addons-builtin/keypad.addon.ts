import { randomInt } from 'node:crypto';
import type { AddonApiClient, Envelope } from './addon-client.ts';
import type { BuiltinAddon } from './builtin-addon.ts';

export const KEYPAD_PIN = 'lockyard_keypad_pin';
export const KEYPAD_OVERLOCKED = 'lockyard_keypad_overlocked';

/** Run on install and on every configuration change: the rental fields the keypad writes (the starter's webtask). */
const INSTALLED_WEBTASK = `export default async function ({ api, context }) {
  await api.ensureCustomField('unitRental', {
    code: '${KEYPAD_PIN}', type: 'string', title: { en: 'Keypad PIN' }, ownerAcl: 'read', readOnly: true,
  });
  await api.ensureCustomField('unitRental', {
    code: '${KEYPAD_OVERLOCKED}', type: 'boolean', title: { en: 'Keypad overlocked' }, ownerAcl: 'read', readOnly: true,
  });
  console.log('keypad fields ready for', context.addonId);
}`;

/** A PIN of the configured length (leading zeros kept). */
const newPin = (digits: number) => String(randomInt(0, 10 ** digits)).padStart(digits, '0');

/**
 * The simulated keypad as an add-on (docs/addons.md): the access-control recipe of the partner guide, written
 * against the public protocol only. Move-in → a PIN in the rental's `lockyard_keypad_pin`; move-out → cleared;
 * transfer → the old rental vacated, the new one given a fresh PIN; markOverdue → `lockyard_keypad_overlocked`,
 * cleared on unmarkOverdue. Rentals not occupied are left alone, as the guide says.
 */
export const keypadAddon: BuiltinAddon = {
  code: 'keypad',
  definitionId: 'addon_10c4ad000000000000000001',
  definition: (webhookUrl) => ({
    name: 'Lockyard Keypad (simulated)',
    description:
      'A simulated gate keypad: a PIN per rental at move-in, overlock while overdue, access withdrawn at move-out.',
    setupInstructions: 'Install, optionally choose the PIN length, then enable. PINs appear on each rental.',
    level: 'operator',
    webhookUrl,
    events: [
      'job.unit_moveIn.completed',
      'job.unit_moveOut.completed',
      'job.unit_transfer.completed',
      'unitRental.markOverdue',
      'unitRental.unmarkOverdue',
    ],
    customFields: [{ code: 'keypad_pinDigits', title: { en: 'PIN length' }, type: 'choice', choices: ['4', '6', '8'] }],
    webtasks: { installed: INSTALLED_WEBTASK },
  }),

  async handle(env: Envelope, sg: AddonApiClient) {
    // Real add-ons read their configuration on every webhook (the starter does).
    const addon = await sg.get(`addons/${env.addonId}`);
    const digits = Number(addon.customFields?.keypad_pinDigits ?? 6);

    const rent = async (rentalId: string) => {
      const rental = await sg.get(`unit-rentals/${rentalId}?include=unit,customFields`);
      if (rental.state !== 'occupied') return `skip ${rentalId} (${rental.state})`;
      await sg.put(`unit-rentals/${rentalId}`, {
        customFields: { [KEYPAD_PIN]: newPin(digits), [KEYPAD_OVERLOCKED]: rental.overdue ? true : null },
      });
      return `pin ${rentalId}`;
    };
    const vacate = async (rentalId: string) => {
      await sg.put(`unit-rentals/${rentalId}`, { customFields: { [KEYPAD_PIN]: null, [KEYPAD_OVERLOCKED]: null } });
      return `vacate ${rentalId}`;
    };

    switch (env.type) {
      case 'job.unit_moveIn.completed':
        return rent(env.data.unitRentalId);
      case 'job.unit_moveOut.completed':
        return vacate(env.data.unitRentalId);
      case 'job.unit_transfer.completed': {
        // The starter logs, rather than throws, a failed vacate: the new rental must still get its PIN.
        const first = await vacate(env.data.oldRentalId).catch((e: Error) => `vacate failed: ${e.message}`);
        return `${first}; ${await rent(env.data.newRentalId)}`;
      }
      case 'unitRental.markOverdue':
      case 'unitRental.unmarkOverdue': {
        const rental = await sg.get(`unit-rentals/${env.data.unitRentalId}`);
        if (rental.state !== 'occupied') return `skip ${rental.id} (${rental.state})`;
        await sg.put(`unit-rentals/${rental.id}`, {
          customFields: { [KEYPAD_OVERLOCKED]: rental.overdue ? true : null },
        });
        return `overlocked ${rental.id} ${Boolean(rental.overdue)}`;
      }
      default:
        return `ignored ${env.type}`;
    }
  },
};

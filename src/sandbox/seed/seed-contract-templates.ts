import { newId } from '../../kernel/ids.ts';
import { insertContractTemplate } from '../../storage/repos/contract-templates.repo.ts';
import type { SeedContext } from './seed-context.ts';

const TEMPLATES = [
  {
    name: 'Indoor Storage Contract',
    body:
      'This agreement is made between {{ operator.name }} and {{ contact.full_name }} for unit {{ unit.reference_id }} at {{ site.name }}.\n\n' +
      '1. The customer pays {{ subscription.price }} each billing period in advance.\n' +
      '2. Goods must not be hazardous, perishable or illegal.\n' +
      '3. Either party may end the agreement with 14 days’ written notice.',
  },
  {
    name: 'Business Storage Contract',
    body:
      'Business storage agreement between {{ operator.name }} and {{ contact.full_name }} (company no. {{ contact.company_registration_number }}).\n\n' +
      '1. Deliveries may be accepted on the customer’s behalf during staffed hours.\n' +
      '2. Stock held remains the property of the customer and must be insured.\n' +
      '3. The minimum term is three months.',
  },
  {
    name: 'Vehicle Storage Contract',
    body:
      'Vehicle storage agreement for {{ contact.full_name }} at {{ site.name }}.\n\n' +
      '1. The vehicle must be taxed or declared off-road, and insured.\n' +
      '2. Fuel tanks must be less than a quarter full.\n' +
      '3. Keys are kept by the customer.',
  },
] as const;

export async function seedContractTemplates(s: SeedContext): Promise<void> {
  const list = s.size === 'full' ? TEMPLATES : TEMPLATES.slice(0, 1);
  for (const [i, t] of list.entries()) {
    const at = s.at(60 * 24 * 450 - i * 60 * 24 * 30);
    const id = newId('contractTemplate');
    await insertContractTemplate(s.tx, {
      id,
      operatorId: s.operator.id,
      name: t.name,
      body: t.body,
      createdAt: at,
      updatedAt: at,
    });
    s.created.contractTemplates.push(id);
  }
}

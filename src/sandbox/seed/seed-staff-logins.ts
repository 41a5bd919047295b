import { newId, randomToken } from '../../kernel/ids.ts';
import { SCOPES } from '../../kernel/scopes.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import * as logins from '../../storage/repos/staff-logins.repo.ts';
import { hashPassword, UNUSABLE_HASH } from '../../domain/staff-auth/passwords.ts';
import { applicationsService } from '../../domain/oauth/applications.service.ts';
import type { TokensService } from '../../domain/access/tokens.service.ts';
import type { SeedContext } from './seed-context.ts';

export const DEMO_STAFF_EMAIL = 'staff@lockyard.test';
export const DEMO_PARTNER_REDIRECT_URI = 'http://localhost:8976/callback';

/**
 * What seedDemo adds to demo-credentials.json: back-office sign-in, the partner (Authorization Code) flow, and an
 * operator application of the first operator for Client Credentials — the reference's first OAuth example.
 */
export interface DemoLoginCredentials {
  staff_login: { email: string; password: string; sign_in_path: string; operator_ids: string[] };
  partner_application: {
    name: string;
    client_id: string;
    client_secret: string;
    redirect_uri: string;
    scopes: string[];
    authorize_path: string;
  };
  operator_application: {
    name: string;
    operator_id: string;
    client_id: string;
    client_secret: string;
    scopes: string[];
    token_path: string;
  };
}

/**
 * Seed part (runs per operator, inside its transaction): one demo staff login that belongs to every demo
 * operator, so the consent page offers a choice. Its password is set by `finishDemoLogins`, outside any
 * transaction, because hashing is slow.
 */
export async function seedStaffLogins(s: SeedContext): Promise<void> {
  let user = await logins.findStaffUserByEmail(s.tx, DEMO_STAFF_EMAIL);
  if (!user) {
    user = {
      id: newId('staffUser'),
      email: DEMO_STAFF_EMAIL,
      name: 'Demo Staff',
      passwordHash: UNUSABLE_HASH,
      createdAt: s.now,
      updatedAt: s.now,
    };
    await logins.insertStaffUser(s.tx, user);
  }
  await logins.insertMembership(s.tx, {
    userId: user.id,
    operatorId: s.operator.id,
    staffId: s.created.staff[0] ?? null,
    role: 'owner',
    createdAt: s.now,
  });
}

/** After every operator is seeded: the demo password, a platform-level partner application and an operator application. */
export async function finishDemoLogins(
  deps: { db: Db; clock: Clock; tokens: TokensService },
  operatorIds: string[],
): Promise<DemoLoginCredentials> {
  const password = randomToken(18);
  const user = await logins.findStaffUserByEmail(deps.db, DEMO_STAFF_EMAIL);
  if (user) await logins.updateStaffPassword(deps.db, user.id, await hashPassword(password), deps.clock.now());
  const applications = applicationsService(deps);
  const operatorApp = await applications.createForOperator(operatorIds[0], {
    name: 'Demo Operator Integration',
    scopes: [...SCOPES],
  });
  const { application, clientSecret } = await applications.createPartner({
    name: 'Demo Partner Integration',
    redirectUris: [DEMO_PARTNER_REDIRECT_URI],
    scopes: [...SCOPES],
  });
  const query = new URLSearchParams({
    client_id: application.clientId,
    redirect_uri: DEMO_PARTNER_REDIRECT_URI,
    response_type: 'code',
    scope: 'public.site:read public.contact:read',
    state: 'demo',
  });
  return {
    staff_login: { email: DEMO_STAFF_EMAIL, password, sign_in_path: '/backoffice/sign-in', operator_ids: operatorIds },
    partner_application: {
      name: application.name,
      client_id: application.clientId,
      client_secret: clientSecret,
      redirect_uri: DEMO_PARTNER_REDIRECT_URI,
      scopes: application.scopes,
      authorize_path: `/oauth2/authorize?${query}`,
    },
    operator_application: {
      name: operatorApp.application.name,
      operator_id: operatorIds[0],
      client_id: operatorApp.application.clientId,
      client_secret: operatorApp.clientSecret,
      scopes: operatorApp.application.scopes,
      token_path: '/oauth2/token',
    },
  };
}

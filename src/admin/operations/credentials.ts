import { isScope, SCOPES, type Scope } from '../../kernel/scopes.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import { AdminError, json, optInt, optStr, str, strList, type AdminOperation } from '../admin-operation.ts';

function scopesOf(list: string[]): Scope[] {
  if (list.length === 1 && list[0] === 'all') return [...SCOPES];
  const bad = list.filter((s) => !isScope(s));
  if (bad.length) throw new AdminError(`unknown scope(s): ${bad.join(', ')}`);
  return list as Scope[];
}

/** `lockyard tokens create`: an access token for an operator, printed once. */
export const createToken: AdminOperation = async (lockyard, input) => {
  const operatorId = str(input, 'operator');
  if (!(await findOperator(lockyard.database.db, operatorId)))
    throw new AdminError(`no operator with id ${operatorId}`);
  const { token, record } = await lockyard.services.tokens.create({
    operatorId,
    scopes: scopesOf(strList(input, 'scopes')),
    expiresInSeconds: optInt(input, 'expires_in'),
    name: optStr(input, 'name') ?? 'CLI token',
  });
  return {
    stdout: `${token}\n`,
    stderr: `token ${record.id} for ${operatorId}${record.expiresAt ? `, expires ${record.expiresAt.toISOString()}` : ''}\n`,
    data: { token, id: record.id, expires_at: record.expiresAt?.toISOString() ?? null },
  };
};

/** `lockyard apps create --partner`: a platform-level partner application; the secret is printed once. */
export const createApp: AdminOperation = async (lockyard, input) => {
  const { application, clientSecret } = await lockyard.services.oauth.applications.createPartner({
    name: str(input, 'name'),
    redirectUris: strList(input, 'redirect_uris'),
    scopes: scopesOf(strList(input, 'scopes')),
  });
  const data = {
    id: application.id,
    name: application.name,
    client_id: application.clientId,
    client_secret: clientSecret,
    redirect_uris: application.redirectUris,
    scopes: application.scopes,
  };
  return { stdout: json(data), stderr: 'Store the client secret now: it is not shown again.\n', data };
};

export const listApps: AdminOperation = async (lockyard) => {
  const apps = await lockyard.services.oauth.applications.listPartners();
  return {
    stdout: apps.map((a) => `${a.id}  ${a.clientId}  ${a.name}  ${a.redirectUris.join(' ')}\n`).join(''),
    data: apps.map((a) => ({ id: a.id, client_id: a.clientId, name: a.name, redirect_uris: a.redirectUris })),
  };
};

export const rotateAppSecret: AdminOperation = async (lockyard, input) => {
  const { clientSecret } = await lockyard.services.oauth.applications.rotatePartner(str(input, 'client_id'));
  return { stdout: `${clientSecret}\n`, data: { client_secret: clientSecret } };
};

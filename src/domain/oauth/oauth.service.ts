import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import type { TokensService } from '../access/tokens.service.ts';
import { applicationsService } from './applications.service.ts';
import { authorizationService, operatorNow } from './authorization.service.ts';
import { tokenEndpointService } from './token-endpoint.service.ts';

/** The OAuth 2.0 provider: applications, staff authorisation (codes, grants), and the token endpoints. */
export function oauthService(deps: { db: Db; clock: Clock; tokens: TokensService }) {
  const applications = applicationsService(deps);
  return {
    applications,
    authorization: authorizationService(deps),
    endpoint: tokenEndpointService({ ...deps, applications }),
    /** The operator's sandbox time, with its stored offset loaded. */
    operatorNow: (operatorId: string) => operatorNow(deps.db, deps.clock, operatorId),
  };
}

export type OAuthService = ReturnType<typeof oauthService>;

import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import type { TokensService } from '../access/tokens.service.ts';
import { applicationsService } from './applications.service.ts';
import { authorizationService } from './authorization.service.ts';
import { tokenEndpointService } from './token-endpoint.service.ts';

/** The OAuth 2.0 provider: applications, staff authorisation (codes, grants), and the token endpoints. */
export function oauthService(deps: { db: Db; clock: Clock; tokens: TokensService }) {
  const applications = applicationsService(deps);
  return {
    applications,
    authorization: authorizationService(deps),
    endpoint: tokenEndpointService({ ...deps, applications }),
    /** Real time: what token, code and grant lifetimes are measured against. */
    now: () => deps.clock.now(),
  };
}

export type OAuthService = ReturnType<typeof oauthService>;

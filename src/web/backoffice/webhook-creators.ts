import type { Services } from '../../domain/services.ts';
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.ts';

export interface EndpointWithCreator {
  endpoint: WebhookEndpoint;
  /** Who created it, in words: an application's name, a token's name, or staff. */
  creator: string;
}

/** Names each endpoint's creator: an application's name, a token's name, or staff (Public API and Developers pages). */
export async function withCreators(
  services: Services,
  operatorId: string,
  endpoints: WebhookEndpoint[],
): Promise<EndpointWithCreator[]> {
  const [apps, tokens] = await Promise.all([
    services.oauth.applications.names(endpoints.flatMap((e) => (e.applicationId ? [e.applicationId] : []))),
    services.tokens.list(operatorId),
  ]);
  const tokenNames = new Map(tokens.map((t) => [t.id, t.name]));
  return endpoints.map((endpoint) => {
    const app = endpoint.applicationId ? apps.get(endpoint.applicationId) : undefined;
    const creator = app
      ? `${app.name} (${app.kind === 'partner' ? 'partner application' : 'application'})`
      : tokenNames.has(endpoint.creatorId)
        ? `${tokenNames.get(endpoint.creatorId)} (access token)`
        : endpoint.creatorId.startsWith('staff_')
          ? `Staff ${endpoint.creatorId}`
          : endpoint.creatorId;
    return { endpoint, creator };
  });
}

/** Every endpoint of the operator (the newest 100), whoever created it, with its creator. */
export async function endpointsWithCreators(services: Services, operatorId: string): Promise<EndpointWithCreator[]> {
  const { items } = await services.webhookEndpoints.listForOperator(operatorId, {
    page: 1,
    limit: 100,
    sortBy: 'created_at',
    direction: 'desc',
  });
  return withCreators(services, operatorId, items);
}

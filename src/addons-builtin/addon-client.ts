import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpExchange } from '../kernel/net/http-exchange.ts';

/** The envelope every delivery carries (docs/addons.md). */
export interface Envelope {
  id: string;
  created: string;
  type: string;
  data: Record<string, any>;
  apiUrl: string;
  addonId: string;
}

/** An error the add-on answers with: its status goes back to Lockyard, which retries and then alerts. */
export class AddonFailure extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** `sg-signature` over the raw body bytes, compared in constant time (the partner guide's check). */
export function signatureMatches(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64'));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/**
 * The starter's storeganise-api.js: `{apiUrl}/v1/admin/<path>` with `Authorization: Addon {addonId}|{apiKey}`;
 * an error answer throws with the API's message and status.
 */
export function addonApiClient(http: HttpExchange, apiUrl: string, addonId: string, apiKey: string) {
  const request = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await http({
      method,
      url: `${apiUrl}/v1/admin/${path}`,
      headers: {
        authorization: `Addon ${addonId}|${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data: any = null;
    try {
      data = JSON.parse(res.body);
    } catch {
      // Not JSON: reported below with the status.
    }
    if (res.status >= 400)
      throw new AddonFailure(data?.error?.message ?? `HTTP ${res.status} from ${method} ${path}`, res.status);
    return data;
  };
  return {
    get: (path: string) => request('GET', path),
    put: (path: string, body: unknown) => request('PUT', path, body),
    post: (path: string, body: unknown) => request('POST', path, body),
  };
}

export type AddonApiClient = ReturnType<typeof addonApiClient>;

/**
 * One HTTP request and its answer, as text. Lockyard's own add-ons speak HTTP through this: main.ts hands them an
 * exchange that serves the platform's own URLs in process (app.inject), so neither their deliveries nor their
 * callbacks leave the machine, yet both go through the same routes, headers and checks a partner's do.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export type HttpExchange = (req: HttpRequest) => Promise<HttpAnswer>;

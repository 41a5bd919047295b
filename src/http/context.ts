import type { Operator, OperatorContext } from '../domain/context.ts';
import type { Services } from '../domain/services.ts';
import type { ExpandTree } from './conventions/expand.ts';

/** What a serializer needs: where links point, the operator (currency), signed image URLs. */
export interface RenderEnv {
  publicUrl: string;
  operator: Operator;
  imageUrls(ownerId: string, image: { filename: string } | null): unknown;
}

/** The domain context plus what the HTTP layer knows about this request. */
export interface RequestContext extends OperatorContext, RenderEnv {
  requestId: string;
  services: Services;
  expand: ExpandTree;
  sandbox: boolean;
}

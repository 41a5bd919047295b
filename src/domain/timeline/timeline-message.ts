import { safeLiquid } from '../../kernel/safe-liquid.ts';
import { DomainError, type ErrorDetail } from '../../kernel/errors.ts';

/** Partners write these templates: no file system, bounded parse, render time and allocations (safeLiquid). */
const engine = safeLiquid({
  strictVariables: true,
  // `{% if global_context %}` with nothing bound is simply false.
  lenientIf: true,
  renderLimit: 200,
});

/** Variables the platform fills in; everything else comes from the request's `variables`. */
export const PREDEFINED_VARIABLES = ['contact', 'global_context'] as const;

export interface MessageContext {
  /** The attached contact as a person reads it (name, else email), or null when none is attached. */
  contact: string | null;
}

/**
 * Every variable the template uses that neither the request nor the platform provides, as 422 details:
 * `/variables/<name>` for a custom one, `/contact` for the predefined `contact`.
 */
export function missingVariables(
  templateId: string,
  message: string,
  variables: Record<string, string>,
  ctx: MessageContext,
): ErrorDetail[] {
  const used = [...new Set(engine.globalVariablesSync(message))];
  const problems: ErrorDetail[] = [];
  for (const name of used) {
    if (name === 'global_context') continue;
    if (name === 'contact') {
      if (ctx.contact === null) {
        problems.push({
          pointer: '/contact',
          message: `template ${templateId} uses \`{{ contact }}\`: attach the event to a contact`,
        });
      }
      continue;
    }
    if (!Object.hasOwn(variables, name)) {
      problems.push({
        pointer: `/variables/${name}`,
        message: `value at \`/variables\` is missing \`${name}\`, which template ${templateId} uses`,
      });
    }
  }
  return problems;
}

/** The template rendered both ways: on the contact's timeline and in a global feed. */
export function renderMessage(
  templateId: string,
  message: string,
  variables: Record<string, string>,
  ctx: MessageContext,
) {
  const problems = missingVariables(templateId, message, variables, ctx);
  if (problems.length)
    throw new DomainError('invalid_content', 'The template needs variables the request does not give.', problems);
  const scope = (global: boolean) => ({ ...variables, contact: ctx.contact ?? '', global_context: global });
  try {
    return {
      message: engine.parseAndRenderSync(message, scope(false)).trim(),
      globalMessage: engine.parseAndRenderSync(message, scope(true)).trim(),
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new DomainError('invalid_content', undefined, [
      { pointer: '/template/id', message: `template ${templateId} could not be rendered: ${why}` },
    ]);
  }
}

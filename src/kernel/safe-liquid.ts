import { Liquid, type LiquidOptions } from 'liquidjs';

/**
 * A Liquid engine for templates that people other than the platform's developers write (operators' emails,
 * partners' timeline templates). liquidjs interprets templates itself (no eval, no Function) and reads own
 * properties only; `templates: {}` replaces the file system, so `{% include %}`, `{% render %}` and
 * `{% layout %}` find nothing to read; the limits bound the source size (characters), the render time (ms) and
 * what loops and string filters may allocate. The render limit is wall time, so it is a backstop only (a loaded
 * machine's pauses must not fail a real email): runaway loops hit the memory limit first.
 */
export function safeLiquid(options: LiquidOptions = {}): Liquid {
  return new Liquid({
    ownPropertyOnly: true,
    templates: {},
    parseLimit: 20_000,
    renderLimit: 5_000,
    memoryLimit: 1_000_000,
    cache: 100,
    ...options,
  });
}

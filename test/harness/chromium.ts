import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium (Playwright's own browser download is not available here); CI installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** `describe(…, { skip: CHROMIUM_SKIP })`: the reason when the browser is missing. */
export const CHROMIUM_SKIP = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (CI does).`;

/** Where a suite's screenshots go (SCREENSHOT_DIR overrides), created. */
export function screenshotDir(suite: string): string {
  const dir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), `lockyard-${suite}-screenshots`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Headless Chromium with the flags this machine needs; playwright-core loads only when a browser suite runs. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** One axe-core result worth failing on, shortened to what a test failure message needs. */
interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core (devDependency, exact pin) in the page and fails on any `serious` or `critical` violation, naming
 * each rule, its help text and the offending elements. axe's source goes in through Playwright's evaluate (the
 * DevTools protocol, which the pages' Content-Security-Policy does not govern), so no page needs a script exception.
 * `exclude` takes CSS selectors to leave out (for example a third-party frame).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  options: { exclude?: string[]; label?: string } = {},
): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (exclude: string[]): Promise<A11yViolation[]> => {
    const axe = (globalThis as unknown as { axe: AxeLike }).axe;
    const context = exclude.length > 0 ? { exclude: exclude.map((selector) => [selector]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        // The element and axe's reason (for contrast: the measured and the required ratio).
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? ''}`.trim()),
      }));
  }, options.exclude ?? []);
  if (violations.length > 0) {
    const where = options.label ?? page.url();
    const lines = violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
    throw new Error(`Accessibility violations on ${where}:\n${lines.join('\n')}`);
  }
}

/** The part of axe's API the check uses (axe.d.ts is not imported so the page function stays self-contained). */
interface AxeLike {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[]; any: { message: string }[] }[];
    }[];
  }>;
}

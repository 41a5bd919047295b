import { DomainError, invalidContent } from '../../kernel/errors.ts';
import {
  ADDON_LEVELS,
  CUSTOM_FIELD_MODELS,
  CUSTOM_FIELD_TYPES,
  type AddonLevel,
  type CustomFieldDef,
} from './addon.ts';
import { ADDON_EVENT_TYPES, BILLING_EVENTS } from './addon-events.ts';

const SUBSCRIBABLE: readonly string[] = [...ADDON_EVENT_TYPES, ...BILLING_EVENTS];

export const WEBTASK_HOOKS = ['installed'] as const;
const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export interface DefinitionInput {
  name: string;
  description: string;
  setupInstructions: string;
  level: AddonLevel;
  webhookUrl: string | null;
  events: string[];
  customFields: CustomFieldDef[];
  webtasks: Record<string, string>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(pointer: string, message: string): never {
  throw invalidContent(pointer, message);
}

/** A custom-field definition as a developer writes it (add-on settings or `api.ensureCustomField`). */
export function parseFieldDef(v: unknown, pointer: string): CustomFieldDef {
  if (!isObj(v)) fail(pointer, 'must be an object');
  if (typeof v.code !== 'string' || !CODE.test(v.code)) fail(`${pointer}/code`, 'must be letters, digits and _');
  const title = v.title ?? v.code;
  if (typeof title !== 'string' && !(isObj(title) && Object.values(title).every((t) => typeof t === 'string')))
    fail(`${pointer}/title`, 'must be a string or a map of language to string');
  const type = v.type ?? 'string';
  if (typeof type !== 'string' || !(CUSTOM_FIELD_TYPES as readonly string[]).includes(type))
    fail(`${pointer}/type`, `must be one of ${CUSTOM_FIELD_TYPES.join(', ')}`);
  if (v.choices !== undefined && !(Array.isArray(v.choices) && v.choices.every((c) => typeof c === 'string')))
    fail(`${pointer}/choices`, 'must be a list of strings');
  for (const k of ['required', 'secret', 'readOnly'] as const)
    if (v[k] !== undefined && typeof v[k] !== 'boolean') fail(`${pointer}/${k}`, 'must be a boolean');
  if (v.ownerAcl !== undefined && !['none', 'read', 'write'].includes(v.ownerAcl as string))
    fail(`${pointer}/ownerAcl`, 'must be none, read or write');
  const def: CustomFieldDef = { code: v.code, title: title as CustomFieldDef['title'], type };
  if (v.choices) def.choices = v.choices as string[];
  if (v.required) def.required = true;
  if (v.secret) def.secret = true;
  if (v.readOnly) def.readOnly = true;
  if (v.ownerAcl) def.ownerAcl = v.ownerAcl as string;
  return def;
}

export function isModel(m: unknown): m is (typeof CUSTOM_FIELD_MODELS)[number] {
  return typeof m === 'string' && (CUSTOM_FIELD_MODELS as readonly string[]).includes(m);
}

/** The definition file (`lockyard addons create --definition FILE`), webtask paths already replaced by their source. */
export function parseDefinition(v: unknown): DefinitionInput {
  if (!isObj(v)) throw new DomainError('invalid_content', 'The add-on definition must be a JSON object.');
  const text = (k: string, required: boolean) => {
    const s = v[k];
    if (s === undefined && !required) return '';
    if (typeof s !== 'string' || (required && !s.trim())) fail(`/${k}`, 'must be a non-empty string');
    return s;
  };
  const level = v.level ?? 'operator';
  if (!(ADDON_LEVELS as readonly string[]).includes(level as string)) fail('/level', 'must be operator or site');
  let webhookUrl: string | null = null;
  if (v.webhookUrl !== undefined && v.webhookUrl !== null) {
    if (typeof v.webhookUrl !== 'string') fail('/webhookUrl', 'must be a URL');
    let u: URL;
    try {
      u = new URL(v.webhookUrl);
    } catch {
      fail('/webhookUrl', 'must be an absolute http(s) URL');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') fail('/webhookUrl', 'must be an absolute http(s) URL');
    webhookUrl = u.toString();
  }
  const events = v.events ?? [];
  if (!Array.isArray(events)) fail('/events', 'must be a list of event names');
  events.forEach((e, i) => {
    if (!SUBSCRIBABLE.includes(e)) fail(`/events/${i}`, `unknown event; one of ${SUBSCRIBABLE.join(', ')}`);
  });
  if (events.length && !webhookUrl) fail('/webhookUrl', 'is required when events are subscribed');
  const fields = v.customFields ?? [];
  if (!Array.isArray(fields)) fail('/customFields', 'must be a list');
  const customFields = fields.map((f, i) => parseFieldDef(f, `/customFields/${i}`));
  const codes = new Set<string>();
  customFields.forEach((f, i) => {
    if (codes.has(f.code)) fail(`/customFields/${i}/code`, 'is used twice');
    codes.add(f.code);
  });
  const webtasks = v.webtasks ?? {};
  if (!isObj(webtasks)) fail('/webtasks', 'must be an object of hook name to source');
  for (const [k, src] of Object.entries(webtasks)) {
    if (!(WEBTASK_HOOKS as readonly string[]).includes(k))
      fail(`/webtasks/${k}`, `unknown hook; one of ${WEBTASK_HOOKS}`);
    if (typeof src !== 'string' || !src.trim()) fail(`/webtasks/${k}`, 'must be the webtask source');
    if (src.length > 100_000) fail(`/webtasks/${k}`, 'is longer than 100000 characters');
  }
  return {
    name: text('name', true),
    description: text('description', false),
    setupInstructions: text('setupInstructions', false),
    level: level as AddonLevel,
    webhookUrl,
    events: [...new Set(events as string[])],
    customFields,
    webtasks: webtasks as Record<string, string>,
  };
}

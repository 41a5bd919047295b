import type { Operator } from '../../domain/context.ts';
import type { Tx } from '../../storage/database.ts';
import type { UnitStatus } from '../../domain/catalogue/unit.ts';
import type { EmittedEventType, EventPayloads } from '../../domain/events/event-map.ts';

/** What each seed part receives; parts run in order and may read what earlier parts created. */
export interface SeedContext {
  tx: Tx;
  operator: Operator;
  /** Creation time for seeded rows: spread into the past so lists have a stable order. */
  at(minutesAgo: number): Date;
  now: Date;
  /** Deterministic pseudo-random numbers, so two seeds of the same size look alike. */
  random(): number;
  /** 'full' for the demo operator, 'small' for the isolation operator. */
  size: 'full' | 'small';
  created: SeedCreated;
  /** Writes an event as the API would announce this change (rendered like its show endpoint), at `at`. */
  emit<T extends EmittedEventType>(type: T, entity: EventPayloads[T], at: Date): Promise<void>;
}

/** Ids created so far, by kind, for later parts to reference. */
export interface SeedCreated {
  sites: Array<{ id: string; slug: string }>;
  unitTypes: Array<{ id: string; siteId: string }>;
  coupons: string[];
  productCategories: string[];
  products: string[];
  protectionLevels: string[];
  staff: string[];
  contractTemplates: string[];
  /** Units with their seeded status, for parts that allocate them to tenancies. */
  units?: Array<{ id: string; siteId: string; unitTypeId: string; status: UnitStatus }>;
  /** Contact ids in creation order (oldest first). */
  contacts?: string[];
  /** Deal stage ids by position, lowest first. */
  dealStages?: string[];
  /** Global first, then the operator's own. */
  timelineSources?: string[];
  timelineTemplates?: string[];
  [other: string]: unknown;
}

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

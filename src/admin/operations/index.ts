import type { AdminOperation } from '../admin-operation.ts';
import { createApp, createToken, listApps, rotateAppSecret } from './credentials.ts';
import { listEvents, resendEvent } from './events.ts';
import { payOrder } from './orders.ts';
import { CATALOGUE_OPERATIONS } from './catalogue.ts';
import { configureAddon, createAddonDefinition, installAddon, listAddons, setAddonState } from './addons.ts';
import { listTriggers, trigger } from './sandbox.ts';
import { reset } from './reset.ts';
import { listSnapshots, restoreSnapshot, saveSnapshot } from './snapshots.ts';
import { createStaff, setup } from './setup.ts';
import { applyFixturesOperation } from './fixtures.ts';
import { clearFaults, listFaults, setFault } from './faults.ts';

/** Every data command of the CLI, by the name its admin API route (`POST /_admin/<name>`) carries. */
export const ADMIN_OPERATIONS: Record<string, AdminOperation> = {
  'tokens.create': createToken,
  'apps.create': createApp,
  'apps.list': listApps,
  'apps.rotate-secret': rotateAppSecret,
  'events.list': listEvents,
  'events.resend': resendEvent,
  'orders.pay': payOrder,
  ...CATALOGUE_OPERATIONS,
  'addons.create': createAddonDefinition,
  'addons.install': installAddon,
  'addons.configure': configureAddon,
  'addons.state': setAddonState,
  'addons.list': listAddons,
  trigger,
  'trigger.list': listTriggers,
  reset,
  'snapshot.save': saveSnapshot,
  'snapshot.restore': restoreSnapshot,
  'snapshot.list': listSnapshots,
  setup,
  'staff.create': createStaff,
  'fixtures.apply': applyFixturesOperation,
  'faults.set': setFault,
  'faults.list': listFaults,
  'faults.clear': clearFaults,
};

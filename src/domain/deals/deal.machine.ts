import { conflict } from '../../kernel/errors.ts';
import type { Deal, LostReason } from './deal.ts';

// Pure transitions of a deal: (deal, command, now) → next. No I/O, no clock reads.

function mustBeOpen(deal: Deal, action: string): void {
  if (deal.status !== 'open')
    throw conflict(`Deal '${deal.id}' is already ${deal.status} and cannot be ${action}; reopen it first.`);
}

export function win(deal: Deal, now: Date): Deal {
  mustBeOpen(deal, 'won');
  return { ...deal, status: 'won', lostReason: null, updatedAt: now };
}

export function lose(deal: Deal, reason: LostReason, now: Date): Deal {
  mustBeOpen(deal, 'lost');
  return { ...deal, status: 'lost', lostReason: reason, updatedAt: now };
}

/** Back on the board: at `stageId` when given, else the stage it was in when it was won or lost. */
export function reopen(deal: Deal, cmd: { stageId?: string; assigneeId?: string }, now: Date): Deal {
  if (deal.status === 'open') throw conflict(`Deal '${deal.id}' is open; only a won or lost deal can be reopened.`);
  return {
    ...deal,
    status: 'open',
    lostReason: null,
    stageId: cmd.stageId ?? deal.stageId,
    assigneeId: cmd.assigneeId ?? deal.assigneeId,
    updatedAt: now,
  };
}

/** Moving a closed deal between stages would leave the board inconsistent: reopen it instead. */
export function moveStage(deal: Deal, stageId: string): Deal {
  if (stageId === deal.stageId) return deal;
  if (deal.status !== 'open')
    throw conflict(`Deal '${deal.id}' is ${deal.status}; reopen it to move it to another stage.`);
  return { ...deal, stageId };
}

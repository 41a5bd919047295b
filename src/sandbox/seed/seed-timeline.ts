import { newId } from '../../kernel/ids.ts';
import { insertTimelineSource, insertTimelineTemplate } from '../../storage/repos/timeline-catalogue.repo.ts';
import type { SeedContext } from './seed-context.ts';

/** Platform-wide rows: fixed ids (the reference's), written once whichever operator seeds first. */
export const GLOBAL_TIMELINE_SOURCE_ID = 'tsrc_24c519f1096013f2';
export const GLOBAL_TIMELINE_TEMPLATE_ID = 'aetpl_14b419f1096013f1';

export async function seedTimeline(s: SeedContext): Promise<void> {
  const at = s.at(60 * 24 * 380);
  const later = s.at(60 * 24 * 370);
  await insertTimelineSource(s.tx, {
    id: GLOBAL_TIMELINE_SOURCE_ID,
    operatorId: null,
    name: 'Messaging App',
    websiteUrl: 'https://messagingapp.com',
    createdAt: at,
    updatedAt: at,
  });
  await insertTimelineTemplate(s.tx, {
    id: GLOBAL_TIMELINE_TEMPLATE_ID,
    operatorId: null,
    name: 'Sent Campaign',
    message: "sent campaign '{{ campaign_name }}'{% if global_context %} for {{ contact }}{% endif %}.",
    variables: { custom: ['campaign_name'], predefined: ['contact'] },
    createdAt: at,
    updatedAt: at,
  });
  const sourceId = newId('timelineSource');
  await insertTimelineSource(s.tx, {
    id: sourceId,
    operatorId: s.operator.id,
    name: 'My CRM',
    websiteUrl: 'https://my-crm.example.com',
    createdAt: later,
    updatedAt: later,
  });
  const templates = [
    {
      name: 'Email Opened',
      message:
        "recorded {% if global_context %} {{ contact }} opened{% else %} opening of{% endif %} '{{ campaign_name }}'.",
      variables: { custom: ['campaign_name'], predefined: ['contact'] },
    },
    {
      name: 'Deal Stage Changed',
      message:
        "moved deal '{{ deal_name }}' from {{ previous_state }} to {{ new_state }}{% if global_context %} for {{ contact }}{% endif %}.",
      variables: { custom: ['deal_name', 'previous_state', 'new_state'], predefined: ['contact'] },
    },
  ];
  const templateIds: string[] = [];
  for (const [i, t] of templates.entries()) {
    const id = newId('timelineTemplate');
    const when = s.at(60 * 24 * 360 - i * 60);
    await insertTimelineTemplate(s.tx, { id, operatorId: s.operator.id, ...t, createdAt: when, updatedAt: when });
    templateIds.push(id);
  }
  s.created.timelineSources = [GLOBAL_TIMELINE_SOURCE_ID, sourceId];
  s.created.timelineTemplates = [GLOBAL_TIMELINE_TEMPLATE_ID, ...templateIds];
}

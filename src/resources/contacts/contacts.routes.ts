import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import {
  CONTACT_SOURCES,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  MARKETING_SOURCES,
  UNSPECIFIED,
  USE_CASES,
} from '../../domain/contacts/contact.ts';
import type { ContactCreateInput } from '../../domain/contacts/contacts.service.ts';
import type { ResourceModule } from '../module.ts';
import {
  ContactDeletedEnvelope,
  ContactEnvelope,
  ContactParams,
  ContactsEnvelope,
  ContactsQuery,
  CreateContactBody,
  UpdateContactBody,
  contactInputOf,
} from './contacts.schemas.ts';
import { serializeContact } from './contacts.serialize.ts';

const one = { kind: 'one', key: 'contact', type: 'contact' } as const;
const tag = 'Contacts';
const orNull = (values: readonly string[]) => [...values, UNSPECIFIED];

const listContacts = defineRoute({
  method: 'GET',
  path: '/contacts',
  scope: 'public.contact:read',
  operationId: 'listContacts',
  summary: 'List all Contacts',
  tag,
  query: ContactsQuery,
  response: ContactsEnvelope,
  envelope: { kind: 'list', key: 'contacts', type: 'contact' },
  handler: async (ctx, { query }) => {
    const filter = {
      emails: multi(query, 'email'),
      search: text(query, 'search'),
      types: multi(query, 'type', orNull(CONTACT_TYPES)),
      sources: multi(query, 'source', orNull(CONTACT_SOURCES)),
      marketingSources: multi(query, 'marketing_source', orNull(MARKETING_SOURCES)),
      useCases: multi(query, 'use_case', orNull(USE_CASES)),
      statuses: multi(query, 'status', CONTACT_STATUSES),
    };
    const { items, total } = await ctx.services.contacts.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((c) => serializeContact(ctx, c)), total };
  },
});

const showContact = defineRoute({
  method: 'GET',
  path: '/contacts/:contact_id',
  scope: 'public.contact:read',
  operationId: 'showContact',
  summary: 'Show a Contact',
  tag,
  params: ContactParams,
  query: ShowQuery,
  response: ContactEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeContact(ctx, await ctx.services.contacts.get(ctx, params.contact_id)),
});

/** 201: a new resource (docs/decisions/http-status.md). */
const createContact = defineRoute({
  method: 'POST',
  path: '/contacts',
  scope: 'public.contact:write',
  operationId: 'createContact',
  summary: 'Create a Contact',
  tag,
  query: ShowQuery,
  body: CreateContactBody,
  response: ContactEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeContact(ctx, await ctx.services.contacts.create(ctx, contactInputOf(body) as ContactCreateInput)),
});

const updateContact = defineRoute({
  method: 'PATCH',
  path: '/contacts/:contact_id',
  scope: 'public.contact:write',
  operationId: 'updateContact',
  summary: 'Update a Contact',
  tag,
  params: ContactParams,
  query: ShowQuery,
  body: UpdateContactBody,
  response: ContactEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeContact(ctx, await ctx.services.contacts.update(ctx, params.contact_id, contactInputOf(body))),
});

const deleteContact = defineRoute({
  method: 'DELETE',
  path: '/contacts/:contact_id',
  scope: 'public.contact:write',
  operationId: 'deleteContact',
  summary: 'Delete a Contact',
  tag,
  params: ContactParams,
  response: ContactDeletedEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.contacts.remove(ctx, params.contact_id);
    return { message: 'Contact deleted successfully.' };
  },
});

export const contactsModule: ResourceModule = {
  routes: [listContacts, showContact, createContact, updateContact, deleteContact],
  types: [
    {
      name: 'contact',
      scope: 'public.contact:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.contacts.findMany(ctx, ids), (c) => serializeContact(ctx, c)),
    },
  ],
  renderers: { contact: serializeContact },
};

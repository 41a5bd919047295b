import { Type } from '@sinclair/typebox';
import {
  IDENTITY_ERROR_CODES,
  IDENTITY_OUTCOMES,
  IDENTITY_VERIFICATION_STATUSES,
} from '../../domain/identity/identity-verification.ts';
import { Nullable, Ref, StringEnum, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';

export const IdentityVerificationSchema = Type.Object({
  id: Type.String({ examples: ['idver_a1b2c3d4e5f67890'] }),
  contact: Ref('con'),
  created_at: Timestamp,
  error_code: Nullable(StringEnum(IDENTITY_ERROR_CODES, { description: 'Why the check failed; null unless failed' })),
  status: StringEnum(IDENTITY_VERIFICATION_STATUSES),
  updated_at: Timestamp,
});

export const IdentityVerificationsQuery = listQuery({
  sort: ['created_at', 'updated_at'],
  expand: true,
  timeRange: 'created_updated',
  filters: {
    contact_id: idsFilter('Contact'),
    status: filterEnum(IDENTITY_VERIFICATION_STATUSES, 'Filter by status'),
  },
});

export const DecideIdentityVerificationBody = Type.Object(
  {
    outcome: StringEnum(IDENTITY_OUTCOMES, { description: 'What the identity provider decides' }),
    error_code: Type.Optional(
      StringEnum(IDENTITY_ERROR_CODES, { description: 'For `failed` only; defaults to `document_expired`' }),
    ),
  },
  { additionalProperties: false },
);

export const IdentityVerificationParams = Type.Object({
  identity_verification_id: Type.String({ description: 'The ID of the identity verification' }),
});
export const ContactIdParams = Type.Object({
  contact_id: Type.String({ description: 'The ID of the contact whose identity is checked' }),
});
export const IdentityVerificationEnvelope = oneEnvelope('identity_verification', IdentityVerificationSchema);
export const IdentityVerificationsEnvelope = listEnvelope('identity_verifications', IdentityVerificationSchema);

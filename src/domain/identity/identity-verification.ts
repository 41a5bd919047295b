import { conflict } from '../../kernel/errors.ts';

export const IDENTITY_VERIFICATION_STATUSES = ['processing', 'succeeded', 'failed', 'cancelled'] as const;
export type IdentityVerificationStatus = (typeof IDENTITY_VERIFICATION_STATUSES)[number];
/** The outcomes the sandbox control can decide. */
export const IDENTITY_OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;
export type IdentityOutcome = (typeof IDENTITY_OUTCOMES)[number];
/** Why a check failed (the reference shows `document_expired`; the rest follow Stripe Identity's codes). */
export const IDENTITY_ERROR_CODES = [
  'consent_declined',
  'document_expired',
  'document_type_not_supported',
  'document_unverified_other',
  'selfie_document_missing_photo',
  'selfie_face_mismatch',
  'selfie_unverified_other',
] as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

/** One identity check of a contact: `processing` until the provider (the sandbox control) decides. */
export interface IdentityVerification {
  id: string;
  operatorId: string;
  contactId: string;
  status: IdentityVerificationStatus;
  errorCode: IdentityErrorCode | null;
  createdAt: Date;
  updatedAt: Date;
}

/** processing → succeeded | failed (with an error code, default `document_expired`) | cancelled. Pure. */
export function decide(
  v: IdentityVerification,
  outcome: IdentityOutcome,
  errorCode: IdentityErrorCode | undefined,
  now: Date,
): IdentityVerification {
  if (v.status !== 'processing') throw conflict(`Identity verification '${v.id}' is already ${v.status}.`);
  return {
    ...v,
    status: outcome,
    errorCode: outcome === 'failed' ? (errorCode ?? 'document_expired') : null,
    updatedAt: now,
  };
}

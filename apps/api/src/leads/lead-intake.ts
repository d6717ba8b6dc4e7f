import { randomUUID } from 'node:crypto';
import type { Client } from '../clients';
import type { Industry } from '../catalog';
import {
  duplicateKeysOf,
  validateLead,
  type DuplicateKeys,
  type FieldName,
  type FieldProblem,
  type LeadContact,
  type LeadValues,
} from './lead-fields';

/**
 * A lead as both intake paths (LeadByte's buyer URL, a supplier's campaign) take it in: validated
 * and normalised against the industry's lead fields, fingerprinted for duplicates, with a new id.
 * `problems` is empty exactly when the lead can be offered (a missing postcode is a problem too).
 */
export interface LeadIntake {
  id: string;
  values: LeadValues;
  contact: LeadContact;
  postcode: string | null;
  keys: DuplicateKeys;
  problems: FieldProblem[];
}

export function takeIn(industry: Pick<Industry, 'id' | 'leadColumns'>, input: Record<string, unknown>, name?: FieldName): LeadIntake {
  const { values, contact, postcode, problems } = validateLead(industry.leadColumns, input, name);
  return {
    id: randomUUID(),
    values,
    contact,
    postcode,
    keys: duplicateKeysOf(industry.id, industry.leadColumns, values, contact),
    problems: problems.length > 0 || postcode ? problems : [{ field: 'postcode', message: 'postcode is required' }],
  };
}

/** A buyer can be offered leads once it has finished signing up, is active and has lead preferences. */
export function isOnboarded(client: Pick<Client, 'onboardingStep' | 'status'>, prefs: object | null): boolean {
  return client.onboardingStep === 'complete' && client.status === 'active' && prefs !== null;
}

/**
 * Why a buyer cannot be offered leads at all, or null: suspended for an unpaid subscription (it
 * signed up, and can sign in and pay), or not signed up yet.
 */
export function buyerBlock(client: Pick<Client, 'onboardingStep' | 'status'>, prefs: object | null): 'suspended' | 'not_onboarded' | null {
  if (client.status === 'suspended' && client.onboardingStep === 'complete') return 'suspended';
  return isOnboarded(client, prefs) ? null : 'not_onboarded';
}

import type { LeadErased } from '../leads';

/**
 * What an erased lead's events keep. The lead events carry the person in `fields`, `contact` and the
 * full `postcode` (`lead.details_submitted`, `lead.send_data`) and in a report's `note`
 * (`lead.reported`); each takes what erasure left on the lead, the note goes. Answers null when the
 * payload holds none of them.
 */
export function erasedLeadPayload(payload: Record<string, unknown>, lead: LeadErased['lead']): Record<string, unknown> | null {
  const out = { ...payload };
  let changed = false;
  if ('fields' in out) {
    out.fields = lead.fields;
    changed = true;
  }
  if ('contact' in out) {
    out.contact = lead.contact;
    changed = true;
  }
  if (typeof out.postcode === 'string' && out.postcode !== lead.postcode) {
    out.postcode = lead.postcode;
    changed = true;
  }
  if (typeof out.note === 'string') {
    out.note = null;
    changed = true;
  }
  return changed ? out : null;
}

/** An `activity.recorded` payload whose entry's note was erased (the log entry's own `after` says so). */
export function erasedActivityPayload(payload: Record<string, unknown>): Record<string, unknown> | null {
  const after = payload.after;
  if (!after || typeof after !== 'object' || Array.isArray(after)) return null;
  if (typeof (after as Record<string, unknown>).note !== 'string') return null;
  return { ...payload, after: { ...(after as Record<string, unknown>), note: null } };
}

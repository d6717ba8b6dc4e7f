/** The words of each text. Short: one GSM-7 segment where it can be (160 characters). */

export function verificationText(code: string): string {
  return `Your LeadFlow verification code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this text.`;
}

/** What is stored of a verification text: never the code itself. */
export const VERIFICATION_TEXT_STORED = verificationText('••••••');

export function newLeadText(lead: { name: string; postcode: string; industry: string; url: string }): string {
  const who = [lead.name, lead.postcode].filter(Boolean).join(', ');
  return `New ${lead.industry} lead: ${who || 'details in LeadFlow'}. ${lead.url} Reply STOP to stop texts.`;
}

/** What is kept of a new-lead text once the lead's personal data is erased (it named the person). */
export const ERASED_LEAD_TEXT = 'A new-lead text; the lead’s details were erased.';

export function lowBalanceText(balance: string, zero: boolean, billingUrl: string): string {
  return zero
    ? `LeadFlow: you are out of credit (${balance}), so no leads are being delivered. Top up: ${billingUrl}`
    : `LeadFlow: your credit is low (${balance}). Top up to keep leads coming: ${billingUrl}`;
}

export function paymentFailedText(amount: string | null, reason: string, billingUrl: string): string {
  return `LeadFlow: an automatic top-up${amount ? ` of ${amount}` : ''} failed (${reason}). Check your card: ${billingUrl}`;
}

export function summaryText(count: number, appUrl: string): string {
  return `LeadFlow: ${count} more new lead${count === 1 ? '' : 's'} in the last minute. See them all: ${appUrl}/leads`;
}

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** Twilio's default keywords, matched against the whole trimmed body, any case. */
const KEYWORDS: Record<OptOutType, readonly string[]> = {
  STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  START: ['START', 'YES', 'UNSTOP'],
  HELP: ['HELP', 'INFO'],
};

/** What Twilio texts back on its own when a keyword arrives. */
export const AUTO_REPLIES: Record<OptOutType, string> = {
  STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  START:
    'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};

/** The keyword a reply is, as Twilio reports it in `OptOutType`, or null for an ordinary text. */
export function keywordOf(body: string): OptOutType | null {
  const word = body.trim().toUpperCase();
  for (const type of ['STOP', 'START', 'HELP'] as const) if (KEYWORDS[type].includes(word)) return type;
  return null;
}

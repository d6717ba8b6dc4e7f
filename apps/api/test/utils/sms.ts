import twilio from 'twilio';
import { bearer } from './actors';
import type { TestApp } from './test-app';
import { until } from './until';

export interface SandboxText {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  numSegments: string;
  errorCode: number | null;
}

/** The texts the sandbox's Twilio took for a number, newest first. */
export async function textsTo(t: TestApp, phone: string): Promise<SandboxText[]> {
  const res = await fetch(`${t.sandbox.url}/_sandbox/twilio/messages?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { messages: SandboxText[] }).messages;
}

/** Waits for the verification code texted to a number and returns it. */
export async function codeTextedTo(t: TestApp, phone: string, after = 0): Promise<string> {
  const texts = await until(
    `a verification code for ${phone}`,
    () => textsTo(t, phone),
    (all) => all.filter((m) => /verification code is \d{6}/.test(m.body)).length > after,
  );
  return /verification code is (\d{6})/.exec(texts.find((m) => /verification code is \d{6}/.test(m.body))!.body)![1];
}

/** Adds a mobile number for the signed-in person and verifies it with the texted code. */
export async function verifiedNumber(t: TestApp, token: string, phone: string): Promise<{ id: string; phone: string }> {
  const added = await t.http().post('/api/sms/numbers').set(bearer(token)).send({ phone }).expect(201);
  const code = await codeTextedTo(t, added.body.phone as string);
  await t.http().post(`/api/sms/numbers/${added.body.id}/verify`).set(bearer(token)).send({ code }).expect(200);
  return { id: added.body.id as string, phone: added.body.phone as string };
}

/** Posts a form to one of our Twilio webhooks signed the way Twilio signs it (or with `signature` as given). */
export async function postTwilioForm(
  t: TestApp,
  path: '/api/sms/twilio/status' | '/api/sms/twilio/inbound',
  params: Record<string, string>,
  signature?: string,
  /** Sign these params instead of the ones sent (a tampered form). */
  signedParams?: Record<string, string>,
): Promise<Response> {
  const url = `${t.url}${path}`;
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signature ?? twilio.getExpectedTwilioSignature(t.sandbox.twilio.authToken, url, signedParams ?? params),
    },
    body: new URLSearchParams(params),
  });
}

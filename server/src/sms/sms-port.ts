import type { AppConfig } from '../config/app-config';

/** One message as the provider needs it. */
export interface OutgoingSms {
  id: string;
  /** Mainland mobile number, 11 digits. */
  phone: string;
  text: string;
  kind: 'MARKETING' | 'NOTICE';
}

/** What the provider said about one message of a send. */
export interface SendResult {
  id: string;
  ok: boolean;
  /** The provider's serial number (receipts refer to it). */
  ref: string | null;
  /** Why it was refused (provider code and message), when not ok. */
  error: string | null;
  /** The provider confirmed delivery already (the simulator); otherwise a receipt will say. */
  delivered: boolean;
}

export interface Receipt {
  ref: string;
  delivered: boolean;
  error: string | null;
}

export interface Reply {
  phone: string;
  text: string;
}

/** The SMS port: campaigns, automations and notices write the outbox; the dispatcher talks to this. */
export interface SmsPort {
  readonly name: 'tencent' | 'simulator';
  /** Sends a batch; never throws for a refused number (that is a result), throws when the call failed. */
  send(batch: OutgoingSms[]): Promise<SendResult[]>;
  /** Delivery receipts not fetched before. */
  receipts(): Promise<Receipt[]>;
  /** Replies from members not fetched before (e.g. "R" to opt out). */
  replies(): Promise<Reply[]>;
}

export const SMS_PORT = Symbol('SMS_PORT');

/** Which provider this configuration sends through (the simulator only ever in simulator mode). */
export function smsProvider(config: Pick<AppConfig, 'sms' | 'simulators'>): 'tencent' | 'simulator' | null {
  if (config.sms?.provider === 'tencent') return 'tencent';
  if (config.sms?.provider === 'simulator' && config.simulators) return 'simulator';
  return null;
}

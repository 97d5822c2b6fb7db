import type { OutgoingSms, Receipt, Reply, SendResult, SmsPort } from './sms-port';

/**
 * The demo's labelled SMS simulator (simulator mode only): every message is "delivered" at once
 * with a SIM- reference, nothing leaves the machine, and nobody replies.
 */
export class SimulatorSmsPort implements SmsPort {
  readonly name = 'simulator' as const;

  send(batch: OutgoingSms[]): Promise<SendResult[]> {
    return Promise.resolve(
      batch.map((m) => ({
        id: m.id,
        ok: true,
        ref: `SIM-${m.id.slice(0, 8)}`,
        error: null,
        delivered: true,
      })),
    );
  }

  receipts(): Promise<Receipt[]> {
    return Promise.resolve([]);
  }

  replies(): Promise<Reply[]> {
    return Promise.resolve([]);
  }
}

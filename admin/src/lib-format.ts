import { formatYuan, JOIN_CHANNEL_LABELS as SHARED_JOIN_CHANNEL_LABELS } from '@tableside/shared';
import dayjs from 'dayjs';

export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : formatYuan(fen);
export const dateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
export const date = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** One home for the labels (shared): the export, the list and the filter say the same thing. */
export const JOIN_CHANNEL_LABELS: Record<string, string> = SHARED_JOIN_CHANNEL_LABELS;

export const COUPON_STATUS_LABELS: Record<string, { text: string; color: string }> = {
  AVAILABLE: { text: '可使用', color: 'green' },
  USED: { text: '已使用', color: 'blue' },
  EXPIRED: { text: '已过期', color: 'default' },
  REVOKED: { text: '已作废', color: 'red' },
  LOCKED: { text: '使用中', color: 'orange' },
};

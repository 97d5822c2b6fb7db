import { formatYuan } from '@tableside/shared';
import dayjs from 'dayjs';

export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : formatYuan(fen);
export const dateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
export const date = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

export const JOIN_CHANNEL_LABELS: Record<string, string> = {
  TABLE_QR: '桌码入会',
  MINIAPP: '小程序',
  CASHIER: '收银台',
  STAFF: '门店录入',
  IMPORT: '数据导入',
  CAMPAIGN: '活动',
};

export const COUPON_STATUS_LABELS: Record<string, { text: string; color: string }> = {
  AVAILABLE: { text: '可使用', color: 'green' },
  USED: { text: '已使用', color: 'blue' },
  EXPIRED: { text: '已过期', color: 'default' },
  REVOKED: { text: '已作废', color: 'red' },
  LOCKED: { text: '使用中', color: 'orange' },
};

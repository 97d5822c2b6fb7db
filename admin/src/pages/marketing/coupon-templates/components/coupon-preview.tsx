import { Typography } from 'antd';
import type { CouponRule } from '@tableside/shared';
import { formatYuan } from '@tableside/shared';

/** The coupon as the diner sees it in the mini-program's wallet. */
export function CouponPreview({
  name,
  rule,
  summary,
  stores,
  validity,
}: {
  name: string;
  rule: CouponRule;
  summary: string;
  stores: string[];
  validity: string;
}) {
  const face =
    rule.type === 'DISCOUNT' && rule.percentOff
      ? { value: String((100 - rule.percentOff) / 10), unit: '折' }
      : rule.type === 'ITEM'
        ? { value: '兑', unit: rule.itemName ?? '' }
        : {
            value: rule.valueFen ? formatYuan(rule.valueFen).replace('¥', '').replace(/\.00$/, '') : '—',
            unit: '元',
          };
  return (
    <div
      data-testid="coupon-preview"
      style={{
        display: 'flex',
        borderRadius: 12,
        overflow: 'hidden',
        border: '1px solid #f0e0d8',
        marginTop: 8,
        background: '#fff',
      }}
    >
      <div
        style={{
          width: 110,
          background: '#fbeee9',
          color: '#c8502d',
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          justifyContent: 'center',
          padding: 12,
        }}
      >
        <span style={{ fontSize: 30, fontWeight: 700 }}>{face.value}</span>
        <span style={{ fontSize: 12 }}>{face.unit}</span>
        <span style={{ fontSize: 12, marginTop: 4 }}>
          {rule.thresholdFen
            ? `满${formatYuan(rule.thresholdFen).replace('¥', '').replace(/\.00$/, '')}可用`
            : '无门槛'}
        </span>
      </div>
      <div style={{ padding: 12, flex: 1 }}>
        <Typography.Text strong>{name}</Typography.Text>
        <div>
          <Typography.Text type="secondary">{summary}</Typography.Text>
        </div>
        <div>
          <Typography.Text type="secondary">
            {stores.length ? `限 ${stores.join('、')} 使用` : '全部门店可用'}
          </Typography.Text>
        </div>
        {validity && (
          <div>
            <Typography.Text type="secondary">{validity}</Typography.Text>
          </div>
        )}
      </div>
    </div>
  );
}

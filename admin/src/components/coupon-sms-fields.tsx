import { Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTemplates } from '../api/reference-data';

const SEND_OR_NOT = (yes: string) => [
  { value: true, label: yes },
  { value: false, label: '不发' },
];

/**
 * The two actions a campaign and an automation share: coupons from a template that allows the
 * marketing channel, and an SMS (fields withCoupon / templateId / couponCount / withSms / smsText).
 */
export function CouponSmsFields({
  withCoupon,
  withSms,
  countLabel,
  smsVariables,
}: {
  withCoupon: boolean | undefined;
  withSms: boolean | undefined;
  /** 每人张数 (campaign) / 每次张数 (automation). */
  countLabel: string;
  /** The variables the message may use, in words. */
  smsVariables: string;
}) {
  const templates = useTemplates();
  return (
    <>
      <Space align="start" wrap>
        <Form.Item name="withCoupon" label="发券">
          <Radio.Group options={SEND_OR_NOT('发')} />
        </Form.Item>
        {withCoupon && (
          <>
            <Form.Item name="templateId" label="券模板" rules={[{ required: true, message: '请选择券' }]}>
              <Select
                style={{ width: 260 }}
                placeholder="选择可用于营销的券"
                options={(templates.data ?? [])
                  .filter((t) => t.status === 'PUBLISHED' && (!t.channels || t.channels.includes('CAMPAIGN')))
                  .map((t) => ({ value: t.id, label: t.name }))}
              />
            </Form.Item>
            <Form.Item
              name="couponCount"
              label={countLabel}
              rules={[{ required: true, type: 'integer', min: 1, max: 5, message: '1–5 张' }]}
            >
              <InputNumber />
            </Form.Item>
          </>
        )}
      </Space>
      <Form.Item name="withSms" label="发短信">
        <Radio.Group options={SEND_OR_NOT('发（只发给同意营销短信的会员）')} />
      </Form.Item>
      {withSms && (
        <Form.Item
          name="smsText"
          label="短信内容"
          extra={`可用 ${smsVariables}；末尾自动加「拒收请回复R」；21:00–9:00 不发送，排到 9 点`}
          rules={[{ required: true, max: 300, message: '1–300 个字' }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      )}
    </>
  );
}

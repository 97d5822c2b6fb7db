import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { yuan } from '../../../lib-format';

type Payment = Schemas['AdminPaymentDto'];

export const KIND_LABELS: Record<string, string> = { TOPUP: '储值充值', BILL: '桌边买单', PACK: '券包' };
export const STATUS_TAGS: Record<string, { color: string; text: string }> = {
  PENDING: { color: 'processing', text: '待支付' },
  PAID: { color: 'green', text: '已支付' },
  CLOSED: { color: 'default', text: '已关闭' },
  REFUNDED: { color: 'orange', text: '已退款' },
};
const REFUND_STATUS: Record<string, string> = {
  PROCESSING: '退款处理中',
  SUCCESS: '已退到账',
  FAILED: '退款失败',
  CLOSED: '退款关闭',
};

/** What a refund of this payment gives back, said before anyone confirms it. */
export function refundNotice(p: Pick<Payment, 'kind' | 'amountFen'>): string {
  if (p.kind === 'TOPUP')
    return (
      '退还这笔充值中尚未消费的本金（最多 ' + yuan(p.amountFen) + '），赠送金额按比例收回；已消费的部分不退。'
    );
  if (p.kind === 'BILL')
    return `撤销这笔消费：用掉的券退回会员券包，获得的积分扣回，${yuan(p.amountFen)} 原路退回微信。`;
  return `券包里的券全部作废（已有券被使用则不能退），${yuan(p.amountFen)} 原路退回微信。`;
}

/** 微信支付订单: every payment started in the mini-program, its verdict, and refunds. */
export function PaymentListPage() {
  useDocumentTitle('微信支付订单');
  const staff = useStaff();
  const stores = useStores();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<{ kind?: string; status?: string; storeId?: string; page: number }>({
    page: 1,
  });
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const list = useQuery({
    queryKey: ['payments', filter],
    queryFn: () =>
      ok(
        api.GET('/api/admin/payments', {
          params: {
            query: {
              ...(filter.kind ? { kind: filter.kind as 'TOPUP' } : {}),
              ...(filter.status ? { status: filter.status as 'PAID' } : {}),
              ...(filter.storeId ? { storeId: filter.storeId } : {}),
              page: filter.page,
            },
          },
        }),
      ),
  });
  const refund = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      ok(api.POST('/api/admin/payments/{id}/refund', { params: { path: { id } }, body: { reason } })),
    onSuccess: (p) => {
      setRefunding(null);
      void qc.invalidateQueries({ queryKey: ['payments'] });
      void message.success(`已退款 ${yuan(p.refundedFen)}，微信支付处理后原路到账`);
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const retry = useMutation({
    mutationFn: (id: string) =>
      ok(api.POST('/api/admin/payment-refunds/{id}/retry', { params: { path: { id } } })),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['payments'] });
      void message.info(r.status === 'FAILED' ? `仍未成功：${r.error ?? ''}` : '已重新提交退款');
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const canRefund = (p: Payment) => p.status === 'PAID' && (staff.role === 'HQ_ADMIN' || p.kind === 'BILL');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        微信支付订单
      </Typography.Title>
      <Card>
        <Space wrap size={16} align="end">
          <Select
            allowClear
            placeholder="全部类型"
            aria-label="类型"
            style={{ width: 140 }}
            value={filter.kind}
            onChange={(kind) => setFilter((f) => ({ ...f, kind, page: 1 }))}
            options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="状态"
            style={{ width: 140 }}
            value={filter.status}
            onChange={(status) => setFilter((f) => ({ ...f, status, page: 1 }))}
            options={Object.entries(STATUS_TAGS).map(([value, t]) => ({ value, label: t.text }))}
          />
          <Select
            allowClear
            placeholder={staff.role === 'HQ_ADMIN' ? '全部门店' : '我的门店'}
            aria-label="门店"
            style={{ width: 180 }}
            value={filter.storeId}
            onChange={(storeId) => setFilter((f) => ({ ...f, storeId, page: 1 }))}
            options={(stores.data ?? [])
              .filter((s) => staff.role === 'HQ_ADMIN' || staff.storeIds.includes(s.id))
              .map((s) => ({ value: s.id, label: s.name }))}
          />
          <Statistic title="筛选范围内已收款（未退款）" value={yuan(list.data?.paidFen ?? 0)} />
        </Space>
      </Card>
      <Table<Payment>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '还没有微信支付订单' }}
        pagination={{
          current: filter.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (page) => setFilter((f) => ({ ...f, page })),
        }}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: '下单时间',
            render: (_, p) => new Date(p.createdAt).toLocaleString('zh-CN', { hour12: false }),
          },
          { title: '类型', render: (_, p) => KIND_LABELS[p.kind] },
          { title: '内容', dataIndex: 'description', ellipsis: true },
          { title: '会员', render: (_, p) => p.memberPhone ?? '—' },
          { title: '门店', render: (_, p) => p.storeName ?? '总部' },
          { title: '金额', align: 'right', render: (_, p) => yuan(p.amountFen) },
          {
            title: '状态',
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <span>
                  <Tag color={STATUS_TAGS[p.status].color}>{STATUS_TAGS[p.status].text}</Tag>
                  {p.simulator ? <Tag>模拟器</Tag> : null}
                </span>
                {p.failure ? <Typography.Text type="warning">{p.failure}</Typography.Text> : null}
                {p.refunds.map((r) => (
                  <Typography.Text key={r.id} type={r.status === 'FAILED' ? 'danger' : 'secondary'}>
                    {`${REFUND_STATUS[r.status]} ${yuan(r.amountFen)}${r.error ? `：${r.error}` : ''}`}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          { title: '微信支付单号', render: (_, p) => p.transactionId ?? '—', ellipsis: true },
          {
            title: '操作',
            fixed: 'right',
            render: (_, p) => (
              <Space>
                {canRefund(p) && (
                  <Button
                    type="link"
                    danger
                    onClick={() => {
                      form.resetFields();
                      setRefunding(p);
                    }}
                  >
                    退款
                  </Button>
                )}
                {p.refunds
                  .filter((r) => r.status === 'FAILED' || (r.status === 'PROCESSING' && r.error))
                  .map((r) => (
                    <Button
                      key={r.id}
                      type="link"
                      loading={retry.isPending}
                      onClick={() => retry.mutate(r.id)}
                    >
                      重试退款
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={refunding !== null}
        title={refunding ? `退款：${refunding.description}` : ''}
        okText="确认退款"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={refund.isPending}
        onCancel={() => setRefunding(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {refunding && <Typography.Paragraph>{refundNotice(refunding)}</Typography.Paragraph>}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => refunding && refund.mutate({ id: refunding.id, reason: v.reason.trim() })}
        >
          <Form.Item
            name="reason"
            label="退款原因（会员可见）"
            rules={[
              { required: true, whitespace: true, message: '请填写退款原因' },
              { min: 2, max: 80, message: '原因 2–80 字' },
            ]}
          >
            <Input placeholder="如：菜品问题，整单退款" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

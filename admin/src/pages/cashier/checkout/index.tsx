import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { InputRef } from 'antd';
import { AppstoreOutlined, LogoutOutlined, ScanOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth, useStaff } from '../../../auth/auth-context';
import { pagesFor } from '../../../auth/permissions';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { STAFF_ROLE_LABELS } from '@tableside/shared';
import { dateTime, yuan } from '../../../lib-format';
import { AmountKeypad } from './components/amount-keypad';

type Preview = Schemas['PreviewResponseDto'];
type Receipt = Schemas['CommitResponseDto'] & { amountFen: number; couponNames: string[] };

/** What a scanned string is: the rotating member code (8 + 15 digits) or a coupon code (6 + 19 digits). */
export function classifyCode(raw: string): { kind: 'member' | 'coupon'; code: string } | null {
  const code = raw.replace(/[\s-]/g, '');
  if (/^8\d{15}$/.test(code)) return { kind: 'member', code };
  if (/^6\d{19}$/.test(code)) return { kind: 'coupon', code };
  return null;
}

const newRequestId = () => `cashier-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Full-screen, tablet-first cashier: scan member or coupon codes, key in the bill, commit, void. */
export function CashierPage() {
  useDocumentTitle('收银台');
  const staff = useStaff();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const qc = useQueryClient();
  const stores = useStores();
  const scanInput = useRef<InputRef>(null);
  const requestId = useRef(newRequestId());

  const myStores = (stores.data ?? []).filter(
    (s) => staff.storeIds.length === 0 || staff.storeIds.includes(s.id),
  );
  const [storeId, setStoreId] = useState<string>();
  useEffect(() => {
    if (!storeId && myStores.length) setStoreId(myStores[0].id);
  }, [myStores, storeId]);

  const [scan, setScan] = useState('');
  const [memberCode, setMemberCode] = useState<string>();
  const [couponCodes, setCouponCodes] = useState<string[]>([]);
  const [amountFen, setAmountFen] = useState(0);
  const [selected, setSelected] = useState<string[] | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  // Every change of member, coupons or amount asks the server again (same rules as the commit).
  useEffect(() => {
    if (!storeId || (!memberCode && !couponCodes.length)) {
      setPreview(null);
      return;
    }
    let live = true;
    ok(api.POST('/api/checkout/preview', { body: { storeId, memberCode, couponCodes, amountFen } }), {
      silent: true,
    })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setPreviewError(null);
        setSelected(null);
      })
      .catch((e: Error) => live && setPreviewError(e.message));
    return () => {
      live = false;
    };
  }, [storeId, memberCode, couponCodes, amountFen]);

  const chosen = selected ?? preview?.best.couponCodes ?? [];
  const chosenDiscount =
    selected === null
      ? (preview?.best.discountFen ?? 0)
      : (preview?.coupons ?? [])
          .filter((c) => chosen.includes(c.code))
          .reduce((s, c) => s + c.discountFen, 0);

  const today = useQuery({
    queryKey: ['today', storeId],
    enabled: !!storeId,
    queryFn: () => ok(api.GET('/api/admin/redemptions/today', { params: { query: { storeId: storeId! } } })),
    refetchInterval: 30_000,
  });

  const commit = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/checkout/commit', {
          body: {
            storeId: storeId!,
            requestId: requestId.current,
            memberCode,
            couponCodes: chosen,
            amountFen,
            orderRef: `C${Date.now().toString().slice(-10)}`,
          },
        }),
      ),
    onSuccess: (r) => {
      setReceipt({
        ...r,
        amountFen,
        couponNames: (preview?.coupons ?? []).filter((c) => chosen.includes(c.code)).map((c) => c.name),
      });
      requestId.current = newRequestId();
      reset();
      void qc.invalidateQueries({ queryKey: ['today', storeId] });
    },
    onError: () => {
      requestId.current = newRequestId();
    },
  });

  const voidIt = useMutation({
    mutationFn: (id: string) =>
      ok(
        api.POST('/api/checkout/{redemptionId}/void', {
          params: { path: { redemptionId: id } },
          body: { requestId: newRequestId(), reason: '收银台撤销' },
        }),
      ),
    onSuccess: (r) => {
      void message.success(`已撤销：券已退回 ${r.couponsRestored.length} 张`);
      void qc.invalidateQueries({ queryKey: ['today', storeId] });
    },
  });

  function reset() {
    setMemberCode(undefined);
    setCouponCodes([]);
    setAmountFen(0);
    setSelected(null);
    setPreview(null);
    setPreviewError(null);
    scanInput.current?.focus();
  }

  const submitScan = () => {
    const parsed = classifyCode(scan);
    setScan('');
    if (!parsed) {
      void message.warning('无法识别：请扫描会员码（8 开头 16 位）或券码（6 开头 20 位）');
      return;
    }
    if (parsed.kind === 'member') setMemberCode(parsed.code);
    else if (!couponCodes.includes(parsed.code)) setCouponCodes([...couponCodes, parsed.code]);
  };

  // Picking a coupon uses just that one (the server's best combination may stack several; the
  // commit re-checks every rule). Picking a chosen one again removes it.
  const toggle = (code: string) =>
    setSelected(chosen.includes(code) ? chosen.filter((c) => c !== code) : [code]);
  const canCommit = !!storeId && amountFen > 0 && !commit.isPending;
  const canOpenBackOffice = pagesFor(staff.role).some((page) => page !== 'cashier');

  return (
    <Flex vertical style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex
        component="header"
        align="center"
        justify="space-between"
        gap={16}
        style={{
          height: 64,
          padding: '0 24px',
          background: token.colorBgContainer,
          boxShadow: token.boxShadowTertiary,
        }}
      >
        <Space size={12}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            收银台
          </Typography.Title>
          <Select
            value={storeId}
            onChange={setStoreId}
            options={myStores.map((s) => ({ value: s.id, label: s.name }))}
            style={{ minWidth: 160 }}
            aria-label="门店"
            disabled={myStores.length < 2}
          />
          <Tag color="orange">{STAFF_ROLE_LABELS[staff.role]}</Tag>
          <Typography.Text type="secondary">{staff.name}</Typography.Text>
        </Space>
        <Space size={8}>
          {canOpenBackOffice && (
            <Button size="large" icon={<AppstoreOutlined />} onClick={() => navigate('/')}>
              返回后台
            </Button>
          )}
          <Button
            size="large"
            icon={<LogoutOutlined />}
            onClick={() => {
              logout();
              navigate('/login', { replace: true });
            }}
          >
            退出登录
          </Button>
        </Space>
      </Flex>

      <Row gutter={[24, 24]} style={{ padding: 24 }}>
        <Col xs={24} lg={14}>
          <Card title="扫码">
            <Input
              ref={scanInput}
              autoFocus
              size="large"
              aria-label="会员码或券码"
              placeholder="扫描会员码或券码，回车确认"
              prefix={<ScanOutlined style={{ fontSize: 28, color: token.colorTextTertiary }} />}
              value={scan}
              onChange={(e) => setScan(e.target.value)}
              onPressEnter={submitScan}
              autoComplete="off"
              style={{ height: 72, fontSize: 24 }}
            />
            {previewError && (
              <Alert
                type="error"
                showIcon
                title={previewError}
                style={{ marginTop: 12 }}
                data-testid="cashier-error"
              />
            )}
            {preview?.member ? (
              <Descriptions
                size="small"
                column={2}
                style={{ marginTop: 16 }}
                title="会员"
                bordered
                data-testid="cashier-member"
              >
                <Descriptions.Item label="姓名">{preview.member.name ?? '未填写'}</Descriptions.Item>
                <Descriptions.Item label="手机">{preview.member.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="等级">{preview.member.tier}</Descriptions.Item>
                <Descriptions.Item label="积分">{preview.member.pointsBalance}</Descriptions.Item>
                <Descriptions.Item label="储值余额">{yuan(preview.member.balanceFen)}</Descriptions.Item>
              </Descriptions>
            ) : null}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              可用的券
            </Typography.Title>
            {!preview || preview.coupons.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  memberCode || couponCodes.length
                    ? '这位顾客没有可用的券'
                    : '扫描会员码或券码后，这里显示可用的券'
                }
              />
            ) : (
              <div data-testid="cashier-coupons" role="list" aria-label="可用的券">
                {preview.coupons.map((c) => {
                  const on = chosen.includes(c.code);
                  return (
                    <div
                      key={c.code}
                      role="listitem"
                      tabIndex={c.applicable ? 0 : -1}
                      onClick={() => c.applicable && toggle(c.code)}
                      onKeyDown={(e) =>
                        (e.key === ' ' || e.key === 'Enter') &&
                        c.applicable &&
                        (e.preventDefault(), toggle(c.code))
                      }
                      style={{
                        cursor: c.applicable ? 'pointer' : 'not-allowed',
                        opacity: c.applicable ? 1 : 0.5,
                        padding: 16,
                        borderRadius: 8,
                        border: `2px solid ${on ? token.colorPrimary : token.colorBorderSecondary}`,
                        marginBottom: 8,
                        background: token.colorBgContainer,
                        display: 'flex',
                        justifyContent: 'space-between',
                        alignItems: 'center',
                      }}
                      data-testid={
                        on ? 'coupon-selected' : c.applicable ? 'coupon-applicable' : 'coupon-unusable'
                      }
                    >
                      <div>
                        <div style={{ fontSize: 18, fontWeight: 600 }}>{c.name}</div>
                        <Typography.Text type="secondary">
                          {c.applicable
                            ? `可减 ${yuan(c.discountFen)} · 券码 ${c.code}`
                            : `不可用：${c.reasonText ?? c.reason}`}
                        </Typography.Text>
                      </div>
                      {on ? <Tag color="orange">已选</Tag> : null}
                    </div>
                  );
                })}
              </div>
            )}
            {(memberCode || couponCodes.length > 0) && (
              <Button onClick={reset} style={{ marginTop: 8 }}>
                清空本单
              </Button>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="本单金额">
            <AmountKeypad
              label="消费金额"
              valueFen={amountFen}
              onChange={setAmountFen}
              onEnter={() => canCommit && commit.mutate()}
            />
            <Flex justify="space-between" style={{ marginTop: 16, fontSize: 18 }}>
              <span>优惠</span>
              <span data-testid="cashier-discount">-{yuan(Math.min(chosenDiscount, amountFen))}</span>
            </Flex>
            <Flex justify="space-between" style={{ fontSize: 24, fontWeight: 700 }}>
              <span>应收</span>
              <span data-testid="cashier-payable">{yuan(Math.max(0, amountFen - chosenDiscount))}</span>
            </Flex>
            <Button
              type="primary"
              size="large"
              block
              disabled={!canCommit}
              loading={commit.isPending}
              onClick={() => commit.mutate()}
              style={{ height: 64, fontSize: 22, marginTop: 16 }}
            >
              确认收款并核销
            </Button>
          </Card>
        </Col>
        <Col span={24}>
          <Card title="今日核销">
            <Table<Schemas['RedemptionRowDto']>
              rowKey="id"
              size="middle"
              dataSource={today.data ?? []}
              loading={today.isLoading}
              locale={{ emptyText: '今天还没有核销记录' }}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '时间', dataIndex: 'occurredAt', render: dateTime },
                {
                  title: '会员',
                  dataIndex: 'memberName',
                  render: (n: string | null, r) =>
                    n || r.memberPhone ? `${n ?? ''} ${r.memberPhone ?? ''}` : '非会员',
                },
                { title: '消费', dataIndex: 'amountFen', render: yuan },
                { title: '优惠', dataIndex: 'discountFen', render: yuan },
                { title: '实收', dataIndex: 'paidFen', render: yuan },
                { title: '券', dataIndex: 'couponCodes', render: (c: string[]) => c.length || '—' },
                {
                  title: '来源',
                  dataIndex: 'channel',
                  render: (c: string) => ({ CASHIER: '收银台', POS: 'POS', MINIAPP: '小程序' })[c] ?? c,
                },
                {
                  title: '',
                  key: 'op',
                  render: (_, r) =>
                    r.status === 'VOID' ? (
                      <Tag color="red">已撤销</Tag>
                    ) : r.voidable ? (
                      <Popconfirm
                        title="撤销这笔核销？券会退回、积分和储值会冲回"
                        okText="撤销"
                        cancelText="不撤销"
                        onConfirm={() => voidIt.mutate(r.id)}
                      >
                        <Button danger size="large">
                          撤销
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Typography.Text type="secondary">已过撤销时限</Typography.Text>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={!!receipt}
        footer={
          <Button
            type="primary"
            size="large"
            autoFocus
            onClick={() => {
              setReceipt(null);
              scanInput.current?.focus();
            }}
          >
            完成（回车）
          </Button>
        }
        onCancel={() => setReceipt(null)}
        title="小票"
        width={420}
      >
        {receipt && (
          <Result
            status="success"
            title={`应收 ${yuan(receipt.payableFen)}`}
            subTitle={`核销单号 ${receipt.redemptionId.slice(0, 8)}`}
            extra={
              <Descriptions column={1} size="small" data-testid="receipt">
                <Descriptions.Item label="消费金额">{yuan(receipt.amountFen)}</Descriptions.Item>
                <Descriptions.Item label="优惠">{`-${yuan(receipt.discountFen)}`}</Descriptions.Item>
                <Descriptions.Item label="使用的券">
                  {receipt.couponNames.join('、') || '无'}
                </Descriptions.Item>
                <Descriptions.Item label="本单积分">{receipt.pointsEarned}</Descriptions.Item>
                {receipt.member && (
                  <Descriptions.Item label="会员">{`${receipt.member.name ?? ''} ${receipt.member.phone ?? ''} · 积分 ${receipt.member.pointsBalance}`}</Descriptions.Item>
                )}
              </Descriptions>
            }
          />
        )}
      </Modal>
    </Flex>
  );
}

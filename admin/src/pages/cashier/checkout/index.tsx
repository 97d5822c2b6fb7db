import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  InputNumber,
  Modal,
  Result,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { InputRef } from 'antd';
import { AppstoreOutlined, LogoutOutlined, PrinterOutlined, ScanOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth, useStaff } from '../../../auth/auth-context';
import { pagesFor } from '../../../auth/permissions';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import {
  memberPriceDiscount,
  STAFF_ROLE_LABELS,
  TILL_PAY_METHOD_LABELS,
  TILL_PAY_METHODS,
  type TillPayMethod,
  zheLabel,
} from '@tableside/shared';
import { dateTime, yuan } from '../../../lib-format';
import { AmountKeypad } from './components/amount-keypad';
import './cashier.css';

type Preview = Schemas['PreviewResponseDto'];
type Receipt = Schemas['CommitResponseDto'] & {
  amountFen: number;
  couponNames: string[];
  balancePaidFen: number;
  restFen: number;
  payMethod: TillPayMethod | null;
  storeName: string;
  at: string;
};

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
  const [balancePayFen, setBalancePayFen] = useState(0);
  const [payMethod, setPayMethod] = useState<TillPayMethod>('CASH');
  const [tab, setTab] = useState<'bill' | 'today'>('bill');
  const [voiding, setVoiding] = useState<Schemas['RedemptionRowDto'] | null>(null);

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

  // Keyboard-first till: F2 scan, F3 amount, F4 today's redemptions (focus on the latest void button).
  const todayRef = useRef<HTMLDivElement>(null);
  const tabRef = useRef(tab);
  tabRef.current = tab;
  useEffect(() => {
    const focusBill = (key: 'F2' | 'F3') => {
      const target = () =>
        key === 'F2'
          ? scanInput.current?.focus()
          : document.querySelector<HTMLElement>('[data-testid="amount"]')?.focus();
      // Already on the bill: focus at once, so the very next keystroke lands in the field.
      if (tabRef.current === 'bill') target();
      else {
        setTab('bill');
        setTimeout(target);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' || e.key === 'F3') {
        e.preventDefault();
        focusBill(e.key);
      } else if (e.key === 'F4') {
        e.preventDefault();
        setTab('today');
        setTimeout(
          () => todayRef.current?.querySelector<HTMLElement>('button.ant-btn-dangerous')?.focus(),
          50,
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
            ...(balanceUsed > 0 ? { balancePayFen: balanceUsed } : {}),
            ...(restFen > 0 ? { payMethod } : {}),
          },
        }),
      ),
    onSuccess: (r) => {
      setReceipt({
        ...r,
        amountFen,
        couponNames: (preview?.coupons ?? []).filter((c) => chosen.includes(c.code)).map((c) => c.name),
        balancePaidFen: balanceUsed,
        restFen,
        payMethod: restFen > 0 ? payMethod : null,
        storeName: myStores.find((x) => x.id === storeId)?.name ?? '',
        at: new Date().toISOString(),
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
      setVoiding(null);
      void message.success(`已撤销：券已退回 ${r.couponsRestored.length} 张`);
      void qc.invalidateQueries({ queryKey: ['today', storeId] });
    },
  });

  function reset() {
    setMemberCode(undefined);
    setCouponCodes([]);
    setAmountFen(0);
    setBalancePayFen(0);
    setPayMethod('CASH');
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
  const couponOffFen = Math.min(chosenDiscount, amountFen);
  const memberPct = preview?.member?.memberPricePercentOff ?? 0;
  // The same rule as the server's commit (shared evaluator): member price on what coupons leave.
  const memberOffFen = memberPriceDiscount(amountFen - couponOffFen, memberPct);
  const payableFen = Math.max(0, amountFen - couponOffFen - memberOffFen);
  const balanceFen = preview?.member?.balanceFen ?? 0;
  // Stored value needs the diner's member code (the server refuses it for a coupon code alone).
  const balanceUsable = !!memberCode && !!preview?.member && balanceFen > 0;
  const balanceMax = Math.min(balanceFen, payableFen);
  // What the cashier typed is kept as typed; too much is refused with the limit, never trimmed.
  const balanceTooMuch = balanceUsable && balancePayFen > balanceMax;
  const balanceUsed = balanceUsable && !balanceTooMuch ? balancePayFen : 0;
  const restFen = payableFen - balanceUsed;
  const canCommit = !!storeId && amountFen > 0 && !balanceTooMuch && !commit.isPending;
  const canOpenBackOffice = pagesFor(staff.role).some((page) => page !== 'cashier');

  const todayTable = (
    <Table<Schemas['RedemptionRowDto']>
      rowKey="id"
      size="small"
      dataSource={today.data ?? []}
      loading={today.isLoading}
      locale={{ emptyText: '今天还没有核销记录' }}
      pagination={{ pageSize: 8, size: 'small' }}
      scroll={{ y: 'calc(100vh - 300px)' }}
      columns={[
        { title: '时间', dataIndex: 'occurredAt', render: dateTime, width: 150 },
        {
          title: '会员',
          dataIndex: 'memberName',
          render: (n: string | null, r) =>
            n || r.memberPhone ? `${n ?? ''} ${r.memberPhone ?? ''}` : '非会员',
        },
        { title: '消费', dataIndex: 'amountFen', render: yuan },
        { title: '优惠', dataIndex: 'discountFen', render: yuan },
        { title: '实收', dataIndex: 'paidFen', render: yuan },
        {
          title: '来源',
          dataIndex: 'channel',
          render: (c: string) => ({ CASHIER: '收银台', POS: 'POS', MINIAPP: '小程序' })[c] ?? c,
        },
        {
          title: '',
          key: 'op',
          width: 110,
          render: (_, r) =>
            r.status === 'VOID' ? (
              <Tag color="red">已撤销</Tag>
            ) : r.voidable ? (
              <Button danger onClick={() => setVoiding(r)}>
                撤销
              </Button>
            ) : (
              <Typography.Text type="secondary">已过撤销时限</Typography.Text>
            ),
        },
      ]}
    />
  );

  return (
    <Flex
      vertical
      className="cashier"
      style={{ height: '100vh', overflow: 'hidden', background: token.colorBgLayout }}
    >
      <Flex
        component="header"
        align="center"
        justify="space-between"
        gap={16}
        className="cashier-no-print"
        style={{
          height: 56,
          flex: 'none',
          padding: '0 16px',
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
            style={{ minWidth: 150 }}
            aria-label="门店"
            disabled={myStores.length < 2}
          />
          <Tag color="orange">{STAFF_ROLE_LABELS[staff.role]}</Tag>
          <Typography.Text type="secondary">{staff.name}</Typography.Text>
        </Space>
        <Space size={8}>
          {canOpenBackOffice && (
            <Button icon={<AppstoreOutlined />} onClick={() => navigate('/')}>
              返回后台
            </Button>
          )}
          <Button
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

      <div className="cashier-main cashier-no-print">
        <Card
          className="cashier-left"
          styles={{ body: { padding: 12, height: '100%', display: 'flex', flexDirection: 'column' } }}
        >
          <Segmented
            value={tab}
            onChange={(v) => setTab(v as 'bill' | 'today')}
            options={[
              { value: 'bill', label: '本单（F2 扫码 · F3 金额）' },
              { value: 'today', label: `今日核销${today.data ? ` ${today.data.length} 笔` : ''}（F4）` },
            ]}
            style={{ marginBottom: 10, alignSelf: 'flex-start' }}
          />
          {tab === 'today' ? (
            <div ref={todayRef} style={{ flex: 1, minHeight: 0 }}>
              {todayTable}
            </div>
          ) : (
            <>
              <Input
                ref={scanInput}
                autoFocus
                size="large"
                aria-label="会员码或券码"
                placeholder="扫描会员码或券码，回车确认"
                prefix={<ScanOutlined style={{ fontSize: 24, color: token.colorTextTertiary }} />}
                value={scan}
                onChange={(e) => setScan(e.target.value)}
                onPressEnter={submitScan}
                autoComplete="off"
                style={{ height: 56, fontSize: 22, flex: 'none' }}
              />
              {previewError && (
                <Alert
                  type="error"
                  showIcon
                  title={previewError}
                  style={{ marginTop: 8 }}
                  data-testid="cashier-error"
                />
              )}
              {preview?.member ? (
                <Flex
                  wrap
                  gap={16}
                  data-testid="cashier-member"
                  style={{
                    marginTop: 10,
                    padding: '8px 12px',
                    borderRadius: 8,
                    background: token.colorFillQuaternary,
                  }}
                >
                  <span>
                    会员 <b>{preview.member.name ?? '未填写'}</b> {preview.member.phone ?? ''}
                  </span>
                  <Tag color="gold">{preview.member.tier}</Tag>
                  <span>积分 {preview.member.pointsBalance}</span>
                  <span>储值余额 {yuan(preview.member.balanceFen)}</span>
                </Flex>
              ) : null}
              <Typography.Text strong style={{ margin: '10px 0 6px' }}>
                可用的券
              </Typography.Text>
              <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
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
                            opacity: c.applicable ? 1 : 0.55,
                            padding: '10px 14px',
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
                            <div style={{ fontSize: 17, fontWeight: 600 }}>{c.name}</div>
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
              </div>
              {(memberCode || couponCodes.length > 0) && (
                <Button onClick={reset} style={{ marginTop: 8, alignSelf: 'flex-start' }}>
                  清空本单
                </Button>
              )}
            </>
          )}
        </Card>

        <Card className="cashier-right" styles={{ body: { padding: 12 } }}>
          <AmountKeypad
            compact
            label="消费金额（元）"
            valueFen={amountFen}
            onChange={setAmountFen}
            onEnter={() => canCommit && commit.mutate()}
          />
          <Flex justify="space-between" style={{ marginTop: 8, fontSize: 16 }}>
            <span>优惠</span>
            <span data-testid="cashier-discount">-{yuan(couponOffFen)}</span>
          </Flex>
          {memberOffFen > 0 && (
            <Flex justify="space-between" style={{ fontSize: 16 }}>
              <span>{`会员价（${zheLabel(memberPct)}）`}</span>
              <span data-testid="cashier-member-price">-{yuan(memberOffFen)}</span>
            </Flex>
          )}
          <Flex justify="space-between" style={{ fontSize: 20, fontWeight: 700 }}>
            <span>应收</span>
            <span data-testid="cashier-payable">{yuan(payableFen)}</span>
          </Flex>
          {balanceUsable && (
            <Flex align="center" justify="space-between" gap={8} style={{ marginTop: 6 }}>
              <span>储值支付</span>
              <Space.Compact>
                <InputNumber
                  aria-label="储值支付金额（元）"
                  min={0}
                  precision={2}
                  status={balanceTooMuch ? 'error' : undefined}
                  value={balancePayFen / 100}
                  onChange={(v) => setBalancePayFen(Math.round(Number(v ?? 0) * 100))}
                  style={{ width: 120 }}
                  data-testid="balance-pay"
                />
                <Button onClick={() => setBalancePayFen(balanceMax)}>全部用储值</Button>
              </Space.Compact>
            </Flex>
          )}
          {!memberCode && preview?.member && balanceFen > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {`顾客有储值 ${yuan(balanceFen)}：扫描顾客的会员码后可用储值支付`}
            </Typography.Text>
          )}
          {balanceTooMuch && (
            <Typography.Text type="danger" data-testid="balance-error">
              {`储值最多可付 ${yuan(balanceMax)}（余额 ${yuan(balanceFen)}，应收 ${yuan(payableFen)}）`}
            </Typography.Text>
          )}
          {restFen > 0 && (
            <div style={{ marginTop: 6 }}>
              <Flex justify="space-between" style={{ fontSize: 16 }}>
                <span>{balanceUsed > 0 ? '其余应收' : '收款方式'}</span>
                {balanceUsed > 0 && <span data-testid="cashier-rest">{yuan(restFen)}</span>}
              </Flex>
              <Segmented
                block
                size="small"
                aria-label="其余金额的收款方式"
                value={payMethod}
                onChange={(v) => setPayMethod(v as TillPayMethod)}
                options={TILL_PAY_METHODS.filter((m) => m !== 'OTHER').map((m) => ({
                  value: m,
                  label: TILL_PAY_METHOD_LABELS[m].replace('（门店收款码）', ''),
                }))}
                style={{ marginTop: 4 }}
              />
            </div>
          )}
          <Button
            type="primary"
            size="large"
            block
            disabled={!canCommit}
            loading={commit.isPending}
            onClick={() => commit.mutate()}
            style={{ height: 54, fontSize: 20, marginTop: 10 }}
          >
            确认收款并核销（回车）
          </Button>
        </Card>
      </div>

      <Modal
        open={!!voiding}
        title="撤销这笔核销？"
        onCancel={() => setVoiding(null)}
        footer={[
          <Button key="no" onClick={() => setVoiding(null)}>
            不撤销（Esc）
          </Button>,
          <Button
            key="yes"
            danger
            type="primary"
            autoFocus
            loading={voidIt.isPending}
            onClick={() => voiding && voidIt.mutate(voiding.id)}
          >
            确认撤销（回车）
          </Button>,
        ]}
        width={440}
        destroyOnHidden
      >
        {voiding && (
          <Typography.Paragraph>
            {`${dateTime(voiding.occurredAt)} · 消费 ${yuan(voiding.amountFen)} · 实收 ${yuan(voiding.paidFen)}`}
            <br />
            撤销后：用过的券退回顾客账户，积分和储值冲回，这笔消费记为已撤销。
          </Typography.Paragraph>
        )}
      </Modal>

      <Modal
        open={!!receipt}
        className="cashier-no-print"
        footer={[
          <Button key="print" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印小票
          </Button>,
          <Button
            key="done"
            type="primary"
            size="large"
            autoFocus
            onClick={() => {
              setReceipt(null);
              scanInput.current?.focus();
            }}
          >
            完成（回车）
          </Button>,
        ]}
        onCancel={() => setReceipt(null)}
        title="小票"
        width={420}
      >
        {receipt && (
          <Result
            status="success"
            style={{ padding: 8 }}
            title={`应收 ${yuan(receipt.payableFen)}`}
            subTitle={`核销单号 ${receipt.redemptionId.slice(0, 8)}`}
            extra={
              <Descriptions column={1} size="small" data-testid="receipt">
                <Descriptions.Item label="消费金额">{yuan(receipt.amountFen)}</Descriptions.Item>
                <Descriptions.Item label="券优惠">
                  {`-${yuan(receipt.discountFen - (receipt.memberDiscountFen ?? 0))}`}
                </Descriptions.Item>
                {!!receipt.memberDiscountFen && (
                  <Descriptions.Item label="会员价">{`-${yuan(receipt.memberDiscountFen)}`}</Descriptions.Item>
                )}
                <Descriptions.Item label="使用的券">
                  {receipt.couponNames.join('、') || '无'}
                </Descriptions.Item>
                {receipt.balancePaidFen > 0 && (
                  <Descriptions.Item label="储值支付">{yuan(receipt.balancePaidFen)}</Descriptions.Item>
                )}
                {receipt.payMethod && (
                  <Descriptions.Item label={TILL_PAY_METHOD_LABELS[receipt.payMethod]}>
                    {yuan(receipt.restFen)}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label="本单积分">{receipt.pointsEarned}</Descriptions.Item>
                {receipt.member && (
                  <Descriptions.Item label="会员">{`${receipt.member.name ?? ''} ${receipt.member.phone ?? ''} · 积分 ${receipt.member.pointsBalance}`}</Descriptions.Item>
                )}
              </Descriptions>
            }
          />
        )}
      </Modal>
      {receipt && <PrintableReceipt receipt={receipt} cashier={staff.name} />}
    </Flex>
  );
}

/** The receipt as printed: only this block shows on paper, 58 mm wide (cashier.css). */
function PrintableReceipt({ receipt, cashier }: { receipt: Receipt; cashier: string }) {
  const line = (label: string, value: string) => (
    <div className="receipt-line">
      <span>{label}</span>
      <span>{value}</span>
    </div>
  );
  return (
    <div className="receipt-print" aria-hidden>
      <div className="receipt-title">{receipt.storeName}</div>
      <div>{dateTime(receipt.at)}</div>
      <div>
        单号 {receipt.redemptionId.slice(0, 8)} · 收银 {cashier}
      </div>
      <hr />
      {line('消费金额', yuan(receipt.amountFen))}
      {line('券优惠', `-${yuan(receipt.discountFen - (receipt.memberDiscountFen ?? 0))}`)}
      {!!receipt.memberDiscountFen && line('会员价', `-${yuan(receipt.memberDiscountFen)}`)}
      {receipt.couponNames.map((n) => (
        <div key={n} className="receipt-sub">
          券：{n}
        </div>
      ))}
      {line('应收', yuan(receipt.payableFen))}
      {receipt.balancePaidFen > 0 && line('储值支付', yuan(receipt.balancePaidFen))}
      {receipt.payMethod && line(TILL_PAY_METHOD_LABELS[receipt.payMethod], yuan(receipt.restFen))}
      <hr />
      {receipt.member && line('会员', `${receipt.member.name ?? ''} ${receipt.member.phone ?? ''}`)}
      {line('本单积分', String(receipt.pointsEarned))}
      {receipt.member && line('积分余额', String(receipt.member.pointsBalance))}
      {receipt.member && line('储值余额', yuan(receipt.member.balanceFen))}
      <div className="receipt-foot">谢谢惠顾，欢迎再来</div>
    </div>
  );
}

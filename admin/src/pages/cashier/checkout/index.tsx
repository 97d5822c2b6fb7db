import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Col, Empty, Flex, Input, Row, Space, Tag, Typography, theme } from 'antd';
import type { InputRef } from 'antd';
import { AppstoreOutlined, LogoutOutlined, ScanOutlined } from '@ant-design/icons';
import { useAuth, useStaff } from '../../../auth/auth-context';
import { pagesFor } from '../../../auth/permissions';
import { useDocumentTitle } from '../../../components/use-document-title';
import { STAFF_ROLE_LABELS } from '../../../shared-fallback';
import { AmountKeypad } from './components/amount-keypad';

interface ScanRecord {
  id: number;
  code: string;
  scannedAt: Date;
}

const MAX_RECENT_SCANS = 5;

/** Full-screen, tablet-first cashier: scan a member or coupon code, key in the bill amount. */
export function CashierPage() {
  useDocumentTitle('收银台');
  const staff = useStaff();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const scanInput = useRef<InputRef>(null);
  const nextScanId = useRef(1);

  const [code, setCode] = useState('');
  const [scans, setScans] = useState<ScanRecord[]>([]);
  const [amountFen, setAmountFen] = useState(0);

  const canOpenBackOffice = pagesFor(staff.role).some((page) => page !== 'cashier');

  const submitScan = () => {
    const trimmed = code.trim();
    if (!trimmed) return;
    setScans((previous) =>
      [{ id: nextScanId.current++, code: trimmed, scannedAt: new Date() }, ...previous].slice(
        0,
        MAX_RECENT_SCANS,
      ),
    );
    setCode('');
    void message.info('会员与券识别即将接入，已记录本次扫码');
    scanInput.current?.focus();
  };

  const onLogout = () => {
    logout();
    navigate('/login', { replace: true });
  };

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
          <Tag color="orange">{STAFF_ROLE_LABELS[staff.role]}</Tag>
          <Typography.Text type="secondary">{staff.name}</Typography.Text>
        </Space>
        <Space size={8}>
          {canOpenBackOffice && (
            <Button size="large" icon={<AppstoreOutlined />} onClick={() => navigate('/')}>
              返回后台
            </Button>
          )}
          <Button size="large" icon={<LogoutOutlined />} onClick={onLogout}>
            退出登录
          </Button>
        </Space>
      </Flex>

      <Row gutter={[24, 24]} style={{ padding: 24, flex: 1 }}>
        <Col xs={24} lg={14}>
          <Card title="扫码" style={{ height: '100%' }}>
            <Input
              ref={scanInput}
              autoFocus
              size="large"
              aria-label="会员码或券码"
              placeholder="扫描会员码或券码，回车确认"
              prefix={<ScanOutlined style={{ fontSize: 28, color: token.colorTextTertiary }} />}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              onPressEnter={submitScan}
              autoComplete="off"
              style={{ height: 72, fontSize: 24 }}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              支持扫码枪或手动输入。识别会员后将在此显示会员等级、积分与可用券。
            </Typography.Paragraph>
            {scans.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有扫码记录" />
            ) : (
              <div>
                <Typography.Text strong>最近扫码</Typography.Text>
                <ol aria-label="最近扫码" style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
                  {scans.map((scan) => (
                    <li
                      key={scan.id}
                      style={{
                        display: 'flex',
                        justifyContent: 'space-between',
                        alignItems: 'center',
                        padding: '12px 0',
                        borderBottom: `1px solid ${token.colorBorderSecondary}`,
                      }}
                    >
                      <Typography.Text code style={{ fontSize: 18 }}>
                        {scan.code}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {scan.scannedAt.toLocaleTimeString('zh-CN')}
                      </Typography.Text>
                    </li>
                  ))}
                </ol>
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="本单金额">
            <AmountKeypad label="消费金额" valueFen={amountFen} onChange={setAmountFen} />
            <Button
              type="primary"
              size="large"
              block
              disabled={amountFen === 0}
              onClick={() => void message.info('结算（选券、积分抵扣、支付）将在收银接口接入后开放')}
              style={{ height: 64, fontSize: 22, marginTop: 16 }}
            >
              下一步：结算
            </Button>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

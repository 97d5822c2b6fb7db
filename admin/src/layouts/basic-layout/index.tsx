import { Suspense, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import {
  AuditOutlined,
  CloudUploadOutlined,
  CrownOutlined,
  DashboardOutlined,
  IdcardOutlined,
  LogoutOutlined,
  NotificationOutlined,
  ThunderboltOutlined,
  ScanOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
  ClusterOutlined,
  WalletOutlined,
  PayCircleOutlined,
} from '@ant-design/icons';
import { useAuth, useStaff } from '../../auth/auth-context';
import { PAGE_PATHS, PAGE_TITLES, pageForPath, pagesFor, type AppPage } from '../../auth/permissions';
import { FullPageLoading } from '../../components/full-page-loading';
import { HQ_ROLES, STAFF_ROLE_LABELS } from '@tableside/shared';

const PAGE_ICONS: Record<AppPage, ReactNode> = {
  dashboard: <DashboardOutlined />,
  members: <TeamOutlined />,
  segments: <ClusterOutlined />,
  couponTemplates: <TagsOutlined />,
  campaigns: <NotificationOutlined />,
  automations: <ThunderboltOutlined />,
  storedValue: <WalletOutlined />,
  tiersPoints: <CrownOutlined />,
  stores: <ShopOutlined />,
  staff: <IdcardOutlined />,
  auditLog: <AuditOutlined />,
  imports: <CloudUploadOutlined />,
  payments: <PayCircleOutlined />,
  cashier: <ScanOutlined />,
};

/** The back-office frame: a role-filtered sider menu, a header with the signed-in staff member. */
export function BasicLayout() {
  const staff = useStaff();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = pagesFor(staff.role).map((page) => ({
    key: page,
    icon: PAGE_ICONS[page],
    label: <Link to={PAGE_PATHS[page]}>{PAGE_TITLES[page]}</Link>,
  }));
  const activePage = pageForPath(location.pathname);
  const scope = HQ_ROLES.includes(staff.role) ? '总部 · 全部门店' : `门店 · 负责 ${staff.storeIds.length} 家`;

  const onLogout = () => {
    logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={216}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            justifyContent: collapsed ? 'center' : 'flex-start',
            padding: collapsed ? 0 : '0 24px',
            color: '#fff',
            fontSize: 18,
            fontWeight: 600,
            whiteSpace: 'nowrap',
          }}
        >
          {collapsed ? 'T' : 'Tableside 管理后台'}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          aria-label="主菜单"
          selectedKeys={activePage ? [activePage] : []}
          items={items}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Typography.Text type="secondary">{scope}</Typography.Text>
          <Space size={12}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
            <Typography.Text strong>{staff.name}</Typography.Text>
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {STAFF_ROLE_LABELS[staff.role]}
            </Tag>
            <Button type="text" icon={<LogoutOutlined />} onClick={onLogout}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<FullPageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

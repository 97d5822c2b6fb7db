import { Flex, Spin } from 'antd';

export function FullPageLoading({ tip = '加载中…' }: { tip?: string }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" description={tip}>
        <div style={{ width: 160, height: 80 }} />
      </Spin>
    </Flex>
  );
}

import type { ReactNode } from 'react';
import { Modal } from 'antd';

/**
 * The edit dialog every setup page uses: 保存 / 取消, the form inside, nothing saved until 保存
 * succeeds (the page keeps showing what the server holds).
 */
export function FormModal({
  open,
  title,
  saving,
  onSave,
  onCancel,
  okText = '保存',
  children,
}: {
  open: boolean;
  title: string;
  saving: boolean;
  onSave: () => void;
  onCancel: () => void;
  okText?: string;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      onCancel={onCancel}
      onOk={onSave}
      confirmLoading={saving}
      destroyOnHidden
    >
      {children}
    </Modal>
  );
}

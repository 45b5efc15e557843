import { Checkbox, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import { permissions, type Permission } from '@cargo-window/contracts';

const colors: Record<Permission, string> = {
  vehicle_filing: 'blue',
  appointment: 'geekblue',
  delivery_confirmation: 'green',
  query: 'purple',
};

/** 应用权限 as tags: 车辆备案 / 提交货预约 / 交货确认 / 数据查询. */
export function PermissionTags({ value }: { value: readonly Permission[] }) {
  const { t } = useTranslation();
  if (value.length === 0) return <span className="cw-muted">{t('common.none')}</span>;
  return (
    <span className="cw-tags">
      {permissions
        .filter((p) => value.includes(p))
        .map((p) => (
          <Tag key={p} color={colors[p]} data-testid={`tag-${p}`}>
            {t(`permissions.${p}`)}
          </Tag>
        ))}
    </span>
  );
}

/** 空运物流相关应用 checkboxes, for a Form.Item (value / onChange). */
export function PermissionCheckboxes({ value, onChange, disabled }: { value?: Permission[]; onChange?: (value: Permission[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group value={value} onChange={(next) => onChange?.(next as Permission[])} disabled={disabled} className="cw-permission-checks">
      {permissions.map((p) => (
        <Checkbox key={p} value={p} data-testid={`permission-${p}`}>
          {t(`permissions.${p}`)}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

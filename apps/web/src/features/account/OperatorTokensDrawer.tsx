import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Operator } from '@cargo-window/contracts';

import { TokensPanel } from './TokensPanel.tsx';

/** 应用权限 → 访问令牌: the administrator's view of one operator's tokens (within its permissions). */
export function OperatorTokensDrawer({ operator, onClose }: { operator: Operator | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={operator !== null}
      onClose={onClose}
      size={760}
      title={operator ? t('account.operatorTokensTitle', { name: operator.name, username: operator.username }) : ''}
      destroyOnHidden
      data-testid="operator-tokens-drawer"
    >
      {operator ? <TokensPanel operatorId={operator.id} grantable={operator.permissions} /> : null}
    </Drawer>
  );
}

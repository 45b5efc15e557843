import { effectivePermissions, type Enterprise, type Operator, type Permission, type User } from '@cargo-window/contracts';

import type { EnterprisesTable, UsersTable } from '../../platform/db-schema.ts';
import type { Selectable } from 'kysely';

export type EnterpriseRow = Selectable<EnterprisesTable>;
export type UserRow = Selectable<UsersTable>;

export function presentEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    name: row.name,
    uscc: row.uscc,
    customsCode: row.customs_code,
    address: row.address,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    email: row.email,
    registrationMode: row.registration_mode,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentUser(row: Pick<UserRow, 'id' | 'username' | 'name' | 'role' | 'enterprise_id' | 'terminal_id' | 'permissions'>): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    enterpriseId: row.enterprise_id,
    terminalId: row.terminal_id,
    permissions: effectivePermissions(row.role, row.permissions as Permission[]),
  };
}

export function presentOperator(row: UserRow): Operator {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    phone: row.phone,
    permissions: row.permissions as Permission[],
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}

/** Air-logistics applications an enterprise administrator grants to an operator (应用权限). */
export const permissions = ['vehicle_filing', 'appointment', 'delivery_confirmation', 'query'] as const;
export type Permission = (typeof permissions)[number];

/** Who reads an enterprise's appointments (the list, its export, the detail, their live changes): booking, querying (查询) or confirming (交货确认 starts from the list, manual §四). */
export const appointmentReaders = ['appointment', 'query', 'delivery_confirmation'] as const satisfies readonly Permission[];

/** Who a user is. `admin` and `operator` belong to an enterprise; the rest are platform side. */
export const roles = ['admin', 'operator', 'reviewer', 'terminal_operator', 'gate_officer', 'platform_admin'] as const;
export type Role = (typeof roles)[number];

/** Roles the platform administrator creates with `POST /admin/users`. */
export const platformStaffRoles = ['reviewer', 'terminal_operator', 'gate_officer'] as const;
export type PlatformStaffRole = (typeof platformStaffRoles)[number];

export function isEnterpriseRole(role: Role): role is 'admin' | 'operator' {
  return role === 'admin' || role === 'operator';
}

/** An enterprise administrator holds every application; an operator only what was granted. */
export function effectivePermissions(role: Role, granted: readonly Permission[]): Permission[] {
  if (role === 'admin') return [...permissions];
  if (role === 'operator') return permissions.filter((p) => granted.includes(p));
  return [];
}

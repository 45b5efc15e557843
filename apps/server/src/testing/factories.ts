import { usccCheckChar } from '@cargo-window/contracts';

let counter = 0;

/** A valid, unique USCC for each call (prefix + counter + computed check character). */
export function uniqueUscc(): string {
  counter += 1;
  const serial = `${process.pid % 100000}`.padStart(5, '0') + `${counter}`.padStart(4, '0');
  const first17 = `91110105${serial}`;
  return first17 + usccCheckChar(first17)!;
}

export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${process.pid % 100000}_${counter}`;
}

export function standaloneRegistration(overrides: { name?: string; username?: string; uscc?: string } = {}) {
  return {
    mode: 'standalone' as const,
    enterprise: {
      name: overrides.name ?? `测试物流有限公司${counter + 1}`,
      uscc: overrides.uscc ?? uniqueUscc(),
      contactName: '张三',
      contactPhone: '13800138000',
    },
    admin: { username: overrides.username ?? uniqueUsername('admin'), password: 'Passw0rd!x' },
  };
}

import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';

import { ForbiddenPage } from '../../pages/errors/ForbiddenPage.tsx';
import { useCurrentUser } from '../auth/session.ts';
import { accessFor, type AccessKey } from './menu.ts';

/** A route's access rule: the same rules that build the menu, so what the menu hides answers 403. */
export function RequireAccess({ access, children }: { access: AccessKey | ((search: string) => AccessKey); children: ReactNode }) {
  const me = useCurrentUser();
  const { search } = useLocation();
  const key = typeof access === 'function' ? access(search) : access;
  if (!accessFor(me.user)[key]) return <ForbiddenPage />;
  return children;
}
